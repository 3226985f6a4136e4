import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../api';
import { incompleteSuccess, readAmount } from '../../transport/answer';
import { callSmsPartner } from '../../transport/request';
import { readRequestOptions, requestOptionsField, showFor, type RequestOptions } from '../common.fields';

const show = showFor('account', 'getBalance');

export const description: INodeProperties[] = [requestOptionsField(show)];

const object = (value: unknown) => (value !== null && typeof value === 'object' ? value : {}) as IDataObject;
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** The main account's balance and what it buys, from `/me`. */
export async function readAccountBalance(this: IExecuteFunctions, options: RequestOptions) {
	const answer = await callSmsPartner.call(this, { endpoint: ENDPOINTS.me, fields: {}, ...options });
	const credits = object(answer.fields.credits);
	const user = object(answer.fields.user);
	const balance = readAmount(credits.balance);
	if (balance === undefined) throw incompleteSuccess(answer.status, 'credits.balance', false);
	return {
		balance,
		currency: text(credits.currency),
		creditSms: readAmount(credits.creditSms) ?? null,
		creditSmsECO: readAmount(credits.creditSmsECO) ?? null,
		creditHlr: readAmount(credits.creditHlr) ?? null,
		toSend: readAmount(credits.toSend) ?? null,
		username: text(user.username),
		firstname: text(user.firstname),
		lastname: text(user.lastname),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readRequestOptions.call(this, itemIndex);
	const json = await readAccountBalance.call(this, options);
	return [{ json, pairedItem: { item: itemIndex } }];
}
