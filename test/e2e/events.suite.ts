/**
 * Events in a real n8n (`n8n start`, not the in-process engine), the package
 * installed as a community package, against the local SMS Partner sandbox:
 *
 * - the SMS Partner Trigger, in two published workflows (Subaccount Balance
 *   Below and New STOP), each posting what it emits to a small collector
 *   server: the first poll at activation only records, then a balance that
 *   drops below the threshold and a number that joins the STOP list come out
 *   once each, with no API key in them;
 * - replies through n8n's Webhook node (the README's recipe): a send whose
 *   Reply URL is the production URL of a Webhook → Switch → Edit Fields
 *   workflow, then the sandbox's recipient answering "Yes please" and "STOP".
 *
 * Once per n8n version in E2E_EVENTS_VERSIONS (default: every proven one, 1.x included).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	ensureN8n,
	importIntoN8n,
	n8nEnv,
	prepareUserFolder,
	runCli,
	startN8n,
	packPackage,
} from '../support/n8n';
import { pickPort } from '../support/ports';
import { versionsPart } from './parts';
import { PROVEN } from '../support/versions';
import {
	credentialEntry,
	sendWithReplyUrlWorkflow,
	smsRepliesWorkflow,
	triggerToCollectorWorkflow,
} from '../support/workflows';
import { ALL_KEYS, KEY, keySpellings, startTestSandbox } from '../support/fixtures';

const VERSIONS =
	process.env.E2E_EVENTS_VERSIONS?.split(',')
		.map((version) => version.trim())
		.filter(Boolean) ?? PROVEN;

/** The trigger's first scheduled poll comes up to a minute after activation, at a random second. */
const EVENT_WAIT_MS = 150_000;
const LONG_TEST_MS = 5 * 60_000;

type Json = Record<string, any>;
type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

const CREDENTIAL = { id: 'cred-events', name: 'SMS Partner (events e2e)' };
const PHONE = '0612345678';
const PHONE_E164 = '+33612345678';
const WORKFLOW_IDS = {
	balance: 'e2e-trigger-balance',
	stop: 'e2e-trigger-stop',
	send: 'e2e-send-reply-url',
	replies: 'e2e-sms-replies',
};

/* ---------- the collector: an HTTP server the trigger workflows post their events to ---------- */

interface Received {
	path: string;
	text: string;
	headers: IncomingHttpHeaders;
	json: any;
}

async function startCollector() {
	const received: Received[] = [];
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
			received.push({ path: request.url ?? '', text, headers: request.headers, json });
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		at: (path: string) => received.filter((request) => request.path === path),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/* ---------- helpers ---------- */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ready` every 250 ms until it is true; throws with `explain()` after `timeoutMs`. */
async function waitUntil(
	what: string,
	ready: () => boolean,
	timeoutMs: number,
	explain: () => string,
): Promise<number> {
	const started = Date.now();
	while (!ready()) {
		if (Date.now() - started > timeoutMs)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}\n${explain()}`);
		await sleep(250);
	}
	return Date.now() - started;
}

/** Makes an imported workflow active: `publish:workflow` on n8n 2.x, `update:workflow --active` on 1.x. */
async function activate(
	install: Awaited<ReturnType<typeof ensureN8n>>,
	userFolder: string,
	brokerPort: number,
	id: string,
) {
	// n8nEnv's inferred parameter type (from its JS default) leaves out userFolder.
	const env = (n8nEnv as unknown as (options: object) => Record<string, string>)({
		userFolder,
		version: install.version,
		brokerPort,
	});
	delete env.N8N_PORT;
	const major = Number(String(install.version).split('.')[0]);
	const args =
		major >= 2
			? ['publish:workflow', `--id=${id}`]
			: ['update:workflow', `--id=${id}`, '--active=true'];
	const result = await runCli(install, args, env);
	if (result.code !== 0)
		throw new Error(
			`n8n ${args.join(' ')} failed (${result.code}):\n${result.stdout}${result.stderr}`,
		);
}

