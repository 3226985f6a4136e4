import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS, SUBACCOUNT_PAGE_SIZE } from '../../api';
import { incompleteSuccess } from '../../transport/answer';
import { callSmsPartner } from '../../transport/request';
import {
	parseAmount,
	parseCurrency,
	parseEmail,
	parseInteger,
	parseText,
	parseToken,
	parseWord,
} from '../../transport/values';
import type { RequestOptions } from '../common.fields';

/** A stop against an answer that would page forever: 100,000 sub-accounts. */
const MAX_PAGES = 5_000;

export interface Subaccount {
	id: number | string | null;
	token: string;
	email: string | null;
	type: string | null;
	createdAt: string | null;
	/** null when SMS Partner's answer holds no readable balance for it. */
	balance: number | null;
	currency: string | null;
	/** The sub-account's own API key: a secret, output only on request. */
	apiKey: string | null;
}

const object = (value: unknown) => (value !== null && typeof value === 'object' ? value : {}) as IDataObject;

/** One entry of the list, or undefined when it does not even name a sub-account. */
function parseSubaccount(raw: unknown): Subaccount | undefined {
	const fields = object(raw);
	const token = parseToken(fields.token);
	if (token === undefined) return undefined;
	const credits = object(fields.credits);
	return {
		id: parseInteger(fields.id) ?? parseToken(fields.id) ?? null,
		token,
		email: parseEmail(fields.email) ?? null,
		type: parseWord(fields.type) ?? null,
		createdAt: parseText(fields.createdAt) ?? null,
		balance: parseAmount(credits.balance) ?? null,
		currency: parseCurrency(credits.currency) ?? null,
		apiKey: parseToken(fields.apiKey) ?? null,
	};
}

/** Sub-accounts in SMS Partner's order, page after page, up to `limit` (all without one). */
export async function fetchSubaccounts(
	this: IExecuteFunctions,
	options: RequestOptions,
	limit = Infinity,
): Promise<Subaccount[]> {
	const subaccounts: Subaccount[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const answer = await callSmsPartner.call(this, { endpoint: ENDPOINTS.listSubaccounts, fields: { page }, ...options });
		const { data } = answer.fields;
		if (!Array.isArray(data)) throw incompleteSuccess(answer.status, 'data', false);
		const entries = data.map(parseSubaccount);
		if (entries.some((entry) => entry === undefined)) throw incompleteSuccess(answer.status, 'data[].token', false);
		for (const entry of entries as Subaccount[]) {
			subaccounts.push(entry);
			if (subaccounts.length >= limit) return subaccounts;
		}
		const total = parseInteger(answer.fields.total);
		const perPage = parseInteger(answer.fields.nb_per_page) || SUBACCOUNT_PAGE_SIZE;
		if (data.length === 0 || data.length < perPage || (total !== undefined && subaccounts.length >= total)) break;
	}
	return subaccounts;
}
