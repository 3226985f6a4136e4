/**
 * The subaccount calls, one function each (fetch*): what an operation or the
 * trigger sends, and what it gets back, already read and checked.
 */
import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS, SUBACCOUNT_PAGE_SIZE } from '../api/subAccount';
import { apiFailure, uncertainOutcomeAdvice } from '../helpers/errors';
import { incompleteSuccess } from './answer';
import type { RequestOptions, SmsPartnerContext } from './call';
import { requestSmsPartner } from './request';
import {
	parseAmount,
	parseCurrency,
	parseEmail,
	parseInteger,
	parseObject,
	parseText,
	parseToken,
	parseWord,
} from './values';

/** Both balances SMS Partner reports after a credit move. */
export interface Balances {
	/** The main account's balance. */
	credit: number;
	subaccountCredit: number;
	currency: string | null;
}

export interface Subaccount {
	id: number | string | null;
	tokenSubaccount: string;
	email: string | null;
	type: string | null;
	createdAt: string | null;
	/** null when SMS Partner's answer holds no readable balance for it. */
	subaccountCredit: number | null;
	currency: string | null;
	/** The subaccount's own API key: a secret, output only on request. */
	apiKey: string | null;
}

export interface CreatedSubaccount {
	tokenSubaccount: string;
	email: string | null;
	sendConfirmMailTo: string | null;
	parentEmail: string | null;
}

export interface NewSubaccount {
	type: 'simple' | 'advanced';
	email: string;
	/** Euros the main account gives it. */
	amount: number;
	isBuyer?: boolean;
	title?: string;
	firstname?: string;
	lastname?: string;
}

/** A stop against an answer that would page forever: 100,000 subaccounts. */
const MAX_PAGES = 5_000;

async function fetchCreditMove(
	this: SmsPartnerContext,
	endpoint: typeof ENDPOINTS.removeCredit | typeof ENDPOINTS.addCredit,
	tokenSubaccount: string,
	amount: number,
	options: RequestOptions,
): Promise<Balances> {
	const answer = await requestSmsPartner.call(this, {
		endpoint,
		fields: { credit: amount, tokenSubaccount },
		subaccount: tokenSubaccount,
		...options,
	});
	const credit = parseAmount(answer.fields.credit);
	const subaccountCredit = parseAmount(answer.fields.subaccountCredit);
	if (credit === undefined) throw incompleteSuccess(answer.status, 'credit', endpoint);
	if (subaccountCredit === undefined)
		throw incompleteSuccess(answer.status, 'subaccountCredit', endpoint);
	return { credit, subaccountCredit, currency: parseCurrency(answer.fields.currency) ?? null };
}

/** `POST /subaccount/credit/remove`: `amount` euros from the subaccount to the main account. */
export function fetchRemoveCredit(
	this: SmsPartnerContext,
	tokenSubaccount: string,
	amount: number,
	options: RequestOptions,
): Promise<Balances> {
	return fetchCreditMove.call(this, ENDPOINTS.removeCredit, tokenSubaccount, amount, options);
}

/** `POST /subaccount/credit/add`: `amount` euros from the main account to the subaccount. */
export function fetchAddCredit(
	this: SmsPartnerContext,
	tokenSubaccount: string,
	amount: number,
	options: RequestOptions,
): Promise<Balances> {
	return fetchCreditMove.call(this, ENDPOINTS.addCredit, tokenSubaccount, amount, options);
}

/** One entry of the list, or undefined when it does not even name a subaccount. */
function parseSubaccount(raw: unknown): Subaccount | undefined {
	const fields = parseObject(raw);
	const tokenSubaccount = parseToken(fields.token);
	if (tokenSubaccount === undefined) return undefined;
	const credits = parseObject(fields.credits);
	return {
		id: parseInteger(fields.id) ?? parseToken(fields.id) ?? null,
		tokenSubaccount,
		email: parseEmail(fields.email) ?? null,
		type: parseWord(fields.type) ?? null,
		createdAt: parseText(fields.createdAt) ?? null,
		subaccountCredit: parseAmount(credits.balance) ?? null,
		currency: parseCurrency(credits.currency) ?? null,
		apiKey: parseToken(fields.apiKey) ?? null,
	};
}

