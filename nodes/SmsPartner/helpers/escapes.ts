/**
 * Reads a text the way the layers of encoding a server or proxy may have put on it:
 * percent-escapes (UTF-8, form-style or not), JSON's backslash escapes and HTML's
 * character references. Each decoded character remembers the part of the original
 * text it was written as, so that whatever is found in the decoded text can be
 * masked in the original.
 */
import { namedEntity } from './htmlEntities';

/** A text as characters (code points), each with the span of the original text it came from. */
export interface SpelledText {
	chars: string[];
	starts: number[];
	ends: number[];
}

/** The text as written: each code point is its own spelling. */
export function asWritten(text: string, offset = 0): SpelledText {
	const spelled: SpelledText = { chars: [], starts: [], ends: [] };
	let position = offset;
	for (const char of text) {
		spelled.chars.push(char);
		spelled.starts.push(position);
		position += char.length;
		spelled.ends.push(position);
	}
	return spelled;
}

/** A decoded character and how many characters of the layer below spelled it. */
type Escape = [char: string, length: number];

function hexValue(chars: string[], at: number, digits: number): number | undefined {
	let value = 0;
	for (let index = at; index < at + digits; index++) {
		const digit = chars[index];
		if (digit === undefined || !/^[0-9a-fA-F]$/.test(digit)) return undefined;
		value = value * 16 + parseInt(digit, 16);
	}
	return value;
}

function percentByte(chars: string[], at: number): number | undefined {
	return chars[at] === '%' ? hexValue(chars, at + 1, 2) : undefined;
}

/** `%41` → A; `%C3%A9` → é (a character's UTF-8 bytes); a broken UTF-8 sequence is left as written. */
function decodePercent(chars: string[], at: number): Escape | undefined {
	const lead = percentByte(chars, at);
	if (lead === undefined) return undefined;
	if (lead < 0x80) return [String.fromCharCode(lead), 3];
	const following = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc2 ? 1 : 0;
	if (following === 0 || lead > 0xf4) return undefined;
	const bytes = [lead];
	for (let index = 1; index <= following; index++) {
		const byte = percentByte(chars, at + 3 * index);
		if (byte === undefined || (byte & 0xc0) !== 0x80) return undefined;
		bytes.push(byte);
	}
	const char = Buffer.from(bytes).toString('utf8');
	if (char.includes('\ufffd')) return undefined;
	return [char, 3 * (following + 1)];
}

/**
 * `\n`, `\t` and the other control escapes are left as written: they stand for characters no
 * key holds, so reading them could only break a run of a key that holds `\` followed by n or t.
 */
const JSON_ESCAPES: Record<string, string> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
};

/** `\u00e9` (`\U00E9` in an upper-cased text), a surrogate pair as one character, `\/`, `\"`, … */
function decodeJsonEscape(chars: string[], at: number): Escape | undefined {
	if (chars[at] !== '\\') return undefined;
	const kind = chars[at + 1];
	if (kind === 'u' || kind === 'U') {
		const unit = hexValue(chars, at + 2, 4);
		if (unit === undefined) return undefined;
		if (
			unit >= 0xd800 &&
			unit <= 0xdbff &&
			chars[at + 6] === '\\' &&
			/^[uU]$/.test(chars[at + 7] ?? '')
		) {
			const low = hexValue(chars, at + 8, 4);
			if (low !== undefined && low >= 0xdc00 && low <= 0xdfff) {
				return [String.fromCharCode(unit, low), 12];
			}
		}
		return [String.fromCharCode(unit), 6];
	}
	return kind !== undefined && Object.hasOwn(JSON_ESCAPES, kind)
		? [JSON_ESCAPES[kind], 2]
		: undefined;
}

/** The longest reference read: `&#x10FFFF;`, `&frac14;`, … with room to spare. */
const LONGEST_REFERENCE = 32;

/** `&#65;`, `&#x41;`, `&amp;`, `&eacute;`: always with their `;`, as encoders write them. */
function decodeHtmlReference(chars: string[], at: number): Escape | undefined {
	if (chars[at] !== '&') return undefined;
	let end = at + 1;
	while (end < at + LONGEST_REFERENCE && /^[#0-9A-Za-z]$/.test(chars[end] ?? '')) end++;
	if (chars[end] !== ';' || end === at + 1) return undefined;
	const name = chars.slice(at + 1, end).join('');
	const numeric = /^#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
	let char: string | undefined;
	if (numeric) {
		const codePoint = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
		if (codePoint <= 0x10ffff) char = String.fromCodePoint(codePoint);
	} else {
		char = namedEntity(name);
	}
	return char === undefined ? undefined : [char, end - at + 1];
}

function decodeEscape(chars: string[], at: number): Escape | undefined {
	switch (chars[at]) {
		case '%':
			return decodePercent(chars, at);
		case '\\':
			return decodeJsonEscape(chars, at);
		case '&':
			return decodeHtmlReference(chars, at);
		default:
			return undefined;
	}
}

/**
 * One layer of encoding taken off: every escape read once (`%2541` becomes `%41`, the
 * next layer reads `A`). Undefined when the text holds no escape.
 */
export function decodeOnce(text: SpelledText): SpelledText | undefined {
	const { chars, starts, ends } = text;
	const decoded: SpelledText = { chars: [], starts: [], ends: [] };
	let decodedAny = false;
	for (let index = 0; index < chars.length; ) {
		const escape = decodeEscape(chars, index);
		const [char, length] = escape ?? [chars[index], 1];
		decoded.chars.push(char);
		decoded.starts.push(starts[index]);
		decoded.ends.push(ends[index + length - 1]);
		decodedAny ||= escape !== undefined;
		index += length;
	}
	return decodedAny ? decoded : undefined;
}

/** The characters that start an escape: a text without them reads as written. */
export const ESCAPE_STARTS = /[%\\&]/;
/** Every character an escape is written with, besides the character it may stand for. */
export const ESCAPE_CHARACTERS = '%\\\\&#;/"0-9A-Za-z';
