/**
 * Reading what SMS Partner posts to n8n (api/callbacks.ts): a reply, a STOP, a message
 * to a long number, or a delivery report. Like its answers, a callback is hostile until
 * proven otherwise: anyone who learns the URL can post anything. So every value is read
 * by a reader that gives null for what does not look like what it claims to be, and the
 * payload is kept whole beside the normalised fields (`raw`): a report is never dropped
 * because a field is missing.
 */
import { createHash } from 'node:crypto';

import {
	DELIVERY_REPORT_FIELDS,
	HLR_ERROR_GROUPS,
	HLR_ERRORS,
	HLR_INVALID_NUMBER_ERRORS,
	HLR_INVALID_NUMBER_STATUSES,
	HLR_RESULT_FIELDS,
	HLR_RESULT_SIGNATURE,
	HLR_STATUS_GROUPS,
	HLR_STATUSES,
	LONG_NUMBER_FIELDS,
	REPLY_FIELDS,
	REPLY_TYPES,
	type HlrErrorGroup,
	type HlrStatusGroup,
} from '../api/callbacks';
import { parseAnswerPhoneNumber } from '../helpers/phoneNumbers';
import { isoInParis } from '../helpers/schedule';
import { parseJsonExactly } from './exactJson';
import {
	parseAmount,
	parseDateTime,
	parseDeliveryStatus,
	parseId,
	parseInteger,
	parseStatusFlag,
	type DeliveryStatus,
} from './values';

export type CallbackEvent = 'reply' | 'stop' | 'deliveryReport' | 'longNumberMessage' | 'hlrResult';

/** A callback's fields: query parameters and body merged, as posted. */
export type CallbackFields = Record<string, unknown>;

/** Larger bodies are refused (413): SMS Partner's callbacks are a few hundred bytes. */
export const MAX_CALLBACK_BYTES = 64 * 1024;
/** More fields than this is no callback of SMS Partner's. */
const MAX_FIELDS = 200;
/** A long SMS has at most 255 parts (its `concat-total` is one byte in the SMS header). */
export const MAX_PARTS = 255;

export interface CallbackRequest {
	method: string;
	query: unknown;
	body: unknown;
	/** The body as received, when n8n kept it (it does for webhooks). */
	rawBody?: unknown;
	contentType?: string;
	/** Query parameters the URL itself carries, not SMS Partner's (the trigger's secret). */
	ignoredQuery?: readonly string[];
}

export type CallbackReading =
	| { fields: CallbackFields }
	| { problem: string; httpStatus: 400 | 413 };

/** JSON text parsed with long ids kept exact; undefined for text that is not JSON. */
function parseJsonText(text: string): unknown {
	try {
		return parseJsonExactly(text);
	} catch {
		return undefined;
	}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

function byteLength(value: unknown): number {
	if (Buffer.isBuffer(value)) return value.length;
	if (typeof value === 'string') return Buffer.byteLength(value);
	return 0;
}

/** A body n8n left unparsed (text/plain, no content type): JSON, else a form, else unreadable. */
function parseUnparsedBody(text: string): Record<string, unknown> | undefined {
	const trimmed = text.trim();
	if (trimmed === '') return {};
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		const parsed = parseJsonText(trimmed);
		return isPlainObject(parsed) ? parsed : undefined;
	}
	if (!/^[^=&\s]+=[^\s]*$/.test(trimmed)) return undefined;
	// From entries, so that a field named `__proto__` stays a field (see readCallbackFields).
	return Object.fromEntries(new URLSearchParams(trimmed));
}

const MALFORMED_JSON = Symbol('malformed JSON');
const JSON_NOT_AN_OBJECT = Symbol('JSON that is not an object');

/**
 * The JSON body as sent, with ids of more than 15 digits kept exact (see exactJson.ts).
 * JSON that is not an object (an array, a string, a number, null) is refused as such: a
 * JSON string such as "type=stop&…" is not a form.
 */
function exactJsonBody(request: CallbackRequest): unknown {
	const raw = request.rawBody;
	if (!/\bjson\b/i.test(request.contentType ?? '')) return request.body;
	const text = Buffer.isBuffer(raw)
		? raw.toString('utf8')
		: typeof raw === 'string'
			? raw
			: undefined;
	if (text === undefined || text.trim() === '') return request.body;
	const parsed = parseJsonText(text);
	if (parsed === undefined) return MALFORMED_JSON;
	return isPlainObject(parsed) ? parsed : JSON_NOT_AN_OBJECT;
}

