/**
 * Property-based (fast-check): the SMS Partner Trigger polled through random
 * histories — balances moving around the threshold, subaccounts appearing,
 * answers that leave some out for one poll, polls that fail in random ways
 * (dropped connections, HTTP errors, HTML, refusals, answers without their data or
 * cut short, a wrong balance type), n8n restarting — against a model that only
 * knows the rule: an event for each subaccount whose last balance seen by a
 * successful poll was at or above the threshold and is now below it. Whatever
 * happens, the trigger emits exactly the model's events (none twice, none lost),
 * a failed poll emits nothing, and no key is ever in an item or in the static data.
 * New STOP the same way: STOPs added and removed, lists that leave some out, faults
 * and restarts; each id comes once, the first successful poll after it appears.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import {
	ALL_KEYS,
	credentialsFor,
	KEY,
	keySpellings,
	sandboxFixture,
	type TestSandbox,
} from '../support/fixtures';
import { STOP_WINDOW } from '../../nodes/SmsPartner/trigger/stopMemory';
import { allText } from '../support/harness';
import { TriggerHarness } from '../support/triggerHarness';

const sandboxes = sandboxFixture();

const THRESHOLD = 10;
const TOKENS = ['sub-alpha', 'sub-beta', 'sub-empty'];
/** Balances around the threshold, where crossings happen. */
const balance = fc.constantFrom(0, 3.5, 9.999, 10, 10, 10.001, 25, 150);

const fault = fc.oneof(
	fc.constant({ reset: true }),
	fc.record({
		status: fc.constantFrom(500, 502, 503, 401),
		body: fc.constantFrom('', '<html><body>Bad Gateway</body></html>', 'oops'),
		contentType: fc.constant('text/html'),
	}),
	fc.record({
		answer: fc.constantFrom(
			{ success: false, code: 10, message: 'Invalid API key' },
			{ success: true, code: 200 },
			{ success: true, code: 200, data: 'not a list' },
			{ success: 'true', code: 200, data: [] },
			{ success: true, code: 200, data: [{ credits: { balance: 1 } }] },
		),
	}),
	fc.constant({
		body: `{"success": true, "data": [{"token": "${KEY}"`,
		contentType: 'application/json',
	}),
);

