/**
 * Two-way SMS in a real n8n (`n8n start`, the package installed as a community package),
 * against the local SMS Partner sandbox playing SMS Partner's side:
 *
 * - the SMS Partner Webhook Trigger, published, receives from the sandbox a reply, a STOP,
 *   delivery reports as GET, JSON and form, and a two-part long-number message: each
 *   starts one execution (posted to a collector), a repeat starts none, and a request
 *   without the secret gets 403 and starts nothing;
 * - SMS › Send and Wait for Reply: resumed by the sandbox's reply OUI (answer "OUI"), not
 *   by a reply from another number, and timed out with a one-minute limit.
 *
 * Once per n8n version in E2E_TWO_WAY_VERSIONS (default: every proven one).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	activateWorkflow,
	ensureN8n,
	importIntoN8n,
	packPackage,
	prepareUserFolder,
	startN8n,
} from '../support/n8n';
import { pickPort } from '../support/ports';
import { versionsPart } from './parts';
import { PROVEN } from '../support/versions';
import {
	credentialEntry,
	sendAndWaitWorkflow,
	sendWithReplyUrlWorkflow,
	webhookTriggerWorkflow,
} from '../support/workflows';
import { KEY, keySpellings, startTestSandbox } from '../support/fixtures';

const VERSIONS =
	process.env.E2E_TWO_WAY_VERSIONS?.split(',')
		.map((version) => version.trim())
		.filter(Boolean) ?? PROVEN;

/** n8n's wait tracker looks for due executions every minute. */
const TIMEOUT_WAIT_MS = 4 * 60_000;
const EVENT_WAIT_MS = 30_000;
const LONG_TEST_MS = 6 * 60_000;

type Json = Record<string, any>;
type Sandbox = Awaited<ReturnType<typeof startTestSandbox>> & Record<string, any>;

const CREDENTIAL = { id: 'cred-two-way', name: 'SMS Partner (two-way e2e)' };
const PHONE = '0612345678';
const PHONE_E164 = '+33612345678';
const OTHER_PHONE_E164 = '+33698765432';
const SLOW_PHONE = '0611223344';
const STOP_PHONE = '0622334455';
const STOP_PHONE_E164 = '+33622334455';
const SLOW_PHONE_E164 = '+33611223344';
const WORKFLOW_IDS = {
	trigger: 'e2e-webhook-trigger',
	send: 'e2e-send-to-trigger',
	wait: 'e2e-send-and-wait',
};