/**
 * The callback's fields, or why it is refused: too large (413), or a body that is not an
 * object of fields, or nothing at all (400). GET carries its fields in the query; POST in
 * its body (JSON or form), with any query parameters beside them.
 */
export function readCallbackFields(request: CallbackRequest): CallbackReading {
	const size = byteLength(request.rawBody);
	if (size > MAX_CALLBACK_BYTES)
		return {
			problem: `The body is ${size} bytes; at most ${MAX_CALLBACK_BYTES} are read`,
			httpStatus: 413,
		};
	let body: unknown = exactJsonBody(request);
	if (body === MALFORMED_JSON) return { problem: 'The body is not valid JSON', httpStatus: 400 };
	if (body === JSON_NOT_AN_OBJECT)
		return { problem: 'The body is JSON but not an object of fields', httpStatus: 400 };
	if (body === undefined || body === null || body === '') body = {};
	if (Buffer.isBuffer(body) || typeof body === 'string') {
		const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
		if (Buffer.byteLength(text) > MAX_CALLBACK_BYTES)
			return { problem: `The body is larger than ${MAX_CALLBACK_BYTES} bytes`, httpStatus: 413 };
		body = parseUnparsedBody(text);
	}
	if (isPlainObject(body) && Object.keys(body).length === 0 && request.rawBody !== undefined) {
		const raw = Buffer.isBuffer(request.rawBody)
			? request.rawBody.toString('utf8')
			: typeof request.rawBody === 'string'
				? request.rawBody
				: '';
		if (raw.trim() !== '') body = parseUnparsedBody(raw);
	}
	if (!isPlainObject(body))
		return {
			problem: 'The body is not an object of fields (JSON object or form)',
			httpStatus: 400,
		};
	const query = isPlainObject(request.query) ? request.query : {};
	// Built from entries, so that every name is a field of its own: assigning `__proto__`
	// (a name JSON and forms may carry) would set the object's prototype and lose it.
	const fields: CallbackFields = Object.fromEntries([
		...Object.entries(query).filter(([name]) => !request.ignoredQuery?.includes(name)),
		...Object.entries(body),
	]);
	const count = Object.keys(fields).length;
	if (count === 0) return { problem: 'The request carries no fields', httpStatus: 400 };
	if (count > MAX_FIELDS)
		return {
			problem: `The request carries ${count} fields; at most ${MAX_FIELDS} are read`,
			httpStatus: 413,
		};
	return { fields };
}

/** A scalar field as text: numbers and booleans written out; objects and arrays are no text. */
function fieldText(fields: CallbackFields, name: string): string | undefined {
	const value = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'boolean') return String(value);
	return undefined;
}

/** The first of several possible names a report uses (case-insensitive). */
function firstField(fields: CallbackFields, names: readonly string[]): string | undefined {
	const byLowerName = new Map<string, string>();
	for (const name of Object.keys(fields)) {
		const lower = name.toLowerCase();
		if (!byLowerName.has(lower)) byLowerName.set(lower, name);
	}
	for (const name of names) {
		const actual = byLowerName.get(name.toLowerCase());
		const text = actual === undefined ? undefined : fieldText(fields, actual);
		if (text !== undefined && text.trim() !== '') return text;
	}
	return undefined;
}

/**
 * Which callback this is: SMS Partner's reply JSON names its `type` (response or stop) and
 * `phone_number`; a long-number message has `msisdn` and a text; an HLR result has one of
 * the HLR names (HLR_RESULT_SIGNATURE) and no delivery status; whatever else reaches the
 * URL is taken for a delivery report, whose form nobody documents.
 */
export function classifyCallback(fields: CallbackFields): CallbackEvent {
	const type = fieldText(fields, REPLY_FIELDS.type)?.trim().toLowerCase();
	const hasReplier = fieldText(fields, REPLY_FIELDS.phoneNumber) !== undefined;
	if (hasReplier && type === REPLY_TYPES.stop) return 'stop';
	if (hasReplier && type === REPLY_TYPES.reply) return 'reply';
	if (
		fieldText(fields, LONG_NUMBER_FIELDS.from) !== undefined &&
		fieldText(fields, LONG_NUMBER_FIELDS.text) !== undefined &&
		firstField(fields, DELIVERY_REPORT_FIELDS.status) === undefined
	)
		return 'longNumberMessage';
	if (
		firstField(fields, DELIVERY_REPORT_FIELDS.status) === undefined &&
		firstField(fields, HLR_RESULT_SIGNATURE) !== undefined
	)
		return 'hlrResult';
	return 'deliveryReport';
}

