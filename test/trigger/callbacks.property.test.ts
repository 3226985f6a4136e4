/**
 * Property-based (fast-check): what anyone may post to the webhook trigger's URL. Random
 * payloads (fields missing, values of every JSON type, nested, huge, unicode; keys with odd
 * characters, `__proto__` included; JSON, form, GET query or latin-1 bytes in a text/plain
 * body) are read, classified and parsed without throwing, and what comes out keeps its
 * promises: fields exactly as posted or a 400/413, receivedAt an ISO date with Paris's
 * offset, ids and phone numbers in shape. The repeat fingerprint ignores key order and
 * encoding and sees any changed value. A long SMS posted in parts, in any order and any
 * encoding, through n8n's engine (test/support/webhookHarness.ts), joins back to its text.
 */
import { parse as parseQueryString } from 'node:querystring';

import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { DELIVERY_REPORT_FIELDS, HLR_RESULT_SIGNATURE } from '../../nodes/SmsPartner/api/callbacks';
import {
	callbackFingerprint,
	classifyCallback,
	MAX_CALLBACK_BYTES,
	parseDeliveryReport,
	parseHlrResult,
	parseLongNumberPart,
	parseReply,
	readCallbackFields,
	type CallbackEvent,
	type CallbackFields,
	type CallbackReading,
	type CallbackRequest,
} from '../../nodes/SmsPartner/transport/callbacks';
import { parisOffset } from '../support/paris';
import { start, type WebhookServer } from '../support/webhookHarness';

const EVENTS: CallbackEvent[] = [
	'reply',
	'stop',
	'deliveryReport',
	'longNumberMessage',
	'hlrResult',
];
const MAX_FIELDS = 200;
const SECRET = 'Zq4-Lr2XvW7mPz0aB4sYtN8cHdJe6u_k';

/** The names SMS Partner's callbacks use, and the usual names of delivery reports. */
const KNOWN_NAMES = [
	'type',
	'phone_number',
	'text',
	'message_id',
	'msisdn',
	'to',
	'messageId',
	'keyword',
	'message-timestamp',
	'concat',
	'concat-ref',
	'concat-total',
	'concat-part',
	'status',
	'statut',
	'stat',
	'number',
	'phoneNumber',
	'date',
	'cost',
	'tag',
	'id',
	'secret',
	'phone',
	'mccMnc',
	'ported',
	'roaming',
	'errorGrpId',
	'errorId',
	'errorName',
	'errorDesc',
	'statusGrpId',
	'statusId',
	'statusName',
];
const ODD_NAMES = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'valueOf',
	'',
	' ',
	'a.b',
	'a[b]',
	'a[]',
	'%41',
	'a=b',
	'a&b',
	'é',
	'😀',
	'\u0000',
	'TYPE',
	'Status',
	'MSISDN',
	'Phone_Number',
	'MCCMNC',
	'ErrorName',
];
const key = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...KNOWN_NAMES) },
	{ weight: 1, arbitrary: fc.constantFrom(...ODD_NAMES) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** Values that look like what the readers look for, or nearly. */
const tricky = fc.constantFrom(
	'response',
	'stop',
	'STOP',
	' Stop ',
	'text',
	'Delivered',
	'Not delivered',
	'DELIVRD',
	'UNDELIV',
	'Waiting',
	'true',
	'false',
	'1',
	'2',
	'255',
	'256',
	'0',
	'-1',
	'',
	'   ',
	'+33612345678',
	'33612345678',
	'0612345678',
	'+3361234567890123',
	'+0612345678',
	'2016-03-10 09:51:46',
	'2016-03-27 02:30:00',
	'0000-01-01 00:00:00',
	'1900-01-01 00:00:00',
	'1911-03-11 00:00:00',
	'9999-12-31 23:59:59',
	'2016-02-30 25:61:61',
	'100000000',
	'99999999999',
	'12345678901234567890',
	'0.045',
	'1e400',
	'NO_ERROR ',
	'EC_UNKNOWN_SUBSCRIBER',
	'EC_ABSENT_SUBSCRIBER',
	'PENDING_ENROUTE',
	'REJECTED_DESTINATION',
	'20815',
	'2018-03-05T10:34:52.355+0000',
	'2018-02-30T10:34:52+0000',
	'1969-12-31T23:59:59Z',
	'2026-03-29T02:30:00+01:00',
	'a'.repeat(129),
);
/** Any wall time from year 0 to 9999, as SMS Partner writes its dates. */
const wallTime = fc
	.record({
		year: fc.integer({ min: 0, max: 9999 }),
		month: fc.integer({ min: 0, max: 13 }),
		day: fc.integer({ min: 0, max: 32 }),
		hour: fc.integer({ min: 0, max: 24 }),
		minute: fc.integer({ min: 0, max: 60 }),
		second: fc.integer({ min: 0, max: 60 }),
	})
	.map(
		({ year, month, day, hour, minute, second }) =>
			`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}`,
	);
const scalar = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
	{ weight: 4, arbitrary: tricky },
	{ weight: 2, arbitrary: wallTime },
	{ weight: 1, arbitrary: fc.integer({ min: 0, max: 99_999_999_999 }).map(String) },
	{ weight: 2, arbitrary: fc.integer() },
	{ weight: 1, arbitrary: fc.double() },
	{
		weight: 1,
		arbitrary: fc.constantFrom(
			Number.MAX_SAFE_INTEGER + 2,
			1e21,
			-0,
			NaN,
			Infinity,
			12345678901234567000,
		),
	},
	{ weight: 1, arbitrary: fc.boolean() },
	{ weight: 1, arbitrary: fc.constant(null) },
	// Huge strings: over the body's limit on their own.
	{
		weight: 1,
		arbitrary: fc
			.constantFrom('x', 'é', '😀', ' ')
			.map((unit) => unit.repeat(MAX_CALLBACK_BYTES + 1)),
	},
);
const { value } = fc.letrec((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small' },
		scalar,
		fc.array(tie('value'), { maxLength: 3 }),
		fc.dictionary(key, tie('value'), { maxKeys: 3 }),
	),
}));

