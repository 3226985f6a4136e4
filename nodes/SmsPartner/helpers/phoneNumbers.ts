/**
 * Phone numbers as SMS Partner accepts them, written in E.164 (`+33612345678`).
 * - Spaces (every Unicode space: the non-breaking ones French formatting uses, tabs), zero-width
 *   characters, dots and dashes (also the typographic ones a word processor puts in) are removed;
 *   any other character refuses the number.
 * - French mobiles: national `06`/`07` + 8 digits, or `+33`/`0033` + 9 digits (a trunk 0 kept
 *   after the country code, `+33 0 6…`, is dropped).
 * - French overseas mobiles go with their own country code: see OVERSEAS_MOBILES.
 * - Other French numbers (01–05, 08, 09, national or after +33, 0033, 33, or an overseas
 *   code) are landlines or special numbers that cannot receive an SMS: refused as such.
 * - Other countries: `+` or `00`, then 8 to 15 digits starting 1–9.
 * - Nothing is guessed: digits without `+` or `00` (`33612345678`, or `612345678` whose 0 a
 *   spreadsheet lost) are refused.
 */

/** Removed before reading: \s covers the Unicode spaces (U+00A0, U+2000–U+200A, U+202F, U+3000, U+FEFF …). */
const FORMATTING = /[\s.\-\u2010-\u2015\u2212\u200b-\u200d\u2060\u00ad]/g;
/** Where a text of several numbers may be cut: spaces, tabs, slashes, bars, and before a `+`. */
const NUMBER_BOUNDARY = /[\s/|\u200b-\u200d\u2060]+|(?=\+)/;
const FRENCH_NATIONAL = /^0([1-9]\d{8})$/;
const INTERNATIONAL_PREFIX = /^(?:\+|00)(\d+)$/;
/** A French number written with its country code but without + or 00: refused, but named for what it is. */
const FRANCE_WITHOUT_PLUS = /^330?(\d{9})$/;
const FRANCE = '33';
/** E.164: a country code never starts with 0, and a number holds at most 15 digits. */
const INTERNATIONAL_DIGITS = /^[1-9]\d{7,14}$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const LIST_SEPARATORS = /[,;\r\n\u0085\u2028\u2029]+/;

/**
 * The country code of French overseas mobiles, by the first digits of their 9-digit national
 * number. Source: ARCEP, Plan national de numérotation (annex 1 of decision n° 2018-0881 as
 * amended, e.g. by n° 2022-1583), the mobile blocks 06 39 and 06 90–06 97 of the overseas
 * territories; and ARCEP's press releases "Last step in 10-digit numbering for overseas
 * départements" (19 October 2001: DOM mobiles are 06…) and "ARCEP continues the modernisation
 * of the numbering plan in Mayotte" (24 July 2006: Mayotte mobiles are 0639…, country code 262).
 * SMS Partner's documentation says nothing of overseas numbers (only `06…`, `+33…`, `+<cc>…`).
 */
const OVERSEAS_MOBILES: ReadonlyArray<readonly [prefix: string, countryCode: string]> = [
	['639', '262'], // Mayotte
	['690', '590'], // Guadeloupe, Saint-Martin, Saint-Barthélemy
	['691', '590'],
	['692', '262'], // La Réunion
	['693', '262'],
	['694', '594'], // Guyane
	['696', '596'], // Martinique
	['697', '596'],
];
/** Country codes that share France's national numbering plan (0 + 9 digits). */
const FRENCH_PLAN_CODES = [FRANCE, ...new Set(OVERSEAS_MOBILES.map(([, code]) => code))];
const FRENCH_MOBILE = /^[67]\d{8}$/;
const FRENCH_NUMBER = /^[1-9]\d{8}$/;

export type PhoneProblem = 'frenchLandline' | 'notMobile';
export type PhoneReading = { number: string } | { problem: PhoneProblem };

/** A French national significant number (9 digits, no trunk 0) → E.164, in its own territory. */
function frenchMobile(significant: string): PhoneReading {
	if (!FRENCH_NUMBER.test(significant)) return { problem: 'notMobile' };
	if (!FRENCH_MOBILE.test(significant)) return { problem: 'frenchLandline' };
	const overseas = OVERSEAS_MOBILES.find(([prefix]) => significant.startsWith(prefix));
	return { number: `+${overseas ? overseas[1] : FRANCE}${significant}` };
}

/**
 * Reads one number. A French overseas mobile written with France's code (`+33 6 90…`) is sent
 * with its own (`+590 690…`): the national number 0690… is the same number, and it is
 * Guadeloupe's in the plan, so nothing is guessed.
 */