/**
 * A number as a callback gives it, in international form: `+336…` as replies give it, or
 * the digits of a long-number callback (`33612345678`), which carry their country code.
 * Null when it reads as no phone number.
 */
export function parseCallbackPhoneNumber(value: string | undefined): string | null {
	if (value === undefined) return null;
	const answer = parseAnswerPhoneNumber(value);
	if (answer !== undefined) return answer;
	const digits = value.trim();
	return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
}

/** An id as text exactly as sent; null for what is no id. */
function callbackId(value: string | undefined): string | null {
	return parseId(value?.trim()) ?? null;
}

/**
 * No moment a callback gives is older than this: no SMS was sent before, and Paris's clocks
 * were not on +01:00/+02:00 before 1940 (local mean time until 1911, then +00:00), which a
 * date of year 0 or 1900 would otherwise be written with.
 */
const EARLIEST_CALLBACK_MOMENT = Date.UTC(1970, 0, 1);

/** A moment the callback gives (Paris wall time or unix seconds), as ISO; undefined when it is none. */
function callbackMoment(given: string | undefined): string | undefined {
	const iso = given === undefined ? undefined : parseDateTime(given);
	if (iso === undefined) return undefined;
	const epoch = Date.parse(iso);
	return Number.isFinite(epoch) && epoch >= EARLIEST_CALLBACK_MOMENT ? iso : undefined;
}

/** A moment the callback gives, else when n8n received it. */
function momentOr(given: string | undefined, receivedAt: number): string {
	return callbackMoment(given) ?? isoInParis(receivedAt);
}

export interface Reply {
	event: 'reply' | 'stop';
	/** The send replied to. */
	messageId: string | null;
	phoneNumber: string | null;
	text: string | null;
	receivedAt: string;
}

export function parseReply(fields: CallbackFields, receivedAt: number): Reply {
	const type = fieldText(fields, REPLY_FIELDS.type)?.trim().toLowerCase();
	return {
		event: type === REPLY_TYPES.stop ? 'stop' : 'reply',
		messageId: callbackId(fieldText(fields, REPLY_FIELDS.messageId)),
		phoneNumber: parseCallbackPhoneNumber(fieldText(fields, REPLY_FIELDS.phoneNumber)),
		text: fieldText(fields, REPLY_FIELDS.text) ?? null,
		receivedAt: isoInParis(receivedAt),
	};
}

export interface DeliveryReport {
	event: 'deliveryReport';
	messageId: string | null;
	phoneNumber: string | null;
	/** In the words Get Status uses: delivered, notDelivered, waiting, unknown. */
	status: DeliveryStatus;
	smsPartnerStatus: string | null;
	/** When the status was reached, where the report says so (ISO, Paris offset). */
	statusAt: string | null;
	cost: number | null;
	tag: string | null;
	receivedAt: string;
}

export function parseDeliveryReport(fields: CallbackFields, receivedAt: number): DeliveryReport {
	const date = firstField(fields, DELIVERY_REPORT_FIELDS.date);
	const tag = firstField(fields, DELIVERY_REPORT_FIELDS.tag);
	return {
		event: 'deliveryReport',
		messageId: callbackId(firstField(fields, DELIVERY_REPORT_FIELDS.messageId)),
		phoneNumber: parseCallbackPhoneNumber(firstField(fields, DELIVERY_REPORT_FIELDS.phoneNumber)),
		...parseDeliveryStatus(firstField(fields, DELIVERY_REPORT_FIELDS.status)),
		statusAt: callbackMoment(date) ?? null,
		cost: parseAmount(firstField(fields, DELIVERY_REPORT_FIELDS.cost)) ?? null,
		tag: tag !== undefined && tag.length <= 64 ? tag : null,
		receivedAt: isoInParis(receivedAt),
	};
}

