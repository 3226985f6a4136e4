/**
 * What the sandbox posts as SMS Partner (reference §6): delivery reports to a
 * send's urlDlr in each format, replies and STOPs to urlResponse or the account's
 * reply URL, messages to a long number in parts, and the /_sandbox/ control
 * endpoints that drive all of it over HTTP. A local collector on 127.0.0.1 records
 * what arrives; the tests wait for its requests, never for fixed times.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { KEY, TWIN_KEY, sandboxFixture, type TestSandbox } from '../support/sandbox';

interface Received {
	method: string;
	url: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	text: string;
	/** The callback's fields, whatever their encoding (the URL's own `secret` left out). */
	fields: Record<string, unknown>;
}

/** A receiver for callbacks: records every request, answers `got N` with a status of choice, or holds its answers. */
async function startCollector() {
	const received: Received[] = [];
	let wakers: Array<() => void> = [];
	let gate: Promise<void> = Promise.resolve();
	let status = 200;
	const server = createServer((request, response) => {
		let text = '';
		request.setEncoding('utf8');
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			const url = new URL(request.url ?? '/', 'http://collector.local');
			const query = Object.fromEntries(url.searchParams);
			const type = request.headers['content-type'] ?? '';
			const fromQuery = { ...query };
			delete fromQuery.secret;
			const fields =
				request.method === 'GET'
					? fromQuery
					: type.startsWith('application/json')
						? JSON.parse(text)
						: Object.fromEntries(new URLSearchParams(text));
			received.push({
				method: request.method ?? '',
				url: request.url ?? '',
				path: url.pathname,
				query,
				headers: request.headers,
				text,
				fields,
			});
			const count = received.length;
			const woken = wakers;
			wakers = [];
			for (const wake of woken) wake();
			void gate.then(() => {
				response.writeHead(status, { 'Content-Type': 'text/plain' });
				response.end(`got ${count}`);
			});
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const at = (path: string) => received.filter((request) => request.path === path);
	return {
		received,
		at,
		url: (path: string) => `http://127.0.0.1:${port}${path}`,
		/** Resolves with the requests to `path` once there are at least `count` of them. */
		async waitFor(count: number, path: string): Promise<Received[]> {
			while (at(path).length < count) await new Promise<void>((wake) => wakers.push(wake));
			return at(path);
		},
		answerWith(code: number) {
			status = code;
		},
		/** Answers wait until the function returned is called. */
		hold(): () => void {
			let release = () => {};
			gate = new Promise<void>((resolve) => (release = resolve));
			return release;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
type Collector = Awaited<ReturnType<typeof startCollector>>;

/** A URL where nothing listens: a port just given up by a server. */
async function deadUrl(path: string): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return `http://127.0.0.1:${port}${path}`;
}

const sandboxes = sandboxFixture();
let collector: Collector;
beforeEach(async () => {
	collector = await startCollector();
});
afterEach(async () => {
	await collector.close();
});

/** Paris wall time, read with Intl independently of the sandbox: 'YYYY-MM-DD HH:MM:SS'. */
const parisNow = () =>
	new Intl.DateTimeFormat('sv-SE', {
		timeZone: 'Europe/Paris',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).format(new Date());
const DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

async function api(sandbox: TestSandbox, path: string, body: Record<string, unknown>) {
	const response = await fetch(`${sandbox.baseUrl}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ apiKey: KEY, ...body }),
	});
	return (await response.json()) as any;
}
const send = (sandbox: TestSandbox, body: Record<string, unknown>) =>
	api(sandbox, '/send', { message: 'Bonjour', ...body });

async function apiGet(sandbox: TestSandbox, path: string, query: Record<string, string | number>) {
	const search = new URLSearchParams({ apiKey: KEY });
	for (const [name, value] of Object.entries(query)) search.set(name, String(value));
	return (await (await fetch(`${sandbox.baseUrl}${path}?${search}`)).json()) as any;
}

/** A control endpoint: its status and JSON answer. */
async function control(sandbox: TestSandbox, name: string, body?: unknown, method = 'POST') {
	const response = await fetch(`http://${sandbox.host}:${sandbox.port}/_sandbox/${name}`, {
		method,
		...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
	});
	return { status: response.status, body: (await response.json()) as any };
}

const pad = (value: number) => String(value).padStart(2, '0');
/** Next Monday at least two days ahead, 10:30 Paris: a send that can still be cancelled. */
function later() {
	for (let days = 2; ; days++) {
		const day = new Date(Date.now() + days * 86_400_000);
		if (day.getUTCDay() === 1)
			return {
				scheduledDeliveryDate: `${pad(day.getUTCDate())}/${pad(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`,
				time: 10,
				minute: 30,
			};
	}
}

describe.each([
	['get', undefined, 'GET', undefined],
	['json', 'json', 'POST', 'application/json'],
	['form', 'form', 'POST', 'application/x-www-form-urlencoded'],
] as const)('delivery reports as %s', (format, option, method, contentType) => {
	test('one per recipient when final, with the documented fields and the final word', async () => {
		const sandbox = await sandboxes.start({
			deliveryMs: 20,
			...(option ? { dlrFormat: option } : {}),
		});
		expect(sandbox.dlrFormat).toBe(format);
		sandbox.markUndeliverable('+447700900123');
		const before = parisNow();
		const sent = await send(sandbox, {
			phoneNumbers: '0611111111,+447700900123',
			message: 'a'.repeat(200),
			tag: 'promo-42',
			urlDlr: collector.url('/dlr?secret=s3cret'),
		});
		const reports = await collector.waitFor(2, '/dlr');
		const after = parisNow();

		// Numbers and cost travel as text in a query or a form, as numbers in JSON.
		const cost = format === 'json' ? 0.09 : '0.09';
		expect(reports.map((report) => report.fields)).toEqual([
			{
				messageId: String(sent.message_id),
				phoneNumber: '+33611111111',
				status: 'Delivered',
				date: expect.stringMatching(DATE),
				cost,
				tag: 'promo-42',
			},
			{
				messageId: String(sent.message_id),
				phoneNumber: '+447700900123',
				status: 'Not delivered',
				date: expect.stringMatching(DATE),
				cost,
				tag: 'promo-42',
			},
		]);
		for (const report of reports) {
			expect(report.method).toBe(method);
			expect(report.headers['content-type']).toBe(contentType);
			expect(report.query.secret).toBe('s3cret');
			const date = report.fields.date as string;
			expect(date >= before && date <= after).toBe(true);
		}
		if (format === 'json') expect(typeof JSON.parse(reports[0].text).messageId).toBe('string');

		// Logged with what the receiver answered; deliverNow afterwards posts nothing more.
		const logged = await sandbox.deliverNow(sent.message_id);
		expect(logged).toEqual(sandbox.callbacks);
		expect(logged).toEqual(
			reports.map((report, index) => ({
				kind: 'deliveryReport',
				url: collector.url(report.url),
				method,
				contentType: contentType ?? null,
				body: { ...report.fields, cost: 0.09 },
				status: 200,
				answer: `got ${index + 1}`,
			})),
		);
		expect(collector.at('/dlr')).toHaveLength(2);
		expect(sandbox.pendingReports()).toEqual([]);
	});
});

test('a bulk send gets one report per accepted line, with its own cost; setDlrFormat switches at run time', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 20 });
	expect(sandbox.setDlrFormat('json')).toBe('json');
	const sent = await api(sandbox, '/bulk-send', {
		urlDlr: collector.url('/dlr'),
		SMSList: [
			{ phoneNumber: '0611111111', message: 'court' },
			{ phoneNumber: '12', message: 'refusé' },
			{ phoneNumber: '0622222222', message: 'b'.repeat(200) },
		],
	});
	const reports = await collector.waitFor(2, '/dlr');
	expect(reports.map((report) => [report.headers['content-type'], report.fields])).toEqual([
		[
			'application/json',
			{
				messageId: String(sent.message_id),
				phoneNumber: '+33611111111',
				status: 'Delivered',
				date: expect.stringMatching(DATE),
				cost: 0.045,
			},
		],
		[
			'application/json',
			{
				messageId: String(sent.message_id),
				phoneNumber: '+33622222222',
				status: 'Delivered',
				date: expect.stringMatching(DATE),
				cost: 0.09,
			},
		],
	]);
	expect(() => sandbox.setDlrFormat('xml' as never)).toThrow(
		'format must be one of get, json, form',
	);
	expect(sandbox.dlrFormat).toBe('json');
	await expect(sandboxes.start({ dlrFormat: 'xml' as never })).rejects.toThrow(
		'dlrFormat must be one of get, json, form',
	);
});

test('a scheduled message reports after its moment; deliverNow brings the moment forward', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 20 });
	const deferred = await send(sandbox, {
		phoneNumbers: '0611111111',
		...later(),
		urlDlr: collector.url('/dlr'),
	});
	expect(sandbox.pendingReports()).toEqual([deferred.message_id]);
	const status = () =>
		apiGet(sandbox, '/message-status', {
			messageId: deferred.message_id,
			phoneNumber: '0611111111',
		});
	expect(await status()).toMatchObject({ statut: 'Waiting' });

	const logged = await sandbox.deliverNow(deferred.message_id);
	expect(logged).toMatchObject([
		{ kind: 'deliveryReport', status: 200, body: { status: 'Delivered' } },
	]);
	expect(collector.at('/dlr').map((report) => report.fields.status)).toEqual(['Delivered']);
	expect(sandbox.pendingReports()).toEqual([]);
	expect(await status()).toMatchObject({ statut: 'Delivered' });
	const [message] = sandbox.messages(KEY);
	expect(message.scheduledFor).toBeLessThanOrEqual(Date.now());
	// Its moment has passed: no longer cancellable.
	expect(
		await apiGet(sandbox, '/message-cancel', { messageId: deferred.message_id }),
	).toMatchObject({ code: 7 });
});

