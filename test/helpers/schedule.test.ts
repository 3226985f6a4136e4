/** A scheduled send as SMS Partner takes it: a Europe/Paris day, hour and minute (a multiple of 5). */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import {
	isoInParis,
	parisWallTimeToEpoch,
	toParisSchedule,
	type ParisSchedule,
	type ScheduleResult,
} from '../../nodes/SmsPartner/helpers/schedule';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** 2026-01-01T00:00:00Z: the year's two daylight-saving changes are ahead. */
const NOW = Date.UTC(2026, 0, 1);

function scheduleOf(result: ScheduleResult): ParisSchedule {
	if ('problem' in result) throw new Error(`expected a schedule, got: ${result.problem}`);
	return result.schedule;
}

function problemOf(result: ScheduleResult): string {
	if ('schedule' in result) throw new Error(`expected a problem, got ${JSON.stringify(result)}`);
	return result.problem;
}

const at = (value: unknown, timezone = 'Europe/Paris', now = NOW) =>
	scheduleOf(toParisSchedule(value, timezone, now));

/** 'YYYY-MM-DD HH:mm:ss,fff' in a zone, from Intl's Swedish format (ISO-like), independent of the module. */
function wallTime(epochMs: number, timeZone: string): string {
	return new Intl.DateTimeFormat('sv-SE', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		fractionalSecondDigits: 3,
		hourCycle: 'h23',
	}).format(epochMs);
}

describe('rounding up to 5 minutes, in Paris time', () => {
	test.each([
		['2026-12-01T09:05', '01/12/2026', 9, 5, '2026-12-01T09:05:00+01:00'],
		['2026-12-01T09:00:00.000', '01/12/2026', 9, 0, '2026-12-01T09:00:00+01:00'],
		['2026-12-01T09:00:01', '01/12/2026', 9, 5, '2026-12-01T09:05:00+01:00'],
		['2026-12-01T09:00:00.001', '01/12/2026', 9, 5, '2026-12-01T09:05:00+01:00'],
		['2026-12-01T09:00:00.0000001', '01/12/2026', 9, 5, '2026-12-01T09:05:00+01:00'],
		['2026-12-01T09:00:00.000000', '01/12/2026', 9, 0, '2026-12-01T09:00:00+01:00'],
		['2026-12-01T09:57:30', '01/12/2026', 10, 0, '2026-12-01T10:00:00+01:00'],
		['2026-12-31T23:58', '01/01/2027', 0, 0, '2027-01-01T00:00:00+01:00'],
		['2026-12-01 09:03', '01/12/2026', 9, 5, '2026-12-01T09:05:00+01:00'],
		['2026-12-01 09:03:59', '01/12/2026', 9, 5, '2026-12-01T09:05:00+01:00'],
		['  2026-12-01t09:05  ', '01/12/2026', 9, 5, '2026-12-01T09:05:00+01:00'],
		['2026-06-01T09:00', '01/06/2026', 9, 0, '2026-06-01T09:00:00+02:00'],
		['2026-12-01T09:00Z', '01/12/2026', 10, 0, '2026-12-01T10:00:00+01:00'],
		['2026-12-01T09:00:00.000z', '01/12/2026', 10, 0, '2026-12-01T10:00:00+01:00'],
		['2026-12-01T09:00:00-05:00', '01/12/2026', 15, 0, '2026-12-01T15:00:00+01:00'],
		['2026-12-01T09:00+0530', '01/12/2026', 4, 30, '2026-12-01T04:30:00+01:00'],
		['2026-12-01T09:00+05', '01/12/2026', 5, 0, '2026-12-01T05:00:00+01:00'],
	])('%j → %s %i:%i (%s)', (value, scheduledDeliveryDate, time, minute, scheduledAt) => {
		expect(at(value)).toEqual({
			scheduledDeliveryDate,
			time,
			minute,
			scheduledAt,
			epochMs: Date.parse(scheduledAt),
		});
	});

	test.each([
		['America/New_York', '2026-12-01T09:00', '2026-12-01T15:00:00+01:00'],
		['America/New_York', '2026-03-20T09:00', '2026-03-20T14:00:00+01:00'],
		['Asia/Kolkata', '2026-12-01T09:00', '2026-12-01T04:30:00+01:00'],
		['Asia/Kathmandu', '2026-12-01T09:00', '2026-12-01T04:15:00+01:00'],
		['UTC', '2026-12-01T09:00', '2026-12-01T10:00:00+01:00'],
		['Europe/London', '2026-07-01T23:30', '2026-07-02T00:30:00+02:00'],
		// An explicit offset wins over the workflow's time zone.
		['America/New_York', '2026-12-01T09:00+01:00', '2026-12-01T09:00:00+01:00'],
	])('in %s, %j is sent at %s', (timezone, value, scheduledAt) => {
		expect(at(value, timezone).scheduledAt).toBe(scheduledAt);
	});
});

