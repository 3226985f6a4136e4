/** Subaccount › Create and Delete through n8n's engine against the sandbox. */
import {
	ACCOUNT_REFUSALS,
	KEY,
	KEYS,
	operation,
	run,
	sandboxFixture,
} from '../../support/fixtures';

const sandboxes = sandboxFixture();

const CREATE = '/subaccount/create';
const DELETE = '/subaccount/remove';
const create = (parameters: Record<string, unknown> = {}) =>
	operation('subAccount', 'create', {
		type: 'simple',
		email: '={{ $json.email }}',
		creditToAttribute: '={{ $json.credit }}',
		...parameters,
	});
const remove = (parameters: Record<string, unknown> = {}) =>
	operation('subAccount', 'delete', { subaccount: '={{ $json.token }}', ...parameters });

describe('Create', () => {
	test('creates the subaccount, moves its credit, outputs its token', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ email: 'shop@example.fr', credit: 30 }],
			parameters: create({
				additionalFields: { firstname: 'Ana', lastname: 'Lima', title: 'Mme' },
			}),
		});

		const [item] = result.success;
		expect(item).toEqual({
			tokenSubaccount: expect.stringMatching(/^[0-9a-f]{12}$/),
			email: 'shop@example.fr',
			type: 'simple',
			creditAttributed: 30,
			sendConfirmMailTo: 'shop@example.fr',
			parentEmail: 'main@sandbox.local',
		});
		expect(sandbox.subaccount(item.tokenSubaccount as string)).toMatchObject({
			email: 'shop@example.fr',
			credit: 30,
		});
		expect(sandbox.account(KEY).credit).toBe(970);
		expect(sandbox.calls[0].body).toEqual({
			apiKey: KEY,
			type: 'simple',
			parameters: {
				email: 'shop@example.fr',
				creditToAttribute: 30,
				firstname: 'Ana',
				lastname: 'Lima',
				title: 'Mme',
			},
			_format: 'json',
		});
	});

	test('an advanced subaccount sends Is Buyer as 1 or 0', async () => {
		const sandbox = await sandboxes.start();
		await run(sandbox, {
			items: [{ email: 'a@example.fr', credit: 1 }],
			parameters: create({ type: 'advanced', isBuyer: true }),
		});
		await run(sandbox, {
			items: [{ email: 'b@example.fr', credit: 1 }],
			parameters: create({ type: 'advanced' }),
		});

		expect(sandbox.calls.map((call) => call.body.parameters.isBuyer)).toEqual([1, 0]);
	});

	test('XML gives the same item as JSON', async () => {
		const sandbox = await sandboxes.start();
		const json = await run(sandbox, {
			items: [{ email: 'j@example.fr', credit: 2 }],
			parameters: create(),
		});
		const xml = await run(sandbox, {
			items: [{ email: 'x@example.fr', credit: 2 }],
			parameters: create({ options: { responseFormat: 'xml' } }),
		});
		expect({ ...xml.success[0], tokenSubaccount: 't', email: 'e', sendConfirmMailTo: 'e' }).toEqual(
			{
				...json.success[0],
				tokenSubaccount: 't',
				email: 'e',
				sendConfirmMailTo: 'e',
			},
		);
	});

	const CASES = [
		...ACCOUNT_REFUSALS,
		{
			code: 2,
			message: 'You are not authorized to create subaccounts',
			apiKey: KEYS.noSubaccounts,
		},
		{ code: 3, message: 'Is Buyer is required for an advanced subaccount', forced: true },
		{ code: 4, message: 'The subaccount type is required', forced: true },
		{ code: 5, message: 'The subaccount type does not exist', forced: true },
		{ code: 6, message: 'The email is required', forced: true },
		{
			code: 7,
			message: 'A subaccount with this email already exists',
			email: 'alpha@sandbox.local',
		},
		{ code: 8, message: 'The credit to attribute must be greater than 0', forced: true },
		{ code: 9, message: 'The balance must be greater than 0', credit: 5000 },
	] as Array<{
		code: number;
		message: string;
		apiKey?: string;
		forced?: boolean;
		email?: string;
		credit?: number;
	}>;

	test.each(CASES)('code $code goes to the error output, nothing created', async (c) => {
		const sandbox = await sandboxes.start({ errorStatus: '4xx' });
		if (c.forced) sandbox.forceCode(CREATE, c.code);
		const before = JSON.stringify(sandbox.state);
		const result = await run(sandbox, {
			apiKey: c.apiKey ?? KEY,
			items: [{ email: c.email ?? 'new@example.fr', credit: c.credit ?? 5 }],
			parameters: create(),
			onError: 'continueErrorOutput',
		});

		expect(result.errors).toEqual([
			expect.objectContaining({
				error: expect.objectContaining({
					message: `${c.message} (SMS Partner code ${c.code})`,
					code: c.code,
					outcome: 'rejected',
				}),
			}),
		]);
		expect(JSON.stringify(sandbox.state)).toBe(before);
	});

	test.each([
		['a blank email', { email: ' ', credit: 1 }, 'email', 'Email is blank'],
		[
			'a malformed email',
			{ email: 'shop.example.fr', credit: 1 },
			'email',
			'Email "shop.example.fr" is not an email address',
		],
		[
			'no credit',
			{ email: 'a@b.fr', credit: 0 },
			'creditToAttribute',
			'Starting Credit (EUR) must be greater than 0',
		],
	])('%s is refused before sending', async (_name, item, field, message) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [item],
			parameters: create(),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({
			field,
			outcome: 'notSent',
			message: expect.stringContaining(message),
		});
		expect(sandbox.callCount()).toBe(0);
	});
});

