/**
 * Property-based (fast-check), through n8n's engine against the sandbox:
 * whatever SMS Partner answers, a success item appears only for a real
 * `success: true` with balances; whatever credit the user gives, it is either
 * refused before sending or sent as exactly that decimal.
 */
import fc from 'fast-check';

import { REMOVE_CREDIT, removeCredit, run, sandboxFixture } from '../support/fixtures';

const sandbox = sandboxFixture().startBefore('all');

const TOKEN = 'sub-alpha';

const scalar = fc.oneof(
	fc.constantFrom(
		true,
		false,
		'true',
		'false',
		200,
		'200',
		8,
		0,
		1,
		null,
		'',
		'EUR',
		'61.800',
		'n/a',
	),
	fc.double(),
	fc.integer(),
	fc.string(),
	fc.stringMatching(/^-?\d{1,5}(\.\d{1,4})?$/),
);

/** JSON answers shaped like SMS Partner's, with any field missing or of any type. */
const jsonAnswer = fc
	.record(
		{
			success: scalar,
			code: scalar,
			credit: scalar,
			subaccountCredit: scalar,
			currency: scalar,
			message: scalar,
		},
		{ requiredKeys: [] },
	)
	.map((answer) => JSON.stringify(answer));

const xmlAnswer = fc
	.tuple(fc.array(scalar.map(String), { maxLength: 7 }), fc.boolean(), fc.nat(40))
	.map(([entries, truncate, cut]) => {
		const xml = `<?xml version="1.0"?><result>${entries.map((e) => `<entry><![CDATA[${e.replace(/]]>/g, '')}]]></entry>`).join('')}</result>`;
		return truncate ? xml.slice(0, Math.max(0, xml.length - cut)) : xml;
	});

const balance = fc.oneof(
	fc.double({ min: -1e6, max: 1e7, noNaN: true }),
	fc.stringMatching(/^\d{1,6}\.\d{3}$/),
	scalar,
);

/** Answers close to a real success, so that successes and near misses are both common. */
const nearSuccessJson = fc
	.record(
		{
			success: fc.constantFrom(true, 'true', true, 1, 'yes'),
			code: fc.constantFrom(200, '200', 200, 201, '8'),
			credit: balance,
			subaccountCredit: balance,
			currency: fc.constantFrom('EUR', 'EUR', ''),
		},
		{ requiredKeys: ['success', 'currency'] },
	)
	.map((answer) => JSON.stringify(answer));

const nearSuccessXml = fc
	.tuple(
		fc.constantFrom('true', 'true', 'false', '1'),
		fc.constantFrom('200', '200', '10'),
		balance,
		balance,
		fc.nat(5),
	)
	.map(([success, code, credit, subaccountCredit, keep]) =>
		[success, code, String(credit), String(subaccountCredit), 'EUR'].slice(0, keep === 0 ? 3 : 5),
	)
	.map(
		(entries) =>
			`<result>${entries.map((e) => `<entry><![CDATA[${e}]]></entry>`).join('')}</result>`,
	);

const anyBody = fc.oneof(
	jsonAnswer,
	nearSuccessJson,
	nearSuccessXml,
	xmlAnswer,
	fc.jsonValue().map((value) => JSON.stringify(value)),
	fc.string(),
);
// 429 is left out: it is retried with waits, covered in faults.engine.test.ts.
const status = fc.constantFrom(200, 200, 201, 400, 401, 403, 404, 500, 502, 503);

function realSuccess(body: string): { credit: number; subaccountCredit: number } | undefined {
	let fields: Record<string, unknown>;
	if (body.trim().startsWith('{')) {
		try {
			fields = JSON.parse(body);
		} catch {
			return undefined;
		}
		// JSON: only a real boolean; XML (below): the text true or 1.
		if (fields.success !== true) return undefined;
	} else {
		const entries = [...body.matchAll(/<entry><!\[CDATA\[(.*?)\]\]><\/entry>/g)].map((m) => m[1]);
		if (!body.trim().endsWith('</result>') || !['true', '1'].includes(entries[0])) return undefined;
		// Positional XML: exactly the five entries, each of its kind, or the answer is refused.
		if (entries.length !== 5 || !/^\d+$/.test(entries[1]) || !/^[A-Z]{3}$/.test(entries[4]))
			return undefined;
		if (![entries[2], entries[3]].every((v) => /^-?\d+(\.\d+)?$/.test(v))) return undefined;
		fields = { code: entries[1], credit: entries[2], subaccountCredit: entries[3] };
	}
	if (fields.code !== undefined && Number(fields.code) !== 200) return undefined;
	const credit = Number(fields.credit);
	const subaccountCredit = Number(fields.subaccountCredit);
	const numeric = (v: unknown) =>
		(typeof v === 'number' || (typeof v === 'string' && v.trim() !== '')) &&
		Number.isFinite(Number(v));
	if (!numeric(fields.credit) || !numeric(fields.subaccountCredit)) return undefined;
	return { credit, subaccountCredit };
}

