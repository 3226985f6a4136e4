import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { inKeyOrder } from '../../helpers/concurrency';
import { apiFailure } from '../../helpers/errors';
import { readCredit, readParameter, readSubaccountToken } from '../../helpers/validate';
import { fetchAccountBalance } from '../account/getBalance.operation';
import {
	creditField,
	readRequestOptions,
	requestOptionsField,
	showFor,
	tokenField,
	warningNotice,
	type RequestOptions,
} from '../common.fields';
import type { RunState, SubaccountBalance } from '../types';
import { moveCredit } from './moveCredit';
import { fetchSubaccounts } from './subaccountList';

const show = showFor('subAccount', 'removeCredit');

export const changesAccounts = true;

export const description: INodeProperties[] = [
	warningNotice(
		'removeCreditNotice',
		'Removing credit moves money, and each run moves the amount again. The node refuses to run while its "Retry On Fail" setting is on.',
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

function unknownSubaccount(token: string): Error {
	return apiFailure({
		message: `The sub-account "${token}" does not exist (SMS Partner code 7)`,
		description: "It is not in SMS Partner's list of your sub-accounts. Nothing was sent.",
		code: 7,
		httpStatus: null,
		outcome: 'notSent',
	});
}

function unreadableBalance(token: string): Error {
	return apiFailure({
		message: `The balance of sub-account "${token}" could not be read from SMS Partner's list: nothing was sent`,
		description:
			"SMS Partner's list gives no balance for it that is a number of euros, so the node cannot tell how much remains. Nothing was moved: check the sub-account in SMS Partner, or remove a set amount.",
		code: null,
		httpStatus: null,
		outcome: 'notSent',
	});
}

/** Reads the list once for the run; a failed read is not kept, so the next item reads again. */
function fetchBalances(this: IExecuteFunctions, options: RequestOptions, state: RunState) {
	const reading = fetchSubaccounts
		.call(this, options)
		.then((subaccounts) => new Map(subaccounts.map((sub) => [sub.token, { balance: sub.balance, currency: sub.currency }])));
	reading.catch(() => {
		if (state.subaccountList === reading) state.subaccountList = undefined;
	});
	state.subaccountList = reading;
	return reading;
}

/**
 * The sub-account's balance now: what SMS Partner reported after this run's last
 * move for it, else the list (read once a run, and again for a token not in it,
 * or after a move whose outcome is unknown).
 */
async function remainingCredit(
	this: IExecuteFunctions,
	token: string,
	options: RequestOptions,
	state: RunState,
): Promise<SubaccountBalance> {
	const afterMove = state.balancesAfterMoves.get(token);
	if (afterMove) return afterMove;
	let list: Map<string, SubaccountBalance>;
	if (afterMove === null) {
		list = await fetchBalances.call(this, options, state);
		state.balancesAfterMoves.delete(token);
	} else {
		list = await (state.subaccountList ?? fetchBalances.call(this, options, state));
		if (!list.has(token)) list = await fetchBalances.call(this, options, state);
	}
	const listed = list.get(token);
	if (!listed) throw unknownSubaccount(token);
	return listed;
}

/** The main balance to report when nothing moved: /me read once a run, or a later move's answer. */
async function mainBalance(this: IExecuteFunctions, options: RequestOptions, state: RunState): Promise<number> {
	if (!state.mainBalanceRead) {
		const reading = fetchAccountBalance.call(this, options).then(({ credit }) => {
			state.latestMainBalance ??= credit;
		});
		reading.catch(() => {
			if (state.mainBalanceRead === reading) state.mainBalanceRead = undefined;
		});
		state.mainBalanceRead = reading;
	}
	await state.mainBalanceRead;
	return state.latestMainBalance!;
}

/** Moves credit from one sub-account to the main account and reports both balances. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
): Promise<INodeExecutionData[]> {
	const tokenSubaccount = readSubaccountToken(
		readParameter(this, 'subaccount', itemIndex, 'Sub-Account Token'),
	);
	const removeAll = readParameter(this, 'removeAll', itemIndex, 'Remove All Remaining Credit') === true;
	const amount = removeAll ? undefined : readCredit(readParameter(this, 'credit', itemIndex, 'Credit (EUR)'));
	const options = readRequestOptions.call(this, itemIndex);

	const json = await inKeyOrder(state.tokenQueues, tokenSubaccount, async () => {
		let creditRemoved = amount ?? 0;
		if (removeAll) {
			const remaining = await remainingCredit.call(this, tokenSubaccount, options, state);
			if (remaining.balance === null) throw unreadableBalance(tokenSubaccount);
			creditRemoved = Math.round(remaining.balance * 1000) / 1000;
			if (creditRemoved <= 0) {
				return {
					tokenSubaccount,
					creditRemoved: 0,
					credit: await mainBalance.call(this, options, state),
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
