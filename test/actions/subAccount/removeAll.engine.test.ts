/** Subaccount › Remove Credit with "Remove All Remaining Credit", through n8n's engine against the sandbox. */
import { KEY, REMOVE_CREDIT, removeCredit, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const LIST = '/subaccount/list';
const removeAll = (parameters: Record<string, unknown> = {}) =>
	removeCredit({ removeAll: true, credit: undefined, ...parameters });

test('removes exactly the remaining balance', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, { items: [{ token: 'sub-beta' }], parameters: removeAll() });

	expect(result.success).toEqual([
		{
			tokenSubaccount: 'sub-beta',
			creditRemoved: 20.5,
			credit: 1020.5,
			subaccountCredit: 0,
			currency: 'EUR',
		},
	]);
	expect(sandbox.calls.map((call) => call.path)).toEqual([LIST, REMOVE_CREDIT]);
	expect(sandbox.calls[1].body.credit).toBe(20.5);
});

test('an empty subaccount: a success with 0 removed, and no remove call', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, { items: [{ token: 'sub-empty' }], parameters: removeAll() });

	expect(result.success).toEqual([
		{
			tokenSubaccount: 'sub-empty',
			creditRemoved: 0,
			credit: 1000,
			subaccountCredit: 0,
			currency: 'EUR',
		},
	]);
	expect(sandbox.callCount(REMOVE_CREDIT)).toBe(0);
});

test('an unknown token: on the error output, no code SMS Partner never gave, nothing sent to remove', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ token: 'sub-unknown' }],
		parameters: removeAll(),
		onError: 'continueErrorOutput',
	});

	expect(result.errors).toEqual([
		{
			token: 'sub-unknown',
			error: expect.objectContaining({
				message:
					'The subaccount "sub-unknown" is not in SMS Partner\'s list of your subaccounts: nothing was sent',
				code: null,
				outcome: 'notSent',
			}),
		},
	]);
	expect(sandbox.callCount(REMOVE_CREDIT)).toBe(0);
});

test('many items: the list is read once, a token seen twice is emptied once', async () => {
	const sandbox = await sandboxes.start();
	for (let n = 1; n <= 30; n++) sandbox.addSubaccount({ token: `shop-${n}`, credit: n });
	const tokens = ['sub-alpha', 'shop-25', 'sub-empty', 'sub-alpha', 'shop-3'];
	const result = await run(sandbox, {
		items: tokens.map((token) => ({ token })),
		parameters: removeAll(),
	});

	expect(
		result.success.map((item) => [item.tokenSubaccount, item.creditRemoved, item.credit]),
	).toEqual([
		['sub-alpha', 150, 1150],
		['shop-25', 25, 1175],
		['sub-empty', 0, 1175],
		['sub-alpha', 0, 1175],
		['shop-3', 3, 1178],
	]);
	expect(sandbox.callCount(LIST)).toBe(2);
	expect(sandbox.callCount(REMOVE_CREDIT)).toBe(3);
	expect(sandbox.callCount('/me')).toBe(1);
	expect(sandbox.account(KEY).credit).toBe(1178);
});

test('XML gives the same items as JSON', async () => {
	const outputs = [];
	for (const responseFormat of ['json', 'xml']) {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{ token: 'sub-alpha' }, { token: 'sub-empty' }, { token: 'nope' }],
			parameters: removeAll({ options: { responseFormat } }),
			onError: 'continueErrorOutput',
		});
		outputs.push([result.success, result.errors]);
	}
	expect(outputs[1]).toEqual(outputs[0]);
});

test('without it, Remove Credit behaves as before: the amount given, no list read', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ token: 'sub-alpha', amount: 1 }],
		parameters: removeCredit(),
	});
	expect(result.success[0]).toMatchObject({ creditRemoved: 1 });
	expect(sandbox.calls.map((call) => call.path)).toEqual([REMOVE_CREDIT]);
});

test('a failed balance read fails that item only: the next item reads again', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(LIST, { status: 502, body: '<html>Bad Gateway</html>', times: 1 });
	const result = await run(sandbox, {
		items: [{ token: 'sub-alpha' }, { token: 'sub-beta' }],
		parameters: removeAll(),
		onError: 'continueErrorOutput',
	});

	expect(result.errors).toEqual([
		expect.objectContaining({
			token: 'sub-alpha',
			error: expect.objectContaining({ httpStatus: 502, outcome: 'unknown' }),
		}),
	]);
	expect(result.success).toEqual([
		expect.objectContaining({ tokenSubaccount: 'sub-beta', creditRemoved: 20.5 }),
	]);
	expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
});
