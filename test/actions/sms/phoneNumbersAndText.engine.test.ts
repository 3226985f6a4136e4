/**
 * Phone numbers and message text as users paste them (issue 22, point 5), through n8n's engine
 * against the sandbox: every operation taking a number refuses a French landline in any form and
 * a pasted column, naming the field, before anything is sent; overseas mobiles go out with their
 * own country code; typographic spaces go out as plain spaces; a character an SMS cannot carry
 * is named by its code point.
 */
import type { INodeParameters } from 'n8n-workflow';

import { KEY, operation, run, sandboxFixture, type TestSandbox } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const FROM_ITEM = '={{ $json.value }}';
/** Each operation that takes a number, with the field that holds it. */
const OPERATIONS = [
	{
		name: 'SMS › Send',
		field: 'phoneNumbers',
		parameters: operation('sms', 'send', { phoneNumbers: FROM_ITEM, message: 'Bonjour' }),
	},
	{
		name: 'SMS › Send Many',
		field: 'phoneNumber',
		parameters: operation('sms', 'sendMany', { phoneNumber: FROM_ITEM, message: 'Bonjour' }),
	},
	{
		name: 'SMS › Get Status',
		field: 'phoneNumber',
		parameters: operation('sms', 'getStatus', { messageId: '12345', phoneNumber: FROM_ITEM }),
	},
	{
		name: 'Stop List › Add',
		field: 'phoneNumber',
		parameters: operation('stopList', 'add', { phoneNumber: FROM_ITEM }),
	},
];

/** The start of the message each operation gives for `value`. */
const named = (field: string, value: string) =>
	field === 'phoneNumbers'
		? `Phone Numbers: "${value}" (number 1 of 1)`
		: `Phone Number "${value}"`;

const LANDLINES = [
	'01 23 45 67 89',
	'+33 1 23 45 67 89',
	'0033 9 12 34 56 78',
	'+33 8 00 12 34 56',
	'+33 0 5 23 45 67 89',
	'33 1 23 45 67 89',
	'+590 590 12 34 56',
];

async function refusal(sandbox: TestSandbox, parameters: INodeParameters, value: string) {
	const result = await run(sandbox, {
		items: [{ value, kept: true }],
		parameters,
		onError: 'continueErrorOutput',
	});
	expect(result.success).toEqual([]);
	expect(result.errors).toHaveLength(1);
	expect(result.errors[0].kept).toBe(true);
	// The sandbox saw no request at all: nothing was sent.
	expect(sandbox.callCount()).toBe(0);
	return result.errors[0].error as { field: string; outcome: string; message: string };
}

describe.each(OPERATIONS)('$name', ({ field, parameters }) => {
	test.each(LANDLINES)('the landline %j is refused as one, nothing sent', async (value) => {
		const sandbox = await sandboxes.start();
		const error = await refusal(sandbox, parameters, value);
		expect(error).toMatchObject({
			field,
			outcome: 'notSent',
			message: `${named(field, value)} is a French landline or special number (01 to 05, 08, 09): it cannot receive an SMS`,
		});
	});

	test.each([
		['06 12 34 56 78 07 98 76 54 32', '06 12 34 56 78 07 98 76 54 32'],
		['+33 6 12 34 56 78 +33 7 98 76 54 32', '+33 6 12 34 56 78 +33 7 98 76 54 32'],
		['0612345678\t0798765432', '0612345678 0798765432'],
		[
			'06\u00a012\u00a034\u00a056\u00a078\u202f07\u00a098\u00a076\u00a054\u00a032',
			'06 12 34 56 78 07 98 76 54 32',
		],
	])('a pasted column %j is refused as 2 numbers, nothing sent', async (value, shown) => {
		const sandbox = await sandboxes.start();
		const error = await refusal(sandbox, parameters, value);
		expect(error).toMatchObject({ field, outcome: 'notSent' });
		expect(error.message).toBe(
			field === 'phoneNumbers'
				? `${named(field, shown)} looks like 2 numbers: separate numbers with commas`
				: `${named(field, shown)} looks like 2 numbers: give one number per item`,
		);
	});
});

