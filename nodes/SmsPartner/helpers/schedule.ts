/**
 * SMS Partner's scheduled send is a Europe/Paris day, hour and minute, the minute
 * a multiple of 5. The asked moment is rounded UP to the next 5 minutes in epoch
 * time (never earlier than asked), then written as Paris wall time with Intl, so
 * daylight-saving changes fall where the time zone database puts them.
 *
 * A date and time without offset is Paris wall time, whatever n8n's or the
 * workflow's time zone: it is SMS Partner's clock and the one its French users
 * mean. Dates are day/month/year (or ISO year-month-day). A wall time that does
 * not exist (the spring gap) or happens twice (the autumn repeat) is refused,
 * never guessed: the user writes the offset to pick one.
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
	/** The same moment for a person, e.g. 'Friday 25 December 2026, 10:00 (Paris time)'. */
	scheduledAtParis: string;
	epochMs: number;
}

export type ScheduleResult = { schedule: ParisSchedule } | { problem: string };

const PARIS = 'Europe/Paris';
const EXAMPLE = '25/12/2026 10:00';
const HOW_TO_WRITE = `write the day/month/year and the time, in Paris time, e.g. ${EXAMPLE} or 25/12/2026 10h00 (ISO 2026-12-25T10:00 works too; for another time zone add its offset, e.g. 2026-12-25T10:00-05:00)`;
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

// Names written out: Intl's depend on the locale data Node was built with (small-icu has English only).
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})/;
/** Day, month, year, one separator for both: 25/12/2026, 25-12-2026, 25.12.2026. */
const FRENCH_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)/;
const SHORT_YEAR_DATE = /^\d{1,2}([/.-])\d{1,2}\1\d{2}(?!\d)/;
/**
 * What follows the date: 'T' or spaces (optionally 'à'); the time as H:mm[:ss[.fff]]
 * or 10h00 / 10h; optionally Z or ±HH[:mm]; optionally an IANA zone in brackets.
 */
const TIME_OF_DAY =
	/^(T|\s+(?:à\s+)?)((\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?|h(\d{2})?))\s*(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[!?([a-z][\w+\-/]*)\])?$/iu;

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

/** A date and time as written, before it is placed on the time line. */
interface WrittenDateTime {
	wall: WallTime;
	/** The offset written: as text ('Z', '-05:00', …) and in ms east of UTC. */
	offset?: { text: string; ms: number };
	/** The IANA zone written in brackets. */
	zone?: string;
	/** Whether the time follows a 'T' (ISO), so an offset is written against it. */
	isIso: boolean;
}

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

const parisClock = () => wallClockFormat(PARIS)!;

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
 * Every moment a wall time in a zone stands for, earliest first, from the zone's
 * offsets a day before and after: none in a spring gap, two in an autumn repeat.
 */
function wallTimeMoments(wall: WallTime, format: Intl.DateTimeFormat): number[] {
	const asIfUtc = utcEpoch(wall);
	const offsets = new Set([offsetAt(asIfUtc - DAY_MS, format), offsetAt(asIfUtc + DAY_MS, format)]);
	return [...offsets]
		.map((offset) => asIfUtc - offset)
		.filter((epochMs) => offsetAt(epochMs, format) === asIfUtc - epochMs)
		.sort((a, b) => a - b);
}

/** The wall clock just before and just after the zone's change of offset within a day of `asIfUtc`. */
function clockChangeNear(
	asIfUtc: number,
	format: Intl.DateTimeFormat,
): { before: number; after: number } {
	let unchanged = asIfUtc - DAY_MS;
	let changed = asIfUtc + DAY_MS;
	const offsetBefore = offsetAt(unchanged, format);
	while (changed - unchanged > 1000) {
		const middle = unchanged + Math.floor((changed - unchanged) / 2000) * 1000;
		if (offsetAt(middle, format) === offsetBefore) unchanged = middle;
		else changed = middle;
	}
	return { before: changed + offsetBefore, after: changed + offsetAt(changed, format) };
}

function isRealTimeOfDay(wall: WallTime): boolean {
	return wall.hour <= 23 && wall.minute <= 59 && wall.second <= 59;
}

function daysInMonth(year: number, month: number): number {
	return new Date(
		utcEpoch({ year, month: month + 1, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 }),
	).getUTCDate();
}