/** A callback's fields: shaped like one of SMS Partner's (any of its fields missing), plus others. */
const shaped = fc.oneof(
	fc.record(
		{
			type: fc.oneof(fc.constantFrom('response', 'stop', 'STOP', ' Response'), value),
			phone_number: value,
			text: value,
			message_id: value,
		},
		{ requiredKeys: [] },
	),
	fc.record(
		{
			msisdn: value,
			to: value,
			messageId: value,
			text: value,
			type: fc.constant('text'),
			keyword: value,
			'message-timestamp': fc.oneof(wallTime, value),
			concat: fc.constant('true'),
			'concat-ref': value,
			'concat-total': fc.oneof(fc.integer({ min: -1, max: 300 }).map(String), value),
			'concat-part': fc.oneof(fc.integer({ min: -1, max: 300 }).map(String), value),
		},
		{ requiredKeys: [] },
	),
	fc.record(
		{
			messageId: value,
			message_id: value,
			phoneNumber: value,
			number: value,
			status: value,
			statut: value,
			stat: value,
			date: fc.oneof(wallTime, value),
			cost: value,
			tag: value,
		},
		{ requiredKeys: [] },
	),
	hlrShaped(),
);

/** An HLR result: its documented names and those of SMS Partner's HLR tables, any of them missing. */
function hlrShaped() {
	const code = fc.integer({ min: -1, max: 5000 });
	return fc.record(
		{
			phone: value,
			messageId: value,
			mccMnc: fc.oneof(fc.integer({ min: 0, max: 9_999_999 }).map(String), value),
			ported: fc.oneof(fc.constantFrom(0, 1, '0', '1', true, 'true'), value),
			roaming: value,
			errorGrpId: fc.oneof(code, code.map(String), value),
			errorId: fc.oneof(code, value),
			errorName: value,
			errorDesc: value,
			statusGrpId: fc.oneof(code, value),
			statusId: fc.oneof(code.map(String), value),
			statusName: value,
			date: value,
		},
		{ requiredKeys: [] },
	);
}
const fields: fc.Arbitrary<CallbackFields> = fc
	.tuple(shaped, fc.dictionary(key, value, { maxKeys: 6 }))
	.map(([known, others]) => withOwnKeys([...Object.entries(others), ...Object.entries(known)]));

