/**
 * The number checks, one function each (fetch*): what an operation sends, and
 * what it gets back, already read and checked.
 */
import { ENDPOINTS } from '../api/number';
import { incompleteSuccess } from './answer';
import type { RequestOptions, SmsPartnerContext } from './call';
import { requestSmsPartner } from './request';
import {
	parseAmount,
	parseAnswerId,
	parseCurrency,
	parseInteger,
	parseObject,
	parseText,
} from './values';

/** A number's kind in the node's words; SMS Partner's own word is kept beside it. */
export type NumberType = 'mobile' | 'landline' | 'other' | 'unknown';

const TYPE_WORDS: Record<string, NumberType> = {
	mobile: 'mobile',
	fixed: 'landline',
	'fixed line': 'landline',
	fixed_line: 'landline',
	landline: 'landline',
	fixe: 'landline',
};

export interface CheckedNumber {
	valid: boolean;
	type: NumberType;
	/** SMS Partner's own word: Mobile, Fixed line, … */
	smsPartnerType: string | null;
	network: string | null;
	countryCode: string | null;
	prefixCode: number | null;
	e164: string | null;
	international: string | null;
	national: string | null;
	rfc3966: string | null;
	/** Why SMS Partner found it not valid, in its words. */
	reason: string | null;
	/** What the check cost, when SMS Partner says (it documents none). */
	cost: number | null;
	currency: string | null;
}

const MAX_WORD_LENGTH = 80;

/** A short text of the answer (a network's name, a format), or null: never a long one. */
function shortText(value: unknown, quote: (text: string) => string): string | null {
	const text = parseText(value)?.trim();
	return text && text.length <= MAX_WORD_LENGTH ? quote(text) : null;
}

function parseNumberType(value: string | null): NumberType {
	if (value === null) return 'unknown';
	return TYPE_WORDS[value.toLowerCase()] ?? 'other';
}

/**
 * `POST /lookup` for one number: whether SMS Partner reads it as a valid number,
 * its kind, network and formats. Asked for in JSON whatever the options say (see api/number.ts).
 */
export async function fetchNumberCheck(
	this: SmsPartnerContext,
	phoneNumber: string,
	options: RequestOptions,
): Promise<CheckedNumber> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.lookup,
		fields: { phoneNumbers: phoneNumber },
		...options,
		format: 'json',
	});
	const list = answer.fields.lookup;
	if (!Array.isArray(list) || list.length !== 1) {
		throw incompleteSuccess(answer.status, 'lookup with one line for the number', ENDPOINTS.lookup);
	}
	const line = parseObject(list[0]);
	if (line.success !== true && line.success !== false) {
		throw incompleteSuccess(answer.status, 'lookup[].success', ENDPOINTS.lookup);
	}
	const text = (value: unknown) => shortText(value, answer.quote);
	const cost = parseAmount(line.cost ?? answer.fields.cost);
	const priced = {
		cost: cost !== undefined && cost >= 0 ? cost : null,
		currency: parseCurrency(line.currency ?? answer.fields.currency) ?? null,
	};
	if (line.success === false) {
		return {
			valid: false,
			type: 'unknown',
			smsPartnerType: null,
			network: null,
			countryCode: null,
			prefixCode: null,
			e164: null,
			international: null,
			national: null,
			rfc3966: null,
			reason: parseText(line.message) === undefined ? null : answer.quote(String(line.message)),
			...priced,
		};
	}
	const format = parseObject(line.format);
	const smsPartnerType = text(line.type);
	return {
		valid: true,
		type: parseNumberType(smsPartnerType),
		smsPartnerType,
		network: text(line.network),
		countryCode: text(line.countryCode),
		prefixCode: parseInteger(line.prefixCode) ?? null,
		e164: text(format.e164) ?? text(line.phoneNumber),
		international: text(format.international),
		national: text(format.national),
		rfc3966: text(format.rfc3966),
		reason: null,
		...priced,
	};
}

export interface HlrRequest {
	/** SMS Partner's `campaign_id`: names the lookup in the result it posts. */
	campaignId: string;
	/** SMS Partner's `number`: how many numbers it took. */
	numbers: number;
	cost: number;
	currency: string | null;
}

/**
 * `POST /hlr/notify`: asks SMS Partner for an HLR lookup of the number; the result
 * comes later, posted to `notifyUrl`. Billed: an unknown outcome is never sent again.
 */
export async function fetchHlrLookup(
	this: SmsPartnerContext,
	phoneNumber: string,
	notifyUrl: string,
	options: RequestOptions,
): Promise<HlrRequest> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.hlrNotify,
		fields: { phoneNumbers: phoneNumber, notifyUrl },
		...options,
	});
	const missing = (name: string) => incompleteSuccess(answer.status, name, ENDPOINTS.hlrNotify);
	const campaignId = parseAnswerId(answer, answer.fields.campaign_id);
	const numbers = parseInteger(answer.fields.number);
	const cost = parseAmount(answer.fields.cost);
	if (campaignId === undefined) throw missing('campaign_id');
	if (numbers === undefined || numbers < 1) throw missing('number');
	if (cost === undefined || cost < 0) throw missing('cost');
	return { campaignId, numbers, cost, currency: parseCurrency(answer.fields.currency) ?? null };
}