describe.each(OPERATIONS.filter(({ field }) => field === 'phoneNumber'))(
	'$name, one number per item',
	({ parameters }) => {
		test.each([
			['0612345678\r\n0798765432\r\n0611111111', 3],
			['0612345678; 0798765432', 2],
		])('%j is refused as %i numbers, nothing sent', async (value, count) => {
			const sandbox = await sandboxes.start();
			const error = await refusal(sandbox, parameters, value);
			expect(error.message).toMatch(
				new RegExp(`looks like ${count} numbers: give one number per item$`),
			);
		});
	},
);

test('Send reads a pasted column with line breaks as its numbers, as it always split them', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ value: '06 12 34 56 78\r\n07 98 76 54 32\r\n' }],
		parameters: OPERATIONS[0].parameters,
	});
	expect(result.success[0].recipients).toEqual(['+33612345678', '+33798765432']);
});

test('overseas mobiles go out with their own country code, in Send and Send Many', async () => {
	const sandbox = await sandboxes.start();
	const numbers = [
		'0639 12 34 56',
		'0690 12 34 56',
		'+33 6 94 12 34 56',
		'0696\u00a012\u00a034\u00a056',
	];
	const expected = ['+262639123456', '+590690123456', '+594694123456', '+596696123456'];
	const sent = await run(sandbox, {
		items: [{ value: numbers.join(', ') }],
		parameters: OPERATIONS[0].parameters,
	});
	expect(sent.success[0].recipients).toEqual(expected);
	expect(sandbox.calls[0].body.phoneNumbers).toBe(expected.join(','));

	const many = await run(sandbox, {
		items: numbers.map((value) => ({ value })),
		parameters: OPERATIONS[1].parameters,
	});
	expect(many.success.map((item) => item.phoneNumber)).toEqual(expected);
	expect(
		sandbox.calls[1].body.SMSList.map((line: { phoneNumber: string }) => line.phoneNumber),
	).toEqual(expected);
});

test('Stop List › Add puts an overseas mobile written the French way under its own code', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ value: '+33 6 90 12 34 56' }],
		parameters: OPERATIONS[3].parameters,
	});
	expect(result.success).toEqual([
		{ id: expect.any(String), phoneNumber: '+590690123456', alreadyListed: false },
	]);
	expect(sandbox.calls[0].body).toMatchObject({ phoneNumber: '+590690123456' });
});

describe('message text', () => {
	const send = (message: string, options: object = {}) =>
		operation('sms', 'send', { phoneNumbers: '0612345678', message, options });

	test('typographic spaces (before ! ? : ;, in amounts) go out as plain spaces, counted as such', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{}],
			parameters: send('Bonjour\u00a0! Total\u202f: 1\u2009000\u00a0€ ; merci\u202f?'),
		});
		expect(sandbox.calls[0].body.message).toBe('Bonjour ! Total : 1 000 :euro: ; merci ?');
		expect(result.success[0]).toMatchObject({ encoding: 'GSM-7', characters: 36 });
	});

	test.each([
		['Vente – 20 %', 'U+2013 EN DASH "–" at character 7'],
		['Merci 🙏', 'U+1F64F an emoji "🙏" at character 7'],
		['Bon\u200bjour', 'U+200B ZERO WIDTH SPACE at character 4'],
		[
			'Suite…\tfin',
			'U+2026 HORIZONTAL ELLIPSIS "…" at character 6, U+0009 CHARACTER TABULATION at character 7',
		],
		[
			'Привет',
			'U+041F "П" at character 1, U+0440 "р" at character 2, U+0438 "и" at character 3, U+0432 "в" at character 4, U+0435 "е" at character 5, U+0442 "т" at character 6',
		],
	])('%j is refused naming %s, nothing sent', async (message, named) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{}],
			parameters: send(message),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({
			field: 'message',
			outcome: 'notSent',
			message: `Message holds characters an SMS cannot carry without Unicode: ${named}`,
		});
		expect(sandbox.callCount()).toBe(0);
		expect(sandbox.account(KEY).credit).toBe(1000);
	});
});