/** `GET /subaccount/list`, one page of up to 20. */
export async function fetchSubaccountPage(
	this: SmsPartnerContext,
	page: number,
	options: RequestOptions,
): Promise<{ subaccounts: Subaccount[]; total: number | undefined; perPage: number }> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.listSubaccounts,
		fields: { page },
		...options,
	});
	const { data } = answer.fields;
	if (!Array.isArray(data))
		throw incompleteSuccess(answer.status, 'data', ENDPOINTS.listSubaccounts);
	const subaccounts = data.map(parseSubaccount);
	if (subaccounts.includes(undefined))
		throw incompleteSuccess(answer.status, 'data[].token', ENDPOINTS.listSubaccounts);
	return {
		subaccounts: subaccounts as Subaccount[],
		total: parseInteger(answer.fields.total),
		perPage: parseInteger(answer.fields.nb_per_page) || SUBACCOUNT_PAGE_SIZE,
	};
}

function repeatedPage(page: number) {
	return apiFailure({
		message: `SMS Partner sent page ${page} of the subaccount list the same as page ${page - 1}: the list was not read to its end`,
		description: `It seems to ignore the page asked for, so the rest of the list cannot be read. Check the Base URL in the 'SMS Partner API' credential. ${uncertainOutcomeAdvice(ENDPOINTS.listSubaccounts)}`,
		code: null,
		httpStatus: null,
		outcome: 'unknown',
	});
}

/** Subaccounts in SMS Partner's order, page after page, up to `limit` (all without one). */
export async function fetchSubaccounts(
	this: SmsPartnerContext,
	options: RequestOptions,
	limit = Infinity,
): Promise<Subaccount[]> {
	const subaccounts: Subaccount[] = [];
	let previousPage = '';
	for (let page = 1; page <= MAX_PAGES; page++) {
		const {
			subaccounts: onPage,
			total,
			perPage,
		} = await fetchSubaccountPage.call(this, page, options);
		// A server that ignores `page` (and gives no total) would send page 1 forever.
		const tokens = JSON.stringify(onPage.map((subaccount) => subaccount.tokenSubaccount));
		if (onPage.length > 0 && tokens === previousPage) throw repeatedPage(page);
		previousPage = tokens;
		for (const subaccount of onPage) {
			subaccounts.push(subaccount);
			if (subaccounts.length >= limit) return subaccounts;
		}
		if (
			onPage.length === 0 ||
			onPage.length < perPage ||
			(total !== undefined && subaccounts.length >= total)
		)
			break;
	}
	return subaccounts;
}

/** `POST /subaccount/create`. */
export async function fetchCreateSubaccount(
	this: SmsPartnerContext,
	subaccount: NewSubaccount,
	options: RequestOptions,
): Promise<CreatedSubaccount> {
	const parameters: IDataObject = { email: subaccount.email, creditToAttribute: subaccount.amount };
	if (subaccount.type === 'advanced') parameters.isBuyer = subaccount.isBuyer === true ? 1 : 0;
	for (const name of ['title', 'firstname', 'lastname'] as const) {
		if (subaccount[name]) parameters[name] = subaccount[name];
	}
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.createSubaccount,
		fields: { type: subaccount.type, parameters },
		...options,
	});
	const created = parseObject(answer.fields.subaccount);
	const tokenSubaccount = parseToken(created.token);
	if (tokenSubaccount === undefined)
		throw incompleteSuccess(answer.status, 'subaccount.token', ENDPOINTS.createSubaccount);
	return {
		tokenSubaccount,
		email: parseEmail(created.email) ?? null,
		sendConfirmMailTo: parseEmail(answer.fields.sendConfirmMailTo) ?? null,
		parentEmail: parseEmail(answer.fields.parent_email) ?? null,
	};
}

/** `DELETE /subaccount/remove`. */
export async function fetchDeleteSubaccount(
	this: SmsPartnerContext,
	tokenSubaccount: string,
	options: RequestOptions,
): Promise<void> {
	await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.deleteSubaccount,
		fields: { token: tokenSubaccount },
		subaccount: tokenSubaccount,
		...options,
	});
}