/** An object with these keys as its own, `__proto__` included (as JSON.parse makes them). */
function withOwnKeys(entries: Array<[string, unknown]>): Record<string, unknown> {
	return Object.fromEntries(entries);
}

/** What reading JSON must give: the value JSON.parse gives, with each long integer as its digits. */
function exactly(parsed: unknown): unknown {
	if (typeof parsed === 'number') {
		const text = JSON.stringify(parsed);
		return /^[1-9]\d{15,}$/.test(text) ? text : parsed;
	}
	if (Array.isArray(parsed)) return parsed.map(exactly);
	if (parsed !== null && typeof parsed === 'object')
		return withOwnKeys(Object.entries(parsed).map(([name, item]) => [name, exactly(item)]));
	return parsed;
}

function isPlainObject(candidate: unknown): candidate is Record<string, unknown> {
	return typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate);
}

/** The fields a reading must give: the query (less the secret), then the body over it; or its refusal. */
function expectedReading(
	query: Record<string, unknown>,
	body: Record<string, unknown>,
	rawSize: number,
) {
	if (rawSize > MAX_CALLBACK_BYTES) return { httpStatus: 413 };
	const merged = withOwnKeys([
		...Object.entries(query).filter(([name]) => name !== 'secret'),
		...Object.entries(body),
	]);
	const count = Object.keys(merged).length;
	if (count === 0) return { httpStatus: 400 };
	if (count > MAX_FIELDS) return { httpStatus: 413 };
	return { fields: merged };
}

/** The reading is the expected one: these fields exactly, or a refusal with this status. */
function expectReading(reading: CallbackReading, expected: ReturnType<typeof expectedReading>) {
	if ('fields' in expected) expect(reading).toEqual({ fields: expected.fields });
	else expect(reading).toMatchObject({ httpStatus: expected.httpStatus });
}

function expectWellFormedReading(reading: CallbackReading) {
	if ('fields' in reading) {
		expect(isPlainObject(reading.fields)).toBe(true);
		const count = Object.keys(reading.fields).length;
		expect(count).toBeGreaterThanOrEqual(1);
		expect(count).toBeLessThanOrEqual(MAX_FIELDS);
		expect(Object.keys(reading)).toEqual(['fields']);
	} else {
		expect(typeof reading.problem).toBe('string');
		expect(reading.problem).not.toBe('');
		expect([400, 413]).toContain(reading.httpStatus);
	}
}

/** A query as n8n gives it (querystring, repeated names as arrays), from name/value pairs. */
const queryPairs = fc.array(
	fc.tuple(key, fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), tricky)),
	{
		maxLength: 6,
	},
);
function queryOf(pairs: Array<[string, string]>) {
	const search = new URLSearchParams(pairs).toString();
	return { search, query: { ...parseQueryString(search) } as Record<string, unknown> };
}

const read = (request: CallbackRequest) =>
	readCallbackFields({ ignoredQuery: ['secret'], ...request });

