/** Account › Get Costs through n8n's engine against the sandbox. */
import { KEY, operation, run, sandboxFixture, type TestSandbox } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const COSTS = '/statistics/cost-resume';
const getCosts = (parameters: Record<string, unknown> = {}) =>
	operation('account', 'getCosts', parameters);

/** A month before this one, on Paris clocks, as YYYY-MM and a moment in it. */
function monthsAgo(count: number): { month: string; at: number } {
	const now = new Date();
	const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - count, 15, 12));
	return { month: date.toISOString().slice(0, 7), at: date.getTime() };
}

/** A billed send recorded in the past, as the sandbox keeps them. */
function sentIn(sandbox: TestSandbox, at: number, cost: number, nbSms: number) {
	sandbox.messages(KEY).push({
		id: 900_000 + sandbox.messages(KEY).length,
		recipients: [],
		cost,
		nbSms,
		sentAt: at,
		sandbox: false,
		cancelled: false,
	} as never);
}

test('last month: one item, its cost and SMS sent, one request for every item of the run', async () => {
	const sandbox = await sandboxes.start();
	const last = monthsAgo(1);
	sentIn(sandbox, last.at, 0.09, 2);
	sentIn(sandbox, last.at, 0.045, 1);
	sentIn(sandbox, monthsAgo(2).at, 1, 20);
	const result = await run(sandbox, {
		items: [{ a: 1 }, { a: 2 }, { a: 3 }],
		parameters: getCosts(),
	});
	expect(sandbox.callCount(COSTS)).toBe(1);
	expect(sandbox.calls[0]).toMatchObject({
		method: 'GET',
		query: { interval: 'last_month', apiKey: KEY, _format: 'json' },
	});
	expect(result.success).toEqual([
		{
			period: 'lastMonth',
			month: last.month,
			cost: 0.135,
			smsSent: 3,
			monthName: expect.any(String),
		},
		expect.objectContaining({ month: last.month }),
		expect.objectContaining({ month: last.month }),
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
	]);
});

test('last twelve months: twelve items, oldest first', async () => {
	const sandbox = await sandboxes.start();
	sentIn(sandbox, monthsAgo(12).at, 2.5, 50);
	const result = await run(sandbox, {
		items: [{}],
		parameters: getCosts({ period: 'lastTwelveMonths' }),
	});
	expect(result.success).toHaveLength(12);
	expect(result.success[0]).toMatchObject({
		period: 'lastTwelveMonths',
		month: monthsAgo(12).month,
		cost: 2.5,
		smsSent: 50,
	});
	expect(result.success[11]).toMatchObject({ month: monthsAgo(1).month, cost: 0, smsSent: 0 });
});

test('a range: From and To go as dd-mm-yyyy, whether picked or typed in French', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{}],
		parameters: getCosts({ period: 'range', from: '2026-01-05T00:00:00', to: '28/02/2026' }),
	});
	expect(sandbox.calls[0].query).toMatchObject({
		interval: 'custom',
		from: '05-01-2026',
		to: '28-02-2026',
	});
	expect(result.success.map((item) => item.month)).toEqual(['2026-01', '2026-02']);
	expect(result.success[0]).toMatchObject({
		period: 'range',
		from: '05-01-2026',
		to: '28-02-2026',
	});
});

test('different periods: one request each, at most 5 per run; a sixth is refused before any request, naming Period', async () => {
	const sandbox = await sandboxes.start();
	const items = [1, 2, 3, 4, 5, 6, 1].map((month) => ({ to: `2026-0${month}-28` }));
	const result = await run(sandbox, {
		items,
		parameters: getCosts({ period: 'range', from: '2026-01-01', to: '={{ $json.to }}' }),
		onError: 'continueErrorOutput',
	});
	expect(sandbox.callCount(COSTS)).toBe(5);
	expect(result.errors).toEqual([
		expect.objectContaining({
			error: expect.objectContaining({
				field: 'period',
				outcome: 'notSent',
				message: expect.stringMatching(/at most 5 times a minute/),
			}),
		}),
	]);
	expect(result.outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 5 }]);
	expect(result.success).toHaveLength(1 + 2 + 3 + 4 + 5 + 1);
});

test('SMS Partner answers 429: a plain message, never retried (a retry would be one request more)', async () => {
	const sandbox = await sandboxes.start();
	for (let run = 0; run < 5; run++) await fetchOnce(sandbox);
	const before = sandbox.callCount(COSTS);
	const result = await run(sandbox, { items: [{}], parameters: getCosts() });
	expect(sandbox.callCount(COSTS) - before).toBe(1);
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe(
		'SMS Partner answered that too many requests were made (HTTP 429): it allows 5 requests per minute for this call',
	);
	expect(result.error?.description).toMatch(/^Wait one minute, then run the workflow again/);
});

async function fetchOnce(sandbox: TestSandbox) {
	const result = await run(sandbox, { items: [{}], parameters: getCosts() });
	expect(result.status).toBe('success');
}

test.each([
	[10, 'Invalid API key'],
	[40, 'API access is denied for this account'],
])('control code %i is read: "%s"', async (code, meaning) => {
	const sandbox = await sandboxes.start();
	sandbox.forceCode(COSTS, code);
	const result = await run(sandbox, {
		items: [{}],
		parameters: getCosts(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		code,
		message: expect.stringContaining(`${meaning} (SMS Partner code ${code})`),
	});
});

test('a month without a readable cost is not believed; it only reads, safe to run again', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(COSTS, {
		answer: { success: true, datas: [{ month: 'mars', year: 2026, m: 3, cost: 'beaucoup' }] },
	});
	const result = await run(sandbox, {
		items: [{}],
		parameters: getCosts(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		outcome: 'unknown',
		message: expect.stringContaining("'datas[].cost'"),
		description: expect.stringMatching(/only reads: nothing was changed/),
	});
});

test('bad input is refused before any request, naming the field', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ from: '2026-13-01', to: '2026-01-31' },
			{ from: '2026-02-01', to: '2026-01-31' },
		],
		parameters: getCosts({ period: 'range', from: '={{ $json.from }}', to: '={{ $json.to }}' }),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => (item.error as { field: string }).field)).toEqual([
		'from',
		'to',
	]);
	expect((result.errors[0].error as { message: string }).message).toMatch(
		/^From "2026-13-01" is not a day/,
	);
	expect((result.errors[1].error as { message: string }).message).toMatch(
		/^To \(31-01-2026\) is before From \(01-02-2026\)/,
	);
	expect(sandbox.callCount()).toBe(0);
});
