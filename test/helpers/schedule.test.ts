/** A scheduled send as SMS Partner takes it: a Europe/Paris day, hour and minute (a multiple of 5). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { DateTime } from 'luxon';
import * as ts from 'typescript';

import {
	isoInParis,
	parisWallTimeToEpoch,
	toParisSchedule,
	type ParisSchedule,
	type ScheduleResult,
} from '../../nodes/SmsPartner/helpers/schedule';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-01-01T00:00:00Z: the year's two daylight-saving changes are ahead. */
const NOW = Date.UTC(2026, 0, 1);
/** Every time zone this Node knows, as n8n's or a workflow's could be. */
const ALL_ZONES = Intl.supportedValuesOf('timeZone');

function scheduleOf(result: ScheduleResult): ParisSchedule {
	if ('problem' in result) throw new Error(`expected a schedule, got: ${result.problem}`);
	return result.schedule;
}

function problemOf(result: ScheduleResult): string {
	if ('schedule' in result) throw new Error(`expected a problem, got ${JSON.stringify(result)}`);
	return result.problem;
}

const at = (value: unknown, now = NOW) => scheduleOf(toParisSchedule(value, now));
const problem = (value: unknown, now = NOW) => problemOf(toParisSchedule(value, now));
const roundedUp = (epochMs: number) => Math.ceil(epochMs / (5 * MINUTE)) * 5 * MINUTE;

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

/** Every moment whose Paris wall time is `wall` ('YYYY-MM-DD HH:mm:ss,fff'): Paris is UTC+1 or UTC+2. */
function parisMomentsOf(wall: string): number[] {
	const asIfUtc = Date.parse(`${wall.replace(' ', 'T').replace(',', '.')}Z`);
	return [asIfUtc - 2 * HOUR, asIfUtc - HOUR].filter((t) => wallTime(t, 'Europe/Paris') === wall);
}

/** The parts of a Paris wall time, as text, for writing it in the forms users type. */
interface Written {
	year: string;
	month: string;
	day: string;
	hour: string;
	minute: string;
	second: string;
	millisecond: string;
}

function writtenParts(wall: string): Written {
	const [, year, month, day, hour, minute, second, millisecond] =
		/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3})$/.exec(wall)!;
	return { year, month, day, hour, minute, second, millisecond };
}

const unpadded = (text: string) => String(Number(text));

/** Every accepted way of writing a date and time, with what it keeps of the moment. */
const FORMS: Array<{ precision: number; write: (w: Written) => string }> = [
	{ precision: MINUTE, write: (w) => `${w.day}/${w.month}/${w.year} ${w.hour}:${w.minute}` },
	{ precision: MINUTE, write: (w) => `${w.day}/${w.month}/${w.year} ${w.hour}h${w.minute}` },
	{
		precision: MINUTE,
		write: (w) =>
			w.minute === '00'
				? `${w.day}/${w.month}/${w.year} ${w.hour}h`
				: `${w.day}/${w.month}/${w.year} ${w.hour}H${w.minute}`,
	},
	{ precision: MINUTE, write: (w) => `${w.day}/${w.month}/${w.year} à ${w.hour}h${w.minute}` },
	{
		precision: SECOND,
		write: (w) => `${w.day}/${w.month}/${w.year} ${w.hour}:${w.minute}:${w.second}`,
	},
	{ precision: MINUTE, write: (w) => `${w.day}-${w.month}-${w.year} ${w.hour}:${w.minute}` },
	{ precision: MINUTE, write: (w) => `${w.day}.${w.month}.${w.year} ${w.hour}:${w.minute}` },
	{
		precision: MINUTE,
		write: (w) =>
			`${unpadded(w.day)}/${unpadded(w.month)}/${w.year} ${unpadded(w.hour)}:${w.minute}`,
	},
	{ precision: MINUTE, write: (w) => `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}` },
	{ precision: MINUTE, write: (w) => `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}` },
	{
		precision: 1,
		write: (w) =>
			`${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}.${w.millisecond}`,
	},
	{ precision: MINUTE, write: (w) => `  ${w.day}/${w.month}/${w.year} ${w.hour}:${w.minute}  ` },
];

