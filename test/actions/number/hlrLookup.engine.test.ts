/** Number › HLR Lookup through n8n's engine against the sandbox. */
import { KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const HLR = '/hlr/notify';
const URL = 'https://n8n.example.com/webhook/abc/sms/secret-0123456789abcdef';
const hlrLookup = (parameters: Record<string, unknown> = {}) =>
	operation('number', 'hlrLookup', {
		phoneNumber: '={{ $json.phone }}',
		notifyUrl: URL,
		...parameters,
	});

test('asks for the lookup; the output says the result will be posted to the Notify URL', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ phone: '06 12 34 56 78' }],
		parameters: hlrLookup(),
	});
	expect(sandbox.calls[0]).toMatchObject({
		method: 'POST',
		path: HLR,
		body: { apiKey: KEY, phoneNumbers: '+33612345678', notifyUrl: URL, _format: 'json' },
	});
	expect(result.success).toEqual([
		{
			phoneNumber: '+33612345678',
			campaignId: 'HLR2271467',
			numbers: 1,
			cost: 0.005,
			currency: 'EUR',
			notifyUrl: URL,
			result: `SMS Partner will post the result of lookup HLR2271467 to ${URL}; it does not come out of this node.`,
		},
	]);
	expect(sandbox.hlrRequests).toEqual([
		{ campaignId: 'HLR2271467', numbers: ['+33612345678'], notifyUrl: URL },
	]);
	expect(sandbox.account(KEY).credit).toBe(999.995);
});

test('XML answers are read alike', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }],
		parameters: hlrLookup({ options: { responseFormat: 'xml' } }),
	});
	expect(result.success[0]).toMatchObject({ campaignId: 'HLR2271467', numbers: 1, cost: 0.005 });
});

test.each([
	[2, 'The phone number is required'],
	[10, 'Invalid API key'],
	[11, 'Insufficient credit'],
])('control code %i is read: "%s"', async (code, meaning) => {
	const sandbox = await sandboxes.start();
	sandbox.forceCode(HLR, code);
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }],
		parameters: hlrLookup(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		code,
		outcome: 'rejected',
		message: `${meaning} (SMS Partner code ${code})`,
	});
});

test('an outcome unknown is never sent again, and says to check the HLR credit', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(HLR, { act: true, reset: true });
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }],
		parameters: hlrLookup(),
		onError: 'continueErrorOutput',
	});
	expect(sandbox.callCount(HLR)).toBe(1);
	expect(result.errors[0].error).toMatchObject({
		outcome: 'unknown',
		description: expect.stringContaining('check the HLR credit'),
	});
});

test('bad input is refused before any request, naming the field', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ phone: '0142685300' }, { phone: '0612345678', url: 'ftp://x' }],
		parameters: hlrLookup({ notifyUrl: '={{ $json.url ?? "' + URL + '" }}' }),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => (item.error as { field: string }).field)).toEqual([
		'phoneNumber',
		'notifyUrl',
	]);
	expect((result.errors[1].error as { message: string }).message).toMatch(
		/^Notify URL "ftp:\/\/x" is not an http\(s\) address/,
	);
	const empty = await run(sandbox, {
		items: [{ phone: '0612345678' }],
		parameters: hlrLookup({ notifyUrl: '={{ "" }}' }),
	});
	expect(empty.error?.message).toMatch(/^Notify URL is empty/);
	expect(sandbox.callCount()).toBe(0);
});
