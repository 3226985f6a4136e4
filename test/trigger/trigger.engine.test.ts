/**
 * The SMS Partner Trigger polled through n8n-core's own PollContext, poll after
 * poll on one activation, against the sandbox over HTTP, with the sandbox's
 * balances and STOP list changed between polls.
 */
import type { INodeParameters } from 'n8n-workflow';

import { allText } from '../support/harness';
import {
	ALL_KEYS,
	credentialsFor,
	KEY,
	keySpellings,
	sandboxFixture,
	type TestSandbox,
} from '../support/fixtures';
import { TriggerHarness } from '../support/triggerHarness';

const sandboxes = sandboxFixture();

function trigger(sandbox: TestSandbox, parameters: INodeParameters, apiKey = KEY) {
	return new TriggerHarness({ ...parameters }, credentialsFor(sandbox, apiKey));
}

const subaccountsBelow = (threshold: string) => ({ event: 'subaccountBalanceLow', threshold });

/** No key of any account, in any spelling, in what the trigger emitted or stored. */
function expectNoKey(sandbox: TestSandbox, ...values: unknown[]) {
	const text = allText(values).toLowerCase();
	const subaccountKeys = sandbox.state.accounts.flatMap((account) =>
		account.subaccounts.map((sub) => sub.apiKey ?? ''),
	);
	for (const key of [...ALL_KEYS, ...subaccountKeys])
		for (const spelling of keySpellings(key)) expect(text).not.toContain(spelling);
}

describe('Subaccount Balance Below', () => {
	test('the first poll records; a crossing emits once; staying low emits nothing; going back up re-arms', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, subaccountsBelow('10'));

		expect(await poller.poll()).toEqual({ items: null });
		expect(poller.saved).toEqual({
			'node:SMS Partner Trigger': {
				subaccountBalanceLow: { 'sub-alpha': 150, 'sub-beta': 20.5, 'sub-empty': 0 },
			},
		});

		sandbox.subaccount('sub-alpha').credit = 4.5;
		const first = await poller.poll();
		expect(first.items).toEqual([
			{
				tokenSubaccount: 'sub-alpha',
				email: 'alpha@sandbox.local',
				subaccountCredit: 4.5,
				threshold: 10,
				previousSubaccountCredit: 150,
				currency: 'EUR',
			},
		]);

		expect(await poller.poll()).toEqual({ items: null });
		sandbox.subaccount('sub-alpha').credit = 3;
		expect(await poller.poll()).toEqual({ items: null });

		sandbox.subaccount('sub-alpha').credit = 10;
		expect(await poller.poll()).toEqual({ items: null });
		sandbox.subaccount('sub-alpha').credit = 9.999;
		expect((await poller.poll()).items).toMatchObject([
			{ tokenSubaccount: 'sub-alpha', subaccountCredit: 9.999, previousSubaccountCredit: 10 },
		]);
		// sub-empty was below from the start: it never crossed, so it never came.
		expectNoKey(sandbox, poller.saved, poller.staticData, first.items);
	});

	test('several crossings in one poll come as one item each; a new subaccount born low does not', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, subaccountsBelow('25'));
		await poller.poll();

		sandbox.subaccount('sub-alpha').credit = 24;
		sandbox.subaccount('sub-beta').credit = 25;
		sandbox.addSubaccount({ token: 'sub-new', credit: 1 });
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-alpha',
				subaccountCredit: 24,
				previousSubaccountCredit: 150,
			}),
		]);
		// sub-beta was below 25 (20.5) and came up to 25: re-armed, not an event.
		sandbox.subaccount('sub-beta').credit = 2;
		sandbox.subaccount('sub-new').credit = 0.5;
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-beta',
				subaccountCredit: 2,
				previousSubaccountCredit: 25,
			}),
		]);
	});

	test('reads every page of the list: a subaccount on the third page is seen', async () => {
		const sandbox = await sandboxes.start();
		for (let n = 0; n < 45; n++) sandbox.addSubaccount({ token: `sub-many-${n}`, credit: 100 });
		const poller = trigger(sandbox, subaccountsBelow('50'));
		await poller.poll();
		expect(Object.keys(poller.staticData['node:SMS Partner Trigger'] as object)).toHaveLength(1);

		sandbox.subaccount('sub-many-44').credit = 49.5;
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-many-44',
				subaccountCredit: 49.5,
				previousSubaccountCredit: 100,
			}),
		]);
		expect(sandbox.callCount('/subaccount/list')).toBe(6);
	});

	test('a threshold changed between polls applies from the next poll; balances already under it do not come', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, subaccountsBelow('10'));
		await poller.poll();
		poller.setParameter('threshold', '100');
		expect(await poller.poll()).toEqual({ items: null });
		sandbox.subaccount('sub-alpha').credit = 99;
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-alpha',
				subaccountCredit: 99,
				threshold: 100,
				previousSubaccountCredit: 150,
			}),
		]);
	});

	test('the threshold is checked like an amount: 12,5 is refused naming the field, nothing read', async () => {
		const sandbox = await sandboxes.start();
		const result = await trigger(sandbox, subaccountsBelow('12,5')).poll();
		expect(result.items).toBeNull();
		expect(result.error?.message).toContain('Threshold (EUR) "12,5" uses a comma');
		expect(sandbox.callCount()).toBe(0);
	});

	test.each([
		['an empty threshold', { threshold: '' }, /^Threshold \(EUR\) is empty/],
		['a threshold of 0', { threshold: '0' }, /^Threshold \(EUR\) must be greater than 0/],
		[
			'a threshold whose expression cannot be evaluated',
			{ threshold: '={{ $json.missing.amount }}' },
			/^Threshold \(EUR\): its expression could not be evaluated/,
		],
		['a Timeout of 0', { threshold: '10', options: { timeout: 0 } }, /^Timeout must be a whole/],
	])('%s: refused naming the field, nothing read', async (_name, parameters, field) => {
		const sandbox = await sandboxes.start();
		const result = await trigger(sandbox, { event: 'subaccountBalanceLow', ...parameters }).poll();
		expect(result.items).toBeNull();
		expect(result.error?.message).toMatch(field);
		expect(sandbox.callCount()).toBe(0);
	});
});

