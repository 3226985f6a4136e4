/** Characters named for error messages: code point, a name when known, the glyph only when visible. */
import fc from 'fast-check';

import { codePointOf, describeCharacter } from '../../nodes/SmsPartner/helpers/characterNames';

test.each([
	['–', 'U+2013 EN DASH "–"'],
	['—', 'U+2014 EM DASH "—"'],
	['…', 'U+2026 HORIZONTAL ELLIPSIS "…"'],
	['„', 'U+201E DOUBLE LOW-9 QUOTATION MARK "„"'],
	['Œ', 'U+0152 LATIN CAPITAL LIGATURE OE "Œ"'],
	['🙏', 'U+1F64F an emoji "🙏"'],
	['❤', 'U+2764 an emoji "❤"'],
	['\u200b', 'U+200B ZERO WIDTH SPACE'],
	['\u200d', 'U+200D ZERO WIDTH JOINER'],
	['\ufeff', 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
	['\u00ad', 'U+00AD SOFT HYPHEN'],
	['\t', 'U+0009 CHARACTER TABULATION'],
	['\u2028', 'U+2028 LINE SEPARATOR'],
	['\ufe0f', 'U+FE0F VARIATION SELECTOR-16'],
	['Ж', 'U+0416 "Ж"'],
	['\u0301', 'U+0301'],
	['\u0007', 'U+0007'],
	['\u{e0001}', 'U+E0001'],
])('%j is described as %s', (character, description) => {
	expect(describeCharacter(character)).toBe(description);
});

test('every character is described by its code point first, and shown only when visible', () => {
	fc.assert(
		fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (character) => {
			const description = describeCharacter(character);
			const code = character.codePointAt(0)!;
			expect(description.startsWith(codePointOf(character))).toBe(true);
			expect(parseInt(codePointOf(character).slice(2), 16)).toBe(code);
			const invisible = /[\p{C}\p{Z}\p{M}]/u.test(character);
			expect(description.includes(character)).toBe(!invisible);
		}),
	);
});
