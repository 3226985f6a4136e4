/**
 * Money safety against a hostile network and odd answers (issue 11), through
 * n8n's engine against the sandbox: redirects are never followed, an unreadable
 * balance is never "empty", positional XML never shifts a field, Timeout is a
 * deadline, bodies have a size cap, the key never comes out in any spelling,
 * cached balances never outlive what SMS Partner said, and "Retry On Fail" never
 * re-runs a money move. Every run also searches the run record for the keys.
 */
import { demoAccount } from '../../sandbox/server';
import {
	KEY,
	operation,
	REMOVE_CREDIT,
	removeCredit,
	run,
	sandboxFixture,
} from '../support/fixtures';

type Json = Record<string, any>;

const sandboxes = sandboxFixture();

const LIST = '/subaccount/list';
const onErrorOutput = { onError: 'continueErrorOutput' as const };

/** An address where nothing listens: a connection there is refused at once. */
const CLOSED = 'http://127.0.0.1:9/v1/subaccount/credit/remove';

describe('redirects are never followed', () => {
	const redirects = [301, 302, 303, 307, 308];

	/** The sandbox, and another host (127.0.0.2) where the same key would be welcome. */
	async function withSecondHost() {
		const sandbox = await sandboxes.start();
		const other = await sandboxes.start({
			host: '127.0.0.2',
			state: { accounts: [demoAccount(KEY, 'main@sandbox.local')] },
		});
		return { sandbox, other };
	}

	test.each(redirects)(
		'HTTP %i to a second host after SMS Partner acted: sent once, the second host gets nothing, outcome unknown',
		async (status) => {
			const { sandbox, other } = await withSecondHost();
			sandbox.fault('sub-alpha', {
				act: true,
				status,
				headers: {
					Location: `${other.baseUrl}/subaccount/credit/remove?apiKey=${KEY}&token=secret`,
				},
				body: '',
			});
			const result = await run(sandbox, {
				items: [{ token: 'sub-alpha', amount: 10 }],
				parameters: removeCredit(),
				...onErrorOutput,
			});

			expect(result.success).toEqual([]);
			expect(result.errors[0].error).toMatchObject({
				message: `SMS Partner answered with a redirect (HTTP ${status}), which the node never follows: outcome unknown`,
				httpStatus: status,
				outcome: 'unknown',
			});
			const { description } = result.errors[0].error as { description: string };
			expect(description).toContain(`The redirect pointed to 127.0.0.2:${other.port}.`);
			expect(description).toContain('check the balances');
			expect(description).not.toContain('secret');
			expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
			expect(other.calls).toEqual([]);
			expect(sandbox.subaccount('sub-alpha').credit).toBe(140);
		},
	);

	test.each([
		['a closed port', CLOSED],
		['a host name that does not resolve', 'http://smspartner-redirect.invalid/v1/x'],
		['itself', 'SELF'],
	])('a 307 to %s after acting: one request, never "nothing was sent"', async (_, location) => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', {
			act: true,
			status: 307,
			headers: { Location: location === 'SELF' ? `${sandbox.baseUrl}${REMOVE_CREDIT}` : location },
			body: '',
		});
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit(),
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({ outcome: 'unknown', httpStatus: 307 });
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
		expect(sandbox.subaccount('sub-alpha').credit).toBe(140);
	});

	test('a redirect with a body that never ends: reported as the redirect it is, its body left unread', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', {
			act: true,
			status: 307,
			headers: { Location: CLOSED },
			endless: true,
		});
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit({ options: { timeout: 20_000 } }),
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({
			message:
				'SMS Partner answered with a redirect (HTTP 307), which the node never follows: outcome unknown',
			outcome: 'unknown',
		});
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
	});

	test('a 302 to a host that says success is not a success (nor is it asked)', async () => {
		const { sandbox, other } = await withSecondHost();
		sandbox.fault('sub-alpha', {
			status: 302,
			headers: { Location: `${other.baseUrl}/me` },
			body: '',
		});
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit(),
			...onErrorOutput,
		});

		expect(result.success).toEqual([]);
		expect(other.calls).toEqual([]);
	});

	test('Delete: a 302 to another host does not carry the body (and the key) there', async () => {
		const { sandbox, other } = await withSecondHost();
		sandbox.fault('sub-empty', {
			act: true,
			status: 302,
			headers: { Location: `${other.baseUrl}/subaccount/remove` },
			body: '',
		});
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('subAccount', 'delete', { subaccount: 'sub-empty' }),
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({ outcome: 'unknown', httpStatus: 302 });
		expect(other.calls).toEqual([]);
		expect(sandbox.hasSubaccount('sub-empty')).toBe(false);
	});

	test('a read (Get Balance) answered with a redirect: a read error, safe to run again, sent once', async () => {
		const { sandbox, other } = await withSecondHost();
		sandbox.fault('/me', { status: 301, headers: { Location: `${other.baseUrl}/me` }, body: '' });
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('account', 'getBalance'),
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({
			httpStatus: 301,
			description: expect.stringContaining(
				'This request only reads: nothing was changed, and it is safe to run again.',
			),
		});
		expect(sandbox.callCount('/me')).toBe(1);
		expect(other.calls).toEqual([]);
	});

	test('"nothing was sent" stays for a refused first connection to the credential\'s own host', async () => {
		const sandbox = await sandboxes.start();
		await sandbox.close();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit(),
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({ outcome: 'notSent' });
	});
});

