/**
 * The SMS calls (send, bulk send, status, cancel), one function each (fetch*):
 * what an operation sends, and what it gets back, already read and checked.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Endpoint } from '../api/common';
import { ENDPOINTS } from '../api/sms';
import type { SmsPartnerError } from '../helpers/errors';
import { normalisePhoneNumber, parseAnswerPhoneNumber } from '../helpers/phoneNumbers';
import {
	billedSign,
	contradictoryAnswer,
	incompleteSuccess,
	refusalOf,
	successCodeContradiction,
} from './answer';
import type { RequestOptions, SmsPartnerAnswer, SmsPartnerContext } from './call';
import { requestSmsPartner } from './request';
import {
	parseAmount,
	parseCurrency,
	parseDateTime,
	parseInteger,
	parseObject,
	parseStatusFlag,
	parseText,
	parseMessageId,
	parseId,
	parseDeliveryStatus,
	type DeliveryStatus,
} from './values';

export type { DeliveryStatus };

/** What every send of a request shares, in SMS Partner's own fields (gamme, isStopSms, …). */
export type SendFields = IDataObject;

export interface SentSms {
	/** SMS Partner's `message_id`, exactly as it sent it. */
	messageId: string;
	/** SMS Partner's `nb_sms`: parts times recipients. */
	parts: number;
	cost: number;
	currency: string | null;
}

export interface SentLine {
	messageId: string;
	phoneNumber: string;
	parts: number;
	cost: number;
}

export interface BulkSent {
	currency: string | null;
	/** One per line sent, in the same order: what SMS Partner did with it. */
	lines: Array<SentLine | SmsPartnerError>;
}

export interface RecipientStatus {
	phoneNumber: string | null;
	status: DeliveryStatus;
	/** SMS Partner's own word: Delivered, Not delivered, Waiting, ko, … */
	smsPartnerStatus: string | null;
	date: string | null;
	stopSms: boolean | null;
	cost: number | null;
}

/**
 * SMS billed: a real send is at least one. Only in Sandbox mode, where nothing
 * is sent, may SMS Partner count none.
 */
function parseParts(value: unknown, sendFields: SendFields): number | undefined {
	const parts = parseInteger(value);
	return parts !== undefined && (parts > 0 || sendFields.sandbox === 1) ? parts : undefined;
}

/** A price: never below zero. */
function parseCost(value: unknown): number | undefined {
	const cost = parseAmount(value);
	return cost !== undefined && cost >= 0 ? cost : undefined;
}

/** `POST /send`: one message to every number. */
export async function fetchSend(
	this: SmsPartnerContext,
	phoneNumbers: string[],
	message: string,
	sendFields: SendFields,
	options: RequestOptions,
): Promise<SentSms> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.send,
		fields: { phoneNumbers: phoneNumbers.join(','), message, ...sendFields },
		...options,
	});
	return parseSent(answer, sendFields, ENDPOINTS.send);
}

/** `POST /vn/send`: one message to one number, from the account's rented long number (`336…`). */
export async function fetchLongNumberSend(
	this: SmsPartnerContext,
	phoneNumber: string,
	longNumber: string,
	message: string,
	sendFields: SendFields,
	options: RequestOptions,
): Promise<SentSms> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.longNumberSend,
		fields: { to: phoneNumber, from: longNumber, message, ...sendFields },
		...options,
	});
	return parseSent(answer, sendFields, ENDPOINTS.longNumberSend);
}

/** A send's success: its message id, SMS count and cost, each checked. */
function parseSent(answer: SmsPartnerAnswer, sendFields: SendFields, endpoint: Endpoint): SentSms {
	const missing = (name: string) => incompleteSuccess(answer.status, name, endpoint);
	const messageId = parseMessageId(answer, answer.fields.message_id);
	const parts = parseParts(answer.fields.nb_sms, sendFields);
	const cost = parseCost(answer.fields.cost);
	if (messageId === undefined) throw missing('message_id');
	if (parts === undefined) throw missing('nb_sms');
	if (cost === undefined) throw missing('cost');
	return { messageId, parts, cost, currency: parseCurrency(answer.fields.currency) ?? null };
}

