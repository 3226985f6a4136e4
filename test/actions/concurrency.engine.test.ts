/**
 * "Max Concurrent Requests": up to N requests in flight, and the run's outcome —
 * output order, pairedItem, error routing, requests sent, balances at the end —
 * exactly the sequential one. Only the main account's balance reported with each
 * item may differ: it is the balance when SMS Partner handled that item, and items
 * for different subaccounts may reach it in another order.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import {
	operation,
	removeCredit,
	run,
	sandboxFixture,
	type TestSandbox,
} from '../support/fixtures';

const sandboxes = sandboxFixture();

/** Runs the same items sequentially and with N in flight, each on a fresh sandbox answering after 20 ms. */
async function sequentialAndConcurrent(
	items: object[],
	parameters: Record<string, unknown>,
	{
		prepare = () => {},
		stopOnError = false,
	}: { prepare?: (sandbox: TestSandbox) => void; stopOnError?: boolean } = {},
) {
	const runs = [];
	for (const maxConcurrency of [1, 8]) {
		const sandbox = await sandboxes.start({ answerDelayMs: 20 });
		prepare(sandbox);
		const options = { ...((parameters.options as object) ?? {}), maxConcurrency };
		const result = await run(sandbox, {
			items: items as never,
			parameters: { ...parameters, options },
			...(stopOnError ? {} : { onError: 'continueErrorOutput' as const }),
		});
		runs.push({
			outputs: result.outputs,
			status: result.status,
			error: result.error?.message,
			requests: sandbox.callCount(),
			peak: sandbox.peakInFlight,
			state: JSON.stringify(
				sandbox.state.accounts.map((account) => [
					account.credit,
					account.subaccounts.map((sub) => sub.credit),
				]),
			),
		});
	}
	return { sequential: runs[0], concurrent: runs[1] };
}

/** The outputs, with the main account's balance at the time of each item left out. */
const withoutMainBalance = (outputs: INodeExecutionData[][]) =>
	outputs.map((items) =>
		items.map(({ json: { credit, ...json }, pairedItem }) => ({
			json,
			pairedItem,
			reported: credit !== undefined,
		})),
	);

function expectSameOutcome({
	sequential,
	concurrent,
}: Awaited<ReturnType<typeof sequentialAndConcurrent>>) {
	expect(withoutMainBalance(concurrent.outputs)).toEqual(withoutMainBalance(sequential.outputs));
	expect(concurrent.status).toBe(sequential.status);
	expect(concurrent.error).toBe(sequential.error);
	expect(concurrent.requests).toBe(sequential.requests);
	expect(concurrent.state).toBe(sequential.state);
}

const MANY = Array.from({ length: 40 }, (_, n) => ({
	token: ['sub-alpha', 'sub-beta', 'sub-unknown', 'sub-empty'][n % 4],
	amount: (n % 5) + 0.5,
}));

test('a mix of good and bad items: same items on the same outputs, in order, with 8 in flight', async () => {
	const runs = await sequentialAndConcurrent(MANY, removeCredit());

	expectSameOutcome(runs);
	expect(runs.sequential.peak).toBe(1);
	expect(runs.concurrent.peak).toBeGreaterThan(1);
	expect(runs.concurrent.peak).toBeLessThanOrEqual(8);
	expect(runs.concurrent.outputs[0].length).toBeGreaterThan(5);
	expect(runs.concurrent.outputs[1].length).toBeGreaterThan(5);
});

test('items for the same subaccount keep their order, so the same ones run short of credit', async () => {
	const items = Array.from({ length: 12 }, () => ({ token: 'sub-beta', amount: 3 }));
	const runs = await sequentialAndConcurrent(items, removeCredit());

	expectSameOutcome(runs);
	expect(runs.concurrent.outputs[0]).toHaveLength(6);
	expect(runs.concurrent.outputs[1].map((item) => item.pairedItem)).toEqual(
		[6, 7, 8, 9, 10, 11].map((item) => ({ item })),
	);
});

test('Remove All Remaining Credit: the list is read once, a token seen twice is emptied once', async () => {
	const items = ['sub-alpha', 'sub-beta', 'sub-alpha', 'sub-empty', 'nope', 'sub-beta'].map(
		(token) => ({ token }),
	);
	const runs = await sequentialAndConcurrent(items, removeCredit({ removeAll: true }));

	expectSameOutcome(runs);
	expect(runs.concurrent.outputs[0].map((item) => item.json.creditRemoved)).toEqual([
		150, 20.5, 0, 0, 0,
	]);
});

test('Add Credit behaves the same way', async () => {
	const items = Array.from({ length: 20 }, (_, n) => ({
		token: n % 2 ? 'sub-empty' : 'sub-unknown',
		amount: 1,
	}));
	expectSameOutcome(
		await sequentialAndConcurrent(
			items,
			operation('subAccount', 'addCredit', {
				subaccount: '={{ $json.token }}',
				credit: '={{ $json.amount }}',
			}),
		),
	);
});

test('HTTP 429 is still retried per item', async () => {
	const items = Array.from({ length: 10 }, (_, n) => ({
		token: n % 2 ? 'sub-alpha' : 'sub-beta',
		amount: 1,
	}));
	const runs = await sequentialAndConcurrent(items, removeCredit(), {
		prepare: (s) => {
			for (const token of ['sub-alpha', 'sub-beta']) {
				s.fault(token, { status: 429, headers: { 'Retry-After': '0' }, body: '', times: 2 });
			}
		},
	});

	expectSameOutcome(runs);
	expect(runs.concurrent.outputs[0]).toHaveLength(10);
	expect(runs.concurrent.requests).toBe(14);
});

test('with On Error unset, the run fails on the first failing item, as it does sequentially', async () => {
	const items = [
		{ token: 'sub-alpha', amount: 1 },
		{ token: 'sub-alpha', amount: 1 },
		{ token: 'sub-unknown', amount: 1 },
		{ token: 'sub-beta', amount: 999 },
	];
	const { sequential, concurrent } = await sequentialAndConcurrent(items, removeCredit(), {
		stopOnError: true,
	});

	expect(sequential.error).toBe(
		'SMS Partner refused the credit move for subaccount "sub-unknown" (code 7): «The sub-account does not exist»',
	);
	expect(concurrent.error).toBe(sequential.error);
	expect(concurrent.status).toBe('error');
});

// A thrown error would send the input items to the success output under "Continue
// (using error output)": each item goes to the error output instead, nothing sent.
test('a Max Concurrent Requests outside 1–64 fails every item before anything is sent', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ token: 'sub-alpha', amount: 1 },
			{ token: 'sub-beta', amount: 2 },
		],
		parameters: removeCredit({ options: { maxConcurrency: 0 } }),
		onError: 'continueErrorOutput',
	});
	expect(result.success).toEqual([]);
	expect(result.errors.map((item) => (item.error as { message: string }).message)).toEqual([
		'Max Concurrent Requests must be a whole number from 1 to 64, not 0',
		'Max Concurrent Requests must be a whole number from 1 to 64, not 0',
	]);
	expect(sandbox.callCount()).toBe(0);

	const stopped = await run(sandbox, {
		items: [{ token: 'sub-alpha', amount: 1 }],
		parameters: removeCredit({ options: { maxConcurrency: 0 } }),
	});
	expect(stopped.status).toBe('error');
	expect(stopped.error?.message).toBe(
		'Max Concurrent Requests must be a whole number from 1 to 64, not 0',
	);
	expect(sandbox.callCount()).toBe(0);
});