describe('Remove All Remaining Credit never calls an unreadable balance "empty"', () => {
	const removeAll = removeCredit({ subaccount: 'sub-alpha', removeAll: true });

	test.each([
		['"12,5"', { balance: '12,5' }],
		['"NaN"', { balance: 'NaN' }],
		['"1e2"', { balance: '1e2' }],
		['missing', { balance: undefined }],
		['a list entry without credits', { credits: undefined }],
		['credits that are not an object', { credits: 'lots' }],
	])('a balance %s: an error item, nothing sent, the money stays', async (_, listed) => {
		const sandbox = await sandboxes.start();
		sandbox.subaccount('sub-alpha').listed = listed;
		const result = await run(sandbox, {
			items: [{ customer: 'ACME' }],
			parameters: removeAll,
			...onErrorOutput,
		});

		expect(result.success).toEqual([]);
		expect(result.errors).toEqual([
			{
				customer: 'ACME',
				error: expect.objectContaining({
					message:
						'The balance of subaccount "sub-alpha" could not be read from SMS Partner\'s list: nothing was sent',
					outcome: 'notSent',
				}),
			},
		]);
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(0);
		expect(sandbox.subaccount('sub-alpha').credit).toBe(150);
	});

	test('with On Error unset, the run fails and nothing moves', async () => {
		const sandbox = await sandboxes.start();
		sandbox.subaccount('sub-alpha').listed = { balance: 'NaN' };
		const result = await run(sandbox, { items: [{}], parameters: removeAll });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('could not be read');
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(0);
	});
});

describe('positional XML never shifts a field', () => {
	test('Get Many: a subaccount entry one field short refuses the whole answer, no API key in token', async () => {
		const sandbox = await sandboxes.start();
		sandbox.subaccount('sub-beta').listed = { omit: ['email'] };
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('subAccount', 'getMany', {
				returnAll: true,
				options: { responseFormat: 'xml' },
			}),
			...onErrorOutput,
		});

		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({
			message: 'SMS Partner sent an answer that could not be read: outcome unknown',
			outcome: 'unknown',
		});
		const output = JSON.stringify(result.outputs);
		for (const sub of sandbox.state.accounts[0].subaccounts)
			expect(output).not.toContain(sub.apiKey);
	});

	test('the same list in JSON is read: fields are named there', async () => {
		const sandbox = await sandboxes.start();
		sandbox.subaccount('sub-beta').listed = { omit: ['email'] };
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('subAccount', 'getMany', { returnAll: true }),
		});

		expect(result.success.map((item) => [item.tokenSubaccount, item.email])).toEqual([
			['sub-alpha', 'alpha@sandbox.local'],
			['sub-beta', null],
			['sub-empty', 'empty@sandbox.local'],
		]);
	});

	test('Remove All over a short XML list: nothing sent', async () => {
		const sandbox = await sandboxes.start();
		sandbox.subaccount('sub-empty').listed = { omit: ['createdAt'] };
		const result = await run(sandbox, {
			items: [{}],
			parameters: removeCredit({
				subaccount: 'sub-alpha',
				removeAll: true,
				options: { responseFormat: 'xml' },
			}),
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({ outcome: 'unknown' });
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(0);
	});
});

