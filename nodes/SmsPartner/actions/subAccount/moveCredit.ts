import type { IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../api';
import { incompleteSuccess, readAmount } from '../../transport/answer';
import { callSmsPartner } from '../../transport/request';
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
	credit: number,
	options: RequestOptions,
	state: RunState,
): Promise<Balances> {
	const answer = await callSmsPartner.call(this, {
		endpoint: direction === 'add' ? ENDPOINTS.addCredit : ENDPOINTS.removeCredit,
		fields: { credit, tokenSubaccount },
		...options,
	});
	const mainCredit = readAmount(answer.fields.credit);
	if (mainCredit === undefined) throw incompleteSuccess(answer.status, 'credit');
	const subaccountCredit = readAmount(answer.fields.subaccountCredit);
	if (subaccountCredit === undefined) throw incompleteSuccess(answer.status, 'subaccountCredit');
	const { currency } = answer.fields;
	const balances = {
		credit: mainCredit,
		subaccountCredit,
		currency: typeof currency === 'string' && currency !== '' ? currency : null,
	};
	(await state.subaccountBalances)?.set(tokenSubaccount, { balance: subaccountCredit, currency: balances.currency });
	return balances;
}