test('random answers never make a success item unless SMS Partner really said success with balances', async () => {
	let successes = 0;
	await fc.assert(
		fc.asyncProperty(anyBody, status, async (body, httpStatus) => {
			sandbox().fault(TOKEN, { status: httpStatus, body, contentType: 'text/plain' });
			const result = await run(sandbox(), {
				items: [{ token: TOKEN, amount: 1 }],
				parameters: removeCredit(),
				onError: 'continueErrorOutput',
			});

			expect(result.success.length + result.errors.length).toBe(1);
			const expected = realSuccess(body);
			if (result.success.length === 1) {
				successes++;
				expect(expected).toBeDefined();
				expect(result.success[0]).toMatchObject(expected!);
			} else {
				expect(['rejected', 'unknown']).toContain(
					(result.errors[0].error as { outcome: string }).outcome,
				);
			}
		}),
		{ numRuns: 400 },
	);
	// The generator does produce real successes, so the property is not vacuous.
	expect(successes).toBeGreaterThan(0);
});

/** Through the input item, except NaN and ±Infinity, which JSON cannot carry: those as expression literals. */
function creditParameter(value: unknown): string {
	if (typeof value === 'number' && !Number.isFinite(value)) return `={{ ${String(value)} }}`;
	return '={{ $json.amount }}';
}

const plainDecimal = (text: string) => /^\d+(\.\d{1,3})?$/.test(text.trim());

const anyCredit = fc.oneof(
	fc.double(),
	fc.double({ min: 0, max: 2_000_000 }),
	fc.integer({ min: -10, max: 2_000_000 }),
	fc
		.tuple(fc.nat(1_200_000), fc.nat(99_999), fc.integer({ min: 1, max: 5 }))
		.map(([whole, fraction, digits]) =>
			Number(`${whole}.${String(fraction).padStart(5, '0').slice(0, digits)}`),
		),
	fc.stringMatching(/^\s?-?\d{1,7}([.,]\d{1,5})?\s?$/),
	fc.string(),
	fc.constantFrom(null, true, false, '', ' ', 'NaN', 'Infinity', '1e3', '0x10', [1], { value: 1 }),
);

test('random credit inputs are refused before sending, or sent as exactly the decimal given', async () => {
	let sent = 0;
	sandbox().faults.clear();
	await fc.assert(
		fc.asyncProperty(anyCredit, async (credit) => {
			sandbox().subaccount(TOKEN).credit = 10_000_000;
			const before = sandbox().callCount(REMOVE_CREDIT);
			const result = await run(sandbox(), {
				items: [{ token: TOKEN, amount: credit as never }],
				parameters: removeCredit({ credit: creditParameter(credit) }),
				onError: 'continueErrorOutput',
			});
			const requests = sandbox().callCount(REMOVE_CREDIT) - before;

			if (requests === 0) {
				expect(result.errors[0].error).toMatchObject({ outcome: 'notSent', field: 'credit' });
				return;
			}
			sent++;
			expect(requests).toBe(1);
			const sentCredit = sandbox().calls[sandbox().calls.length - 1].body.credit;
			const given = typeof credit === 'string' ? Number(credit.trim()) : credit;
			if (typeof credit === 'string') expect(credit.trim()).toMatch(/^\d+(\.\d+)?$/);
			else expect(typeof credit).toBe('number');
			expect(sentCredit).toBe(given);
			expect(sentCredit).toBeGreaterThan(0);
			expect(sentCredit).toBeLessThanOrEqual(1_000_000);
			expect(plainDecimal(String(sentCredit))).toBe(true);
			expect(result.success[0]).toMatchObject({ creditRemoved: sentCredit });
		}),
		{ numRuns: 400 },
	);
	expect(sent).toBeGreaterThan(0);
});
