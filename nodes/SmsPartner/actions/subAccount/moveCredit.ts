import type { IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../api';
import { incompleteSuccess } from '../../transport/answer';
import { callSmsPartner } from '../../transport/request';
import { parseAmount, parseCurrency } from '../../transport/values';
import type { RequestOptions } from '../common.fields';
import type { RunState } from '../types';

export interface Balances {
	/** The main account's balance after the move. */
	credit: number;
	subaccountCredit: number;
	currency: string | null;
}

/** One credit move, to or from a sub-account; resolves with both balances SMS Partner reports. */
export async function moveCredit(
	this: IExecuteFunctions,
	direction: 'add' | 'remove',
	tokenSubaccount: string,
	amount: number,
	options: RequestOptions,
	state: RunState,
): Promise<Balances> {
	// Until SMS Partner's answer says otherwise the credit may have moved: what this
	// run knew of the balance is no longer to be trusted (a failed move leaves it so).
	state.balancesAfterMoves.set(tokenSubaccount, null);
	const answer = await callSmsPartner.call(this, {
		endpoint: direction === 'add' ? ENDPOINTS.addCredit : ENDPOINTS.removeCredit,
		fields: { credit: amount, tokenSubaccount },
		subaccount: tokenSubaccount,
		...options,
	});
	const credit = parseAmount(answer.fields.credit);
	const subaccountCredit = parseAmount(answer.fields.subaccountCredit);
	if (credit === undefined || subaccountCredit === undefined) {
		throw incompleteSuccess(answer.status, credit === undefined ? 'credit' : 'subaccountCredit');
	}
	const currency = parseCurrency(answer.fields.currency) ?? null;
	state.balancesAfterMoves.set(tokenSubaccount, { balance: subaccountCredit, currency });
	state.latestMainBalance = credit;
	return { credit, subaccountCredit, currency };
}
