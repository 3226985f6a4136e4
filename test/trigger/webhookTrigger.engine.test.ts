/**
 * The SMS Partner Webhook Trigger served over HTTP as n8n serves it (test/support/
 * webhookHarness.ts): activated with n8n-core's HookContext, called with n8n-core's
 * WebhookContext, its executions run by n8n-core's WorkflowExecute. SMS Partner's
 * documented payloads (smspartner-sms-api.md §6, and the HLR result example of SMS
 * Partner's "Send a Verification" page) are posted byte for byte; what each starts is
 * read from the node after the trigger.
 */
import { HookContext } from 'n8n-core';
import {
	NodeOperationError,
	Workflow,
	type IDataObject,
	type INode,
	type IWebhookData,
	type IWorkflowSettings,
} from 'n8n-workflow';

import { operation, run, sandboxFixture } from '../support/fixtures';
import { additionalDataFor } from '../support/harness';
import { parisOffset } from '../support/paris';
import {
	SmsPartnerWebhookTrigger,
	start,
	WEBHOOK_TRIGGER_NAME,
	WEBHOOK_TRIGGER_TYPE,
	type StartOptions,
	type WebhookServer,
} from '../support/webhookHarness';

const SECRET = 'k3F9q-Lr2XvW7mPz0aB4sYtN8cHdJe6u';
const OTHER_SECRET = 'k3F9q-Lr2XvW7mPz0aB4sYtN8cHdJe6v';

const servers: WebhookServer[] = [];
async function serve(options: Partial<StartOptions> = {}): Promise<WebhookServer> {
	const server = await start({ secret: SECRET, ...options });
	servers.push(server);
	return server;
}
afterEach(async () => {
	const open = servers.splice(0);
	for (const server of open) {
		await server.settled();
		await server.close();
		// Nothing went wrong inside n8n's handling: no webhook() threw, no run failed.
		expect(server.failures).toEqual([]);
	}
});

interface Answer {
	status: number;
	body: unknown;
}

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
	const response = await fetch(url, init);
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// Not JSON: kept as text.
	}
	return { status: response.status, body };
}

const post = (url: string, body: string, contentType: string) =>
	send(url, { method: 'POST', body, headers: { 'content-type': contentType } });
