/** SMS › Send Many through n8n's engine against the sandbox. */
import { KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const BULK = '/bulk-send';
const sendMany = (parameters: Record<string, unknown> = {}) =>
	operation('sms', 'sendMany', {
		phoneNumber: '={{ $json.phone }}',
		message: '={{ $json.text }}',
		...parameters,
	});

const people = (count: number, from = 0) =>
	Array.from({ length: count }, (_, i) => ({
		phone: `06 ${String(10000000 + from + i).replace(/(\d\d)(?=\d)/g, '$1 ')}`,
		text: `Bonjour client ${from + i}`,
	}));

test('one request for all items; each item gets its own result, paired, in order', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ phone: '06 12 34 56 78', text: 'Bonjour Anne' },
			{ phone: '+33698765432', text: `Bonjour Marc ${'x'.repeat(160)}` },
		],
		parameters: sendMany(),
	});
	expect(sandbox.callCount(BULK)).toBe(1);
	expect(sandbox.calls[0].body).toEqual({
		apiKey: KEY,
		SMSList: [
			{ phoneNumber: '+33612345678', message: 'Bonjour Anne' },
			{ phoneNumber: '+33698765432', message: `Bonjour Marc ${'x'.repeat(160)}` },
		],
		gamme: 1,
		_format: 'json',
	});
	const messageId = String(sandbox.messages(KEY)[0].id);
	expect(result.success).toEqual([
		{
			messageId,
			phoneNumber: '+33612345678',
			parts: 1,
			cost: 0.045,
			currency: 'EUR',
			sandbox: false,
			encoding: 'GSM-7',
			characters: 12,
			partsPerRecipient: 1,
		},
		{
			messageId,
			phoneNumber: '+33698765432',
			parts: 2,
			cost: 0.09,
			currency: 'EUR',
			sandbox: false,
			encoding: 'GSM-7',
			characters: 173,
			partsPerRecipient: 2,
		},
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(sandbox.account(KEY).credit).toBe(999.865);
});

test('a line SMS Partner refuses goes to the error output alone, its input kept', async () => {
	const sandbox = await sandboxes.start();
	sandbox.addStop('0698765432', KEY);
	const result = await run(sandbox, {
		items: [
			{ phone: '0612345678', text: 'A', who: 'anne' },
			{ phone: '0698765432', text: 'B', who: 'marc' },
			{ phone: '0611111111', text: 'C', who: 'zoe' },
		],
		parameters: sendMany(),
		onError: 'continueErrorOutput',
	});
	expect(result.success.map((item) => item.phoneNumber)).toEqual(['+33612345678', '+33611111111']);
	expect(result.errors).toEqual([
		expect.objectContaining({
			who: 'marc',
			error: expect.objectContaining({
				code: 14,
				outcome: 'rejected',
				message: "A number is on the account's STOP list (SMS Partner code 14)",
			}),
		}),
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	expect(result.outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	expect(sandbox.callCount(BULK)).toBe(1);
});

test('more than 500 items go in batches of 500', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: people(1001),
		parameters: sendMany({ options: { sandbox: true } }),
	});
	expect(sandbox.calls.map((call) => call.body.SMSList.length)).toEqual([500, 500, 1]);
	expect(result.success).toHaveLength(1001);
	expect(
		result.outputs[0].every((item, index) => (item.pairedItem as { item: number }).item === index),
	).toBe(true);
});

test('items whose options differ go in separate batches', async () => {
	const sandbox = await sandboxes.start();
	await run(sandbox, {
		items: [
			{ phone: '0612345678', text: 'A', sender: 'SHOPA' },
			{ phone: '0612345679', text: 'B', sender: 'SHOPB' },
			{ phone: '0612345670', text: 'C', sender: 'SHOPA' },
		],
		parameters: sendMany({ options: { sender: '={{ $json.sender }}' } }),
	});
	expect(sandbox.calls.map((call) => [call.body.sender, call.body.SMSList.length])).toEqual([
		['SHOPA', 2],
		['SHOPB', 1],
	]);
});

test('a batch whose outcome is unknown sends each of its items to the error output, never re-sent; the next batch goes on', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(BULK, { act: true, reset: true, times: 1 });
	const result = await run(sandbox, {
		items: people(501),
		parameters: sendMany(),
		onError: 'continueErrorOutput',
	});
	expect(sandbox.callCount(BULK)).toBe(2);
	expect(result.errors).toHaveLength(500);
	expect(
		result.errors.every((item) => (item.error as { outcome: string }).outcome === 'unknown'),
	).toBe(true);
	expect(result.success).toHaveLength(1);
	expect(sandbox.messages(KEY)).toHaveLength(2);
});

