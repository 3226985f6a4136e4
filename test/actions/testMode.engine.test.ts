/**
 * A credential in Test Mode: every send goes in SMS Partner's sandbox mode
 * whatever the node's options say, its output says so and shows the cost as an
 * estimate; what moves money or changes the account is refused; reads work.
 */
import { KEY, operation, run, sandboxFixture } from '../support/fixtures';

const sandbox = sandboxFixture().startBefore('each');

const send = (options: Record<string, unknown> = {}) =>
	operation('sms', 'send', { phoneNumbers: '06 12 34 56 78', message: 'Bonjour', options });
const sendFromLongNumber = (options: Record<string, unknown> = {}) =>
	operation('sms', 'sendFromLongNumber', {
		longNumber: '+33 7 00 00 00 00',
		phoneNumber: '06 12 34 56 78',
		message: 'Bonjour',
		options,
	});
const sendMany = (options: Record<string, unknown> = {}) =>
	operation('sms', 'sendMany', {
		phoneNumber: '={{ $json.phone }}',
		message: 'Bonjour',
		options,
	});

describe('sends through a Test Mode credential go in sandbox mode: nothing sent, nothing billed', () => {
	test.each([
		['Sandbox off', { sandbox: false }],
		['Sandbox not set', {}],
		['Sandbox from an expression giving false', { sandbox: '={{ false }}' }],
	])('Send, %s', async (_name, options) => {
		const creditBefore = sandbox().account(KEY).credit;
		const result = await run(sandbox(), { testMode: true, items: [{}], parameters: send(options) });

		expect(sandbox().calls[0].body).toMatchObject({ sandbox: 1 });
		expect(result.success).toEqual([
			expect.objectContaining({ sandbox: true, estimatedCost: 0.045, parts: 1 }),
		]);
		expect(result.success[0]).not.toHaveProperty('cost');
		expect(sandbox().account(KEY).credit).toBe(creditBefore);
		expect(
			sandbox()
				.messages(KEY)
				.every((message) => message.sandbox),
		).toBe(true);
	});

	test('Send Many: every line of the batch', async () => {
		const creditBefore = sandbox().account(KEY).credit;
		const result = await run(sandbox(), {
			testMode: true,
			items: [{ phone: '0612345678' }, { phone: '+33698765432' }],
			parameters: sendMany({ sandbox: false }),
		});

		expect(sandbox().calls[0].body).toMatchObject({ sandbox: 1 });
		expect(result.success).toEqual([
			expect.objectContaining({ sandbox: true, estimatedCost: 0.045 }),
			expect.objectContaining({ sandbox: true, estimatedCost: 0.045 }),
		]);
		for (const item of result.success) expect(item).not.toHaveProperty('cost');
		expect(sandbox().account(KEY).credit).toBe(creditBefore);
	});

	test.each([
		['Sandbox off', { sandbox: false }],
		['Sandbox not set', {}],
	])('Send From Long Number, %s', async (_name, options) => {
		const creditBefore = sandbox().account(KEY).credit;
		const result = await run(sandbox(), {
			testMode: true,
			items: [{}],
			parameters: sendFromLongNumber(options),
		});

		expect(sandbox().calls[0]).toMatchObject({ path: '/vn/send', body: { sandbox: 1 } });
		expect(result.success).toEqual([
			expect.objectContaining({ sandbox: true, estimatedCost: 0.045, from: '+33700000000' }),
		]);
		expect(result.success[0]).not.toHaveProperty('cost');
		expect(sandbox().account(KEY).credit).toBe(creditBefore);
		expect(
			sandbox()
				.messages(KEY)
				.every((message) => message.sandbox),
		).toBe(true);
	});

	test('the same send without Test Mode is real and billed (what Test Mode prevents)', async () => {
		const creditBefore = sandbox().account(KEY).credit;
		const result = await run(sandbox(), { items: [{}], parameters: send({ sandbox: false }) });

		expect(sandbox().calls[0].body).not.toHaveProperty('sandbox');
		expect(result.success).toEqual([expect.objectContaining({ sandbox: false, cost: 0.045 })]);
		expect(result.success[0]).not.toHaveProperty('estimatedCost');
		expect(sandbox().account(KEY).credit).toBe(creditBefore - 0.045);
	});
});