const step = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant('set' as const),
			token: fc.constantFrom(...TOKENS),
			balance,
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('poll' as const),
			fault: fc.option(fault, { nil: undefined }),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), balance }) },
	{
		weight: 2,
		arbitrary: fc.record({ kind: fc.constant('hide' as const), token: fc.constantFrom(...TOKENS) }),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** The sandbox's answers leave out what `hidden` names, for the length of `work`. */
async function leavingOut<T, Entry>(
	list: Entry[],
	hidden: (entry: Entry) => boolean,
	work: () => Promise<T>,
): Promise<T> {
	const all = [...list];
	list.splice(0, list.length, ...all.filter((entry) => !hidden(entry)));
	try {
		return await work();
	} finally {
		list.splice(0, list.length, ...all);
	}
}

function expectNoKey(...values: unknown[]) {
	const text = allText(values).toLowerCase();
	for (const key of ALL_KEYS)
		for (const spelling of keySpellings(key)) expect(text).not.toContain(spelling);
}

/** What the trigger should remember, under n8n's saving rule: saved after the activation's poll and after polls that emit. */
class ModelMemory<T> {
	/** As of the last successful poll; undefined before the first. */
	seen: T | undefined;
	private saved: T | undefined;
	private activated = false;

	afterPoll(next: T, emitted: boolean) {
		this.seen = next;
		if (emitted || !this.activated) this.saved = next;
		this.activated = true;
	}

	restart() {
		this.seen = this.saved;
		this.activated = false;
	}
}

/**
 * One poll whose answer leaves out the entries `hidden` picks and, given a fault, fails:
 * then nothing may come. Either way no key is in the items, the error or the static data.
 * What `snapshot` saw of the list at the poll, with the items; undefined for a fault.
 */
async function pollLeavingOut<Entry, Snapshot>(
	live: TestSandbox,
	poller: TriggerHarness,
	poll: { path: string; list: Entry[]; hidden: (entry: Entry) => boolean; fault?: object },
	snapshot: () => Snapshot,
): Promise<{ items: IDataObject[]; listed: Snapshot } | undefined> {
	if (poll.fault) live.fault(poll.path, { ...poll.fault, times: 1 });
	let listed!: Snapshot;
	const result = await leavingOut(poll.list, poll.hidden, async () => {
		listed = snapshot();
		return await poller.poll();
	});
	live.faults.clear();
	expectNoKey(result.items, result.error?.message, poller.staticData, poller.saved);
	if (poll.fault) {
		expect(result.items).toBeNull();
		expect(result.error).toBeDefined();
		return undefined;
	}
	expect(result.error).toBeUndefined();
	return { items: result.items ?? [], listed };
}

test('random histories: exactly the crossings the last successful polls saw, each once, never a key', async () => {
	const live = await sandboxes.start();
	let added = 0;
	await fc.assert(
		fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), async (steps) => {
			for (const token of TOKENS) live.subaccount(token, KEY).credit = 50;
			live.faults.clear();
			const poller = new TriggerHarness(
				{ event: 'subaccountBalanceLow', threshold: String(THRESHOLD) },
				credentialsFor(live),
			);
			/** Balances at the last successful poll (in memory), and as saved. */
			const model = new ModelMemory<Map<string, number>>();
			const balances = () =>
				new Map(
					live.account(KEY).subaccounts.map((sub) => [sub.token, sub.credit] as [string, number]),
				);
			const hide = new Set<string>();
			const pollOnce = async (fault?: object) => {
				const hidden = new Set(hide);
				hide.clear();
				const polled = await pollLeavingOut(
					live,
					poller,
					{
						path: '/subaccount/list',
						list: live.account(KEY).subaccounts,
						hidden: (sub) => hidden.has(sub.token),
						fault,
					},
					balances,
				);
				if (!polled) return;
				const { seen } = model;
				const expected = seen
					? [...polled.listed]
							.filter(([token, credit]) => {
								const before = seen.get(token);
								return before !== undefined && before >= THRESHOLD && credit < THRESHOLD;
							})
							.map(([token]) => token)
					: [];
				expect(polled.items.map((item) => item.tokenSubaccount)).toEqual(expected);
				// A subaccount left out keeps its last balance seen.
				model.afterPoll(new Map([...(seen ?? []), ...polled.listed]), expected.length > 0);
			};
			for (const s of steps) {
				if (s.kind === 'set') live.subaccount(s.token, KEY).credit = s.balance;
				else if (s.kind === 'add')
					live.addSubaccount({ token: `sub-added-${added++}`, credit: s.balance }, KEY);
				else if (s.kind === 'hide') hide.add(s.token);
				else if (s.kind === 'restart') {
					poller.restart();
					model.restart();
				} else await pollOnce(s.fault);
			}
			await pollOnce();
		}),
		{ numRuns: 400 },
	);
}, 600_000);

const stopStep = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('add' as const),
			number: fc.constantFrom('0611111111', '0622222222', '0633333333', '0644444444'),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('hide' as const),
			mask: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
		}),
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('poll' as const),
			fault: fc.option(fault, { nil: undefined }),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