const postJson = (url: string, body: string) => post(url, body, 'application/json');
const postForm = (url: string, fields: Record<string, string>) =>
	post(url, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
const get = (url: string, fields: Record<string, string> = {}) => {
	const query = new URLSearchParams(fields).toString();
	return send(query === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${query}`);
};

type Encoding = 'GET query' | 'POST JSON' | 'POST form';
const ENCODINGS: Encoding[] = ['GET query', 'POST JSON', 'POST form'];
function sendAs(encoding: Encoding, url: string, fields: Record<string, string>) {
	if (encoding === 'GET query') return get(url, fields);
	if (encoding === 'POST JSON') return postJson(url, JSON.stringify(fields));
	return postForm(url, fields);
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?[+-]\d{2}:\d{2}$/;

/** A receivedAt that is when n8n received the request, written with Paris's offset then. */
function expectReceivedBetween(value: unknown, before: number, after: number) {
	expect(value).toEqual(expect.stringMatching(ISO_WITH_OFFSET));
	const at = Date.parse(value as string);
	expect(at).toBeGreaterThanOrEqual(before);
	expect(at).toBeLessThanOrEqual(after);
	expect((value as string).slice(-6)).toBe(parisOffset(at));
}

/** The single execution a request started, once the server has settled. */
async function onlyExecution(server: WebhookServer): Promise<IDataObject[]> {
	await server.settled();
	expect(server.started()).toBe(1);
	expect(server.executions).toHaveLength(1);
	return server.executions[0];
}

async function expectNothingStarted(server: WebhookServer) {
	await server.settled();
	expect(server.started()).toBe(0);
	expect(server.executions).toEqual([]);
}

describe('activation registers what n8n would', () => {
	test('POST and GET on sms/<secret> and on sms, under the webhook id', async () => {
		const server = await serve();
		const id = server.webhookId;
		expect(server.registered.sort()).toEqual(
			[
				`GET ${id}/sms`,
				`GET ${id}/sms/${SECRET}`,
				`POST ${id}/sms`,
				`POST ${id}/sms/${SECRET}`,
			].sort(),
		);
		expect(server.url).toBe(`${server.baseUrl}/webhook/${id}/sms/${SECRET}`);
	});
});

describe('replies and STOPs: the JSON SMS Partner posts (§6.2)', () => {
	const reply = (messageId: string) =>
		`{ "type": "response", "phone_number": "+33612345678", "text": "Oui, je confirme", "message_id": ${messageId} }`;

	test.each([
		['a number (G3)', '48213377', '48213377', 48213377],
		['a string (S17, G4)', '"123"', '123', '123'],
		// JSON.parse would give 12345678901234567000.
		['a 20-digit number', '12345678901234567890', '12345678901234567890', '12345678901234567890'],
	])('message_id as %s', async (_name, literal, messageId, rawMessageId) => {
		const server = await serve();
		const before = Date.now();
		const answer = await postJson(server.url, reply(literal));
		const after = Date.now();
		expect(answer).toEqual({ status: 200, body: { received: true } });
		const [item, ...others] = await onlyExecution(server);
		expect(others).toEqual([]);
		expect(item).toEqual({
			event: 'reply',
			messageId,
			phoneNumber: '+33612345678',
			text: 'Oui, je confirme',
			receivedAt: expect.any(String),
			raw: {
				type: 'response',
				phone_number: '+33612345678',
				text: 'Oui, je confirme',
				message_id: rawMessageId,
			},
		});
		expectReceivedBetween(item.receivedAt, before, after);
	});

	test('the STOP example, byte for byte', async () => {
		const server = await serve();
		const before = Date.now();
		const answer = await postJson(
			server.url,
			'{ "type": "stop", "phone_number": "+33612345678", "text": "STOP", "message_id": 48213377 }',
		);
		const after = Date.now();
		expect(answer).toEqual({ status: 200, body: { received: true } });
		const [item] = await onlyExecution(server);
		expect(item).toEqual({
			event: 'stop',
			messageId: '48213377',
			phoneNumber: '+33612345678',
			text: 'STOP',
			receivedAt: expect.any(String),
			raw: { type: 'stop', phone_number: '+33612345678', text: 'STOP', message_id: 48213377 },
		});
		expectReceivedBetween(item.receivedAt, before, after);
	});
});

describe('messages to a long number (§6.3)', () => {
	const message = {
		msisdn: '33612345678',
		to: '33700000000',
		messageId: '0200000012AB34CD',
		text: 'Bonjour',
		type: 'text',
		keyword: 'BONJOUR',
	};

	test.each(ENCODINGS)(
		'one SMS as %s: the sender in international form, message-timestamp read as Paris time',
		async (encoding) => {
			const server = await serve();
			const winter = { ...message, 'message-timestamp': '2016-03-10 09:51:46' };
			const summer = {
				...message,
				messageId: '0200000012AB34CE',
				'message-timestamp': '2024-07-14 23:30:00',
			};
			expect(await sendAs(encoding, server.url, winter)).toEqual({
				status: 200,
				body: { received: true },
			});
			const [first] = await server.nextExecution();
			expect(first).toEqual({
				event: 'longNumberMessage',
				messageId: '0200000012AB34CD',
				phoneNumber: '+33612345678',
				to: '+33700000000',
				text: 'Bonjour',
				keyword: 'BONJOUR',
				receivedAt: '2016-03-10T09:51:46+01:00',
				complete: true,
				parts: 1,
				totalParts: 1,
				messageIds: ['0200000012AB34CD'],
				raw: winter,
			});
			await sendAs(encoding, server.url, summer);
			const [second] = await server.nextExecution();
			expect(second).toMatchObject({
				messageId: '0200000012AB34CE',
				receivedAt: '2024-07-14T23:30:00+02:00',
				raw: summer,
			});
			await server.settled();
			expect(server.executions).toHaveLength(2);
		},
	);
});

describe('delivery reports (undocumented: GET query, POST JSON, POST form)', () => {
	const sandboxLike = {
		messageId: '48213377',
		phoneNumber: '+33612345678',
		status: 'Delivered',
		date: '2024-07-14 10:00:00',
		cost: '0.045',
	};

	test.each(ENCODINGS)('the sandbox-like fields as %s', async (encoding) => {
		const server = await serve();
		const before = Date.now();
		expect(await sendAs(encoding, server.url, sandboxLike)).toEqual({
			status: 200,
			body: { received: true },
		});
		const after = Date.now();
		const [item] = await onlyExecution(server);
		expect(item).toEqual({
			event: 'deliveryReport',
			messageId: '48213377',
			phoneNumber: '+33612345678',
			status: 'delivered',
			smsPartnerStatus: 'Delivered',
			statusAt: '2024-07-14T10:00:00+02:00',
			cost: 0.045,
			tag: null,
			receivedAt: expect.any(String),
			raw: sandboxLike,
		});
		expectReceivedBetween(item.receivedAt, before, after);
	});

	test('a POST with an empty body and the fields in its query', async () => {
		const server = await serve();
		const query = new URLSearchParams(sandboxLike).toString();
		expect(await send(`${server.url}?${query}`, { method: 'POST' })).toEqual({
			status: 200,
			body: { received: true },
		});
		const [item] = await onlyExecution(server);
		expect(item).toMatchObject({ messageId: '48213377', status: 'delivered', raw: sandboxLike });
	});

	test('cost as a JSON number', async () => {
		const server = await serve();
		await postJson(
			server.url,
			'{"messageId": 48213377, "phoneNumber": "+33612345678", "status": "Not delivered", "cost": 0.045}',
		);
		const [item] = await onlyExecution(server);
		expect(item).toMatchObject({ messageId: '48213377', status: 'notDelivered', cost: 0.045 });
	});

	test.each<[string, Record<string, string>, IDataObject]>([
		[
			'Not delivered',
			{ ...sandboxLike, status: 'Not delivered' },
			{ status: 'notDelivered', smsPartnerStatus: 'Not delivered' },
		],
		[
			'Waiting',
			{ ...sandboxLike, status: 'Waiting' },
			{ status: 'waiting', smsPartnerStatus: 'Waiting' },
		],
		[
			'message_id, number, statut',
			{ message_id: '48213377', number: '+33612345678', statut: 'Delivered' },
			{
				messageId: '48213377',
				phoneNumber: '+33612345678',
				status: 'delivered',
				smsPartnerStatus: 'Delivered',
			},
		],
		[
			'stat: DELIVRD (SMPP)',
			{ message_id: '48213377', number: '33612345678', stat: 'DELIVRD' },
			{
				messageId: '48213377',
				phoneNumber: '+33612345678',
				status: 'delivered',
				smsPartnerStatus: 'DELIVRD',
			},
		],
		[
			'stat: UNDELIV, msisdn without +',
			{ id: '48213377', msisdn: '33612345678', stat: 'UNDELIV' },
			{
				messageId: '48213377',
				phoneNumber: '+33612345678',
				status: 'notDelivered',
				smsPartnerStatus: 'UNDELIV',
			},
		],
		[
			'a word nobody knows',
			{ ...sandboxLike, status: 'Bounced by the moon' },
			{ status: 'unknown', smsPartnerStatus: 'Bounced by the moon' },
		],
	])('%s', async (_name, fields, expected) => {
		for (const encoding of ENCODINGS) {
			const server = await serve();
			await sendAs(encoding, server.url, fields);
			const [item] = await onlyExecution(server);
			expect(item).toMatchObject({ event: 'deliveryReport', ...expected, raw: fields });
		}
	});

	test.each(ENCODINGS)('a report of one unknown field is not dropped (%s)', async (encoding) => {
		const server = await serve();
		expect(await sendAs(encoding, server.url, { foo: 'bar' })).toEqual({
			status: 200,
			body: { received: true },
		});
		const [item] = await onlyExecution(server);
		expect(item).toEqual({
			event: 'deliveryReport',
			messageId: null,
			phoneNumber: null,
			status: 'unknown',
			smsPartnerStatus: null,
			statusAt: null,
			cost: null,
			tag: null,
			receivedAt: expect.stringMatching(ISO_WITH_OFFSET),
			raw: { foo: 'bar' },
		});
	});
});

describe('the secret', () => {
	const report = { messageId: '48213377', status: 'Delivered' };

	test('none: 403 for POST and GET, nothing started', async () => {
		const server = await serve();
		expect(await postJson(server.bareUrl, JSON.stringify(report))).toMatchObject({ status: 403 });
		expect(await get(server.bareUrl, report)).toMatchObject({ status: 403 });
		expect(await postForm(server.bareUrl, report)).toMatchObject({ status: 403 });
		await expectNothingStarted(server);
	});

	test('a wrong ?secret= on /sms: 403, nothing started', async () => {
		const server = await serve();
		for (const wrong of [
			OTHER_SECRET,
			SECRET.slice(0, -1),
			`${SECRET}x`,
			'',
			SECRET.toLowerCase(),
		]) {
			expect(
				await get(`${server.bareUrl}?secret=${encodeURIComponent(wrong)}`, report),
			).toMatchObject({
				status: 403,
			});
			expect(
				await postJson(
					`${server.bareUrl}?secret=${encodeURIComponent(wrong)}`,
					JSON.stringify(report),
				),
			).toMatchObject({ status: 403 });
		}
		await expectNothingStarted(server);
	});

	test('the right ?secret= on /sms: accepted, and the secret is not in raw', async () => {
		const server = await serve();
		expect(await get(`${server.bareUrl}?secret=${SECRET}`, report)).toEqual({
			status: 200,
			body: { received: true },
		});
		const [item] = await onlyExecution(server);
		expect(item).toMatchObject({ event: 'deliveryReport', messageId: '48213377', raw: report });
		expect(JSON.stringify(server.executions)).not.toContain(SECRET);
	});

	test('the right ?secret= on a POST to /sms, fields in the JSON body', async () => {
		const server = await serve();
		await postJson(
			`${server.bareUrl}?secret=${SECRET}`,
			'{ "type": "stop", "phone_number": "+33612345678", "text": "STOP", "message_id": 48213377 }',
		);
		const [item] = await onlyExecution(server);
		expect(item).toMatchObject({ event: 'stop', messageId: '48213377' });
		expect(JSON.stringify(item)).not.toContain(SECRET);
	});

	test("a wrong secret in the path: 404, n8n's routing finds no webhook", async () => {
		const server = await serve();
		const wrongUrl = `${server.bareUrl}/${OTHER_SECRET}`;
		expect(await postJson(wrongUrl, JSON.stringify(report))).toMatchObject({ status: 404 });
		expect(await get(wrongUrl, report)).toMatchObject({ status: 404 });
		// Even with the right secret beside it in the query.
		expect(await get(`${wrongUrl}?secret=${SECRET}`, report)).toMatchObject({ status: 404 });
		await expectNothingStarted(server);
	});
});

describe('bodies that are not a callback', () => {
	test.each<{ name: string; body: string; contentType: string; status: number }>([
		// n8n's own body parser refuses it before the node runs (UnprocessableRequestError).
		{
			name: "invalid JSON, refused by n8n's body parser",
			body: '{"type": "stop", "phone_number": ',
			contentType: 'application/json',
			status: 422,
		},
		// A JSON type n8n leaves unparsed: the node reads the raw body and refuses it.
		{
			name: 'invalid JSON',
			body: '{"type": "stop", "phone_number": ',
			contentType: 'text/json',
			status: 400,
		},
		{
			name: 'JSON cut short',
			body: '{"type": ',
			contentType: 'application/vnd.api+json',
			status: 400,
		},
		{
			name: 'a JSON array',
			body: '[{"type": "stop", "phone_number": "+33612345678"}]',
			contentType: 'application/json',
			status: 400,
		},
		{ name: 'a JSON string', body: '"stop"', contentType: 'application/json', status: 400 },
		{
			name: 'a JSON string that reads as a form',
			body: '"type=stop&phone_number=%2B33612345678&text=STOP"',
			contentType: 'application/json',
			status: 400,
		},
		{ name: 'a JSON number', body: '48213377', contentType: 'application/json', status: 400 },
		{ name: 'JSON null', body: 'null', contentType: 'application/json', status: 400 },
		{ name: 'an empty POST', body: '', contentType: 'application/json', status: 400 },
		{ name: 'an empty text POST', body: '', contentType: 'text/plain', status: 400 },
		{
			name: 'an empty form',
			body: '',
			contentType: 'application/x-www-form-urlencoded',
			status: 400,
		},
		{ name: 'an empty JSON object', body: '{}', contentType: 'application/json', status: 400 },
		{
			name: 'plain text',
			body: 'hello, is this SMS Partner?',
			contentType: 'text/plain',
			status: 400,
		},
		{
			name: '70 KB of JSON',
			body: JSON.stringify({ messageId: '1', text: 'x'.repeat(70 * 1024) }),
			contentType: 'application/json',
			status: 413,
		},
		{
			name: '70 KB of form',
			body: `messageId=1&text=${'x'.repeat(70 * 1024)}`,
			contentType: 'application/x-www-form-urlencoded',
			status: 413,
		},
		{
			name: '70 KB of text',
			body: `messageId=1&text=${'x'.repeat(70 * 1024)}`,
			contentType: 'text/plain',
			status: 413,
		},
		{
			name: '70 KB of octets',
			body: 'x'.repeat(70 * 1024),
			contentType: 'application/octet-stream',
			status: 413,
		},
	])('$name ($contentType): $status, nothing started', async ({ body, contentType, status }) => {
		const server = await serve();
		const answer = await post(server.url, body, contentType);
		expect(answer.status).toBe(status);
		await expectNothingStarted(server);
	});

	test('an empty GET, or a POST with neither body nor type: 400, nothing started', async () => {
		const server = await serve();
		expect((await get(server.url)).status).toBe(400);
		expect((await send(server.url, { method: 'POST' })).status).toBe(400);
		await expectNothingStarted(server);
	});
});

describe('events not chosen', () => {
	type Payload = { json: string } | { as: Encoding; fields: Record<string, string> };
	test.each<[string, StartOptions['events'], Payload]>([
		[
			'a reply, only delivery reports chosen',
			['deliveryReport'],
			{
				json: '{ "type": "response", "phone_number": "+33612345678", "text": "Oui", "message_id": 1 }',
			},
		],
		[
			'a STOP, only replies chosen',
			['reply'],
			{
				json: '{ "type": "stop", "phone_number": "+33612345678", "text": "STOP", "message_id": 1 }',
			},
		],
		[
			'a delivery report, only STOPs chosen',
			['stop'],
			{ as: 'GET query', fields: { messageId: '1', status: 'Delivered' } },
		],
		[
			'a long-number message, only replies and STOPs chosen',
			['reply', 'stop'],
			{ as: 'POST form', fields: { msisdn: '33612345678', to: '33700000000', text: 'Bonjour' } },
		],
	])('%s: 200, nothing started', async (_name, events, payload) => {
		const server = await serve({ events });
		const answer =
			'json' in payload
				? await postJson(server.url, payload.json)
				: await sendAs(payload.as, server.url, payload.fields);
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ received: true });
		await expectNothingStarted(server);
	});
});

describe('repeats', () => {
	const reply =
		'{"type": "response", "phone_number": "+33612345678", "text": "Oui", "message_id": 48213377}';
	const reordered =
		'{"message_id": 48213377, "text": "Oui", "type": "response", "phone_number": "+33612345678"}';
	const report = {
		messageId: '48213377',
		phoneNumber: '+33612345678',
		status: 'Delivered',
		cost: '0.045',
	};

	test('the same callback twice: one execution', async () => {
		const server = await serve();
		expect(await postJson(server.url, reply)).toEqual({ status: 200, body: { received: true } });
		expect(await postJson(server.url, reply)).toEqual({
			status: 200,
			body: { received: true, repeat: true },
		});
		await onlyExecution(server);
	});

	test('its keys in another order: one execution', async () => {
		const server = await serve();
		await postJson(server.url, reply);
		await postJson(server.url, reordered);
		await onlyExecution(server);
	});

	test('as a form, then as JSON with the same values (a number as JSON): one execution', async () => {
		const server = await serve();
		await postForm(server.url, report);
		await postJson(
			server.url,
			'{"cost": 0.045, "status": "Delivered", "phoneNumber": "+33612345678", "messageId": 48213377}',
		);
		await get(server.url, report);
		await onlyExecution(server);
	});

	test('a value that differs is no repeat', async () => {
		const server = await serve();
		await postForm(server.url, report);
		await postForm(server.url, { ...report, status: 'Not delivered' });
		await server.settled();
		expect(server.executions.map(([item]) => item.status)).toEqual(['delivered', 'notDelivered']);
	});

	test('with Ignore Repeats Within 0: every one starts', async () => {
		const server = await serve({ options: { repeatWindowMinutes: 0 } });
		await postJson(server.url, reply);
		await postJson(server.url, reply);
		await server.settled();
		expect(server.executions).toHaveLength(2);
		const [[first], [second]] = server.executions;
		const withoutTime = (item: IDataObject) =>
			Object.fromEntries(Object.entries(item).filter(([name]) => name !== 'receivedAt'));
		expect(first.event).toBe('reply');
		expect(withoutTime(second)).toEqual(withoutTime(first));
	});

	test('two trigger nodes do not share their memory', async () => {
		const first = await serve();
		const second = await serve();
		await postJson(first.url, reply);
		await postJson(second.url, reply);
		await onlyExecution(first);
		await onlyExecution(second);
	});
});

describe('long SMS to a long number: parts joined by concat-ref, in concat-part order', () => {
	const base = {
		msisdn: '33612345678',
		to: '33700000000',
		type: 'text',
		keyword: 'MESSAGELONG',
		'message-timestamp': '2016-03-10 09:51:46',
		concat: 'true',
		'concat-ref': '171',
	};
	const texts = ['Bonjour, ceci est un message long ', 'qui arrive en trois ', 'morceaux.'];
	function part(index: number, total: number, extra: Record<string, string> = {}) {
		return {
			...base,
			messageId: `02000000000000${index}`,
			text: texts[index - 1],
			'concat-total': String(total),
			'concat-part': String(index),
			...extra,
		};
	}

	test.each(ENCODINGS)('2 parts in order (%s): one item, joined, complete', async (encoding) => {
		const server = await serve();
		expect(await sendAs(encoding, server.url, part(1, 2))).toEqual({
			status: 200,
			body: { received: true },
		});
		expect(server.started()).toBe(0);
		expect(await sendAs(encoding, server.url, part(2, 2))).toEqual({
			status: 200,
			body: { received: true },
		});
		const [item, ...others] = await onlyExecution(server);
		expect(others).toEqual([]);
		expect(item).toEqual({
			event: 'longNumberMessage',
			messageId: '020000000000001',
			phoneNumber: '+33612345678',
			to: '+33700000000',
			text: 'Bonjour, ceci est un message long qui arrive en trois ',
			keyword: 'MESSAGELONG',
			receivedAt: '2016-03-10T09:51:46+01:00',
			complete: true,
			parts: 2,
			totalParts: 2,
			messageIds: ['020000000000001', '020000000000002'],
			raw: [part(1, 2), part(2, 2)],
		});
	});

	test('3 parts in reverse order: joined in concat-part order', async () => {
		const server = await serve();
		await postForm(server.url, part(3, 3));
		await postForm(server.url, part(2, 3));
		expect(server.started()).toBe(0);
		await postForm(server.url, part(1, 3));
		const [item] = await onlyExecution(server);
		expect(item).toMatchObject({
			text: texts.join(''),
			complete: true,
			parts: 3,
			totalParts: 3,
			messageIds: ['020000000000001', '020000000000002', '020000000000003'],
		});
	});

	test('a part repeated: still one message', async () => {
		const server = await serve();
		await postForm(server.url, part(1, 2));
		expect(await postForm(server.url, part(1, 2))).toEqual({
			status: 200,
			body: { received: true, repeat: true },
		});
		await postForm(server.url, part(2, 2));
		const [item] = await onlyExecution(server);
		expect(item).toMatchObject({ text: texts[0] + texts[1], parts: 2, complete: true });
	});

	test('a part repeated with Ignore Repeats Within 0: still one message, the part once', async () => {
		const server = await serve({ options: { repeatWindowMinutes: 0 } });
		await postForm(server.url, part(1, 2));
		await postJson(server.url, JSON.stringify(part(1, 2)));
		await postForm(server.url, part(2, 2));
		const [item] = await onlyExecution(server);
		expect(item).toMatchObject({
			text: texts[0] + texts[1],
			parts: 2,
			messageIds: ['020000000000001', '020000000000002'],
		});
	});

	test('two messages at once, told apart by concat-ref', async () => {
		const server = await serve();
		await postForm(server.url, part(1, 2));
		await postForm(server.url, part(2, 2, { 'concat-ref': '172', text: 'B2' }));
		await postForm(server.url, part(1, 2, { 'concat-ref': '172', text: 'B1' }));
		await postForm(server.url, part(2, 2));
		await server.settled();
		expect(server.executions.map(([item]) => item.text)).toEqual(['B1B2', texts[0] + texts[1]]);
	});

	test('the second part never comes: one item, complete: false, after Wait for Long SMS Parts', async () => {
		const server = await serve({ options: { partsWaitSeconds: 1 } });
		// The node answers at once and waits for the rest with the request's webhook() call.
		expect(await postForm(server.url, part(1, 2))).toEqual({
			status: 200,
			body: { received: true },
		});
		const [item, ...others] = await server.nextExecution();
		expect(others).toEqual([]);
		expect(item).toEqual({
			event: 'longNumberMessage',
			messageId: '020000000000001',
			phoneNumber: '+33612345678',
			to: '+33700000000',
			text: texts[0],
			keyword: 'MESSAGELONG',
			receivedAt: '2016-03-10T09:51:46+01:00',
			complete: false,
			parts: 1,
			totalParts: 2,
			messageIds: ['020000000000001'],
			raw: [part(1, 2)],
		});

		// The late part of that message starts nothing.
		expect(await postForm(server.url, part(2, 2))).toEqual({
			status: 200,
			body: { received: true },
		});
		await server.settled();
		expect(server.started()).toBe(1);
		expect(server.executions).toHaveLength(1);
	});

	test('a late part of a message emitted whole starts nothing', async () => {
		const server = await serve({ options: { repeatWindowMinutes: 0 } });
		await postForm(server.url, part(1, 2));
		await postForm(server.url, part(2, 2));
		await onlyExecution(server);
		// Not a repeat (Ignore Repeats is off): the message is known to be done.
		expect(await postForm(server.url, part(2, 2))).toEqual({
			status: 200,
			body: { received: true },
		});
		expect(await postForm(server.url, part(1, 2))).toEqual({
			status: 200,
			body: { received: true },
		});
		await server.settled();
		expect(server.started()).toBe(1);
	});
});

describe("activation: the Secret's check (webhookMethods)", () => {
	function hookContext(secret: string) {
		const node: INode = {
			id: 'webhook-trigger',
			name: WEBHOOK_TRIGGER_NAME,
			type: WEBHOOK_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'e4b7d0a2-0000-4000-8000-000000000000',
			parameters: { secret },
		};
		const nodeType = new SmsPartnerWebhookTrigger();
		const workflow = new Workflow({
			id: 'activation-test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: {
				getByName: () => nodeType,
				getByNameAndVersion: () => nodeType,
				getKnownTypes: () => ({}),
			},
			settings: { executionOrder: 'v1' } as IWorkflowSettings,
		});
		const additionalData = additionalDataFor({ apiKey: '', baseUrl: '' });
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${node.webhookId}/sms`,
			webhookDescription: nodeType.description.webhooks![0],
			workflowId: 'activation-test',
			workflowExecuteAdditionalData: additionalData,
		};
		const context = new HookContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData,
			'trigger',
			'activate',
			webhookData,
		);
		const methods = nodeType.webhookMethods!.default!;
		return {
			create: () => methods.create.call(context) as Promise<boolean>,
			checkExists: () => methods.checkExists.call(context) as Promise<boolean>,
		};
	}

	const SUGGESTION = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/;

	test.each([
		['empty', ''],
		['only spaces', '    '],
		['10 characters', 'abcdefghij'],
		['with a space', 'abcdefgh ijklmnopqrstuvwx'],
		['with a slash', 'abcdefgh/ijklmnopqrstuvwx'],
		['129 characters', 'a'.repeat(129)],
	])(
		'%s: create and checkExists throw a NodeOperationError naming Secret, with a suggestion that passes',
		async (_name, secret) => {
			for (const method of ['create', 'checkExists'] as const) {
				const error = await hookContext(secret)
					[method]()
					.then(
						() => undefined,
						(thrown: unknown) => thrown,
					);
				expect(error).toBeInstanceOf(NodeOperationError);
				const { message } = error as NodeOperationError;
				expect(message).toContain('Secret');
				const suggestion = SUGGESTION.exec(message)?.[0];
				expect(suggestion).toBeDefined();
				// The suggestion is one the check accepts, and a new one each time.
				await expect(hookContext(suggestion!).create()).resolves.toBe(true);
				const again = await hookContext(secret)
					[method]()
					.catch((thrown: Error) => thrown.message);
				expect(SUGGESTION.exec(String(again))?.[0]).not.toBe(suggestion);
			}
			// Activating the workflow fails the same way, and serves nothing.
			await expect(start({ secret })).rejects.toThrow(NodeOperationError);
		},
	);

	test.each([
		[
			'an Ignore Repeats Within that an expression left empty (every repeat would start)',
			{ repeatWindowMinutes: '' },
		],
		['an Ignore Repeats Within that is no number', { repeatWindowMinutes: 'ten' }],
		['a Wait for Long SMS Parts of 0 (every long SMS cut)', { partsWaitSeconds: 0 }],
		['a Wait for Long SMS Parts that an expression left empty', { partsWaitSeconds: '' }],
	])('activation refuses %s, naming the option', async (_what, options) => {
		await expect(start({ secret: SECRET, options: options as never })).rejects.toThrow(
			/(Ignore Repeats Within|Wait for Long SMS Parts) .*must be a number from/,
		);
	});

	test('a good secret passes: checkExists says no webhook exists, create registers it', async () => {
		const hooks = hookContext(SECRET);
		await expect(hooks.checkExists()).resolves.toBe(false);
		await expect(hooks.create()).resolves.toBe(true);
		await expect(hookContext('a'.repeat(16)).create()).resolves.toBe(true);
		await expect(hookContext('A-z_0'.repeat(25) + 'abc').create()).resolves.toBe(true);
	});
});

