/**
 * The STOP list calls (list, add, delete), one function each (fetch*): what an
 * operation or the trigger sends, and what it gets back, already read and checked.
 */
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

/** `GET /stop-sms/list`: the whole list (SMS Partner does not page it). */
export async function fetchStopList(
	this: SmsPartnerContext,
	options: RequestOptions,
): Promise<StopEntry[]> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.stopList,
		fields: {},
		...options,
	});
	const { data } = answer.fields;
	if (!Array.isArray(data)) throw incompleteSuccess(answer.status, 'data', ENDPOINTS.stopList);
	return data.map((raw) => {
		const entry = parseObject(raw);
		const id = parseAnswerId(answer, entry.id);
		if (id === undefined) throw incompleteSuccess(answer.status, 'data[].id', ENDPOINTS.stopList);
		const phone = parseText(entry.phoneNumber);
		return {
			id,
			phoneNumber: phone === undefined ? null : (parseAnswerPhoneNumber(phone) ?? null),
			createdAt: parseDateTime(entry.createdAt) ?? null,
		};
	});
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
