/**
 * The main account's calls, one function each (fetch*): what an operation or
 * the trigger sends, and what it gets back, already read and checked.
 */
import { ENDPOINTS } from '../api/account';
import { incompleteSuccess } from './answer';
import type { RequestOptions, SmsPartnerContext } from './call';
import { requestSmsPartner } from './request';
import { parseAmount, parseCurrency, parseObject, parseText } from './values';

export interface Account {
	/** The main account's balance. */
	credit: number;
	currency: string | null;
	creditSms: number | null;
	creditSmsECO: number | null;
	creditHlr: number | null;
	toSend: number | null;
	username: string | null;
	firstname: string | null;
	lastname: string | null;
}

/** `GET /me`: the main account's balance and what it buys. */
export async function fetchAccount(
	this: SmsPartnerContext,
	options: RequestOptions,
): Promise<Account> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.me,
		fields: {},
		...options,
	});
	const credits = parseObject(answer.fields.credits);
	const user = parseObject(answer.fields.user);
	const credit = parseAmount(credits.balance);
	if (credit === undefined) throw incompleteSuccess(answer.status, 'credits.balance', ENDPOINTS.me);
	return {
		credit,
		currency: parseCurrency(credits.currency) ?? null,
		creditSms: parseAmount(credits.creditSms) ?? null,
		creditSmsECO: parseAmount(credits.creditSmsECO) ?? null,
		creditHlr: parseAmount(credits.creditHlr) ?? null,
		toSend: parseAmount(credits.toSend) ?? null,
		username: parseText(user.username) ?? null,
		firstname: parseText(user.firstname) ?? null,
		lastname: parseText(user.lastname) ?? null,
	};
}