/** A moment written as Paris wall time in one of the accepted forms; `moment` is what the text keeps of it. */
const parisText = (epochMs: fc.Arbitrary<number>) =>
	fc.tuple(epochMs, fc.constantFrom(...FORMS)).map(([t, form]) => {
		const moment = Math.floor(t / form.precision) * form.precision;
		const wall = wallTime(moment, 'Europe/Paris');
		return { moment, wall, text: form.write(writtenParts(wall)) };
	});

/** Whether a Paris wall time happens twice (the autumn's repeated hour). */
const isRepeatedInParis = (wall: string) => parisMomentsOf(wall).length === 2;

/** Whether a moment, rounded up to 5 minutes as sent, falls in the autumn's repeated hour. */
const landsInRepeatedHour = (epochMs: number) =>
	isRepeatedInParis(wallTime(roundedUp(epochMs), 'Europe/Paris'));

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
			scheduledAtParis: expect.stringMatching(/ \(Paris time\)$/),
			epochMs: Date.parse(scheduledAt),
		});
	});
});

describe('a date and time without offset is Paris time, whatever n8n’s or the workflow’s time zone', () => {
	test('the measured case: 25 December at 10:00 is sent at 10:00 Paris time, not 16:00', () => {
		const schedule = at('2026-12-25T10:00:00');
		expect(schedule.scheduledAt).toBe('2026-12-25T10:00:00+01:00');
		expect(schedule.scheduledAtParis).toBe('Friday 25 December 2026, 10:00 (Paris time)');
		expect(schedule).toMatchObject({ scheduledDeliveryDate: '25/12/2026', time: 10, minute: 0 });
	});

	test.each([
		'25/12/2026 10:00',
		'25/12/2026 10h00',
		'25/12/2026 10H00',
		'25/12/2026 10h',
		'25/12/2026 à 10h00',
		'25/12/2026 À 10h',
		'25/12/2026 a\u0300 10h00',
		'25/12/2026 10:00:00',
		'25/12/2026 10:00:00.000',
		'25/12/2026   10:00',
		'25-12-2026 10:00',
		'25.12.2026 10:00',
		'25/12/2026\t10:00',
		'  25/12/2026 10:00  ',
		'2026-12-25 10:00',
		'2026-12-25T10:00',
		'2026-12-25T10:00:00',
		'2026-12-25T10:00:00,000',
		'2026-12-25T10h00',
		'2026-12-25 à 10h',
	])('%j is 25 December 2026 at 10:00 Paris time', (value) => {
		expect(at(value).scheduledAt).toBe('2026-12-25T10:00:00+01:00');
	});

	test.each([
		['5/2/2026 9:05', '2026-02-05T09:05:00+01:00'],
		['05/02/2026 09:05', '2026-02-05T09:05:00+01:00'],
		['01/06/2026 9h', '2026-06-01T09:00:00+02:00'],
		['1.6.2026 09h30', '2026-06-01T09:30:00+02:00'],
		['25/12/2026 10:00:30', '2026-12-25T10:05:00+01:00'],
		['25/12/2026 10:00:00.5', '2026-12-25T10:05:00+01:00'],
	])('%j is sent at %s', (value, scheduledAt) => {
		expect(at(value).scheduledAt).toBe(scheduledAt);
	});

	test.each([
		['25/12/2026 10:00 -05:00', '2026-12-25T16:00:00+01:00'],
		['25/12/2026 10:00-05:00', '2026-12-25T16:00:00+01:00'],
		['25/12/2026 10h00 +01:00', '2026-12-25T10:00:00+01:00'],
		['25/12/2026 10h Z', '2026-12-25T11:00:00+01:00'],
		['2026-12-25 10:00 +0530', '2026-12-25T05:30:00+01:00'],
		['2026-12-25T10:00:00.000-05:00', '2026-12-25T16:00:00+01:00'],
		['2026-06-01T09:00Z', '2026-06-01T11:00:00+02:00'],
	])('an explicit offset keeps its meaning: %j is sent at %s', (value, scheduledAt) => {
		expect(at(value).scheduledAt).toBe(scheduledAt);
	});

	test.each([
		['2026-12-25T10:00[America/New_York]', '2026-12-25T16:00:00+01:00'],
		['2026-12-25T10:00:00-05:00[America/New_York]', '2026-12-25T16:00:00+01:00'],
		['2026-12-25T10:00:00-05:00[!America/New_York]', '2026-12-25T16:00:00+01:00'],
		['2026-06-25T10:00[Asia/Kolkata]', '2026-06-25T06:30:00+02:00'],
		['2026-12-25T10:00[UTC]', '2026-12-25T11:00:00+01:00'],
		// Z is the moment; the zone only says how to show it, as Temporal reads it.
		['2026-12-25T15:00Z[America/New_York]', '2026-12-25T16:00:00+01:00'],
		['2026-12-25T10:00 -0500[America/New_York]', '2026-12-25T16:00:00+01:00'],
		['2026-12-25T10:00[Europe/Paris]', '2026-12-25T10:00:00+01:00'],
	])('a time zone in brackets is read in that zone: %j is sent at %s', (value, scheduledAt) => {
		expect(at(value).scheduledAt).toBe(scheduledAt);
	});
});

