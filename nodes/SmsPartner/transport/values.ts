import type { IDataObject } from 'n8n-workflow';

import type { ValueKind } from '../api/common';
import { isoInParis, parisWallTimeToEpoch } from '../helpers/schedule';
import { isEmailAddress } from '../helpers/shapes';

/**
 * Readers for the values inside SMS Partner's answers. Each gives the value in
 * the node's own type, or undefined when it does not look like what it claims to
 * be: an answer is hostile until proven otherwise, so output fields are built
 * only from values that pass, and positional XML is refused when one does not.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;
const CURRENCY = /^[A-Z]{3}$/;
const WORD = /^[A-Za-z_]+$/;
// A token names a subaccount: one word, no address, no markup.
const TOKEN = /^[^\s@<>"'\\]{1,128}$/;

/**
 * A balance or price: 61.8, or "61.800" as SMS Partner often sends it. Never one
 * that is not a finite number ("1" and 400 zeros reads as Infinity): unreadable.
 */
export function parseAmount(value: unknown): number | undefined {
	const amount =
		typeof value === 'number'
			? value
			: typeof value === 'string' && DECIMAL.test(value.trim())
				? Number(value)
				: undefined;
	return amount !== undefined && Number.isFinite(amount) ? amount : undefined;
}

export function parseInteger(value: unknown): number | undefined {
	if (typeof value === 'number')
		return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
	if (typeof value === 'string' && INTEGER.test(value.trim())) {
		const number = Number(value);
		return Number.isSafeInteger(number) ? number : undefined;
	}
	return undefined;
}

/** An ISO 4217 code such as "EUR". */
export function parseCurrency(value: unknown): string | undefined {
	return typeof value === 'string' && CURRENCY.test(value) ? value : undefined;
}

export function parseToken(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	return typeof value === 'string' && TOKEN.test(value) ? value : undefined;
}

/**
 * An id SMS Partner gave (a message, a STOP entry): opaque text, kept exactly as
 * sent. A JSON number counts only when it is exact; longer ones reach here as
 * text (see exactJson.ts).
 */
export function parseId(value: unknown): string | undefined {
	const id = parseToken(value);
	// SMS Partner numbers its messages and STOP entries from 1: zero or a negative number, as a
	// JSON number or as text, is no id.
	return id !== undefined && !/^(?:0+|-\d+)$/.test(id) ? id : undefined;
}

/**
 * An id SMS Partner gave, as text exactly as sent; never one that holds the API
 * key (a hostile server echoing it), which would only come out masked by the
 * answer's `quote`.
 */
export function parseAnswerId(
	answer: { quote: (text: string) => string },
	value: unknown,
): string | undefined {
	const id = parseId(value);
	return id !== undefined && answer.quote(id) === id ? id : undefined;
}

/**
 * The id of a message SMS Partner sent: it numbers them (an int, or its digits as text), so
 * "1.5" or "abc" is no message id, whatever else the answer says.
 */
export function parseMessageId(
	answer: { quote: (text: string) => string },
	value: unknown,
): string | undefined {
	const id = parseAnswerId(answer, value);
	return id !== undefined && INTEGER.test(id) ? id : undefined;
}

/** A nested object of an answer, or an empty one: each of its values is read by the readers here. */
export function parseObject(value: unknown): IDataObject {
	return (value !== null && typeof value === 'object' ? value : {}) as IDataObject;
}

export function parseEmail(value: unknown): string | undefined {
	return typeof value === 'string' && isEmailAddress(value) ? value : undefined;
}

export function parseWord(value: unknown): string | undefined {
	return typeof value === 'string' && WORD.test(value) ? value : undefined;
}

export function parseText(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/** `success` as JSON gives it: only a real boolean counts. */
export function parseJsonFlag(value: unknown): boolean | undefined {
	return typeof value === 'boolean' ? value : undefined;
}

/** `success` as positional XML gives it: the text true/false or 1/0. */
export function parseXmlFlag(value: unknown): boolean | undefined {
	if (value === 'true' || value === '1') return true;
	if (value === 'false' || value === '0') return false;
	return undefined;
}

/** A yes/no as SMS Partner's status answers give it: true/false, or "1"/"0" as text or number. */
export function parseStatusFlag(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 1 || value === '1' || value === 'true') return true;
	if (value === 0 || value === '0' || value === 'false') return false;
	return undefined;
}

const UNIX_SECONDS = /^\d{9,11}$/;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A date as ISO 8601 with the Paris offset, whichever form SMS Partner used:
 * unix seconds (as text or number), or "YYYY-MM-DD HH:MM:SS" in Paris time.
 */
export function parseDateTime(value: unknown): string | undefined {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (UNIX_SECONDS.test(text)) return isoInParis(Number(text) * 1000);
	const wall = WALL_TIME.exec(text);
	if (!wall) return undefined;
	const [year, month, day, hour, minute, second] = wall.slice(1).map((part) => Number(part ?? 0));
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
		return undefined;
	return isoInParis(parisWallTimeToEpoch({ year, month, day, hour, minute, second }));
}

const READERS: Record<ValueKind, (value: unknown) => unknown> = {
	flag: parseXmlFlag,
	integer: parseInteger,
	amount: parseAmount,
	currency: parseCurrency,
	token: parseToken,
	email: parseEmail,
	word: parseWord,
	text: parseText,
};

/** Whether a positional XML value looks like the kind its place says it is. */
export function fitsKind(value: unknown, kind: ValueKind): boolean {
	return READERS[kind](value) !== undefined;
}

/** A delivery status in the node's words, as Get Status and the webhook trigger give it. */
export type DeliveryStatus = 'delivered' | 'notDelivered' | 'waiting' | 'unknown';

const MAX_STATUS_LENGTH = 60;

const STATUS_WORDS: Record<string, DeliveryStatus> = {
	delivered: 'delivered',
	delivrd: 'delivered',
	'not delivered': 'notDelivered',
	undeliv: 'notDelivered',
	undelivered: 'notDelivered',
	expired: 'notDelivered',
	rejectd: 'notDelivered',
	rejected: 'notDelivered',
	ko: 'notDelivered',
	waiting: 'waiting',
	pending: 'waiting',
	acceptd: 'waiting',
	accepted: 'waiting',
	enroute: 'waiting',
};

/**
 * A delivery status in the node's words, and SMS Partner's own word beside it. A status
 * is a word or two: anything longer is not one, and is left out whole (never cut).
 */
export function parseDeliveryStatus(value: unknown): {
	status: DeliveryStatus;
	smsPartnerStatus: string | null;
} {
	const given = (typeof value === 'number' ? String(value) : parseText(value))?.trim();
	const word = given && given.length <= MAX_STATUS_LENGTH ? given : null;
	return {
		status: (word && STATUS_WORDS[word.toLowerCase()]) || 'unknown',
		smsPartnerStatus: word,
	};
}
