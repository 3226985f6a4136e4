/**
 * JSON.parse rounds an integer of more than 15 digits (12345678901234567890 becomes
 * 12345678901234567000): an id SMS Partner sends as a JSON number would come out as
 * another id. Such integers are turned into strings of the same digits first.
 * SMS Partner's contact pages indent their sample answers with non-breaking spaces,
 * which JSON.parse refuses: outside strings they are read as the spaces they stand for.
 */

/** Integers with more digits than this may not survive as a JavaScript number. */
const EXACT_DIGITS = 15;

const NUMBER_START = /[-0-9]/;
const NUMBER_CHAR = /[-+.eE0-9]/;
const NO_BREAK_SPACE = '\u00a0';
const NEEDS_REWRITE = new RegExp(`\\d{${EXACT_DIGITS + 1}}|${NO_BREAK_SPACE}`);

/**
 * The JSON text with every positive integer literal longer than 15 digits written as a
 * string, and every non-breaking space outside strings as a space; strings, and numbers with a fraction or an exponent, are left as they
 * are. Outside strings a number can only stand as a value (keys are strings), so
 * only values change. Text that is not JSON stays text that is not JSON.
 */
export function quoteLongIntegers(text: string): string {
	// Most answers have no run of 16 digits and no non-breaking space anywhere: they are left
	// as they are unscanned (the scan below reads a character at a time; a 100,000-entry STOP
	// list is 7 MB).
	if (!NEEDS_REWRITE.test(text)) return text;
	let result = '';
	let copiedUpTo = 0;
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		if (char === '"') {
			// Skip the string whole, escapes included.
			index++;
			while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
			index++;
			continue;
		}
		if (char === NO_BREAK_SPACE) {
			result += `${text.slice(copiedUpTo, index)} `;
			copiedUpTo = ++index;
			continue;
		}
		if (!NUMBER_START.test(char)) {
			index++;
			continue;
		}
		const start = index;
		while (index < text.length && NUMBER_CHAR.test(text[index])) index++;
		const literal = text.slice(start, index);
		// Only ids need this, and no id is negative: a negative one stays a number, and unreadable.
		if (/^[1-9]\d*$/.test(literal) && literal.length > EXACT_DIGITS) {
			result += `${text.slice(copiedUpTo, start)}"${literal}"`;
			copiedUpTo = index;
		}
	}
	return result + text.slice(copiedUpTo);
}

/** JSON.parse, with long integers kept digit for digit (as strings) and non-breaking spaces between values read as spaces. */
export function parseJsonExactly(text: string): unknown {
	return JSON.parse(quoteLongIntegers(text));
}