describe('daylight-saving changes in Paris', () => {
	test.each([
		// Sunday 29 March 2026: 02:00 → 03:00 (01:00 UTC).
		['2026-03-29T01:55', '2026-03-29T01:55:00+01:00'],
		['2026-03-29T01:58', '2026-03-29T03:00:00+02:00'],
		['2026-03-29T03:00', '2026-03-29T03:00:00+02:00'],
		['29/03/2026 03:00', '2026-03-29T03:00:00+02:00'],
		['2026-03-29T00:58:00Z', '2026-03-29T03:00:00+02:00'],
		['2026-03-29T02:30+01:00', '2026-03-29T03:30:00+02:00'],
		// Sunday 25 October 2026: 03:00 → 02:00 (01:00 UTC); 02:xx happens twice.
		['2026-10-25T01:55', '2026-10-25T01:55:00+02:00'],
		['2026-10-25T01:30+02:00', '2026-10-25T01:30:00+02:00'],
		['2026-10-25T03:00+01:00', '2026-10-25T03:00:00+01:00'],
		['2026-10-25T03:00', '2026-10-25T03:00:00+01:00'],
	])('%j is sent at %s', (value, scheduledAt) => {
		const schedule = at(value);
		expect(schedule.scheduledAt).toBe(scheduledAt);
		expect(schedule.epochMs).toBe(Date.parse(scheduledAt));
	});

	test.each(['2026-03-29T02:00', '2026-03-29T02:30', '2026-03-29T02:59:59', '29/03/2026 2h30'])(
		'%j, in the hour the spring change skips, is refused',
		(value) => {
			expect(problem(value)).toContain(`${JSON.stringify(value)} does not exist in Paris`);
		},
	);

	test('the skipped hour is explained', () => {
		expect(problem('28/03/2027 02:30', Date.UTC(2027, 0, 1))).toBe(
			'"28/03/2027 02:30" does not exist in Paris: that night the clocks go from 02:00 straight to 03:00, so no time from 02:00 to 02:59 happens. Choose a time before 02:00 or from 03:00',
		);
	});

	test.each(['2026-10-25T02:00', '2026-10-25T02:30', '2026-10-25T02:59:59.999', '25/10/2026 2h'])(
		'%j, in the hour the autumn change repeats, is refused',
		(value) => {
			expect(problem(value)).toContain(`${JSON.stringify(value)} happens twice in Paris`);
		},
	);

	test('the repeated hour is explained: SMS Partner cannot tell the two apart', () => {
		expect(problem('25/10/2026 02:30')).toBe(
			'"25/10/2026 02:30" happens twice in Paris: that night the clocks go back from 03:00 to 02:00, so the time from 02:00 to 02:59 comes twice, and SMS Partner\'s schedule (a Paris date, hour and minute) cannot tell the two apart. Choose a time before 02:00 or from 03:00',
		);
	});

	// SMS Partner is sent a Paris date, hour and minute: an offset cannot pick the first
	// 02:30 or the second, so an explicit moment in that hour is refused too, as is a time
	// that rounding up to 5 minutes carries into it.
	test.each([
		[
			'2026-10-25T02:30+02:00',
			'"2026-10-25T02:30+02:00" (25/10/2026 02:30 in Paris) happens twice',
		],
		[
			'2026-10-25T02:30+01:00',
			'"2026-10-25T02:30+01:00" (25/10/2026 02:30 in Paris) happens twice',
		],
		[
			'25/10/2026 02:30 +02:00',
			'"25/10/2026 02:30 +02:00" (25/10/2026 02:30 in Paris) happens twice',
		],
		[
			'25/10/2026 à 2h30 +01:00',
			'"25/10/2026 à 2h30 +01:00" (25/10/2026 02:30 in Paris) happens twice',
		],
		['2026-10-25T00:30:00Z', '"2026-10-25T00:30:00Z" (25/10/2026 02:30 in Paris) happens twice'],
		['2026-10-25T01:58', '"2026-10-25T01:58" (25/10/2026 02:00 in Paris) happens twice'],
		[
			'2026-10-25T02:58+02:00',
			'"2026-10-25T02:58+02:00" (25/10/2026 02:00 in Paris) happens twice',
		],
	])('%j, a moment in the repeated hour, is refused', (value, message) => {
		expect(problem(value)).toContain(message);
		expect(problem(value)).toContain('cannot tell the two apart');
	});

	test('a zone in brackets has its own changes, refused the same way', () => {
		expect(problem('2026-03-08T02:30[America/New_York]')).toContain(
			'does not exist in America/New_York: that night the clocks go from 02:00 straight to 03:00',
		);
		expect(problem('2026-11-01T01:30[America/New_York]')).toContain(
			'Write the offset to pick one: 2026-11-01T01:30-04:00[America/New_York] for the first, 2026-11-01T01:30-05:00[America/New_York] for the second',
		);
		expect(at('2026-11-01T01:30-05:00[America/New_York]').epochMs).toBe(
			Date.UTC(2026, 10, 1, 6, 30),
		);
		expect(at('2026-11-01T01:30-04:00[America/New_York]').epochMs).toBe(
			Date.UTC(2026, 10, 1, 5, 30),
		);
	});
});

