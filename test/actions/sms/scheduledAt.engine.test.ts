/**
 * Scheduled At means what a French user means, whatever n8n's or the workflow's
 * time zone: a date and time without an offset is Paris wall time, in the forms
 * people type; an offset, a zone or a Luxon DateTime keeps its own moment; a
 * time the clocks skip or repeat is refused; the output says when, in Paris time.
 */
import fc from 'fast-check';

import { operation, run, sandboxFixture } from '../../support/fixtures';
import { parisDay, parisOffset } from '../../support/paris';

const sandbox = sandboxFixture().startBefore('all');
beforeEach(() => {
	sandbox().calls.length = 0;
});

const send = (scheduledAt: unknown, extra: Record<string, unknown> = {}) =>
	operation('sms', 'send', {
		phoneNumbers: '0612345678',
		message: 'Joyeux Noël',
		options: { scheduledAt, sandbox: true, ...extra },
	});
const sendMany = (scheduledAt: unknown) =>
	operation('sms', 'sendMany', {
		phoneNumber: '={{ $json.phone }}',
		message: 'Joyeux Noël',
		options: { scheduledAt, sandbox: true },
	});

/** The next Christmas at least a day ahead (schedules more than a year ahead are refused). */
const THIS_YEAR = new Date().getUTCFullYear();
const YEAR = Date.now() < Date.UTC(THIS_YEAR, 11, 24) ? THIS_YEAR : THIS_YEAR + 1;
const CHRISTMAS = {
	scheduledDeliveryDate: `25/12/${YEAR}`,
	time: 10,
	minute: 0,
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Scheduled At set to `value` is refused for the item, with nothing sent: the error it gives. */
async function refused(value: unknown) {
	const result = await run(sandbox(), {
		items: [{}],
		parameters: send(value),
		onError: 'continueErrorOutput',
	});
	expect(sandbox().calls).toEqual([]);
	expect(result.success).toEqual([]);
	return result.errors[0].error;
}

/** The Paris wall time of a moment. */
function parisWall(epochMs: number) {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Paris',
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
		})
			.formatToParts(new Date(epochMs))
			.map((part) => [part.type, part.value]),
	);
	return {
		scheduledDeliveryDate: `${parts.day}/${parts.month}/${parts.year}`,
		time: Number(parts.hour),
		minute: Number(parts.minute),
	};
}

describe('a date and time without an offset is Paris wall time', () => {
	test.each([
		`${YEAR}-12-25T10:00:00`,
		`${YEAR}-12-25T10:00`,
		`25/12/${YEAR} 10:00`,
		`25/12/${YEAR} 10h00`,
		`25/12/${YEAR} 10H00`,
		`${YEAR}-12-25 10:00`,
		` 25/12/${YEAR}  10:00 `,
	])('%s, on an n8n in New York (its default), goes out as 10:00 Paris', async (typed) => {
		const result = await run(sandbox(), { items: [{}], parameters: send(typed) });

		expect(sandbox().calls[0].body).toMatchObject(CHRISTMAS);
		expect(result.success[0]).toMatchObject({
			scheduledAt: `${YEAR}-12-25T10:00:00+01:00`,
			scheduledAtParis: expect.stringMatching(/ 25 December \d{4}, 10:00 \(Paris time\)$/),
		});
	});

	test.each([
		['workflow in Asia/Tokyo', { timezone: 'Asia/Tokyo' }],
		['workflow in UTC (npm start)', { timezone: 'UTC' }],
		['instance in Pacific/Auckland', { instanceTimezone: 'Pacific/Auckland' }],
		[
			'instance in America/Los_Angeles, workflow in Europe/London',
			{ instanceTimezone: 'America/Los_Angeles', timezone: 'Europe/London' },
		],
	])('the same with the %s', async (_name, zones) => {
		const result = await run(sandbox(), {
			items: [{ at: `25/12/${YEAR} 10:00` }],
			parameters: send('={{ $json.at }}'),
			...zones,
		});
		expect(sandbox().calls[0].body).toMatchObject(CHRISTMAS);
		expect(result.success[0]).toMatchObject({ scheduledAt: `${YEAR}-12-25T10:00:00+01:00` });
	});

	test('Send Many reads it the same way', async () => {
		const result = await run(sandbox(), {
			items: [{ phone: '0612345678' }, { phone: '0698765432' }],
			parameters: sendMany(`25/12/${YEAR} 10h00`),
		});
		expect(sandbox().calls[0].body).toMatchObject(CHRISTMAS);
		for (const item of result.success) {
			expect(item).toMatchObject({ scheduledAt: `${YEAR}-12-25T10:00:00+01:00` });
		}
	});
});

