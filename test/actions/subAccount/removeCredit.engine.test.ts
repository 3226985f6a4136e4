/**
 * Subaccount › Remove Credit, run through n8n's real engine against the local
 * SMS Partner sandbox over HTTP. Every run also checks that no API key appears
 * anywhere in the run record (fixtures.run).
 */
import {
	KEY,
	KEYS,
	REMOVE_CREDIT,
	removeCredit,
	run,
	sandboxFixture,
} from '../../support/fixtures';

const sandboxes = sandboxFixture();

describe('a successful removal', () => {
	test('moves the credit and outputs both balances as numbers', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 12.345 }],
			parameters: removeCredit(),
		});

		expect(result.status).toBe('success');
		expect(result.success).toEqual([
			{
				tokenSubaccount: 'sub-alpha',
				creditRemoved: 12.345,
				credit: 1012.345,
				subaccountCredit: 137.655,
				currency: 'EUR',
			},
		]);
		expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(sandbox.subaccount('sub-alpha').credit).toBe(137.655);
		expect(sandbox.account(KEY).credit).toBe(1012.345);
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
	});

	test('sends the key in the JSON body and the credit as the exact decimal given', async () => {
		const sandbox = await sandboxes.start();
		await run(sandbox, {
			items: [{ token: 'sub-beta', amount: '0.1' }],
			parameters: removeCredit(),
		});

		const [call] = sandbox.calls;
		expect(call.contentType).toMatch(/^application\/json/);
		expect(call.query).toEqual({});
		expect(call.body).toEqual({
			apiKey: KEY,
			credit: 0.1,
			tokenSubaccount: 'sub-beta',
			_format: 'json',
		});
	});

	test('turns balances sent as strings ("137.655") into numbers', async () => {
		const sandbox = await sandboxes.start({ balancesAsStrings: true });
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 50 }],
			parameters: removeCredit(),
		});

		expect(result.success).toEqual([
			{
				tokenSubaccount: 'sub-alpha',
				creditRemoved: 50,
				credit: 1050,
				subaccountCredit: 100,
				currency: 'EUR',
			},
		]);
	});

	test('takes fixed values as well as expressions, and trims the token', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{}],
			parameters: removeCredit({ subaccount: '  sub-beta ', credit: 20.5 }),
		});

		expect(result.success).toEqual([
			{
				tokenSubaccount: 'sub-beta',
				creditRemoved: 20.5,
				credit: 1020.5,
				subaccountCredit: 0,
				currency: 'EUR',
			},
		]);
	});
});

/** Each control code of the endpoint, and how the sandbox is brought to answer it. */
const CONTROL_CODE_CASES: Array<{
	code: number;
	message: string;
	apiKey?: string;
	token?: string;
	amount?: number;
	forced?: boolean;
}> = [
	{ code: 1, message: 'The API key is required (SMS Partner code 1)', apiKey: '' },
	{ code: 2, message: 'The credit is required (SMS Partner code 2)', forced: true },
	// 3, 4, 6 and 7 mean other things on SMS Partner's global error page: its own words lead.
	{
		code: 3,
		message:
			'SMS Partner refused the credit move for subaccount "sub-alpha" (code 3): «The identifier of the sub-account is required»',
		forced: true,
	},
	{
		code: 4,
		message:
			'SMS Partner refused the credit move for subaccount "sub-alpha" (code 4): «You do not have the permission»',
		apiKey: KEYS.noSubaccounts,
	},
	{
		code: 5,
		message: 'The credit to move must be greater than 0 (SMS Partner code 5)',
		forced: true,
	},
	{
		code: 6,
		message:
			'SMS Partner refused the credit move for subaccount "sub-empty" (code 6): «The balance must be greater than 0»',
		token: 'sub-empty',
	},
	{
		code: 7,
		message:
			'SMS Partner refused the credit move for subaccount "sub-unknown" (code 7): «The sub-account does not exist»',
		token: 'sub-unknown',
	},
	{
		code: 8,
		message: 'Insufficient credit (SMS Partner code 8)',
		token: 'sub-beta',
		amount: 20.501,
	},
	{ code: 10, message: 'Invalid API key (SMS Partner code 10)', apiKey: 'wrong-key-0000' },
	{ code: 11, message: 'Insufficient credit (SMS Partner code 11)', forced: true },
	{
		code: 20,
		message: 'The SMS Partner account is disabled (SMS Partner code 20)',
		apiKey: KEYS.disabled,
	},
	{
		code: 30,
		message: 'The SMS Partner account is blocked (SMS Partner code 30)',
		apiKey: KEYS.blocked,
	},
	{
		code: 40,
		message: 'API access is denied for this account (SMS Partner code 40)',
		apiKey: KEYS.apiDenied,
	},
	{
		code: 90,
		message: 'SMS Partner could not read the request (malformed JSON) (SMS Partner code 90)',
		forced: true,
	},
	{
		code: 96,
		message: "This server's IP address is not authorized for the API key (SMS Partner code 96)",
		apiKey: KEYS.ipNotAllowed,
	},
];