describe("HLR results (Number › HLR Lookup's Notify URL)", () => {
	// SMS Partner's example ("Send a Verification"), with its types: a PHP dump of
	// 'phone' => '+3300000000', 'ported' => 1, 'errorGrpId' => 0, 'errorName' => 'NO_ERROR '…
	const documented =
		'{ "phone": "+3300000000", "messageId": "1234-12344-1234-1234", "mccMnc": "20815", "ported": 1, "errorGrpId": 0, "errorName": "NO_ERROR ", "errorDesc": "No Error", "date": "2018-03-05T10:34:52.355+0000" }';
	const documentedAsText = {
		phone: '+3300000000',
		messageId: '1234-12344-1234-1234',
		mccMnc: '20815',
		ported: '1',
		errorGrpId: '0',
		errorName: 'NO_ERROR ',
		errorDesc: 'No Error',
		date: '2018-03-05T10:34:52.355+0000',
	};
	const reachable = {
		event: 'hlrResult',
		messageId: '1234-12344-1234-1234',
		phoneNumber: '+3300000000',
		status: 'reachable',
		reachable: true,
		ported: true,
		roaming: null,
		mccMnc: '20815',
		mcc: '208',
		mnc: '15',
		network: null,
		error: {
			groupId: 0,
			group: 'ok',
			id: 0,
			name: 'NO_ERROR',
			description: 'No Error',
			permanent: false,
		},
		hlrStatus: null,
		// 10:34:52.355 UTC is 11:34:52.355 in Paris that March.
		checkedAt: '2018-03-05T11:34:52.355+01:00',
		receivedAt: expect.any(String),
	};

	test("the documented example, byte for byte, as JSON: one item in the node's words, raw whole", async () => {
		const server = await serve();
		const before = Date.now();
		expect(await postJson(server.url, documented)).toEqual({
			status: 200,
			body: { received: true },
		});
		const after = Date.now();
		const [item, ...others] = await onlyExecution(server);
		expect(others).toEqual([]);
		expect(item).toEqual({ ...reachable, raw: JSON.parse(documented) });
		expectReceivedBetween(item.receivedAt, before, after);
	});

	test.each<Encoding>(['POST form', 'GET query'])(
		'the documented example as %s (every value text): the same item',
		async (encoding) => {
			const server = await serve();
			await sendAs(encoding, server.url, documentedAsText);
			const [item] = await onlyExecution(server);
			expect(item).toEqual({ ...reachable, raw: documentedAsText });
		},
	);

	const phone = '+33612345678';
	test.each<[string, Record<string, string>, IDataObject]>([
		[
			'phone off (EC_ABSENT_SUBSCRIBER)',
			{ errorGrpId: '1', errorName: 'EC_ABSENT_SUBSCRIBER', errorDesc: 'Absent subscriber' },
			{
				status: 'unreachable',
				reachable: false,
				error: {
					groupId: 1,
					group: 'handsetError',
					id: 27,
					name: 'EC_ABSENT_SUBSCRIBER',
					description: 'Absent subscriber',
					permanent: false,
				},
			},
		],
		[
			'no such subscriber (EC_UNKNOWN_SUBSCRIBER)',
			{ errorGrpId: '1', errorName: 'EC_UNKNOWN_SUBSCRIBER' },
			{
				status: 'invalid',
				reachable: false,
				error: expect.objectContaining({ id: 1, group: 'handsetError', permanent: true }),
			},
		],
		[
			'blacklisted (a user error)',
			{ errorGrpId: '2', errorName: 'EC_BLACKLISTED_DESTINATIONADDRESS' },
			{ status: 'blocked', reachable: false, error: expect.objectContaining({ id: 2052 }) },
		],
		[
			"errorGrpId as the older page's table reads it: an error id (27)",
			{ errorGrpId: '27' },
			{
				status: 'unreachable',
				error: expect.objectContaining({ groupId: 1, id: 27, name: 'EC_ABSENT_SUBSCRIBER' }),
			},
		],
		[
			'errorGrpId 1 alone: a handset error, which one not said',
			{ errorGrpId: '1' },
			{
				status: 'unreachable',
				error: {
					groupId: 1,
					group: 'handsetError',
					id: null,
					name: null,
					description: null,
					permanent: null,
				},
			},
		],
		[
			'an error name no table has, in an operator group',
			{ errorGrpId: '3', errorName: 'EC_SOMETHING_NEW' },
			{
				status: 'unreachable',
				error: expect.objectContaining({
					group: 'operatorError',
					id: null,
					name: 'EC_SOMETHING_NEW',
					permanent: null,
				}),
			},
		],
		[
			'a lookup still pending (statusGrpId 1)',
			{ mccMnc: '20801', statusGrpId: '1', statusName: 'PENDING_ENROUTE' },
			{
				status: 'pending',
				reachable: null,
				hlrStatus: {
					groupId: 1,
					group: 'pending',
					id: null,
					name: 'PENDING_ENROUTE',
					description: null,
				},
			},
		],
		[
			'a wrong prefix (statusId 52, REJECTED_DESTINATION)',
			{ statusGrpId: '5', statusId: '52', errorGrpId: '0' },
			{
				status: 'invalid',
				hlrStatus: expect.objectContaining({ group: 'rejected', name: 'REJECTED_DESTINATION' }),
			},
		],
		[
			'unknown words and numbers: kept in raw, read as nothing',
			{
				errorGrpId: 'beaucoup',
				errorName: 'pas de souci !',
				mccMnc: '2O8I5',
				ported: 'peut-être',
				date: 'hier',
			},
			{
				status: 'unknown',
				reachable: null,
				ported: null,
				mccMnc: null,
				mcc: null,
				checkedAt: null,
				error: {
					groupId: null,
					group: null,
					id: null,
					name: null,
					description: null,
					permanent: null,
				},
			},
		],
	])('%s', async (_name, fields, expected) => {
		const server = await serve();
		await postForm(server.url, { phone, messageId: 'm-1', ...fields });
		const [item] = await onlyExecution(server);
		expect(item).toMatchObject({ event: 'hlrResult', phoneNumber: phone, ...expected });
		expect(item.raw).toEqual({ phone, messageId: 'm-1', ...fields });
	});

	test('only mccMnc: an item all the same, every other word null, receivedAt when it came', async () => {
		const server = await serve();
		const before = Date.now();
		await get(server.url, { mccMnc: '20810' });
		const after = Date.now();
		const [item] = await onlyExecution(server);
		expect(item).toEqual({
			event: 'hlrResult',
			messageId: null,
			phoneNumber: null,
			status: 'unknown',
			reachable: null,
			ported: null,
			roaming: null,
			mccMnc: '20810',
			mcc: '208',
			mnc: '10',
			network: null,
			error: null,
			hlrStatus: null,
			checkedAt: null,
			receivedAt: expect.any(String),
			raw: { mccMnc: '20810' },
		});
		expectReceivedBetween(item.receivedAt, before, after);
	});

	test('never taken for a delivery report, nor a delivery report for it', async () => {
		const server = await serve();
		// An HLR field beside a delivery status: a delivery report.
		await postJson(
			server.url,
			'{"messageId": "48213377", "phoneNumber": "+33612345678", "status": "Delivered", "errorName": "NO_ERROR", "mccMnc": "20801"}',
		);
		expect((await server.nextExecution())[0]).toMatchObject({
			event: 'deliveryReport',
			status: 'delivered',
		});
		await postJson(server.url, documented);
		expect((await server.nextExecution())[0]).toMatchObject({ event: 'hlrResult' });
	});

	test('HLR Result not chosen: 200, ignored, nothing started; chosen alone, a delivery report starts nothing', async () => {
		const withoutHlr = await serve({
			events: ['reply', 'stop', 'deliveryReport', 'longNumberMessage'],
		});
		expect(await postJson(withoutHlr.url, documented)).toEqual({
			status: 200,
			body: { received: true, ignored: 'hlrResult' },
		});
		await expectNothingStarted(withoutHlr);
		const onlyHlr = await serve({ events: ['hlrResult'] });
		expect(await get(onlyHlr.url, { messageId: '1', status: 'Delivered' })).toEqual({
			status: 200,
			body: { received: true, ignored: 'deliveryReport' },
		});
		await expectNothingStarted(onlyHlr);
	});

	test("the same result twice, in another encoding: one execution; another number's: another", async () => {
		const server = await serve();
		await postJson(server.url, documented);
		expect(await postForm(server.url, documentedAsText)).toEqual({
			status: 200,
			body: { received: true, repeat: true },
		});
		await postJson(server.url, documented.replace('+3300000000', '+33612345678'));
		await server.settled();
		expect(server.started()).toBe(2);
	});
});

