/** SMS › Get Many Statuses through n8n's engine against the sandbox. */
import fc from 'fast-check';

import { KEY, operation, run, sandboxFixture, type TestSandbox } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const MULTI = '/multi-status';
const BY_TAG = '/bulk-status-by-tag';

const byPair = (parameters: Record<string, unknown> = {}) =>
	operation('sms', 'getManyStatuses', {
		messageId: '={{ $json.messageId }}',
		phoneNumber: '={{ $json.phoneNumber }}',
		...parameters,
	});

const byTag = (tag: string) => operation('sms', 'getManyStatuses', { statusesBy: 'tag', tag });

/** Sends one SMS per person through Send Many; their output items (messageId, phoneNumber). */
async function sendMany(sandbox: TestSandbox, count: number, options: object = {}) {
	const people = Array.from({ length: count }, (_, i) => ({
		phone: `+336${String(10000000 + i)}`,
		text: `Bonjour ${i}`,
	}));
	const result = await run(sandbox, {
		items: people,
		parameters: operation('sms', 'sendMany', {
			phoneNumber: '={{ $json.phone }}',
			message: '={{ $json.text }}',
			options,
		}),
	});
	return result.success.map(({ messageId, phoneNumber }) => ({ messageId, phoneNumber }));
}

const ISO_PARIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/;

test('the statuses of a Send Many, one request, one item per item, paired, in the words of Get Status', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	sandbox.markUndeliverable('+33610000001');
	const sent = await sendMany(sandbox, 3);
	const result = await run(sandbox, { items: sent, parameters: byPair() });
	expect(sandbox.callCount(MULTI)).toBe(1);
	const messageId = Number(sent[0].messageId);
	expect(sandbox.calls.at(-1)?.body).toEqual({
		apiKey: KEY,
		SMSStatut_List: sent.map(({ phoneNumber }) => ({ phoneNumber, messageId })),
		_format: 'json',
	});
	expect(result.success).toEqual([
		{
			messageId: String(messageId),
			phoneNumber: '+33610000000',
			status: 'delivered',
			smsPartnerStatus: 'Delivered',
			date: expect.stringMatching(ISO_PARIS),
			stopSms: false,
			cost: null,
			isSpam: false,
		},
		expect.objectContaining({ phoneNumber: '+33610000001', status: 'notDelivered' }),
		expect.objectContaining({ phoneNumber: '+33610000002', status: 'delivered' }),
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
	]);
});

test('a message still on its way is waiting', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 60_000 });
	const sent = await sendMany(sandbox, 1);
	const result = await run(sandbox, { items: sent, parameters: byPair() });
	expect(result.success[0]).toMatchObject({ status: 'waiting', smsPartnerStatus: 'Waiting' });
});

test('a pair SMS Partner does not find (code 4) goes to the error output alone, the others come out', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	const sent = await sendMany(sandbox, 2);
	const items = [sent[0], { messageId: sent[1].messageId, phoneNumber: '0699999999' }, sent[1]];
	const result = await run(sandbox, {
		items,
		parameters: byPair(),
		onError: 'continueErrorOutput',
	});
	expect(sandbox.callCount(MULTI)).toBe(1);
	expect(result.success.map((item) => item.phoneNumber)).toEqual(['+33610000000', '+33610000001']);
	expect(result.errors).toEqual([
		expect.objectContaining({
			error: expect.objectContaining({
				code: 4,
				outcome: 'rejected',
				message: 'No message was found for this message ID and number (SMS Partner code 4)',
				description: expect.stringContaining('Numéro introuvable'),
			}),
		}),
	]);
	expect(result.outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
});

test('more than 500 items go in requests of 500', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	const sent = await sendMany(sandbox, 501);
	const result = await run(sandbox, { items: sent, parameters: byPair() });
	expect(
		sandbox.calls
			.filter((call) => call.path === MULTI)
			.map((call) => call.body.SMSStatut_List.length),
	).toEqual([500, 1]);
	expect(result.success).toHaveLength(501);
	expect(result.success.every((item) => item.status === 'delivered')).toBe(true);
});