describe('readCallbackFields', () => {
	test('GET: the query, less the secret, is the fields (or 400 when nothing is left)', () => {
		fc.assert(
			fc.property(queryPairs, (pairs) => {
				const { query } = queryOf(pairs);
				const reading = read({ method: 'GET', query, body: undefined, rawBody: Buffer.alloc(0) });
				expectWellFormedReading(reading);
				expectReading(reading, expectedReading(query, {}, 0));
			}),
			{ numRuns: 500 },
		);
	});

	test('POST JSON as n8n parses it: the object exactly (long ids as their digits), or 400/413', () => {
		const body = fc.oneof(
			{ weight: 6, arbitrary: fields },
			{ weight: 1, arbitrary: fc.dictionary(key, scalar, { minKeys: 150, maxKeys: 260 }) },
			{ weight: 2, arbitrary: value },
		);
		fc.assert(
			fc.property(
				body,
				queryPairs,
				fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/json'),
				(sent, pairs, contentType) => {
					const raw = JSON.stringify(sent) ?? 'null';
					const { query } = queryOf(pairs);
					// n8n parses application/json with JSON.parse; other JSON types it leaves unparsed.
					const n8nBody = contentType.startsWith('application/json') ? JSON.parse(raw) : undefined;
					const reading = read({
						method: 'POST',
						query,
						body: n8nBody,
						rawBody: Buffer.from(raw),
						contentType,
					});
					expectWellFormedReading(reading);
					const parsed = JSON.parse(raw) as unknown;
					if (Buffer.byteLength(raw) > MAX_CALLBACK_BYTES)
						expect(reading).toMatchObject({ httpStatus: 413 });
					else if (!isPlainObject(parsed)) expect(reading).toMatchObject({ httpStatus: 400 });
					else
						expectReading(
							reading,
							expectedReading(query, exactly(parsed) as Record<string, unknown>, 0),
						);
				},
			),
			{ numRuns: 500 },
		);
	});

	test('POST form as n8n parses it: the fields exactly, or 400/413', () => {
		const formPairs = fc.array(
			fc.tuple(key, fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), tricky)),
			{ maxLength: 12 },
		);
		fc.assert(
			fc.property(formPairs, queryPairs, fc.boolean(), (pairs, queryPairsGiven, huge) => {
				const form = new URLSearchParams(
					huge ? [...pairs, ['text', 'x'.repeat(MAX_CALLBACK_BYTES)]] : pairs,
				).toString();
				const body = { ...parseQueryString(form, undefined, undefined, { maxKeys: 1000 }) };
				const { query } = queryOf(queryPairsGiven);
				const reading = read({
					method: 'POST',
					query,
					body,
					rawBody: Buffer.from(form),
					contentType: 'application/x-www-form-urlencoded',
				});
				expectWellFormedReading(reading);
				expectReading(reading, expectedReading(query, body, Buffer.byteLength(form)));
			}),
			{ numRuns: 500 },
		);
	});

	test('a form in a text/plain body (n8n gives it as text): its fields exactly', () => {
		const pairs = fc
			.array(fc.tuple(key, fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), tricky)), {
				minLength: 1,
				maxLength: 8,
			})
			// A form's text starts with a name.
			.filter(([[first]]) => first !== '');
		fc.assert(
			fc.property(pairs, (given) => {
				const text = new URLSearchParams(given).toString();
				const reading = read({
					method: 'POST',
					query: {},
					body: text,
					rawBody: Buffer.from(text),
					contentType: 'text/plain',
				});
				expectReading(reading, expectedReading({}, withOwnKeys(given), Buffer.byteLength(text)));
			}),
			{ numRuns: 500 },
		);
	});

	test('text/plain, latin-1 or random bytes, no type, or anything in body and rawBody: never throws', () => {
		const bytes = fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array));
		const latin1Form = fc
			.dictionary(
				fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 8 }),
				fc.string({ unit: 'binary-ascii', maxLength: 20 }),
				{
					maxKeys: 5,
				},
			)
			.map((dict) =>
				Buffer.from(new URLSearchParams(dict).toString().replace(/%C3%A9/g, '\xe9'), 'latin1'),
			);
		const rawBody = fc.oneof(
			bytes,
			latin1Form,
			fc.string({ unit: 'binary', maxLength: 200 }),
			fc.constant(Buffer.alloc(MAX_CALLBACK_BYTES + 1, 0xe9)),
			fc.constant(undefined),
			value,
		);
		const request = fc.record({
			method: fc.constantFrom('GET', 'POST', 'PUT', ''),
			query: fc.oneof(
				fc.constant(undefined),
				fc.constant(null),
				value,
				queryPairs.map((pairs) => queryOf(pairs).query),
			),
			rawBody,
			contentType: fc.oneof(
				fc.constant(undefined),
				fc.constantFrom(
					'text/plain',
					'text/plain; charset=iso-8859-1',
					'application/json',
					'application/x-www-form-urlencoded',
					'application/octet-stream',
					'JSON',
				),
				fc.string({ maxLength: 20 }),
			),
			as: fc.constantFrom('utf8', 'latin1', 'buffer', 'none', 'value'),
			other: value,
		});
		fc.assert(
			fc.property(request, ({ method, query, rawBody: raw, contentType, as, other }) => {
				// What n8n's parser leaves in body for these: the text, or nothing; or anything at all.
				const body = !Buffer.isBuffer(raw)
					? other
					: as === 'utf8'
						? raw.toString('utf8')
						: as === 'latin1'
							? raw.toString('latin1')
							: as === 'buffer'
								? raw
								: as === 'none'
									? undefined
									: other;
				const reading = read({ method, query, body, rawBody: raw, contentType });
				expectWellFormedReading(reading);
				if (Buffer.isBuffer(raw) && raw.length > MAX_CALLBACK_BYTES)
					expect(reading).toMatchObject({ httpStatus: 413 });
			}),
			{ numRuns: 1000 },
		);
	});
});

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{3})?(\+0[12]:00)$/;
/** From 1971 to 2100: when n8n may receive a callback. */
const now = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2100, 0, 1) });

