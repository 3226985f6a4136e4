import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { inKeyOrder } from '../../helpers/concurrency';
import { getCredit, getSubaccountToken } from '../../input/account';
import { getRequestOptions } from '../../input/options';
import { getParameter } from '../../input/parameters';
import {
	creditField,
	requestOptionsField,
	showOnlyFor,
	tokenField,
	warningNotice,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { latestCredit, moveCredit, readableBalance, type RunState } from './runState';

export const refusesRetryOnFail = true;
export const refusedInTestMode = true;
// Its items share what the run learns of balances: the router makes the state with this.
export { newRunState } from './runState';

const properties: INodeProperties[] = [
	toolDescriptionField(
		"Moves euros from one SMS Partner subaccount back to the main account, and returns both balances. This moves real money: every call moves the amount again, and a move cannot be undone (only reversed by adding the credit back). Call it once per move the user asks for. Needs the subaccount's token and the amount in euros, with a dot for decimals (5 or 12.50).",
	),
	warningNotice(
		'removeCreditNotice',
		'Removing credit moves money, and each run moves the amount again. The node refuses to run while its "Retry On Fail" setting is on.',
	),
	tokenField('The token of the subaccount to take credit from, as the Get Many operation gives it'),
	{
		displayName: 'Remove All Remaining Credit',
		name: 'removeAll',
		type: 'boolean',
		default: false,
		hint: 'On: reads the balance and moves all of it back; Credit (EUR) is then not used',
		description:
			"Whether to read the subaccount's current balance and remove exactly that, instead of a set amount. An empty subaccount gives a success with 0 removed and no move.",
	},
	{
		...creditField('Euros to move from the subaccount back to the main account'),
		displayOptions: { show: { removeAll: [false] } },
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(
	showOnlyFor('subAccount', 'removeCredit'),
	properties,
);

interface RemoveCreditInput {
	tokenSubaccount: string;
	/** Undefined: remove all remaining credit. */
	amount?: number;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): RemoveCreditInput {
	const tokenSubaccount = getSubaccountToken.call(this, itemIndex);
	const removeAll =
		getParameter(this, 'removeAll', itemIndex, 'Remove All Remaining Credit') === true;
	const amount = removeAll ? undefined : getCredit.call(this, itemIndex);
	return { tokenSubaccount, amount, options: getRequestOptions.call(this, itemIndex) };
}

/** Moves credit from one subaccount to the main account and reports both balances. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ tokenSubaccount, amount, options }: RemoveCreditInput,
	state: RunState,
): Promise<INodeExecutionData[]> {
	const removeAll = amount === undefined;
	const json = await inKeyOrder(state.tokenQueues, tokenSubaccount, async () => {
		let creditRemoved = amount ?? 0;
		if (removeAll) {
			const remaining = await readableBalance.call(this, state, tokenSubaccount, options);
			creditRemoved = remaining.subaccountCredit;
			if (creditRemoved <= 0) {
				return {
					tokenSubaccount,
					creditRemoved: 0,
					credit: await latestCredit.call(this, state, options),
					subaccountCredit: remaining.subaccountCredit,
					currency: remaining.currency,
				};
			}
		}
		const balances = await moveCredit.call(
			this,
			state,
			'remove',
			tokenSubaccount,
			creditRemoved,
			options,
		);
		return { tokenSubaccount, creditRemoved, ...balances };
	});
	return [{ json, pairedItem: { item: itemIndex } }];
}
