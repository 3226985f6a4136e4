/** Long integers in SMS Partner's JSON are kept digit for digit; nothing else changes. */
import fc from 'fast-check';

import { parseJsonExactly, quoteLongIntegers } from '../../nodes/SmsPartner/transport/exactJson';
import { parseAmount } from '../../nodes/SmsPartner/transport/values';

/** What parseJsonExactly must give: the value JSON.parse gives, with each long integer as its digits. */
function expected(value: unknown): unknown {
	if (typeof value === 'number') {
		const text = JSON.stringify(value);
		return /^[1-9]\d{15,}$/.test(text) ? text : value;
	}
	if (Array.isArray(value)) return value.map(expected);
	if (value !== null && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expected(item)]));
	return value;
}

/** Strings that look like JSON numbers, quotes and escapes included. */
const trickyString = fc.oneof(
	fc.string(),
	fc.stringMatching(/^[-0-9"\\.eE ]{0,30}$/),
	fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }).map((n) => `${n}`),
);
const json = fc.letrec((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small' },
		fc.constantFrom(null, true, false),
		fc.double({ noNaN: true, noDefaultInfinity: true }),
		fc.integer(),
		fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map((n) => Number(n)),
		trickyString,
		fc.array(tie('value'), { maxLength: 5 }),
		fc.dictionary(trickyString, tie('value'), { maxKeys: 5 }),
	),
})).value;

test('any JSON: parsed as JSON.parse does, except long integers, which come as their digits', () => {
	fc.assert(
		fc.property(json, fc.boolean(), (value, spaced) => {
			const text = JSON.stringify(value, null, spaced ? 2 : undefined);
			expect(parseJsonExactly(text)).toEqual(expected(JSON.parse(text)));
		}),
		{ numRuns: 1000 },
	);
});

test('an integer literal of any length in a value position comes out digit for digit', () => {
	fc.assert(
		fc.property(fc.stringMatching(/^[1-9][0-9]{15,40}$/), trickyString, (digits, neighbour) => {
			const text = `{"id":${digits},"list":[${digits}, ${JSON.stringify(neighbour)}],${JSON.stringify(neighbour)}:${digits}}`;
			expect(parseJsonExactly(text)).toEqual({
				id: digits,
				list: [digits, neighbour],
				[neighbour]: digits,
			});
		}),
	);
});

test('text that is not JSON stays text that is not JSON', () => {
	for (const text of ['{"id":01234567890123456789}', '{"id":1234567890123456789', '{"a":"\\"}']) {
		expect(() => JSON.parse(text)).toThrow();
		expect(() => parseJsonExactly(text)).toThrow();
	}
	expect(quoteLongIntegers('{"id":-12345678901234567890}')).toBe('{"id":-12345678901234567890}');
});

test('an amount that is not finite is unreadable: "1" and 400 zeros, as text or as a JSON number', () => {
	const huge = `1${'0'.repeat(400)}`;
	expect(parseAmount(huge)).toBeUndefined();
	expect(parseAmount(Number(huge))).toBeUndefined();
	expect(
		parseAmount((parseJsonExactly(`{"balance":${huge}}`) as { balance: unknown }).balance),
	).toBeUndefined();
	expect(parseAmount('10224.688')).toBe(10224.688);
});

test('non-breaking spaces between values are read as spaces, with or without a long integer; inside strings they stay', () => {
	const nbsp = '\u00a0';
	const indented = (id: string) =>
		`{${nbsp}\n${nbsp}${nbsp}"success": true,${nbsp}\n${nbsp}"name": "a${nbsp}b",\n"id": ${id}${nbsp}}`;
	expect(parseJsonExactly(indented('7'))).toEqual({ success: true, name: `a${nbsp}b`, id: 7 });
	expect(parseJsonExactly(indented('12345678901234567890'))).toEqual({
		success: true,
		name: `a${nbsp}b`,
		id: '12345678901234567890',
	});
	fc.assert(
		fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 4 }), (value, spaces) => {
			const text = JSON.stringify(value, null, nbsp.repeat(spaces));
			expect(parseJsonExactly(text)).toEqual(expected(JSON.parse(JSON.stringify(value))));
		}),
	);
});