/** An ISO date with Paris's offset at that moment (+01:00 or +02:00), naming a real moment. */
function expectParisIso(text: unknown) {
	expect(text).toEqual(expect.stringMatching(ISO));
	const at = Date.parse(text as string);
	expect(Number.isFinite(at)).toBe(true);
	expect((text as string).slice(-6)).toBe(parisOffset(at));
}

function expectId(id: unknown) {
	if (id === null) return;
	expect(typeof id).toBe('string');
	expect((id as string).length).toBeGreaterThanOrEqual(1);
	expect((id as string).length).toBeLessThanOrEqual(128);
}

const E164 = /^\+[1-9]\d{1,14}$/;
const HLR_VERDICTS = ['reachable', 'unreachable', 'invalid', 'blocked', 'pending', 'unknown'];
function expectPhoneNumber(phoneNumber: unknown) {
	if (phoneNumber !== null) expect(phoneNumber).toEqual(expect.stringMatching(E164));
}

describe('classifyCallback and the parse functions', () => {
	test('never throw; receivedAt, ids, phone numbers and the rest keep their shape', () => {
		fc.assert(
			fc.property(fields, now, (given, receivedAt) => {
				const event = classifyCallback(given);
				expect(EVENTS).toContain(event);

				const reply = parseReply(given, receivedAt);
				expect(['reply', 'stop']).toContain(reply.event);
				expectParisIso(reply.receivedAt);
				expect(Date.parse(reply.receivedAt)).toBe(receivedAt);
				expectId(reply.messageId);
				expectPhoneNumber(reply.phoneNumber);
				if (reply.text !== null) expect(typeof reply.text).toBe('string');
				if (event === 'reply' || event === 'stop') expect(reply.event).toBe(event);

				const report = parseDeliveryReport(given, receivedAt);
				expectParisIso(report.receivedAt);
				expect(Date.parse(report.receivedAt)).toBe(receivedAt);
				expectId(report.messageId);
				expectPhoneNumber(report.phoneNumber);
				expect(['delivered', 'notDelivered', 'waiting', 'unknown']).toContain(report.status);
				if (report.smsPartnerStatus !== null) {
					expect(typeof report.smsPartnerStatus).toBe('string');
					expect(report.smsPartnerStatus.length).toBeLessThanOrEqual(60);
				} else expect(report.status).toBe('unknown');
				if (report.statusAt !== null) expectParisIso(report.statusAt);
				if (report.cost !== null) expect(Number.isFinite(report.cost)).toBe(true);
				if (report.tag !== null) expect(report.tag.length).toBeLessThanOrEqual(64);

				const hlr = parseHlrResult(given, receivedAt);
				expect(hlr.event).toBe('hlrResult');
				expectParisIso(hlr.receivedAt);
				expect(Date.parse(hlr.receivedAt)).toBe(receivedAt);
				expectId(hlr.messageId);
				expectPhoneNumber(hlr.phoneNumber);
				expect(HLR_VERDICTS).toContain(hlr.status);
				expect(hlr.reachable).toBe(
					hlr.status === 'reachable'
						? true
						: ['unreachable', 'invalid', 'blocked'].includes(hlr.status)
							? false
							: null,
				);
				for (const flag of [hlr.ported, hlr.roaming]) expect([true, false, null]).toContain(flag);
				if (hlr.mccMnc !== null) {
					expect(hlr.mccMnc).toMatch(/^\d{5,6}$/);
					expect(`${hlr.mcc}${hlr.mnc}`).toBe(hlr.mccMnc);
				} else expect([hlr.mcc, hlr.mnc]).toEqual([null, null]);
				if (hlr.checkedAt !== null) expectParisIso(hlr.checkedAt);
				if (hlr.error !== null) {
					expect([null, 'ok', 'handsetError', 'userError', 'operatorError']).toContain(
						hlr.error.group,
					);
					expect(hlr.error.group === null).toBe(hlr.error.groupId === null);
					if (hlr.error.name !== null) expect(hlr.error.name).toMatch(/^[A-Z][A-Z0-9_]{0,63}$/);
					if (hlr.error.description !== null)
						expect(hlr.error.description.length).toBeLessThanOrEqual(200);
				}
				if (hlr.hlrStatus !== null)
					expect([null, 'pending', 'undeliverable', 'delivered', 'expired', 'rejected']).toContain(
						hlr.hlrStatus.group,
					);
				if (event === 'hlrResult')
					expect(fieldTextOf(given, HLR_RESULT_SIGNATURE)).not.toBeUndefined();

				const part = parseLongNumberPart(given, receivedAt);
				expectParisIso(part.receivedAt);
				expectId(part.messageId);
				expectPhoneNumber(part.phoneNumber);
				expectPhoneNumber(part.to);
				expect(typeof part.text).toBe('string');
				if (part.keyword !== null) expect(part.keyword.length).toBeLessThanOrEqual(160);
				if (part.concat !== null) {
					const { ref, part: index, total } = part.concat;
					expect(ref.length).toBeGreaterThanOrEqual(1);
					expect(ref.length).toBeLessThanOrEqual(64);
					expect(Number.isInteger(index) && Number.isInteger(total)).toBe(true);
					expect(index).toBeGreaterThanOrEqual(1);
					expect(index).toBeLessThanOrEqual(total);
					expect(total).toBeGreaterThanOrEqual(2);
					expect(total).toBeLessThanOrEqual(255);
				}
			}),
			{ numRuns: 2000 },
		);
	});

	test("a long-number message's timestamp, any wall time from year 0 to 9999: receivedAt stays a Paris ISO date", () => {
		fc.assert(
			fc.property(wallTime, now, (timestamp, receivedAt) => {
				const part = parseLongNumberPart(
					{ msisdn: '33612345678', text: 'Bonjour', 'message-timestamp': timestamp },
					receivedAt,
				);
				expectParisIso(part.receivedAt);
				const report = parseDeliveryReport({ messageId: '1', date: timestamp }, receivedAt);
				if (report.statusAt !== null) expectParisIso(report.statusAt);
			}),
			{ numRuns: 2000 },
		);
	});
});

