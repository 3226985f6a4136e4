/** How SMS Partner will count a message: text sent, encoding, characters, parts, unsupported characters. */
import fc from 'fast-check';

import {
	GSM_PART,
	GSM_SINGLE_PART,
	MAX_PARTS,
	previewSms,
	UNICODE_PART,
	UNICODE_SINGLE_PART,
} from '../../nodes/SmsPartner/helpers/smsText';

/** The GSM-7 basic characters that are ASCII and that SMS Partner sends unchanged, ':' aside. */
const PLAIN_GSM_ASCII =
	' !"#%&\'()*+,-./0123456789;<=>?@$_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split(
		'',
	);

/** Characters that exercise every rule: tokens, line breaks, substitutions, extension, emoji, CJK. */
const MIXED_ALPHABET = [
	...'aZ0 :br:euro:\n\r€œçêé^[]{}~|\\§°’‘`“”«»ŒÄñ\t\f日'.split(''),
	'😀',
	'e\u0301',
];

function countOf(text: string, part: string): number {
	return text.split(part).length - 1;
}

function expectedParts(characters: number, unicode: boolean): number {
	if (characters === 0) return 0;
	const [single, part] = unicode
		? [UNICODE_SINGLE_PART, UNICODE_PART]
		: [GSM_SINGLE_PART, GSM_PART];
	return characters <= single ? 1 : Math.ceil(characters / part);
}

describe('constants', () => {
	test('are the segment sizes SMS Partner states', () => {
		expect([GSM_SINGLE_PART, GSM_PART, UNICODE_SINGLE_PART, UNICODE_PART, MAX_PARTS]).toEqual([
			160, 153, 70, 67, 10,
		]);
	});
});

describe('the text as sent', () => {
	test.each([
		['a\nb', 'a:br:b'],
		['a\r\nb', 'a:br:b'],
		['a\rb', 'a:br:b'],
		['\n\n', ':br::br:'],
		['\r\n\r', ':br::br:'],
		['10 €', '10 :euro:'],
		['€€', ':euro::euro:'],
		['œuvre [x] ^', 'œuvre [x] ^'],
		['e\u0301te\u0301', 'été'],
	])('%j is sent as %j', (message, text) => {
		expect(previewSms(message, false).text).toBe(text);
		expect(previewSms(message, true).text).toBe(text);
	});
});

describe('GSM-7 counting', () => {
	test.each<[string, number]>([
		['', 0],
		['Hello', 5],
		['a\nb', 4],
		['a\r\nb', 4],
		['10€', 4],
		[':br:', 2],
		[':euro:', 2],
		[':br', 3],
		[':BR:', 4],
		['œuvre', 6],
		['ça', 2],
		['[x]', 3],
		['{x}', 3],
		['^', 0],
		['a^b', 2],
		['~|\\', 0],
		['§¨', 0],
		['°', 1],
		['’', 1],
		['‘`', 2],
		['«»“”', 4],
		['ê', 1],
		['é', 1],
		['Äñ', 2],
		['ÿ', 1],
		['\f', 2],
		['e\u0301', 1],
	])('%j counts %i', (message, characters) => {
		const preview = previewSms(message, false);
		expect(preview).toMatchObject({ encoding: 'GSM-7', characters, unsupported: [] });
	});

	test.each<[string, string[], number]>([
		['Œuvre', ['Œ'], 5],
		['😀', ['😀'], 1],
		['😀😀a😀', ['😀'], 4],
		['日本', ['日', '本'], 2],
		['a\tb', ['\t'], 3],
		['ĉ 😀 ĉ', ['ĉ', '😀'], 5],
	])('%j has unsupported characters %j', (message, unsupported, characters) => {
		expect(previewSms(message, false)).toMatchObject({ unsupported, characters });
	});

	test.each<[string, string]>([
		['Bonjour\u00a0!', 'Bonjour !'],
		['Prix\u202f: 12\u2009€', 'Prix : 12 :euro:'],
		['a\u2000b\u2007c\u200ad\u205fe\u3000f\u1680g', 'a b c d e f g'],
	])('the typographic spaces of %j are sent as plain ones', (message, text) => {
		for (const unicode of [false, true]) {
			expect(previewSms(message, unicode)).toMatchObject({ text, unsupported: [] });
		}
	});

	test.each<[number, number]>([
		[0, 0],
		[1, 1],
		[160, 1],
		[161, 2],
		[306, 2],
		[307, 3],
		[1530, 10],
		[1531, 11],
	])('%i plain characters make %i parts', (length, parts) => {
		expect(previewSms('a'.repeat(length), false).partsPerRecipient).toBe(parts);
	});

	test('a line break counts 2 towards the parts', () => {
		expect(previewSms(`${'a'.repeat(158)}\n`, false).partsPerRecipient).toBe(1);
		expect(previewSms(`${'a'.repeat(159)}\n`, false).partsPerRecipient).toBe(2);
	});
});