/** A line SMS Partner refused: nothing was sent to it. */
function refusedLine(line: IDataObject, answer: SmsPartnerAnswer): SmsPartnerError {
	return refusalOf(answer.status, line, {
		controlCodes: ENDPOINTS.bulkSend.controlCodes,
		quote: answer.quote,
		unchanged: 'Nothing was sent to this number.',
		fallback: 'SMS Partner refused this line',
	});
}

function contradictoryLine(line: IDataObject, what: string, answer: SmsPartnerAnswer) {
	return contradictoryAnswer(
		answer.status,
		`for this number ${what}`,
		line,
		answer.quote,
		ENDPOINTS.bulkSend,
	);
}

/**
 * One line of the answer, already matched to the number sent in its place. A line
 * that says two things (refused but billed, sent with an error code) is an unknown
 * outcome, never "nothing was sent".
 */
function parseLine(
	raw: unknown,
	sentTo: string,
	answer: SmsPartnerAnswer,
	sendFields: SendFields,
	messageId: string,
): SentLine | SmsPartnerError {
	const { status } = answer;
	const line = parseObject(raw);
	if (line.success === false) {
		const billed = billedSign(line);
		return billed
			? contradictoryLine(line, `says refused but carries ${billed}`, answer)
			: refusedLine(line, answer);
	}
	if (line.success !== true) {
		return incompleteSuccess(status, 'SMSResponse_List[].success', ENDPOINTS.bulkSend);
	}
	const contradiction = successCodeContradiction(line);
	if (contradiction) return contradictoryLine(line, contradiction, answer);
	const parts = parseParts(line.nbSms ?? line.nb_sms, sendFields);
	const cost = parseCost(line.cost);
	if (parts === undefined)
		return incompleteSuccess(status, 'SMSResponse_List[].nbSms', ENDPOINTS.bulkSend);
	if (cost === undefined)
		return incompleteSuccess(status, 'SMSResponse_List[].cost', ENDPOINTS.bulkSend);
	return { messageId, phoneNumber: sentTo, parts, cost };
}

/**
 * A refusal of the whole request that still lists its lines: a line that says it
 * was sent or billed is an unknown outcome; the others keep the refusal (their
 * own when they carry one).
 */
function refusedLines(
	list: unknown[],
	answer: SmsPartnerAnswer,
	refusal: SmsPartnerError,
): SmsPartnerError[] {
	return list.map((raw) => {
		const line = parseObject(raw);
		const sign = billedSign(line);
		const billed = line.success === true ? 'says sent' : sign && `carries ${sign}`;
		if (billed) {
			return contradictoryLine(line, `${billed} though the request was refused`, answer);
		}
		return line.success === false ? refusedLine(line, answer) : refusal;
	});
}

/** Whether each line names the number sent in its place (a line that names none is taken on its place). */
function linesMatch(list: unknown[], lines: Array<{ phoneNumber: string }>): boolean {
	return list.every((raw, index) => {
		const { phoneNumber } = parseObject(raw);
		if (phoneNumber === undefined) return true;
		return (
			typeof phoneNumber === 'string' &&
			normalisePhoneNumber(phoneNumber) === lines[index].phoneNumber
		);
	});
}

/**
 * `POST /bulk-send`: one message per line, up to 500. Asked for in JSON whatever
 * the options say: its lines cannot be told apart in positional XML. A whole
 * answer that cannot be matched line by line throws (outcome unknown for all).
 */
