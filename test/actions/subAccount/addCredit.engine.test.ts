/** Subaccount › Add Credit through n8n's engine against the sandbox. */
import {
	ACCOUNT_REFUSALS,
	KEY,
	KEYS,
	operation,
	run,
	sandboxFixture,
} from '../../support/fixtures';

const sandboxes = sandboxFixture();

const ADD_CREDIT = '/subaccount/credit/add';
const addCredit = (parameters: Record<string, unknown> = {}) =>
	operation('subAccount', 'addCredit', {
		subaccount: '={{ $json.token }}',
		credit: '={{ $json.amount }}',
		...parameters,
	});

test('moves credit from the main account to the subaccount and outputs both balances', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ token: 'sub-empty', amount: 25.5 }],
		parameters: addCredit(),
	});

	expect(result.success).toEqual([
		{
			tokenSubaccount: 'sub-empty',
			creditAdded: 25.5,
			credit: 974.5,
			subaccountCredit: 25.5,
			currency: 'EUR',
		},
	]);
	expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
	expect(sandbox.account(KEY).credit).toBe(974.5);
	expect(sandbox.calls).toEqual([expect.objectContaining({ method: 'POST', path: ADD_CREDIT })]);
	expect(sandbox.calls[0].body).toEqual({
		apiKey: KEY,
		credit: 25.5,
		tokenSubaccount: 'sub-empty',
		_format: 'json',
	});
});

test('XML gives the same items as JSON', async () => {
	const outputs = [];
	for (const responseFormat of ['json', 'xml']) {
		const sandbox = await sandboxes.start({ errorStatus: '4xx' });
		const result = await run(sandbox, {
			items: [
				{ token: 'sub-beta', amount: 1 },
				{ token: 'sub-unknown', amount: 1 },
			],
			parameters: addCredit({ options: { responseFormat } }),
			onError: 'continueErrorOutput',
		});
		outputs.push([result.success, result.errors]);
	}
	expect(outputs[1]).toEqual(outputs[0]);
	expect(outputs[0][0]).toHaveLength(1);
});

const CASES: Array<{
	code: number;
	message: string;
	apiKey?: string;
	token?: string;
	amount?: number;
	forced?: boolean;
	mainCredit?: number;
}> = [
	...ACCOUNT_REFUSALS,
	{ code: 2, message: 'The credit is required', forced: true },
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
	{ code: 5, message: 'The credit to move must be greater than 0', forced: true },
	{
		code: 6,
		message:
			'SMS Partner refused the credit move for subaccount "sub-alpha" (code 6): «The balance must be greater than 0»',
		mainCredit: 0,
	},
	{
		code: 7,
		message:
			'SMS Partner refused the credit move for subaccount "sub-unknown" (code 7): «The sub-account does not exist»',
		token: 'sub-unknown',
	},
	{ code: 8, message: 'Insufficient credit', amount: 5000 },
	{ code: 11, message: 'Insufficient credit', forced: true },
	{ code: 90, message: 'SMS Partner could not read the request (malformed JSON)', forced: true },
];

test.each(CASES)('code $code goes to the error output with the input item kept', async (c) => {
	const sandbox = await sandboxes.start({ errorStatus: '4xx' });
	const token = c.token ?? 'sub-alpha';
	if (c.forced) sandbox.forceCode(token, c.code);
	if (c.mainCredit !== undefined) sandbox.account(KEY).credit = c.mainCredit;
	const before = JSON.stringify(sandbox.state);
	const result = await run(sandbox, {
		apiKey: c.apiKey ?? KEY,
		items: [{ token, amount: c.amount ?? 5, note: 'kept' }],
		parameters: addCredit(),
		onError: 'continueErrorOutput',
	});

	expect(result.errors).toEqual([
		{
			token,
			amount: c.amount ?? 5,
			note: 'kept',
			error: expect.objectContaining({
				// A code SMS Partner's pages disagree on is reported in its words, whole.
				message: c.message.includes('«') ? c.message : `${c.message} (SMS Partner code ${c.code})`,
				code: c.code,
				outcome: 'rejected',
			}),
		},
	]);
	expect(JSON.stringify(sandbox.state)).toBe(before);
	expect(sandbox.callCount(ADD_CREDIT)).toBe(1);
});

test('code 8 says the main account is short', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ token: 'sub-alpha', amount: 5000 }],
		parameters: addCredit(),
	});
	expect(result.error).toMatchObject({
		message: 'Insufficient credit (SMS Partner code 8)',
		description: expect.stringContaining(
			'The main account holds less credit than the amount to move.',
		),
	});
});

test('bad input is refused before sending', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ token: 'sub-alpha', amount: '3,5' },
			{ token: '', amount: 1 },
		],
		parameters: addCredit(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => (item.error as { field: string }).field)).toEqual([
		'credit',
		'subaccount',
	]);
	expect(sandbox.callCount()).toBe(0);
});