test('a cancelled scheduled message gets no report', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 20 });
	const urlDlr = collector.url('/dlr');
	const deferred = await send(sandbox, { phoneNumbers: '0611111111', ...later(), urlDlr });
	expect(sandbox.pendingReports()).toEqual([deferred.message_id]);
	expect(
		await apiGet(sandbox, '/message-cancel', { messageId: deferred.message_id }),
	).toMatchObject({ code: 200 });
	expect(sandbox.pendingReports()).toEqual([]);
	await expect(sandbox.deliverNow(deferred.message_id)).rejects.toThrow('cancelled');

	// A message sent after it, to the same URL, is reported, and it is the only one.
	const next = await send(sandbox, { phoneNumbers: '0611111111', urlDlr });
	await collector.waitFor(1, '/dlr');
	expect(await sandbox.deliverNow(next.message_id)).toHaveLength(1);
	expect(collector.received.map((report) => report.fields.messageId)).toEqual([
		String(next.message_id),
	]);
	expect(sandbox.callbacks.map((entry) => entry.body.messageId)).toEqual([String(next.message_id)]);
});

test('a send without urlDlr gets no report; deliverNow still makes it final', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 60_000 });
	const silent = await send(sandbox, {
		phoneNumbers: '0611111111',
		urlResponse: collector.url('/replies'),
	});
	expect(sandbox.pendingReports()).toEqual([]);
	expect(await sandbox.deliverNow(silent.message_id)).toEqual([]);
	expect(
		await apiGet(sandbox, '/message-status', {
			messageId: silent.message_id,
			phoneNumber: '0611111111',
		}),
	).toMatchObject({ statut: 'Delivered' });

	const reported = await send(sandbox, {
		phoneNumbers: '0611111111',
		urlDlr: collector.url('/dlr'),
	});
	expect(await sandbox.deliverNow(reported.message_id)).toHaveLength(1);
	expect(collector.received.map((report) => [report.path, report.fields.messageId])).toEqual([
		['/dlr', String(reported.message_id)],
	]);
	await expect(sandbox.deliverNow(999)).rejects.toThrow('The sandbox sent no message 999');
});