test('an answer whose lines do not match the numbers sent is unknown for every item', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(BULK, {
		act: true,
		answer: {
			success: true,
			code: 200,
			message_id: 5,
			currency: 'EUR',
			cost: 0.09,
			nbSMS: 2,
			SMSResponse_List: [
				{ success: true, code: 200, nbSms: 1, cost: 0.045, phoneNumber: '+33698765432' },
				{ success: true, code: 200, nbSms: 1, cost: 0.045, phoneNumber: '+33612345678' },
			],
		},
	});
	const result = await run(sandbox, {
		items: [
			{ phone: '0612345678', text: 'A' },
			{ phone: '0698765432', text: 'B' },
		],
		parameters: sendMany(),
		onError: 'continueErrorOutput',
	});
	expect(result.success).toEqual([]);
	expect(result.errors.map((item) => (item.error as { outcome: string }).outcome)).toEqual([
		'unknown',
		'unknown',
	]);
});

test('a whole batch refused (insufficient credit) fails every item as rejected', async () => {
	const sandbox = await sandboxes.start();
	sandbox.account(KEY).credit = 0.05;
	const result = await run(sandbox, {
		items: people(3),
		parameters: sendMany(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => (item.error as { code: number }).code)).toEqual([11, 11, 11]);
	expect(
		result.errors.every((item) => (item.error as { outcome: string }).outcome === 'rejected'),
	).toBe(true);
	expect(sandbox.account(KEY).credit).toBe(0.05);
});

test('bad input: with the error output, that item alone fails and the others are sent', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ phone: '0612345678', text: 'A' },
			{ phone: '0612345678, 0698765432', text: 'B' },
			{ phone: '0698765432', text: '' },
			{ phone: '0611111111', text: 'D' },
		],
		parameters: sendMany(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => (item.error as { field: string }).field)).toEqual([
		'phoneNumber',
		'message',
	]);
	expect((result.errors[0].error as { message: string }).message).toMatch(
		/Phone Number "0612345678, 0698765432" looks like 2 numbers: give one number per item/,
	);
	expect(
		sandbox.calls[0].body.SMSList.map((line: { phoneNumber: string }) => line.phoneNumber),
	).toEqual(['+33612345678', '+33611111111']);
});

test('bad input without the error output: nothing is sent at all', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ phone: '0612345678', text: 'A' },
			{ phone: '0812345678', text: 'B' },
		],
		parameters: sendMany(),
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(
		/Phone Number "0812345678" is a French landline or special number \(01 to 05, 08, 09\)/,
	);
	expect(sandbox.callCount()).toBe(0);
});

test('Retry On Fail on: every item refused, nothing sent', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: people(2),
		parameters: sendMany(),
		onError: 'continueErrorOutput',
		retryOnFail: true,
	});
	expect(result.errors.map((item) => (item.error as { field: string }).field)).toEqual([
		'retryOnFail',
		'retryOnFail',
	]);
	expect(sandbox.callCount()).toBe(0);
});

test('Sandbox bills nothing and says so on every item', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: people(2),
		parameters: sendMany({ options: { sandbox: true } }),
	});
	expect(result.success.map((item) => item.sandbox)).toEqual([true, true]);
	expect(sandbox.account(KEY).credit).toBe(1000);
});

test('a line claiming success with no SMS or a negative cost is not believed: that item is unknown', async () => {
	const sandbox = await sandboxes.start();
	const line = (phoneNumber: string, nbSms: number, cost: number) => ({
		success: true,
		code: 200,
		nbSms,
		cost,
		phoneNumber,
	});
	sandbox.fault(BULK, {
		act: true,
		answer: {
			success: true,
			code: 200,
			message_id: 5,
			currency: 'EUR',
			cost: 0.045,
			nbSMS: 1,
			SMSResponse_List: [
				line('+33612345678', 1, 0.045),
				line('+33698765432', 0, 0),
				line('+33611111111', 1, -0.045),
			],
		},
	});
	const result = await run(sandbox, {
		items: [
			{ phone: '0612345678', text: 'A' },
			{ phone: '0698765432', text: 'B' },
			{ phone: '0611111111', text: 'C' },
		],
		parameters: sendMany(),
		onError: 'continueErrorOutput',
	});
	expect(result.success.map((item) => item.phoneNumber)).toEqual(['+33612345678']);
	expect(result.errors.map((item) => (item.error as { outcome: string }).outcome)).toEqual([
		'unknown',
		'unknown',
	]);
	expect(sandbox.callCount(BULK)).toBe(1);
});