describe('Timeout is a deadline for the whole exchange, and answers have a size cap', () => {
	test('an answer trickled one byte every 150 ms with Timeout 500 ms: cut at the deadline, outcome unknown, sent once', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', { act: true, trickleMs: 150 });
		const started = Date.now();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit({ options: { timeout: 500 } }),
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({
			message: 'SMS Partner did not answer within 500 ms: outcome unknown',
			outcome: 'unknown',
		});
		// Trickled whole, the answer would take about 30 s.
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
	});

	test('headers at once, then the body one byte every 150 ms with Timeout 500 ms: cut at the deadline, outcome unknown, sent once', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', { act: true, trickleBodyMs: 150 });
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit({ options: { timeout: 500 } }),
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({
			message: 'SMS Partner did not answer within 500 ms: outcome unknown',
			httpStatus: 200,
			outcome: 'unknown',
		});
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
		expect(sandbox.subaccount('sub-alpha').credit).toBe(140);
	});

	test('two items in flight with their own Timeout: the short one is cut while the long one is still waiting, which then succeeds', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-beta', { act: true, trickleBodyMs: 150 });
		// Alpha's answer waits until beta's trickling answer has been closed by the node.
		sandbox.beforeAnswer = (call) =>
			call.body?.tokenSubaccount === 'sub-alpha'
				? (async () => {
						while (sandbox.inFlight > 1) await new Promise((resolve) => setTimeout(resolve, 20));
					})()
				: undefined;
		const result = await run(sandbox, {
			items: [
				{ token: 'sub-alpha', amount: 10, timeout: 60_000 },
				{ token: 'sub-beta', amount: 5, timeout: 400 },
			],
			parameters: removeCredit({ options: { timeout: '={{ $json.timeout }}', maxConcurrency: 2 } }),
			...onErrorOutput,
		});

		expect(result.success).toEqual([expect.objectContaining({ subaccountCredit: 140 })]);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0].error).toMatchObject({
			message: 'SMS Partner did not answer within 400 ms: outcome unknown',
			outcome: 'unknown',
		});
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(2);
	});

	test('a quick trickle that ends within the deadline is read', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', { act: true, trickleMs: 1 });
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit({ options: { timeout: 5_000 } }),
		});

		expect(result.success).toEqual([expect.objectContaining({ subaccountCredit: 140 })]);
	});

	test.each([
		['a success padded past 1 MB', { act: true, padBytes: 1_100_000 }],
		['an endless body', { act: true, endless: true }],
	])('%s: refused unread, outcome unknown, sent once', async (_, fault) => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', fault);
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit({ options: { timeout: 20_000 } }),
			...onErrorOutput,
		});

		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({
			message: "SMS Partner's answer was larger than 1 MB and was not read: outcome unknown",
			outcome: 'unknown',
		});
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
	});

	test('a body just under the cap is read', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', { act: true, padBytes: 900_000 });
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit(),
		});

		expect(result.success).toEqual([expect.objectContaining({ subaccountCredit: 140 })]);
	});
});