test('an answer whose lines do not match the pairs asked fails every item of the request, read-only advice', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	const sent = await sendMany(sandbox, 2);
	sandbox.fault(MULTI, {
		answer: {
			success: true,
			code: 200,
			StatutResponse_List: [
				{ success: true, code: 200, phoneNumber: sent[1].phoneNumber, status: 'Delivered' },
				{ success: true, code: 200, phoneNumber: sent[0].phoneNumber, status: 'Delivered' },
			],
		},
	});
	const result = await run(sandbox, {
		items: sent,
		parameters: byPair(),
		onError: 'continueErrorOutput',
	});
	expect(result.success).toEqual([]);
	expect(result.errors).toHaveLength(2);
	expect((result.errors[0].error as { description: string }).description).toMatch(
		/only reads: nothing was changed/,
	);
});

test.each([
	[1, 'The API key is required'],
	[5, 'The list of message IDs and numbers is empty'],
	[6, 'A number is not in a format SMS Partner reads'],
	[9, 'A number is not a mobile number'],
	[10, 'Invalid API key'],
	[50, 'At most 500 message IDs and numbers per request'],
])('control code %i is read: "%s"', async (code, meaning) => {
	const sandbox = await sandboxes.start();
	sandbox.forceCode(MULTI, code);
	const result = await run(sandbox, {
		items: [{ messageId: '48213377', phoneNumber: '0612345678' }],
		parameters: byPair(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		code,
		outcome: 'rejected',
		message: expect.stringContaining(`${meaning} (SMS Partner code ${code})`),
	});
});

test('always asked in JSON, the only form that tells a pair found from one not found (no Response Format option)', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	const sent = await sendMany(sandbox, 1);
	const result = await run(sandbox, {
		items: sent,
		parameters: byPair({ options: { timeout: 5000 } }),
	});
	expect(result.success[0]).toMatchObject({ status: 'delivered' });
	expect(sandbox.calls.at(-1)?.body._format).toBe('json');
});

test('bad input is refused before any request, naming the field', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ messageId: '48213377', phoneNumber: '0612345678' },
			{ messageId: '', phoneNumber: '0612345678' },
			{ messageId: '48213377', phoneNumber: 'abc' },
		],
		parameters: byPair(),
		onError: 'continueErrorOutput',
	});
	// The first pair was never sent: SMS Partner does not find it (code 4), the others never go.
	expect(result.errors.map((item) => (item.error as { field?: string }).field)).toEqual([
		undefined,
		'messageId',
		'phoneNumber',
	]);
	expect(sandbox.calls.find((call) => call.path === MULTI)?.body.SMSStatut_List).toHaveLength(1);
	expect((result.errors[1].error as { message: string }).message).toMatch(/Message ID is empty/);
	const stopped = await run(sandbox, {
		items: [{ messageId: '48213377', phoneNumber: '0612345678' }, { messageId: 'x y' }],
		parameters: byPair(),
	});
	expect(stopped.status).toBe('error');
	expect(sandbox.callCount(MULTI)).toBe(1);
});