/** A fraction of a second in ms; digits past the millisecond round it up, so it is never earlier than written. */
function fractionMs(digits: string): number {
	const millisecond = Number(digits.slice(0, 3).padEnd(3, '0'));
	return /[1-9]/.test(digits.slice(3)) ? millisecond + 1 : millisecond;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** 'HH:mm' of an as-if-UTC epoch. */
function clockReading(asIfUtc: number): string {
	const date = new Date(asIfUtc);
	return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

function formatOffset(offsetMs: number): string {
	const minutes = Math.round(offsetMs / MINUTE_MS);
	const sign = minutes < 0 ? '-' : '+';
	return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** The date and time as written, or what is wrong with it; `shown` is the value quoted. */
function parseWrittenDateTime(text: string, shown: string): WrittenDateTime | { problem: string } {
	const iso = ISO_DATE.exec(text);
	const french = iso ? null : FRENCH_DATE.exec(text);
	if (!iso && !french) {
		if (SHORT_YEAR_DATE.test(text)) {
			return {
				problem: `${shown} has a 2-digit year: write the year in full, e.g. ${EXAMPLE} (Paris time)`,
			};
		}
		return { problem: `${shown} is not a date and time: ${HOW_TO_WRITE}` };
	}
	const [datePart, year, month, day] = iso ?? [french![0], french![4], french![3], french![1]];
	const order = iso
		? 'write year-month-day, e.g. 2026-12-25 10:00, or day/month/year, e.g. 25/12/2026 10:00 (Paris time)'
		: `write day/month/year, e.g. ${EXAMPLE} (Paris time)`;
	const date = { year: Number(year), month: Number(month), day: Number(day) };
	if (date.month < 1 || date.month > 12) {
		return { problem: `${shown} has month ${date.month}, which does not exist: ${order}` };
	}
	const monthDays = daysInMonth(date.year, date.month);
	if (date.day < 1 || date.day > monthDays) {
		const why =
			date.day < 1
				? 'which does not exist'
				: `but ${MONTHS[date.month - 1]} ${date.year} has ${monthDays} days`;
		return { problem: `${shown} has day ${date.day}, ${why}: ${order}` };
	}

	const rest = text.slice(datePart.length);
	if (rest === '') {
		return {
			problem: `${shown} has a date but no time of day: add the time, in Paris time, e.g. ${datePart} 10:00`,
		};
	}
	const time = TIME_OF_DAY.exec(rest);
	if (!time) return { problem: `${shown} is not a date and time: ${HOW_TO_WRITE}` };
	const [, separator, written, hour, colonMinute, second, fraction, hMinute, offset, zone] = time;
	const wall: WallTime = {
		...date,
		hour: Number(hour),
		minute: Number(colonMinute ?? hMinute ?? 0),
		second: Number(second ?? 0),
		millisecond: fraction === undefined ? 0 : fractionMs(fraction),
	};
	if (!isRealTimeOfDay(wall)) {
		return {
			problem: `${shown} has the time ${written}, which does not exist: the time of day goes from 00:00 to 23:59, e.g. ${EXAMPLE} (Paris time)`,
		};
	}
	const reading: WrittenDateTime = { wall, isIso: /^t$/i.test(separator) };
	if (zone !== undefined) reading.zone = zone;
	if (offset === undefined) return reading;
	if (/^z$/i.test(offset)) return { ...reading, offset: { text: offset, ms: 0 } };
	const [, sign, offsetHours, offsetMinutes = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
	if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) {
		return {
			problem: `${shown} has an offset, ${offset}, that does not exist: offsets go from -23:59 to +23:59, e.g. 2026-12-25T10:00-05:00`,
		};
	}
	const offsetMs =
		(Number(offsetHours) * HOUR_MS + Number(offsetMinutes) * MINUTE_MS) * (sign === '-' ? -1 : 1);
	return { ...reading, offset: { text: offset, ms: offsetMs } };
}

/** The text with an offset written in, before any zone in brackets. */
function withOffset(text: string, offset: string, isIso: boolean): string {
	const zoneStart = text.indexOf('[');
	const dateTime = zoneStart < 0 ? text : text.slice(0, zoneStart);
	const zone = zoneStart < 0 ? '' : text.slice(zoneStart);
	return `${dateTime}${isIso ? '' : ' '}${offset}${zone}`;
}

/** The one moment a wall time stands for in a zone; a skipped or repeated wall time is refused. */
function momentOfWallTime(
	written: WrittenDateTime,
	format: Intl.DateTimeFormat,
	place: string,
	text: string,
	shown: string,
): Moment {
	const moments = wallTimeMoments(written.wall, format);
	if (moments.length === 1) return { epochMs: moments[0], shown };
	const asIfUtc = utcEpoch(written.wall);
	const change = clockChangeNear(asIfUtc, format);
	if (moments.length === 0) {
		return {
			problem: `${shown} does not exist in ${place}: that night the clocks go from ${clockReading(change.before)} straight to ${clockReading(change.after)}, so no time from ${clockReading(change.before)} to ${clockReading(change.after - MINUTE_MS)} happens. Choose a time before ${clockReading(change.before)} or from ${clockReading(change.after)}`,
		};
	}
	if (place !== 'Paris') {
		const [first, second] = moments.map((epochMs) => formatOffset(asIfUtc - epochMs));
		return {
			problem: `${shown} happens twice in ${place}: that night the clocks go back from ${clockReading(change.before)} to ${clockReading(change.after)}, so the time from ${clockReading(change.after)} to ${clockReading(change.before - MINUTE_MS)} comes twice. Write the offset to pick one: ${withOffset(text, first, written.isIso)} for the first, ${withOffset(text, second, written.isIso)} for the second`,
		};
	}
	return { problem: repeatedInParis(shown, change) };
}

/**
 * SMS Partner's schedule is a Paris date, hour and minute: in the hour the autumn
 * change repeats, it cannot tell the first 02:30 from the second, so no offset can pick one.
 */
function repeatedInParis(shown: string, change: { before: number; after: number }): string {
	return `${shown} happens twice in Paris: that night the clocks go back from ${clockReading(change.before)} to ${clockReading(change.after)}, so the time from ${clockReading(change.after)} to ${clockReading(change.before - MINUTE_MS)} comes twice, and SMS Partner's schedule (a Paris date, hour and minute) cannot tell the two apart. Choose a time before ${clockReading(change.after)} or from ${clockReading(change.before)}`;
}

function momentFromText(value: string): Moment {
	const text = value.normalize('NFC').trim();
	const shown = JSON.stringify(value);
	if (text === '') {
		return { problem: `is empty: give the date and time to send, in Paris time, e.g. ${EXAMPLE}` };
	}
	const written = parseWrittenDateTime(text, shown);
	if ('problem' in written) return written;

	const { offset } = written;
	const asIfUtc = utcEpoch(written.wall);
	if (written.zone === undefined) {
		if (offset) return { epochMs: asIfUtc - offset.ms, shown };
		return momentOfWallTime(written, parisClock(), 'Paris', text, shown);
	}
	const format = wallClockFormat(written.zone);
	if (!format) {
		return {
			problem: `${shown} names the time zone ${JSON.stringify(written.zone)}, which this system does not know: write its offset instead, e.g. 2026-12-25T10:00-05:00, or leave the zone out for Paris time`,
		};
	}
	if (!offset) return momentOfWallTime(written, format, written.zone, text, shown);
	const epochMs = asIfUtc - offset.ms;
	const zoneOffset = offsetAt(epochMs, format);
	// Z is the moment in UTC, the zone only how to show it (as Temporal reads it); an offset must be the zone's.
	if (!/^z$/i.test(offset.text) && zoneOffset !== offset.ms) {
		const offsetStart = text.lastIndexOf(offset.text, text.indexOf('['));
		const corrected = `${text.slice(0, offsetStart)}${formatOffset(zoneOffset)}${text.slice(offsetStart + offset.text.length)}`;
		return {
			problem: `${shown} has the offset ${formatOffset(offset.ms)}, which ${written.zone} does not have at that time (it has ${formatOffset(zoneOffset)}): write ${corrected}, or leave the offset or the zone out`,
		};
	}
	return { epochMs, shown };
}

function momentFromEpoch(epochMs: number, shown: string): Moment {
	if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) {
		return { problem: `${shown} is not a moment in time: ${HOW_TO_WRITE}` };
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

function momentOf(value: unknown): Moment {
	if (value === undefined || value === null) {
		return { problem: `is empty: give the date and time to send, in Paris time, e.g. ${EXAMPLE}` };
	}
	if (typeof value === 'string') return momentFromText(value);
	if (typeof value === 'number') {
		return momentFromEpoch(value, `${value} (milliseconds since 1970-01-01 UTC)`);
	}
	const notADateTime = (what: string) => ({
		problem: `${what}, not a date and time: ${HOW_TO_WRITE}`,
	});
	if (value instanceof Date) {
		const epochMs = value.getTime();
		if (Number.isNaN(epochMs)) return notADateTime('is an invalid Date');
		return momentFromEpoch(epochMs, value.toISOString());
	}
	if (typeof value === 'object') {
		const dateTime = value as { toISO?: unknown; toJSDate?: unknown };
		if (typeof dateTime.toISO === 'function') {
			const iso = callSafely(() => (dateTime.toISO as () => unknown).call(value));
			if (typeof iso === 'string') return momentFromText(iso);
			return notADateTime('is an invalid date-time object');
		}
		if (typeof dateTime.toJSDate === 'function') {
			const date = callSafely(() => (dateTime.toJSDate as () => unknown).call(value));
			if (date instanceof Date && !Number.isNaN(date.getTime())) {
				return momentFromEpoch(date.getTime(), date.toISOString());
			}
			return notADateTime('is an invalid date-time object');
		}
		return notADateTime(`is ${Array.isArray(value) ? 'a list' : 'an object'}`);
	}
	const detail = typeof value === 'function' ? '' : ` (${String(value)})`;
	return notADateTime(`is a ${typeof value}${detail}`);
}

function parisDate(wall: WallTime): string {
	return `${pad(wall.day)}/${pad(wall.month)}/${pad(wall.year, 4)}`;
}

function describeInParis(epochMs: number): string {
	const wall = wallTimeAt(epochMs, parisClock());
	return `${parisDate(wall)} at ${pad(wall.hour)}:${pad(wall.minute)} Paris time`;
}

/** 'Friday 25 December 2026, 10:00 (Paris time)'. */
function readableInParis(epochMs: number): string {
	const wall = wallTimeAt(epochMs, parisClock());
	const midnight = { ...wall, hour: 0, minute: 0, second: 0 };
	const weekday = WEEKDAYS[new Date(utcEpoch(midnight)).getUTCDay()];
	const clock = `${pad(wall.hour)}:${pad(wall.minute)}`;
	return `${weekday} ${wall.day} ${MONTHS[wall.month - 1]} ${wall.year}, ${clock} (Paris time)`;
}

/**
 * A moment as ISO 8601 in Paris wall time with Paris's offset then, e.g.
 * '2026-12-01T09:05:07+01:00'; milliseconds are written only when there are some.
 */
export function isoInParis(epochMs: number): string {
	const wholeSecond = Math.floor(epochMs / 1000) * 1000;
	const wall = wallTimeAt(wholeSecond, parisClock());
	const offset = formatOffset(utcEpoch(wall) - wholeSecond);
	const milliseconds = Math.floor(epochMs - wholeSecond);
	const fraction = milliseconds === 0 ? '' : `.${pad(milliseconds, 3)}`;
	const date = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
	const time = `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${fraction}`;
	return `${date}T${time}${offset}`;
}

/**
 * The moment a Paris wall time stands for (month 1–12), for reading SMS Partner's
 * own dates, which must give a moment: the spring gap moves forward by the gap,
 * the autumn repeat is its first occurrence.
 */
export function parisWallTimeToEpoch(
	wall: Omit<WallTime, 'second' | 'millisecond'> &
		Partial<Pick<WallTime, 'second' | 'millisecond'>>,
): number {
	const full = { ...wall, second: wall.second ?? 0, millisecond: wall.millisecond ?? 0 };
	const [first] = wallTimeMoments(full, parisClock());
	if (first !== undefined) return first;
	const asIfUtc = utcEpoch(full);
	return asIfUtc - offsetAt(asIfUtc - DAY_MS, parisClock());
}

function parisSchedule(epochMs: number): ParisSchedule {
	const wall = wallTimeAt(epochMs, parisClock());
	return {
		scheduledDeliveryDate: parisDate(wall),
		time: wall.hour,
		minute: wall.minute,
		scheduledAt: isoInParis(epochMs),
		scheduledAtParis: readableInParis(epochMs),
		epochMs,
	};
}

/**
 * `value`: what n8n's date-time field or an expression gives. Text is a date and
 * time in Paris time unless it carries an offset or Z (or a zone in brackets): 25/12/2026 10:00,
 * 25/12/2026 10h00, 25/12/2026 à 10h, 25-12-2026 10:00, 25.12.2026 10:00:00,
 * 2026-12-25 10:00, 2026-12-25T10:00:00.000+01:00. Also a Date, a number (epoch ms),
 * or an object with toISO() (a Luxon DateTime from an expression) / toJSDate().
 */
export function toParisSchedule(value: unknown, now: number): ScheduleResult {
	const moment = momentOf(value);
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
	const wall = wallTimeAt(epochMs, parisClock());
	if (wallTimeMoments(wall, parisClock()).length > 1) {
		const change = clockChangeNear(utcEpoch(wall), parisClock());
		const sent = `${parisDate(wall)} ${pad(wall.hour)}:${pad(wall.minute)}`;
		const asked =
			moment.shown === JSON.stringify(sent) ? moment.shown : `${moment.shown} (${sent} in Paris)`;
		return { problem: repeatedInParis(asked, change) };
	}
	return { schedule: parisSchedule(epochMs) };
}
