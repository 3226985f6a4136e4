/**
 * How SMS Partner will count a message: for a preview, and to refuse a message
 * that cannot be sent before anything is sent.
 */

export type SmsEncoding = 'GSM-7' | 'Unicode';

export const GSM_SINGLE_PART = 160;
export const GSM_PART = 153;
export const UNICODE_SINGLE_PART = 70;
export const UNICODE_PART = 67;
/** SMS Partner refuses a longer message (code 52). */
export const MAX_PARTS = 10;

export interface SmsTextPreview {
	/** The text as it is sent: line breaks (\r\n, \n, \r) written as SMS Partner's `:br:`, and € as `:euro:`. */
	text: string;
	encoding: SmsEncoding;
	/** As SMS Partner counts them: `:br:` and `:euro:` are 2, GSM-7 extension characters 2, after SMS Partner's substitution table (GSM-7 only). Unicode: UTF-16 code units, `:br:`/`:euro:` still 2. */
	characters: number;
	partsPerRecipient: number;
	/** Distinct characters (in order of appearance) that GSM-7 cannot carry even after SMS Partner's substitutions; empty with unicode=true. */
	unsupported: string[];
}

const LINE_BREAK = /\r\n|\r|\n/g;
/** The spaces French typography and word processors insert (before `!?:;`, in numbers); GSM-7 has only the plain one. */
const TYPOGRAPHIC_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const LINE_BREAK_TOKEN = ':br:';
const EURO_TOKEN = ':euro:';
/** SMS Partner counts each of its tokens as 2 characters, whatever their length. */
const TOKEN_CHARACTERS = 2;
const TOKENS = [LINE_BREAK_TOKEN, EURO_TOKEN];

/** GSM 03.38 basic table (one septet each), without ESC. */
const GSM_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
		' !"#¤%&\'()*+,-./0123456789:;<=>?' +
		'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
		'¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** GSM 03.38 extension table: ESC + character, two septets each. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/**
 * SMS Partner's substitution table (reference §7.3): what it sends instead of each
 * character. Its `‘` and `“` targets are read as ASCII `'` and `"`, since the curly
 * ones are not GSM-7 themselves.
 */
const SUBSTITUTIONS: Readonly<Record<string, string>> = {
	ą: 'à',
	ÿ: 'y',
	ç: 'Ç',
	û: 'u',
	ü: 'u',
	µ: 'u',
	ï: 'i',
	î: 'i',
	ô: 'o',
	ö: 'o',
	ó: 'o',
	ë: 'e',
	ê: 'e',
	ä: 'a',
	á: 'a',
	â: 'a',
	ã: 'a',
	Ä: 'A',
	À: 'A',
	Á: 'A',
	Â: 'A',
	Ã: 'A',
	È: 'E',
	Ê: 'E',
	Ë: 'E',
	Î: 'I',
	Ü: 'U',
	Ù: 'U',
	Ú: 'U',
	Û: 'U',
	Ý: 'Y',
	Ö: 'O',
	Ô: 'O',
	œ: 'oe',
	ñ: 'n',
	Ñ: 'N',
	'[': '(',
	'{': '(',
	']': ')',
	'}': ')',
	'^': '',
	'~': '',
	'|': '',
	'\\': '',
	'¨': '',
	'§': '',
	'°': '.',
	'’': "'",
	'‘': "'",
	'`': "'",
	'“': '"',
	'”': '"',
	'«': '"',
	'»': '"',
};

const asClass = (characters: string[]) =>
	`[${characters.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]+`;
/** Runs counted in one step: GSM-7 characters sent as written (one septet each), and, in Unicode, anything but a token's start. */
const SENT_AS_WRITTEN_RUN = new RegExp(
	asClass([...GSM_BASIC].filter((c) => c !== ':' && SUBSTITUTIONS[c] === undefined)),
	'y',
);
const UNICODE_RUN = /[^:]+/y;

/** Septets of one GSM-7 character; undefined when GSM-7 has no such character. */
function gsmSeptets(character: string): number | undefined {
	if (GSM_BASIC.has(character)) return 1;
	if (GSM_EXTENSION.has(character)) return 2;
	return undefined;
}

function partsFor(characters: number, encoding: SmsEncoding): number {
	if (characters === 0) return 0;
	const [single, part] =
		encoding === 'GSM-7' ? [GSM_SINGLE_PART, GSM_PART] : [UNICODE_SINGLE_PART, UNICODE_PART];
	return characters <= single ? 1 : Math.ceil(characters / part);
}

/**
 * The message as the user meant it, before SMS Partner's tokens: in NFC, so that an accent
 * typed as a separate combining mark (as some keyboards and macOS copies do) counts as the
 * single accented letter it displays as; every typographic space a plain space.
 */
export function plainText(message: string): string {
	return message.normalize('NFC').replace(TYPOGRAPHIC_SPACES, ' ');
}

/** The text as sent (from plainText), its encoding, length and number of parts as SMS Partner counts them. */
export function previewSms(message: string, unicode: boolean): SmsTextPreview {
	const text = plainText(message).replace(LINE_BREAK, LINE_BREAK_TOKEN).replace(/€/g, EURO_TOKEN);
	const encoding: SmsEncoding = unicode ? 'Unicode' : 'GSM-7';
	const unsupported = new Set<string>();
	let characters = 0;

	let index = 0;
	const runs = unicode ? UNICODE_RUN : SENT_AS_WRITTEN_RUN;
	while (index < text.length) {
		runs.lastIndex = index;
		if (runs.test(text)) {
			characters += runs.lastIndex - index;
			index = runs.lastIndex;
			continue;
		}
		// Tokens typed by the user count like the ones written for line breaks and €.
		const token = TOKENS.find((t) => text.startsWith(t, index));
		if (token !== undefined) {
			characters += TOKEN_CHARACTERS;
			index += token.length;
			continue;
		}
		// By code point: an emoji is one character to report, though two UTF-16 units.
		const character = String.fromCodePoint(text.codePointAt(index)!);
		index += character.length;
		if (unicode) {
			characters += character.length;
			continue;
		}
		const sent = SUBSTITUTIONS[character] ?? character;
		for (const sentCharacter of sent) {
			const septets = gsmSeptets(sentCharacter);
			if (septets === undefined) {
				// What SMS Partner does with it is unknown; count it once, the caller refuses it.
				unsupported.add(character);
				characters += 1;
			} else {
				characters += septets;
			}
		}
	}

	return {
		text,
		encoding,
		characters,
		partsPerRecipient: partsFor(characters, encoding),
		unsupported: [...unsupported],
	};
}
