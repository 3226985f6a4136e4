import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { PATHS, REMOVE_CREDIT_CONTROL_CODES, XML_POSITIONS } from '../../api';
import { readCredit, readParameter, readSubaccountToken } from '../../helpers/validate';
import { incompleteSuccess, readAmount } from '../../transport/answer';
import { callSmsPartner } from '../../transport/request';
import { readRequestOptions, requestOptionsField } from '../common.fields';

const showOnlyForRemoveCredit = {
	show: {
		resource: ['subAccount'],
		operation: ['removeCredit'],
	},
};

export const description: INodeProperties[] = [
	{
		displayName:
			'Removing credit moves money and is not idempotent: each run moves the amount again. Keep n8n\'s "Retry On Fail" setting off for this node.',
		name: 'removeCreditNotice',
		type: 'notice',
		default: '',
		displayOptions: showOnlyForRemoveCredit,
	},
	{
		displayName: 'Sub-Account Token',
		name: 'tokenSubaccount',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. 3f2a9c0d5b',
		description:
			"The token of the sub-account to take credit from, as SMS Partner's sub-account list gives it",
		displayOptions: showOnlyForRemoveCredit,
	},
	{
		displayName: 'Credit (EUR)',
		name: 'credit',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: {
			minValue: 0,
			numberPrecision: 3,
		},
		description:
			'Euros to move from the sub-account back to the main account; greater than 0, at most 3 decimals',
		displayOptions: showOnlyForRemoveCredit,
	},
	requestOptionsField(showOnlyForRemoveCredit),
];

/** Moves credit from one sub-account to the main account and reports both balances. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData> {
	const tokenSubaccount = readSubaccountToken(
		readParameter(this, 'tokenSubaccount', itemIndex, 'Sub-Account Token'),
	);
	const credit = readCredit(readParameter(this, 'credit', itemIndex, 'Credit (EUR)'));
	const { format, timeout } = readRequestOptions.call(this, itemIndex);

	const answer = await callSmsPartner.call(this, {
		method: 'POST',
		path: PATHS.removeCredit,
		fields: { credit, tokenSubaccount },
		format,
		timeout,
		successPositions: XML_POSITIONS.removeCredit,
		controlCodes: REMOVE_CREDIT_CONTROL_CODES,
	});

	const mainCredit = readAmount(answer.fields.credit);
	if (mainCredit === undefined) throw incompleteSuccess(answer.status, 'credit');
	const subaccountCredit = readAmount(answer.fields.subaccountCredit);
	if (subaccountCredit === undefined) throw incompleteSuccess(answer.status, 'subaccountCredit');
	const { currency } = answer.fields;

	return {
		json: {
			tokenSubaccount,
			creditRemoved: credit,
			credit: mainCredit,
			subaccountCredit,
			currency: typeof currency === 'string' && currency !== '' ? currency : null,
		},
		pairedItem: { item: itemIndex },
	};
}