export async function fetchBulkSend(
	this: SmsPartnerContext,
	lines: Array<{ phoneNumber: string; message: string }>,
	sendFields: SendFields,
	options: RequestOptions,
): Promise<BulkSent> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.bulkSend,
		fields: { SMSList: lines, ...sendFields },
		...options,
		format: 'json',
		keepRefusal: true,
	});
	const list = answer.fields.SMSResponse_List;
	const matched =
		Array.isArray(list) && list.length === lines.length && linesMatch(list, lines) ? list : null;
	if (answer.refusal) {
		if (!matched) throw answer.refusal;
		return { currency: null, lines: refusedLines(matched, answer, answer.refusal) };
	}
	if (!matched) {
		throw incompleteSuccess(
			answer.status,
			`SMSResponse_List with one line per number sent, in order (${lines.length})`,
			ENDPOINTS.bulkSend,
		);
	}
	const messageId = parseMessageId(answer, answer.fields.message_id);
	if (messageId === undefined)
		throw incompleteSuccess(answer.status, 'message_id', ENDPOINTS.bulkSend);
	return {
		currency: parseCurrency(answer.fields.currency) ?? null,
		lines: matched.map((line, index) =>
			parseLine(line, lines[index].phoneNumber, answer, sendFields, messageId),
		),
	};
}

function parseStatus(fields: IDataObject, wordField: string, stopField: string): RecipientStatus {
	const phone = parseText(fields.phoneNumber ?? fields.number);
	return {
		phoneNumber: phone === undefined ? null : (parseAnswerPhoneNumber(phone) ?? null),
		...parseDeliveryStatus(parseText(fields[wordField])),
		date: parseDateTime(fields.date) ?? null,
		stopSms: parseStatusFlag(fields[stopField]) ?? null,
		cost: parseAmount(fields.cost) ?? null,
	};
}

/** `GET /message-status`: one recipient of one message. */
export async function fetchMessageStatus(
	this: SmsPartnerContext,
	messageId: string,
	phoneNumber: string,
	options: RequestOptions,
): Promise<RecipientStatus> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.messageStatus,
		fields: { messageId, phoneNumber },
		...options,
	});
	const status = parseStatus(parseObject(answer.fields), 'statut', 'stopSms');
	return { ...status, phoneNumber: status.phoneNumber ?? phoneNumber };
}

/** `GET /bulk-status`: every recipient of one message. */
export async function fetchBulkStatus(
	this: SmsPartnerContext,
	messageId: string,
	options: RequestOptions,
): Promise<RecipientStatus[]> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.bulkStatus,
		fields: { messageId },
		...options,
	});
	const list = answer.fields.StatutResponse_List;
	if (!Array.isArray(list))
		throw incompleteSuccess(answer.status, 'StatutResponse_List', ENDPOINTS.bulkStatus);
	return list.map((entry) => {
		const fields = parseObject(entry);
		return parseStatus(fields, 'status', fields.stopSMS === undefined ? 'stopSms' : 'stopSMS');
	});
}

/** `GET /message-cancel`: a scheduled message, all its recipients. */
export async function fetchCancel(
	this: SmsPartnerContext,
	messageId: string,
	options: RequestOptions,
): Promise<void> {
	await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.cancel,
		fields: { messageId },
		...options,
	});
}

export interface PairStatus extends RecipientStatus {
	messageId: string;
	/** SMS Partner's `isSpam`: whether the operator flagged the message as spam. */
	isSpam: boolean | null;
}

/** A message id as SMS Partner's samples give it in a JSON body: a number when it is one exactly, else the text. */
function messageIdForBody(messageId: string): string | number {
	return /^[1-9]\d{0,14}$/.test(messageId) ? Number(messageId) : messageId;
}

/** Whether a line names the pair asked in its place (a line that names neither is taken on its place). */
function pairMatches(raw: unknown, pair: { messageId: string; phoneNumber: string }): boolean {
	const { phoneNumber, messageId } = parseObject(raw);
	const numberFits =
		phoneNumber === undefined ||
		(typeof phoneNumber === 'string' && normalisePhoneNumber(phoneNumber) === pair.phoneNumber);
	const idFits = messageId === undefined || parseId(messageId) === pair.messageId;
	return numberFits && idFits;
}