test('random STOP histories: each new id once, at the first successful poll that lists it, never a key', async () => {
	const live = await sandboxes.start();
	await fc.assert(
		fc.asyncProperty(fc.array(stopStep, { minLength: 3, maxLength: 16 }), async (steps) => {
			const stops = live.account(KEY).stopList!;
			stops.splice(0, stops.length);
			live.addStop('0600000001', KEY);
			live.faults.clear();
			const poller = new TriggerHarness({ event: 'newStop' }, credentialsFor(live));
			/** Ids seen by successful polls (in memory), and as saved. */
			const model = new ModelMemory<Set<string>>();
			let mask: boolean[] = [];
			const pollOnce = async (fault?: object) => {
				const hiding = mask;
				mask = [];
				const polled = await pollLeavingOut(
					live,
					poller,
					{
						path: '/stop-sms/list',
						list: stops,
						hidden: (entry) => hiding[stops.indexOf(entry) % hiding.length] === true,
						fault,
					},
					() => stops.map((entry) => String(entry.id)),
				);
				if (!polled) return;
				const { seen } = model;
				const expected = seen
					? polled.listed.filter((id) => !seen.has(id)).sort((a, b) => Number(a) - Number(b))
					: [];
				expect(polled.items.map((item) => item.id)).toEqual(expected);
				model.afterPoll(new Set([...(seen ?? []), ...polled.listed]), expected.length > 0);
			};
			for (const s of steps) {
				if (s.kind === 'add') live.addStop(s.number, KEY);
				else if (s.kind === 'remove') {
					if (stops.length > 0) stops.splice(s.at % stops.length, 1);
				} else if (s.kind === 'hide') mask = s.mask;
				else if (s.kind === 'restart') {
					poller.restart();
					model.restart();
				} else await pollOnce(s.fault);
			}
			await pollOnce();
		}),
		{ numRuns: 400 },
	);
}, 600_000);

/**
 * New STOP over a list longer than the trigger's window (STOP_WINDOW ids kept one by
 * one, a floor below them: see stopMemory.ts), through random histories: STOPs added
 * with new larger ids, late ones between the floor and the largest id, ones far below
 * the floor, removals, numbers put back (a new id), ids listed twice, the list
 * shuffled, answers leaving entries out, faults, restarts from the stored static
 * data, and the memory of earlier versions (every id). The model is the rule as
 * documented: with K the ids recorded so far and the floor K's (STOP_WINDOW + 1)-th
 * largest, a listed id is emitted iff it is not in K and above the floor. Whatever
 * happens: no id ever comes twice, and the static data stays under a byte bound.
 */
const WINDOW = STOP_WINDOW;
/** Seeded ids are 10, 20, …: the gaps leave room for late ids. */
const SEEDED = WINDOW + 150;
/** Ids of a few digits: the window's ids as JSON text, quotes and commas, and the rest. */
const STATIC_DATA_BOUND = WINDOW * 10 + 500;

const bigStopStep = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('add' as const),
			count: fc.integer({ min: 1, max: 3 }),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('late' as const), at: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('farBelow' as const), at: fc.nat() }) },
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('text' as const),
			text: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('putBack' as const), at: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('twice' as const), at: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }) },
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('hide' as const),
			mask: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
		}),
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('poll' as const),
			fault: fc.option(fault, { nil: undefined }),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** The documented order: ids of digits by number, then other ids by text. */