describe('deliverNow and the timer never post a report twice', () => {
	const three = '0611111111,0622222222,0633333333';

	test('the timer first: deliverNow then posts nothing and gives the reports already made', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 20 });
		const sent = await send(sandbox, { phoneNumbers: three, urlDlr: collector.url('/dlr') });
		await collector.waitFor(3, '/dlr');
		const logged = await sandbox.deliverNow(sent.message_id);
		expect(logged.map((entry) => [entry.body.phoneNumber, entry.status])).toEqual([
			['+33611111111', 200],
			['+33622222222', 200],
			['+33633333333', 200],
		]);
		expect(await sandbox.deliverNow(sent.message_id)).toEqual(logged);
		expect(collector.at('/dlr')).toHaveLength(3);
	});

	test('deliverNow first: the timer is disarmed', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 60_000 });
		const sent = await send(sandbox, { phoneNumbers: three, urlDlr: collector.url('/dlr') });
		expect(sandbox.pendingReports()).toEqual([sent.message_id]);
		expect(await sandbox.deliverNow(sent.message_id)).toHaveLength(3);
		expect(sandbox.pendingReports()).toEqual([]);
		expect(collector.at('/dlr')).toHaveLength(3);
	});

	test('deliverNow while the timer’s reports are under way waits for them and adds none', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 20 });
		const release = collector.hold();
		const sent = await send(sandbox, { phoneNumbers: three, urlDlr: collector.url('/dlr') });
		await collector.waitFor(1, '/dlr'); // the timer's first report, not answered yet
		const now = sandbox.deliverNow(sent.message_id);
		const again = sandbox.deliverNow(sent.message_id);
		release();
		const [first, second] = await Promise.all([now, again]);
		expect(first).toHaveLength(3);
		expect(second).toEqual(first);
		expect(collector.at('/dlr').map((report) => report.fields.phoneNumber)).toEqual([
			'+33611111111',
			'+33622222222',
			'+33633333333',
		]);
	});

	test('several deliverNow at once post one report per recipient', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 60_000 });
		const sent = await send(sandbox, { phoneNumbers: three, urlDlr: collector.url('/dlr') });
		const results = await Promise.all([1, 2, 3].map(() => sandbox.deliverNow(sent.message_id)));
		for (const result of results) expect(result).toEqual(results[0]);
		expect(results[0]).toHaveLength(3);
		expect(collector.at('/dlr')).toHaveLength(3);
	});
});

test('a report the receiver refuses, or that cannot be made, is logged and nothing breaks', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 20 });
	collector.answerWith(500);
	const refused = await send(sandbox, {
		phoneNumbers: '0611111111',
		urlDlr: collector.url('/dlr'),
	});
	const nobody = await send(sandbox, {
		phoneNumbers: '0622222222',
		urlDlr: await deadUrl('/dlr'),
	});
	const remote = await send(sandbox, {
		phoneNumbers: '0633333333',
		urlDlr: 'https://n8n.example.com/webhook/dlr',
	});
	const garbled = await send(sandbox, { phoneNumbers: '0644444444', urlDlr: 'not a url' });
	// The timers fire for all four; the refused one reaches the collector.
	await collector.waitFor(1, '/dlr');

	expect(await sandbox.deliverNow(refused.message_id)).toEqual([
		expect.objectContaining({ status: 500, answer: 'got 1' }),
	]);
	expect(await sandbox.deliverNow(nobody.message_id)).toEqual([
		expect.objectContaining({ status: null, error: expect.stringContaining('ECONNREFUSED') }),
	]);
	expect(await sandbox.deliverNow(remote.message_id)).toEqual([
		expect.objectContaining({
			status: null,
			error: 'not called: n8n.example.com is not a loopback address (see remoteCallbacks)',
		}),
	]);
	expect(await sandbox.deliverNow(garbled.message_id)).toEqual([
		expect.objectContaining({ status: null, error: 'not called: not an http(s) URL' }),
	]);
	expect(sandbox.callbacks).toHaveLength(4);
	expect(
		await apiGet(sandbox, '/message-status', {
			messageId: nobody.message_id,
			phoneNumber: '0622222222',
		}),
	).toMatchObject({ success: true, statut: 'Delivered' });
});

