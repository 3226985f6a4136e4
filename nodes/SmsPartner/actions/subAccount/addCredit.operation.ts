import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { inKeyOrder } from '../../helpers/concurrency';
import { getParameter, validateAmount, validateSubaccountToken } from '../../helpers/validate';
import {
	creditField,
	requestOptionsField,
	showOnlyFor,
	tokenField,
	validateRequestOptions,
	warningNotice,
} from '../fields';
import { moveCredit, type RunState } from '../runState';

export const changesAccounts = true;

const properties: INodeProperties[] = [
	warningNotice(
		'addCreditNotice',
		'Adding credit moves money from the main account, and each run moves the amount again. The node refuses to run while its "Retry On Fail" setting is on.',
	),
	tokenField('The token of the sub-account to give credit to, as the Get Many operation gives it'),
	creditField('Euros to move from the main account to the sub-account'),
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('subAccount', 'addCredit'), properties);

/** Moves credit from the main account to one sub-account and reports both balances. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
): Promise<INodeExecutionData[]> {
	const tokenSubaccount = validateSubaccountToken(
		getParameter(this, 'subaccount', itemIndex, 'Sub-Account Token'),
	);
	const creditAdded = validateAmount(getParameter(this, 'credit', itemIndex, 'Credit (EUR)'));
	const options = validateRequestOptions.call(this, itemIndex);

	const balances = await inKeyOrder(state.tokenQueues, tokenSubaccount, () =>
		moveCredit.call(this, state, 'add', tokenSubaccount, creditAdded, options),
	);
	return [{ json: { tokenSubaccount, creditAdded, ...balances }, pairedItem: { item: itemIndex } }];
}