const LIST = '/subaccount/list';
const MOVE_BACK = '/subaccount/credit/remove';

describe('Delete', () => {
	test('deletes a subaccount that holds no credit: its balance is read first', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, { items: [{ token: 'sub-empty' }], parameters: remove() });

		expect(result.success).toEqual([
			{ tokenSubaccount: 'sub-empty', deleted: true, creditReturned: 0 },
		]);
		expect(sandbox.hasSubaccount('sub-empty')).toBe(false);
		expect(sandbox.calls.map((call) => call.path)).toEqual([LIST, DELETE]);
		expect(sandbox.calls[1]).toMatchObject({
			method: 'DELETE',
			path: DELETE,
			body: { apiKey: KEY, token: 'sub-empty', _format: 'json' },
		});
	});

	test('a subaccount that still holds credit is not deleted, and nothing is sent to delete it', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-beta', kept: 1 }],
			parameters: remove(),
			onError: 'continueErrorOutput',
		});

		expect(result.success).toEqual([]);
		expect(result.errors).toEqual([
			{
				token: 'sub-beta',
				kept: 1,
				error: expect.objectContaining({
					message: 'The subaccount "sub-beta" still holds 20.5 EUR: it was not deleted',
					description: expect.stringContaining('Move Remaining Credit Back First'),
					outcome: 'notSent',
				}),
			},
		]);
		expect(sandbox.hasSubaccount('sub-beta')).toBe(true);
		expect(sandbox.subaccount('sub-beta').credit).toBe(20.5);
		expect(sandbox.calls.map((call) => call.path)).toEqual([LIST]);
	});

	test('without On Error, the run stops on it', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, { items: [{ token: 'sub-beta' }], parameters: remove() });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'The subaccount "sub-beta" still holds 20.5 EUR: it was not deleted',
		);
		expect(sandbox.hasSubaccount('sub-beta')).toBe(true);
	});

	test('Move Remaining Credit Back First: the credit goes to the main account, then the subaccount is deleted', async () => {
		const sandbox = await sandboxes.start();
		const mainBefore = sandbox.account(KEY).credit;
		const result = await run(sandbox, {
			items: [{ token: 'sub-beta' }],
			parameters: remove({ moveCreditBack: true }),
		});

		expect(result.success).toEqual([
			{
				tokenSubaccount: 'sub-beta',
				deleted: true,
				creditReturned: 20.5,
				credit: mainBefore + 20.5,
			},
		]);
		expect(sandbox.account(KEY).credit).toBe(mainBefore + 20.5);
		expect(sandbox.hasSubaccount('sub-beta')).toBe(false);
		expect(sandbox.calls.map((call) => call.path)).toEqual([LIST, MOVE_BACK, DELETE]);
		expect(sandbox.calls[1].body).toMatchObject({ tokenSubaccount: 'sub-beta', credit: 20.5 });
	});

	test('Move Remaining Credit Back First on an empty subaccount moves nothing', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-empty' }],
			parameters: remove({ moveCreditBack: true }),
		});
		expect(result.success).toEqual([
			{ tokenSubaccount: 'sub-empty', deleted: true, creditReturned: 0 },
		]);
		expect(sandbox.calls.map((call) => call.path)).toEqual([LIST, DELETE]);
	});

	test.each([
		['text', { credits: 'n/a', balance: 'n/a' }],
		['missing', { omit: ['credits', 'balance'] }],
		['"1" and 400 zeros', { credits: `1${'0'.repeat(400)}`, balance: `1${'0'.repeat(400)}` }],
	])(
		'an unreadable balance (%s) is refused, with or without moving credit back: nothing moved, nothing deleted',
		async (_name, listed) => {
			const sandbox = await sandboxes.start();
			sandbox.subaccount('sub-beta').listed = listed;
			for (const moveCreditBack of [false, true]) {
				const result = await run(sandbox, {
					items: [{ token: 'sub-beta' }],
					parameters: remove({ moveCreditBack }),
					onError: 'continueErrorOutput',
				});
				expect(result.errors[0].error).toMatchObject({
					message:
						'The balance of subaccount "sub-beta" could not be read from SMS Partner\'s list: nothing was sent',
					outcome: 'notSent',
				});
			}
			expect(sandbox.hasSubaccount('sub-beta')).toBe(true);
			expect(sandbox.subaccount('sub-beta').credit).toBe(20.5);
			expect(sandbox.calls.every((call) => call.path === LIST)).toBe(true);
		},
	);

	test('a token that is not in the list of subaccounts is refused without a delete request', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-ghost' }],
			parameters: remove(),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({
			message: expect.stringContaining('"sub-ghost"'),
			outcome: 'notSent',
		});
		expect(sandbox.callCount(DELETE)).toBe(0);
	});

	test('credit that arrives while it is moved back: the move is reported, the subaccount is kept', async () => {
		const sandbox = await sandboxes.start();
		const mainBefore = sandbox.account(KEY).credit;
		sandbox.fault('sub-beta', {
			act: true,
			times: 1,
			answer: {
				success: true,
				code: 200,
				credit: mainBefore + 20.5,
				subaccountCredit: 5,
				currency: 'EUR',
			},
		});
		const result = await run(sandbox, {
			items: [{ token: 'sub-beta' }],
			parameters: remove({ moveCreditBack: true }),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({
			message:
				'The subaccount "sub-beta" still held 5 EUR after 20.5 EUR were moved back: it was not deleted',
			description: expect.stringContaining('The 20.5 EUR are on the main account now'),
		});
		expect(sandbox.hasSubaccount('sub-beta')).toBe(true);
		expect(sandbox.callCount(DELETE)).toBe(0);
	});

	test('a delete refused after the credit moved back says both', async () => {
		const sandbox = await sandboxes.start();
		sandbox.forceCode(DELETE, 30, 'Server error');
		const mainBefore = sandbox.account(KEY).credit;
		const result = await run(sandbox, {
			items: [{ token: 'sub-beta' }],
			parameters: remove({ moveCreditBack: true }),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({
			message: expect.stringMatching(
				/\(its 20\.5 EUR had been moved back to the main account first\)$/,
			),
			description: expect.stringMatching(/^The credit move succeeded; the delete did not\./),
		});
		expect(sandbox.account(KEY).credit).toBe(mainBefore + 20.5);
		expect(sandbox.hasSubaccount('sub-beta')).toBe(true);
	});

	test('through a Test Mode credential Delete is refused, naming the credential, with nothing sent', async () => {
		const sandbox = await sandboxes.start();
		for (const moveCreditBack of [false, true]) {
			const result = await run(sandbox, {
				testMode: true,
				items: [{ token: 'sub-empty' }],
				parameters: remove({ moveCreditBack }),
				onError: 'continueErrorOutput',
			});
			expect(result.errors[0].error).toMatchObject({
				message: "The 'SMS Partner API' credential is in Test Mode: Delete is refused",
				field: 'testMode',
				outcome: 'notSent',
			});
		}
		expect(sandbox.callCount()).toBe(0);
		expect(sandbox.hasSubaccount('sub-empty')).toBe(true);
	});

	test('a subaccount that does not exist (or is already deleted): code 404, with HTTP 404', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-empty' }, { token: 'sub-empty' }],
			parameters: remove({ options: { responseFormat: 'xml' } }),
			onError: 'continueErrorOutput',
		});

		expect(result.success).toHaveLength(1);
		expect(result.errors[0].error).toMatchObject({
			message: 'The subaccount "sub-empty" does not exist (SMS Partner code 404)',
			code: 404,
			httpStatus: 404,
			outcome: 'rejected',
		});
	});

	test.each([
		{ code: 1, message: 'The subaccount token is required', forced: true },
		{ code: 10, message: 'Invalid API key', apiKey: 'wrong-key' },
		// The balance is read first, from the list, whose page gives code 1 for a missing key.
		{ code: 1, message: 'The API key is required', apiKey: '' },
		...ACCOUNT_REFUSALS.filter((refusal) => refusal.code > 10),
	] as Array<{ code: number; message: string; apiKey?: string; forced?: boolean }>)(
		'code $code ($message) goes to the error output, nothing deleted',
		async (c) => {
			const sandbox = await sandboxes.start({ errorStatus: '4xx' });
			if (c.forced) sandbox.forceCode(DELETE, c.code);
			const result = await run(sandbox, {
				apiKey: c.apiKey ?? KEY,
				items: [{ token: 'sub-empty' }],
				parameters: remove(),
				onError: 'continueErrorOutput',
			});

			expect(result.errors[0].error).toMatchObject({
				message: `${c.message} (SMS Partner code ${c.code})`,
				code: c.code,
			});
			expect(sandbox.hasSubaccount('sub-empty')).toBe(true);
		},
	);

	test('a blank token is refused before sending', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: '  ' }],
			parameters: remove(),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({ field: 'subaccount', outcome: 'notSent' });
		expect(sandbox.callCount()).toBe(0);
	});
});
