/** Number › HLR Lookup through n8n's engine against the sandbox. */
import { KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const HLR = '/hlr/notify';
const SECRET = 'secret-0123456789abcdef';
const URL = `https://n8n.example.com/webhook/abc/sms/${SECRET}`;
const TRIGGER_NOTICE =
	'SMS Partner will post the result of lookup HLR2271467 to the Notify URL, not to this node: the SMS Partner Webhook Trigger at that URL starts its workflow with it as an HLR Result event (when that event is on).';
const hlrLookup = (parameters: Record<string, unknown> = {}) =>
	operation('number', 'hlrLookup', {
		phoneNumber: '={{ $json.phone }}',
		notifyUrl: URL,
		...parameters,
	});

test('asks for the lookup; the output says where the result will arrive, the secret masked', async () => {
	// No result reaches the fake address: the sandbox only calls back on loopback.
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
			resultWillArriveAt: 'https://n8n.example.com/webhook/abc/sms/***',
			notice: TRIGGER_NOTICE,
		},
	]);
	expect(JSON.stringify(result.run)).not.toContain(SECRET);
	expect(sandbox.hlrRequests).toEqual([
		{ campaignId: 'HLR2271467', numbers: ['+33612345678'], notifyUrl: URL },
	]);
	expect(sandbox.account(KEY).credit).toBe(999.995);
});

test.each([
	[
		'the trigger URL with ?secret=',
		`https://n8n.example.com/webhook/abc/sms?secret=${SECRET}&x=1`,
		'https://n8n.example.com/webhook/abc/sms?secret=***&x=1',
		true,
	],
	[
		'a password before the host',
		`https://me:${SECRET}@hooks.example.com/hlr`,
		'https://me:***@hooks.example.com/hlr',
		false,
	],
	[
		'another receiver',
		'https://hooks.example.com/hlr/results?campaign=7',
		'https://hooks.example.com/hlr/results?campaign=7',
		false,
	],
])('Notify URL as %s: resultWillArriveAt %s', async (_name, notifyUrl, shown, isTrigger) => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }],
		parameters: hlrLookup({ notifyUrl }),
	});
	expect(sandbox.calls[0].body).toMatchObject({ notifyUrl });
	expect(result.success[0].resultWillArriveAt).toBe(shown);
	expect(result.success[0].notice).toBe(
		isTrigger
			? TRIGGER_NOTICE
			: "SMS Partner will post the result of lookup HLR2271467 to the Notify URL, not to this node. Paste an SMS Partner Webhook Trigger's Production URL as the Notify URL to receive it there as an HLR Result event.",
	);
	expect(JSON.stringify(result.run)).not.toContain(SECRET);
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
