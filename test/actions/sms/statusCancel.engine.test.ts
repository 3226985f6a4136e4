/** SMS › Get Status and SMS › Cancel through n8n's engine against the sandbox. */
import { KEY, operation, run, sandboxFixture, type TestSandbox } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const ISO_PARIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/;

async function sendTo(
	sandbox: TestSandbox,
	numbers: string,
	options: object = {},
): Promise<string> {
	const result = await run(sandbox, {
		items: [{}],
		parameters: operation('sms', 'send', { phoneNumbers: numbers, message: 'Bonjour', options }),
	});
	return result.success[0].messageId as string;
}

const getStatus = (messageId: unknown, phoneNumber = '') =>
	operation('sms', 'getStatus', { messageId, phoneNumber });

/** A Paris time `minutes` from now, as ISO with its offset. */
function inMinutes(minutes: number): string {
	return new Date(Date.now() + minutes * 60_000).toISOString();
}

test('with a number: that recipient’s status, from waiting to delivered', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 60_000 });
	const messageId = await sendTo(sandbox, '0612345678');
	const waiting = await run(sandbox, {
		items: [{}],
		parameters: getStatus(messageId, '06 12 34 56 78'),
	});
	expect(waiting.success).toEqual([
		{
			messageId: String(messageId),
			phoneNumber: '+33612345678',
			status: 'waiting',
			smsPartnerStatus: 'Waiting',
			date: expect.stringMatching(ISO_PARIS),
			stopSms: false,
			cost: 0.045,
		},
	]);
	expect(sandbox.calls.at(-1)).toMatchObject({
		method: 'GET',
		path: '/message-status',
		query: { messageId: String(messageId), phoneNumber: '+33612345678' },
	});
	sandbox.deliveryMs = 0;
	const delivered = await run(sandbox, {
		items: [{}],
		parameters: getStatus(messageId, '0612345678'),
	});
	expect(delivered.success[0]).toMatchObject({
		status: 'delivered',
		smsPartnerStatus: 'Delivered',
	});
});

test('without a number: one item per recipient, a number marked undeliverable is not delivered', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	sandbox.markUndeliverable('+33698765432');
	const messageId = await sendTo(sandbox, '0612345678,0698765432');
	const result = await run(sandbox, { items: [{ ticket: 7 }], parameters: getStatus(messageId) });
	expect(result.success).toEqual([
		expect.objectContaining({
			messageId: String(messageId),
			phoneNumber: '+33612345678',
			status: 'delivered',
			stopSms: false,
			date: expect.stringMatching(ISO_PARIS),
		}),
		expect.objectContaining({
			messageId: String(messageId),
			phoneNumber: '+33698765432',
			status: 'notDelivered',
			smsPartnerStatus: 'Not delivered',
		}),
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	expect(sandbox.calls.at(-1)).toMatchObject({ path: '/bulk-status' });
});

test('both of SMS Partner’s date forms give the same ISO date', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	const messageId = await sendTo(sandbox, '0612345678');
	const one = await run(sandbox, { items: [{}], parameters: getStatus(messageId, '0612345678') });
	const all = await run(sandbox, { items: [{}], parameters: getStatus(messageId) });
	expect(one.success[0].date).toBe(all.success[0].date);
});

test('XML gives the same items as JSON', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	const messageId = await sendTo(sandbox, '0612345678,0698765432');
	const outputs = [];
	for (const responseFormat of ['json', 'xml']) {
		for (const phoneNumber of ['', '0698765432']) {
			const result = await run(sandbox, {
				items: [{}],
				parameters: { ...getStatus(messageId, phoneNumber), options: { responseFormat } },
			});
			outputs.push(result.success);
		}
	}
	expect(outputs[2]).toEqual(outputs[0]);
	expect(outputs[3]).toEqual(outputs[1]);
});

