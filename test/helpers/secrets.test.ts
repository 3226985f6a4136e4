/**
 * The key is masked in every spelling a server may echo it in: any run of 12 or more
 * of its characters, in any letter case, written as is or through percent-escapes,
 * JSON escapes and HTML references, mixed and layered; a key shorter than 12 whole.
 */
import fc from 'fast-check';

import { MASK, redactorFor } from '../../nodes/SmsPartner/helpers/secrets';

const KEY = 'abcdef0123456789abcdef0123456789abcdef01';
const ODD_KEY = 'Key/With+Spécial=Chars&"x"%41-9f€😀';

const mask = (key: string, text: string) => redactorFor([key]).text(text);

// ---------------------------------------------------------------------------
// An independent reading of the spellings: one regular expression per layer.

const NAMED: Record<string, string> = {
	amp: '&',
	quot: '"',
	lt: '<',
	gt: '>',
	apos: "'",
	eacute: 'é',
	euro: '€',
	sol: '/',
	plus: '+',
	percnt: '%',
	equals: '=',
};

/** One layer of escapes taken off, all at once. */
function decodeLayer(text: string): string {
	return text.replace(
		/(?:%[0-9a-f]{2})+|(?:\\u[0-9a-f]{4})+|\\[/"\\]|&#x([0-9a-f]+);|&#([0-9]+);|&([a-z]+);/gi,
		(match, hex?: string, decimal?: string, name?: string) => {
			if (match.startsWith('%')) return decodePercentRun(match);
			if (match.startsWith('\\u')) {
				const units = match.match(/[0-9a-f]{4}/gi)!.map((unit) => parseInt(unit, 16));
				return String.fromCharCode(...units);
			}
			if (match.startsWith('\\')) return match[1];
			if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
			if (decimal !== undefined) return String.fromCodePoint(Number(decimal));
			return NAMED[name!] ?? NAMED[name!.toLowerCase()] ?? match;
		},
	);
}

/** `%41%C3%A9` → Aé; bytes that are not UTF-8 stay as written. */
function decodePercentRun(run: string): string {
	const escapes = run.match(/%[0-9a-f]{2}/gi)!;
	let out = '';
	for (let index = 0; index < escapes.length; ) {
		let taken = 0;
		for (let length = 1; length <= 4 && index + length <= escapes.length; length++) {
			const bytes = Buffer.from(
				escapes.slice(index, index + length).map((e) => parseInt(e.slice(1), 16)),
			);
			const text = bytes.toString('utf8');
			if (!text.includes('\ufffd') && [...text].length === 1) {
				out += text;
				taken = length;
				break;
			}
		}
		if (taken === 0) {
			out += escapes[index];
			taken = 1;
		}
		index += taken;
	}
	return out;
}

const fold = (text: string) => [...text].map((char) => (char === ' ' ? '+' : char.toLowerCase()));

/** Whether some layer of the text, as written or decoded up to four times, holds 12 characters of the key in a row. */
function holdsKeyRun(text: string, key: string): boolean {
	const keyChars = fold(key);
	const width = Math.min(12, keyChars.length);
	const pieces = new Set<string>();
	for (let start = 0; start + width <= keyChars.length; start++) {
		pieces.add(JSON.stringify(keyChars.slice(start, start + width)));
	}
	let layer = text;
	for (let depth = 0; depth <= 4; depth++) {
		const chars = fold(layer);
		for (let start = 0; start + width <= chars.length; start++) {
			if (pieces.has(JSON.stringify(chars.slice(start, start + width)))) return true;
		}
		const next = decodeLayer(layer);
		if (next === layer) break;
		layer = next;
	}
	return false;
}

// ---------------------------------------------------------------------------
// The spellings of one character, as encoders write them.

const hex = (byte: number, upper: boolean) => {
	const digits = byte.toString(16).padStart(2, '0');
	return upper ? digits.toUpperCase() : digits;
};
const utf8Percent = (char: string, upper = false) =>
	[...Buffer.from(char, 'utf8')].map((byte) => `%${hex(byte, upper)}`).join('');
const NAME_OF = new Map(Object.entries(NAMED).map(([name, char]) => [char, name]));

type Spelling =
	| 'raw'
	| 'percent'
	| 'PERCENT'
	| 'double'
	| 'json'
	| 'decimal'
	| 'hex'
	| 'named'
	| 'form';
const SPELLINGS: Spelling[] = [
	'raw',
	'percent',
	'PERCENT',
	'double',
	'json',
	'decimal',
	'hex',
	'named',
	'form',
];

function spell(char: string, spelling: Spelling): string {
	switch (spelling) {
		case 'percent':
			return utf8Percent(char);
		case 'PERCENT':
			return utf8Percent(char, true);
		case 'double':
			return utf8Percent(char).replace(/%/g, '%25');
		case 'json':
			if (char === '/') return '\\/';
			if (char === '"' || char === '\\') return `\\${char}`;
			return [...Array(char.length).keys()]
				.map((unit) => `\\u${char.charCodeAt(unit).toString(16).padStart(4, '0')}`)
				.join('');
		case 'decimal':
			return `&#${char.codePointAt(0)};`;
		case 'hex':
			return `&#x${char.codePointAt(0)!.toString(16)};`;
		case 'named':
			return NAME_OF.has(char) ? `&${NAME_OF.get(char)};` : char;
		case 'form':
			return char === ' ' ? '+' : char;
		default:
			return char;
	}
}

const spellAll = (text: string, spelling: Spelling) =>
	[...text].map((char) => spell(char, spelling)).join('');

// ---------------------------------------------------------------------------

describe('the two reported misses', () => {
	test('the key with one character percent-encoded', () => {
		// %44 is D: the key's d, in another case.
		const echoed = 'abc%44ef0123456789abcdef0123456789abcdef01';
		expect(mask(KEY, `invalid key ${echoed}.`)).toBe(`invalid key ${MASK}.`);
	});

	test('a long piece of it: the first 30 of 40 characters', () => {
		expect(mask(KEY, `key=${KEY.slice(0, 30)}&x=1`)).toBe(`key=${MASK}&x=1`);
	});
});

describe('each spelling, whole and a 12-character piece', () => {
	test.each(SPELLINGS)('%s', (spelling) => {
		for (const key of [KEY, ODD_KEY]) {
			const pieces = [key, [...key].slice(5, 17).join('')];
			for (const piece of pieces) {
				const echoed = spellAll(piece, spelling);
				const masked = mask(key, `[${echoed}]`);
				expect(masked).toBe(`[${MASK}]`);
			}
		}
	});

	test('upper-cased, lower-cased, mixed case, percent digits in either case', () => {
		const piece = ODD_KEY.slice(0, 20);
		for (const echoed of [
			piece.toUpperCase(),
			piece.toLowerCase(),
			spellAll(piece, 'percent').toUpperCase(),
			spellAll(piece, 'json').toUpperCase(),
			'kEy/wItH+sPÉcIaL=cHaRs',
		]) {
			expect(mask(ODD_KEY, `<${echoed}>`)).toBe(`<${MASK}>`);
		}
	});

	test('mixed spellings within one run, and layered ones', () => {
		const mixedKey = ODD_KEY.replace('%41', '');
		const mixed = [...mixedKey]
			.map((char, index) => spell(char, SPELLINGS[index % SPELLINGS.length]))
			.join('');
		expect(mask(mixedKey, `x ${mixed} y`)).toBe(`x ${MASK} y`);
		// The key's own "%41" read at one layer and its double-encoded neighbours at the next:
		// no layer holds the whole echo, but no 12 characters of it survive.
		const layered = [...ODD_KEY]
			.map((char, index) => spell(char, SPELLINGS[index % SPELLINGS.length]))
			.join('');
		const masked = mask(ODD_KEY, `x ${layered} y`);
		expect(masked).toMatch(/^x \*\*\*/);
		expect(holdsKeyRun(masked, ODD_KEY)).toBe(false);
		// %2541 is %41 percent-encoded; \u0025 is a JSON-escaped %; &amp;#65; is &#65; HTML-escaped.
		expect(mask(KEY, `(%2561\\u0025${hex(0x62, false)}&amp;#99;def0123456789)`)).toBe(`(${MASK})`);
		expect(mask(KEY, `(abc%252564ef0123456)`)).toBe(`(${MASK})`);
	});

	test('form-style: a space echoed as + and as %20, a + echoed as %2B', () => {
		const spaced = 'my secret key with spaces';
		expect(mask(spaced, 'k=my+secret+key+with+spaces')).toBe(`k=${MASK}`);
		expect(mask(spaced, 'k=my%20secret%20key%20with')).toBe(`k=${MASK}`);
		expect(mask(ODD_KEY, 'Key%2FWith%2BSp%C3%A9cial')).toBe(MASK);
	});

	test('the masked span covers every escape of the run, and only them', () => {
		const echoed = spellAll(KEY.slice(10, 24), 'decimal');
		expect(mask(KEY, `a1${echoed}%2`)).toBe(`a1${MASK}%2`);
		expect(mask(KEY, `before %41 ${KEY.slice(0, 12)} after`)).toBe(`before %41 ${MASK} after`);
	});

	test('11 characters of a long key are left alone', () => {
		const eleven = KEY.slice(0, 11);
		expect(mask(KEY, `x${eleven}.`)).toBe(`x${eleven}.`);
		expect(mask(KEY, `x${spellAll(eleven, 'percent')}.`)).toBe(`x${spellAll(eleven, 'percent')}.`);
	});
});

describe('short keys are masked whole, in every spelling', () => {
	const SHORT = 'p/+%&é1';
	test.each(SPELLINGS)('%s', (spelling) => {
		const echoed = spellAll(SHORT, spelling);
		expect(mask(SHORT, `k=${echoed}!`)).toBe(`k=${MASK}!`);
		expect(mask(SHORT, `k=${echoed.toUpperCase()}!`)).toBe(`k=${MASK}!`);
	});

	test('but not a part of them, and a key under 4 characters is not masked at all', () => {
		expect(mask(SHORT, 'p/+%&é')).toBe('p/+%&é');
		expect(mask('abc', 'abc abc')).toBe('abc abc');
	});
});

test('json(): every string and every property name, deeply; other values as they are', () => {
	const piece = KEY.slice(3, 20);
	const value = { [piece]: [`a ${piece}`, 1, null, true, { deep: encodeURIComponent(KEY) }] };
	expect(redactorFor([KEY]).json(value)).toEqual({
		[MASK]: [`a ${MASK}`, 1, null, true, { deep: MASK }],
	});
});

test('json(): a masked copy keeps a "__proto__" field as a field, touches no prototype, and leaves the value as it was', () => {
	const text = `{"__proto__": {"polluted": true}, "list": [{"a": 1}], "echo": "${KEY}"}`;
	const value = JSON.parse(text) as Record<string, unknown>;
	const copy = redactorFor([KEY]).json(value) as Record<string, unknown>;
	expect(copy).not.toBe(value);
	expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
	expect(Object.keys(copy)).toEqual(['__proto__', 'list', 'echo']);
	expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
	expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
	expect(copy.list).toEqual([{ a: 1 }]);
	expect(copy.echo).toBe(MASK);
	expect(value).toEqual(JSON.parse(text));
});

test('json(): a value with nothing to mask is given back as it is, not copied', () => {
	const value = { list: [{ a: 1, text: 'a message of some length, no key in it' }], n: 2 };
	expect(redactorFor([KEY]).json(value)).toBe(value);
	const masked = redactorFor([KEY]).json({ list: [1, 2, KEY, 4], same: value });
	expect(masked).toEqual({ list: [1, 2, MASK, 4], same: value });
});

test('a key holding * cannot come back across a mask', () => {
	const starry = 'abc***defghij***klm';
	const masked = mask(starry, `abc***defgh${starry}ij***klm`);
	expect(holdsKeyRun(masked, starry)).toBe(false);
});

// ---------------------------------------------------------------------------

/** Characters keys are made of: ASCII, what encodings change, non-ASCII in and beyond the BMP. */
const keyChar = fc.constantFrom(
	...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
	...'/+%&="\'<>\\ -_.~:;#?!*',
	...'éÉàçüÿ€ωΩжЖ',
	'😀',
	'𝔸',
);
const key = fc.array(keyChar, { minLength: 12, maxLength: 64 }).map((chars) => chars.join(''));
/** Text around an echo: no escape starts, so only the echo carries escapes. */
const filler = fc
	.array(fc.constantFrom(...'xyz XYZ,.:!?()[]{}<>-_=\n\t0123456789é€'), { maxLength: 30 })
	.map((chars) => chars.join(''));
const caseFlip = (char: string, upper: boolean) => {
	const flipped = upper ? char.toUpperCase() : char.toLowerCase();
	return [...flipped].length === 1 ? flipped : char;
};

describe('properties', () => {
	test('a piece of 12 or more characters of the key, spelled any mix of ways, never survives', () => {
		fc.assert(
			fc.property(
				key,
				fc.nat(),
				fc.nat(),
				fc.array(fc.tuple(fc.constantFrom(...SPELLINGS), fc.boolean()), {
					minLength: 1,
					maxLength: 64,
				}),
				filler,
				filler,
				(key, from, size, spellings, before, after) => {
					const chars = [...key];
					const length = 12 + (size % (chars.length - 11));
					const start = from % (chars.length - length + 1);
					const piece = chars.slice(start, start + length);
					const echoed = piece
						.map((char, index) => {
							const [spelling, upper] = spellings[index % spellings.length];
							return spell(caseFlip(char, upper), spelling);
						})
						.join('');
					const text = `${before}${echoed}${after}`;
					const masked = redactorFor([key]).text(text);
					expect(holdsKeyRun(masked, key)).toBe(false);
					// A raw \\, % or & of the key before an escaped character reads as another
					// escape: such an echo holds no run of the key to mask.
					if (holdsKeyRun(text, key)) expect(masked).toContain(MASK);
				},
			),
			{ numRuns: 500 },
		);
	});

	test('a text with no run of the key is returned unchanged', () => {
		const keyPiece = (key: string) =>
			fc
				.tuple(fc.nat(), fc.integer({ min: 1, max: 11 }), fc.constantFrom(...SPELLINGS))
				.map(([from, length, spelling]) => {
					const chars = [...key];
					const start = from % (chars.length - length + 1);
					return spellAll(chars.slice(start, start + length).join(''), spelling);
				});
		fc.assert(
			fc.property(
				key.chain((key) =>
					fc.tuple(
						fc.constant(key),
						fc.array(fc.oneof(keyPiece(key), fc.string({ maxLength: 8 }), filler), {
							maxLength: 12,
						}),
					),
				),
				([key, parts]) => {
					const text = parts.join('|');
					fc.pre(!holdsKeyRun(text, key));
					expect(redactorFor([key]).text(text)).toBe(text);
				},
			),
			{ numRuns: 500 },
		);
	});

	test('json() masks any tree as a copy that masks every string and name would, copies only what changed, and never changes its input', () => {
		const redactor = redactorFor([KEY]);
		/** The plain reading: every name and string masked, every array and object copied. */
		const copyMasked = (value: unknown): unknown => {
			if (typeof value === 'string') return redactor.text(value);
			if (Array.isArray(value)) return value.map(copyMasked);
			if (value === null || typeof value !== 'object') return value;
			const copy: Record<string, unknown> = {};
			for (const [name, inner] of Object.entries(value))
				Object.defineProperty(copy, redactor.text(name), {
					value: copyMasked(inner),
					enumerable: true,
					writable: true,
					configurable: true,
				});
			return copy;
		};
		/** Whether a tree holds, anywhere, a string or name that masking changes. */
		const needsMask = (value: unknown): boolean =>
			typeof value === 'string'
				? redactor.text(value) !== value
				: Array.isArray(value)
					? value.some(needsMask)
					: value !== null && typeof value === 'object'
						? Object.entries(value).some(([name, inner]) => needsMask(name) || needsMask(inner))
						: false;
		const echo = fc
			.tuple(filler, fc.constantFrom(...SPELLINGS), filler)
			.map(([before, spelling, after]) => `${before}${spellAll(KEY, spelling)}${after}`);
		const text = fc.oneof(filler, filler, echo);
		const { tree } = fc.letrec((tie) => ({
			tree: fc.oneof(
				{ depthSize: 'small' },
				text,
				fc.integer(),
				fc.boolean(),
				fc.constant(null),
				fc.array(tie('tree'), { maxLength: 5 }),
				fc.dictionary(fc.oneof(text, fc.constant('__proto__')), tie('tree'), {
					maxKeys: 5,
					// As JSON.parse builds them.
					noNullPrototype: true,
				}),
			),
		}));
		fc.assert(
			fc.property(tree, (value) => {
				const before = JSON.stringify(value);
				const masked = redactor.json(value);
				expect(masked).toStrictEqual(copyMasked(value));
				expect(JSON.stringify(value)).toBe(before);
				if (value !== null && typeof value === 'object') {
					expect(masked === value).toBe(!needsMask(value));
				}
				expect(JSON.stringify(masked)).not.toContain(KEY);
			}),
			{ numRuns: 500 },
		);
	});
});