describe('no form of the key in anything the node outputs', () => {
	/** A key with characters that URL-encoding and JSON-escaping change. */
	const ODD_KEY = 'Key/With+Spécial=Chars&"q"-7c1d';
	const spellings = [
		ODD_KEY,
		ODD_KEY.toUpperCase(),
		ODD_KEY.toLowerCase(),
		encodeURIComponent(ODD_KEY),
		encodeURIComponent(ODD_KEY).toLowerCase(),
		JSON.stringify(ODD_KEY).slice(1, -1),
		[...Buffer.from(ODD_KEY)].map((byte) => `%${byte.toString(16)}`).join(''),
	];

	async function oddKeySandbox() {
		const odd = demoAccount(ODD_KEY, 'odd@sandbox.local');
		odd.subaccounts = odd.subaccounts.map((sub) => ({ ...sub, token: `odd-${sub.token}` }));
		const sandbox = await sandboxes.start();
		sandbox.state.accounts.push(odd);
		return sandbox;
	}

	function expectNoKey(value: unknown) {
		const text = JSON.stringify(value).toLowerCase();
		const escaped = JSON.stringify(JSON.stringify(ODD_KEY)).toLowerCase();
		for (const spelling of [...spellings, escaped])
			expect(text).not.toContain(spelling.toLowerCase());
		expect(text).not.toContain(ODD_KEY.toLowerCase());
	}

	test.each(spellings.map((spelling, index) => [index, spelling]))(
		'spelling %i echoed in a refusal message, a code, and a success currency',
		async (_, spelling) => {
			const sandbox = await oddKeySandbox();
			sandbox.fault('odd-sub-alpha', {
				answer: { success: false, code: 77, message: `Key ${spelling} refused` },
			});
			sandbox.fault('odd-sub-beta', {
				answer: { success: true, code: spelling, credit: 1, subaccountCredit: 2, currency: 'EUR' },
			});
			sandbox.fault('odd-sub-empty', {
				answer: { success: true, code: 200, credit: 1, subaccountCredit: 2, currency: spelling },
			});
			const result = await run(sandbox, {
				apiKey: ODD_KEY,
				items: ['odd-sub-alpha', 'odd-sub-beta', 'odd-sub-empty'].map((token) => ({
					token,
					amount: 1,
				})),
				parameters: removeCredit(),
				...onErrorOutput,
			});

			expect(result.errors.map((item) => (item.error as Json).code)).toEqual([77, null]);
			expect((result.errors[0].error as Json).message).toContain('***');
			// A currency is three letters: anything else is left out, not passed on.
			expect(result.success).toEqual([
				{
					tokenSubaccount: 'odd-sub-empty',
					creditRemoved: 1,
					credit: 1,
					subaccountCredit: 2,
					currency: null,
				},
			]);
			expectNoKey(result.outputs);
			expectNoKey(result.run.data.resultData);
		},
	);

	test('a partly percent-encoded key, or its first 30 characters, echoed: no 12 characters of it come out', async () => {
		const sandbox = await oddKeySandbox();
		// One character percent-encoded (the é as UTF-8, the / in upper-case hex), then a long piece.
		const partly = ODD_KEY.replace('é', '%C3%A9').replace('/', '%2F');
		const piece = ODD_KEY.slice(0, 30);
		sandbox.fault('odd-sub-alpha', {
			answer: { success: false, code: 77, message: `Key ${partly} refused` },
		});
		sandbox.fault('odd-sub-beta', {
			answer: { success: false, code: 78, message: `Key ${piece}`, [piece]: partly },
		});
		const result = await run(sandbox, {
			apiKey: ODD_KEY,
			items: ['odd-sub-alpha', 'odd-sub-beta'].map((token) => ({ token, amount: 1 })),
			parameters: removeCredit(),
			...onErrorOutput,
		});

		expect(result.errors.map((item) => (item.error as Json).message)).toEqual([
			'Key *** refused (SMS Partner code 77)',
			'Key *** (SMS Partner code 78)',
		]);
		const text = JSON.stringify([result.outputs, result.run.data.resultData]).toLowerCase();
		const key = ODD_KEY.toLowerCase();
		for (let start = 0; start + 12 <= key.length; start++) {
			expect(text).not.toContain(key.slice(start, start + 12));
			expect(text).not.toContain(encodeURIComponent(key.slice(start, start + 12)).toLowerCase());
		}
	});

	test('a key pasted with spaces around it is masked as SMS Partner receives it: trimmed', async () => {
		const sandbox = await oddKeySandbox();
		sandbox.fault('odd-sub-alpha', {
			answer: { success: false, code: 77, message: `Key ${ODD_KEY} refused` },
		});
		const result = await run(sandbox, {
			apiKey: `  ${ODD_KEY}\n`,
			items: [{ token: 'odd-sub-alpha', amount: 1 }],
			parameters: removeCredit(),
			onError: 'continueErrorOutput',
		});

		expect(sandbox.calls.at(-1)?.body.apiKey).toBe(ODD_KEY);
		expect(result.errors[0].error).toMatchObject({
			message: 'Key *** refused (SMS Partner code 77)',
		});
		expectNoKey(result.outputs);
		expectNoKey(result.run.data.resultData);
	});

	test('echoed in Get Many and Get Balance text fields, and with On Error unset', async () => {
		const sandbox = await oddKeySandbox();
		const subs = sandbox.state.accounts.at(-1)!.subaccounts;
		subs[0].createdAt = `created by ${encodeURIComponent(ODD_KEY)}`;
		sandbox.state.accounts.at(-1)!.username = `${ODD_KEY.toUpperCase()}@x.fr`;
		const list = await run(sandbox, {
			apiKey: ODD_KEY,
			items: [{}],
			parameters: operation('subAccount', 'getMany', { returnAll: true }),
		});
		const balance = await run(sandbox, {
			apiKey: ODD_KEY,
			items: [{}],
			parameters: operation('account', 'getBalance'),
		});
		sandbox.fault('odd-sub-alpha', {
			answer: { success: false, code: 10, message: `bad key ${ODD_KEY.toLowerCase()}` },
		});
		const failed = await run(sandbox, {
			apiKey: ODD_KEY,
			items: [{ token: 'odd-sub-alpha', amount: 1 }],
			parameters: removeCredit(),
		});

		expect(list.success.length).toBeGreaterThan(0);
		expect(balance.success).toHaveLength(1);
		expect(failed.status).toBe('error');
		for (const result of [list, balance, failed]) {
			expectNoKey(result.outputs);
			expectNoKey(result.run.data.resultData);
		}
	});
});