describe('replies and STOPs', () => {
	test('go to the send’s urlResponse, which wins over the account’s reply URL, and are logged', async () => {
		const sandbox = await sandboxes.start();
		sandbox.setReplyUrl(collector.url('/dashboard'));
		const sent = await send(sandbox, {
			phoneNumbers: '0612345678',
			urlResponse: collector.url('/replies?secret=s3cret'),
		});
		expect(
			await sandbox.reply({
				messageId: sent.message_id,
				phoneNumber: '0612345678',
				text: 'Oui',
			}),
		).toEqual({ status: 200, body: 'got 1' });
		expect(
			await sandbox.reply({
				messageId: String(sent.message_id),
				phoneNumber: '+33612345678',
				text: 'stop',
			}),
		).toEqual({ status: 200, body: 'got 2' });

		const reply = {
			type: 'response',
			phone_number: '+33612345678',
			text: 'Oui',
			message_id: sent.message_id,
		};
		const stop = {
			type: 'stop',
			phone_number: '+33612345678',
			text: 'stop',
			message_id: sent.message_id,
		};
		expect(collector.at('/replies').map((request) => request.fields)).toEqual([reply, stop]);
		expect(collector.at('/dashboard')).toEqual([]);
		expect(sandbox.callbacks).toEqual([
			{
				kind: 'reply',
				url: collector.url('/replies?secret=s3cret'),
				method: 'POST',
				contentType: 'application/json',
				body: reply,
				status: 200,
				answer: 'got 1',
			},
			{
				kind: 'stop',
				url: collector.url('/replies?secret=s3cret'),
				method: 'POST',
				contentType: 'application/json',
				body: stop,
				status: 200,
				answer: 'got 2',
			},
		]);
		expect(sandbox.account(KEY).stopList!.map((entry) => entry.phoneNumber)).toEqual([
			'+33612345678',
		]);
	});

	test('go to the account’s reply URL when the send had no urlResponse', async () => {
		const sandbox = await sandboxes.start();
		const sent = await send(sandbox, { phoneNumbers: '0612345678' });
		await expect(
			sandbox.reply({ messageId: sent.message_id, phoneNumber: '0612345678', text: 'Oui' }),
		).rejects.toThrow(
			`Message ${sent.message_id} was sent without a urlResponse, and the account has no replyUrl`,
		);
		sandbox.setReplyUrl(collector.url('/dashboard?secret=s3cret'));
		expect(sandbox.account(KEY).replyUrl).toBe(collector.url('/dashboard?secret=s3cret'));
		expect(
			await sandbox.reply({ messageId: sent.message_id, phoneNumber: '0612345678', text: 'Oui' }),
		).toEqual({ status: 200, body: 'got 1' });
		expect(collector.at('/dashboard').map((request) => request.fields)).toEqual([
			{ type: 'response', phone_number: '+33612345678', text: 'Oui', message_id: sent.message_id },
		]);
		// Per account: the twin account has none; null clears it.
		const twin = await api(sandbox, '/send', {
			apiKey: TWIN_KEY,
			phoneNumbers: '0612345678',
			message: 'x',
		});
		await expect(
			sandbox.reply({
				messageId: twin.message_id,
				phoneNumber: '0612345678',
				text: 'Oui',
				apiKey: TWIN_KEY,
			}),
		).rejects.toThrow('no replyUrl');
		sandbox.setReplyUrl(null);
		expect(sandbox.account(KEY).replyUrl).toBeUndefined();
		expect(() => sandbox.setReplyUrl('ftp://example.com/replies')).toThrow(
			'url must be an http(s) URL',
		);
		expect(() => sandbox.setReplyUrl(undefined as never)).toThrow('url is required');
		expect(() => sandbox.setReplyUrl(collector.url('/x'), 'no-such-key')).toThrow(
			'The sandbox has no account with key no-such-key',
		);
	});

	test('without messageId: to the latest message that went out to that number, in any form', async () => {
		const sandbox = await sandboxes.start();
		const first = await send(sandbox, {
			phoneNumbers: '0611111111',
			urlResponse: collector.url('/first'),
		});
		const latest = await send(sandbox, {
			phoneNumbers: '+33622222222,+33611111111',
			urlResponse: collector.url('/latest'),
		});
		// Neither a message still scheduled nor a cancelled one has reached the phone.
		await send(sandbox, {
			phoneNumbers: '0611111111',
			...later(),
			urlResponse: collector.url('/scheduled'),
		});
		const cancelled = await send(sandbox, {
			phoneNumbers: '0611111111',
			...later(),
			urlResponse: collector.url('/cancelled'),
		});
		await apiGet(sandbox, '/message-cancel', { messageId: cancelled.message_id });

		await sandbox.reply({ phoneNumber: '0611111111', text: 'Oui' });
		await sandbox.reply({ phoneNumber: '0622222222', text: 'Non' });
		expect(collector.received.map((request) => [request.path, request.fields])).toEqual([
			[
				'/latest',
				{
					type: 'response',
					phone_number: '+33611111111',
					text: 'Oui',
					message_id: latest.message_id,
				},
			],
			[
				'/latest',
				{
					type: 'response',
					phone_number: '+33622222222',
					text: 'Non',
					message_id: latest.message_id,
				},
			],
		]);
		expect(first.message_id).toBeLessThan(latest.message_id);
		await expect(sandbox.reply({ phoneNumber: '0633333333', text: 'Oui' })).rejects.toThrow(
			'The sandbox has sent no message to 0633333333 yet',
		);
		await expect(
			sandbox.reply({ phoneNumber: '0611111111', text: 'Oui', apiKey: TWIN_KEY }),
		).rejects.toThrow('no message to 0611111111');
	});

	test('a refusing receiver’s answer is returned; an unreachable one throws, logged; bad input throws', async () => {
		const sandbox = await sandboxes.start();
		collector.answerWith(503);
		const sent = await send(sandbox, {
			phoneNumbers: '0611111111',
			urlResponse: collector.url('/replies'),
		});
		expect(await sandbox.reply({ phoneNumber: '0611111111', text: 'Oui' })).toEqual({
			status: 503,
			body: 'got 1',
		});
		const unreachable = await deadUrl('/replies');
		const lost = await send(sandbox, { phoneNumbers: '0622222222', urlResponse: unreachable });
		await expect(
			sandbox.reply({ messageId: lost.message_id, phoneNumber: '0622222222', text: 'Oui' }),
		).rejects.toThrow(`The reply to ${unreachable} got no answer: connect ECONNREFUSED`);
		expect(sandbox.callbacks.map((entry) => [entry.kind, entry.status])).toEqual([
			['reply', 503],
			['reply', null],
		]);
		const refusals: Array<[Record<string, unknown>, string]> = [
			[{ phoneNumber: 'abc', text: 'Oui' }, 'phoneNumber must be a phone number'],
			[{ phoneNumber: '0611111111' }, 'text is required'],
			[{ phoneNumber: '0611111111', text: 'Oui', type: 'other' }, 'type must be response or stop'],
			[
				{ messageId: 999, phoneNumber: '0611111111', text: 'Oui' },
				'The sandbox sent no message 999',
			],
			[
				{ messageId: sent.message_id, phoneNumber: '0699999999', text: 'Oui' },
				'0699999999 is not a recipient',
			],
		];
		for (const [reply, message] of refusals)
			await expect(sandbox.reply(reply as never)).rejects.toThrow(message);
		expect(sandbox.callbacks).toHaveLength(2);
	});
});

