/**
 * Phone numbers as SMS Partner accepts them, written in E.164 (`+33612345678`).
 * - Spaces (including the non-breaking ones French formatting uses), dots and dashes are removed; any other character refuses the number.
 * - French mobiles: national `06`/`07` + 8 digits, or `+33`/`0033` + 9 digits (a trunk 0 kept after the country code, `+33 0 6…`, is dropped).
 * - Other French national numbers (01–05, 08, 09) are landlines or special numbers that cannot receive an SMS: refused.
 * - Other countries: `+` or `00`, then 8 to 15 digits starting 1–9.
 * - Nothing is guessed: digits without `+` or `00` (`33612345678`, or `612345678` whose 0 a spreadsheet lost) are refused.
 */

const FORMATTING = /[\s.\-\u00a0\u202f]/g;
const FRENCH_NATIONAL_MOBILE = /^0([67]\d{8})$/;
const INTERNATIONAL_PREFIX = /^(?:\+|00)(\d+)$/;
const FRANCE = '33';
/** The 9 digits after +33, with the trunk 0 people often keep ("+33 0 6 12 …"). */
const FRENCH_SUBSCRIBER = /^0?([1-9]\d{8})$/;
/** E.164: a country code never starts with 0, and a number holds at most 15 digits. */
const INTERNATIONAL_DIGITS = /^[1-9]\d{7,14}$/;
const LIST_SEPARATORS = /[,;\r\n]+/;

/** '+33612345678' for a number SMS Partner accepts, undefined otherwise. */
export function normalisePhoneNumber(raw: string): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const compact = raw.replace(FORMATTING, '');

	const national = FRENCH_NATIONAL_MOBILE.exec(compact);
	if (national) return `+${FRANCE}${national[1]}`;

	const international = INTERNATIONAL_PREFIX.exec(compact);
	if (!international) return undefined;
	const digits = international[1];

	// A +33 number must be a whole French number, not any 8–15 digits.
	if (digits.startsWith(FRANCE)) {
		const french = FRENCH_SUBSCRIBER.exec(digits.slice(FRANCE.length));
		return french ? `+${FRANCE}${french[1]}` : undefined;
	}
	return INTERNATIONAL_DIGITS.test(digits) ? `+${digits}` : undefined;
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
