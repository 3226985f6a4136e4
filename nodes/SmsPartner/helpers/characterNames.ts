/**
 * A character named for an error message: `U+2013 EN DASH "–"`. Invisible characters (spaces,
 * zero-width ones, controls, combining marks) are never shown, only named, since a `" "` in an
 * error tells the user nothing. Only the characters users likely paste have a name here; the
 * others get their code point alone (the node carries no Unicode name table).
 */

const NAMES: Readonly<Record<number, string>> = {
	0x0009: 'CHARACTER TABULATION',
	0x000b: 'LINE TABULATION',
	0x0085: 'NEXT LINE',
	0x00a0: 'NO-BREAK SPACE',
	0x00a9: 'COPYRIGHT SIGN',
	0x00ad: 'SOFT HYPHEN',
	0x00ae: 'REGISTERED SIGN',
	0x00b1: 'PLUS-MINUS SIGN',
	0x00b2: 'SUPERSCRIPT TWO',
	0x00b3: 'SUPERSCRIPT THREE',
	0x00b7: 'MIDDLE DOT',
	0x00d7: 'MULTIPLICATION SIGN',
	0x00f7: 'DIVISION SIGN',
	0x0152: 'LATIN CAPITAL LIGATURE OE',
	0x0178: 'LATIN CAPITAL LETTER Y WITH DIAERESIS',
	0x0141: 'LATIN CAPITAL LETTER L WITH STROKE',
	0x0142: 'LATIN SMALL LETTER L WITH STROKE',
	0x200b: 'ZERO WIDTH SPACE',
	0x200c: 'ZERO WIDTH NON-JOINER',
	0x200d: 'ZERO WIDTH JOINER',
	0x200e: 'LEFT-TO-RIGHT MARK',
	0x200f: 'RIGHT-TO-LEFT MARK',
	0x2010: 'HYPHEN',
	0x2011: 'NON-BREAKING HYPHEN',
	0x2012: 'FIGURE DASH',
	0x2013: 'EN DASH',
	0x2014: 'EM DASH',
	0x2015: 'HORIZONTAL BAR',
	0x201a: 'SINGLE LOW-9 QUOTATION MARK',
	0x201e: 'DOUBLE LOW-9 QUOTATION MARK',
	0x2020: 'DAGGER',
	0x2022: 'BULLET',
	0x2026: 'HORIZONTAL ELLIPSIS',
	0x2028: 'LINE SEPARATOR',
	0x2029: 'PARAGRAPH SEPARATOR',
	0x2030: 'PER MILLE SIGN',
	0x2032: 'PRIME',
	0x2033: 'DOUBLE PRIME',
	0x2039: 'SINGLE LEFT-POINTING ANGLE QUOTATION MARK',
	0x203a: 'SINGLE RIGHT-POINTING ANGLE QUOTATION MARK',
	0x2060: 'WORD JOINER',
	0x20ac: 'EURO SIGN',
	0x2122: 'TRADE MARK SIGN',
	0x2190: 'LEFTWARDS ARROW',
	0x2192: 'RIGHTWARDS ARROW',
	0x2212: 'MINUS SIGN',
	0x2713: 'CHECK MARK',
	0xfe0f: 'VARIATION SELECTOR-16',
	0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
	0xfffd: 'REPLACEMENT CHARACTER',
};

const INVISIBLE = /^[\p{C}\p{Z}\p{M}]$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;

/** `U+1F64F` for 🙏: at least four hex digits, upper case. */
export function codePointOf(character: string): string {
	return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `U+2013 EN DASH "–"`, `U+1F64F an emoji "🙏"`, `U+200B ZERO WIDTH SPACE`, `U+0416 "Ж"`. */
export function describeCharacter(character: string): string {
	const code = codePointOf(character);
	const name = NAMES[character.codePointAt(0)!] ?? (EMOJI.test(character) ? 'an emoji' : undefined);
	const named = name === undefined ? code : `${code} ${name}`;
	return INVISIBLE.test(character) ? named : `${named} "${character}"`;
}
