/**
 * The STOP list calls (list, add, delete), one function each (fetch*): what an
 * operation or the trigger sends, and what it gets back, already read and checked.
 */
import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS } from '../api/stopList';
import { parseAnswerPhoneNumber } from '../helpers/phoneNumbers';
import { incompleteSuccess } from './answer';
import type { RequestOptions, SmsPartnerContext } from './call';
import { requestSmsPartner } from './request';
import { parseDateTime, parseObject, parseText, parseAnswerId } from './values';

export interface StopEntry {
	/** Opaque text, exactly as SMS Partner sent it. */
	id: string;
	phoneNumber: string | null;
	createdAt: string | null;
}

/** An entry of the list with only its id read: the rest is read when asked (parseStopEntry). */
export interface ListedStop {
	id: string;
	fields: IDataObject;
}

/**
 * `GET /stop-sms/list`: the whole list (SMS Partner does not page it), every id read
 * and checked, the other fields left as sent. The trigger reads a number and a date
 * only for the few new STOPs, not for the 100,000 it already knows.
 */
export async function fetchListedStops(
	this: SmsPartnerContext,
	options: RequestOptions,
): Promise<ListedStop[]> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.stopList,
		fields: {},
		...options,
	});
	const { data } = answer.fields;
	if (!Array.isArray(data)) throw incompleteSuccess(answer.status, 'data', ENDPOINTS.stopList);
	return data.map((raw) => {
		const fields = parseObject(raw);
		const id = parseAnswerId(answer, fields.id);
		if (id === undefined) throw incompleteSuccess(answer.status, 'data[].id', ENDPOINTS.stopList);
		return { id, fields };
	});
}

export function parseStopEntry({ id, fields }: ListedStop): StopEntry {
	const phone = parseText(fields.phoneNumber);
	return {
		id,
		phoneNumber: phone === undefined ? null : (parseAnswerPhoneNumber(phone) ?? null),
		createdAt: parseDateTime(fields.createdAt) ?? null,
	};
}

/** `GET /stop-sms/list`, every entry read. */
export async function fetchStopList(
	this: SmsPartnerContext,
	options: RequestOptions,
): Promise<StopEntry[]> {
	return (await fetchListedStops.call(this, options)).map(parseStopEntry);
}

/** `POST /stop-sms/add`: the new entry's id, as SMS Partner sent it. */
export async function fetchAddStop(
	this: SmsPartnerContext,
	phoneNumber: string,
	options: RequestOptions,
): Promise<string> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.stopAdd,
		fields: { phoneNumber },
		...options,
	});
	const id = parseAnswerId(answer, answer.fields.stopId);
	if (id === undefined) throw incompleteSuccess(answer.status, 'stopId', ENDPOINTS.stopAdd);
	return id;
}

/** `GET /stop-sms/delete`. */
export async function fetchDeleteStop(
	this: SmsPartnerContext,
	id: string,
	options: RequestOptions,
): Promise<void> {
	await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.stopDelete,
		fields: { id },
		...options,
	});
}