describe("end to end: HLR Lookup → SMS Partner (the sandbox) → the trigger's URL", () => {
	const sandboxes = sandboxFixture();

	test("one item per number, in the node's words, on the URL with the secret in its path or its query", async () => {
		const server = await serve();
		const sandbox = await sandboxes.start({ hlrMs: 60_000 });
		sandbox.setHlrOutcome('0711223344', 'unknownSubscriber');
		const result = await run(sandbox, {
			items: [
				{ phone: '06 12 34 56 78', url: server.url },
				{ phone: '07 11 22 33 44', url: `${server.bareUrl}?secret=${SECRET}` },
			],
			parameters: operation('number', 'hlrLookup', {
				phoneNumber: '={{ $json.phone }}',
				notifyUrl: '={{ $json.url }}',
			}),
		});
		expect(result.success.map((item) => item.resultWillArriveAt)).toEqual([
			`${server.baseUrl}/webhook/${server.webhookId}/sms/***`,
			`${server.bareUrl}?secret=***`,
		]);
		expect(JSON.stringify(result.success)).not.toContain(SECRET);
		const [first, second] = result.success.map((item) => String(item.campaignId));

		const [posted] = await sandbox.hlrNow(first);
		expect(posted).toMatchObject({ kind: 'hlrResult', method: 'POST', status: 200 });
		expect(await server.nextExecution()).toEqual([
			expect.objectContaining({
				event: 'hlrResult',
				phoneNumber: '+33612345678',
				status: 'reachable',
				reachable: true,
				ported: false,
				mccMnc: '20801',
				error: expect.objectContaining({ name: 'NO_ERROR', group: 'ok' }),
				raw: posted.body,
			}),
		]);
		await sandbox.hlrNow(second);
		expect(await server.nextExecution()).toEqual([
			expect.objectContaining({
				phoneNumber: '+33711223344',
				status: 'invalid',
				reachable: false,
				mccMnc: '20810',
				error: expect.objectContaining({ name: 'EC_UNKNOWN_SUBSCRIBER', permanent: true }),
			}),
		]);
		// Posted once each: asking again posts nothing new.
		expect(await sandbox.hlrNow(first)).toEqual([posted]);
		await server.settled();
		expect(server.started()).toBe(2);
	});
});