function pairLine(
	raw: unknown,
	pair: { messageId: string; phoneNumber: string },
	answer: SmsPartnerAnswer,
): PairStatus | SmsPartnerError {
	const line = parseObject(raw);
	if (line.success === false) {
		// SMS Partner's words for a pair not found come as its `status` ("Numéro introuvable").
		const words = line.message ?? (typeof line.status === 'string' ? line.status : undefined);
		return refusalOf(
			answer.status,
			{ ...line, message: words },
			{
				controlCodes: ENDPOINTS.multiStatus.controlCodes,
				quote: answer.quote,
				unchanged: 'Nothing was changed: this only reads.',
				fallback: 'SMS Partner found no status for this message ID and number',
			},
		);
	}
	const status = parseStatus(line, line.statut === undefined ? 'status' : 'statut', 'stopSms');
	return {
		...status,
		messageId: pair.messageId,
		phoneNumber: pair.phoneNumber,
		isSpam: parseStatusFlag(line.isSpam) ?? null,
	};
}

/**
 * `POST /multi-status`: the status of up to 500 (message ID, number) pairs, one
 * line each, in order. Asked for in JSON whatever the options say (see api/sms.ts).
 * A line SMS Partner did not find fails alone; an answer that cannot be matched
 * line by line throws (every pair of the request fails with it).
 */
export async function fetchMultiStatus(
	this: SmsPartnerContext,
	pairs: Array<{ messageId: string; phoneNumber: string }>,
	options: RequestOptions,
): Promise<Array<PairStatus | SmsPartnerError>> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.multiStatus,
		fields: {
			SMSStatut_List: pairs.map((pair) => ({
				phoneNumber: pair.phoneNumber,
				messageId: messageIdForBody(pair.messageId),
			})),
		},
		...options,
		format: 'json',
	});
	const list = answer.fields.StatutResponse_List;
	if (
		!Array.isArray(list) ||
		list.length !== pairs.length ||
		!list.every((raw, index) => pairMatches(raw, pairs[index]))
	) {
		throw incompleteSuccess(
			answer.status,
			`StatutResponse_List with one line per message ID and number asked, in order (${pairs.length})`,
			ENDPOINTS.multiStatus,
		);
	}
	return list.map((raw, index) => pairLine(raw, pairs[index], answer));
}

export interface TaggedStatus extends RecipientStatus {
	/** The recipient's message, when SMS Partner names it. */
	messageId: string | null;
}

/** Pages read at most for one tag: a server that never ends its pages cannot hold the run. */
export const MAX_TAG_PAGES = 1_000;

/**
 * `GET /bulk-status-by-tag`: every recipient of every message sent with the tag,
 * page after page until `total` recipients are read (or a page comes back empty).
 */
export async function fetchStatusesByTag(
	this: SmsPartnerContext,
	tag: string,
	options: RequestOptions,
): Promise<TaggedStatus[]> {
	const statuses: TaggedStatus[] = [];
	for (let page = 1; page <= MAX_TAG_PAGES; page++) {
		const answer = await requestSmsPartner.call(this, {
			endpoint: ENDPOINTS.bulkStatusByTag,
			fields: { tag, page },
			...options,
			format: 'json',
		});
		const list = answer.fields.StatutResponse_List;
		if (!Array.isArray(list))
			throw incompleteSuccess(answer.status, 'StatutResponse_List', ENDPOINTS.bulkStatusByTag);
		// A server that does not take `page` answers its first page again: never read twice.
		const currentPage = parseInteger(answer.fields.currentPage);
		if (page > 1 && currentPage !== undefined && currentPage !== page) break;
		for (const entry of list) {
			const fields = parseObject(entry);
			const status = parseStatus(
				fields,
				'status',
				fields.stopSMS === undefined ? 'stopSms' : 'stopSMS',
			);
			const messageId = parseMessageId(answer, fields.messageId ?? fields.message_id);
			statuses.push({ messageId: messageId ?? null, ...status });
		}
		const total = parseInteger(answer.fields.total);
		if (list.length === 0 || total === undefined || statuses.length >= total) break;
	}
	return statuses;
}