describe('Main Balance Below', () => {
	test('crosses on /me the same way', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, { event: 'balanceLow', threshold: '100' });
		expect(await poller.poll()).toEqual({ items: null });
		sandbox.account(KEY).credit = 99.99;
		expect((await poller.poll()).items).toEqual([
			{ credit: 99.99, threshold: 100, previousCredit: 1000, currency: 'EUR' },
		]);
		expect(await poller.poll()).toEqual({ items: null });
		sandbox.account(KEY).credit = 150;
		expect(await poller.poll()).toEqual({ items: null });
		sandbox.account(KEY).credit = 12;
		expect((await poller.poll()).items).toEqual([
			{ credit: 12, threshold: 100, previousCredit: 150, currency: 'EUR' },
		]);
		expectNoKey(sandbox, poller.saved, poller.staticData);
	});
});

describe('New STOP', () => {
	test('the first poll records the list; each number added later comes once, oldest first', async () => {
		const sandbox = await sandboxes.start();
		sandbox.addStop('0611111111', KEY);
		const poller = trigger(sandbox, { event: 'newStop' });
		expect(await poller.poll()).toEqual({ items: null });

		const first = sandbox.addStop('0622222222', KEY);
		const second = sandbox.addStop('+33633333333', KEY);
		const result = await poller.poll();
		expect(result.items).toEqual([
			{
				id: String(first),
				phoneNumber: '+33622222222',
				createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			},
			{ id: String(second), phoneNumber: '+33633333333', createdAt: expect.any(String) },
		]);
		expect(await poller.poll()).toEqual({ items: null });
		const third = sandbox.addStop('0644444444', KEY);
		expect((await poller.poll()).items).toEqual([expect.objectContaining({ id: String(third) })]);
		expectNoKey(sandbox, poller.saved);
	});
});

describe('an answer that leaves things out, once, and then has them again', () => {
	test('New STOP: an empty list for one poll does not bring every STOP again at the next', async () => {
		const sandbox = await sandboxes.start();
		sandbox.addStop('0611111111', KEY);
		const poller = trigger(sandbox, { event: 'newStop' });
		await poller.poll();
		const added = sandbox.addStop('0622222222', KEY);
		expect((await poller.poll()).items).toEqual([expect.objectContaining({ id: String(added) })]);

		// SMS Partner says "success" with an empty list: the STOPs have not gone (their ids
		// never come back; a number put on the list again gets a new one).
		sandbox.fault('/stop-sms/list', {
			answer: { success: true, code: 200, nbData: 0, data: [] },
			times: 1,
		});
		expect(await poller.poll()).toEqual({ items: null });
		expect(await poller.poll()).toEqual({ items: null });

		const later = sandbox.addStop('0633333333', KEY);
		expect((await poller.poll()).items).toEqual([expect.objectContaining({ id: String(later) })]);
	});

	test('Subaccount Balance Below: a subaccount missing from one list keeps its balance, and its drop still comes once', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, subaccountsBelow('10'));
		await poller.poll();

		const { subaccounts } = sandbox.account(KEY);
		const alpha = subaccounts.findIndex((sub) => sub.token === 'sub-alpha');
		const [missing] = subaccounts.splice(alpha, 1);
		expect(await poller.poll()).toEqual({ items: null });
		subaccounts.splice(alpha, 0, missing);

		sandbox.subaccount('sub-alpha').credit = 4.5;
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-alpha',
				subaccountCredit: 4.5,
				previousSubaccountCredit: 150,
			}),
		]);
		expect(await poller.poll()).toEqual({ items: null });
	});
});

