/** Phone numbers: normalised to E.164 when SMS Partner accepts them, and split out of a field. */
import fc from 'fast-check';

import {
	normalisePhoneNumber,
	parseAnswerPhoneNumber,
	parseLongNumber,
	parsePhoneNumber,
	splitPastedNumbers,
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
		['06\u200b12\u206034\u200d56\ufeff78', '+33612345678'],
		['06\u201312\u201434\u221256\u201078', '+33612345678'],
		['\u2003+33\u20096\u300012 34 56 78\u205f', '+33612345678'],
		// Overseas mobiles, by ARCEP's plan, with their own country code.
		['0639 12 34 56', '+262639123456'],
		['0690 12 34 56', '+590690123456'],
		['0691 12 34 56', '+590691123456'],
		['0692 12 34 56', '+262692123456'],
		['0693 12 34 56', '+262693123456'],
		['0694 12 34 56', '+594694123456'],
		['0696 12 34 56', '+596696123456'],
		['0697 12 34 56', '+596697123456'],
		['+33 6 90 12 34 56', '+590690123456'],
		['0033 6 94 12 34 56', '+594694123456'],
		['+33 0 696 12 34 56', '+596696123456'],
		['+590 690 12 34 56', '+590690123456'],
		['+590 0690 12 34 56', '+590690123456'],
		['+262 692 12 34 56', '+262692123456'],
		['+262 639 12 34 56', '+262639123456'],
		['00596 696 12 34 56', '+596696123456'],
		['0695 12 34 56', '+33695123456'],
		['0698 12 34 56', '+33698123456'],
		['0012345678', '+12345678'],
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
		['+59069012345', '+590 with 8 digits'],
		['+5906901234567', '+590 with 10 digits'],
	])('%j is refused (%s)', (raw) => {
		expect(normalisePhoneNumber(raw)).toBeUndefined();
	});

	test.each([
		'0123456789',
		'05 23 45 67 89',
		'0812345678',
		'09 12 34 56 78',
		'+33 1 23 45 67 89',
		'+33123456789',
		'+33 0 1 23 45 67 89',
		'0033 9 12 34 56 78',
		'+33 8 00 12 34 56',
		'+33\u00a05 23 45 67 89',
		'33 1 23 45 67 89',
		'33 0 9 12 34 56 78',
		'+590 590 12 34 56',
		'+262 262 12 34 56',
		'+262 269 61 12 34',
		'+594 594 12 34 56',
		'+596 596 12 34 56',
	])('%j is a French landline or special number', (raw) => {
		expect(parsePhoneNumber(raw)).toEqual({ problem: 'frenchLandline' });
	});

	test.each(['33612345678', '612345678', 'Marie', '+33 6 12', '06 12 34 56 78 07 98 76 54 32'])(
		'%j is not a mobile (without calling it a landline)',
		(raw) => {
			expect(parsePhoneNumber(raw)).toEqual({ problem: 'notMobile' });
		},
	);
});

