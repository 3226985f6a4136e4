/**
 * Money safety under faults: the sandbox misbehaves on request, and the node must
 * never report a success that did not happen, never send a request twice when it
 * may have reached SMS Partner, and always say plainly what went wrong — with
 * `error.outcome` telling whether the credit may have moved.
 * Every run also checks the whole run record for the API key (fixtures.run).
 */
import {
	KEY,
	REMOVE_CREDIT,
	removeCredit,
	run,
	sandboxFixture,
	type TestSandbox,
} from '../support/fixtures';
import { RELAXED_TIMEOUT } from '../support/faults';

type Fault = Parameters<TestSandbox['fault']>[1];

const sandboxes = sandboxFixture();

const TOKEN = 'sub-alpha';
const START_CREDIT = 150;

interface Row {
	name: string;
	fault: Fault;
	format?: 'json' | 'xml';
	outcome: 'rejected' | 'unknown' | 'notSent';
	message: string | RegExp;
	requests: number;
	moved: boolean;
}

const HTML_PAGE =
	'<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';
const refusal = { success: false, code: 8, message: 'Insufficient credit' };

const MATRIX: Row[] = [
	...[200, 400, 401, 403, 404, 500].map((status) => ({
		name: `success:false with HTTP ${status}`,
		fault: { status, answer: refusal },
		outcome: 'rejected' as const,
		message: 'Insufficient credit (SMS Partner code 8)',
		requests: 1,
		moved: false,
	})),
	{
		name: 'HTTP 502 with an HTML page, after SMS Partner acted',
		fault: { status: 502, body: HTML_PAGE, contentType: 'text/html', act: true },
		outcome: 'unknown',
		message: 'SMS Partner had a server error (HTTP 502): outcome unknown',
		requests: 1,
		moved: true,
	},
	{
		name: 'HTTP 503 with an HTML page, before SMS Partner acted',
		fault: { status: 503, body: HTML_PAGE, contentType: 'text/html' },
		outcome: 'unknown',
		message: 'SMS Partner had a server error (HTTP 503): outcome unknown',
		requests: 1,
		moved: false,
	},
	{
		name: 'empty body with HTTP 200',
		fault: { body: '', act: true },
		outcome: 'unknown',
		message: 'SMS Partner sent an answer that could not be read: outcome unknown',
		requests: 1,
		moved: true,
	},
	{
		name: 'truncated JSON',
		fault: { body: '{"success":true,"code":200,"credit":10', act: true },
		outcome: 'unknown',
		message: 'SMS Partner sent an answer that could not be read: outcome unknown',
		requests: 1,
		moved: true,
	},
	...['[true, 200]', '"success"', '42', 'null'].map((body) => ({
		name: `JSON that is not an object: ${body}`,
		fault: { body },
		outcome: 'unknown' as const,
		message: 'SMS Partner sent an answer that could not be read: outcome unknown',
		requests: 1,
		moved: false,
	})),
	{
		name: 'success:true without balances',
		fault: { answer: { success: true, code: 200 }, act: true },
		outcome: 'unknown',
		message: "SMS Partner reported success but its answer has no readable 'credit'",
		requests: 1,
		moved: true,
	},
	{
		name: 'success:true with a balance that is not a number',
		fault: {
			answer: { success: true, code: 200, credit: 10, subaccountCredit: 'n/a', currency: 'EUR' },
			act: true,
		},
		outcome: 'unknown',
		message: "SMS Partner reported success but its answer has no readable 'subaccountCredit'",
		requests: 1,
		moved: true,
	},
	{
		name: 'malformed XML',
		format: 'xml',
		fault: {
			body: '<result><entry>true</entry><entry>200',
			contentType: 'application/xml',
			act: true,
		},
		outcome: 'unknown',
		message: 'SMS Partner sent an answer that could not be read: outcome unknown',
		requests: 1,
		moved: true,
	},
	{
		name: 'XML with too few entries',
		format: 'xml',
		fault: {
			body: '<result><entry>true</entry><entry>200</entry><entry>1000</entry></result>',
			act: true,
		},
		outcome: 'unknown',
		message: 'SMS Partner sent an answer that could not be read: outcome unknown',
		requests: 1,
		moved: true,
	},
	{
		name: 'connection reset after the request was sent, SMS Partner having acted',
		fault: { reset: true, act: true },
		outcome: 'unknown',
		message: 'The connection to SMS Partner broke before its answer arrived: outcome unknown',
		requests: 1,
		moved: true,
	},
	{
		name: 'connection reset before SMS Partner acted',
		fault: { reset: true },
		outcome: 'unknown',
		message: 'The connection to SMS Partner broke before its answer arrived: outcome unknown',
		requests: 1,
		moved: false,
	},
	{
		name: 'an answer slower than the timeout (300 ms)',
		fault: { delayMs: 1200, act: true },
		outcome: 'unknown',
		message: 'SMS Partner did not answer within 300 ms: outcome unknown',
		requests: 1,
		moved: true,
	},
	{
		name: 'HTTP 429 every time, no Retry-After: tried 3 times with backoff',
		fault: { status: 429, body: 'Too Many Requests', contentType: 'text/plain' },
		outcome: 'rejected',
		message:
			'SMS Partner is limiting the request rate (HTTP 429) (3 attempts): nothing was changed',
		requests: 3,
		moved: false,
	},
	{
		name: 'HTTP 429 asking to wait longer than 30 s: not retried',
		fault: {
			status: 429,
			headers: { 'Retry-After': '120' },
			answer: { success: false, code: 429, message: 'Slow down' },
		},
		outcome: 'rejected',
		message: 'SMS Partner is limiting the request rate (HTTP 429): nothing was changed',
		requests: 1,
		moved: false,
	},
];