/** In the node's words: what an HLR result says of the number. */
export type HlrVerdict =
	/** Live on a network: the lookup reached it, no error. */
	| 'reachable'
	/** The number may exist, but the lookup did not reach it now (phone off, away, network trouble). */
	| 'unreachable'
	/** No subscriber has the number (unknown, barred or suspended for good, wrong prefix or length). */
	| 'invalid'
	/** Blacklisted or opted out of traffic (DND): SMS to it will be refused. */
	| 'blocked'
	/** SMS Partner says the lookup is still under way. */
	| 'pending'
	/** The result says too little, or the lookup itself failed. */
	| 'unknown';

export interface HlrError {
	/** The error's group, 0–3 (SMS Partner's errorGrpId), when it can be told. */
	groupId: number | null;
	group: HlrErrorGroup | null;
	/** SMS Partner's errorId. */
	id: number | null;
	/** SMS Partner's error name, e.g. EC_UNKNOWN_SUBSCRIBER. */
	name: string | null;
	description: string | null;
	/** Whether asking again would change nothing, as SMS Partner's table says. */
	permanent: boolean | null;
}

export interface HlrStatus {
	groupId: number | null;
	group: HlrStatusGroup | null;
	id: number | null;
	name: string | null;
	description: string | null;
}

export interface HlrResult {
	event: 'hlrResult';
	/** The lookup's id for this number, as SMS Partner gives it (not the campaign's). */
	messageId: string | null;
	phoneNumber: string | null;
	status: HlrVerdict;
	/** true: reachable; false: unreachable, invalid or blocked; null: pending or unknown. */
	reachable: boolean | null;
	ported: boolean | null;
	roaming: boolean | null;
	/** The network's code: country (MCC, 3 digits) and network (MNC, 2 or 3). */
	mccMnc: string | null;
	mcc: string | null;
	mnc: string | null;
	/** The network's name, when the result gives one (the documented example does not). */
	network: string | null;
	error: HlrError | null;
	hlrStatus: HlrStatus | null;
	/** When SMS Partner made the lookup (ISO, Paris offset), where the result says so. */
	checkedAt: string | null;
	receivedAt: string;
}

const MAX_HLR_WORD_LENGTH = 64;
const MAX_HLR_DESCRIPTION_LENGTH = 200;
/** An error or status name as SMS Partner writes them: NO_ERROR, EC_ABSENT_SUBSCRIBER. */
const HLR_NAME = /^[A-Z][A-Z0-9_]*$/;

const HLR_ERRORS_BY_ID = new Map<number, readonly [string, 0 | 1 | 2 | 3, boolean]>();
for (const [name, [id, group, permanent]] of Object.entries(HLR_ERRORS))
	if (!HLR_ERRORS_BY_ID.has(id)) HLR_ERRORS_BY_ID.set(id, [name, group, permanent]);

const STATUS_GROUP_OF_PREFIX: Record<string, keyof typeof HLR_STATUS_GROUPS> = {
	PENDING: 1,
	UNDELIVERABLE: 2,
	DELIVERED: 3,
	EXPIRED: 4,
	REJECTED: 5,
};

function hlrName(value: string | undefined): string | null {
	const name = value?.trim().toUpperCase();
	return name && name.length <= MAX_HLR_WORD_LENGTH && HLR_NAME.test(name) ? name : null;
}

function shortCallbackText(value: string | undefined, most: number): string | null {
	const text = value?.trim();
	return text && text.length <= most ? text : null;
}

/**
 * The error an HLR result gives. errorGrpId is read both ways SMS Partner's pages give
 * it: its error page makes it the group (0–3) beside an errorId; its older HLR page heads
 * its table of error ids (1, 5, 6, 27…) with it. The two readings agree on 0 (no error)
 * and on 1 (a handset error, perhaps unknown subscriber), and an id above 3 can only be
 * an id. errorName, when known, settles it.
 */
