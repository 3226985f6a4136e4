/**
 * SMS Partner's scheduled send is a Europe/Paris day, hour and minute, the minute
 * a multiple of 5. The asked moment is rounded UP to the next 5 minutes in epoch
 * time (never earlier than asked), then written as Paris wall time with Intl, so
 * daylight-saving changes fall where the time zone database puts them.
 *
 * A wall time without offset is read in the workflow's time zone:
 * - one that does not exist (the spring gap) moves forward by the gap, 02:30 → 03:30;
 * - one that happens twice (the autumn repeat) is its first occurrence, the summer one.
 */

export interface ParisSchedule {
	/** 'dd/MM/yyyy' in Europe/Paris. */
	scheduledDeliveryDate: string;
	/** Hour 0–23, Europe/Paris. */
	time: number;
	/** 0–55, multiple of 5. */
	minute: number;
	/** The moment it will be sent, ISO 8601 with the Paris offset, e.g. '2026-12-01T09:05:00+01:00'. */
	scheduledAt: string;
	epochMs: number;
}

export type ScheduleResult = { schedule: ParisSchedule } | { problem: string };

const PARIS = 'Europe/Paris';
const EXAMPLE = '2026-12-24T09:00';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const ROUNDING_MS = 5 * MINUTE_MS;
/** A schedule further ahead is a typo in the year far more often than a plan. */
const MAX_AHEAD_DAYS = 366;
/** The range of a JavaScript Date. */
const MAX_EPOCH_MS = 8.64e15;
/** An epoch below this (early 1973) given as a number was most likely meant in seconds. */
const SECONDS_SUSPECT_BELOW = 1e11;

/** 'YYYY-MM-DD', then optionally 'T' or a space and 'HH:mm[:ss[.fff]]', then optionally Z or ±HH[:mm]. */
const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A wall-clock reading; month 1–12. */
export interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	millisecond: number;
}

type Moment = { epochMs: number; shown: string } | { problem: string };

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** A formatter giving a zone's wall time; undefined for a zone Intl does not know. */
function wallClockFormat(timeZone: string): Intl.DateTimeFormat | undefined {
	const cached = wallClockFormats.get(timeZone);
	if (cached) return cached;
	let format: Intl.DateTimeFormat;
	try {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
	} catch {
		return undefined;
	}
	wallClockFormats.set(timeZone, format);
	return format;
}

/** Date.UTC, without its reading of years 0–99 as 1900–1999. */
function utcEpoch(wall: WallTime): number {
	const date = new Date(0);
	date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
	date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
	return date.getTime();
}

function wallTimeAt(epochMs: number, format: Intl.DateTimeFormat): WallTime {
	const parts: Record<string, number> = {};
	for (const part of format.formatToParts(epochMs)) parts[part.type] = Number(part.value);
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour,
		minute: parts.minute,
		second: parts.second,
		millisecond: 0,
	};
}

/** How far the zone's wall clock is ahead of UTC at that moment, in ms. */
function offsetAt(epochMs: number, format: Intl.DateTimeFormat): number {
	const wholeSecond = Math.floor(epochMs / 1000) * 1000;
	return utcEpoch(wallTimeAt(wholeSecond, format)) - wholeSecond;
}

/**
 * The moment a wall time in a zone stands for, from the zone's offsets a day
 * before and after: each offset that gives back that wall time is a candidate;
 * two candidates (the autumn repeat) → the earlier; none (the spring gap) → read
 * with the offset before the change, which moves it forward by the gap.
 */
function wallTimeToEpoch(wall: WallTime, format: Intl.DateTimeFormat): number {
	const asIfUtc = utcEpoch(wall);
	const offsetBefore = offsetAt(asIfUtc - DAY_MS, format);
	const offsetAfter = offsetAt(asIfUtc + DAY_MS, format);
	const candidates = [...new Set([offsetBefore, offsetAfter])]
		.map((offset) => asIfUtc - offset)
		.filter((epochMs) => offsetAt(epochMs, format) === asIfUtc - epochMs);
	return candidates.length > 0 ? Math.min(...candidates) : asIfUtc - offsetBefore;
}