describe('splitPastedNumbers', () => {
	test.each<[string, string[] | undefined]>([
		['06 12 34 56 78 07 98 76 54 32', ['+33612345678', '+33798765432']],
		['+33 6 12 34 56 78 +33 7 98 76 54 32', ['+33612345678', '+33798765432']],
		['+33612345678+33798765432', ['+33612345678', '+33798765432']],
		['0612345678\t0798765432', ['+33612345678', '+33798765432']],
		['06.12.34.56.78\u00a0\u00a007.98.76.54.32', ['+33612345678', '+33798765432']],
		['0612345678 / 0798765432 | 0611111111', ['+33612345678', '+33798765432', '+33611111111']],
		['0690 12 34 56 0612345678', ['+590690123456', '+33612345678']],
		['06 12 34 56 78', undefined],
		['06/12/34/56/78', undefined],
		['0612345678 Marie', undefined],
		['06123456780798765432', undefined],
	])('%j → %j', (raw, expected) => {
		expect(splitPastedNumbers(raw)).toEqual(expected);
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

	/** ARCEP's overseas mobile blocks (06 39, 06 90–06 97 but 06 95) and their country codes. */
	const OVERSEAS: Record<string, string> = {
		'639': '262',
		'690': '590',
		'691': '590',
		'692': '262',
		'693': '262',
		'694': '594',
		'696': '596',
		'697': '596',
	};
	/** The E.164 number of a French mobile's 9 significant digits. */
	const e164OfFrench = (significant: string) =>
		`+${OVERSEAS[significant.slice(0, 3)] ?? '33'}${significant}`;
	const frenchMobile = fc
		.tuple(
			fc.constantFrom('6', '7', '639', '690', '691', '692', '693', '694', '696', '697'),
			digits(8, 8),
		)
		.map(([start, d]) => (start + d).slice(0, 9));
	const FRENCH_PLAN_CODES = ['33', '262', '590', '594', '596'];

	/** A valid number as written, with the number SMS Partner should be given. */
	const validNumber: fc.Arbitrary<[string, string]> = fc.oneof(
		frenchMobile.map((m): [string, string] => [`0${m}`, e164OfFrench(m)]),
		fc
			.tuple(fc.constantFrom('+33', '0033', '+330', '00330'), frenchMobile)
			.map(([prefix, m]): [string, string] => [`${prefix}${m}`, e164OfFrench(m)]),
		fc
			.tuple(fc.constantFrom('+', '00'), nonZeroDigit, digits(7, 14))
			.filter(([, first, d]) => !FRENCH_PLAN_CODES.some((c) => `${first}${d}`.startsWith(c)))
			.map(([prefix, first, d]): [string, string] => [`${prefix}${first}${d}`, `+${first}${d}`]),
	);

	const SEPARATORS_WITHIN_A_NUMBER = [
		' ',
		'.',
		'-',
		'  ',
		' - ',
		'\t',
		'\u00a0',
		'\u1680',
		'\u2000',
		'\u2002',
		'\u2003',
		'\u2007',
		'\u2008',
		'\u2009',
		'\u200a',
		'\u202f',
		'\u205f',
		'\u3000',
		'\ufeff',
		'\u200b',
		'\u200c',
		'\u200d',
		'\u2060',
		'\u00ad',
		'\u2010',
		'\u2011',
		'\u2012',
		'\u2013',
		'\u2014',
		'\u2015',
		'\u2212',
	];
	/** The number with spaces, dots and dashes inserted anywhere. */
	const formatted = validNumber.chain(([plain, expected]) =>
		fc
			.array(
				fc.tuple(
					fc.integer({ min: 0, max: plain.length }),
					fc.constantFrom(...SEPARATORS_WITHIN_A_NUMBER),
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
		// Every Unicode space, zero-width character and dash a keyboard or word processor puts in.
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

	test('two valid numbers joined by any separator are refused as one number, and read as the two', () => {
		const separator = fc.constantFrom(
			' ',
			'  ',
			'\t',
			' / ',
			' | ',
			'\u00a0',
			'\u202f',
			'\u3000',
			'',
		);
		fc.assert(
			fc.property(formatted, formatted, separator, (first, second, between) => {
				// Glued with nothing between, only a second number starting with + can be told apart.
				fc.pre(between !== '' || second.plain.startsWith('+'));
				const text = `${first.plain}${between}${second.plain}`;
				expect(normalisePhoneNumber(text)).toBeUndefined();
				expect(splitPastedNumbers(text)).toEqual([first.expected, second.expected]);
			}),
		);
	});

	test('a French number that is not a mobile is a landline, in national and every international form', () => {
		const significant = fc
			.tuple(fc.constantFrom('1', '2', '3', '4', '5', '8', '9'), digits(8, 8))
			.map(([first, d]) => first + d);
		const prefix = fc.constantFrom(
			'0',
			'+33',
			'0033',
			'33',
			'+330',
			'00330',
			'330',
			'+33 0 ',
			'+33 ',
		);
		fc.assert(
			fc.property(prefix, significant, (p, s) => {
				expect(parsePhoneNumber(`${p}${s}`)).toEqual({ problem: 'frenchLandline' });
			}),
		);
	});
});

describe('parseAnswerPhoneNumber', () => {
	test.each<[string, string | undefined]>([
		['0612345678', '+33612345678'],
		['+33 6 90 12 34 56', '+590690123456'],
		['+33123456789', '+33123456789'],
		['+590590123456', '+590590123456'],
		['0123456789', undefined],
		['abc', undefined],
	])('%j → %j', (raw, expected) => {
		expect(parseAnswerPhoneNumber(raw)).toBe(expected);
	});
});

describe('parseLongNumber', () => {
	test.each([
		['+33700000000', '33700000000'],
		['+33 7 00 00 00 00', '33700000000'],
		['07 00 00 00 00', '33700000000'],
		['07.00.00.00.00', '33700000000'],
		['33700000000', '33700000000'],
		['33 6 12 34 56 78', '33612345678'],
		['0033 6 12 34 56 78', '33612345678'],
		['+33 0 6 12 34 56 78', '33612345678'],
		['330612345678', '33612345678'],
		['\u00a0+33\u202f6 12 34 56 78 ', '33612345678'],
	])('%j is the long number %s', (written, digits) => {
		expect(parseLongNumber(written)).toEqual({ digits });
	});

	test.each([
		['01 23 45 67 89', 'notMobileRange'],
		['+33 9 70 00 00 00', 'notMobileRange'],
		['33800000000', 'notMobileRange'],
		['+32 470 12 34 56', 'notFrench'],
		['+590 690 12 34 56', 'notFrench'],
		['700000000', 'notFrench'],
		['+33 7 00 00 00 0', 'notFrench'],
		['+33 7 00 00 00 000', 'notFrench'],
		['07 00 00 00 0O', 'notFrench'],
		['', 'notFrench'],
	])('%j is refused: %s', (written, problem) => {
		expect(parseLongNumber(written)).toEqual({ problem });
	});

	test('property: a French mobile-range number, in any of its written forms, reads as 33 and its 9 digits', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('6', '7'),
				fc.stringMatching(/^\d{8}$/),
				fc.constantFrom('+33', '0033', '33', '0', '+33 0', '+33 '),
				(first, rest, prefix) => {
					const significant = `${first}${rest}`;
					const spaced = significant.replace(/(\d)(?=(\d\d)+$)/g, '$1 ');
					expect(parseLongNumber(`${prefix}${spaced}`)).toEqual({ digits: `33${significant}` });
				},
			),
		);
	});
});