function parseHlrError(fields: CallbackFields): HlrError | null {
	const groupText = firstField(fields, HLR_RESULT_FIELDS.errorGroupId);
	const idText = firstField(fields, HLR_RESULT_FIELDS.errorId);
	const nameText = firstField(fields, HLR_RESULT_FIELDS.errorName);
	const description = firstField(fields, HLR_RESULT_FIELDS.errorDescription);
	const permanentText = firstField(fields, HLR_RESULT_FIELDS.errorPermanent);
	if ([groupText, idText, nameText, description].every((text) => text === undefined)) return null;
	let name = hlrName(nameText);
	let id = parseInteger(idText?.trim());
	const groupGiven = parseInteger(groupText?.trim());
	let known = name === null ? undefined : HLR_ERRORS[name];
	if (!known && id !== undefined) {
		const byId = HLR_ERRORS_BY_ID.get(id);
		if (byId && name === null) name = byId[0];
		known = byId && HLR_ERRORS[byId[0]];
	}
	let group: number | undefined = known?.[1];
	if (group === undefined && groupGiven !== undefined) {
		if (groupGiven <= 3) group = groupGiven;
		else {
			const byId = HLR_ERRORS_BY_ID.get(groupGiven);
			if (byId) {
				id ??= groupGiven;
				name ??= byId[0];
				known = HLR_ERRORS[byId[0]];
				group = byId[1];
			}
		}
	}
	if (known) id ??= known[0];
	const permanent =
		parseStatusFlag(permanentText?.trim()) ?? known?.[2] ?? (group === 0 ? false : null);
	return {
		groupId: group ?? null,
		group: group === undefined ? null : HLR_ERROR_GROUPS[group as keyof typeof HLR_ERROR_GROUPS],
		id: id ?? null,
		name,
		description: shortCallbackText(description, MAX_HLR_DESCRIPTION_LENGTH),
		permanent,
	};
}

function parseHlrStatus(fields: CallbackFields): HlrStatus | null {
	const groupText = firstField(fields, HLR_RESULT_FIELDS.statusGroupId);
	const idText = firstField(fields, HLR_RESULT_FIELDS.statusId);
	const nameText = firstField(fields, HLR_RESULT_FIELDS.statusName);
	const description = firstField(fields, HLR_RESULT_FIELDS.statusDescription);
	if ([groupText, idText, nameText, description].every((text) => text === undefined)) return null;
	const id = parseInteger(idText?.trim());
	const byId = id === undefined ? undefined : HLR_STATUSES[id];
	const name = hlrName(nameText) ?? byId?.[0] ?? null;
	const groupGiven = parseInteger(groupText?.trim());
	const group =
		(groupGiven !== undefined && groupGiven >= 1 && groupGiven <= 5 ? groupGiven : undefined) ??
		byId?.[1] ??
		(name === null ? undefined : STATUS_GROUP_OF_PREFIX[name.split('_')[0]]);
	return {
		groupId: group ?? null,
		group: group === undefined ? null : HLR_STATUS_GROUPS[group as keyof typeof HLR_STATUS_GROUPS],
		id: id ?? null,
		name,
		description: shortCallbackText(description, MAX_HLR_DESCRIPTION_LENGTH),
	};
}

/** What the result says of the number, the most telling fact first (see HlrVerdict). */
function hlrVerdict(error: HlrError | null, status: HlrStatus | null): HlrVerdict {
	if (
		(error?.name && HLR_INVALID_NUMBER_ERRORS.includes(error.name)) ||
		(status?.name && HLR_INVALID_NUMBER_STATUSES.includes(status.name))
	)
		return 'invalid';
	if (
		error?.group === 'userError' ||
		error?.name === 'EC_DEST_ADDRESS_BLACKLISTED' ||
		status?.name === 'REJECTED_DND'
	)
		return 'blocked';
	if (error?.group === 'handsetError' || error?.group === 'operatorError') return 'unreachable';
	if (status?.group === 'pending') return 'pending';
	if (status?.group === 'undeliverable' || status?.group === 'expired') return 'unreachable';
	if (status?.group === 'rejected') return 'unknown';
	if (error?.group === 'ok') return 'reachable';
	if (status?.group === 'delivered' && error === null) return 'reachable';
	return 'unknown';
}

const ISO_WITH_OFFSET =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 moment with its offset ('2018-03-05T10:34:52.355+0000', as the HLR example writes it). */
function isoMoment(text: string): number | undefined {
	const match = ISO_WITH_OFFSET.exec(text.trim());
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
	if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59)
		return undefined;
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
	const zone = match[8];
	let offsetMinutes = 0;
	if (zone !== 'Z') {
		const [hours, minutes] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
		if (hours > 14 || minutes > 59) return undefined;
		offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
	}
	const milliseconds = Number((match[7] ?? '0').slice(0, 3).padEnd(3, '0'));
	return (
		Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMinutes * 60_000
	);
}

/** The lookup's moment: ISO with an offset, else as SMS Partner's other dates (Paris wall time, unix seconds). */
function hlrMoment(given: string | undefined): string | null {
	if (given === undefined) return null;
	const epoch = isoMoment(given);
	if (epoch !== undefined) return isoInParis(epoch);
	return callbackMoment(given) ?? null;
}