function expectPlainLanguage(error: Record<string, unknown>) {
	const text = `${String(error.message)}\n${String(error.description)}`;
	expect(text).not.toMatch(/<\/?[a-z]+>/i);
	expect(text).not.toContain('[object Object]');
	expect(text).not.toMatch(/\n\s+at /);
	expect(text).not.toContain('Bad Gateway');
}

describe.each(MATRIX)('$name', (row) => {
	// Only the slow answer needs a short timeout: under a busy machine, 300 ms could cut any answer.
	const timeout = row.fault?.delayMs !== undefined ? 300 : RELAXED_TIMEOUT;
	const parameters = removeCredit({
		options: { responseFormat: row.format ?? 'json', timeout },
	});
	const items = [{ token: TOKEN, amount: 10 }];

	test(`→ error output, outcome ${row.outcome}, ${row.requests} request(s)`, async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault(TOKEN, row.fault);
		const result = await run(sandbox, { items, parameters, onError: 'continueErrorOutput' });

		expect(result.success).toEqual([]);
		expect(result.errors).toHaveLength(1);
		const { error, ...inputKept } = result.errors[0] as { error: Record<string, unknown> };
		expect(inputKept).toEqual(items[0]);
		expect(error.message).toEqual(
			typeof row.message === 'string' ? row.message : expect.stringMatching(row.message),
		);
		expect(error.outcome).toBe(row.outcome);
		expectPlainLanguage(error);
		if (row.outcome === 'unknown') expect(error.description).toContain('check the balances');
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(row.requests);
		expect(sandbox.subaccount(TOKEN).credit).toBe(row.moved ? START_CREDIT - 10 : START_CREDIT);
	});

	test('→ with On Error unset, the run fails with the same message', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault(TOKEN, row.fault);
		const result = await run(sandbox, { items, parameters });

		expect(result.status).toBe('error');
		expect(result.error?.message).toEqual(
			typeof row.message === 'string' ? row.message : expect.stringMatching(row.message),
		);
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(row.requests);
	});
});

describe('retries, only when SMS Partner certainly did not act', () => {
	test('HTTP 429 twice with Retry-After: 1, then an answer: the credit moves once', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault(TOKEN, { status: 429, headers: { 'Retry-After': '1' }, body: '', times: 2 });
		const started = Date.now();
		const result = await run(sandbox, {
			items: [{ token: TOKEN, amount: 10 }],
			parameters: removeCredit(),
		});

		expect(result.success).toEqual([
			expect.objectContaining({ tokenSubaccount: TOKEN, subaccountCredit: 140 }),
		]);
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		expect(sandbox.account(KEY).credit).toBe(1010);
	});

	test('connection refused while SMS Partner is down, then it is back: sent once, succeeds', async () => {
		let sandbox = await sandboxes.start();
		const { port } = sandbox;
		await sandbox.close();
		// SMS Partner comes back between the node's first and third attempts (after 1 s and 2 s more).
		const comeback = new Promise<TestSandbox>((resolve) => {
			setTimeout(() => resolve(sandboxes.start({ port })), 1500);
		});
		const result = await run(sandbox, {
			items: [{ token: TOKEN, amount: 10 }],
			parameters: removeCredit(),
		});
		sandbox = await comeback;

		expect(result.success).toEqual([
			expect.objectContaining({ tokenSubaccount: TOKEN, subaccountCredit: 140 }),
		]);
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
	});

	test('connection refused every time: 3 attempts, nothing sent', async () => {
		const sandbox = await sandboxes.start();
		await sandbox.close();
		const result = await run(sandbox, {
			items: [{ token: TOKEN, amount: 10 }],
			parameters: removeCredit(),
			onError: 'continueErrorOutput',
		});

		expect(result.errors[0].error).toMatchObject({
			message: `Could not connect to SMS Partner at 127.0.0.1:${sandbox.port} (3 attempts): nothing was sent`,
			description: expect.stringContaining('Network error ECONNREFUSED.'),
			outcome: 'notSent',
		});
	});

	test('connection refused with On Error unset: the run fails with the same message', async () => {
		const sandbox = await sandboxes.start();
		await sandbox.close();
		const result = await run(sandbox, {
			items: [{ token: TOKEN, amount: 10 }],
			parameters: removeCredit(),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`Could not connect to SMS Partner at 127.0.0.1:${sandbox.port} (3 attempts): nothing was sent`,
		);
	});

	test('a host name that does not resolve: nothing sent', async () => {
		const nowhere = { baseUrl: 'http://smspartner-sandbox.invalid/v1' };
		const result = await run(nowhere, {
			items: [{ token: TOKEN, amount: 10 }],
			parameters: removeCredit(),
			onError: 'continueErrorOutput',
		});

		expect(result.errors[0].error).toMatchObject({
			message:
				'Could not connect to SMS Partner at smspartner-sandbox.invalid (3 attempts): nothing was sent',
			description: expect.stringMatching(/^Network error (ENOTFOUND|EAI_AGAIN)\./),
			outcome: 'notSent',
		});
	});
});