function idOrder(a: string, b: string): number {
	const [aDigits, bDigits] = [/^\d+$/.test(a), /^\d+$/.test(b)];
	if (aDigits && bDigits) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
	if (aDigits !== bDigits) return aDigits ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** K's (WINDOW + 1)-th largest id; undefined while K holds WINDOW ids or fewer. */
function floorOf(known: Set<string>): string | undefined {
	if (known.size <= WINDOW) return undefined;
	return [...known].sort((a, b) => idOrder(b, a))[WINDOW];
}

test('random STOP histories past the window: emitted as documented, never twice, static data bounded', async () => {
	const live = await sandboxes.start();
	await fc.assert(
		fc.asyncProperty(
			fc.boolean(),
			fc.array(bigStopStep, { minLength: 4, maxLength: 14 }),
			async (oldMemory, steps) => {
				const stops = live.account(KEY).stopList!;
				const seeded = Array.from({ length: SEEDED }, (_, n) => ({
					id: 10 * (n + 1),
					phoneNumber: `+336${String(n).padStart(8, '0')}`,
					createdAt: '2026-01-05 10:00:00',
				}));
				stops.splice(0, stops.length, ...seeded);
				let nextId = 10 * (SEEDED + 1);
				let nextNumber = SEEDED;
				const newNumber = () => `+337${String(nextNumber++).padStart(8, '0')}`;
				live.faults.clear();
				const poller = new TriggerHarness({ event: 'newStop' }, credentialsFor(live));
				const model = new ModelMemory<Set<string>>();
				if (oldMemory) {
					// A workflow running before the window: its memory held every id as a number.
					poller.saved = {
						'node:SMS Partner Trigger': { newStop: { ids: seeded.map(({ id }) => id) } },
					};
					poller.restart();
					model.afterPoll(new Set(seeded.map(({ id }) => String(id))), true);
					model.restart();
				}
				const emittedEver = new Set<string>();
				/** An id in a gap of the seeded ones: 10k + 5 for the k-th seeded id (k from 1). */
				const gapId = (k: number) => 10 * k + 5;
				let mask: boolean[] = [];
				const pollOnce = async (fault?: object) => {
					const hiding = mask;
					mask = [];
					const polled = await pollLeavingOut(
						live,
						poller,
						{
							path: '/stop-sms/list',
							list: stops,
							hidden: (entry) => hiding[stops.indexOf(entry) % hiding.length] === true,
							fault,
						},
						() => [...new Set(stops.map((entry) => String(entry.id)))],
					);
					if (!polled) return;
					const { seen } = model;
					const floor = seen && floorOf(seen);
					const expected = seen
						? polled.listed
								.filter((id) => !seen.has(id) && (floor === undefined || idOrder(id, floor) > 0))
								.sort(idOrder)
						: [];
					const emitted = (polled.items ?? []).map((item) => String(item.id));
					expect(emitted).toEqual(expected);
					for (const id of emitted) {
						expect(emittedEver.has(id)).toBe(false);
						emittedEver.add(id);
					}
					model.afterPoll(new Set([...(seen ?? []), ...polled.listed]), expected.length > 0);
					for (const data of [poller.staticData, poller.saved])
						expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThanOrEqual(STATIC_DATA_BOUND);
				};
				for (const s of steps) {
					if (s.kind === 'add') {
						for (let n = 0; n < s.count; n++)
							stops.push({
								id: (nextId += 10),
								phoneNumber: newNumber(),
								createdAt: '2026-02-01 09:00:00',
							});
					} else if (s.kind === 'late') {
						// Between the floor and the largest id: within the window's reach.
						const k = SEEDED - WINDOW + 1 + (s.at % (WINDOW - 1));
						stops.push({
							id: gapId(k),
							phoneNumber: newNumber(),
							createdAt: '2026-01-06 09:00:00',
						});
					} else if (s.kind === 'farBelow') {
						const k = 1 + (s.at % (SEEDED - WINDOW - 1));
						stops.push({
							id: gapId(k),
							phoneNumber: newNumber(),
							createdAt: '2026-01-06 09:00:00',
						});
					} else if (s.kind === 'text') {
						stops.push({ id: s.text, phoneNumber: newNumber(), createdAt: '2026-02-01 09:00:00' });
					} else if (s.kind === 'remove') {
						stops.splice(s.at % stops.length, 1);
					} else if (s.kind === 'putBack') {
						// A number taken off the list and put on it again: a new entry, a new id.
						const [entry] = stops.splice(s.at % stops.length, 1);
						stops.push({ ...entry, id: (nextId += 10) });
					} else if (s.kind === 'twice') {
						stops.push({ ...stops[s.at % stops.length] });
					} else if (s.kind === 'shuffle') {
						let seed = s.seed;
						for (let i = stops.length - 1; i > 0; i--) {
							seed = (seed * 1103515245 + 12345) % 2 ** 31;
							const j = seed % (i + 1);
							[stops[i], stops[j]] = [stops[j], stops[i]];
						}
					} else if (s.kind === 'hide') mask = s.mask;
					else if (s.kind === 'restart') {
						poller.restart();
						model.restart();
					} else await pollOnce(s.fault);
				}
				await pollOnce();
			},
		),
		{ numRuns: 120 },
	);
}, 300_000);