describe('what moves money or changes the account is refused through a Test Mode credential', () => {
	test.each([
		[
			'Remove Credit',
			operation('subAccount', 'removeCredit', { subaccount: 'sub-alpha', credit: '1' }),
		],
		[
			'Remove Credit',
			operation('subAccount', 'removeCredit', { subaccount: 'sub-alpha', removeAll: true }),
		],
		['Add Credit', operation('subAccount', 'addCredit', { subaccount: 'sub-alpha', credit: '1' })],
		[
			'Create',
			operation('subAccount', 'create', {
				type: 'simple',
				email: 'new@sandbox.local',
				creditToAttribute: '5',
			}),
		],
		['Delete', operation('subAccount', 'delete', { subaccount: 'sub-empty' })],
		['Cancel', operation('sms', 'cancel', { messageId: '48213377' })],
		['Add', operation('stopList', 'add', { phoneNumber: '0612345678' })],
		['Remove', operation('stopList', 'remove', { id: '1' })],
		['Create', operation('group', 'create', { name: 'Customers' })],
		['Delete', operation('group', 'delete', { groupId: '52011' })],
		['Add', operation('contact', 'add', { groupId: '52011', phoneNumber: '0612345678' })],
		['Update', operation('contact', 'update', { contactId: '1', updateFields: { custom1: 'x' } })],
		['Delete', operation('contact', 'delete', { contactId: '1' })],
		[
			'Hlr Lookup',
			operation('number', 'hlrLookup', {
				phoneNumber: '0612345678',
				notifyUrl: 'https://n8n.test/hlr',
			}),
		],
	])('%s: refused naming Test Mode, every item, nothing sent', async (label, parameters) => {
		const result = await run(sandbox(), {
			testMode: true,
			items: [{ n: 1 }, { n: 2 }],
			parameters,
			onError: 'continueErrorOutput',
		});

		expect(result.success).toEqual([]);
		expect(result.errors).toEqual(
			[1, 2].map((n) => ({
				n,
				error: expect.objectContaining({
					message: `The 'SMS Partner API' credential is in Test Mode: ${label} is refused`,
					field: 'testMode',
					outcome: 'notSent',
					description: expect.stringContaining('choose a credential without Test Mode'),
				}),
			})),
		);
		expect(sandbox().calls).toEqual([]);
	});

	test('without On Error, the run stops on it', async () => {
		const result = await run(sandbox(), {
			testMode: true,
			items: [{}],
			parameters: operation('subAccount', 'addCredit', { subaccount: 'sub-alpha', credit: '1' }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			"The 'SMS Partner API' credential is in Test Mode: Add Credit is refused",
		);
		expect(sandbox().calls).toEqual([]);
	});
});

test.each([
	['Get Balance', operation('account', 'getBalance')],
	['Subaccount › Get Many', operation('subAccount', 'getMany', { returnAll: true })],
	['Stop List › Get Many', operation('stopList', 'getMany', { returnAll: true })],
	['Group › Get Many', operation('group', 'getMany', { returnAll: true })],
	['Contact › Get Many', operation('contact', 'getMany', { groupId: '52011', returnAll: true })],
	[
		'Number › Check (free, its page says)',
		operation('number', 'check', { phoneNumber: '0612345678' }),
	],
	['Account › Get Costs', operation('account', 'getCosts', { period: 'lastMonth' })],
])('%s reads through a Test Mode credential as through any other', async (_name, parameters) => {
	const result = await run(sandbox(), { testMode: true, items: [{}], parameters });
	expect(result.status).toBe('success');
	expect(sandbox().calls.length).toBeGreaterThan(0);
});

describe('a Test Mode that is neither on nor off is never read as off', () => {
	test.each([['true'], [' TRUE ']])(
		'Test Mode %j (an expression in the credential giving text) is on',
		async (testMode) => {
			const result = await run(sandbox(), {
				testMode,
				items: [{}],
				parameters: send({ sandbox: false }),
			});
			expect(sandbox().calls[0].body).toMatchObject({ sandbox: 1 });
			expect(result.success[0]).toMatchObject({ sandbox: true, estimatedCost: 0.045 });
		},
	);

	test('Test Mode "false" is off', async () => {
		const result = await run(sandbox(), {
			testMode: 'false',
			items: [{}],
			parameters: send({ sandbox: false }),
		});
		expect(sandbox().calls[0].body).not.toHaveProperty('sandbox');
		expect(result.success[0]).toMatchObject({ sandbox: false, cost: 0.045 });
	});

	const UNREADABLE: Array<[string, string | number]> = [
		['an expression that gave nothing', ''],
		['"yes"', 'yes'],
		['1', 1],
	];
	const sendsAndMoves: Array<[string, ReturnType<typeof operation>, Record<string, string>]> = [
		['Send', send({ sandbox: false }), {}],
		['Send Many', sendMany({ sandbox: false }), { phone: '0612345678' }],
		['Send From Long Number', sendFromLongNumber({ sandbox: false }), {}],
		[
			'Add Credit',
			operation('subAccount', 'addCredit', { subaccount: 'sub-alpha', credit: '1' }),
			{},
		],
		['Delete', operation('subAccount', 'delete', { subaccount: 'sub-empty' }), {}],
	];
	for (const [name, testMode] of UNREADABLE) {
		test.each(sendsAndMoves)(
			`Test Mode ${name}: %s is refused naming it, nothing sent or moved`,
			async (_op, parameters, item) => {
				const creditBefore = sandbox().account(KEY).credit;
				const result = await run(sandbox(), {
					testMode,
					items: [item],
					parameters,
					onError: 'continueErrorOutput',
				});
				expect(result.success).toEqual([]);
				expect(result.errors[0].error).toMatchObject({
					field: 'testMode',
					outcome: 'notSent',
					message: `The 'SMS Partner API' credential's Test Mode is ${JSON.stringify(testMode)}, neither on nor off`,
				});
				const changing = sandbox().calls.filter((call) => call.path !== '/subaccount/list');
				expect(changing).toEqual([]);
				expect(sandbox().account(KEY).credit).toBe(creditBefore);
				expect(sandbox().hasSubaccount('sub-empty')).toBe(true);
			},
		);
	}

	test('reads go out whatever Test Mode holds', async () => {
		const result = await run(sandbox(), {
			testMode: '',
			items: [{}],
			parameters: operation('account', 'getBalance'),
		});
		expect(result.status).toBe('success');
		expect(result.success[0]).toMatchObject({ currency: 'EUR' });
	});
});