export function parsePhoneNumber(raw: string): PhoneReading {
	if (typeof raw !== 'string') return { problem: 'notMobile' };
	const compact = raw.replace(FORMATTING, '');

	const national = FRENCH_NATIONAL.exec(compact);
	if (national) return frenchMobile(national[1]);

	const international = INTERNATIONAL_PREFIX.exec(compact);
	if (!international) {
		// Refused either way; a landline is said to be one, a mobile is not guessed.
		const withoutPlus = FRANCE_WITHOUT_PLUS.exec(compact);
		const reading = withoutPlus ? frenchMobile(withoutPlus[1]) : undefined;
		return reading && 'problem' in reading ? reading : { problem: 'notMobile' };
	}
	const digits = international[1];

	// A number in France's plan must be a whole French number: 9 digits after the code, a trunk 0 dropped.
	const code = FRENCH_PLAN_CODES.find((c) => digits.startsWith(c));
	if (code !== undefined) {
		const rest = digits.slice(code.length);
		const significant = rest.length === 10 && rest.startsWith('0') ? rest.slice(1) : rest;
		const reading = frenchMobile(significant);
		// An overseas code written by the user is kept: a +590 692… is not moved to La Réunion.
		if (code === FRANCE || 'problem' in reading) return reading;
		return { number: `+${code}${significant}` };
	}
	return INTERNATIONAL_DIGITS.test(digits) ? { number: `+${digits}` } : { problem: 'notMobile' };
}

/**
 * A rented long number as `/vn/send`'s `from` takes it: `336…` or `337…`, digits only. SMS
 * Partner rents French mobile-range numbers; its pages write them `336xxxxxxxx` (S5, W2) and
 * `+337XXXXXXXX` (its 2025 page). Read in any form a person writes one: `+33 7 00 00 00 00`,
 * `07 00 00 00 00`, `0033 7…`, `337…` (a trunk 0 kept after the code is dropped).
 */
export type LongNumberReading = { digits: string } | { problem: 'notFrench' | 'notMobileRange' };

const LONG_NUMBER = /^(?:(?:\+|00)?330?|0)([1-9]\d{8})$/;

export function parseLongNumber(raw: string): LongNumberReading {
	if (typeof raw !== 'string') return { problem: 'notFrench' };
	const french = LONG_NUMBER.exec(raw.replace(FORMATTING, ''));
	if (!french) return { problem: 'notFrench' };
	return FRENCH_MOBILE.test(french[1])
		? { digits: `${FRANCE}${french[1]}` }
		: { problem: 'notMobileRange' };
}

/** '+33612345678' for a number SMS Partner accepts, undefined otherwise. */
export function normalisePhoneNumber(raw: string): string | undefined {
	const reading = parsePhoneNumber(raw);
	return 'number' in reading ? reading.number : undefined;
}

/**
 * A number in one of SMS Partner's answers (a status, a STOP list entry): normalised like the
 * user's, but a number SMS Partner itself writes in E.164 is kept even where the user's would
 * be refused (a landline put on the STOP list from the dashboard is still that number).
 */
export function parseAnswerPhoneNumber(raw: string): string | undefined {
	const normalised = normalisePhoneNumber(raw);
	if (normalised !== undefined || typeof raw !== 'string') return normalised;
	const compact = raw.replace(FORMATTING, '');
	return E164.test(compact) ? compact : undefined;
}

/**
 * The numbers a text that is not one number holds when cut at spaces, tabs, slashes or before
 * a `+` (a spreadsheet column pasted in one field: `06 12 34 56 78 07 98 76 54 32`); undefined
 * unless it reads as two numbers or more. Of the ways to cut it, the one with fewest numbers.
 */
export function splitPastedNumbers(raw: string): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const parts = raw.split(NUMBER_BOUNDARY).filter((part) => part !== '');
	if (parts.length < 2 || parts.length > 200) return undefined;
	// best[i]: the fewest numbers that parts[0..i) read as, or undefined when they cannot.
	const best: Array<string[] | undefined> = [[]];
	for (let end = 1; end <= parts.length; end++) {
		for (let start = 0; start < end; start++) {
			const before = best[start];
			if (before === undefined) continue;
			const number = normalisePhoneNumber(parts.slice(start, end).join(''));
			if (number === undefined) continue;
			if (best[end] === undefined || before.length + 1 < best[end]!.length) {
				best[end] = [...before, number];
			}
		}
	}
	const numbers = best[parts.length];
	return numbers && numbers.length >= 2 ? numbers : undefined;
}

function splitText(text: string): string[] {
	return text
		.split(LIST_SEPARATORS)
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/**
 * The numbers a field holds: a text of numbers separated by commas, semicolons or line breaks, or a list (of strings or numbers) from an expression; blanks dropped, each trimmed; NOT normalised. A value of another type → undefined.
 *
 * Nothing at all (undefined, null, as an expression on a missing field gives) is
 * no numbers, so the caller reports an empty field rather than a wrong type; so are
 * empty cells of a list. A number is written in plain digits: a spreadsheet's
 * 33612345678 becomes '33612345678', which the normalisation then refuses.
 */
export function splitPhoneNumbers(value: unknown): string[] | undefined {
	if (value === undefined || value === null) return [];
	if (typeof value === 'string') return splitText(value);
	if (typeof value === 'number' || typeof value === 'bigint') return [String(value)];
	if (!Array.isArray(value)) return undefined;

	const numbers: string[] = [];
	for (const element of value as unknown[]) {
		if (element === undefined || element === null) continue;
		if (typeof element === 'string') numbers.push(...splitText(element));
		else if (typeof element === 'number' || typeof element === 'bigint')
			numbers.push(String(element));
		else return undefined;
	}
	return numbers;
}