/**
 * Holds each /bulk-send answer until `together` are waiting (or the last batch came), then
 * a little longer, so that a node sending more than it may is caught sending them; what
 * each arrival saw.
 */
function holdBatches(
	sandbox: Awaited<ReturnType<typeof sandboxes.start>>,
	together: number,
	total: number,
) {
	const arrivals: Array<{ first: string; answeredBefore: number }> = [];
	let waiting: Array<() => void> = [];
	let answered = 0;
	sandbox.beforeAnswer = (call) => {
		if (call.path !== BULK) return undefined;
		arrivals.push({ first: call.body.SMSList[0].phoneNumber, answeredBefore: answered });
		const held = new Promise<void>((resolve) => waiting.push(resolve));
		if (waiting.length === together || arrivals.length === total) {
			const group = waiting;
			waiting = [];
			setTimeout(() => {
				answered += group.length;
				for (const release of group) release();
			}, 100);
		}
		return held;
	};
	return arrivals;
}

const firstOfBatch = (batch: number) => `+336${String(10000000 + batch * 500)}`;

test('Max Concurrent Requests 3: three batches in flight at once, never a fourth before one is answered, started in input order', async () => {
	const sandbox = await sandboxes.start();
	const arrivals = holdBatches(sandbox, 3, 7);
	const result = await run(sandbox, {
		items: people(3001),
		parameters: sendMany({ options: { maxConcurrency: 3 } }),
	});
	expect(arrivals.map((arrival) => arrival.answeredBefore)).toEqual([0, 0, 0, 3, 3, 3, 6]);
	expect(
		arrivals
			.slice(0, 3)
			.map((arrival) => arrival.first)
			.sort(),
	).toEqual([0, 1, 2].map(firstOfBatch));
	expect(
		arrivals
			.slice(3, 6)
			.map((arrival) => arrival.first)
			.sort(),
	).toEqual([3, 4, 5].map(firstOfBatch));
	expect(result.success).toHaveLength(3001);
	expect(result.success.map((item) => item.phoneNumber)).toEqual(
		people(3001).map((person) => `+33${person.phone.replace(/ /g, '').slice(1)}`),
	);
	expect(
		result.outputs[0].every((item, index) => (item.pairedItem as { item: number }).item === index),
	).toBe(true);
	expect(sandbox.messages(KEY).reduce((sum, message) => sum + message.recipients.length, 0)).toBe(
		3001,
	);
});

test('by default one batch at a time: none starts before the one before it is answered', async () => {
	const sandbox = await sandboxes.start();
	const arrivals = holdBatches(sandbox, 1, 3);
	sandbox.answerDelayMs = 30;
	const result = await run(sandbox, { items: people(1001), parameters: sendMany() });
	expect(arrivals.map((arrival) => arrival.first)).toEqual([0, 1, 2].map(firstOfBatch));
	expect(sandbox.peakInFlight).toBe(1);
	expect(result.success).toHaveLength(1001);
});

test('without the error output, a failed batch stops the run: the one in flight beside it finishes, none starts after', async () => {
	const sandbox = await sandboxes.start();
	holdBatches(sandbox, 2, 6);
	sandbox.fault(BULK, { act: true, reset: true, times: 1 });
	const result = await run(sandbox, {
		items: people(3000),
		parameters: sendMany({ options: { maxConcurrency: 2 } }),
	});
	expect(result.status).toBe('error');
	expect(sandbox.callCount(BULK)).toBe(2);
	// Both reached SMS Partner (the reset came after acting): 1,000 SMS, none sent twice.
	expect(sandbox.messages(KEY).reduce((sum, message) => sum + message.recipients.length, 0)).toBe(
		1000,
	);
});

test('a Max Concurrent Requests SMS Partner cannot be asked for fails every item, nothing sent', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: people(3),
		parameters: sendMany({ options: { maxConcurrency: 65 } }),
		onError: 'continueErrorOutput',
	});
	expect(result.errors).toHaveLength(3);
	expect(String((result.errors[0].error as { message: string }).message)).toMatch(
		/Max Concurrent Requests must be a whole number from 1 to 64, not 65/,
	);
	expect(sandbox.callCount()).toBe(0);
});
