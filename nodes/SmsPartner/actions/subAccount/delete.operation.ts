import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../api';
import { readParameter, readSubaccountToken } from '../../helpers/validate';
import { callSmsPartner } from '../../transport/request';
import { readRequestOptions, requestOptionsField, showFor, tokenField, warningNotice } from '../common.fields';

const show = showFor('subAccount', 'delete');

export const changesAccounts = true;

export const description: INodeProperties[] = [
	warningNotice(
		'deleteNotice',
		'Deleting a sub-account is for good. Move its credit back first (Remove Credit › Remove All Remaining Credit): SMS Partner does not document what becomes of credit left on it.',
		show,
	),
	tokenField(show, 'The token of the sub-account to delete, as the Get Many operation gives it'),
	requestOptionsField(show),
];

/** Deletes one sub-account. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const tokenSubaccount = readSubaccountToken(
		readParameter(this, 'subaccount', itemIndex, 'Sub-Account Token'),
	);
	const options = readRequestOptions.call(this, itemIndex);

	await callSmsPartner.call(this, {
		endpoint: ENDPOINTS.deleteSubaccount,
		fields: { token: tokenSubaccount },
		subaccount: tokenSubaccount,
		...options,
	});
	return [{ json: { tokenSubaccount, deleted: true }, pairedItem: { item: itemIndex } }];
}