describe('daylight-saving changes of 2026 in Paris', () => {
	test.each([
		// Sunday 29 March: 02:00 → 03:00 (01:00 UTC).
		['2026-03-29T01:55', '2026-03-29T01:55:00+01:00'],
		['2026-03-29T01:58', '2026-03-29T03:00:00+02:00'],
		['2026-03-29T02:00', '2026-03-29T03:00:00+02:00'],
		['2026-03-29T02:30', '2026-03-29T03:30:00+02:00'],
		['2026-03-29T02:59', '2026-03-29T04:00:00+02:00'],
		['2026-03-29T03:00', '2026-03-29T03:00:00+02:00'],
		['2026-03-29T00:58:00Z', '2026-03-29T03:00:00+02:00'],
		// Sunday 25 October: 03:00 → 02:00 (01:00 UTC); 02:xx happens twice.
		['2026-10-25T01:55', '2026-10-25T01:55:00+02:00'],
		['2026-10-25T02:30', '2026-10-25T02:30:00+02:00'],
		['2026-10-25T02:30+02:00', '2026-10-25T02:30:00+02:00'],
		['2026-10-25T02:30+01:00', '2026-10-25T02:30:00+01:00'],
		['2026-10-25T02:58+02:00', '2026-10-25T02:00:00+01:00'],
		['2026-10-25T03:00', '2026-10-25T03:00:00+01:00'],
	])('%j is sent at %s', (value, scheduledAt) => {
		const schedule = at(value);
		expect(schedule.scheduledAt).toBe(scheduledAt);
		expect(schedule.epochMs).toBe(Date.parse(scheduledAt));
	});

	test('the spring gap moves forward by the gap, the autumn repeat takes the first occurrence', () => {
		expect(at('2026-03-29T02:30').epochMs).toBe(Date.UTC(2026, 2, 29, 1, 30));
		expect(at('2026-10-25T02:30').epochMs).toBe(Date.UTC(2026, 9, 25, 0, 30));
	});

	test('New York changes on other Sundays', () => {
		expect(at('2026-03-08T02:30', 'America/New_York').epochMs).toBe(Date.UTC(2026, 2, 8, 7, 30));
		expect(at('2026-11-01T01:30', 'America/New_York').epochMs).toBe(Date.UTC(2026, 10, 1, 5, 30));
		expect(at('2026-11-01T01:30-05:00', 'America/New_York').epochMs).toBe(
			Date.UTC(2026, 10, 1, 6, 30),
		);
	});
});

describe('values from n8n and expressions', () => {
	const expected = '2026-12-01T15:00:00+01:00';
	const epoch = Date.parse(expected);

	test.each<[string, unknown]>([
		['a Date', new Date(epoch)],
		['a number of ms', epoch],
		[
			'a Luxon DateTime in New York',
			DateTime.fromISO('2026-12-01T09:00', { zone: 'America/New_York' }),
		],
		['a Luxon DateTime in UTC', DateTime.fromMillis(epoch, { zone: 'utc' })],
		['an object with toISO()', { toISO: () => '2026-12-01T09:00:00.000-05:00' }],
		['an object with toJSDate()', { toJSDate: () => new Date(epoch) }],
		[
			'a class with toISO() on its prototype',
			new (class {
				toISO() {
					return this.iso;
				}
				iso = expected;
			})(),
		],
	])('%s', (_, value) => {
		expect(at(value, 'Asia/Tokyo').scheduledAt).toBe(expected);
	});

	test('a Luxon DateTime keeps its own zone, not the workflow time zone', () => {
		const luxon = DateTime.fromISO('2026-12-01T09:00', { zone: 'Asia/Kolkata' });
		expect(at(luxon, 'America/New_York').scheduledAt).toBe('2026-12-01T04:30:00+01:00');
	});
});

