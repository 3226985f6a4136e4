/**
 * One attempt's Timeout is a deadline (transport/exchange.ts): the attempts of one
 * execution share one sleep at a time, so each must still fail at its own deadline,
 * never after, and an attempt that ended must leave nothing behind.
 */
import { startDeadline } from '../../nodes/SmsPartner/transport/exchange';

const never = () => new Promise<never>(() => undefined);

/** The race's outcome so far: 'pending', 'cut' (its deadline passed) or the value it settled with. */
function watch(race: Promise<unknown>) {
	const state: { outcome: unknown } = { outcome: 'pending' };
	race.then(
		(value) => (state.outcome = value),
		(error: { reason?: string }) => (state.outcome = error.reason === 'deadline' ? 'cut' : error),
	);
	return state;
}

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

test('each attempt is cut at its own deadline, an earlier one started later included', async () => {
	const context = {};
	const long = watch(startDeadline(context, Date.now() + 10_000).race(never()));
	const short = watch(startDeadline(context, Date.now() + 300).race(never()));

	await jest.advanceTimersByTimeAsync(299);
	expect([long.outcome, short.outcome]).toEqual(['pending', 'pending']);
	await jest.advanceTimersByTimeAsync(1);
	expect([long.outcome, short.outcome]).toEqual(['pending', 'cut']);
	await jest.advanceTimersByTimeAsync(9_699);
	expect(long.outcome).toBe('pending');
	await jest.advanceTimersByTimeAsync(1);
	expect(long.outcome).toBe('cut');
	expect(jest.getTimerCount()).toBe(0);
});

test('work that settles first wins, and a stopped attempt is never cut', async () => {
	const context = {};
	const deadline = startDeadline(context, Date.now() + 500);
	const answered = watch(deadline.race(Promise.resolve('answer')));
	deadline.stop();
	await jest.advanceTimersByTimeAsync(5_000);
	expect(answered.outcome).toBe('answer');
	expect(jest.getTimerCount()).toBe(0);
});

test('attempts one after the other share one timer, and none is left a second after the last', async () => {
	const context = {};
	let mostTimers = 0;
	for (let attempt = 0; attempt < 200; attempt++) {
		const deadline = startDeadline(context, Date.now() + 10_000);
		const answered = watch(deadline.race(Promise.resolve(attempt)));
		await jest.advanceTimersByTimeAsync(20);
		deadline.stop();
		expect(answered.outcome).toBe(attempt);
		mostTimers = Math.max(mostTimers, jest.getTimerCount());
	}
	expect(mostTimers).toBe(1);
	await jest.advanceTimersByTimeAsync(1_000);
	expect(jest.getTimerCount()).toBe(0);
});

test("one execution's attempts do not wait on another's", async () => {
	const slow = watch(startDeadline({}, Date.now() + 60_000).race(never()));
	const quick = watch(startDeadline({}, Date.now() + 100).race(never()));
	await jest.advanceTimersByTimeAsync(100);
	expect([slow.outcome, quick.outcome]).toEqual(['pending', 'cut']);
	await jest.advanceTimersByTimeAsync(60_000);
	expect(slow.outcome).toBe('cut');
});