describe('an offset, a zone or a Luxon DateTime keeps its own moment', () => {
	test.each([
		[`${YEAR}-12-25T10:00:00-05:00`, 16],
		[`${YEAR}-12-25T09:00:00Z`, 10],
		[`${YEAR}-12-25T10:00:00[America/New_York]`, 16],
	])('%s goes out at %i:00 Paris', async (typed, hour) => {
		const result = await run(sandbox(), { items: [{}], parameters: send(typed) });
		expect(sandbox().calls[0].body).toMatchObject({ ...CHRISTMAS, time: hour });
		expect(result.success[0]).toMatchObject({
			scheduledAt: `${YEAR}-12-25T${hour}:00:00+01:00`,
		});
	});

	test('a DateTime built in New York by an expression, on a workflow in Tokyo', async () => {
		const result = await run(sandbox(), {
			items: [{}],
			parameters: send(
				`={{ DateTime.fromObject({ year: ${YEAR}, month: 12, day: 25, hour: 10 }, { zone: 'America/New_York' }) }}`,
			),
			timezone: 'Asia/Tokyo',
		});
		expect(sandbox().calls[0].body).toMatchObject({ ...CHRISTMAS, time: 16 });
		expect(result.success[0]).toMatchObject({ scheduledAt: `${YEAR}-12-25T16:00:00+01:00` });
	});

	test("$now plus three days, 10:00 in the workflow's own zone, is that moment", async () => {
		const result = await run(sandbox(), {
			items: [{}],
			parameters: send(
				'={{ $now.plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }) }}',
			),
			timezone: 'Asia/Tokyo',
		});
		// 10:00 in Tokyo is 01:00 or 02:00 UTC: the Paris wall time of that moment.
		const { scheduledAt } = result.success[0] as { scheduledAt: string };
		const epochMs = Date.parse(scheduledAt);
		expect(
			new Intl.DateTimeFormat('en-GB', {
				timeZone: 'Asia/Tokyo',
				hour: '2-digit',
				minute: '2-digit',
				hourCycle: 'h23',
			}).format(epochMs),
		).toBe('10:00');
		expect(sandbox().calls[0].body).toMatchObject(parisWall(epochMs));
	});
});

describe('a time the clocks skip or repeat in Paris is refused, not guessed', () => {
	const springChange = (year: number) => {
		// The last Sunday of March.
		const day = 31 - new Date(Date.UTC(year, 2, 31)).getUTCDay();
		return { year, day };
	};
	const autumnChange = (year: number) => {
		const day = 31 - new Date(Date.UTC(year, 9, 31)).getUTCDay();
		return { year, day };
	};
	const NEXT = YEAR + 1;

	test('02:30 on the spring night does not exist', async () => {
		const { day } = springChange(NEXT);
		const typed = `${pad(day)}/03/${NEXT} 02:30`;
		expect(await refused(typed)).toMatchObject({
			field: 'scheduledAt',
			outcome: 'notSent',
			message: expect.stringMatching(
				new RegExp(
					`^Scheduled At "${typed}" does not exist in Paris: that night the clocks go from 02:00 straight to 03:00`,
				),
			),
		});
	});

	test.each(['', '+01:00', '+02:00'])(
		'02:30 on the autumn night happens twice, refused even with the offset %s',
		async (offset) => {
			const { day } = autumnChange(NEXT);
			const typed = offset
				? `${NEXT}-10-${pad(day)}T02:30${offset}`
				: `${pad(day)}/10/${NEXT} 02:30`;
			expect(await refused(typed)).toMatchObject({
				field: 'scheduledAt',
				outcome: 'notSent',
				message: expect.stringContaining('happens twice in Paris'),
			});
		},
	);
});

test.each([
	['a blank Scheduled At', '  '],
	['an empty Scheduled At', ''],
])('%s added to the options is refused, never "send now"', async (_name, value) => {
	expect(await refused(value)).toMatchObject({
		field: 'scheduledAt',
		outcome: 'notSent',
		message: expect.stringMatching(
			/^Scheduled At is empty: give the date and time to send, in Paris time/,
		),
	});
});

