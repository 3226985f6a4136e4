import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { inKeyOrder } from '../../helpers/concurrency';
import { apiFailure } from '../../helpers/errors';
import { readCredit, readParameter, readSubaccountToken } from '../../helpers/validate';
import { readAccountBalance } from '../account/getBalance.operation';
import {
	creditField,
	readRequestOptions,
	requestOptionsField,
	showFor,
	tokenField,
	warningNotice,
	type RequestOptions,
} from '../common.fields';
import type { RunState } from '../types';
import { moveCredit } from './moveCredit';
import { readSubaccounts } from './subaccountList';

const show = showFor('subAccount', 'removeCredit');

export const description: INodeProperties[] = [
	warningNotice(
		'removeCreditNotice',
		'Removing credit moves money and is not idempotent: each run moves the amount again. Keep n8n\'s "Retry On Fail" setting off for this node.',
		show,
	),
	tokenField(show, "The token of the sub-account to take credit from, as the Get Many operation gives it"),
	{
		displayName: 'Remove All Remaining Credit',
		name: 'removeAll',
		type: 'boolean',
		default: false,
		description:
			"Whether to read the sub-account's current balance and remove exactly that, instead of a set amount. An empty sub-account gives a success with 0 removed and no move.",
		displayOptions: show,
	},
	creditField(
		showFor('subAccount', 'removeCredit', { removeAll: [false] }),
		'Euros to move from the sub-account back to the main account; greater than 0, at most 3 decimals',
	),
	requestOptionsField(show),
];

function unknownSubaccount(): Error {
	return apiFailure({
		message: 'The sub-account does not exist (SMS Partner code 7)',
		description: "It is not in SMS Partner's list of your sub-accounts. Nothing was sent.",
		code: 7,
		httpStatus: null,
		outcome: 'notSent',
	});
}

/** Reads once for the run; a failed read is not kept, so the next item reads again. */
function readBalances(this: IExecuteFunctions, options: RequestOptions, state: RunState) {
	const reading = readSubaccounts
		.call(this, options)
		.then((subaccounts) => new Map(subaccounts.map((sub) => [sub.token, { balance: sub.balance ?? 0, currency: sub.currency }])));
	reading.catch(() => {
		if (state.subaccountBalances === reading) state.subaccountBalances = undefined;
	});
	return reading;
}

function readMainBalance(this: IExecuteFunctions, options: RequestOptions, state: RunState) {
	const reading = readAccountBalance.call(this, options).then(({ balance }) => balance);
	reading.catch(() => {
		if (state.mainBalance === reading) state.mainBalance = undefined;
	});
	return reading;
}

/** The sub-account's balance now: read with the whole list once a run, read again for a token not seen. */
async function remainingCredit(
	this: IExecuteFunctions,
	token: string,
	options: RequestOptions,
	state: RunState,
): Promise<{ balance: number; currency: string | null }> {
	let balances = await (state.subaccountBalances ??= readBalances.call(this, options, state));
	if (!balances.has(token)) {
		state.subaccountBalances = readBalances.call(this, options, state);
		balances = await state.subaccountBalances;
	}
	const known = balances.get(token);
	if (!known) throw unknownSubaccount();
	return known;
}

/** Moves credit from one sub-account to the main account and reports both balances. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
): Promise<INodeExecutionData[]> {
	const tokenSubaccount = readSubaccountToken(
		readParameter(this, 'tokenSubaccount', itemIndex, 'Sub-Account Token'),
	);
	const removeAll = readParameter(this, 'removeAll', itemIndex, 'Remove All Remaining Credit') === true;
	const credit = removeAll ? undefined : readCredit(readParameter(this, 'credit', itemIndex, 'Credit (EUR)'));
	const options = readRequestOptions.call(this, itemIndex);

	const json = await inKeyOrder(state.tokenQueues, tokenSubaccount, async () => {
		let creditRemoved = credit ?? 0;
		if (removeAll) {
			const remaining = await remainingCredit.call(this, tokenSubaccount, options, state);
			creditRemoved = Math.round(remaining.balance * 1000) / 1000;
			if (creditRemoved <= 0) {
				state.mainBalance ??= readMainBalance.call(this, options, state);
				return {
					tokenSubaccount,
					creditRemoved: 0,
					credit: await state.mainBalance,
					subaccountCredit: remaining.balance,
					currency: remaining.currency,
				};
			}
		}
		const balances = await moveCredit.call(this, 'remove', tokenSubaccount, creditRemoved, options, state);
		return { tokenSubaccount, creditRemoved, ...balances };
	});
	return [{ json, pairedItem: { item: itemIndex } }];
}