describe('problems', () => {
	const problem = (value: unknown, timezone = 'Europe/Paris', now = NOW) =>
		problemOf(toParisSchedule(value, timezone, now));

	test.each<[string, unknown, string]>([
		['text', 'tomorrow', '"tomorrow" is not a date and time'],
		['a French date', '24/12/2026 09:00', '"24/12/2026 09:00" is not a date and time'],
		['a date without time', '2026-12-24', '"2026-12-24" has a date but no time of day'],
		['30 February', '2026-02-30T09:00', '"2026-02-30T09:00" is not a real date and time'],
		['hour 24', '2026-12-24T24:00', 'is not a real date and time'],
		['minute 60', '2026-12-24T09:60', 'is not a real date and time'],
		['month 13', '2026-13-01T09:00', 'is not a real date and time'],
		[
			'an impossible offset',
			'2026-12-24T09:00+25:00',
			'has an offset, +25:00, that does not exist',
		],
		['digits as text', '1780000000000', 'is not a date and time'],
		['an empty text', '', 'is empty'],
		['a blank text', '   ', 'is empty'],
		['undefined', undefined, 'is empty'],
		['null', null, 'is empty'],
		['a boolean', true, 'is a boolean (true), not a date and time'],
		['an object', {}, 'is an object, not a date and time'],
		['a list', ['2026-12-24T09:00'], 'is a list, not a date and time'],
		['NaN', NaN, 'NaN (milliseconds since 1970-01-01 UTC) is not a moment in time'],
		['Infinity', Infinity, 'is not a moment in time'],
		['a number beyond Date', 9e15, 'is not a moment in time'],
		['an invalid Date', new Date('nope'), 'is an invalid Date'],
		['an invalid Luxon DateTime', DateTime.fromISO('nope'), 'is an invalid date-time object'],
		[
			'a toISO() that throws',
			{
				toISO: () => {
					throw new Error('x');
				},
			},
			'is an invalid date-time object',
		],
		['a toJSDate() giving no Date', { toJSDate: () => 'soon' }, 'is an invalid date-time object'],
	])('%s', (_, value, text) => {
		const message = problem(value);
		expect(message).toContain(text);
		expect(message).toContain('2026-12-24T09:00');
		expect(message).not.toMatch(/^Scheduled At/);
	});

	test('a workflow time zone that does not exist, for a wall time', () => {
		expect(problem('2026-12-01T09:00', 'Mars/Olympus')).toContain(
			'"2026-12-01T09:00" has no offset, and the workflow\'s time zone "Mars/Olympus" is not a time zone',
		);
		expect(problem('2026-12-01T09:00', '')).toContain('time zone ""');
		// Not needed when the moment is absolute.
		expect(at('2026-12-01T09:00Z', 'Mars/Olympus').scheduledAt).toBe('2026-12-01T10:00:00+01:00');
		expect(at(Date.UTC(2026, 11, 1, 9), 'Mars/Olympus').scheduledAt).toBe(
			'2026-12-01T10:00:00+01:00',
		);
	});

	test('in the past, with the Paris times', () => {
		const now = Date.UTC(2026, 0, 15, 10, 0);
		expect(problem('2026-01-15T10:00', 'Europe/Paris', now)).toBe(
			'"2026-01-15T10:00" is in the past: that is 15/01/2026 at 10:00 Paris time, and it is now 15/01/2026 at 11:00 Paris time',
		);
		expect(problem('2025-12-24T09:00', 'Europe/Paris', now)).toContain('is in the past');
	});

	test('now, or a moment before it, is in the past even when rounding up would reach the future', () => {
		expect(problem(NOW)).toContain('is in the past');
		expect(problem(NOW - MINUTE)).toContain('is in the past');
		expect(problem(NOW - MINUTE, 'Europe/Paris', NOW - 30_000)).toContain('is in the past');
		expect(at(NOW + 1).epochMs).toBe(NOW + 5 * MINUTE);
		// A moment still ahead rounds up to the next 5-minute mark.
		expect(at(NOW - MINUTE, 'Europe/Paris', NOW - 2 * MINUTE).epochMs).toBe(NOW);
	});

	test('a number of seconds is pointed out', () => {
		expect(problem(1_780_000_000)).toContain('looks like seconds');
		expect(problem(NOW - DAY)).not.toContain('looks like seconds');
	});

	test('more than a year ahead is taken for a typo', () => {
		expect(at(NOW + 365 * DAY).epochMs).toBe(NOW + 365 * DAY);
		expect(at(NOW + 366 * DAY).epochMs).toBe(NOW + 366 * DAY);
		expect(problem(NOW + 366 * DAY + 1)).toContain('is more than a year ahead');
		expect(problem('2027-12-24T09:00')).toBe(
			'"2027-12-24T09:00" is more than a year ahead (it would be sent on 24/12/2027 at 09:00 Paris time): check the year — schedules more than 366 days ahead are refused as a likely typo',
		);
	});
});

