import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { inKeyOrder } from '../../helpers/concurrency';
import { readCredit, readParameter, readSubaccountToken } from '../../helpers/validate';
import { creditField, readRequestOptions, requestOptionsField, showFor, tokenField, warningNotice } from '../common.fields';
import type { RunState } from '../types';
import { moveCredit } from './moveCredit';

const show = showFor('subAccount', 'addCredit');

export const changesAccounts = true;

export const description: INodeProperties[] = [
	warningNotice(
		'addCreditNotice',
		'Adding credit moves money from the main account, and each run moves the amount again. The node refuses to run while its "Retry On Fail" setting is on.',
		show,
	),
	tokenField(show, 'The token of the sub-account to give credit to, as the Get Many operation gives it'),
	creditField(show, 'Euros to move from the main account to the sub-account; greater than 0, at most 3 decimals'),
	requestOptionsField(show),
];

/** Moves credit from the main account to one sub-account and reports both balances. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
): Promise<INodeExecutionData[]> {
	const tokenSubaccount = readSubaccountToken(
		readParameter(this, 'subaccount', itemIndex, 'Sub-Account Token'),
	);
	const creditAdded = readCredit(readParameter(this, 'credit', itemIndex, 'Credit (EUR)'));
	const options = readRequestOptions.call(this, itemIndex);

	const balances = await inKeyOrder(state.tokenQueues, tokenSubaccount, () =>
		moveCredit.call(this, 'add', tokenSubaccount, creditAdded, options, state),
	);
	return [{ json: { tokenSubaccount, creditAdded, ...balances }, pairedItem: { item: itemIndex } }];
}
