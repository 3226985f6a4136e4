/**
 * SMS › Send and Wait for Reply through n8n's engine against the sandbox: what it sends,
 * the waiting execution it leaves, what n8n passes on when the limit passes, and every
 * setting refused before anything is sent. Resuming by a real reply is proven in real n8n
 * (test/e2e/twoWay.suite.ts, test/queue).
 */
import { KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const wait = (parameters: Record<string, unknown> = {}) =>
	operation('sms', 'sendAndWaitForReply', {
		phoneNumber: '={{ $json.to }}',
		message: 'Your appointment is tomorrow at 10:00. Reply OUI to confirm, NON to cancel',
		expectedAnswers: 'OUI, NON',
		limitWaitAmount: 2,
		limitWaitUnit: 'hours',
		...parameters,
	});

test('sends one SMS whose replies go to the execution resume URL with a secret, and waits until the limit', async () => {
	const sandbox = await sandboxes.start();
	const before = Date.now();
	const result = await run(sandbox, { items: [{ to: '06 12 34 56 78' }], parameters: wait() });
	expect(result.status).toBe('waiting');
	const waitTill = result.run.waitTill!.getTime();
	expect(waitTill).toBeGreaterThanOrEqual(before + 2 * 3600_000);
	expect(waitTill).toBeLessThanOrEqual(Date.now() + 2 * 3600_000);

	expect(sandbox.calls.map((call) => call.path)).toEqual(['/send']);
	const body = sandbox.calls[0].body as Record<string, string>;
	expect(body).toMatchObject({ phoneNumbers: '+33612345678', gamme: 1 });
	expect(body.sender).toBeUndefined();
	const url = new URL(body.urlResponse);
	// The execution's resume URL, then this node's id (the webhook's path), then the secret.
	expect(url.origin + url.pathname).toMatch(
		/^http:\/\/127\.0\.0\.1\/webhook-waiting\/[^/]+\/smspartner$/,
	);
	expect(url.searchParams.get('secret')).toMatch(/^[A-Za-z0-9_-]{32}$/);
	expect(body.urlResponse).not.toContain(KEY);

	const [message] = sandbox.messages(KEY);
	expect(result.success).toEqual([
		expect.objectContaining({
			messageId: String(message.id),
			phoneNumber: '+33612345678',
			expectedAnswers: ['OUI', 'NON'],
			waitingForReply: true,
			waitingUntil: new Date(waitTill).toISOString(),
		}),
	]);
});

test('the secret differs per number and per API key (nothing to guess from another send)', async () => {
	const sandbox = await sandboxes.start();
	const secrets = [];
	for (const to of ['06 12 34 56 78', '06 98 76 54 32']) {
		await run(sandbox, { items: [{ to }], parameters: wait() });
		const body = sandbox.calls.at(-1)!.body as Record<string, string>;
		secrets.push(new URL(body.urlResponse).searchParams.get('secret'));
	}
	expect(new Set(secrets).size).toBe(2);
});

test('when the limit passes without a reply, n8n passes on timedOut: true (the node is not run again)', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '06 12 34 56 78' }],
		parameters: wait({ limitWaitAmount: 1, limitWaitUnit: 'minutes' }),
		resumeAtLimit: true,
	});
	expect(result.waiting?.status).toBe('waiting');
	expect(result.status).toBe('success');
	const [message] = sandbox.messages(KEY);
	expect(result.success).toEqual([
		expect.objectContaining({
			messageId: String(message.id),
			phoneNumber: '+33612345678',
			timedOut: true,
			text: null,
			answer: null,
			stop: false,
			receivedAt: null,
		}),
	]);
	expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
	// One SMS: nothing was sent again at the resume.
	expect(sandbox.calls.map((call) => call.path)).toEqual(['/send']);
});

test('a credential in Test Mode sends in SMS Partner sandbox mode', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '0612345678' }],
		parameters: wait(),
		testMode: true,
	});
	expect(result.status).toBe('waiting');
	expect(sandbox.calls[0].body).toMatchObject({ sandbox: 1 });
	expect(result.success[0]).toMatchObject({ sandbox: true, estimatedCost: expect.any(Number) });
});

const REFUSED: Array<[string, Record<string, unknown>, RegExp]> = [
	['a Sender', { options: { sender: 'MYSHOP' } }, /Sender "MYSHOP" makes replies impossible/],
	['the Low Cost route', { options: { route: 'lowCost' } }, /Low Cost route receives no replies/],
	[
		'a Reply URL',
		{ options: { replyUrl: 'https://n8n.example.com/webhook/x' } },
		/Reply URL cannot be set here/,
	],
	[
		'Scheduled At',
		{ options: { scheduledAt: '25/12/2030 10:00' } },
		/Scheduled At is not offered here/,
	],
	['a limit of 0', { limitWaitAmount: 0 }, /Limit Wait Time must be a number above 0/],
	['a limit above 31 days', { limitWaitAmount: 32, limitWaitUnit: 'days' }, /at most 31 days/],
	['an unknown unit', { limitWaitUnit: 'weeks' }, /Unit must be minutes, hours or days/],
	['an answer listed twice', { expectedAnswers: 'Oui, OUI' }, /lists "OUI" twice/],
	[
		'an answer with nothing to compare',
		{ expectedAnswers: 'OUI, !!' },
		/"!!" has no letter or digit/,
	],
	['two numbers', { phoneNumber: '06 12 34 56 78, 06 98 76 54 32' }, /Phone Number/],
	['a landline', { phoneNumber: '01 23 45 67 89' }, /landline/i],
	[
		'Expected Answers from an expression that gives nothing (it would take any reply as it comes)',
		{ expectedAnswers: '={{ $json.nope }}' },
		/Expected Answers is empty/,
	],
	[
		'Limit Wait Time from an expression that gives nothing (it would wait the default 24 hours)',
		{ limitWaitAmount: '={{ $json.nope }}' },
		/Limit Wait Time/,
	],
	['a Unit from an expression that gives nothing', { limitWaitUnit: '={{ $json.nope }}' }, /Unit/],
	[
		'an expression that gives nothing',
		{ phoneNumber: '={{ $json.nope }}' },
		/Phone Number is empty/,
	],
];

test.each(REFUSED)('%s is refused before anything is sent', async (_what, parameters, message) => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '06 12 34 56 78' }],
		parameters: wait(parameters),
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(message);
	expect(sandbox.calls).toEqual([]);
});

test('more than one item is refused, naming the count, before anything is sent', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '06 12 34 56 78' }, { to: '06 98 76 54 32' }],
		parameters: wait(),
	});
	expect(result.error?.message).toMatch(/it takes one item, and this run has 2/);
	expect(sandbox.calls).toEqual([]);
});

test('Retry On Fail is refused: a retry would send again', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '06 12 34 56 78' }],
		parameters: wait(),
		retryOnFail: true,
	});
	expect(result.error?.message).toMatch(/Retry On Fail/);
	expect(sandbox.calls).toEqual([]);
});