describe('property: random time zones for n8n and the workflow', () => {
	const zones = Intl.supportedValuesOf('timeZone');
	const FORMS = [
		(y: string, m: string, d: string, hh: string, mm: string) => `${d}/${m}/${y} ${hh}:${mm}`,
		(y: string, m: string, d: string, hh: string, mm: string) => `${d}/${m}/${y} ${hh}h${mm}`,
		(y: string, m: string, d: string, hh: string, mm: string) => `${y}-${m}-${d} ${hh}:${mm}`,
		(y: string, m: string, d: string, hh: string, mm: string) => `${y}-${m}-${d}T${hh}:${mm}:00`,
	];

	test('a Paris wall time, in any form people type, goes out as that Paris wall time (to the next 5 minutes), typed or from an expression', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.option(fc.constantFrom(...zones), { nil: undefined }),
				fc.option(fc.constantFrom(...zones), { nil: undefined }),
				// 2 to 300 days ahead; hours away from the night of a clock change.
				fc.integer({ min: 2, max: 300 }),
				fc.integer({ min: 4, max: 23 }),
				fc.integer({ min: 0, max: 55 }),
				fc.integer({ min: 0, max: FORMS.length - 1 }),
				fc.boolean(),
				async (instanceTimezone, timezone, daysAhead, hour, minute, form, asExpression) => {
					sandbox().calls.length = 0;
					const day = new Date(Date.now() + daysAhead * 24 * 3600 * 1000);
					const [y, m, d] = parisDay(day).split('-');
					const typed = FORMS[form](y, m, d, pad(hour), pad(minute));
					const result = await run(sandbox(), {
						items: [{ at: typed }],
						parameters: send(asExpression ? '={{ $json.at }}' : typed),
						instanceTimezone,
						timezone,
					});
					expect(result.errors).toEqual([]);
					// SMS Partner schedules in steps of 5 minutes: a time between is moved up to the next.
					const sentMinute = Math.ceil(minute / 5) * 5;
					expect(sandbox().calls[0].body).toMatchObject({
						scheduledDeliveryDate: `${d}/${m}/${y}`,
						time: hour,
						minute: sentMinute,
					});
					const { scheduledAt } = result.success[0] as { scheduledAt: string };
					expect(scheduledAt.slice(0, 16)).toBe(`${y}-${m}-${d}T${pad(hour)}:${pad(sentMinute)}`);
					expect(scheduledAt.slice(19)).toBe(parisOffset(Date.parse(scheduledAt)));
				},
			),
			{ numRuns: 60 },
		);
	});
});

test.each([
	[
		'an invalid Luxon DateTime',
		"={{ DateTime.fromISO('le 25 décembre') }}",
		/^"Invalid DateTime" is not a date and time/,
	],
	[
		'an invalid Date',
		"={{ new Date('le 25 décembre') }}",
		/^is an invalid Date, not a date and time/,
	],
	['yesterday from $now', '={{ $now.minus({ days: 1 }) }}', /^"[^"]+" is in the past: that is /],
	['epoch 0', '={{ 0 }}', /^0 \(milliseconds since 1970-01-01 UTC\) is in the past/],
	['an object', '={{ { at: "25/12" } }}', /^is an object, not a date and time/],
	['a list', "={{ ['25/12/2026 10:00'] }}", /^is a list, not a date and time/],
	['true', '={{ true }}', /^is a boolean \(true\), not a date and time/],
	['a date alone', `25/12/${YEAR}`, /^"25\/12\/\d{4}" has a date but no time of day/],
	['a 2-digit year', '25/12/26 10:00', /^"25\/12\/26 10:00" has a 2-digit year/],
	[
		'month and day swapped (US order)',
		`12/25/${YEAR} 10:00`,
		/has month 25, which does not exist: write day\/month\/year/,
	],
])('%s is refused naming Scheduled At and why, never sent now', async (_name, value, why) => {
	const error = (await refused(value)) as { message: string };
	expect(error).toMatchObject({ field: 'scheduledAt', outcome: 'notSent' });
	expect(error.message.startsWith('Scheduled At ')).toBe(true);
	expect(error.message.slice('Scheduled At '.length)).toMatch(why);
});