function isRealWallTime(wall: WallTime): boolean {
	if (wall.month < 1 || wall.month > 12 || wall.day < 1) return false;
	if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return false;
	const daysInMonth = new Date(utcEpoch({ ...wall, month: wall.month + 1, day: 0 })).getUTCDate();
	return wall.day <= daysInMonth;
}

/** `what` says what is wrong with the value, naming it; how to write one follows. */
function unreadable(what: string): { problem: string } {
	return {
		problem: `${what}: write it like ${EXAMPLE} (year-month-day, then hour:minute), optionally with its offset, e.g. ${EXAMPLE}+01:00`,
	};
}

/** A fraction of a second in ms; digits past the millisecond round it up, so it is never earlier than written. */
function fractionMs(digits: string): number {
	const millisecond = Number(digits.slice(0, 3).padEnd(3, '0'));
	return /[1-9]/.test(digits.slice(3)) ? millisecond + 1 : millisecond;
}

function momentFromText(value: string, workflowTimezone: string): Moment {
	const text = value.trim();
	const shown = JSON.stringify(value);
	if (text === '') return { problem: `is empty: give the date and time to send, e.g. ${EXAMPLE}` };
	const match = DATE_TIME.exec(text);
	if (!match) return unreadable(`${shown} is not a date and time`);
	const [, year, month, day, hour, minute, second, fraction, offset] = match;
	if (hour === undefined) return unreadable(`${shown} has a date but no time of day`);
	const wall: WallTime = {
		year: Number(year),
		month: Number(month),
		day: Number(day),
		hour: Number(hour),
		minute: Number(minute),
		second: second === undefined ? 0 : Number(second),
		millisecond: fraction === undefined ? 0 : fractionMs(fraction),
	};
	if (!isRealWallTime(wall)) return unreadable(`${shown} is not a real date and time`);

	if (offset !== undefined) {
		if (/^z$/i.test(offset)) return { epochMs: utcEpoch(wall), shown };
		const [, sign, offsetHours, offsetMinutes = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
		if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) {
			return unreadable(`${shown} has an offset, ${offset}, that does not exist`);
		}
		const offsetMs =
			(Number(offsetHours) * HOUR_MS + Number(offsetMinutes) * MINUTE_MS) * (sign === '-' ? -1 : 1);
		return { epochMs: utcEpoch(wall) - offsetMs, shown };
	}

	const format = wallClockFormat(workflowTimezone);
	if (!format) {
		return {
			problem: `${shown} has no offset, and the workflow's time zone ${JSON.stringify(workflowTimezone)} is not a time zone this system knows: write the offset (e.g. ${EXAMPLE}+01:00) or correct the time zone in the workflow's settings`,
		};
	}
	return { epochMs: wallTimeToEpoch(wall, format), shown };
}

function momentFromEpoch(epochMs: number, shown: string): Moment {
	if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) {
		return unreadable(`${shown} is not a moment in time`);
	}
	return { epochMs, shown };
}

/** Calls a method of an object from an expression, which may throw or give anything. */
function callSafely(method: () => unknown): unknown {
	try {
		return method();
	} catch {
		return undefined;
	}
}