describe('by tag', () => {
	test('every recipient of the SMS sent with the tag, page after page, paired with the item', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 0 });
		await sendMany(sandbox, 45, { tag: 'Promo-June' });
		await sendMany(sandbox, 2, { tag: 'other' });
		const result = await run(sandbox, { items: [{ a: 1 }], parameters: byTag('Promo-June') });
		const pages = sandbox.calls.filter((call) => call.path === BY_TAG);
		expect(pages.map((call) => call.query.page)).toEqual(['1', '2', '3']);
		expect(pages[0].query).toMatchObject({ tag: 'promo-june', _format: 'json' });
		expect(result.success).toHaveLength(45);
		expect(result.success[0]).toEqual({
			tag: 'promo-june',
			messageId: expect.stringMatching(/^\d+$/),
			phoneNumber: '+33610000000',
			status: 'delivered',
			smsPartnerStatus: 'Delivered',
			date: expect.stringMatching(ISO_PARIS),
			stopSms: false,
			cost: null,
		});
		expect(new Set(result.outputs[0].map((item) => JSON.stringify(item.pairedItem)))).toEqual(
			new Set([JSON.stringify({ item: 0 })]),
		);
	});

	test('a server that ignores the page asked: its first page is read once, never twice', async () => {
		const sandbox = await sandboxes.start();
		const line = (i: number) => ({
			phoneNumber: `+3361000000${i}`,
			status: 'Delivered',
			stopSMS: false,
			date: '1772442907',
		});
		sandbox.fault(BY_TAG, {
			answer: {
				success: true,
				code: 200,
				currentPage: 1,
				total: 45,
				StatutResponse_List: [0, 1, 2].map(line),
			},
		});
		const result = await run(sandbox, { items: [{}], parameters: byTag('promo') });
		expect(sandbox.callCount(BY_TAG)).toBe(2);
		expect(result.success.map((item) => item.phoneNumber)).toEqual([
			'+33610000000',
			'+33610000001',
			'+33610000002',
		]);
	});

	test('a tag nothing was sent with: code 4, read plainly', async () => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [{}],
			parameters: byTag('nothing'),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({
			code: 4,
			message: 'No message was found with this tag (SMS Partner code 4)',
		});
	});

	test('an empty or spaced tag is refused before any request', async () => {
		const sandbox = await sandboxes.start();
		for (const tag of ['={{ "" }}', 'promo june']) {
			const result = await run(sandbox, { items: [{}], parameters: byTag(tag) });
			expect(result.error?.message).toMatch(/^Tag /);
		}
		expect(sandbox.callCount()).toBe(0);
	});
});

describe('property: random sizes, refusals and faults', () => {
	// Every input item comes out exactly once, on one output, paired with itself; a line
	// refused fails alone; a request that fails fails its items only.
	test('every item exactly once, paired', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 0 });
		const sent = await sendMany(sandbox, 1200);
		const scenario = fc.record({
			size: fc.integer({ min: 1, max: 1200 }),
			missing: fc.array(fc.nat(1199), { maxLength: 20 }),
			failedRequest: fc.option(fc.nat(2), { nil: undefined }),
			fault: fc.constantFrom(
				{ reset: true },
				{ status: 500, body: 'oops' },
				{ answer: { success: false, code: 10, message: 'Clé API incorrecte' } },
				{ answer: { success: true, code: 200, StatutResponse_List: [] } },
			),
		});
		await fc.assert(
			fc.asyncProperty(scenario, async ({ size, missing, failedRequest, fault }) => {
				sandbox.faults.clear();
				// A request's first pair keys its fault: never one of the numbers not found.
				const notFound = missing.filter((index) => index % 500 !== 0);
				const items = sent
					.slice(0, size)
					.map((item, index) =>
						notFound.includes(index) ? { ...item, phoneNumber: '+33799999999' } : item,
					);
				const batches = Math.ceil(size / 500);
				const failing = failedRequest !== undefined && failedRequest < batches ? failedRequest : -1;
				if (failing >= 0) {
					const first = items[failing * 500].phoneNumber as string;
					sandbox.fault(first, { ...fault, times: 1 });
				}
				const before = sandbox.callCount(MULTI);
				const result = await run(sandbox, {
					items,
					parameters: byPair(),
					onError: 'continueErrorOutput',
				});
				expect(sandbox.callCount(MULTI) - before).toBe(batches);
				const paired = [...result.outputs[0], ...result.outputs[1]].map(
					(item) => (item.pairedItem as { item: number }).item,
				);
				expect(paired.sort((a, b) => a - b)).toEqual(items.map((_, index) => index));
				for (const item of result.outputs[0]) {
					const index = (item.pairedItem as { item: number }).item;
					expect(item.json.phoneNumber).toBe(items[index].phoneNumber);
					expect(item.json.messageId).toBe(items[index].messageId);
					expect(Math.floor(index / 500)).not.toBe(failing);
				}
				for (const item of result.outputs[1]) {
					const index = (item.pairedItem as { item: number }).item;
					const refused = notFound.includes(index) || Math.floor(index / 500) === failing;
					expect(refused).toBe(true);
				}
			}),
			{ numRuns: 12 },
		);
	}, 240_000);
});