describe('a failed poll emits nothing, keeps the memory, and loses nothing', () => {
	const FAULTS = [
		['the connection dropped', { reset: true }],
		['HTTP 500', { status: 500, body: 'Internal Server Error', contentType: 'text/plain' }],
		[
			'an HTML page with 200',
			{ body: '<html><body>Maintenance</body></html>', contentType: 'text/html' },
		],
		[
			'success: false, code 10',
			{ answer: { success: false, code: 10, message: 'Invalid API key' } },
		],
		['a list without data', { answer: { success: true, code: 200 } }],
		['an answer past the timeout', { delayMs: 1500 }],
	] as const;

	test.each(FAULTS)('%s', async (_name, fault) => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, { ...subaccountsBelow('10'), options: { timeout: 1000 } });
		await poller.poll();
		const before = poller.staticData;

		sandbox.subaccount('sub-alpha').credit = 1;
		sandbox.fault('/subaccount/list', { ...fault, times: 1 });
		const failed = await poller.poll();
		expect(failed.items).toBeNull();
		expect(failed.error).toBeDefined();
		expect(poller.staticData).toEqual(before);
		expectNoKey(sandbox, failed.error?.message, failed.error?.description);

		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-alpha',
				subaccountCredit: 1,
				previousSubaccountCredit: 150,
			}),
		]);
		expect(await poller.poll()).toEqual({ items: null });
	});
});

describe('restarts', () => {
	test('n8n keeps what the activation recorded: a drop during a restart still comes', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, subaccountsBelow('10'));
		await poller.poll();
		poller.restart();
		sandbox.subaccount('sub-beta').credit = 5;
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-beta',
				subaccountCredit: 5,
				previousSubaccountCredit: 20.5,
			}),
		]);
		poller.restart();
		expect(await poller.poll()).toEqual({ items: null });
	});
});

describe('Fetch Test Event (manual mode)', () => {
	test('gives what is below the threshold now, and leaves the memory alone', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, subaccountsBelow('25'));
		const result = await poller.poll('manual');
		expect(result.items).toEqual([
			{
				tokenSubaccount: 'sub-beta',
				email: 'beta@sandbox.local',
				subaccountCredit: 20.5,
				threshold: 25,
				previousSubaccountCredit: null,
				currency: 'EUR',
			},
			{
				tokenSubaccount: 'sub-empty',
				email: 'empty@sandbox.local',
				subaccountCredit: 0,
				threshold: 25,
				previousSubaccountCredit: null,
				currency: 'EUR',
			},
		]);
		expect(poller.staticData).toEqual({});
	});

	test('nothing below the threshold, no STOP yet: nothing (n8n says it found no data)', async () => {
		const sandbox = await sandboxes.start();
		expect(await trigger(sandbox, { event: 'balanceLow', threshold: '5' }).poll('manual')).toEqual({
			items: null,
		});
		expect(await trigger(sandbox, { event: 'newStop' }).poll('manual')).toEqual({ items: null });
		sandbox.addStop('0655555555', KEY);
		expect((await trigger(sandbox, { event: 'newStop' }).poll('manual')).items).toEqual([
			expect.objectContaining({ phoneNumber: '+33655555555' }),
		]);
	});
});

test("tokens named like Object.prototype's own properties are subaccounts like any other", async () => {
	const sandbox = await sandboxes.start();
	const tokens = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
	for (const token of tokens) sandbox.addSubaccount({ token, credit: 50 }, KEY);
	const poller = trigger(sandbox, subaccountsBelow('10'));
	await poller.poll();
	for (const token of tokens) sandbox.subaccount(token, KEY).credit = 1;
	const result = await poller.poll();
	expect(result.error).toBeUndefined();
	expect(result.items).toEqual(
		tokens.map((token) =>
			expect.objectContaining({
				tokenSubaccount: token,
				subaccountCredit: 1,
				previousSubaccountCredit: 50,
			}),
		),
	);
	expect(await poller.poll()).toEqual({ items: null });
	poller.restart();
	expect(await poller.poll()).toEqual({ items: null });
});