describe('replies to a long-number send (/vn/send)', () => {
	test('come as a message to that long number, to its urlResponse or else the reply URL', async () => {
		const sandbox = await sandboxes.start();
		sandbox.setReplyUrl(collector.url('/dashboard'));
		const withUrl = await api(sandbox, '/vn/send', {
			to: '0612345678',
			from: '33700000000',
			message: 'Votre RDV est demain. Répondez OUI ou NON',
			urlResponse: collector.url('/vn-replies'),
		});
		expect(await sandbox.reply({ phoneNumber: '0612345678', text: 'oui merci' })).toEqual({
			status: 200,
			body: 'got 1',
		});
		expect(collector.at('/vn-replies').map((request) => request.fields)).toEqual([
			{
				msisdn: '33612345678',
				to: '33700000000',
				messageId: expect.stringMatching(/^0200000\d+$/),
				text: 'oui merci',
				type: 'text',
				keyword: 'OUI',
				'message-timestamp': expect.stringMatching(DATE),
			},
		]);
		expect(sandbox.callbacks.map((entry) => entry.kind)).toEqual(['longNumber']);

		await api(sandbox, '/vn/send', { to: '0698765432', from: '33700000000', message: 'Hi' });
		await sandbox.reply({ phoneNumber: '0698765432', text: 'STOP' });
		expect(collector.at('/dashboard').map((request) => request.fields.text)).toEqual(['STOP']);
		// A STOP to a long number is only text: whether it joins the STOP list is undocumented.
		expect(sandbox.account(KEY).stopList).toEqual([]);
		await expect(
			sandbox.reply({
				messageId: withUrl.message_id,
				phoneNumber: '0612345678',
				text: 'x',
				type: 'stop',
			}),
		).rejects.toThrow('its replies have no type');
	});
});

describe.each(['json', 'form', 'get'] as const)('a message to a long number as %s', (format) => {
	const formatOption = format === 'json' ? {} : { format };
	const methodOf = format === 'get' ? 'GET' : 'POST';
	const typeOf = {
		json: 'application/json',
		form: 'application/x-www-form-urlencoded',
		get: undefined,
	}[format];

	test('in one part: the §6.3 fields, no concat-*', async () => {
		const sandbox = await sandboxes.start();
		const before = parisNow();
		const answers = await sandbox.longNumberMessage({
			url: collector.url('/inbound?secret=s3cret'),
			from: '+33612345678',
			text: 'hello world',
			...formatOption,
		});
		expect(answers).toEqual([{ status: 200, body: 'got 1' }]);
		const [request] = collector.at('/inbound');
		expect(request.method).toBe(methodOf);
		expect(request.headers['content-type']).toBe(typeOf);
		expect(request.query.secret).toBe('s3cret');
		expect(request.fields).toEqual({
			msisdn: '33612345678',
			to: '33700000000',
			messageId: expect.stringMatching(/^0200000\d+$/),
			text: 'hello world',
			type: 'text',
			keyword: 'HELLO',
			'message-timestamp': expect.stringMatching(DATE),
		});
		const timestamp = request.fields['message-timestamp'] as string;
		expect(timestamp >= before && timestamp <= parisNow()).toBe(true);
		expect(sandbox.callbacks).toEqual([
			{
				kind: 'longNumber',
				url: collector.url(request.url),
				method: methodOf,
				contentType: typeOf ?? null,
				body: request.fields,
				status: 200,
				answer: 'got 1',
			},
		]);
	});

	test('in three parts: concat-* on each, in reverse order, one part twice', async () => {
		const sandbox = await sandboxes.start();
		const text = '  rendez-vous confirmé pour demain 10h, répondez OUI ou NON 👍';
		const answers = await sandbox.longNumberMessage({
			url: collector.url('/inbound'),
			from: '0611111111',
			to: '+33700000042',
			text,
			parts: 3,
			order: 'reverse',
			repeatPart: 2,
			...formatOption,
		});
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
		const posted = collector.at('/inbound').map((request) => request.fields);
		expect(posted.map((fields) => fields['concat-part'])).toEqual(['3', '2', '2', '1']);
		expect(posted[2]).toEqual(posted[1]); // the same part again, as a duplicate delivery
		const ref = posted[0]['concat-ref'];
		expect(ref).toMatch(/^\d+$/);
		for (const fields of posted)
			expect(fields).toEqual({
				msisdn: '33611111111',
				to: '33700000042',
				messageId: expect.stringMatching(/^0200000\d+$/),
				text: expect.any(String),
				type: 'text',
				keyword: 'RENDEZ-VOUS',
				'message-timestamp': expect.stringMatching(DATE),
				concat: 'true',
				'concat-ref': ref,
				'concat-total': '3',
				'concat-part': expect.stringMatching(/^[123]$/),
			});
		const [third, second, , first] = posted;
		expect(new Set([first.messageId, second.messageId, third.messageId]).size).toBe(3);
		expect([first, second, third].map((fields) => fields.text).join('')).toBe(text);
		const lengths = [first, second, third].map(
			(fields) => Array.from(fields.text as string).length,
		);
		expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);

		// In order by default; each message has its own concat-ref and ids.
		await sandbox.longNumberMessage({
			url: collector.url('/next'),
			text: 'un deux trois',
			parts: 3,
			...formatOption,
		});
		const next = collector.at('/next').map((request) => request.fields);
		expect(next.map((fields) => [fields['concat-part'], fields.text])).toEqual([
			['1', 'un de'],
			['2', 'ux t'],
			['3', 'rois'],
		]);
		expect(next[0]['concat-ref']).not.toBe(ref);
		expect(next.map((fields) => fields.messageId)).not.toContain(first.messageId);
		expect(next[0]).toMatchObject({ msisdn: '33612345678', to: '33700000000', keyword: 'UN' });
		expect(sandbox.callbacks.map((entry) => entry.kind)).toEqual(Array(7).fill('longNumber'));
	});
});