describe('Unicode counting', () => {
	test.each<[string, number]>([
		['ça', 2],
		['œ', 1],
		['^', 1],
		['😀', 2],
		['日本', 2],
		['a\nb', 4],
		['€', 2],
		[':br:', 2],
		['Œ 😀', 4],
	])('%j counts %i', (message, characters) => {
		expect(previewSms(message, true)).toMatchObject({
			encoding: 'Unicode',
			characters,
			unsupported: [],
		});
	});

	test.each<[number, number]>([
		[0, 0],
		[70, 1],
		[71, 2],
		[134, 2],
		[135, 3],
		[670, 10],
		[671, 11],
	])('%i characters make %i parts', (length, parts) => {
		expect(previewSms('ç'.repeat(length), true).partsPerRecipient).toBe(parts);
	});
});

describe('properties', () => {
	const anyText = fc.oneof(
		fc.string({ unit: 'binary', maxLength: 400 }),
		fc.array(fc.constantFrom(...MIXED_ALPHABET), { maxLength: 800 }).map((c) => c.join('')),
	);

	test('the parts always follow the formula', () => {
		fc.assert(
			fc.property(anyText, fc.boolean(), (message, unicode) => {
				const { characters, partsPerRecipient } = previewSms(message, unicode);
				expect(partsPerRecipient).toBe(expectedParts(characters, unicode));
				const part = unicode ? UNICODE_PART : GSM_PART;
				expect(partsPerRecipient).toBeLessThanOrEqual(Math.ceil(characters / part));
				if (characters > 0) expect(partsPerRecipient).toBeGreaterThanOrEqual(1);
			}),
		);
	});

	test('plain ASCII GSM text counts one per character, two per line break', () => {
		const alphabet = [...PLAIN_GSM_ASCII, '\n', '\r'];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 400 }), (characters) => {
				const message = characters.join('');
				const preview = previewSms(message, false);
				expect(preview.characters).toBe(message.replace(/\r\n|\r|\n/g, '..').length);
				expect(preview.characters).toBeGreaterThanOrEqual(
					[...message].length - countOf(message, '\r\n'),
				);
				expect(preview.unsupported).toEqual([]);
			}),
		);
	});

	test('in Unicode, UTF-16 units with each token counted 2, and nothing is unsupported', () => {
		fc.assert(
			fc.property(anyText, (message) => {
				const preview = previewSms(message, true);
				const tokenSavings = [...preview.text.matchAll(/:br:|:euro:/g)].reduce(
					(saved, [token]) => saved + token.length - 2,
					0,
				);
				expect(preview.characters).toBe(preview.text.length - tokenSavings);
				expect(preview.unsupported).toEqual([]);
			}),
		);
	});

	test('a message counts as the sum of its pieces counted one by one, with the same unsupported characters', () => {
		const gsmBeyondAscii = [...'@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà'];
		const pieces = [...MIXED_ALPHABET, ...gsmBeyondAscii, ...PLAIN_GSM_ASCII].filter(
			(piece) => !/[:\r\n]/.test(piece),
		);
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom(...pieces), { maxLength: 300 }),
				fc.boolean(),
				(chosen, unicode) => {
					const whole = previewSms(chosen.join(''), unicode);
					const alone = chosen.map((piece) => previewSms(piece, unicode));
					expect(whole.characters).toBe(alone.reduce((sum, one) => sum + one.characters, 0));
					expect(whole.unsupported).toEqual([...new Set(alone.flatMap((one) => one.unsupported))]);
				},
			),
		);
	});

	test('unsupported characters are distinct code points of the message, and only non-GSM ones', () => {
		fc.assert(
			fc.property(anyText, (message) => {
				const { unsupported, text } = previewSms(message, false);
				expect(new Set(unsupported).size).toBe(unsupported.length);
				for (const character of unsupported) {
					expect([...character]).toHaveLength(1);
					expect(text).toContain(character);
					expect(PLAIN_GSM_ASCII).not.toContain(character);
				}
			}),
		);
	});
});

describe('properties of typographic spaces', () => {
	const SPACES = [
		'\u00a0',
		'\u1680',
		'\u2000',
		'\u2005',
		'\u2007',
		'\u2009',
		'\u200a',
		'\u202f',
		'\u205f',
		'\u3000',
	];
	test('a message with typographic spaces counts and is sent as the same message with plain ones', () => {
		const piece = fc.oneof(fc.constantFrom(...SPACES), fc.constantFrom(...MIXED_ALPHABET));
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 200 }), fc.boolean(), (pieces, unicode) => {
				const message = pieces.join('');
				const plain = pieces.map((p) => (SPACES.includes(p) ? ' ' : p)).join('');
				expect(previewSms(message, unicode)).toEqual(previewSms(plain, unicode));
			}),
		);
	});
});