/** Every API key the sandbox knows: the accounts' and each subaccount's own. */
function sandboxKeys(sandbox: Sandbox): string[] {
	const keys = new Set<string>([KEY, ...ALL_KEYS]);
	for (const account of sandbox.state.accounts)
		for (const sub of account.subaccounts ?? []) if (sub.apiKey) keys.add(sub.apiKey);
	return [...keys].filter((key) => key.length >= 4);
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
export function eventsSuite(part: number) {
	versionsPart(VERSIONS, part, 'n8n %s: trigger events and replies in a running n8n', suite);
}

function suite(version: string) {
	let install: Awaited<ReturnType<typeof ensureN8n>>;
	let userFolder: string;
	let sandbox: Sandbox;
	let collector: Awaited<ReturnType<typeof startCollector>>;
	let n8n: Awaited<ReturnType<typeof startN8n>> | undefined;
	let base: string;
	let replyUrl: string;

	const n8nLog = () => (n8n ? n8n.output().slice(-6000) : '(n8n not started)');
	const state = () =>
		[
			`sandbox calls: ${JSON.stringify(sandbox.calls.map((call) => `${call.method} ${call.path}`))}`,
			`collector received: ${JSON.stringify(collector.received.map(({ path, json }) => ({ path, json })))}`,
			`n8n output (tail):\n${n8nLog()}`,
		].join('\n');

	beforeAll(async () => {
		const started = Date.now();
		const stage = (what: string) =>
			process.stderr.write(
				`[events.e2e] n8n ${version}: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
			);
		install = await ensureN8n(version);
		userFolder = mkdtempSync(join(tmpdir(), `smspartner-events-${version}-`));
		await prepareUserFolder({ tarball, userFolder });
		sandbox = await startTestSandbox();
		collector = await startCollector();

		const index = VERSIONS.indexOf(version);
		const port = await pickPort(5791 + index);
		const brokerPort = await pickPort(15791 + index, [port]);
		base = `http://127.0.0.1:${port}`;
		// An unguessable path: whoever knows it can post "replies" into the workflow.
		const repliesPath = `sms-replies-${randomBytes(12).toString('hex')}`;
		replyUrl = `${base}/webhook/${repliesPath}`;

		const workflows = [
			triggerToCollectorWorkflow({
				id: WORKFLOW_IDS.balance,
				name: 'Subaccount balance below 10 EUR',
				credential: CREDENTIAL,
				parameters: { event: 'subaccountBalanceLow', threshold: '10' },
				collectorUrl: `${collector.url}/balance`,
			}),
			triggerToCollectorWorkflow({
				id: WORKFLOW_IDS.stop,
				name: 'New STOP',
				credential: CREDENTIAL,
				parameters: { event: 'newStop' },
				collectorUrl: `${collector.url}/stop`,
			}),
			sendWithReplyUrlWorkflow({
				id: WORKFLOW_IDS.send,
				credential: CREDENTIAL,
				path: 'e2e-send',
				webhookId: randomUUID(),
				replyUrl,
				phoneNumbers: PHONE,
				message: 'Reply YES or STOP',
			}),
			smsRepliesWorkflow({ id: WORKFLOW_IDS.replies, path: repliesPath, webhookId: randomUUID() }),
		];
		stage('package installed in the user folder');
		await importIntoN8n(install, userFolder, brokerPort, 'credentials', [
			credentialEntry(CREDENTIAL.id, CREDENTIAL.name, KEY, sandbox.baseUrl),
		]);
		await importIntoN8n(install, userFolder, brokerPort, 'workflow', workflows);
		stage('credential and 4 workflows imported');
		for (const id of Object.values(WORKFLOW_IDS))
			await activate(install, userFolder, brokerPort, id);

		stage('workflows published');
		n8n = await startN8n({
			install,
			userFolder,
			port,
			brokerPort,
			timeoutMs: 180_000,
			extraEnv: { WEBHOOK_URL: `${base}/` },
		});
		stage(`n8n started on ${base}`);
	}, 15 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await collector?.close();
		await sandbox?.close();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	test('at activation each trigger polls once and emits nothing', async () => {
		await waitUntil(
			'the activation polls of both triggers',
			() => sandbox.callCount('/subaccount/list') >= 1 && sandbox.callCount('/stop-sms/list') >= 1,
			60_000,
			state,
		);
		expect(n8n!.output()).not.toMatch(/There was a problem activating the workflow/);
		// The first poll only records balances and STOP ids.
		expect(collector.received).toEqual([]);

		// What the next scheduled polls must report: sub-alpha drops from 150 to 4.5 EUR
		// (the STOP comes from the reply in the next test).
		expect(sandbox.subaccount('sub-alpha').credit).toBe(150);
		sandbox.subaccount('sub-alpha').credit = 4.5;
	});

	test('replies through the Webhook node: a send with a Reply URL, a reply and a STOP routed by a Switch', async () => {
		const sendsBefore = sandbox.callCount('/send');
		const response = await fetch(`${base}/webhook/e2e-send`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({}),
		});
		const text = await response.text();
		expect({ status: response.status, text }).toEqual({ status: 200, text: expect.any(String) });
		const sent = JSON.parse(text) as Json;
		// The node gives ids as text; SMS Partner's reply payload carries the number.
		expect(sent).toMatchObject({
			messageId: expect.stringMatching(/^\d+$/),
			recipients: [PHONE_E164],
		});
		const messageId = Number(sent.messageId);

		// SMS Partner got the production webhook URL as the send's urlResponse.
		const sends = sandbox.calls.filter((call) => call.path === '/send').slice(sendsBefore);
		expect(sends).toHaveLength(1);
		expect({ ...sends[0].query, ...(sends[0].body ?? {}) }.urlResponse).toBe(replyUrl);
		const recorded = sandbox.messages(KEY).find((message) => message.id === messageId);
		expect(recorded?.urlResponse).toBe(replyUrl);

		const reply = await sandbox.reply({ messageId, phoneNumber: PHONE, text: 'Yes please' });
		expect(reply.status).toBe(200);
		expect(JSON.parse(reply.body)).toEqual({
			handled: 'reply',
			text: 'Yes please',
			phoneNumber: PHONE_E164,
			messageId,
		});
		expect(sandbox.account(KEY).stopList).toEqual([]);

		const stop = await sandbox.reply({ messageId, phoneNumber: PHONE, text: 'STOP' });
		expect(stop.status).toBe(200);
		expect(JSON.parse(stop.body)).toEqual({
			handled: 'stop',
			phoneNumber: PHONE_E164,
			messageId,
		});
		expect(sandbox.account(KEY).stopList!.map((entry) => entry.phoneNumber)).toEqual([PHONE_E164]);
	});

	test(
		'the scheduled polls report the low balance and the new STOP, once each, with no API key',
		async () => {
			const waited = await waitUntil(
				'both events at the collector',
				() => collector.at('/balance').length >= 1 && collector.at('/stop').length >= 1,
				EVENT_WAIT_MS,
				state,
			);
			process.stderr.write(
				`[events.e2e] both events arrived ${Math.round(waited / 1000)} s after the wait began\n`,
			);

			const balance = collector.at('/balance');
			expect(balance.map((request) => request.json)).toEqual([
				{
					tokenSubaccount: 'sub-alpha',
					email: 'alpha@sandbox.local',
					subaccountCredit: 4.5,
					threshold: 10,
					previousSubaccountCredit: 150,
					currency: 'EUR',
				},
			]);
			expect(balance[0].headers['content-type']).toMatch(/^application\/json/);

			const [listed] = sandbox.account(KEY).stopList!;
			const stops = collector.at('/stop');
			expect(stops.map((request) => request.json)).toEqual([
				{ id: String(listed.id), phoneNumber: PHONE_E164, createdAt: expect.any(String) },
			]);
			const { createdAt } = stops[0].json as { createdAt: string };
			expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
			expect(Number.isFinite(Date.parse(createdAt))).toBe(true);

			// Nothing else was posted (e.g. the same event twice, or an error item).
			expect(collector.received.map((request) => request.path).sort()).toEqual([
				'/balance',
				'/stop',
			]);

			const everything = collector.received
				.map(({ path, text, headers }) => `${path}\n${JSON.stringify(headers)}\n${text}`)
				.join('\n')
				.toLowerCase();
			for (const key of sandboxKeys(sandbox))
				for (const spelling of keySpellings(key))
					expect({ key, found: everything.includes(spelling) }).toEqual({ key, found: false });
		},
		LONG_TEST_MS,
	);
}
