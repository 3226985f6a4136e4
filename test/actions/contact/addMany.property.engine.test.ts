/**
 * Contact › Add in batches, as a property: for random runs of 1 to 1,200 items,
 * some already in the group (code 15), some on the STOP list (refused), some not
 * phone numbers (refused before any request), and a fault on one request (the
 * connection reset before or after SMS Partner acted, a server error), every
 * item comes out exactly once, paired with its input, with the outcome its
 * number and its batch call for; no request holds more than 500 contacts.
 */
import fc from 'fast-check';

import { KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();
const GROUP = '52011';

type Kind = 'new' | 'inGroup' | 'stop' | 'bad';
type Fault = 'none' | 'resetBefore' | 'resetAfter' | 'serverError';

const numberOf = (index: number) => `+336${String(30000000 + index).padStart(8, '0')}`;

const plan = fc.integer({ min: 1, max: 1200 }).chain((size) =>
	fc.record({
		kinds: fc.array(fc.constantFrom<Kind>('new', 'new', 'new', 'new', 'inGroup', 'stop', 'bad'), {
			minLength: size,
			maxLength: size,
		}),
		fault: fc.constantFrom<Fault>('none', 'resetBefore', 'resetAfter', 'serverError'),
		faultyRequest: fc.integer({ min: 0, max: 2 }),
	}),
);

let unknownSeen = 0;

test('every item exactly once, paired, with its own outcome', async () => {
	await fc.assert(
		fc.asyncProperty(plan, async ({ kinds, fault, faultyRequest }) => {
			const sandbox = await sandboxes.start();
			const group = (sandbox.account(KEY).groups ?? []).find((g) => String(g.id) === GROUP);
			if (!group?.contacts) throw new Error('The sandbox has no test group');
			kinds.forEach((kind, index) => {
				if (kind === 'inGroup')
					group.contacts?.push({
						contactId: 1_000_000 + index,
						phoneNumber: numberOf(index),
						createdAt: '2026-01-01T00:00:00+01:00',
					});
				if (kind === 'stop') sandbox.addStop(numberOf(index), KEY);
			});
			const valid = kinds.flatMap((kind, index) => (kind === 'bad' ? [] : [index]));
			const requests = Math.ceil(valid.length / 500);
			const faulty = fault !== 'none' && faultyRequest < requests ? faultyRequest : -1;
			// Each request is logged before its fault is taken: the fault is set as the faulty one is logged.
			const calls = sandbox.calls;
			const push = calls.push.bind(calls);
			let count = 0;
			calls.push = (...entries) => {
				if (entries.some((entry) => entry.path === '/contact/add') && count++ === faulty) {
					sandbox.fault('/contact/add', {
						times: 1,
						...(fault === 'resetBefore' ? { reset: true } : {}),
						...(fault === 'resetAfter' ? { act: true, reset: true } : {}),
						...(fault === 'serverError'
							? { act: true, status: 500, body: 'Internal Server Error', contentType: 'text/plain' }
							: {}),
					});
				}
				return push(...entries);
			};

			const items = kinds.map((kind, index) => ({
				index,
				phone: kind === 'bad' ? `06 12 ${index}` : numberOf(index),
			}));
			const result = await run(sandbox, {
				items,
				parameters: operation('contact', 'add', {
					groupId: GROUP,
					phoneNumber: '={{ $json.phone }}',
				}),
				onError: 'continueErrorOutput',
			});

			const [successItems, errorItems] = result.outputs;
			if (faulty !== -1)
				unknownSeen += (errorItems ?? []).filter(
					(item) => (item.json.error as { outcome: string }).outcome === 'unknown',
				).length;
			const seenItems = [...successItems, ...(errorItems ?? [])].map(
				(item) => (item.pairedItem as { item: number }).item,
			);
			expect([...seenItems].sort((a, b) => a - b)).toEqual(kinds.map((_, index) => index));

			const batchOf = new Map(valid.map((index, position) => [index, Math.floor(position / 500)]));
			for (const item of successItems) {
				const index = (item.pairedItem as { item: number }).item;
				expect(item.json.phoneNumber).toBe(numberOf(index));
				expect(batchOf.get(index)).not.toBe(faulty);
				expect(item.json.alreadyInGroup).toBe(kinds[index] === 'inGroup');
				expect(kinds[index] === 'new' || kinds[index] === 'inGroup').toBe(true);
			}
			for (const item of errorItems ?? []) {
				const index = (item.pairedItem as { item: number }).item;
				const error = item.json.error as { outcome: string; code: number | null; field?: string };
				if (kinds[index] === 'bad') {
					expect(error).toMatchObject({ outcome: 'notSent', field: 'phoneNumber' });
				} else if (batchOf.get(index) === faulty) {
					expect(error.outcome).toBe('unknown');
				} else {
					expect(kinds[index]).toBe('stop');
					expect(error).toMatchObject({ outcome: 'rejected', code: 14 });
				}
			}
			const addCalls = calls.filter((call) => call.path === '/contact/add');
			expect(addCalls).toHaveLength(requests);
			for (const call of addCalls)
				expect((call.body as { contactsList: unknown[] }).contactsList.length).toBeLessThanOrEqual(
					500,
				);
			// Nothing added twice, whatever the faults.
			const numbers = group.contacts.map((contact) => contact.phoneNumber);
			expect(new Set(numbers).size).toBe(numbers.length);
		}),
		{
			numRuns: 20,
			// Always among the runs: the largest size, a fault on the second request of three.
			examples: [
				[
					{
						kinds: Array.from(
							{ length: 1200 },
							(_, index): Kind =>
								index % 97 === 0
									? 'inGroup'
									: index % 89 === 0
										? 'stop'
										: index % 83 === 0
											? 'bad'
											: 'new',
						),
						fault: 'resetAfter',
						faultyRequest: 1,
					},
				],
				[{ kinds: ['new'], fault: 'resetBefore', faultyRequest: 0 }],
			],
		},
	);
	expect(unknownSeen).toBeGreaterThanOrEqual(501);
}, 600_000);