test('a long-number message refuses bad input, and throws when nobody answers', async () => {
	const sandbox = await sandboxes.start();
	const url = collector.url('/inbound');
	const refusals: Array<[Record<string, unknown>, string]> = [
		[{ text: 'hi' }, 'url must be an http(s) URL'],
		[{ url: 'ftp://127.0.0.1/x', text: 'hi' }, 'url must be an http(s) URL'],
		[{ url }, 'text is required'],
		[{ url, text: '   ' }, 'text is required'],
		[{ url, text: 'abc', parts: 4 }, 'parts must be a whole number from 1 to 3'],
		[{ url, text: 'abc', parts: 0 }, 'parts must be a whole number'],
		[{ url, text: 'abc', parts: 1.5 }, 'parts must be a whole number'],
		[{ url, text: 'abc', format: 'xml' }, 'format must be one of get, json, form'],
		[{ url, text: 'abc', order: 'random' }, 'order must be inOrder or reverse'],
		[{ url, text: 'abc', parts: 3, repeatPart: 4 }, 'repeatPart must be a part number from 1 to 3'],
		[{ url, text: 'abc', from: 'abc' }, 'from must be a phone number'],
		[{ url, text: 'abc', to: '+1' }, 'to must be a phone number'],
	];
	for (const [message, error] of refusals)
		await expect(sandbox.longNumberMessage(message as never)).rejects.toThrow(error);
	expect(collector.received).toEqual([]);
	expect(sandbox.callbacks).toEqual([]);
	const dead = await deadUrl('/inbound');
	await expect(sandbox.longNumberMessage({ url: dead, text: 'hi' })).rejects.toThrow(
		`The long-number message to ${dead} got no answer`,
	);
});

describe('the /_sandbox/ control endpoints', () => {
	test('POST /_sandbox/reply', async () => {
		const sandbox = await sandboxes.start();
		const sent = await send(sandbox, {
			phoneNumbers: '0611111111',
			urlResponse: collector.url('/replies'),
		});
		expect(
			await control(sandbox, 'reply', { phoneNumber: '0611111111', text: 'STOP', apiKey: KEY }),
		).toEqual({ status: 200, body: { status: 200, body: 'got 1' } });
		expect(collector.at('/replies')[0].fields).toEqual({
			type: 'stop',
			phone_number: '+33611111111',
			text: 'STOP',
			message_id: sent.message_id,
		});
		const bad: Array<[unknown, string]> = [
			[{}, 'phoneNumber must be a phone number'],
			[{ phoneNumber: '0611111111', text: 'x', messageId: 999 }, 'The sandbox sent no message 999'],
			[{ phoneNumber: '0611111111', text: 'x', messageID: 1 }, 'Unknown field messageID'],
			[{ phoneNumber: '0611111111', text: 'x', apiKey: 'nope' }, 'no account with key nope'],
			['{"phoneNumber": ', 'The body is not JSON'],
			['[1]', 'The body must be a JSON object'],
			['null', 'The body must be a JSON object'],
		];
		for (const [body, error] of bad)
			expect(await control(sandbox, 'reply', body)).toEqual({
				status: 400,
				body: { error: expect.stringContaining(error) },
			});
		const lost = await send(sandbox, {
			phoneNumbers: '0622222222',
			urlResponse: await deadUrl('/replies'),
		});
		expect(
			await control(sandbox, 'reply', {
				messageId: lost.message_id,
				phoneNumber: '0622222222',
				text: 'x',
			}),
		).toEqual({ status: 502, body: { error: expect.stringContaining('got no answer') } });
	});

	test('POST /_sandbox/long-number', async () => {
		const sandbox = await sandboxes.start();
		expect(
			await control(sandbox, 'long-number', {
				url: collector.url('/inbound'),
				text: 'Bonjour à vous',
				parts: 2,
				format: 'form',
				order: 'reverse',
				repeatPart: 1,
			}),
		).toEqual({
			status: 200,
			body: [
				{ status: 200, body: 'got 1' },
				{ status: 200, body: 'got 2' },
				{ status: 200, body: 'got 3' },
			],
		});
		expect(
			collector
				.at('/inbound')
				.map((request) => [request.fields['concat-part'], request.fields.text]),
		).toEqual([
			['2', ' à vous'],
			['1', 'Bonjour'],
			['1', 'Bonjour'],
		]);
		expect(
			await control(sandbox, 'long-number', { url: collector.url('/x'), text: 'ab', parts: 3 }),
		).toEqual({
			status: 400,
			body: { error: 'parts must be a whole number from 1 to 2 for this text (got 3)' },
		});
		expect(await control(sandbox, 'long-number', { url: collector.url('/x') })).toEqual({
			status: 400,
			body: { error: 'text is required' },
		});
	});

	test('POST /_sandbox/deliver', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 60_000 });
		const sent = await send(sandbox, {
			phoneNumbers: '0611111111,0622222222',
			urlDlr: collector.url('/dlr'),
		});
		const delivered = await control(sandbox, 'deliver', {
			messageId: String(sent.message_id),
			apiKey: KEY,
		});
		expect(delivered.status).toBe(200);
		expect(delivered.body).toEqual(JSON.parse(JSON.stringify(sandbox.callbacks)));
		expect(delivered.body.map((entry: any) => [entry.kind, entry.body.phoneNumber])).toEqual([
			['deliveryReport', '+33611111111'],
			['deliveryReport', '+33622222222'],
		]);
		expect(collector.at('/dlr').map((request) => request.method)).toEqual(['GET', 'GET']);

		const deferred = await send(sandbox, { phoneNumbers: '0611111111', ...later() });
		await apiGet(sandbox, '/message-cancel', { messageId: deferred.message_id });
		const bad: Array<[unknown, string]> = [
			[{}, 'messageId is required'],
			[{ messageId: 12 }, 'The sandbox sent no message 12'],
			[{ messageId: deferred.message_id }, 'was cancelled: it is never delivered'],
			[{ messageId: sent.message_id, phone: 'x' }, 'Unknown field phone'],
		];
		for (const [body, error] of bad)
			expect(await control(sandbox, 'deliver', body)).toEqual({
				status: 400,
				body: { error: expect.stringContaining(error) },
			});
		expect(collector.at('/dlr')).toHaveLength(2);
	});

	test('POST /_sandbox/reply-url', async () => {
		const sandbox = await sandboxes.start();
		const url = collector.url('/dashboard');
		expect(await control(sandbox, 'reply-url', { url, apiKey: TWIN_KEY })).toEqual({
			status: 200,
			body: { replyUrl: url },
		});
		expect(sandbox.account(TWIN_KEY).replyUrl).toBe(url);
		expect(sandbox.account(KEY).replyUrl).toBeUndefined();
		expect(await control(sandbox, 'reply-url', { url: null, apiKey: TWIN_KEY })).toEqual({
			status: 200,
			body: { replyUrl: null },
		});
		expect(sandbox.account(TWIN_KEY).replyUrl).toBeUndefined();
		const bad: Array<[unknown, string]> = [
			[{}, 'url is required (null clears it)'],
			[{ url: 'mailto:someone@example.com' }, 'url must be an http(s) URL'],
			[{ url, apiKey: 'nope' }, 'The sandbox has no account with key nope'],
		];
		for (const [body, error] of bad)
			expect(await control(sandbox, 'reply-url', body)).toEqual({
				status: 400,
				body: { error: expect.stringContaining(error) },
			});
	});

	test('POST /_sandbox/dlr-format', async () => {
		const sandbox = await sandboxes.start();
		expect(await control(sandbox, 'dlr-format', { format: 'form' })).toEqual({
			status: 200,
			body: { dlrFormat: 'form' },
		});
		expect(sandbox.dlrFormat).toBe('form');
		expect(await control(sandbox, 'dlr-format', { format: 'xml' })).toEqual({
			status: 400,
			body: { error: 'format must be one of get, json, form (got "xml")' },
		});
		expect(await control(sandbox, 'dlr-format', {})).toEqual({
			status: 400,
			body: { error: 'format must be one of get, json, form (got undefined)' },
		});
		expect(sandbox.dlrFormat).toBe('form');
	});

	test('GET /_sandbox/callbacks; unknown paths 404, wrong methods 405; none kept in sandbox.calls', async () => {
		const sandbox = await sandboxes.start();
		expect(await control(sandbox, 'callbacks', undefined, 'GET')).toEqual({
			status: 200,
			body: [],
		});
		await sandbox.longNumberMessage({ url: collector.url('/inbound'), text: 'hi' });
		const log = await control(sandbox, 'callbacks', undefined, 'GET');
		expect(log).toEqual({ status: 200, body: JSON.parse(JSON.stringify(sandbox.callbacks)) });
		expect(log.body).toHaveLength(1);

		expect(await control(sandbox, 'nope', {})).toEqual({
			status: 404,
			body: { error: 'No sandbox control at /_sandbox/nope' },
		});
		expect(await control(sandbox, 'reply', undefined, 'GET')).toEqual({
			status: 405,
			body: { error: '/_sandbox/reply takes POST, not GET' },
		});
		expect(await control(sandbox, 'callbacks', {}, 'POST')).toMatchObject({ status: 405 });
		expect(sandbox.calls).toEqual([]);
	});
});