async function startCollector() {
	const received: Array<{ path: string; json: any; text: string }> = [];
	const server = createServer((request, response) => {
		let text = '';
		request.setEncoding('utf8');
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			let json: any;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			received.push({ path: request.url ?? '', json, text });
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		at: (path: string) => received.filter((request) => request.path === path).map((r) => r.json),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const postJson = (url: string | URL, body: unknown) =>
	fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});

async function waitUntil(
	what: string,
	ready: () => boolean,
	timeoutMs: number,
	explain: () => string,
	probe?: () => Promise<void>,
) {
	const started = Date.now();
	for (;;) {
		await probe?.();
		if (ready()) return;
		if (Date.now() - started > timeoutMs)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}\n${explain()}`);
		await sleep(200);
	}
}

let packDir: string;
let tarball: string;

beforeAll(() => {
	packDir = mkdtempSync(join(tmpdir(), 'smspartner-pack-'));
	tarball = packPackage(packDir);
});

afterAll(() => {
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

/** The suite for the versions of part `part` (parts.ts). */
export function twoWaySuite(part: number) {
	versionsPart(VERSIONS, part, 'n8n %s: two-way SMS', suite);
}

function suite(version: string) {
	let install: any;
	let userFolder: string;
	let sandbox: Sandbox;
	let collector: Awaited<ReturnType<typeof startCollector>>;
	let n8n: Awaited<ReturnType<typeof startN8n>> | undefined;
	let base: string;
	let triggerUrl: string;
	const secret = randomBytes(24).toString('base64url');
	const webhookId = randomUUID();
	let timeoutStartedAt = 0;
	const registered = new Set<string>();

	const state = () =>
		[
			`collector: ${JSON.stringify(collector.received)}`,
			`sandbox callbacks: ${JSON.stringify(sandbox.callbacks ?? [])}`,
			`n8n output (tail):\n${n8n ? n8n.output().slice(-6000) : '(not started)'}`,
		].join('\n');

	/** Fails, with the answer's body and the state above, unless `answer` has `status`. */
	const expectAnswer = async (
		answer: Response | { status: number; body: string },
		status: number,
	): Promise<void> => {
		if (answer.status === status) return;
		const body = answer instanceof Response ? await answer.text() : answer.body;
		throw new Error(`answered ${answer.status}, not ${status}: ${body.slice(0, 2000)}\n${state()}`);
	};

	const send = async (): Promise<string> => {
		const response = await postJson(`${base}/webhook/e2e-two-way-send`, {});
		const sent = JSON.parse(await response.text()) as Json;
		expect(sent.messageId).toMatch(/^\d+$/);
		return sent.messageId;
	};
	const events = () => collector.at('/events');
	const eventCount = (event: string) => events().filter((item) => item.event === event).length;
	/** Starts the appointment workflow for `phone`; gives the SMS it sent, once the sandbox has it. */
	const startAppointment = async (body: Json, phoneE164: string): Promise<any> => {
		const response = await postJson(`${base}/webhook/e2e-appointment`, body);
		await expectAnswer(response, 200);
		let message: any;
		await waitUntil(
			`the appointment SMS to ${phoneE164}`,
			() =>
				(message = [...sandbox.messages(KEY)]
					.reverse()
					.find(
						(m: any) =>
							m.recipients[0].phoneNumber === phoneE164 &&
							m.urlResponse?.includes('/webhook-waiting/'),
					)) !== undefined,
			EVENT_WAIT_MS,
			state,
		);
		// n8n 1.x on SQLite without a read pool (its default) writes a waiting execution in two
		// statements, no transaction: its status, then its data. A reply read in between finds no
		// run of the node and gets a 500 ("Cannot read properties of
		// undefined (reading 'pop')", seen in CI and here). No person answers an SMS within those
		// milliseconds; a test does. So the replies wait until the resume URL answers 200 to a
		// reply from another number, which the node ignores (409 while the run goes on, that 500
		// while it is half-written), and then a second more.
		let probe: { status: number; body: string } | undefined;
		await waitUntil(
			`n8n waiting for a reply to ${phoneE164}`,
			() => probe?.status === 200,
			EVENT_WAIT_MS,
			state,
			async () => {
				const response = await postJson(message.urlResponse, {
					type: 'response',
					phone_number: OTHER_PHONE_E164,
					text: 'OUI',
					message_id: message.id,
				});
				probe = { status: response.status, body: await response.text() };
				const halfWritten = probe.status === 500 && probe.body.includes("reading 'pop'");
				if (probe.status !== 409 && !halfWritten) await expectAnswer(probe, 200);
			},
		);
		await sleep(1000);
		return message;
	};

	beforeAll(async () => {
		install = await ensureN8n(version);
		userFolder = mkdtempSync(join(tmpdir(), `smspartner-two-way-${version}-`));
		await prepareUserFolder({ tarball, userFolder });
		sandbox = (await startTestSandbox()) as Sandbox;
		collector = await startCollector();
		const index = VERSIONS.indexOf(version);
		const port = await pickPort(5891 + index);
		const brokerPort = await pickPort(15891 + index, [port]);
		base = `http://127.0.0.1:${port}`;
		triggerUrl = `${base}/webhook/${webhookId}/sms/${secret}`;
		const workflows = [
			webhookTriggerWorkflow({
				id: WORKFLOW_IDS.trigger,
				secret,
				webhookId,
				collectorUrl: `${collector.url}/events`,
				options: { partsWaitSeconds: 20 },
			}),
			sendWithReplyUrlWorkflow({
				id: WORKFLOW_IDS.send,
				credential: CREDENTIAL,
				path: 'e2e-two-way-send',
				webhookId: randomUUID(),
				replyUrl: triggerUrl,
				phoneNumbers: PHONE,
				message: 'Reply to this SMS',
				options: { deliveryReportUrl: triggerUrl },
			}),
			sendAndWaitWorkflow({
				id: WORKFLOW_IDS.wait,
				credential: CREDENTIAL,
				path: 'e2e-appointment',
				webhookId: randomUUID(),
				collectorUrl: `${collector.url}/waited`,
			}),
		];
		await importIntoN8n(install, userFolder, brokerPort, 'credentials', [
			credentialEntry(CREDENTIAL.id, CREDENTIAL.name, KEY, sandbox.baseUrl),
		]);
		await importIntoN8n(install, userFolder, brokerPort, 'workflow', workflows);
		for (const id of Object.values(WORKFLOW_IDS))
			await activateWorkflow(install, userFolder, brokerPort, id);
		n8n = await startN8n({
			install,
			userFolder,
			port,
			brokerPort,
			timeoutMs: 180_000,
			extraEnv: { WEBHOOK_URL: `${base}/` },
		});
		// n8n 2.41 registers published workflows' webhooks after it starts answering: wait until
		// each POST path is known. A GET to it then gets n8n's "not registered for GET requests.
		// Did you mean to make a POST request?", and not "The requested webhook … is not registered".
		for (const path of [`${webhookId}/sms/${secret}`, 'e2e-two-way-send', 'e2e-appointment'])
			await waitUntil(
				`the webhook ${path.slice(0, 40)} registered`,
				() => registered.has(path),
				60_000,
				state,
				async () => {
					const response = await fetch(`${base}/webhook/${path}`, { method: 'PUT' });
					const text = await response.text();
					if (response.status !== 404 || /POST request/.test(text)) registered.add(path);
				},
			);
	}, 15 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await collector?.close();
		await sandbox?.close();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	test('Send and Wait for Reply with a one-minute limit starts waiting (its timeout is checked last)', async () => {
		await startAppointment({ phone: SLOW_PHONE, limitMinutes: 1 }, SLOW_PHONE_E164);
		timeoutStartedAt = Date.now();
	});

	test('the published trigger: a reply starts one execution; the same callback again starts none', async () => {
		const messageId = await send();
		const reply = await sandbox.reply({ messageId, phoneNumber: PHONE, text: 'Bonjour !' });
		await expectAnswer(reply, 200);
		expect(JSON.parse(reply.body)).toEqual({ received: true });
		await waitUntil('the reply event', () => eventCount('reply') === 1, EVENT_WAIT_MS, state);
		expect(events()[0]).toMatchObject({
			event: 'reply',
			messageId,
			phoneNumber: PHONE_E164,
			text: 'Bonjour !',
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+0[12]:00$/),
			raw: { type: 'response', phone_number: PHONE_E164, text: 'Bonjour !' },
		});
		// SMS Partner retrying: the very same JSON again.
		const again = await postJson(triggerUrl, {
			type: 'response',
			phone_number: PHONE_E164,
			text: 'Bonjour !',
			message_id: Number(messageId),
		});
		await expectAnswer(again, 200);

		// Then a STOP: when it has come, the repeat has had its chance to start an execution too.
		const stop = await sandbox.reply({ messageId, phoneNumber: PHONE, text: 'STOP' });
		await expectAnswer(stop, 200);
		await waitUntil('the STOP event', () => eventCount('stop') === 1, EVENT_WAIT_MS, state);
		expect(events().find((item) => item.event === 'stop')).toMatchObject({
			event: 'stop',
			messageId,
			phoneNumber: PHONE_E164,
			text: 'STOP',
		});
		expect(eventCount('reply')).toBe(1);
		sandbox.account(KEY).stopList!.length = 0;
	});

	test('a request without the secret gets 403 (or n8n 404 for a wrong one in the path) and starts nothing', async () => {
		const before = collector.received.length;
		const forged = {
			type: 'response',
			phone_number: PHONE_E164,
			text: 'forged',
			message_id: 1,
		};
		const noSecret = await postJson(`${base}/webhook/${webhookId}/sms`, forged);
		const wrongQuery = await postJson(
			`${base}/webhook/${webhookId}/sms?secret=${'x'.repeat(32)}`,
			forged,
		);
		const wrongPath = await postJson(`${base}/webhook/${webhookId}/sms/${'x'.repeat(32)}`, forged);
		expect([noSecret.status, wrongQuery.status, wrongPath.status]).toEqual([403, 403, 404]);
		// The secret in the query, on the path without it, is accepted.
		const viaQuery = await postJson(`${base}/webhook/${webhookId}/sms?secret=${secret}`, {
			type: 'response',
			phone_number: PHONE_E164,
			text: 'via query',
			message_id: 7,
		});
		await expectAnswer(viaQuery, 200);
		await waitUntil(
			'the reply via ?secret=',
			() => events().some((item) => item.text === 'via query'),
			EVENT_WAIT_MS,
			state,
		);
		expect(collector.received.slice(before).map((r) => r.json.text)).toEqual(['via query']);
	});

	test.each(['get', 'json', 'form'])(
		'a delivery report posted as %s starts one execution, in Get Status words',
		async (format) => {
			sandbox.setDlrFormat(format as 'get' | 'json' | 'form');
			const messageId = await send();
			await sandbox.deliverNow(messageId);
			await waitUntil(
				`the ${format} delivery report`,
				() =>
					events().some((item) => item.event === 'deliveryReport' && item.messageId === messageId),
				EVENT_WAIT_MS,
				state,
			);
			const reports = events().filter(
				(item) => item.event === 'deliveryReport' && item.messageId === messageId,
			);
			expect(reports).toEqual([
				expect.objectContaining({
					event: 'deliveryReport',
					messageId,
					phoneNumber: PHONE_E164,
					status: 'delivered',
					smsPartnerStatus: 'Delivered',
				}),
			]);
		},
	);

	test('a two-part message to the long number, parts in reverse order, is one event with the text joined', async () => {
		const text =
			'Bonjour, je voudrais déplacer mon rendez-vous de demain à jeudi, si possible le matin.';
		await sandbox.longNumberMessage({
			url: triggerUrl,
			from: '33612345678',
			text,
			parts: 2,
			order: 'reverse',
		});
		await waitUntil(
			'the long-number event',
			() => eventCount('longNumberMessage') === 1,
			EVENT_WAIT_MS,
			state,
		);
		expect(events().find((item) => item.event === 'longNumberMessage')).toMatchObject({
			event: 'longNumberMessage',
			phoneNumber: PHONE_E164,
			text,
			complete: true,
			parts: 2,
		});
	});

	test('Send and Wait for Reply: another number does not resume it; OUI does, with answer "OUI"', async () => {
		const message = await startAppointment({ phone: PHONE }, PHONE_E164);
		// Someone else's answer posted to the same URL (as SMS Partner would post it).
		const other = await postJson(message.urlResponse, {
			type: 'response',
			phone_number: OTHER_PHONE_E164,
			text: 'OUI',
			message_id: message.id,
		});
		await expectAnswer(other, 200);
		// The right number, about another message.
		const otherMessage = await postJson(message.urlResponse, {
			type: 'response',
			phone_number: PHONE_E164,
			text: 'NON',
			message_id: message.id + 1000,
		});
		await expectAnswer(otherMessage, 200);
		// The URL without its secret.
		const withoutSecret = new URL(message.urlResponse);
		withoutSecret.searchParams.delete('secret');
		const forged = await postJson(withoutSecret, {
			type: 'response',
			phone_number: PHONE_E164,
			text: 'NON',
			message_id: message.id,
		});
		await expectAnswer(forged, 403);

		const reply = await sandbox.reply({ messageId: message.id, phoneNumber: PHONE, text: ' oui ' });
		await expectAnswer(reply, 200);
		await waitUntil(
			'the resumed execution',
			() => collector.at('/waited').some((item) => item.phoneNumber === PHONE_E164),
			EVENT_WAIT_MS,
			state,
		);
		// Neither the other number nor the other message resumed it: one answer, the awaited one.
		expect(collector.at('/waited').filter((item) => item.phoneNumber === PHONE_E164)).toEqual([
			expect.objectContaining({
				messageId: String(message.id),
				phoneNumber: PHONE_E164,
				text: ' oui ',
				answer: 'OUI',
				stop: false,
				timedOut: false,
			}),
		]);
	});

	test('Send and Wait for Reply answered STOP goes on with stop: true', async () => {
		const message = await startAppointment({ phone: STOP_PHONE }, STOP_PHONE_E164);
		const stop = await sandbox.reply({
			messageId: message.id,
			phoneNumber: STOP_PHONE,
			text: 'STOP',
		});
		await expectAnswer(stop, 200);
		await waitUntil(
			'the execution resumed by STOP',
			() => collector.at('/waited').some((item) => item.phoneNumber === STOP_PHONE_E164),
			EVENT_WAIT_MS,
			state,
		);
		expect(collector.at('/waited').filter((item) => item.phoneNumber === STOP_PHONE_E164)).toEqual([
			expect.objectContaining({
				stop: true,
				answer: 'other',
				text: 'STOP',
				timedOut: false,
				stopNotice: expect.stringMatching(/STOP list/),
			}),
		]);
	});

	test(
		'Send and Wait for Reply with a one-minute limit and no reply goes on with timedOut: true',
		async () => {
			await waitUntil(
				'the timed-out execution',
				() => collector.at('/waited').some((item) => item.phoneNumber === SLOW_PHONE_E164),
				TIMEOUT_WAIT_MS,
				state,
			);
			process.stderr.write(
				`[twoWay.e2e] n8n ${version}: timed out ${Math.round((Date.now() - timeoutStartedAt) / 1000)} s after the start\n`,
			);
			expect(
				collector.at('/waited').filter((item) => item.phoneNumber === SLOW_PHONE_E164),
			).toEqual([
				expect.objectContaining({
					timedOut: true,
					text: null,
					answer: null,
					phoneNumber: SLOW_PHONE_E164,
				}),
			]);
			const everything = JSON.stringify(collector.received).toLowerCase();
			for (const spelling of keySpellings(KEY)) expect(everything.includes(spelling)).toBe(false);
		},
		LONG_TEST_MS,
	);
}
