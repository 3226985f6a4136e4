import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { inKeyOrder } from '../../helpers/concurrency';
import { getCredit, getSubaccountToken } from '../../input/account';
import { getRequestOptions } from '../../input/options';
import {
	creditField,
	requestOptionsField,
	showOnlyFor,
	tokenField,
	warningNotice,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { moveCredit, type RunState } from './runState';

export const refusesRetryOnFail = true;
export const refusedInTestMode = true;
// Its items share what the run learns of balances: the router makes the state with this.
export { newRunState } from './runState';

const properties: INodeProperties[] = [
	toolDescriptionField(
		"Moves euros from the SMS Partner main account to one subaccount, and returns both balances. This moves real money: every call moves the amount again, and a move cannot be undone (only reversed by removing the credit). Call it once per move the user asks for. Needs the subaccount's token and the amount in euros, with a dot for decimals (5 or 12.50).",
	),
	warningNotice(
		'addCreditNotice',
		'Adding credit moves money from the main account, and each run moves the amount again. The node refuses to run while its "Retry On Fail" setting is on.',
	),
	tokenField('The token of the subaccount to give credit to, as the Get Many operation gives it'),
	creditField('Euros to move from the main account to the subaccount'),
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('subAccount', 'addCredit'), properties);

interface AddCreditInput {
	tokenSubaccount: string;
	creditAdded: number;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): AddCreditInput {
	return {
		tokenSubaccount: getSubaccountToken.call(this, itemIndex),
		creditAdded: getCredit.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** Moves credit from the main account to one subaccount and reports both balances. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ tokenSubaccount, creditAdded, options }: AddCreditInput,
	state: RunState,
): Promise<INodeExecutionData[]> {
	const balances = await inKeyOrder(state.tokenQueues, tokenSubaccount, () =>
		moveCredit.call(this, state, 'add', tokenSubaccount, creditAdded, options),
	);
	return [{ json: { tokenSubaccount, creditAdded, ...balances }, pairedItem: { item: itemIndex } }];
}