const MCC_MNC = /^(\d{3})(\d{2,3})$/;

export function parseHlrResult(fields: CallbackFields, receivedAt: number): HlrResult {
	const error = parseHlrError(fields);
	const hlrStatus = parseHlrStatus(fields);
	const status = hlrVerdict(error, hlrStatus);
	const flag = (names: readonly string[]) =>
		parseStatusFlag(firstField(fields, names)?.trim().toLowerCase()) ?? null;
	const code = MCC_MNC.exec(firstField(fields, HLR_RESULT_FIELDS.mccMnc)?.trim() ?? '');
	return {
		event: 'hlrResult',
		messageId: callbackId(firstField(fields, HLR_RESULT_FIELDS.messageId)),
		phoneNumber: parseCallbackPhoneNumber(firstField(fields, HLR_RESULT_FIELDS.phoneNumber)),
		status,
		reachable:
			status === 'reachable'
				? true
				: status === 'unreachable' || status === 'invalid' || status === 'blocked'
					? false
					: null,
		ported: flag(HLR_RESULT_FIELDS.ported),
		roaming: flag(HLR_RESULT_FIELDS.roaming),
		mccMnc: code ? code[0] : null,
		mcc: code ? code[1] : null,
		mnc: code ? code[2] : null,
		network: shortCallbackText(firstField(fields, HLR_RESULT_FIELDS.network), MAX_HLR_WORD_LENGTH),
		error,
		hlrStatus,
		checkedAt: hlrMoment(firstField(fields, HLR_RESULT_FIELDS.date)),
		receivedAt: isoInParis(receivedAt),
	};
}

export interface LongNumberPart {
	messageId: string | null;
	phoneNumber: string | null;
	/** The long number written to. */
	to: string | null;
	text: string;
	keyword: string | null;
	receivedAt: string;
	/** Set on a part of a long SMS: which message, which part of how many. */
	concat: { ref: string; part: number; total: number } | null;
}

function partNumber(value: string | undefined): number | undefined {
	if (value === undefined || !/^\s*\d{1,3}\s*$/.test(value)) return undefined;
	const number = Number(value);
	return number >= 1 && number <= MAX_PARTS ? number : undefined;
}

export function parseLongNumberPart(fields: CallbackFields, receivedAt: number): LongNumberPart {
	const ref = fieldText(fields, LONG_NUMBER_FIELDS.concatRef)?.trim();
	const part = partNumber(fieldText(fields, LONG_NUMBER_FIELDS.concatPart));
	const total = partNumber(fieldText(fields, LONG_NUMBER_FIELDS.concatTotal));
	const concatenated =
		ref !== undefined &&
		ref !== '' &&
		ref.length <= 64 &&
		part !== undefined &&
		total !== undefined &&
		part <= total &&
		total > 1;
	const keyword = fieldText(fields, LONG_NUMBER_FIELDS.keyword);
	return {
		messageId: callbackId(fieldText(fields, LONG_NUMBER_FIELDS.messageId)),
		phoneNumber: parseCallbackPhoneNumber(fieldText(fields, LONG_NUMBER_FIELDS.from)),
		to: parseCallbackPhoneNumber(fieldText(fields, LONG_NUMBER_FIELDS.to)),
		text: fieldText(fields, LONG_NUMBER_FIELDS.text) ?? '',
		keyword: keyword !== undefined && keyword.length <= 160 ? keyword : null,
		receivedAt: momentOr(fieldText(fields, LONG_NUMBER_FIELDS.timestamp), receivedAt),
		concat: concatenated ? { ref, part, total } : null,
	};
}

/** Stable over key order: the same callback posted twice gives the same fingerprint. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (isPlainObject(value))
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
			.join(',')}}`;
	return JSON.stringify(value) ?? 'null';
}

/** What tells a callback from another: its kind and its fields, whatever their order or encoding. */
export function callbackFingerprint(event: CallbackEvent, fields: CallbackFields): string {
	const normalised: Record<string, unknown> = Object.fromEntries(
		Object.entries(fields).map(([name, value]) => [
			name,
			typeof value === 'number' || typeof value === 'boolean' ? String(value) : value,
		]),
	);
	return createHash('sha256')
		.update(`${event}\n${canonical(normalised)}`)
		.digest('base64url');
}