/** A field as the classifier reads names: the first key with that name in any case; its text when it is a scalar. */
function fieldTextOf(given: CallbackFields, names: readonly string[]): string | undefined {
	for (const name of names) {
		const actual = Object.keys(given).find((key) => key.toLowerCase() === name.toLowerCase());
		if (actual === undefined) continue;
		const found = given[actual];
		const text =
			typeof found === 'string'
				? found
				: (typeof found === 'number' && Number.isFinite(found)) || typeof found === 'boolean'
					? String(found)
					: undefined;
		if (text !== undefined && text.trim() !== '') return text;
	}
	return undefined;
}

describe('HLR results and delivery reports are never taken for one another', () => {
	const statusName = fc.constantFrom(...DELIVERY_REPORT_FIELDS.status);
	const statusValue = fc.oneof(
		tricky.filter((text) => text.trim() !== ''),
		fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== ''),
		fc.integer(),
		fc.boolean(),
	);

	test('anything carrying a delivery status is never an HLR result, whatever HLR fields beside it', () => {
		fc.assert(
			fc.property(
				fc.tuple(hlrShaped(), fields),
				statusName,
				statusValue,
				([hlr, others], name, status) => {
					// The status first of its name in any case, as the readers take it.
					const given = withOwnKeys([
						[name, status],
						...[...Object.entries(hlr), ...Object.entries(others)].filter(
							([other]) => other.toLowerCase() !== name.toLowerCase(),
						),
					]);
					expect(classifyCallback(given)).not.toBe('hlrResult');
				},
			),
			{ numRuns: 2000 },
		);
	});

	/** Names no reply, long-number message or delivery status uses. */
	const notOtherSignatures = (name: string) =>
		![
			'type',
			'phone_number',
			'msisdn',
			'text',
			...DELIVERY_REPORT_FIELDS.status.map((status) => status.toLowerCase()),
		].includes(name.toLowerCase());

	test('without a delivery status (nor a reply or long-number signature): an HLR result exactly when an HLR name has a value', () => {
		const others = fc
			.dictionary(key, value, { maxKeys: 6 })
			.map((dictionary) => Object.entries(dictionary).filter(([name]) => notOtherSignatures(name)));
		fc.assert(
			fc.property(hlrShaped(), others, (hlr, extra) => {
				const given = withOwnKeys([...extra, ...Object.entries(hlr)]);
				const expected =
					fieldTextOf(given, HLR_RESULT_SIGNATURE) !== undefined ? 'hlrResult' : 'deliveryReport';
				expect(classifyCallback(given)).toBe(expected);
			}),
			{ numRuns: 2000 },
		);
	});

	test('what the sandbox posts: its delivery reports are delivery reports, its HLR results HLR results', () => {
		const report = fc.record({
			messageId: fc.integer({ min: 1, max: 99_999_999 }).map(String),
			phoneNumber: fc.constantFrom('+33612345678', '+447911123456'),
			status: fc.constantFrom('Delivered', 'Not delivered', 'Waiting'),
			date: wallTime,
			cost: fc.constantFrom(0.045, '0.045', 0.035),
			tag: fc.option(fc.constantFrom('promo', 'hlr'), { nil: undefined }),
		});
		const hlr = fc.record({
			phone: fc.constantFrom('+33612345678', '+447911123456'),
			messageId: fc.uuid(),
			mccMnc: fc.option(fc.constantFrom('20801', '20810'), { nil: undefined }),
			ported: fc.constantFrom(0, '0'),
			errorGrpId: fc.constantFrom(0, 1, '0', '1'),
			errorName: fc.constantFrom('NO_ERROR', 'EC_ABSENT_SUBSCRIBER', 'EC_UNKNOWN_SUBSCRIBER'),
			errorDesc: fc.string({ maxLength: 20 }),
			date: fc.constant('2018-03-05T10:34:52.355+0000'),
		});
		const defined = (given: Record<string, unknown>) =>
			withOwnKeys(Object.entries(given).filter(([, field]) => field !== undefined));
		fc.assert(
			fc.property(report, hlr, (dlr, result) => {
				expect(classifyCallback(defined(dlr))).toBe('deliveryReport');
				expect(classifyCallback(defined(result))).toBe('hlrResult');
			}),
			{ numRuns: 500 },
		);
	});
});

