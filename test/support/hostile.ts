/**
 * What the hostile-server property tests share (hostileRandom.engine.test.ts,
 * hostileSms.engine.test.ts): an API key full of characters that encodings
 * change, every spelling of it a server might echo, and generators of text and
 * bodies that carry it. The faults they plan are in faults.ts.
 */
import fc from 'fast-check';

/** A key with every character that URL-encoding, form-encoding and JSON escaping change. */
export const HOSTILE_KEY = 'Key/With+Spécial=Chars&"x"-9f';

// ---------------------------------------------------------------------------
// The key's spellings: echoed by the hostile answers, looked for in the output.

const hex = (byte: number) => byte.toString(16).padStart(2, '0');
export const percentAll = (text: string) =>
	[...Buffer.from(text, 'utf8')].map((byte) => `%${hex(byte)}`).join('');
const unicodeEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
const jsonEscaped = JSON.stringify(HOSTILE_KEY).slice(1, -1);

/** Every spelling of the key that must never leave the node, compared in any letter case. */
export const SPELLINGS = [
	HOSTILE_KEY,
	encodeURIComponent(HOSTILE_KEY),
	encodeURI(HOSTILE_KEY),
	new URLSearchParams({ k: HOSTILE_KEY }).toString().slice(2),
	percentAll(HOSTILE_KEY),
	jsonEscaped,
	// As PHP's json_encode writes it by default: escaped slashes, non-ASCII as \uXXXX.
	jsonEscaped.replace(/\//g, '\\/'),
	jsonEscaped.replace(/[^\x00-\x7f]/g, unicodeEscape),
	jsonEscaped.replace(/\//g, '\\/').replace(/[^\x00-\x7f]/g, unicodeEscape),
	[...HOSTILE_KEY].map(unicodeEscape).join(''),
];
const LOWER_SPELLINGS = [...new Set(SPELLINGS.map((spelling) => spelling.toLowerCase()))];

/** The spellings of the key (in any letter case) found in a text. */
export function keySpellingsIn(text: string): string[] {
	const lower = text.toLowerCase();
	return LOWER_SPELLINGS.filter((spelling) => lower.includes(spelling));
}

/** Spellings that are also valid subaccount tokens (no quote, no space, no @). */
export const TOKEN_SPELLINGS = [
	encodeURIComponent(HOSTILE_KEY),
	percentAll(HOSTILE_KEY),
	percentAll(HOSTILE_KEY).toUpperCase(),
];

export const flipCase = (text: string, flags: boolean[]) =>
	[...text]
		.map((char, index) => (flags[index % flags.length] ? char.toUpperCase() : char.toLowerCase()))
		.join('');

/** One spelling of the key, in some letter case. */
export const spelling = fc.oneof(
	fc.constantFrom(...SPELLINGS),
	fc.constantFrom(...SPELLINGS).map((text) => text.toUpperCase()),
	fc.constantFrom(...SPELLINGS).map((text) => text.toLowerCase()),
	fc
		.tuple(fc.constantFrom(...SPELLINGS), fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }))
		.map(([text, flags]) => flipCase(text, flags)),
);

/** Text that carries the key in some spelling (no whitespace: it must also pass as an email's local part). */
export const echo = fc
	.tuple(
		fc.constantFrom('', 'k=', 'apiKey:', '"', 'x'),
		spelling,
		fc.constantFrom('', '!', '#1', '"'),
	)
	.map(([before, key, after]) => `${before}${key}${after}`);

/** The key spelled so that it also passes as a subaccount token. */
export const tokenEcho = fc
	.tuple(
		fc.constantFrom(...TOKEN_SPELLINGS),
		fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
		fc.boolean(),
	)
	.map(([text, flags, flip]) => (flip ? flipCase(text, flags) : text));

// ---------------------------------------------------------------------------
// Small generators of answers.

export const maybe = <T>(arbitrary: fc.Arbitrary<T>, freq = 4) =>
	fc.option(arbitrary, { nil: undefined, freq });

/** A value as JSON text, compact or pretty. */
export const json = (arbitrary: fc.Arbitrary<unknown>) =>
	fc
		.tuple(arbitrary, fc.boolean())
		.map(([value, pretty]) => JSON.stringify(value, null, pretty ? 2 : undefined));

/** A refusal of SMS Partner's shape, its message carrying the key (and `success` not always a boolean). */
export const refusalJson = fc.record({
	success: fc.constantFrom<unknown>(false, 'false', 0),
	code: fc.oneof(fc.nat(120), echo),
	message: echo,
});

/** A proxy's error page that echoes the key. */
export const badGatewayPage = echo.map(
	(text) => `<html><body><h1>502 Bad Gateway</h1><p>${text}</p></body></html>`,
);

// ---------------------------------------------------------------------------
// Pieces of the key: what a text cut short before masking leaves behind.

/** The length of a piece of a spelling that counts as a leak. */
export const FRAGMENT_LENGTH = 8;
const FRAGMENTS = new Set(
	LOWER_SPELLINGS.flatMap((spelling) =>
		Array.from({ length: spelling.length - FRAGMENT_LENGTH + 1 }, (_, start) =>
			spelling.slice(start, start + FRAGMENT_LENGTH),
		),
	),
);

/**
 * Pieces (FRAGMENT_LENGTH characters, any letter case) of any spelling of the key
 * found in a text, with some context: a spelling cut before it was masked leaves
 * its start unmasked, which keySpellingsIn cannot see.
 */
export function keyFragmentsIn(text: string): string[] {
	const lower = text.toLowerCase();
	const found: string[] = [];
	for (let start = 0; start + FRAGMENT_LENGTH <= lower.length; start++) {
		if (FRAGMENTS.has(lower.slice(start, start + FRAGMENT_LENGTH))) {
			found.push(text.slice(Math.max(0, start - 12), start + 30));
			start += FRAGMENT_LENGTH - 1;
		}
	}
	return found;
}