describe('close()', () => {
	test('clears the report timers: nothing is posted afterwards', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 60_000 });
		const urlDlr = collector.url('/dlr');
		const now = await send(sandbox, { phoneNumbers: '0611111111', urlDlr });
		const deferred = await send(sandbox, { phoneNumbers: '0611111111', ...later(), urlDlr });
		expect(sandbox.pendingReports()).toEqual([now.message_id, deferred.message_id]);
		await sandbox.close();
		expect(sandbox.pendingReports()).toEqual([]);
		await expect(sandbox.deliverNow(now.message_id)).resolves.toEqual([
			expect.objectContaining({ status: null, error: 'not called: the sandbox is closed' }),
		]);
		expect(collector.received).toEqual([]);
	});

	test('aborts a report under way instead of waiting for its receiver', async () => {
		const sandbox = await sandboxes.start({ deliveryMs: 20 });
		const release = collector.hold();
		const sent = await send(sandbox, { phoneNumbers: '0611111111', urlDlr: collector.url('/dlr') });
		await collector.waitFor(1, '/dlr');
		await sandbox.close();
		release();
		expect(sandbox.callbacks).toEqual([
			expect.objectContaining({
				kind: 'deliveryReport',
				body: expect.objectContaining({ messageId: String(sent.message_id) }),
				status: null,
				error: 'aborted: the sandbox closed',
			}),
		]);
	});
});

