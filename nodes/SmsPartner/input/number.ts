/**
 * What the number checks take: any phone number, a landline as much as a mobile
 * (finding which it is is the point), checked before anything is sent.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from '../helpers/errors';
import { isHttpUrl } from '../helpers/shapes';
import { describeType, getParameter } from './parameters';

const WRITTEN_NUMBER = /^\+?[\d\s.\-()/]+$/;
/** E.164 allows 15 digits; national forms with a trunk zero, a few more. */
const MIN_DIGITS = 3;
const MAX_DIGITS = 17;

/** One phone number as written (spaces, dots, dashes, brackets): its digits, with its + when it has one. */
export function validateNumberToCheck(value: unknown, label = 'Phone Number'): string {
	const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
	if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) {
		throw invalidInput(
			'phoneNumber',
			`${label} is empty: give the number to check, e.g. 06 12 34 56 78`,
		);
	}
	if (typeof text !== 'string') {
		throw invalidInput('phoneNumber', `${label} must be text, but it is ${describeType(value)}`);
	}
	const trimmed = text.trim();
	if (/[,;\n]/.test(trimmed)) {
		throw invalidInput(
			'phoneNumber',
			`${label} "${trimmed.slice(0, 60)}" looks like several numbers: give one number per item`,
		);
	}
	const digits = trimmed.replace(/\D/g, '');
	if (!WRITTEN_NUMBER.test(trimmed) || trimmed.indexOf('+') > 0) {
		throw invalidInput(
			'phoneNumber',
			`${label} "${trimmed.slice(0, 60)}" is not a phone number: only digits, with an optional leading +, spaces, dots, dashes and brackets`,
		);
	}
	if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) {
		throw invalidInput(
			'phoneNumber',
			`${label} "${trimmed}" has ${digits.length} digits: a phone number has ${MIN_DIGITS} to ${MAX_DIGITS}`,
		);
	}
	return internationalForm(trimmed.startsWith('+') ? `+${digits}` : digits);
}

/**
 * SMS Partner's number-check pages want numbers in international form (+336…):
 * 00… is written +…, and a French national number (0 and nine digits) +33…; any
 * other number goes as written, for SMS Partner to judge (that is the check).
 */
function internationalForm(number: string): string {
	if (number.startsWith('00')) return `+${number.slice(2)}`;
	if (/^0[1-9]\d{8}$/.test(number)) return `+33${number.slice(1)}`;
	return number;
}

/** Number › Check's Phone Number, checked. */
export function getNumberToCheck(this: IExecuteFunctions, itemIndex: number): string {
	return validateNumberToCheck(getParameter(this, 'phoneNumber', itemIndex, 'Phone Number'));
}

/** HLR Lookup's Notify URL: required, an http(s) address SMS Partner will post the result to. */
export function getNotifyUrl(this: IExecuteFunctions, itemIndex: number): string {
	const value = getParameter(this, 'notifyUrl', itemIndex, 'Notify URL');
	const text = typeof value === 'string' ? value.trim() : value;
	if (text === undefined || text === null || text === '') {
		throw invalidInput(
			'notifyUrl',
			"Notify URL is empty: give the address SMS Partner will post the result to, e.g. the SMS Partner Webhook Trigger's production URL",
		);
	}
	if (typeof text !== 'string' || !isHttpUrl(text)) {
		throw invalidInput(
			'notifyUrl',
			`Notify URL ${JSON.stringify(typeof text === 'string' ? text.slice(0, 80) : text)} is not an http(s) address, e.g. https://n8n.example.com/webhook/…`,
		);
	}
	return text;
}
