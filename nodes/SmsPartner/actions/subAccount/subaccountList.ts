import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS, SUBACCOUNT_PAGE_SIZE } from '../../api';
import { incompleteSuccess, readAmount } from '../../transport/answer';
import { callSmsPartner } from '../../transport/request';
import type { RequestOptions } from '../common.fields';

/** A stop against an answer that would page forever: 100,000 sub-accounts. */
const MAX_PAGES = 5_000;

export interface Subaccount {
	id: number | string | null;
	token: string;
	email: string | null;
	type: string | null;
	createdAt: string | null;
	balance: number | null;
	currency: string | null;
	/** The sub-account's own API key: a secret, output only on request. */
	apiKey: string | null;
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

function toSubaccount(raw: unknown): Subaccount {
	const fields = (raw !== null && typeof raw === 'object' ? raw : {}) as IDataObject;
	const credits = (fields.credits !== null && typeof fields.credits === 'object' ? fields.credits : {}) as IDataObject;
	const id = readAmount(fields.id);
	return {
		id: id ?? text(fields.id),
		token: text(fields.token) ?? '',
		email: text(fields.email),
		type: text(fields.type),
		createdAt: text(fields.createdAt),
		balance: readAmount(credits.balance) ?? null,
		currency: text(credits.currency),
		apiKey: text(fields.apiKey),
	};
}

/** Sub-accounts in SMS Partner's order, page after page, up to `limit` (all without one). */
export async function readSubaccounts(
	this: IExecuteFunctions,
	options: RequestOptions,
	limit = Infinity,
): Promise<Subaccount[]> {
	const subaccounts: Subaccount[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const answer = await callSmsPartner.call(this, { endpoint: ENDPOINTS.listSubaccounts, fields: { page }, ...options });
		const { data } = answer.fields;
		if (!Array.isArray(data)) throw incompleteSuccess(answer.status, 'data', false);
		for (const raw of data) {
			subaccounts.push(toSubaccount(raw));
			if (subaccounts.length >= limit) return subaccounts;
		}
		const total = readAmount(answer.fields.total);
		const perPage = readAmount(answer.fields.nb_per_page) ?? SUBACCOUNT_PAGE_SIZE;
		if (data.length === 0 || data.length < perPage || (total !== undefined && subaccounts.length >= total)) break;
	}
	return subaccounts;
}