test('a hostile list that echoes the key as a token and an email: neither items nor memory hold it', async () => {
	const sandbox = await sandboxes.start();
	const poller = trigger(sandbox, subaccountsBelow('10'));
	await poller.poll();
	sandbox.fault('/subaccount/list', {
		answer: {
			success: true,
			code: 200,
			total: 1,
			nb_per_page: 20,
			data: [
				{
					id: 1,
					token: KEY,
					email: `${KEY}@evil.example`,
					credits: { balance: 1, currency: 'EUR' },
				},
				{
					id: 2,
					token: 'sub-alpha',
					email: `x${encodeURIComponent(KEY)}@evil.example`,
					credits: { balance: 1, currency: 'EUR' },
				},
			],
		},
	});
	const result = await poller.poll();
	expect(result.items).toEqual([
		expect.objectContaining({ tokenSubaccount: 'sub-alpha', subaccountCredit: 1 }),
	]);
	expectNoKey(sandbox, result.items, poller.staticData, poller.saved);
});

test('a token listed twice with two balances (shifting pages, a broken list) counts once: no event twice', async () => {
	const sandbox = await sandboxes.start();
	const poller = trigger(sandbox, subaccountsBelow('10'));
	await poller.poll();
	const entry = (balance: number) => ({
		id: 1,
		token: 'sub-alpha',
		email: 'alpha@sandbox.local',
		credits: { balance, currency: 'EUR' },
	});
	sandbox.fault('/subaccount/list', {
		answer: { success: true, code: 200, total: 2, nb_per_page: 20, data: [entry(5), entry(50)] },
	});
	expect((await poller.poll()).items).toEqual([
		expect.objectContaining({
			tokenSubaccount: 'sub-alpha',
			subaccountCredit: 5,
			previousSubaccountCredit: 150,
		}),
	]);
	expect(await poller.poll()).toEqual({ items: null });
	expect(await poller.poll()).toEqual({ items: null });
});

