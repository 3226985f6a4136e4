/** Subaccount › Get Many through n8n's engine against the sandbox: pages, limit, secrets. */
import {
	ACCOUNT_REFUSALS,
	allSubaccountKeys,
	KEY,
	operation,
	run,
	sandboxFixture,
} from '../../support/fixtures';
import { allText } from '../../support/harness';

const sandboxes = sandboxFixture();

const LIST = '/subaccount/list';
const getMany = (parameters: Record<string, unknown> = {}) =>
	operation('subAccount', 'getMany', parameters);

async function withSubaccounts(extra: number) {
	const sandbox = await sandboxes.start();
	for (let n = 1; n <= extra; n++)
		sandbox.addSubaccount({ token: `sub-${String(n).padStart(3, '0')}`, credit: n / 10 });
	return sandbox;
}

test('lists subaccounts with tokens and balances as numbers, without their API keys', async () => {
	const sandbox = await withSubaccounts(0);
	const result = await run(sandbox, { items: [{}], parameters: getMany() });

	expect(result.success).toEqual([
		{
			id: expect.any(Number),
			tokenSubaccount: 'sub-alpha',
			email: 'alpha@sandbox.local',
			type: 'simple',
			createdAt: expect.any(String),
			subaccountCredit: 150,
			currency: 'EUR',
		},
		{
			id: expect.any(Number),
			tokenSubaccount: 'sub-beta',
			email: 'beta@sandbox.local',
			type: 'simple',
			createdAt: expect.any(String),
			subaccountCredit: 20.5,
			currency: 'EUR',
		},
		{
			id: expect.any(Number),
			tokenSubaccount: 'sub-empty',
			email: 'empty@sandbox.local',
			type: 'simple',
			createdAt: expect.any(String),
			subaccountCredit: 0,
			currency: 'EUR',
		},
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 0 },
		{ item: 0 },
	]);
	const record = allText(result.run);
	for (const secret of allSubaccountKeys(sandbox)) expect(record.includes(secret)).toBe(false);
	expect(sandbox.calls[0]).toMatchObject({
		method: 'GET',
		path: LIST,
		query: { apiKey: KEY, page: '1', _format: 'json' },
	});
});

test("outputs the subaccounts' API keys only when asked to", async () => {
	const sandbox = await withSubaccounts(0);
	const result = await run(sandbox, {
		items: [{}],
		parameters: getMany({ options: { includeApiKeys: true } }),
	});

	expect(result.success.map((item) => item.apiKey)).toEqual(allSubaccountKeys(sandbox));
});

test('Return All follows the pages of 20', async () => {
	const sandbox = await withSubaccounts(45);
	const result = await run(sandbox, { items: [{}], parameters: getMany({ returnAll: true }) });

	expect(result.success).toHaveLength(48);
	expect(result.success[47]).toMatchObject({ tokenSubaccount: 'sub-045', subaccountCredit: 4.5 });
	expect(sandbox.calls.map((call) => call.query.page)).toEqual(['1', '2', '3']);
});

test.each([
	[5, 1],
	[20, 1],
	[25, 2],
	[50, 3],
])('Limit %i reads only the pages it needs (%i)', async (limit, pages) => {
	const sandbox = await withSubaccounts(45);
	const result = await run(sandbox, { items: [{}], parameters: getMany({ limit }) });

	expect(result.success).toHaveLength(Math.min(limit, 48));
	expect(sandbox.callCount(LIST)).toBe(pages);
});

test('XML gives the same items as JSON, across pages', async () => {
	const outputs = [];
	for (const responseFormat of ['json', 'xml']) {
		const sandbox = await withSubaccounts(25);
		outputs.push(
			(
				await run(sandbox, {
					items: [{}],
					parameters: getMany({ returnAll: true, options: { responseFormat } }),
				})
			).success,
		);
	}
	expect(outputs[1].map((item) => ({ ...item, id: 0, createdAt: '' }))).toEqual(
		outputs[0].map((item) => ({ ...item, id: 0, createdAt: '' })),
	);
	expect(outputs[1]).toHaveLength(28);
});

test('an account with no subaccounts gives no items', async () => {
	const sandbox = await sandboxes.start();
	sandbox.account(KEY).subaccounts.length = 0;
	const result = await run(sandbox, { items: [{}], parameters: getMany({ returnAll: true }) });
	expect(result.success).toEqual([]);
	expect(sandbox.callCount(LIST)).toBe(1);
});

test.each([
	...ACCOUNT_REFUSALS,
	{
		code: 90,
		message: 'SMS Partner could not read the request (malformed JSON)',
		apiKey: KEY,
		forced: true,
	},
])(
	'code $code goes to the error output',
	async ({
		code,
		message,
		apiKey,
		forced,
	}: {
		code: number;
		message: string;
		apiKey: string;
		forced?: boolean;
	}) => {
		const sandbox = await sandboxes.start({ errorStatus: '4xx' });
		if (forced) sandbox.forceCode(LIST, code);
		const result = await run(sandbox, {
			apiKey,
			items: [{ asked: 'list' }],
			parameters: getMany(),
			onError: 'continueErrorOutput',
		});

		expect(result.errors).toEqual([
			{
				asked: 'list',
				error: expect.objectContaining({
					message: `${message} (SMS Partner code ${code})`,
					code,
					outcome: 'rejected',
				}),
			},
		]);
	},
);

test('a Limit that is not a whole number above 0 is refused before sending', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{}],
		parameters: getMany({ limit: '={{ 0 }}' }),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({ field: 'limit', outcome: 'notSent' });
	expect(sandbox.callCount()).toBe(0);
});