describe('Paris wall time helpers', () => {
	test.each([
		[Date.UTC(2026, 11, 1, 8, 5, 7), '2026-12-01T09:05:07+01:00'],
		[Date.UTC(2026, 5, 1, 7, 0, 0), '2026-06-01T09:00:00+02:00'],
		[Date.UTC(2026, 5, 1, 7, 0, 0, 42), '2026-06-01T09:00:00.042+02:00'],
		[Date.UTC(2026, 9, 25, 0, 30), '2026-10-25T02:30:00+02:00'],
		[Date.UTC(2026, 9, 25, 1, 30), '2026-10-25T02:30:00+01:00'],
	])('isoInParis(%i) is %s', (epochMs, iso) => {
		expect(isoInParis(epochMs)).toBe(iso);
		expect(Date.parse(iso)).toBe(epochMs);
	});

	test.each([
		[{ year: 2026, month: 12, day: 1, hour: 9, minute: 5 }, Date.UTC(2026, 11, 1, 8, 5)],
		[
			{ year: 2026, month: 12, day: 1, hour: 9, minute: 5, second: 7 },
			Date.UTC(2026, 11, 1, 8, 5, 7),
		],
		[{ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, Date.UTC(2026, 2, 29, 1, 30)],
		[{ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, Date.UTC(2026, 9, 25, 0, 30)],
	])('parisWallTimeToEpoch(%j) is %i', (wall, epochMs) => {
		expect(parisWallTimeToEpoch(wall)).toBe(epochMs);
	});

	test('they read each other back, the autumn repeat aside', () => {
		fc.assert(
			fc.property(fc.integer({ min: NOW, max: NOW + 365 * DAY }), (t) => {
				const iso = isoInParis(t);
				expect(Date.parse(iso)).toBe(t);
				const [year, month, day, hour, minute, second] = iso.split(/[-T:.+]/).map(Number);
				const back = parisWallTimeToEpoch({ year, month, day, hour, minute, second });
				const wholeSecond = Math.floor(t / 1000) * 1000;
				expect([wholeSecond, wholeSecond - 60 * MINUTE]).toContain(back);
				if (back !== wholeSecond) expect(isoInParis(back).slice(0, 19)).toBe(iso.slice(0, 19));
			}),
		);
	});
});

describe('properties', () => {
	const ZONES = [
		'Europe/Paris',
		'America/New_York',
		'Asia/Kolkata',
		'Asia/Kathmandu',
		'Australia/Lord_Howe',
		'Pacific/Chatham',
		'America/Sao_Paulo',
		'UTC',
	];
	const moment = fc.integer({ min: NOW + 1, max: NOW + 365 * DAY });
	/** The moment as any of the shapes n8n and expressions give. */
	const asValue = (epochMs: number, zone: string, shape: number): unknown => {
		switch (shape) {
			case 0:
				return epochMs;
			case 1:
				return new Date(epochMs);
			case 2:
				return new Date(epochMs).toISOString();
			case 3:
				return DateTime.fromMillis(epochMs, { zone });
			default:
				return DateTime.fromMillis(epochMs, { zone }).toISO();
		}
	};

	test('never earlier than asked, less than 5 minutes later, on a 5-minute Paris minute', () => {
		fc.assert(
			fc.property(
				moment,
				fc.constantFrom(...ZONES),
				fc.integer({ min: 0, max: 4 }),
				(t, zone, shape) => {
					const schedule = at(asValue(t, zone, shape), zone);
					expect(schedule.epochMs).toBeGreaterThanOrEqual(t);
					expect(schedule.epochMs).toBeLessThan(t + 5 * MINUTE);
					expect(schedule.minute % 5).toBe(0);
					expect(Date.parse(schedule.scheduledAt)).toBe(schedule.epochMs);
				},
			),
		);
	});

	test("the Paris fields are Intl's Paris wall time of the moment", () => {
		fc.assert(
			fc.property(moment, (t) => {
				const schedule = at(t);
				const [, year, month, day, hour, minute] =
					/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):00,000$/.exec(
						wallTime(schedule.epochMs, 'Europe/Paris'),
					)!;
				expect(schedule.scheduledDeliveryDate).toBe(`${day}/${month}/${year}`);
				expect(schedule.time).toBe(Number(hour));
				expect(schedule.minute).toBe(Number(minute));
				expect(schedule.scheduledAt.slice(0, 16)).toBe(`${year}-${month}-${day}T${hour}:${minute}`);
			}),
		);
	});

	/** Reading back the wall time of `t` in `zone` gives `t`, or, for the second of a repeated wall time, the first. */
	function expectWallTimeReadBack(t: number, zone: string) {
		const wall = wallTime(t, zone);
		const fromWall = at(wall, zone).epochMs;
		const fromMoment = at(t, zone).epochMs;
		if (fromWall === fromMoment) return false;
		const earlier = [30 * MINUTE, 60 * MINUTE]
			.map((fold) => t - fold)
			.find((e) => wallTime(e, zone) === wall);
		expect(earlier).toBeDefined();
		expect(fromWall).toBe(at(earlier!, zone).epochMs);
		return true;
	}

	test('a wall time in the workflow time zone is the moment it was read from (first one when repeated)', () => {
		fc.assert(
			fc.property(moment, fc.constantFrom(...ZONES), (t, zone) => {
				expectWallTimeReadBack(t, zone);
			}),
			{ numRuns: 300 },
		);
	});

	test('moments around the 2026 changes in Paris and New York read back the same', () => {
		const changes: Array<[number, string]> = [
			[Date.UTC(2026, 2, 29, 1), 'Europe/Paris'],
			[Date.UTC(2026, 9, 25, 1), 'Europe/Paris'],
			[Date.UTC(2026, 2, 8, 7), 'America/New_York'],
			[Date.UTC(2026, 10, 1, 6), 'America/New_York'],
		];
		const nearChange = fc
			.tuple(
				fc.constantFrom(...changes),
				fc.integer({ min: -2 * 60 * MINUTE, max: 2 * 60 * MINUTE }),
			)
			.map(([[change, zone], delta]): [number, string] => [change + delta, zone]);
		let repeatedWallTimes = 0;
		fc.assert(
			fc.property(nearChange, ([t, zone]) => {
				if (expectWallTimeReadBack(t, zone)) repeatedWallTimes++;
				const schedule = at(t, zone);
				expect(schedule.epochMs).toBeGreaterThanOrEqual(t);
				expect(schedule.epochMs).toBeLessThan(t + 5 * MINUTE);
				expect(Date.parse(schedule.scheduledAt)).toBe(schedule.epochMs);
				expect(wallTime(schedule.epochMs, 'Europe/Paris').slice(11, 16)).toBe(
					schedule.scheduledAt.slice(11, 16),
				);
				// The offset written is the one Paris has at that moment.
				expect(schedule.scheduledAt.slice(19)).toBe(
					wallTime(schedule.epochMs, 'Europe/Paris') ===
						wallTime(schedule.epochMs + 60 * MINUTE, 'UTC')
						? '+01:00'
						: '+02:00',
				);
			}),
		);
		// The repeated hour of autumn was met, not just read past.
		expect(repeatedWallTimes).toBeGreaterThan(0);
	});
});