describe.each(['200', '4xx'] as const)('control codes answered with HTTP %s', (errorStatus) => {
	test.each(CONTROL_CODE_CASES)(
		'code $code goes to the error output with the input item kept',
		async ({ code, message, apiKey = KEY, token = 'sub-alpha', amount = 5, forced }) => {
			const sandbox = await sandboxes.start({ errorStatus });
			if (forced) sandbox.forceCode(token, code);
			const before = JSON.stringify(sandbox.state);

			const result = await run(sandbox, {
				apiKey,
				items: [{ token, amount, customer: 'ACME', row: 7 }],
				parameters: removeCredit(),
				onError: 'continueErrorOutput',
			});

			expect(result.status).toBe('success');
			expect(result.success).toEqual([]);
			expect(result.errors).toHaveLength(1);
			const [item] = result.errors;
			expect(item).toEqual({
				token,
				amount,
				customer: 'ACME',
				row: 7,
				error: {
					message,
					description: expect.stringContaining('Nothing was changed.'),
					code,
					httpStatus: errorStatus === '200' ? 200 : expect.any(Number),
					outcome: 'rejected',
				},
			});
			if (errorStatus === '4xx')
				expect((item.error as { httpStatus: number }).httpStatus).toBeGreaterThanOrEqual(400);
			expect(result.outputs[1][0].pairedItem).toEqual({ item: 0 });
			expect(JSON.stringify(sandbox.state)).toBe(before);
			expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
		},
	);
});

describe('the error item itself', () => {
	test('holds the single key "error" when the input item is empty', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{}],
			parameters: removeCredit({ subaccount: 'sub-unknown', credit: 1 }),
			onError: 'continueErrorOutput',
		});

		expect(Object.keys(result.errors[0])).toEqual(['error']);
	});

	test("an unknown control code shows SMS Partner's own message", async () => {
		const sandbox = await sandboxes.start();
		sandbox.forceCode('sub-alpha', 77, 'Maintenance in progress');
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 1 }],
			parameters: removeCredit(),
			onError: 'continueErrorOutput',
		});

		expect(result.errors[0].error).toMatchObject({
			message: 'Maintenance in progress (SMS Partner code 77)',
			code: 77,
			outcome: 'rejected',
		});
	});

	test('an SMS Partner message that echoes the API key is shown with the key masked', async () => {
		const sandbox = await sandboxes.start();
		sandbox.forceCode('sub-alpha', 10, `Incorrect API Key ${KEY}`);
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 1 }],
			parameters: removeCredit(),
			onError: 'continueErrorOutput',
		});

		expect(result.errors[0].error).toMatchObject({
			message: 'Invalid API key (SMS Partner code 10)',
			description: expect.stringContaining('SMS Partner said: "Incorrect API Key ***"'),
		});
	});

	test('with "Continue (regular output)" the error item stays on the single output', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-unknown', amount: 1 }],
			parameters: removeCredit(),
			onError: 'continueRegularOutput',
		});

		expect(result.outputs).toHaveLength(1);
		expect(result.success[0].error).toMatchObject({ code: 7, outcome: 'rejected' });
	});
});