function momentOf(value: unknown, workflowTimezone: string): Moment {
	if (value === undefined || value === null) {
		return { problem: `is empty: give the date and time to send, e.g. ${EXAMPLE}` };
	}
	if (typeof value === 'string') return momentFromText(value, workflowTimezone);
	if (typeof value === 'number') {
		return momentFromEpoch(value, `${value} (milliseconds since 1970-01-01 UTC)`);
	}
	if (value instanceof Date) {
		const epochMs = value.getTime();
		if (Number.isNaN(epochMs)) return unreadable('is an invalid Date');
		return momentFromEpoch(epochMs, value.toISOString());
	}
	if (typeof value === 'object') {
		const dateTime = value as { toISO?: unknown; toJSDate?: unknown };
		if (typeof dateTime.toISO === 'function') {
			const iso = callSafely(() => (dateTime.toISO as () => unknown).call(value));
			if (typeof iso === 'string') return momentFromText(iso, workflowTimezone);
			return unreadable('is an invalid date-time object');
		}
		if (typeof dateTime.toJSDate === 'function') {
			const date = callSafely(() => (dateTime.toJSDate as () => unknown).call(value));
			if (date instanceof Date && !Number.isNaN(date.getTime())) {
				return momentFromEpoch(date.getTime(), date.toISOString());
			}
			return unreadable('is an invalid date-time object');
		}
		return unreadable(`is ${Array.isArray(value) ? 'a list' : 'an object'}, not a date and time`);
	}
	const detail = typeof value === 'function' ? '' : ` (${String(value)})`;
	return unreadable(`is a ${typeof value}${detail}, not a date and time`);
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

function parisDate(wall: WallTime): string {
	return `${pad(wall.day)}/${pad(wall.month)}/${pad(wall.year, 4)}`;
}

function describeInParis(epochMs: number): string {
	const wall = wallTimeAt(epochMs, wallClockFormat(PARIS)!);
	return `${parisDate(wall)} at ${pad(wall.hour)}:${pad(wall.minute)} Paris time`;
}

/**
 * A moment as ISO 8601 in Paris wall time with Paris's offset then, e.g.
 * '2026-12-01T09:05:07+01:00'; milliseconds are written only when there are some.
 */
export function isoInParis(epochMs: number): string {
	const wholeSecond = Math.floor(epochMs / 1000) * 1000;
	const wall = wallTimeAt(wholeSecond, wallClockFormat(PARIS)!);
	const offsetMinutes = Math.round((utcEpoch(wall) - wholeSecond) / MINUTE_MS);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
	const milliseconds = Math.floor(epochMs - wholeSecond);
	const fraction = milliseconds === 0 ? '' : `.${pad(milliseconds, 3)}`;
	const date = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
	const time = `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${fraction}`;
	return `${date}T${time}${offset}`;
}

/**
 * The moment a Paris wall time stands for (month 1–12), with the same rules as a
 * wall time in the workflow's time zone: the spring gap moves forward by the gap,
 * the autumn repeat is its first occurrence.
 */
export function parisWallTimeToEpoch(
	wall: Omit<WallTime, 'second' | 'millisecond'> &
		Partial<Pick<WallTime, 'second' | 'millisecond'>>,
): number {
	return wallTimeToEpoch(
		{ ...wall, second: wall.second ?? 0, millisecond: wall.millisecond ?? 0 },
		wallClockFormat(PARIS)!,
	);
}

function parisSchedule(epochMs: number): ParisSchedule {
	const wall = wallTimeAt(epochMs, wallClockFormat(PARIS)!);
	return {
		scheduledDeliveryDate: parisDate(wall),
		time: wall.hour,
		minute: wall.minute,
		scheduledAt: isoInParis(epochMs),
		epochMs,
	};
}

/** `value`: what n8n's date-time field or an expression gives: an ISO string with or without offset/Z (without one it is wall time in `workflowTimezone`, as n8n's editor means it), a 'YYYY-MM-DD HH:mm[:ss]' string, a Date, a number (epoch ms), or an object with toISO() (a Luxon DateTime from an expression) / toJSDate(). */
export function toParisSchedule(
	value: unknown,
	workflowTimezone: string,
	now: number,
): ScheduleResult {
	const moment = momentOf(value, workflowTimezone);
	if ('problem' in moment) return moment;

	// Paris is a whole number of hours from UTC, so 5-minute steps of epoch time are 5-minute steps of its clock.
	const epochMs = Math.ceil(moment.epochMs / ROUNDING_MS) * ROUNDING_MS;
	// The moment asked, not the rounded one: a time a minute ago is a mistake, not "in 4 minutes".
	if (moment.epochMs <= now) {
		const inSeconds =
			typeof value === 'number' && value > 0 && value < SECONDS_SUSPECT_BELOW
				? ' (this number looks like seconds since 1970: multiply it by 1000 for milliseconds)'
				: '';
		return {
			problem: `${moment.shown} is in the past: that is ${describeInParis(moment.epochMs)}, and it is now ${describeInParis(now)}${inSeconds}`,
		};
	}
	if (epochMs - now > MAX_AHEAD_DAYS * DAY_MS) {
		return {
			problem: `${moment.shown} is more than a year ahead (it would be sent on ${describeInParis(epochMs)}): check the year — schedules more than ${MAX_AHEAD_DAYS} days ahead are refused as a likely typo`,
		};
	}
	return { schedule: parisSchedule(epochMs) };
}
