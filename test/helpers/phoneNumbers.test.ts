/** Phone numbers: normalised to E.164 when SMS Partner accepts them, and split out of a field. */
import fc from 'fast-check';

import {
	normalisePhoneNumber,
	splitPhoneNumbers,
} from '../../nodes/SmsPartner/helpers/phoneNumbers';

describe('normalisePhoneNumber', () => {
	test.each([
		['0612345678', '+33612345678'],
		['0712345678', '+33712345678'],
		['06 12 34 56 78', '+33612345678'],
		['07.12.34.56.78', '+33712345678'],
		['06-12-34-56-78', '+33612345678'],
		['06\u00a012\u202f34 56\t78', '+33612345678'],
		['  0612345678  ', '+33612345678'],
		['+33612345678', '+33612345678'],
		['+33 6 12 34 56 78', '+33612345678'],
		['+ 33 6 12 34 56 78', '+33612345678'],
		['0033612345678', '+33612345678'],
		['0033 6 12 34 56 78', '+33612345678'],
		['+330612345678', '+33612345678'],
		['+33 0 6 12 34 56 78', '+33612345678'],
		['0033 0 6 12 34 56 78', '+33612345678'],
		['+33 1 23 45 67 89', '+33123456789'],
		['+33 9 23 45 67 89', '+33923456789'],
		['+44 7700 900123', '+447700900123'],
		['0044 7700 900123', '+447700900123'],
		['+49 151 23456789', '+4915123456789'],
		['+1 555-123-4567', '+15551234567'],
		['+12345678', '+12345678'],
		['+123456789012345', '+123456789012345'],
	])('%j → %s', (raw, expected) => {
		expect(normalisePhoneNumber(raw)).toBe(expected);
	});

	test.each([
		['', 'empty'],
		['   ', 'blank'],
		['0123456789', 'French landline'],
		['0223456789', 'French landline'],
		['0523456789', 'French landline'],
		['0812345678', 'French special number'],
		['0912345678', 'French VoIP number'],
		['061234567', 'too short'],
		['06123456789', 'too long'],
		['+3361234567', '+33 with 8 digits'],
		['+336123456789', '+33 with 10 digits'],
		['+33061234567', '+33 0 with 8 digits'],
		['+33012345678', '+33 then 0 then 0'],
		['33612345678', 'country code without + (do not guess)'],
		['612345678', 'mobile whose 0 a spreadsheet lost (do not guess)'],
		['+33 (0)6 12 34 56 78', 'parentheses'],
		['+1 (555) 123-4567', 'parentheses'],
		['06 12 34 56 7a', 'a letter'],
		['tel:+33612345678', 'a scheme'],
		['++33612345678', 'two plus signs'],
		['+0612345678', '+ then 0'],
		['000033612345678', 'too many zeros'],
		['+1234567', '7 digits after +'],
		['+1234567890123456', '16 digits after +'],
		['06/12/34/56/78', 'slashes'],
		['06_12_34_56_78', 'underscores'],
		['０６１２３４５６７８', 'full-width digits'],
		['0612345678,0698765432', 'two numbers'],
	])('%j is refused (%s)', (raw) => {
		expect(normalisePhoneNumber(raw)).toBeUndefined();
	});
});

describe('splitPhoneNumbers', () => {
	test.each<[unknown, string[] | undefined]>([
		['0612345678', ['0612345678']],
		[
			'0612345678, 06 98 76 54 32;+33611111111\n0622222222\r\n0633333333\r',
			['0612345678', '06 98 76 54 32', '+33611111111', '0622222222', '0633333333'],
		],
		[' , ;\n ', []],
		['', []],
		[
			['06 12', ' +33612345678 ', '', '  ', null, undefined],
			['06 12', '+33612345678'],
		],
		[['0612345678, 0698765432'], ['0612345678', '0698765432']],
		[
			[33612345678, '0611'],
			['33612345678', '0611'],
		],
		[612345678, ['612345678']],
		[[], []],
		[undefined, []],
		[null, []],
		[{}, undefined],
		[true, undefined],
		[[{}], undefined],
		[[['0612345678']], undefined],
		[[true], undefined],
	])('%j → %j', (value, expected) => {
		expect(splitPhoneNumbers(value)).toEqual(expected);
	});
});

describe('properties', () => {
	const digits = (min: number, max: number) =>
		fc
			.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max })
			.map((d) => d.join(''));
	const nonZeroDigit = fc.integer({ min: 1, max: 9 }).map(String);

	/** A valid number as written, with the number SMS Partner should be given. */
	const validNumber: fc.Arbitrary<[string, string]> = fc.oneof(
		fc
			.tuple(fc.constantFrom('6', '7'), digits(8, 8))
			.map(([m, d]): [string, string] => [`0${m}${d}`, `+33${m}${d}`]),
		fc
			.tuple(fc.constantFrom('+33', '0033', '+330', '00330'), nonZeroDigit, digits(8, 8))
			.map(([prefix, first, d]): [string, string] => [`${prefix}${first}${d}`, `+33${first}${d}`]),
		fc
			.tuple(fc.constantFrom('+', '00'), nonZeroDigit, digits(7, 14))
			.filter(([, first, d]) => !`${first}${d}`.startsWith('33'))
			.map(([prefix, first, d]): [string, string] => [`${prefix}${first}${d}`, `+${first}${d}`]),
	);

	/** The number with spaces, dots and dashes inserted anywhere. */
	const formatted = validNumber.chain(([plain, expected]) =>
		fc
			.array(
				fc.tuple(
					fc.integer({ min: 0, max: plain.length }),
					fc.constantFrom(' ', '.', '-', '\u00a0', '\u202f', '  ', ' - '),
				),
				{ maxLength: 8 },
			)
			.map((inserts) => {
				const characters = plain.split('');
				for (const [position, separator] of inserts) {
					characters.splice(Math.min(position, characters.length), 0, separator);
				}
				return { plain, expected, written: characters.join('') };
			}),
	);

	test('valid numbers, however formatted, give the same E.164 number', () => {
		fc.assert(
			fc.property(formatted, ({ plain, expected, written }) => {
				expect(normalisePhoneNumber(plain)).toBe(expected);
				expect(normalisePhoneNumber(written)).toBe(expected);
			}),
		);
	});

	test('normalising is idempotent, and its output is always E.164', () => {
		const anything = fc.oneof(
			fc.string(),
			validNumber.map(([plain]) => plain),
			fc
				.array(fc.constantFrom(...'0123456789+ .-()a'.split('')), { maxLength: 20 })
				.map((c) => c.join('')),
		);
		fc.assert(
			fc.property(anything, (raw) => {
				const normalised = normalisePhoneNumber(raw);
				if (normalised === undefined) return;
				expect(normalised).toMatch(/^\+[1-9]\d{7,14}$/);
				expect(normalisePhoneNumber(normalised)).toBe(normalised);
			}),
		);
	});

	test('a text of numbers splits into the numbers, whatever the separators', () => {
		const number = fc
			.array(fc.constantFrom(...'0123456789+ .-'.split('')), { minLength: 1, maxLength: 16 })
			.map((c) => c.join('').trim())
			.filter((n) => n !== '');
		const separator = fc.constantFrom(',', ';', '\n', '\r\n', ', ', ' ;\n', ',,');
		fc.assert(
			fc.property(fc.array(fc.tuple(number, separator), { maxLength: 20 }), (parts) => {
				const text = parts.map(([n, s]) => n + s).join('');
				expect(splitPhoneNumbers(text)).toEqual(parts.map(([n]) => n));
			}),
		);
	});
});