describe('with "On Error" unset', () => {
	test('a control code fails the run with the readable message', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-beta', amount: 500 }],
			parameters: removeCredit(),
		});

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: 'Insufficient credit (SMS Partner code 8)',
			description: expect.stringContaining('less credit than the amount'),
		});
		// n8n shows httpCode as "Error code": SMS Partner's control code, not the HTTP 200 it came with.
		expect(result.run.data.resultData.error).toMatchObject({ httpCode: '8' });
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
	});

	test('bad input fails the run naming the field, and sends nothing', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-beta', amount: -3 }],
			parameters: removeCredit(),
		});

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Credit (EUR) must be greater than 0, but it is -3',
		});
		expect(sandbox.callCount()).toBe(0);
	});

	test('a bad item anywhere stops the run before any item is sent, naming that item', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [
				{ token: 'sub-alpha', amount: 1 },
				{ token: 'sub-beta', amount: 2 },
				{ token: 'sub-alpha', amount: '12,5' },
				{ token: 'sub-beta', amount: 3 },
			],
			parameters: removeCredit(),
		});

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringContaining('Credit (EUR) "12,5" uses a comma'),
		});
		expect(result.run.data.resultData.error).toMatchObject({ context: { itemIndex: 2 } });
		expect(sandbox.callCount()).toBe(0);
		expect(sandbox.subaccount('sub-alpha').credit).toBe(150);
	});

	test('an answer that fails an item: items before it were sent, items after it were not', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [
				{ token: 'sub-alpha', amount: 1 },
				{ token: 'sub-unknown', amount: 1 },
				{ token: 'sub-beta', amount: 1 },
			],
			parameters: removeCredit(),
		});

		expect(result.status).toBe('error');
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(2);
		expect(sandbox.subaccount('sub-beta').credit).toBe(20.5);
	});
});

test('per-item options from an expression are read for each item', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ token: 'sub-alpha', amount: 1, format: 'xml' },
			{ token: 'sub-beta', amount: 2, format: 'json' },
			{ token: 'sub-alpha', amount: 3, format: 'xml' },
		],
		parameters: removeCredit({ options: { responseFormat: '={{ $json.format }}' } }),
	});

	expect(result.success.map((item) => item.creditRemoved)).toEqual([1, 2, 3]);
	expect(sandbox.calls.map((call) => call.body._format)).toEqual(['xml', 'json', 'xml']);
});

test('a mix of good and bad items: each on its output, in order, paired with its input', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ token: 'sub-alpha', amount: 10 },
			{ token: 'sub-unknown', amount: 10 },
			{ token: '   ', amount: 10 },
			{ token: 'sub-beta', amount: 0.5 },
			{ token: 'sub-beta', amount: 100 },
		],
		parameters: removeCredit(),
		onError: 'continueErrorOutput',
	});

	expect(result.success.map((item) => [item.tokenSubaccount, item.subaccountCredit])).toEqual([
		['sub-alpha', 140],
		['sub-beta', 20],
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
	expect(
		result.errors.map((item) => [item.token, (item.error as { code: number | null }).code]),
	).toEqual([
		['sub-unknown', 7],
		['   ', null],
		['sub-beta', 8],
	]);
	expect(result.outputs[1].map((item) => item.pairedItem)).toEqual([
		{ item: 1 },
		{ item: 2 },
		{ item: 4 },
	]);
	expect(sandbox.callCount(REMOVE_CREDIT)).toBe(4);
	expect(sandbox.account(KEY).credit).toBe(1010.5);
});

