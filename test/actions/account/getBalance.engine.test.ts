/** Account › Get Balance through n8n's engine against the sandbox. */
import { ACCOUNT_REFUSALS, KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const getBalance = (parameters: Record<string, unknown> = {}) =>
	operation('account', 'getBalance', parameters);

test.each(['json', 'xml'])(
	'outputs the main balance and what it buys (%s)',
	async (responseFormat) => {
		const sandbox = await sandboxes.start();
		sandbox.account(KEY).credit = 10225.119;
		const result = await run(sandbox, {
			items: [{}],
			parameters: getBalance({ options: { responseFormat } }),
		});

		expect(result.success).toEqual([
			{
				credit: 10225.119,
				currency: 'EUR',
				premiumSmsItBuys: 227224,
				lowCostSmsItBuys: 292146,
				hlrLookupsItBuys: 2045023,
				smsNotYetSent: 0,
				username: 'main@sandbox.local',
				firstname: 'Demo',
				lastname: 'Sandbox',
			},
		]);
		expect(sandbox.calls[0]).toMatchObject({
			method: 'GET',
			path: '/me',
			query: { apiKey: KEY, _format: responseFormat },
		});
	},
);

test.each(ACCOUNT_REFUSALS)(
	'code $code goes to the error output',
	async ({ code, message, apiKey }) => {
		const sandbox = await sandboxes.start({ errorStatus: '4xx' });
		const result = await run(sandbox, {
			apiKey,
			items: [{ run: 1 }],
			parameters: getBalance(),
			onError: 'continueErrorOutput',
		});

		expect(result.errors).toEqual([
			{
				run: 1,
				error: expect.objectContaining({
					message: `${message} (SMS Partner code ${code})`,
					code,
					outcome: 'rejected',
				}),
			},
		]);
	},
);

test('an unreadable answer to a read says that nothing was changed', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault('/me', { status: 502, body: '<html>Bad Gateway</html>' });
	const result = await run(sandbox, {
		items: [{}],
		parameters: getBalance(),
		onError: 'continueErrorOutput',
	});

	expect(result.errors[0].error).toMatchObject({
		message: 'SMS Partner had a server error (HTTP 502): outcome unknown',
		description: expect.stringContaining('This request only reads: nothing was changed'),
	});
});