describe('when it will be sent, for a person', () => {
	test.each([
		['25/12/2026 10:00', 'Friday 25 December 2026, 10:00 (Paris time)'],
		['31/12/2026 23:58', 'Friday 1 January 2027, 00:00 (Paris time)'],
		['01/06/2026 09:00', 'Monday 1 June 2026, 09:00 (Paris time)'],
		['2026-02-28T18:45Z', 'Saturday 28 February 2026, 19:45 (Paris time)'],
		['29/03/2026 03:00', 'Sunday 29 March 2026, 03:00 (Paris time)'],
		['25/10/2026 01:30 +02:00', 'Sunday 25 October 2026, 01:30 (Paris time)'],
		['25/10/2026 03:00', 'Sunday 25 October 2026, 03:00 (Paris time)'],
	])('%j is shown as %j', (value, shown) => {
		expect(at(value).scheduledAtParis).toBe(shown);
	});

	test("it is Intl's English reading of the moment in Paris", () => {
		const english = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Paris',
			weekday: 'long',
			day: 'numeric',
			month: 'long',
			year: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		});
		fc.assert(
			fc.property(fc.integer({ min: NOW + 1, max: NOW + 365 * DAY }), (t) => {
				const schedule = at(t);
				const part = (type: string) =>
					english.formatToParts(schedule.epochMs).find((p) => p.type === type)!.value;
				expect(schedule.scheduledAtParis).toMatch(
					new RegExp(
						`^${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')} \\(Paris time(, .*)?\\)$`,
					),
				);
			}),
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
		['an ISO text with a zone in brackets', '2026-12-01T09:00[America/New_York]'],
		[
			'a Luxon ISO with its zone in brackets',
			DateTime.fromISO('2026-12-01T09:00', { zone: 'America/New_York' }).toISO({
				extendedZone: true,
			}),
		],
	])('%s', (_, value) => {
		expect(at(value).scheduledAt).toBe(expected);
	});

	test('a Luxon DateTime keeps its own zone', () => {
		const luxon = DateTime.fromISO('2026-12-01T09:00', { zone: 'Asia/Kolkata' });
		expect(at(luxon).scheduledAt).toBe('2026-12-01T04:30:00+01:00');
	});

	test('an ISO without offset from toISO() is Paris time, like any text', () => {
		expect(at({ toISO: () => '2026-12-01T15:00:00.000' }).scheduledAt).toBe(expected);
	});
});