describe('HLR results to the notifyUrl of /hlr/notify', () => {
	const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
	const hlr = (sandbox: TestSandbox, phoneNumbers: string, notifyUrl: string) =>
		api(sandbox, '/hlr/notify', { phoneNumbers, notifyUrl });

	test.each([
		['json', 'POST', 'application/json'],
		['form', 'POST', 'application/x-www-form-urlencoded'],
		['get', 'GET', undefined],
	] as const)(
		'as %s: one per number after hlrMs, in the shape of SMS Partner’s example, with each outcome',
		async (format, method, contentType) => {
			const sandbox = await sandboxes.start({ hlrMs: 20, hlrFormat: format });
			expect(sandbox.setHlrOutcome('+33711223344', 'unknownSubscriber')).toEqual({
				phoneNumber: '+33711223344',
				outcome: 'unknownSubscriber',
			});
			sandbox.setHlrOutcome('0612345679', 'absent');
			const before = new Date().toISOString();
			const asked = await hlr(
				sandbox,
				'+33612345678,0711223344,0612345679,+447911123456',
				collector.url('/hlr?secret=s3cret'),
			);
			expect(asked).toMatchObject({ success: true, campaign_id: 'HLR2271467', number: 4 });
			const results = await collector.waitFor(4, '/hlr');
			const after = new Date().toISOString();
			// Numbers travel as text in a query or a form, as numbers in JSON.
			const n = (value: number) => (format === 'json' ? value : String(value));
			const common = { messageId: expect.stringMatching(/^[\da-f-]{36}$/), ported: n(0) };
			expect(results.map((result) => result.fields)).toEqual([
				{
					phone: '+33612345678',
					...common,
					mccMnc: '20801',
					errorGrpId: n(0),
					errorName: 'NO_ERROR',
					errorDesc: 'No Error',
					date: expect.stringMatching(ISO_UTC),
				},
				{
					phone: '+33711223344',
					...common,
					mccMnc: '20810',
					errorGrpId: n(1),
					errorName: 'EC_UNKNOWN_SUBSCRIBER',
					errorDesc: 'Unknown subscriber',
					date: expect.stringMatching(ISO_UTC),
				},
				{
					phone: '+33612345679',
					...common,
					mccMnc: '20801',
					errorGrpId: n(1),
					errorName: 'EC_ABSENT_SUBSCRIBER',
					errorDesc: 'Absent subscriber',
					date: expect.stringMatching(ISO_UTC),
				},
				{
					phone: '+447911123456',
					...common,
					errorGrpId: n(0),
					errorName: 'NO_ERROR',
					errorDesc: 'No Error',
					date: expect.stringMatching(ISO_UTC),
				},
			]);
			for (const result of results) {
				expect(result.method).toBe(method);
				expect(result.headers['content-type']).toBe(contentType);
				expect(result.query.secret).toBe('s3cret');
				const date = (result.fields.date as string).replace('+0000', 'Z');
				expect(date >= before && date <= after).toBe(true);
			}
			const ids = results.map((result) => result.fields.messageId);
			expect(new Set(ids).size).toBe(4);
			// Logged; hlrNow afterwards posts nothing more.
			const logged = await sandbox.hlrNow('HLR2271467');
			expect(logged).toEqual(sandbox.callbacks);
			expect(logged.map((entry) => [entry.kind, entry.method, entry.status])).toEqual(
				Array(4).fill(['hlrResult', method, 200]),
			);
			expect(collector.at('/hlr')).toHaveLength(4);
		},
	);

	test('hlrNow posts at once, once; lookups asked before setHlrOutcome keep theirs; a far host is not called', async () => {
		const sandbox = await sandboxes.start({ hlrMs: 60_000 });
		await hlr(sandbox, '0612345678', collector.url('/hlr'));
		sandbox.setHlrOutcome('0612345678', 'absent');
		await hlr(sandbox, '0612345678', 'https://n8n.example.com/webhook/x/sms/secret');
		const [first] = await sandbox.hlrNow('HLR2271467');
		expect(first).toMatchObject({
			kind: 'hlrResult',
			status: 200,
			body: { errorName: 'NO_ERROR' },
		});
		expect(await sandbox.hlrNow(' HLR2271467 ')).toEqual([first]);
		const [far] = await sandbox.hlrNow('HLR2271468');
		expect(far).toMatchObject({
			status: null,
			error: 'not called: n8n.example.com is not a loopback address (see remoteCallbacks)',
			body: { errorName: 'EC_ABSENT_SUBSCRIBER' },
		});
		expect(collector.at('/hlr')).toHaveLength(1);
		await expect(sandbox.hlrNow('HLR1')).rejects.toThrow('The sandbox made no HLR lookup HLR1');
		expect(() => sandbox.setHlrOutcome('0612345678', 'maybe' as never)).toThrow(
			'outcome must be one of reachable, absent, unknownSubscriber (got "maybe")',
		);
	});

	test('POST /_sandbox/hlr, /_sandbox/hlr-outcome and /_sandbox/hlr-format', async () => {
		const sandbox = await sandboxes.start({ hlrMs: 60_000 });
		expect(
			await control(sandbox, 'hlr-outcome', { phoneNumber: '0612345678', outcome: 'absent' }),
		).toEqual({ status: 200, body: { phoneNumber: '+33612345678', outcome: 'absent' } });
		expect(await control(sandbox, 'hlr-format', { format: 'form' })).toEqual({
			status: 200,
			body: { hlrFormat: 'form' },
		});
		await hlr(sandbox, '0612345678', collector.url('/hlr'));
		const posted = await control(sandbox, 'hlr', { campaignId: 'HLR2271467' });
		expect(posted).toMatchObject({
			status: 200,
			body: [{ kind: 'hlrResult', method: 'POST', status: 200, body: { errorGrpId: 1 } }],
		});
		expect(collector.at('/hlr')[0].headers['content-type']).toBe(
			'application/x-www-form-urlencoded',
		);
		for (const [name, body, error] of [
			['hlr', {}, 'campaignId is required'],
			['hlr', { campaignId: 'HLR9' }, 'The sandbox made no HLR lookup HLR9'],
			[
				'hlr-outcome',
				{ phoneNumber: 'x', outcome: 'absent' },
				'phoneNumber must be a phone number',
			],
			['hlr-format', { format: 'xml' }, 'format must be one of get, json, form'],
			['hlr-outcome', { phoneNumber: '0612345678', outcome: 'absent', x: 1 }, 'Unknown field x'],
		] as const)
			expect(await control(sandbox, name, body)).toEqual({
				status: 400,
				body: { error: expect.stringContaining(error) },
			});
	});

	test('close() clears the HLR timers: nothing is posted afterwards', async () => {
		const sandbox = await sandboxes.start({ hlrMs: 60_000 });
		await hlr(sandbox, '0612345678', collector.url('/hlr'));
		expect(sandbox.pendingHlr()).toEqual(['HLR2271467']);
		await sandbox.close();
		expect(sandbox.pendingHlr()).toEqual([]);
		await expect(sandbox.hlrNow('HLR2271467')).resolves.toEqual([
			expect.objectContaining({ status: null, error: 'not called: the sandbox is closed' }),
		]);
		expect(collector.received).toEqual([]);
	});
});