describe('concurrency and what a run remembers', () => {
	test('a failed list read never turns a finished move into a failure', async () => {
		const sandbox = await sandboxes.start({ answerDelayMs: 20 });
		sandbox.fault(LIST, {
			status: 503,
			body: 'Service Unavailable',
			contentType: 'text/plain',
			delayMs: 200,
		});
		const result = await run(sandbox, {
			items: [
				{ token: 'sub-beta', all: true },
				{ token: 'sub-alpha', all: false, amount: 10 },
			],
			parameters: removeCredit({ removeAll: '={{ $json.all }}', options: { maxConcurrency: 4 } }),
			...onErrorOutput,
		});

		expect(result.success).toEqual([
			{
				tokenSubaccount: 'sub-alpha',
				creditRemoved: 10,
				credit: 1010,
				subaccountCredit: 140,
				currency: 'EUR',
			},
		]);
		expect(result.errors.map((item) => item.token)).toEqual(['sub-beta']);
		expect(sandbox.subaccount('sub-alpha').credit).toBe(140);
	});

	test('an empty subaccount reports the latest main balance, not one read earlier in the run', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-empty' }, { token: 'sub-alpha' }, { token: 'sub-alpha' }],
			parameters: removeCredit({ removeAll: true }),
		});

		expect(result.success.map((item) => [item.creditRemoved, item.credit])).toEqual([
			[0, 1000],
			[150, 1150],
			[0, 1150],
		]);
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
	});

	test('after a move whose outcome is unknown, the balance is read again before the next Remove All', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', { act: true, reset: true, times: 1 });
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha' }, { token: 'sub-alpha' }],
			parameters: removeCredit({ removeAll: true }),
			...onErrorOutput,
		});

		expect(result.errors.map((item) => (item.error as Json).outcome)).toEqual(['unknown']);
		// The first move did happen: the second item finds the subaccount empty and sends nothing.
		expect(result.success).toEqual([
			expect.objectContaining({ tokenSubaccount: 'sub-alpha', creditRemoved: 0 }),
		]);
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
		expect(sandbox.callCount(LIST)).toBe(2);
		expect(sandbox.subaccount('sub-alpha').credit).toBe(0);
	});
});