describe('problems', () => {
	test.each<[string, string, string]>([
		['text', 'tomorrow', '"tomorrow" is not a date and time: write the day/month/year'],
		['French words', 'demain 10h', '"demain 10h" is not a date and time'],
		[
			'month/day/year',
			'12/25/2026 10:00',
			'"12/25/2026 10:00" has month 25, which does not exist: write day/month/year, e.g. 25/12/2026 10:00 (Paris time)',
		],
		['month 13, ISO', '2026-13-01T09:00', '"2026-13-01T09:00" has month 13, which does not exist'],
		['month 0', '25/00/2026 10:00', 'has month 0, which does not exist'],
		[
			'31 November',
			'31/11/2026 10:00',
			'"31/11/2026 10:00" has day 31, but November 2026 has 30 days: write day/month/year',
		],
		['30 February', '2026-02-30T09:00', 'has day 30, but February 2026 has 28 days'],
		['29 February 2027', '29/02/2027 10:00', 'has day 29, but February 2027 has 28 days'],
		['day 0', '00/12/2026 10:00', 'has day 0, which does not exist'],
		[
			'a French date without time',
			'25/12/2026',
			'"25/12/2026" has a date but no time of day: add the time, in Paris time, e.g. 25/12/2026 10:00',
		],
		[
			'an ISO date without time',
			'2026-12-24',
			'"2026-12-24" has a date but no time of day: add the time, in Paris time, e.g. 2026-12-24 10:00',
		],
		[
			'a 2-digit year',
			'25/12/26 10:00',
			'"25/12/26 10:00" has a 2-digit year: write the year in full',
		],
		[
			'hour 24',
			'25/12/2026 24:00',
			'"25/12/2026 24:00" has the time 24:00, which does not exist: the time of day goes from 00:00 to 23:59',
		],
		['minute 60', '2026-12-24T09:60', 'has the time 09:60, which does not exist'],
		['25h', '25/12/2026 25h', 'has the time 25h, which does not exist'],
		['mixed separators', '25/12-2026 10:00', 'is not a date and time'],
		['a 12-hour clock', '25/12/2026 10:00 PM', 'is not a date and time'],
		['an hour alone after T', '2026-12-25T10', 'is not a date and time'],
		['"a" for "à"', '25/12/2026 a 10h', 'is not a date and time'],
		['year first with slashes', '2026/12/25 10:00', 'is not a date and time'],
		[
			'an impossible offset',
			'2026-12-24T09:00+25:00',
			'has an offset, +25:00, that does not exist',
		],
		[
			'an unknown zone in brackets',
			'2026-12-24T09:00[Mars/Olympus]',
			'names the time zone "Mars/Olympus", which this system does not know: write its offset instead',
		],
		[
			'an offset its zone does not have',
			'2026-12-24T09:00-04:00[America/New_York]',
			'"2026-12-24T09:00-04:00[America/New_York]" has the offset -04:00, which America/New_York does not have at that time (it has -05:00): write 2026-12-24T09:00-05:00[America/New_York], or leave the offset or the zone out',
		],
		['a calendar annotation', '2026-12-24T09:00[u-ca=gregory]', 'is not a date and time'],
		['digits as text', '1780000000000', 'is not a date and time'],
		['an empty text', '', 'is empty'],
		['a blank text', '   ', 'is empty'],
	])('%s', (_, value, text) => {
		const message = problem(value);
		expect(message).toContain(text);
		if (value.trim() !== '') expect(message.startsWith(`${JSON.stringify(value)} `)).toBe(true);
		// How to write it: an example date and time.
		expect(message).toMatch(/(e\.g\.|write) \d{1,4}[-/]\d{1,2}[-/]\d{2,4}[ T]\d/);
		expect(message).not.toMatch(/^Scheduled At/);
	});

	test.each<[string, unknown, string]>([
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
		expect(message).toContain('25/12/2026 10:00');
		expect(message).not.toMatch(/^Scheduled At/);
	});

	test('in the past, with the Paris times', () => {
		const now = Date.UTC(2026, 0, 15, 10, 0);
		expect(problem('2026-01-15T10:00', now)).toBe(
			'"2026-01-15T10:00" is in the past: that is 15/01/2026 at 10:00 Paris time, and it is now 15/01/2026 at 11:00 Paris time',
		);
		expect(problem('15/01/2026 10:00', now)).toContain('is in the past');
		expect(problem('2025-12-24T09:00', now)).toContain('is in the past');
	});

	test('now, or a moment before it, is in the past even when rounding up would reach the future', () => {
		expect(problem(NOW)).toContain('is in the past');
		expect(problem(NOW - MINUTE)).toContain('is in the past');
		expect(problem(NOW - MINUTE, NOW - 30_000)).toContain('is in the past');
		expect(at(NOW + 1).epochMs).toBe(NOW + 5 * MINUTE);
		// A moment still ahead rounds up to the next 5-minute mark.
		expect(at(NOW - MINUTE, NOW - 2 * MINUTE).epochMs).toBe(NOW);
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

describe('Paris wall time helpers, for SMS Partner’s own dates', () => {
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

	// SMS Partner's dates must give a moment: its own gap and repeat rule is kept.
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
	const moment = fc.integer({ min: NOW + MINUTE, max: NOW + 365 * DAY });
	/** A moment SMS Partner can be told: not one that lands, rounded up, in the autumn's repeated hour. */
	const sendable = moment.filter((t) => !landsInRepeatedHour(t));
	/** The 2026–2028 changes in Paris, at 01:00 UTC: spring forward, then fall back. */
	const PARIS_CHANGES = [
		Date.UTC(2026, 2, 29, 1),
		Date.UTC(2026, 9, 25, 1),
		Date.UTC(2027, 2, 28, 1),
		Date.UTC(2027, 9, 31, 1),
		Date.UTC(2028, 2, 26, 1),
		Date.UTC(2028, 9, 29, 1),
	];
	const nearChange = fc
		.tuple(fc.constantFrom(...PARIS_CHANGES), fc.integer({ min: -3 * HOUR, max: 3 * HOUR }))
		.map(([change, delta]) => ({ change, t: change + delta }));

	test('the 2026–2028 changes are where the time zone database has them', () => {
		for (const change of PARIS_CHANGES) {
			expect(wallTime(change - 1, 'Europe/Paris').slice(11, 13)).toBe(
				new Date(change).getUTCMonth() === 2 ? '01' : '02',
			);
			expect(wallTime(change, 'Europe/Paris').slice(11, 16)).toBe(
				new Date(change).getUTCMonth() === 2 ? '03:00' : '02:00',
			);
		}
	});

	test('a Paris wall time typed in any accepted form is that moment, rounded up, in Paris', () => {
		fc.assert(
			fc.property(parisText(moment), ({ moment: t, wall, text }) => {
				if (isRepeatedInParis(wall) || landsInRepeatedHour(t)) {
					expect(problem(text)).toContain('happens twice in Paris');
					return;
				}
				const schedule = at(text);
				expect(schedule.epochMs).toBe(roundedUp(t));
				expect(wallTime(t, 'Europe/Paris')).toBe(wall);
			}),
			{ numRuns: 500 },
		);
	});

	/**
	 * `toParisSchedule` run in a fresh Node whose time zone (TZ, as n8n's GENERIC_TIMEZONE
	 * or a container sets it) is `zone`: the module's source, compiled on its own.
	 */
	const scheduleSource = ts.transpileModule(
		readFileSync(join(__dirname, '../../nodes/SmsPartner/helpers/schedule.ts'), 'utf8'),
		{ compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } },
	).outputText;
	function scheduleInProcessZone(
		zone: string,
		texts: string[],
	): { utcOffsetMinutes: number; results: ScheduleResult[] } {
		const script = `
			const module = { exports: {} };
			new Function('module', 'exports', ${JSON.stringify(scheduleSource)})(module, module.exports);
			const { texts, now } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
			const results = texts.map((text) => module.exports.toParisSchedule(text, now));
			const utcOffsetMinutes = -new Date(now).getTimezoneOffset();
			process.stdout.write(JSON.stringify({ utcOffsetMinutes, results }));`;
		const output = execFileSync(process.execPath, ['-e', script], {
			env: { PATH: process.env.PATH, TZ: zone },
			input: JSON.stringify({ texts, now: NOW }),
		});
		return JSON.parse(output.toString()) as { utcOffsetMinutes: number; results: ScheduleResult[] };
	}

	test("n8n's time zone, any of them, never shifts a Paris wall time", () => {
		let otherOffsets = 0;
		fc.assert(
			fc.property(
				fc.constantFrom(...ALL_ZONES),
				fc.array(parisText(moment), { minLength: 40, maxLength: 40 }),
				(zone, typed) => {
					const { utcOffsetMinutes, results } = scheduleInProcessZone(
						zone,
						typed.map(({ text }) => text),
					);
					// The child really ran in that zone.
					const zoneOffset =
						(Date.parse(`${wallTime(NOW, zone).replace(' ', 'T').replace(',', '.')}Z`) - NOW) /
						MINUTE;
					expect(utcOffsetMinutes).toBe(zoneOffset);
					if (zoneOffset !== 60) otherOffsets++;
					typed.forEach(({ moment: t, wall }, index) => {
						if (isRepeatedInParis(wall) || landsInRepeatedHour(t)) return;
						expect(results[index]).toEqual({ schedule: at(typed[index].text) });
						expect(scheduleOf(results[index]).epochMs).toBe(roundedUp(t));
					});
				},
			),
			// Each run starts a Node process: few runs, many texts each, and no shrinking on failure.
			{ numRuns: 6, endOnFailure: true },
		);
		expect(otherOffsets).toBeGreaterThan(0);
	});

	test('an explicit offset, Z, Date, number or Luxon DateTime in any zone keeps its moment', () => {
		const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
		fc.assert(
			fc.property(
				moment,
				offsetMinutes,
				fc.constantFrom(...ALL_ZONES),
				fc.integer({ min: 0, max: 5 }),
				fc.constantFrom(...FORMS),
				(t, offset, zone, shape, form) => {
					const kept = Math.floor(t / form.precision) * form.precision;
					// Rounded up into the autumn's repeated hour, it is refused on purpose (tested below).
					fc.pre(!landsInRepeatedHour(kept));
					const sign = offset < 0 ? '-' : '+';
					const written = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
					const wall = wallTime(kept + offset * MINUTE, 'UTC');
					const text = form.write(writtenParts(wall)).trimEnd();
					const values: unknown[] = [
						`${text}${/T/.test(text) ? '' : ' '}${written}`,
						`${wallTime(kept, 'UTC').replace(' ', 'T').replace(',', '.')}Z`,
						new Date(kept),
						kept,
						DateTime.fromMillis(kept, { zone }),
						DateTime.fromMillis(kept, { zone }).toISO(),
					];
					expect(at(values[shape]).epochMs).toBe(roundedUp(kept));
				},
			),
			{ numRuns: 500 },
		);
	});

	test('around the 2026–2028 changes, skipped and repeated wall times are refused, all others are their one moment', () => {
		const met = { skipped: 0, repeated: 0, single: 0 };
		fc.assert(
			fc.property(nearChange, fc.constantFrom(...FORMS), ({ change, t: asIfParisWinter }, form) => {
				// A wall time near the change, which may be one the clock skips.
				const kept = Math.floor(asIfParisWinter / form.precision) * form.precision;
				const wall = wallTime(kept + HOUR, 'UTC');
				const text = form.write(writtenParts(wall));
				const moments = parisMomentsOf(wall);
				const result = toParisSchedule(text, change - 30 * DAY);
				if (moments.length === 0) {
					met.skipped++;
					expect(problemOf(result)).toContain('does not exist in Paris');
				} else if (moments.length === 2) {
					met.repeated++;
					expect(problemOf(result)).toContain('happens twice in Paris');
					const now = change - 30 * DAY;
					const [first, second] = moments;
					for (const [offset, asked] of [
						['+02:00', first],
						['+01:00', second],
					] as const) {
						const withOffset = toParisSchedule(`${text.trimEnd()} ${offset}`, now);
						if (landsInRepeatedHour(asked)) {
							expect(problemOf(withOffset)).toContain('happens twice in Paris');
						} else {
							expect(scheduleOf(withOffset).epochMs).toBe(roundedUp(asked));
						}
					}
				} else if (landsInRepeatedHour(moments[0])) {
					met.repeated++;
					expect(problemOf(result)).toContain('happens twice in Paris');
				} else {
					met.single++;
					const schedule = scheduleOf(result);
					expect(schedule.epochMs).toBe(roundedUp(moments[0]));
					expect(Date.parse(schedule.scheduledAt)).toBe(schedule.epochMs);
					expect(isoInParis(schedule.epochMs)).toBe(schedule.scheduledAt);
				}
			}),
			{ numRuns: 600 },
		);
		expect(met.skipped).toBeGreaterThan(0);
		expect(met.repeated).toBeGreaterThan(0);
		expect(met.single).toBeGreaterThan(0);
	});

	test('around the 2026–2028 changes, each moment typed as its Paris wall time is that moment, or refused as repeated', () => {
		fc.assert(
			fc.property(nearChange, fc.constantFrom(...FORMS), ({ change, t }, form) => {
				const kept = Math.floor(t / form.precision) * form.precision;
				const wall = wallTime(kept, 'Europe/Paris');
				const result = toParisSchedule(form.write(writtenParts(wall)), change - 30 * DAY);
				if (isRepeatedInParis(wall) || landsInRepeatedHour(kept)) {
					expect(problemOf(result)).toContain('happens twice in Paris');
					return;
				}
				const schedule = scheduleOf(result);
				expect(schedule.epochMs).toBe(roundedUp(kept));
				expect(wallTime(schedule.epochMs, 'Europe/Paris').slice(11, 16)).toBe(
					schedule.scheduledAt.slice(11, 16),
				);
			}),
			{ numRuns: 600 },
		);
	});

	test('never earlier than asked, less than 5 minutes later, on a 5-minute Paris minute', () => {
		fc.assert(
			fc.property(sendable, fc.constantFrom(...ALL_ZONES), (t, zone) => {
				for (const value of [t, DateTime.fromMillis(t, { zone })]) {
					const schedule = at(value);
					expect(schedule.epochMs).toBeGreaterThanOrEqual(t);
					expect(schedule.epochMs).toBeLessThan(t + 5 * MINUTE);
					expect(schedule.minute % 5).toBe(0);
					expect(Date.parse(schedule.scheduledAt)).toBe(schedule.epochMs);
				}
			}),
		);
	});

	test('a moment that lands, rounded up, in the repeated hour is refused whatever its form', () => {
		const inRepeatedHour = fc
			.integer({
				min: Date.UTC(2026, 9, 25, 0) - 5 * MINUTE + 1,
				max: Date.UTC(2026, 9, 25, 1) + 55 * MINUTE,
			})
			.filter((t) => landsInRepeatedHour(t));
		fc.assert(
			fc.property(inRepeatedHour, fc.constantFrom(...ALL_ZONES), (t, zone) => {
				for (const value of [
					t,
					new Date(t),
					DateTime.fromMillis(t, { zone }),
					new Date(t).toISOString(),
				]) {
					expect(problemOf(toParisSchedule(value, NOW))).toContain('happens twice in Paris');
				}
			}),
		);
	});

	test("the Paris fields are Intl's Paris wall time of the moment", () => {
		fc.assert(
			fc.property(sendable, (t) => {
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
});