describe('callbackFingerprint', () => {
	const shuffled = <T>(items: T[]) =>
		fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });

	test('the same fields in any key order give the same fingerprint', () => {
		fc.assert(
			fc.property(
				fields.chain((given) => fc.tuple(fc.constant(given), shuffled(Object.entries(given)))),
				fc.constantFrom(...EVENTS),
				([given, entries], event) => {
					expect(callbackFingerprint(event, withOwnKeys(entries))).toBe(
						callbackFingerprint(event, given),
					);
				},
			),
			{ numRuns: 1000 },
		);
	});

	/** Whether the node must see `a` and `b` as the same value: a form gives "1" where JSON gives 1. */
	const sameAsText = (a: unknown, b: string) =>
		(typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') && String(a) === b;

	test('a value that differs, a field more or a field less, or another event: another fingerprint', () => {
		fc.assert(
			fc.property(
				fields.filter((given) => Object.keys(given).length > 0),
				fc.nat(),
				fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), tricky),
				fc.constantFrom(...EVENTS),
				fc.constantFrom(...EVENTS),
				(given, which, replacement, event, otherEvent) => {
					const names = Object.keys(given);
					const name = names[which % names.length];
					const print = callbackFingerprint(event, given);
					if (!sameAsText(given[name], replacement)) {
						const changed = withOwnKeys(
							Object.entries(given).map(([n, v]) => [n, n === name ? replacement : v]),
						);
						expect(callbackFingerprint(event, changed)).not.toBe(print);
					}
					const fewer = withOwnKeys(Object.entries(given).filter(([n]) => n !== name));
					expect(callbackFingerprint(event, fewer)).not.toBe(print);
					if (!Object.prototype.hasOwnProperty.call(given, `${name}+`)) {
						const more = withOwnKeys([...Object.entries(given), [`${name}+`, replacement]]);
						expect(callbackFingerprint(event, more)).not.toBe(print);
					}
					if (otherEvent !== event) expect(callbackFingerprint(otherEvent, given)).not.toBe(print);
				},
			),
			{ numRuns: 1000 },
		);
	});

	test('the same text fields read from a form, a GET query and JSON give the same fingerprint', () => {
		fc.assert(
			fc.property(
				fc.dictionary(
					key.filter((name) => name !== 'secret'),
					fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), tricky),
					{
						minKeys: 1,
						maxKeys: 8,
					},
				),
				(given) => {
					const form = new URLSearchParams(Object.entries(given)).toString();
					const json = JSON.stringify(given);
					const readings = [
						read({
							method: 'GET',
							query: { ...parseQueryString(form) },
							body: undefined,
							rawBody: Buffer.alloc(0),
						}),
						read({
							method: 'POST',
							query: {},
							body: { ...parseQueryString(form) },
							rawBody: Buffer.from(form),
							contentType: 'application/x-www-form-urlencoded',
						}),
						read({
							method: 'POST',
							query: {},
							body: JSON.parse(json),
							rawBody: Buffer.from(json),
							contentType: 'application/json',
						}),
					];
					const prints = readings.map((reading) => {
						if (!('fields' in reading)) throw new Error(`refused: ${JSON.stringify(reading)}`);
						return callbackFingerprint(classifyCallback(reading.fields), reading.fields);
					});
					expect(new Set(prints).size).toBe(1);
				},
			),
			{ numRuns: 500 },
		);
	});
});