describe('XML answers', () => {
	async function bothFormats(items: object[]) {
		const results = [];
		for (const responseFormat of ['json', 'xml']) {
			const sandbox = await sandboxes.start({ errorStatus: '4xx' });
			results.push(
				await run(sandbox, {
					items: items as never,
					parameters: removeCredit({ options: { responseFormat } }),
					onError: 'continueErrorOutput',
				}),
			);
			expect(sandbox.calls.every((call) => call.body._format === responseFormat)).toBe(true);
		}
		return results;
	}

	test('give the same items as JSON, success and error alike', async () => {
		const [json, xml] = await bothFormats([
			{ token: 'sub-alpha', amount: 1.5 },
			{ token: 'sub-unknown', amount: 1 },
			{ token: 'sub-beta', amount: 99 },
		]);

		expect(xml.success).toEqual(json.success);
		expect(xml.errors).toEqual(json.errors);
		expect(xml.success).toEqual([
			{
				tokenSubaccount: 'sub-alpha',
				creditRemoved: 1.5,
				credit: 1001.5,
				subaccountCredit: 148.5,
				currency: 'EUR',
			},
		]);
		expect(xml.errors.map((item) => (item.error as { code: number }).code)).toEqual([7, 8]);
	});
});

describe('bad input is refused before anything is sent', () => {
	const BAD_INPUTS: Array<[string, unknown, unknown, string]> = [
		['missing token', undefined, 1, 'Subaccount Token is empty'],
		['blank token', '', 1, 'Subaccount Token is empty'],
		['whitespace token', ' \t ', 1, 'Subaccount Token is blank'],
		[
			'token with a line break',
			'sub-\nalpha',
			1,
			'Subaccount Token "sub-\\nalpha" contains a control character',
		],
		[
			'token that is a number',
			12345,
			1,
			'Subaccount Token must be text, but it is a number (12345)',
		],
		['missing credit', 'sub-alpha', undefined, 'Credit (EUR) is empty'],
		['zero credit', 'sub-alpha', 0, 'Credit (EUR) must be greater than 0, but it is 0'],
		['negative credit', 'sub-alpha', -1, 'Credit (EUR) must be greater than 0, but it is -1'],
		['credit as text', 'sub-alpha', 'ten', 'Credit (EUR) "ten" is not a number of euros'],
		[
			'comma decimal',
			'sub-alpha',
			'12,5',
			'Credit (EUR) "12,5" uses a comma: write the decimal with a dot, e.g. 12.5',
		],
		['more than 3 decimals', 'sub-alpha', 1.2345, 'Credit (EUR) 1.2345 has more than 3 decimals'],
		[
			'absurdly large credit',
			'sub-alpha',
			5_000_000,
			'Credit (EUR) 5000000 is more than 1,000,000 EUR',
		],
		['credit that is a list', 'sub-alpha', [1], 'Credit (EUR) must be a number, but it is a list'],
	];

	test.each(BAD_INPUTS)('%s', async (_name, token, amount, message) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token, amount } as never],
			parameters: removeCredit(),
			onError: 'continueErrorOutput',
		});

		expect(result.errors).toHaveLength(1);
		const error = result.errors[0].error as Record<string, unknown>;
		expect(error.message).toEqual(expect.stringContaining(message));
		expect(error).toMatchObject({ outcome: 'notSent', code: null, httpStatus: null });
		expect(['subaccount', 'credit']).toContain(error.field);
		expect(sandbox.callCount()).toBe(0);
	});

	test('an expression that cannot be evaluated', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha' }],
			parameters: removeCredit({ credit: '={{ $json.amount.toFixed( }}' }),
			onError: 'continueErrorOutput',
		});

		expect(result.errors[0].error).toMatchObject({
			message: expect.stringMatching(
				/^Credit \(EUR\): its expression could not be evaluated \(.+\)$/,
			),
			field: 'credit',
			outcome: 'notSent',
		});
		expect(sandbox.callCount()).toBe(0);
	});

	test.each([
		['NaN', '={{ NaN }}', 'Credit (EUR) must be a finite number of euros, not NaN'],
		['Infinity', '={{ Infinity }}', 'Credit (EUR) must be a finite number of euros, not Infinity'],
	])('credit %s from an expression', async (_name, credit, message) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha' }],
			parameters: removeCredit({ credit }),
			onError: 'continueErrorOutput',
		});

		expect(result.errors[0].error).toMatchObject({ message, outcome: 'notSent' });
		expect(sandbox.callCount()).toBe(0);
	});
});