describe('"Retry On Fail" never re-runs a money move', () => {
	const changing = [
		['Remove Credit', removeCredit()],
		[
			'Add Credit',
			operation('subAccount', 'addCredit', {
				subaccount: '={{ $json.token }}',
				credit: '={{ $json.amount }}',
			}),
		],
		[
			'Create',
			operation('subAccount', 'create', {
				type: 'simple',
				email: 'new@shop.fr',
				creditToAttribute: '5',
			}),
		],
		['Delete', operation('subAccount', 'delete', { subaccount: '={{ $json.token }}' })],
	] as const;

	test.each(changing)(
		'%s refuses to run with it on: nothing sent, the reason and where to turn it off',
		async (name, parameters) => {
			const sandbox = await sandboxes.start();
			const result = await run(sandbox, {
				items: [
					{ token: 'sub-alpha', amount: 10 },
					{ token: 'sub-beta', amount: 1 },
				],
				parameters,
				retryOnFail: true,
				...onErrorOutput,
			});

			expect(result.success).toEqual([]);
			expect(result.errors).toHaveLength(2);
			expect(result.errors[0].error).toMatchObject({
				message: expect.stringContaining(`"Retry On Fail" is on for this node: ${name} is refused`),
				description: expect.stringContaining(
					"Turn it off in the node's Settings tab (Retry On Fail)",
				),
				outcome: 'notSent',
				field: 'retryOnFail',
			});
			expect(sandbox.calls).toEqual([]);
		},
	);

	test('with On Error unset, n8n retries the node and still nothing is sent', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit(),
			retryOnFail: true,
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"Retry On Fail" is on');
		expect(sandbox.calls).toEqual([]);
		expect(sandbox.subaccount('sub-alpha').credit).toBe(150);
	});

	test.each([
		['Get Many', operation('subAccount', 'getMany', { returnAll: true })],
		['Get Balance', operation('account', 'getBalance')],
	])('%s, which only reads, runs with it on', async (_, parameters) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, { items: [{}], parameters, retryOnFail: true });

		expect(result.status).toBe('success');
		expect(result.success.length).toBeGreaterThan(0);
	});
});

describe('smaller ones', () => {
	test('JSON "success": "true" (text) is not a success, even after the money moved', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', {
			act: true,
			answer: { success: 'true', code: 200, credit: 1010, subaccountCredit: 140, currency: 'EUR' },
		});
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit(),
			...onErrorOutput,
		});

		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({ outcome: 'unknown' });
	});

	test('XML success given as 1 is a success', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', {
			act: true,
			body: '<result><entry>1</entry><entry>200</entry><entry>1010</entry><entry>140</entry><entry><![CDATA[EUR]]></entry></result>',
		});
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 10 }],
			parameters: removeCredit({ options: { responseFormat: 'xml' } }),
		});

		expect(result.success).toEqual([
			expect.objectContaining({ credit: 1010, subaccountCredit: 140, currency: 'EUR' }),
		]);
	});

	test.each([
		['1,000', 'is ambiguous'],
		['12,500', 'is ambiguous'],
		['12,5', 'write the decimal with a dot, e.g. 12.5'],
		[
			'12,50 €',
			'holds a currency sign: write the number of euros alone, with a dot for decimals, e.g. 12.50',
		],
		['1 000', 'no thousands separator'],
	])('Credit "%s" is refused: %s', async (amount, text) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount }],
			parameters: removeCredit(),
			...onErrorOutput,
		});

		const { error } = result.errors[0] as { error: Json };
		expect(error).toMatchObject({
			field: 'credit',
			outcome: 'notSent',
			message: expect.stringContaining(text),
		});
		expect(error.message).not.toContain('1.000');
		expect(sandbox.calls).toEqual([]);
	});

	test.each(['\u2028', '\u2029', '\u0085', '\u009b'])(
		'a token holding U+%s is refused like other control characters',
		async (char) => {
			const sandbox = await sandboxes.start();
			const result = await run(sandbox, {
				items: [{ token: `sub-alpha${char}x`, amount: 1 }],
				parameters: removeCredit(),
				...onErrorOutput,
			});

			expect(result.errors[0].error).toMatchObject({ field: 'subaccount', outcome: 'notSent' });
			expect(sandbox.calls).toEqual([]);
		},
	);

	test.each(['  ', '0', '1,5', '1e3', 'lots', '-5'])(
		'Create: Credit to Attribute "%s" is refused with field creditToAttribute',
		async (credit) => {
			const sandbox = await sandboxes.start();
			const result = await run(sandbox, {
				items: [{}],
				parameters: operation('subAccount', 'create', {
					type: 'simple',
					email: 'new@shop.fr',
					creditToAttribute: credit,
				}),
				...onErrorOutput,
			});

			expect(result.errors[0].error).toMatchObject({
				field: 'creditToAttribute',
				outcome: 'notSent',
			});
			expect(sandbox.calls).toEqual([]);
		},
	);

	test('a credential that cannot be read: nothing was sent', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha', amount: 1 }],
			parameters: removeCredit(),
			credentialsFail: true,
			...onErrorOutput,
		});

		expect(result.errors[0].error).toMatchObject({
			message: "The 'SMS Partner API' credential could not be read: nothing was sent",
			outcome: 'notSent',
		});
		expect(sandbox.calls).toEqual([]);
	});
});
