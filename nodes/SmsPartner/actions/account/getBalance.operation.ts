import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../api';
import { incompleteSuccess } from '../../transport/answer';
import { callSmsPartner } from '../../transport/request';
import { parseAmount, parseCurrency, parseText } from '../../transport/values';
import { readRequestOptions, requestOptionsField, showFor, type RequestOptions } from '../common.fields';

const show = showFor('account', 'getBalance');

export const changesAccounts = false;

export const description: INodeProperties[] = [requestOptionsField(show)];

const object = (value: unknown) => (value !== null && typeof value === 'object' ? value : {}) as IDataObject;

/** The main account's balance and what it buys, from `/me`. */
export async function fetchAccountBalance(this: IExecuteFunctions, options: RequestOptions) {
	const answer = await callSmsPartner.call(this, { endpoint: ENDPOINTS.me, fields: {}, ...options });
	const credits = object(answer.fields.credits);
	const user = object(answer.fields.user);
	const credit = parseAmount(credits.balance);
	if (credit === undefined) throw incompleteSuccess(answer.status, 'credits.balance', false);
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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readRequestOptions.call(this, itemIndex);
	const json = await fetchAccountBalance.call(this, options);
	return [{ json, pairedItem: { item: itemIndex } }];
}