test('an unknown message is code 4; a bad message ID is refused before sending', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ id: 999 }, { id: '48 213 377' }, { id: '' }],
		parameters: getStatus('={{ $json.id }}'),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => item.error)).toEqual([
		expect.objectContaining({
			code: 4,
			message: 'The message was not found (SMS Partner code 4)',
			outcome: 'rejected',
		}),
		expect.objectContaining({
			field: 'messageId',
			message:
				'Message ID "48 213 377" is not an SMS Partner ID: give it as SMS Partner gave it, as text (letters, digits, - _ . :), e.g. 48213377',
		}),
		expect.objectContaining({
			field: 'messageId',
			message: 'Message ID is empty: its expression gave nothing',
		}),
	]);
	expect(sandbox.callCount()).toBe(1);
});

const cancel = (messageId: unknown) => operation('sms', 'cancel', { messageId });

test('a scheduled message is cancelled and its cost given back', async () => {
	const sandbox = await sandboxes.start();
	const messageId = await sendTo(sandbox, '0612345678', { scheduledAt: inMinutes(60) });
	expect(sandbox.account(KEY).credit).toBe(999.955);
	const result = await run(sandbox, { items: [{}], parameters: cancel(messageId) });
	expect(result.success).toEqual([{ messageId: String(messageId), cancelled: true }]);
	expect(sandbox.account(KEY).credit).toBe(1000);

	const again = await run(sandbox, {
		items: [{}],
		parameters: cancel(messageId),
		onError: 'continueErrorOutput',
	});
	expect(again.errors[0].error).toMatchObject({
		code: 5,
		message: 'The message was already cancelled (SMS Partner code 5)',
	});
});

test('codes 4, 6 and 7 are readable', async () => {
	const sandbox = await sandboxes.start();
	const soon = await sendTo(sandbox, '0612345678', { scheduledAt: inMinutes(30) });
	// The schedule is rounded up to 5 minutes: bring it within 5 minutes of now.
	sandbox.messages(KEY)[0].scheduledFor = Date.now() + 3 * 60_000;
	const now = await sendTo(sandbox, '0612345678');
	const result = await run(sandbox, {
		items: [{ id: 424242 }, { id: soon }, { id: now }],
		parameters: cancel('={{ $json.id }}'),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => (item.error as { message: string }).message)).toEqual([
		'The message was not found (SMS Partner code 4)',
		'The message is due in less than 5 minutes and can no longer be cancelled (SMS Partner code 6)',
		'The message was already sent and can no longer be cancelled (SMS Partner code 7)',
	]);
});

test('a cancel whose answer never comes is unknown, with what to check', async () => {
	const sandbox = await sandboxes.start();
	const messageId = await sendTo(sandbox, '0612345678', { scheduledAt: inMinutes(60) });
	sandbox.fault(String(messageId), { act: true, delayMs: 1500 });
	const result = await run(sandbox, {
		items: [{}],
		parameters: { ...cancel(messageId), options: { timeout: 300 } },
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		outcome: 'unknown',
		description: expect.stringContaining('The message may have been cancelled'),
	});
	expect(sandbox.callCount('/message-cancel')).toBe(1);
});

test('a status word too long to be one is left out whole, never cut (a cut key could not be masked)', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	const messageId = await sendTo(sandbox, '0612345678');
	sandbox.fault(String(messageId), {
		answer: {
			success: true,
			code: 200,
			number: '0612345678',
			messageId: String(messageId),
			stopSms: false,
			date: '2026-03-02 10:15:07',
			statut: `${'x'.repeat(50)}${KEY}`,
			cost: 0.045,
			countryCode: 'FR',
			currency: 'EUR',
		},
	});
	const result = await run(sandbox, {
		items: [{}],
		parameters: getStatus(messageId, '0612345678'),
	});
	expect(result.success[0]).toMatchObject({ status: 'unknown', smsPartnerStatus: null });
	expect(JSON.stringify(result.success)).not.toContain(KEY.slice(0, 8));
});