describe('a long SMS, through the trigger served as n8n serves it', () => {
	let server: WebhookServer;
	beforeAll(async () => {
		server = await start({ secret: SECRET, events: ['longNumberMessage'] });
	});
	afterAll(async () => {
		await server.settled();
		await server.close();
	});

	const encodings = ['GET query', 'POST JSON', 'POST form'] as const;
	async function send(encoding: (typeof encodings)[number], fields: Record<string, string>) {
		const query = new URLSearchParams(fields).toString();
		const response =
			encoding === 'GET query'
				? await fetch(`${server.url}?${query}`)
				: await fetch(server.url, {
						method: 'POST',
						headers: {
							'content-type':
								encoding === 'POST JSON' ? 'application/json' : 'application/x-www-form-urlencoded',
						},
						body: encoding === 'POST JSON' ? JSON.stringify(fields) : query,
					});
		await response.arrayBuffer();
		return response.status;
	}

	test('any text split in 2 to 10 parts, posted in any order and encoding, joins back exactly, once', async () => {
		let ref = 0;
		const message = fc
			.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 25 }), {
				minLength: 2,
				maxLength: 10,
			})
			.chain((parts) =>
				fc.tuple(
					fc.constant(parts),
					fc.shuffledSubarray(
						parts.map((_, index) => index),
						{ minLength: parts.length, maxLength: parts.length },
					),
					fc.array(fc.constantFrom(...encodings), {
						minLength: parts.length,
						maxLength: parts.length,
					}),
				),
			);
		await fc.assert(
			fc.asyncProperty(message, async ([parts, order, encodingOf]) => {
				ref++;
				const executionsBefore = server.executions.length;
				for (const [position, index] of order.entries()) {
					const status = await send(encodingOf[position], {
						msisdn: '33612345678',
						to: '33700000000',
						messageId: `part-${ref}-${index + 1}`,
						text: parts[index],
						type: 'text',
						'message-timestamp': '2024-07-14 10:00:00',
						concat: 'true',
						'concat-ref': String(ref),
						'concat-total': String(parts.length),
						'concat-part': String(index + 1),
					});
					expect(status).toBe(200);
				}
				const [item, ...others] = await server.nextExecution();
				await server.settled();
				expect(others).toEqual([]);
				expect(server.executions.length).toBe(executionsBefore + 1);
				expect(item).toMatchObject({
					event: 'longNumberMessage',
					text: parts.join(''),
					complete: true,
					parts: parts.length,
					totalParts: parts.length,
					receivedAt: '2024-07-14T10:00:00+02:00',
					messageIds: parts.map((_, index) => `part-${ref}-${index + 1}`),
				} as IDataObject);
			}),
			{ numRuns: 60 },
		);
		expect(server.failures).toEqual([]);
	});
});
