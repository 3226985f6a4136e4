/**
 * What one execution of the node learns and reuses across its items, for the
 * subaccount operations that move credit (Add Credit, Remove Credit, Delete):
 * the subaccount balances Remove All Remaining Credit and Delete need, and the
 * latest main balance. The router makes one per run with `newRunState`, which
 * those operations export, and gives it to them alone. Never kept in a module: n8n may run many executions, and workers, in
 * one process. What it remembers never outlives what SMS Partner said: a move
 * replaces the balance it reports, and a move whose outcome is unknown makes the
 * balance to be read again.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { apiFailure } from '../../helpers/errors';
import { fetchAccount } from '../../transport/account';
import type { RequestOptions } from '../../transport/call';
import {
	fetchAddCredit,
	fetchRemoveCredit,
	fetchSubaccounts,
	type Balances,
} from '../../transport/subAccount';

export interface SubaccountBalance {
	/** null when SMS Partner's list gave no readable balance for it. */
	subaccountCredit: number | null;
	currency: string | null;
}

export interface RunState {
	/** Work on one subaccount token, chained so that its items keep their input order. */
	tokenQueues: Map<string, Promise<unknown>>;
	/** SMS Partner's list, read once a run (and again when it cannot answer for a token). */
	subaccountList?: Promise<Map<string, SubaccountBalance>>;
	/** Balances reported after a move in this run, newer than the list; null: the move's outcome is unknown. */
	balancesAfterMoves: Map<string, SubaccountBalance | null>;
	/** The main account's balance as most recently reported, by /me or by a move's answer. */
	latestCredit?: number;
	/** The one /me read of a run, for items that move nothing. */
	accountRead?: Promise<void>;
}

export function newRunState(): RunState {
	return { tokenQueues: new Map(), balancesAfterMoves: new Map() };
}

/** One credit move; the balances it reports become what the run knows. */
export async function moveCredit(
	this: IExecuteFunctions,
	state: RunState,
	direction: 'add' | 'remove',
	tokenSubaccount: string,
	amount: number,
	options: RequestOptions,
): Promise<Balances> {
	// Until SMS Partner's answer says otherwise the credit may have moved: a failed
	// move leaves the subaccount's balance to be read again.
	state.balancesAfterMoves.set(tokenSubaccount, null);
	const fetchMove = direction === 'add' ? fetchAddCredit : fetchRemoveCredit;
	const balances = await fetchMove.call(this, tokenSubaccount, amount, options);
	state.balancesAfterMoves.set(tokenSubaccount, {
		subaccountCredit: balances.subaccountCredit,
		currency: balances.currency,
	});
	state.latestCredit = balances.credit;
	return balances;
}

/** Reads the list for the run; a failed read is not kept, so the next item reads again. */
function listOnce(this: IExecuteFunctions, state: RunState, options: RequestOptions) {
	const reading = fetchSubaccounts
		.call(this, options)
		.then(
			(subaccounts) =>
				new Map(
					subaccounts.map((sub) => [
						sub.tokenSubaccount,
						{ subaccountCredit: sub.subaccountCredit, currency: sub.currency },
					]),
				),
		);
	reading.catch(() => {
		if (state.subaccountList === reading) state.subaccountList = undefined;
	});
	state.subaccountList = reading;
	return reading;
}

/**
 * The subaccount's balance now: what SMS Partner reported after this run's last
 * move of it, else the list (read once a run, and again for a token not in it or
 * after a move whose outcome is unknown). Undefined when SMS Partner does not know it.
 */
export async function remainingCredit(
	this: IExecuteFunctions,
	state: RunState,
	tokenSubaccount: string,
	options: RequestOptions,
): Promise<SubaccountBalance | undefined> {
	const afterMove = state.balancesAfterMoves.get(tokenSubaccount);
	if (afterMove) return afterMove;
	let list: Map<string, SubaccountBalance>;
	if (afterMove === null) {
		list = await listOnce.call(this, state, options);
		state.balancesAfterMoves.delete(tokenSubaccount);
	} else {
		list = await (state.subaccountList ?? listOnce.call(this, state, options));
		if (!list.has(tokenSubaccount)) list = await listOnce.call(this, state, options);
	}
	return list.get(tokenSubaccount);
}

/**
 * The main balance to report when nothing moved: /me is read once a run (so the
 * requests a run sends do not depend on how its items interleave), and a later
 * move's answer replaces it.
 */
export async function latestCredit(
	this: IExecuteFunctions,
	state: RunState,
	options: RequestOptions,
): Promise<number> {
	if (!state.accountRead) {
		const reading = fetchAccount.call(this, options).then(({ credit }) => {
			state.latestCredit ??= credit;
		});
		reading.catch(() => {
			if (state.accountRead === reading) state.accountRead = undefined;
		});
		state.accountRead = reading;
	}
	await state.accountRead;
	return state.latestCredit!;
}

function unknownSubaccount(token: string): Error {
	return apiFailure({
		// The node's own finding: SMS Partner answered no code (and its pages disagree on what 7 means).
		message: `The subaccount "${token}" is not in SMS Partner's list of your subaccounts: nothing was sent`,
		description:
			"Check the Subaccount Token: it is the 'token' of the subaccount, as the Get Many operation gives it. Nothing was moved.",
		code: null,
		httpStatus: null,
		outcome: 'notSent',
	});
}

function unreadableBalance(token: string): Error {
	return apiFailure({
		message: `The balance of subaccount "${token}" could not be read from SMS Partner's list: nothing was sent`,
		description:
			"SMS Partner's list gives no balance for it that is a number of euros, so the node cannot tell how much remains. Nothing was moved or deleted: check the subaccount in SMS Partner.",
		code: null,
		httpStatus: null,
		outcome: 'notSent',
	});
}

/**
 * The subaccount's balance now, rounded to the thousandth as SMS Partner keeps
 * it; refused (nothing sent) when SMS Partner does not list it or gives no
 * readable balance for it.
 */
export async function readableBalance(
	this: IExecuteFunctions,
	state: RunState,
	tokenSubaccount: string,
	options: RequestOptions,
): Promise<SubaccountBalance & { subaccountCredit: number }> {
	const remaining = await remainingCredit.call(this, state, tokenSubaccount, options);
	if (!remaining) throw unknownSubaccount(tokenSubaccount);
	if (remaining.subaccountCredit === null) throw unreadableBalance(tokenSubaccount);
	return {
		subaccountCredit: Math.round(remaining.subaccountCredit * 1000) / 1000,
		currency: remaining.currency,
	};
}