describe('lists read whole, and a memory one bad value cannot wipe', () => {
	const stopEntry = (id: unknown, phoneNumber: string) => ({
		id,
		phoneNumber,
		createdAt: '2026-12-01 10:00:00',
	});
	const stopListAnswer = (data: object[]) => ({
		answer: { success: true, code: 200, nbData: data.length, data },
	});

	test('New STOP: an id listed twice in one answer comes once', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, { event: 'newStop' });
		await poller.poll();
		sandbox.fault('/stop-sms/list', {
			answer: stopListAnswer([stopEntry(7, '+33611111111'), stopEntry(7, '+33611111111')]).answer,
			times: 1,
		});
		expect((await poller.poll()).items).toEqual([
			{ id: '7', phoneNumber: '+33611111111', createdAt: expect.any(String) },
		]);
		sandbox.fault('/stop-sms/list', {
			...stopListAnswer([stopEntry(7, '+33611111111')]),
			times: 1,
		});
		expect(await poller.poll()).toEqual({ items: null });
	});

	test('New STOP: an entry whose id is not digits is a STOP like any other, not a failed poll', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, { event: 'newStop' });
		await poller.poll();
		sandbox.fault('/stop-sms/list', {
			...stopListAnswer([stopEntry('a1-b2', '+33611111111'), stopEntry(12, '+33622222222')]),
			times: 2,
		});
		const result = await poller.poll();
		expect(result.error).toBeUndefined();
		expect(result.items?.map((item) => item.id)).toEqual(['12', 'a1-b2']);
		expect(await poller.poll()).toEqual({ items: null });
	});

	test('New STOP: a 20-digit id comes out exactly, and is remembered exactly', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, { event: 'newStop' });
		await poller.poll();
		// As a JSON number: JSON.parse alone would round it.
		const body = `{"success":true,"code":200,"nbData":1,"data":[{"id":12345678901234567890,"phoneNumber":"+33611111111","createdAt":"2026-12-01 10:00:00"}]}`;
		sandbox.fault('/stop-sms/list', { body, times: 2 });
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({ id: '12345678901234567890' }),
		]);
		expect(await poller.poll()).toEqual({ items: null });
	});

	test('New STOP: a memory saved when ids were numbers is still read (no STOP brought again, none lost)', async () => {
		const sandbox = await sandboxes.start();
		const old = sandbox.addStop('0611111111', KEY);
		const poller = trigger(sandbox, { event: 'newStop' });
		poller.saved = { 'node:SMS Partner Trigger': { newStop: { ids: [old] } } };
		poller.restart();
		const added = sandbox.addStop('0622222222', KEY);
		expect((await poller.poll()).items).toEqual([expect.objectContaining({ id: String(added) })]);
	});

	test('New STOP: a list past 1 MB (20,000 entries, unpaged) is read whole, every poll', async () => {
		const sandbox = await sandboxes.start();
		// Ids as SMS Partner gives them: each new entry's larger than the ones before.
		sandbox.seedStops(20_000, { apiKey: KEY });
		const poller = trigger(sandbox, { event: 'newStop' });
		expect(await poller.poll()).toEqual({ items: null });
		const added = sandbox.addStop('0799999999', KEY);
		const result = await poller.poll();
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([expect.objectContaining({ id: String(added) })]);
	});

	test('New STOP: 100,000 entries leave a static data of a few kilobytes, and new ones still come once', async () => {
		const sandbox = await sandboxes.start();
		sandbox.seedStops(100_000, { apiKey: KEY });
		const poller = trigger(sandbox, { event: 'newStop' });
		expect(await poller.poll()).toEqual({ items: null });
		const added = [sandbox.addStop('0799999998', KEY), sandbox.addStop('0799999999', KEY)];
		expect((await poller.poll()).items?.map((item) => item.id)).toEqual(added.map(String));
		poller.restart();
		expect(await poller.poll()).toEqual({ items: null });
		// The window's 1,000 ids of 6 digits, as JSON: about 9 KB, where every id took 789 KB.
		expect(Buffer.byteLength(JSON.stringify(poller.saved))).toBeLessThan(12_000);
	}, 300_000);

	test('New STOP: the memory of every id (100,000) is read, nothing comes again, and the next STOP makes it a window', async () => {
		const sandbox = await sandboxes.start();
		const ids = sandbox.seedStops(100_000, { apiKey: KEY });
		const poller = trigger(sandbox, { event: 'newStop' });
		poller.saved = { 'node:SMS Partner Trigger': { newStop: { ids: ids.map(String) } } };
		poller.restart();
		expect(await poller.poll()).toEqual({ items: null });
		const added = sandbox.addStop('0799999999', KEY);
		expect((await poller.poll()).items).toEqual([expect.objectContaining({ id: String(added) })]);
		expect(Buffer.byteLength(JSON.stringify(poller.saved))).toBeLessThan(12_000);
		expect(await poller.poll()).toEqual({ items: null });
	}, 300_000);

	test('one unreadable balance ("1" and 400 zeros, as text) leaves the other subaccounts’ memory and crossings alone', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, subaccountsBelow('10'));
		await poller.poll();
		sandbox.subaccount('sub-beta').listed = { balance: `1${'0'.repeat(400)}` };
		expect(await poller.poll()).toEqual({ items: null });
		poller.restart();
		sandbox.subaccount('sub-alpha').credit = 5;
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-alpha',
				subaccountCredit: 5,
				previousSubaccountCredit: 150,
			}),
		]);
		expect(JSON.stringify(poller.saved)).not.toMatch(/null|Infinity/);
	});

	test('a stored memory holding one value that is not a balance loses that value alone', async () => {
		const sandbox = await sandboxes.start();
		const poller = trigger(sandbox, subaccountsBelow('10'));
		poller.saved = {
			'node:SMS Partner Trigger': {
				subaccountBalanceLow: { 'sub-alpha': 150, 'sub-beta': null, 'sub-empty': 0 },
			},
		};
		poller.restart();
		sandbox.subaccount('sub-alpha').credit = 5;
		expect((await poller.poll()).items).toEqual([
			expect.objectContaining({ tokenSubaccount: 'sub-alpha', previousSubaccountCredit: 150 }),
		]);
	});

	test('a server that ignores `page` and gives no total: the poll stops with an error when a page repeats', async () => {
		const sandbox = await sandboxes.start();
		const page = Array.from({ length: 20 }, (_, index) => ({
			id: index,
			token: `sub-${index}`,
			email: `s${index}@sandbox.local`,
			credits: { balance: '50.000', currency: 'EUR' },
		}));
		sandbox.fault('/subaccount/list', {
			answer: { success: true, code: 200, nb_per_page: 20, data: page },
		});
		const poller = trigger(sandbox, subaccountsBelow('10'));
		const result = await poller.poll();
		expect(result.error?.message).toMatch(/sent page 2 of the subaccount list the same as page 1/);
		expect(sandbox.callCount('/subaccount/list')).toBe(2);
		expect(poller.saved).toEqual({});
	});
});
