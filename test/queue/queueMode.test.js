'use strict';
/**
 * `npm run test:queue`: the node in n8n queue mode (GitHub issue 8), a node:test suite.
 *
 * Starts a throwaway Redis and PostgreSQL (Debian packages, installed when
 * missing), the SMS Partner sandbox, one n8n main (EXECUTIONS_MODE=queue) and
 * two `n8n worker`s, each with its own user folder holding the packed package as
 * a community package, all sharing the database and the encryption key.
 * Imports a credential and a workflow (Webhook → Remove Credit → Respond to
 * Webhook, error output → Respond 422), publishes it, then fires 200 webhook
 * calls, 10 at a time, 200 distinct subaccounts, every 10th an unknown one.
 * After 60 answers, one worker is SIGKILLed while it holds jobs (the sandbox
 * answers slowly so they are in flight), and the test checks what n8n does with
 * them: every call answered, each answer right or an honest failure, work
 * spread over both workers, and at most one remove call per subaccount —
 * a second one (a job re-run after its credit already moved) fails the test.
 *
 * Before that run, while both workers are up, two-way SMS (issue 24), on an
 * account of its own in the sandbox:
 * - SMS › Send and Wait for Reply, started by a Webhook node: the main enqueues
 *   the execution, a worker runs it to its wait (the SMS's Reply URL is the
 *   execution's resume URL on the main, WEBHOOK_URL); the sandbox's reply OUI
 *   reaches the main, which enqueues the resumed execution as a new job, and a
 *   worker runs it to its end: the collector gets answer OUI once, and the same
 *   reply again (409) restarts nothing;
 * - the SMS Partner Webhook Trigger: the sandbox's reply to an SMS sent with the
 *   trigger's URL as Reply URL starts one execution, run by a worker; the same
 *   callback again starts none; without the secret, 403.
 * Which process ran what: the main's log names each job it enqueued ("Enqueued
 * execution 12 (job 14)"), each worker's log the jobs it started and finished;
 * each workflow also posts, with its result, the name of the process whose HTTP
 * Request node sent it (SMSPARTNER_TEST_PROCESS through $env).
 *
 * One test, "n8n queue mode: …", runs it all in order; each check is a named
 * subtest of it (what was seen shown as a diagnostic line when it passes, as the
 * assertion message when it fails). What it started is stopped when it ends,
 * also when a step throws or the test times out.
 *
 * Options (environment; the flags only when the file is run directly,
 * `node test/queue/queueMode.test.js --calls 50`, as `node --test` takes its
 * arguments for test files):
 *   --calls N          / QUEUE_TEST_CALLS        webhook calls (default 200)
 *   --concurrency N    / QUEUE_TEST_CONCURRENCY  calls in flight (default 10)
 *   --kill-after N     / QUEUE_TEST_KILL_AFTER   answers before the kill; 0 = no kill (default 60)
 *   --delay-ms N       / QUEUE_TEST_DELAY_MS     sandbox answer delay (default 400)
 *   --n8n-default-locks / QUEUE_TEST_DEFAULT_LOCKS=1  keep n8n's Bull lock/stalled
 *                      timings (lock 60 s, stalled check 30 s) instead of 10 s / 5 s
 *   --keep-logs        / QUEUE_TEST_KEEP_LOGS=1  keep the n8n logs folder
 */
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const {
	cacheDir,
	ensureN8n,
	httpStatus,
	n8nEnv,
	prepareUserFolder,
	runCli,
	startN8n,
} = require('../support/n8n');
const { flag, option } = require('../support/options');
const { freePort } = require('../support/ports');
const {
	credentialEntry,
	sendAndWaitWorkflow,
	sendWithReplyUrlWorkflow,
	webhookTriggerWorkflow,
} = require('../support/workflows');
const { ensurePackages, startRedis, startPostgres } = require('../support/queueInfra');
const { LATEST } = require('../support/versions');
const { demoAccount, startSandbox } = require('../../sandbox/server');

const ROOT = path.join(__dirname, '..', '..');
const VERSION = LATEST;
const CREDENTIAL = { id: 'smspartner-queue', name: 'SMS Partner (queue test sandbox)' };
const WORKFLOW_ID = 'smspartnerQueueTest';
const API_KEY = 'queue-test-main-key';
const START_CREDIT = 100;
const MAIN_START_CREDIT = 5000;
const REMOVE = '/subaccount/credit/remove';
/** Two-way SMS: an account of its own, so its SMS costs stay out of the credit checks. */
const TWO_WAY_KEY = 'queue-test-two-way-key';
const TWO_WAY_CREDENTIAL = {
	id: 'smspartner-queue-two-way',
	name: 'SMS Partner (queue test, two-way)',
};
const TWO_WAY_IDS = {
	trigger: 'smspartnerQueueTrigger',
	send: 'smspartnerQueueSendToTrigger',
	wait: 'smspartnerQueueSendAndWait',
};
const TRIGGER_PHONE = '0612345678';
const TRIGGER_PHONE_E164 = '+33612345678';
const WAIT_PHONE = '0611223344';
const WAIT_PHONE_E164 = '+33611223344';
/** The bound on each wait for an event of the two-way checks (they come within seconds). */
const EVENT_WAIT_MS = 60_000;
/** The whole run: ~110–170 s with n8n cached (two-way SMS included); installing n8n or the Debian packages first takes minutes more. */
const TIMEOUT_MS = 30 * 60_000;

const CALLS = Number(option('--calls', 'QUEUE_TEST_CALLS', '200'));
const CONCURRENCY = Number(option('--concurrency', 'QUEUE_TEST_CONCURRENCY', '10'));
const KILL_AFTER = Number(option('--kill-after', 'QUEUE_TEST_KILL_AFTER', '60'));
const DELAY_MS = Number(option('--delay-ms', 'QUEUE_TEST_DELAY_MS', '400'));
const DEFAULT_LOCKS = flag('--n8n-default-locks', 'QUEUE_TEST_DEFAULT_LOCKS');
const KEEP_LOGS = flag('--keep-logs', 'QUEUE_TEST_KEEP_LOGS');

const T0 = Date.now();
const secs = (from = T0) => ((Date.now() - from) / 1000).toFixed(1);
function step(msg) {
	console.log(`\n▸ [${secs()}s] ${msg}`);
}

/* ---------- the calls ---------- */

const tokenOf = (i) => `q-${String(i).padStart(3, '0')}`;
const isUnknown = (i) => i % 10 === 9;
const tokenFor = (i) => (isUnknown(i) ? `q-unknown-${String(i).padStart(3, '0')}` : tokenOf(i));
const amountFor = (i) => Math.round((1 + (i % 7) * 0.25 + (i % 3) * 0.001) * 1000) / 1000;

function postJson(url, body, timeoutMs) {
	return new Promise((resolve) => {
		const data = JSON.stringify(body);
		const started = Date.now();
		const req = http.request(
			url,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
				agent: false,
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					let json = null;
					try {
						json = JSON.parse(text);
					} catch {
						/* not JSON */
					}
					resolve({ status: res.statusCode, text, json, ms: Date.now() - started });
				});
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (error) =>
			resolve({ status: 0, error: error.message, ms: Date.now() - started }),
		);
		req.end(data);
	});
}

/* ---------- the workflow ---------- */

function queueWorkflow() {
	const respondOk = {
		id: 'respond-ok',
		name: 'Respond with balances',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		position: [700, -100],
		parameters: {
			respondWith: 'json',
			responseBody:
				'={{ JSON.stringify({ ok: true, token: $json.tokenSubaccount, creditRemoved: $json.creditRemoved, credit: $json.credit, subaccountCredit: $json.subaccountCredit, currency: $json.currency, executionId: $execution.id }) }}',
			options: { responseCode: 200 },
		},
	};
	const respondError = {
		id: 'respond-error',
		name: 'Respond with the refusal',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		position: [700, 100],
		parameters: {
			respondWith: 'json',
			responseBody:
				'={{ JSON.stringify({ ok: false, token: $json.body.token, error: $json.error.message, code: $json.error.code, outcome: $json.error.outcome, executionId: $execution.id }) }}',
			options: { responseCode: 422 },
		},
	};
	return {
		id: WORKFLOW_ID,
		name: 'SMS Partner queue-mode test: remove credit by webhook',
		active: false,
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
		pinData: {},
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '6f1c3f3e-8a52-4a43-9f39-2f6b3c0e9a11',
				parameters: {
					httpMethod: 'POST',
					path: 'remove-credit',
					responseMode: 'responseNode',
					options: {},
				},
			},
			{
				id: 'remove-credit',
				name: 'Remove Credit',
				type: 'n8n-nodes-smspartner.smsPartner',
				typeVersion: 1,
				position: [350, 0],
				parameters: {
					resource: 'subAccount',
					operation: 'removeCredit',
					subaccount: '={{ $json.body.token }}',
					credit: '={{ $json.body.amount }}',
				},
				credentials: { smsPartnerApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
				onError: 'continueErrorOutput',
			},
			respondOk,
			respondError,
		],
		connections: {
			Webhook: { main: [[{ node: 'Remove Credit', type: 'main', index: 0 }]] },
			'Remove Credit': {
				main: [
					[{ node: respondOk.name, type: 'main', index: 0 }],
					[{ node: respondError.name, type: 'main', index: 0 }],
				],
			},
		},
	};
}

/* ---------- n8n processes ---------- */

/** Spawns `n8n worker` in its own process group and waits for "n8n worker is now ready" and its /healthz/readiness. */
async function startWorker({ install, env, name, healthPort, logFile }) {
	const child = spawn(install.nodeBin, [install.n8nBin, 'worker', '--concurrency=10'], {
		env,
		cwd: env.N8N_USER_FOLDER,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const out = fs.createWriteStream(logFile);
	let output = '';
	const keep = (d) => {
		output += d;
		out.write(d);
	};
	child.stdout.setEncoding('utf8').on('data', keep);
	child.stderr.setEncoding('utf8').on('data', keep);
	let dead = null;
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((dead = { code, signal }))),
	);
	const killGroup = (signal) => {
		try {
			process.kill(-child.pid, signal);
		} catch {
			/* gone */
		}
	};
	const worker = {
		name,
		child,
		output: () => output,
		isDead: () => dead,
		kill: (signal) => killGroup(signal),
		stop: async () => {
			if (!dead) {
				killGroup('SIGTERM');
				const timer = setTimeout(() => killGroup('SIGKILL'), 35000);
				await exited;
				clearTimeout(timer);
			}
			killGroup('SIGKILL'); // its task runner, if it outlived it
			out.end();
			return dead;
		},
	};
	const deadline = Date.now() + 120000;
	while (Date.now() < deadline) {
		if (dead)
			throw new Error(`${name} exited early (${JSON.stringify(dead)}):\n${output.slice(-4000)}`);
		if (output.includes('n8n worker is now ready')) {
			const res = await httpStatus(`http://127.0.0.1:${healthPort}/healthz/readiness`);
			if (res === 200) return worker;
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	await worker.stop();
	throw new Error(`${name} not ready within 120 s:\n${output.slice(-4000)}`);
}

/** Executions a worker's log says it started / finished ("Worker started execution 12 (job 12)"). */
function executionsInLog(text) {
	const started = new Set([...text.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]));
	const finished = new Set([...text.matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]));
	return { started, finished };
}

/* ---------- two-way SMS in queue mode (issue 24) ---------- */

/**
 * Who ran an execution, job by job. The main's log names each job it put on the queue
 * ("Enqueued execution 12 (job 14)"), each worker's log the jobs it started and finished
 * ("Worker started execution 12 (job 14)"). An execution resumed after a wait is a new
 * job for the same execution.
 * @returns {{ enqueued: string[], jobs: Map<string, { started: string[], finished: string[] }> }}
 */
function jobsOfExecution(executionId, mainLog, workers) {
	const id = String(executionId);
	const enqueued = [...mainLog.matchAll(/Enqueued execution (\d+) \(job (\d+)\)/g)]
		.filter((m) => m[1] === id)
		.map((m) => m[2]);
	const jobs = new Map();
	for (const worker of workers) {
		for (const m of worker
			.output()
			.matchAll(/Worker (started|finished) execution (\d+) \(job (\d+)\)/g)) {
			if (m[2] !== id) continue;
			const job = jobs.get(m[3]) ?? { started: [], finished: [] };
			job[m[1]].push(worker.name);
			jobs.set(m[3], job);
		}
	}
	return { enqueued, jobs };
}

/** Whether the execution is exactly `count` jobs, each enqueued once by the main and started and finished by one same worker. */
function ranOnWorkers({ enqueued, jobs }, count) {
	const ids = new Set([...enqueued, ...jobs.keys()]);
	return (
		enqueued.length === count &&
		new Set(enqueued).size === count &&
		ids.size === count &&
		[...ids].every((jobId) => {
			const job = jobs.get(jobId);
			return (
				job !== undefined &&
				job.started.length === 1 &&
				job.finished.length === 1 &&
				job.started[0] === job.finished[0]
			);
		})
	);
}

/** "job 7 (enqueued by the main; started on worker-2, finished on worker-2)", per job. */
function describeJobs({ enqueued, jobs }) {
	const ids = [...new Set([...enqueued, ...jobs.keys()])].sort((a, b) => Number(a) - Number(b));
	if (ids.length === 0) return 'no job in any log';
	return ids
		.map((jobId) => {
			const job = jobs.get(jobId) ?? { started: [], finished: [] };
			const times = enqueued.filter((id) => id === jobId).length;
			return `job ${jobId} (enqueued by the main ${times}×; started on ${job.started.join(' and ') || 'no worker'}, finished on ${job.finished.join(' and ') || 'no worker'})`;
		})
		.join(', ');
}

/** Polls `probe` every 200 ms until it gives something truthy, at most `timeoutMs`: `{ ok, value, ms }`. */
async function waitFor(probe, timeoutMs = EVENT_WAIT_MS) {
	const started = Date.now();
	for (;;) {
		const value = await probe();
		if (value) return { ok: true, value, ms: Date.now() - started };
		if (Date.now() - started >= timeoutMs) return { ok: false, value, ms: Date.now() - started };
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** An HTTP server the workflows post their results to: each request's path, query and JSON body. */
async function startCollector() {
	const received = [];
	const server = http.createServer((request, response) => {
		let text = '';
		request.setEncoding('utf8');
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			let json;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			const url = new URL(request.url ?? '/', 'http://collector');
			received.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), json });
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		received,
		at: (pathname) => received.filter((request) => request.path === pathname),
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * The two-way workflows. Each posts its result to the collector with, in the query, its
 * execution's id and the name of the n8n process whose HTTP Request node posted it
 * (SMSPARTNER_TEST_PROCESS, read through $env).
 */
function twoWayWorkflows({ collectorUrl, trigger }) {
	const tag = '?execution={{ $execution.id }}&ranOn={{ $env.SMSPARTNER_TEST_PROCESS }}';
	return [
		webhookTriggerWorkflow({
			id: TWO_WAY_IDS.trigger,
			name: 'SMS Partner queue-mode test: webhook trigger',
			secret: trigger.secret,
			webhookId: trigger.webhookId,
			collectorUrl: `=${collectorUrl}/events${tag}`,
		}),
		sendWithReplyUrlWorkflow({
			id: TWO_WAY_IDS.send,
			name: 'SMS Partner queue-mode test: send with the trigger as Reply URL',
			credential: TWO_WAY_CREDENTIAL,
			path: 'queue-two-way-send',
			webhookId: randomUUID(),
			replyUrl: trigger.url,
			phoneNumbers: TRIGGER_PHONE,
			message: 'Reply to this SMS',
		}),
		sendAndWaitWorkflow({
			id: TWO_WAY_IDS.wait,
			name: 'SMS Partner queue-mode test: send and wait for reply',
			credential: TWO_WAY_CREDENTIAL,
			path: 'queue-appointment',
			webhookId: randomUUID(),
			collectorUrl: `=${collectorUrl}/waited${tag}`,
		}),
	];
}

/** A check whose failure ends the two-way section (what follows it needs it). */
class SectionStopped extends Error {}

/**
 * Send and Wait for Reply, then the SMS Partner Webhook Trigger, on the main + workers:
 * every webhook request reaches the main, every execution part must run on a worker.
 */
async function twoWaySms({ check, sandbox, pg, mainUrl, mainLog, workers, collector, trigger }) {
	const need = async (name, ok, detail) => {
		await check(name, ok, detail);
		if (!ok) throw new SectionStopped(name);
	};
	const statusOf = (executionId) =>
		pg.query(
			`SELECT status, finished, "waitTill" FROM execution_entity WHERE id = ${Number(executionId)}`,
		)[0] ?? [];
	const jobsOf = (executionId) => jobsOfExecution(executionId, mainLog(), workers);
	const hideSecret = (url) => String(url).replace(/secret=[^&]+/, 'secret=…');

	/* -- Send and Wait for Reply: waits on one job, resumed as another -- */
	step('Two-way SMS 1/2: Send and Wait for Reply, resumed by the sandbox reply OUI');
	const started = await postJson(
		`${mainUrl}/webhook/queue-appointment`,
		{ phone: WAIT_PHONE },
		60000,
	);
	const sms = await waitFor(() =>
		sandbox
			.messages(TWO_WAY_KEY)
			.find(
				(m) =>
					m.recipients[0].phoneNumber === WAIT_PHONE_E164 &&
					m.urlResponse?.includes('/webhook-waiting/'),
			),
	);
	const message = sms.value;
	const executionId = /\/webhook-waiting\/(\d+)\//.exec(message?.urlResponse ?? '')?.[1];
	await need(
		"Send and Wait for Reply: the SMS goes out, its Reply URL the execution's resume URL on the main",
		started.status === 200 &&
			executionId !== undefined &&
			message.urlResponse.startsWith(`${mainUrl}/webhook-waiting/${executionId}/`),
		`webhook HTTP ${started.status}; ${message ? `SMS ${message.id} after ${sms.ms} ms, Reply URL ${hideSecret(message.urlResponse)}` : `no SMS within ${sms.ms} ms`}`,
	);

	// The first part: one job, enqueued by the main, run to the wait by a worker.
	const waiting = await waitFor(
		() => statusOf(executionId)[0] === 'waiting' && ranOnWorkers(jobsOf(executionId), 1),
	);
	const firstJobs = jobsOf(executionId);
	const [firstJob] = firstJobs.jobs.keys();
	const [statusWaiting, , waitTill] = statusOf(executionId);
	await need(
		'Send and Wait for Reply: its first part ran on a worker (enqueued by the main, started and finished by a worker) and the execution waits',
		waiting.ok,
		`execution ${executionId}: ${describeJobs(firstJobs)}; status ${statusWaiting}, waitTill ${waitTill}`,
	);

	// The reply: SMS Partner's JSON posted by the sandbox to the resume URL, on the main.
	const reply = await sandbox.reply({
		messageId: message.id,
		phoneNumber: WAIT_PHONE,
		text: 'OUI',
		apiKey: TWO_WAY_KEY,
	});
	const waited = () => collector.at('/waited');
	const resumed = await waitFor(
		() =>
			waited().length > 0 &&
			statusOf(executionId)[0] === 'success' &&
			ranOnWorkers(jobsOf(executionId), 2),
	);
	const allJobs = jobsOf(executionId);
	const secondJob = [...allJobs.jobs.keys()].find((jobId) => jobId !== firstJob);
	const secondWorker = allJobs.jobs.get(secondJob)?.finished[0];
	await check(
		'Send and Wait for Reply: the reply OUI, posted to the main, resumed the execution as a new job that a worker ran to its end',
		reply.status === 200 && resumed.ok,
		`reply HTTP ${reply.status} ${reply.body}; execution ${executionId}: ${describeJobs(allJobs)}; status ${statusOf(executionId).join(' ')}, ${resumed.ms} ms after the reply`,
	);
	const answers = waited();
	const [answer] = answers;
	await check(
		"Send and Wait for Reply: the collector got the answer once: answer 'OUI', timedOut false, posted by the worker that ran the resumed job",
		answers.length === 1 &&
			answer.json?.answer === 'OUI' &&
			answer.json.timedOut === false &&
			answer.json.text === 'OUI' &&
			answer.json.phoneNumber === WAIT_PHONE_E164 &&
			answer.json.messageId === String(message.id) &&
			answer.query.execution === executionId &&
			answer.query.ranOn === secondWorker,
		JSON.stringify(
			answers.map(({ query, json }) => ({
				query,
				answer: json?.answer,
				timedOut: json?.timedOut,
				text: json?.text,
				phoneNumber: json?.phoneNumber,
				messageId: json?.messageId,
			})),
		),
	);
	// SMS Partner posting the same reply again: the execution has ended, nothing restarts it.
	// n8n answers after deciding, so its log and the collector already tell.
	const again = await sandbox.reply({
		messageId: message.id,
		phoneNumber: WAIT_PHONE,
		text: 'OUI',
		apiKey: TWO_WAY_KEY,
	});
	const afterRepeat = jobsOf(executionId);
	await check(
		'Send and Wait for Reply: the same reply again after the end is refused (409) and runs nothing',
		again.status === 409 && afterRepeat.enqueued.length === 2 && waited().length === 1,
		`HTTP ${again.status} ${again.body.slice(0, 120)}; ${describeJobs(afterRepeat)}; answers ${waited().length}`,
	);

	/* -- the SMS Partner Webhook Trigger -- */
	step('Two-way SMS 2/2: the SMS Partner Webhook Trigger');
	const events = () => collector.at('/events');
	const triggerExecutions = () =>
		pg.query(
			`SELECT id, status FROM execution_entity WHERE "workflowId" = '${TWO_WAY_IDS.trigger}' ORDER BY id`,
		);
	const sent = await postJson(`${mainUrl}/webhook/queue-two-way-send`, {}, 60000);
	const messageId = sent.json?.messageId;
	const sentMessage = sandbox.messages(TWO_WAY_KEY).find((m) => String(m.id) === String(messageId));
	await need(
		"the trigger: an SMS goes out with the trigger's URL as its Reply URL",
		sent.status === 200 && sentMessage?.urlResponse === trigger.url,
		`HTTP ${sent.status} ${sent.text ?? sent.error}; Reply URL ${hideSecret(sentMessage?.urlResponse)}`,
	);
	const replied = await sandbox.reply({
		messageId,
		phoneNumber: TRIGGER_PHONE,
		text: 'Bonjour !',
		apiKey: TWO_WAY_KEY,
	});
	const first = await waitFor(() => events().length > 0);
	await need(
		"the trigger: the sandbox's reply to that SMS, posted to the main, starts an execution that posts the event",
		replied.status === 200 && first.ok,
		`reply HTTP ${replied.status} ${replied.body}; event after ${first.ms} ms: ${JSON.stringify(events()[0]?.json)}`,
	);
	// SMS Partner retrying: the very same JSON again. n8n answers once the main has decided:
	// had it started an execution, the execution would be in the database already.
	const repeat = await postJson(
		trigger.url,
		{
			type: 'response',
			phone_number: TRIGGER_PHONE_E164,
			text: 'Bonjour !',
			message_id: Number(messageId),
		},
		30000,
	);
	const afterRepeatRows = triggerExecutions();
	const forged = {
		type: 'response',
		phone_number: TRIGGER_PHONE_E164,
		text: 'forged',
		message_id: Number(messageId),
	};
	const noSecret = await postJson(`${mainUrl}/webhook/${trigger.webhookId}/sms`, forged, 30000);
	const wrongSecret = await postJson(
		`${mainUrl}/webhook/${trigger.webhookId}/sms?secret=${'x'.repeat(32)}`,
		forged,
		30000,
	);
	// One more reply: once its event is in and every execution of the trigger has ended
	// (in the database and in its worker's log), the repeat and the refused requests have
	// had every chance to start one too.
	const closing = await sandbox.reply({
		messageId,
		phoneNumber: TRIGGER_PHONE,
		text: 'Merci',
		apiKey: TWO_WAY_KEY,
	});
	const settled = await waitFor(
		() =>
			events().some((event) => event.json?.text === 'Merci') &&
			triggerExecutions().every(
				([id, status]) => !['new', 'running'].includes(status) && ranOnWorkers(jobsOf(id), 1),
			),
	);
	const rows = triggerExecutions();
	const replyEvents = events().filter((event) => event.json?.text === 'Bonjour !');
	await check(
		'the trigger: the reply started exactly one execution, with the reply in SMS Partner words',
		replied.status === 200 &&
			settled.ok &&
			replyEvents.length === 1 &&
			replyEvents[0].json.event === 'reply' &&
			replyEvents[0].json.messageId === String(messageId) &&
			replyEvents[0].json.phoneNumber === TRIGGER_PHONE_E164 &&
			rows.some(([id]) => id === replyEvents[0].query.execution),
		JSON.stringify(replyEvents.map(({ query, json }) => ({ query, json }))),
	);
	await check(
		'the trigger: the same callback again starts no execution',
		repeat.status === 200 &&
			repeat.json?.repeat === true &&
			afterRepeatRows.length === 1 &&
			rows.length === 2 &&
			replyEvents.length === 1,
		`HTTP ${repeat.status} ${repeat.text ?? repeat.error}; executions of the trigger's workflow right after it: ${afterRepeatRows.length}, after the closing reply: ${rows.length}`,
	);
	await check(
		'the trigger: a request without the secret (or with a wrong one) gets 403 and starts nothing',
		noSecret.status === 403 &&
			wrongSecret.status === 403 &&
			!events().some((event) => event.json?.text === 'forged') &&
			rows.length === 2,
		`without: HTTP ${noSecret.status} ${noSecret.text}; wrong: HTTP ${wrongSecret.status}; closing reply HTTP ${closing.status}`,
	);
	const traced = rows.map(([id, status]) => {
		const jobs = jobsOf(id);
		const event = events().find((e) => e.query.execution === id);
		const worker = [...jobs.jobs.values()][0]?.finished[0];
		return {
			id,
			ok: status === 'success' && ranOnWorkers(jobs, 1) && event?.query.ranOn === worker,
			detail: `execution ${id} (${status}, event "${event?.json?.text}" posted by ${event?.query.ranOn}): ${describeJobs(jobs)}`,
		};
	});
	await check(
		'the trigger: each of its executions ran on a worker (enqueued by the main, started and finished by a worker, the event posted from that worker)',
		rows.length === 2 && traced.every((t) => t.ok),
		traced.map((t) => t.detail).join('; '),
	);
	return {
		wait: { executionId, jobs: describeJobs(allJobs) },
		trigger: traced.map((t) => t.detail),
	};
}

/* ---------- the test ---------- */

const KILLS = KILL_AFTER > 0 && KILL_AFTER <= CALLS;
test(
	`n8n queue mode: two-way SMS and ${CALLS} webhook calls on n8n ${VERSION} main + 2 workers${KILLS ? `, worker-1 SIGKILLed after ${KILL_AFTER} answers` : ''}`,
	{ timeout: TIMEOUT_MS },
	async (t) => {
		/** One check: a subtest named `name` asserting `ok`; `detail` tells what was seen. */
		const check = (name, ok, detail = '') =>
			t.test(name, (st) => {
				if (ok && detail) st.diagnostic(detail);
				assert.ok(ok, detail || name);
			});

		const cleanups = [];
		const cleanup = async () => {
			while (cleanups.length) {
				const [name, fn] = cleanups.pop();
				try {
					await fn();
				} catch (error) {
					console.error(`cleanup ${name} failed: ${error.message}`);
				}
			}
		};
		// On a timeout node:test ends the test while its body still runs: stop everything then;
		// the `finally` below stops whatever the body starts after that.
		t.after(cleanup);
		let interrupted = false;
		for (const signal of ['SIGINT', 'SIGTERM']) {
			process.on(signal, () => {
				if (interrupted) return;
				interrupted = true;
				console.error(`\n${signal}: cleaning up…`);
				cleanup().finally(() => process.exit(1));
			});
		}

		const work = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-test-n8n-'));
		cleanups.push([
			'temp folder',
			() => {
				if (KEEP_LOGS) console.log(`  (logs kept in ${path.join(work, 'logs')})`);
				for (const entry of fs.readdirSync(work))
					if (!(KEEP_LOGS && entry === 'logs'))
						fs.rmSync(path.join(work, entry), { recursive: true, force: true });
				if (!KEEP_LOGS) fs.rmSync(work, { recursive: true, force: true });
			},
		]);
		const logs = path.join(work, 'logs');
		fs.mkdirSync(logs);

		try {
			step('Redis and PostgreSQL (Debian packages)');
			const tDb = Date.now();
			const packages = ensurePackages();
			const installNote = packages.installed.length
				? packages.installed
						.map((p) => `installed ${p.package} in ${p.seconds.toFixed(1)}s`)
						.join(', ')
				: 'already installed';
			const redis = await startRedis({ port: await freePort(), redisServer: packages.redisServer });
			cleanups.push(['redis', redis.stop]);
			const pg = await startPostgres({ port: await freePort(), pgBin: packages.pgBin });
			cleanups.push(['postgres', pg.stop]);
			await check(
				'Redis and PostgreSQL run on 127.0.0.1',
				redis.ping === 'PONG' && !!pg.version,
				`${installNote}; redis :${redis.port} (${redis.ping}), PostgreSQL ${pg.version} :${pg.port}, up in ${secs(tDb)}s`,
			);

			step('Building and packing n8n-nodes-smspartner');
			execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
			const packDir = path.join(work, 'pack');
			fs.mkdirSync(packDir);
			const [packed] = JSON.parse(
				execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
					cwd: ROOT,
					encoding: 'utf8',
				}),
			);
			const tarball = path.join(packDir, packed.filename);

			step(`n8n ${VERSION} (cached in ${cacheDir()})`);
			const install = await ensureN8n(VERSION);

			step('SMS Partner sandbox');
			const subaccounts = [];
			for (let i = 0; i < CALLS; i++)
				if (!isUnknown(i)) subaccounts.push({ token: tokenOf(i), credit: START_CREDIT });
			const sandbox = await startSandbox({
				answerDelayMs: 0,
				state: {
					accounts: [
						{
							apiKey: API_KEY,
							username: 'queue@sandbox.local',
							credit: MAIN_START_CREDIT,
							subaccountsEnabled: true,
							status: 'active',
							subaccounts,
						},
						demoAccount(TWO_WAY_KEY, 'two-way@sandbox.local'),
					],
				},
			});
			cleanups.push(['sandbox', () => sandbox.close()]);
			const collector = await startCollector();
			cleanups.push(['collector', () => collector.close()]);

			// One user folder per process, as separate machines would have: each gets the package.
			const names = ['main', 'worker-1', 'worker-2'];
			const folders = {};
			for (const name of names) {
				folders[name] = path.join(work, name);
				await prepareUserFolder({ tarball, userFolder: folders[name] });
			}
			const ports = { main: await freePort() };
			for (const name of names) ports[`${name}-broker`] = await freePort();
			for (const name of ['worker-1', 'worker-2']) ports[`${name}-health`] = await freePort();
			const mainUrl = `http://127.0.0.1:${ports.main}`;
			const shared = {
				// the URLs n8n gives out, resume URLs too, are the main's: workers have no N8N_PORT
				WEBHOOK_URL: `${mainUrl}/`,
				// the two-way workflows name the process that ran them (SMSPARTNER_TEST_PROCESS)
				N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(pg.port),
				DB_POSTGRESDB_DATABASE: pg.database,
				DB_POSTGRESDB_USER: pg.user,
				DB_POSTGRESDB_PASSWORD: pg.password,
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				QUEUE_BULL_PREFIX: 'bull',
				// every execution saved, so the database tells what happened to each one
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
				EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '30',
				N8N_RUNNERS_MODE: 'internal',
				...(DEFAULT_LOCKS
					? {}
					: {
							QUEUE_WORKER_LOCK_DURATION: '10000',
							QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
							QUEUE_WORKER_STALLED_INTERVAL: '5000',
						}),
			};
			const envFor = (name, extra = {}) => {
				const env = {
					...n8nEnv({
						userFolder: folders[name],
						version: VERSION,
						port: ports.main,
						brokerPort: ports[`${name}-broker`],
						logLevel: 'info',
					}),
					...shared,
					...extra,
				};
				return env;
			};
			const envMain = envFor('main');

			step('Importing the credentials and the workflows into PostgreSQL, publishing them');
			const imports = path.join(work, 'imports');
			fs.mkdirSync(imports);
			const credFile = path.join(imports, 'credentials.json');
			fs.writeFileSync(
				credFile,
				JSON.stringify([
					credentialEntry(CREDENTIAL.id, CREDENTIAL.name, API_KEY, sandbox.baseUrl),
					credentialEntry(
						TWO_WAY_CREDENTIAL.id,
						TWO_WAY_CREDENTIAL.name,
						TWO_WAY_KEY,
						sandbox.baseUrl,
					),
				]),
			);
			const wfFile = path.join(imports, 'workflow.json');
			fs.writeFileSync(wfFile, JSON.stringify(queueWorkflow()));
			const trigger = {
				webhookId: randomUUID(),
				secret: randomBytes(24).toString('base64url'),
			};
			trigger.url = `${mainUrl}/webhook/${trigger.webhookId}/sms/${trigger.secret}`;
			const twoWayFile = path.join(imports, 'two-way.json');
			fs.writeFileSync(
				twoWayFile,
				JSON.stringify(twoWayWorkflows({ collectorUrl: collector.url, trigger })),
			);
			const cliEnv = { ...envMain, N8N_LOG_LEVEL: 'warn' };
			delete cliEnv.N8N_PORT;
			for (const args of [
				['import:credentials', `--input=${credFile}`],
				['import:workflow', `--input=${wfFile}`],
				['publish:workflow', `--id=${WORKFLOW_ID}`],
				['import:workflow', `--input=${twoWayFile}`],
				...Object.values(TWO_WAY_IDS).map((id) => ['publish:workflow', `--id=${id}`]),
			]) {
				const res = await runCli(install, args, cliEnv, { timeoutMs: 240000 });
				if (res.code !== 0)
					throw new Error(`n8n ${args[0]} failed (${res.code}):\n${res.stdout}${res.stderr}`);
			}
			const published = pg.query(`SELECT active FROM workflow_entity WHERE id = '${WORKFLOW_ID}'`);
			await check(
				'workflow imported into PostgreSQL and published',
				published.length === 1 && published[0][0] === 't',
				JSON.stringify(published),
			);
			const twoWayPublished = pg.query(
				`SELECT id, active FROM workflow_entity WHERE id IN (${Object.values(TWO_WAY_IDS)
					.map((id) => `'${id}'`)
					.join(', ')}) ORDER BY id`,
			);
			await check(
				'the two-way workflows (webhook trigger, send to it, send and wait) imported and published',
				twoWayPublished.length === 3 && twoWayPublished.every(([, active]) => active === 't'),
				JSON.stringify(twoWayPublished),
			);

			step('Starting n8n main (queue mode) and two workers');
			const tMain = Date.now();
			const n8nMain = await startN8n({
				install,
				userFolder: folders.main,
				port: ports.main,
				brokerPort: ports['main-broker'],
				timeoutMs: 180000,
				extraEnv: { ...shared, SMSPARTNER_TEST_PROCESS: 'main' },
			});
			cleanups.push([
				'n8n main',
				async () => {
					await n8nMain.stop();
					fs.writeFileSync(path.join(logs, 'main.log'), n8nMain.output());
				},
			]);
			const workers = [];
			for (const name of ['worker-1', 'worker-2']) {
				const env = envFor(name, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(ports[`${name}-health`]),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					SMSPARTNER_TEST_PROCESS: name,
				});
				delete env.N8N_PORT;
				const worker = await startWorker({
					install,
					env,
					name,
					healthPort: ports[`${name}-health`],
					logFile: path.join(logs, `${name}.log`),
				});
				workers.push(worker);
				cleanups.push([name, () => worker.stop()]);
			}
			await check(
				'main and both workers ready',
				true,
				`main :${ports.main}, workers health :${ports['worker-1-health']} :${ports['worker-2-health']}, in ${secs(tMain)}s`,
			);

			const webhookUrl = `${n8nMain.url}/webhook/remove-credit`;
			// One warm-up call on a subaccount of its own, outside the counted run.
			sandbox.addSubaccount({ token: 'q-warmup', credit: START_CREDIT }, API_KEY);
			const warm = await postJson(webhookUrl, { token: 'q-warmup', amount: 1 }, 60000);
			await check(
				'a first webhook call is answered by a worker',
				warm.status === 200 && warm.json?.ok === true,
				`${warm.status} ${warm.text ?? warm.error}`,
			);

			// Two-way SMS (issue 24), while both workers run; its SMS are on an account of
			// their own and its sandbox calls come before `callsBefore`, outside the counted run.
			try {
				const twoWay = await twoWaySms({
					check,
					sandbox,
					pg,
					mainUrl,
					mainLog: () => n8nMain.output(),
					workers,
					collector,
					trigger,
				});
				console.log(
					`  Send and Wait for Reply: execution ${twoWay.wait.executionId}: ${twoWay.wait.jobs}`,
				);
				for (const line of twoWay.trigger) console.log(`  Webhook Trigger: ${line}`);
			} catch (error) {
				if (!(error instanceof SectionStopped))
					await check(
						'two-way SMS in queue mode ran without an unexpected error',
						false,
						error.stack,
					);
			}
			const callsBefore = sandbox.calls.length;

			step(
				`Firing ${CALLS} webhook calls, ${CONCURRENCY} at a time, sandbox answering after ${DELAY_MS} ms${KILL_AFTER > 0 ? `; SIGKILL worker-1 after ${KILL_AFTER} answers` : ''}`,
			);
			sandbox.answerDelayMs = DELAY_MS;
			const results = new Array(CALLS);
			let next = 0;
			let answered = 0;
			let kill = null;
			const tRun = Date.now();
			const victim = workers[0];
			const doKill = () => {
				const log = executionsInLog(victim.output());
				const holding = [...log.started].filter((id) => !log.finished.has(id));
				const removeCallsSoFar = sandbox.calls.length - callsBefore;
				victim.kill('SIGKILL');
				kill = {
					at: Date.now(),
					answered,
					holding,
					removeCallsSoFar,
					sandboxInFlight: sandbox.inFlight,
				};
				console.log(
					`  SIGKILL ${victim.name} at ${secs(tRun)}s after ${answered} answers; its log shows executions in progress: ${holding.join(', ') || 'none'}; sandbox requests in flight: ${sandbox.inFlight}`,
				);
			};
			const lane = async () => {
				while (next < CALLS) {
					const i = next++;
					const res = await postJson(
						webhookUrl,
						{ token: tokenFor(i), amount: amountFor(i) },
						240000,
					);
					results[i] = { i, token: tokenFor(i), amount: amountFor(i), ...res, afterKill: !!kill };
					answered++;
					if (KILL_AFTER > 0 && !kill && answered >= KILL_AFTER) doKill();
				}
			};
			await Promise.all(Array.from({ length: CONCURRENCY }, lane));
			const runSeconds = (Date.now() - tRun) / 1000;
			console.log(`  ${CALLS} calls answered in ${runSeconds.toFixed(1)}s`);
			sandbox.answerDelayMs = 0;

			/* ---------- what happened ---------- */
			step('Checking answers, workers, sandbox calls, executions');
			const removeCalls = sandbox.calls.slice(callsBefore).filter((c) => c.path === REMOVE);
			const removesPerToken = new Map();
			for (const call of removeCalls) {
				const token = call.body?.tokenSubaccount;
				removesPerToken.set(token, (removesPerToken.get(token) || 0) + 1);
			}
			const right = (r) => {
				if (isUnknown(r.i)) {
					return (
						r.status === 422 &&
						r.json?.ok === false &&
						r.json.code === 7 &&
						/does not exist/.test(r.json.error) &&
						r.json.outcome === 'rejected'
					);
				}
				return (
					r.status === 200 &&
					r.json?.ok === true &&
					r.json.token === r.token &&
					r.json.creditRemoved === r.amount &&
					Math.abs(r.json.subaccountCredit - (START_CREDIT - r.amount)) < 1e-9 &&
					typeof r.json.credit === 'number'
				);
			};
			const good = results.filter(right);
			const wrong = results.filter((r) => !right(r));
			const noAnswer = results.filter((r) => r.status === 0);

			// Who ran what: each worker's log names the executions it started.
			const logsOf = workers.map((w) => ({ name: w.name, ...executionsInLog(w.output()) }));
			const workerOf = (executionId) =>
				logsOf.find((l) => l.started.has(String(executionId)))?.name ?? 'unknown';
			const perWorker = {};
			for (const r of good) {
				const w = workerOf(r.json.executionId);
				perWorker[w] = (perWorker[w] || 0) + 1;
			}
			// Executions the killed worker never finished: those its log shows started and
			// not finished, plus those it had taken off the queue before logging anything.
			// The database says which executions did not succeed. n8n marks a dead worker's
			// jobs failed only once their lock expires and its stalled check runs: read the
			// statuses once none is still "running" (bounded wait), so the check below sees
			// n8n's settled answer rather than a moment in between.
			const unsettled = () =>
				pg.query(
					`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' AND status IN ('new', 'running')`,
				)[0][0];
			for (let waited = 0; Number(unsettled()) > 0 && waited < 60; waited++) {
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
			const executions = pg.query(
				`SELECT id, status, finished FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' ORDER BY id`,
			);
			const statusOf = new Map(executions.map(([id, status]) => [id, status]));
			const statusCount = {};
			for (const [, status] of executions) statusCount[status] = (statusCount[status] || 0) + 1;
			const notSucceeded = executions
				.filter(([, status]) => status !== 'success')
				.map(([id]) => id);
			const inFlightAtKill = kill
				? [...logsOf[0].started].filter((id) => !logsOf[0].finished.has(id))
				: [];
			const takenNotStarted = notSucceeded.filter((id) => !logsOf.some((l) => l.started.has(id)));
			const answeredThenDied = good.filter((r) =>
				notSucceeded.includes(String(r.json.executionId)),
			);

			const duplicates = [...removesPerToken].filter(([, n]) => n > 1);
			const unexpectedTokens = [...removesPerToken.keys()].filter(
				(token) => !results.some((r) => r.token === token),
			);

			// Per call: what reached the sandbox for it.
			const lost = results.filter((r) => (removesPerToken.get(r.token) || 0) === 0);
			const movedButFailed = wrong.filter(
				(r) => (removesPerToken.get(r.token) || 0) === 1 && !isUnknown(r.i),
			);

			console.log(
				`  answers: ${good.length} right, ${wrong.length} other, ${noAnswer.length} without answer`,
			);
			console.log(`  right answers per worker: ${JSON.stringify(perWorker)}`);
			console.log(
				`  worker logs: ${logsOf.map((l) => `${l.name} started ${l.started.size}, finished ${l.finished.size}`).join('; ')} (warm-up and two-way executions included)`,
			);
			console.log(
				`  executions in PostgreSQL: ${executions.length} ${JSON.stringify(statusCount)}`,
			);
			console.log(
				`  sandbox remove calls: ${removeCalls.length} for ${removesPerToken.size} tokens; duplicates: ${duplicates.length}; peak in flight ${sandbox.peakInFlight}`,
			);
			for (const r of wrong) {
				console.log(
					`    call #${r.i} ${r.token}: HTTP ${r.status} ${r.error ?? (r.text || '').slice(0, 160)} after ${r.ms} ms; remove calls seen: ${removesPerToken.get(r.token) || 0}${r.afterKill ? '' : ' (answered before the kill)'}`,
				);
			}
			if (kill) {
				console.log(
					`  worker-1 executions started and never finished (log): ${inFlightAtKill.join(', ') || 'none'}`,
				);
				console.log(
					`  executions taken off the queue by worker-1 but never started: ${takenNotStarted.join(', ') || 'none'}`,
				);
				console.log(
					`  executions not successful in PostgreSQL: ${notSucceeded.map((id) => `${id}=${statusOf.get(id)}`).join(', ') || 'none'}`,
				);
				console.log(
					`  calls answered right whose execution is nevertheless recorded as failed (Respond to Webhook ran, worker died before finishing): ${answeredThenDied.map((r) => `#${r.i}→${r.json.executionId}`).join(', ') || 'none'}`,
				);
			}

			// Assertions.
			await check(
				`every one of the ${CALLS} webhook calls got an HTTP answer (no timeout)`,
				noAnswer.length === 0,
				noAnswer.map((r) => `#${r.i} ${r.error}`).join('; '),
			);
			await check(
				'NO duplicate remove call: no subaccount saw its credit removed twice (no re-run of a job that reached SMS Partner)',
				duplicates.length === 0,
				duplicates.length
					? `DOUBLE MONEY MOVE on ${duplicates.map(([token, n]) => `${token}×${n}`).join(', ')}`
					: `${removesPerToken.size} tokens, one remove call each`,
			);
			await check(
				'every remove call the sandbox saw belongs to a webhook call',
				unexpectedTokens.length === 0,
				unexpectedTokens.join(', '),
			);
			await check(
				'every right answer matches exactly one remove call',
				good.every((r) => removesPerToken.get(r.token) === 1),
			);
			await check(
				'no false success: every 200 answer is a right one',
				results.every((r) => r.status !== 200 || right(r)),
			);
			await check(
				'no silent loss: every call that never reached the sandbox was answered with an error',
				lost.every((r) => r.status >= 500),
				`${lost.length} call(s) never reached the sandbox`,
			);
			if (kill) {
				await check(
					'the killed worker held jobs when it died',
					notSucceeded.length > 0,
					`${notSucceeded.length} execution(s)`,
				);
				await check(
					"only the killed worker's unfinished jobs went wrong: each answered HTTP 500, none re-run",
					wrong.length <= notSucceeded.length &&
						wrong.every((r) => r.status === 500 && r.afterKill) &&
						notSucceeded.every((id) => !logsOf[1].started.has(id)),
					`${wrong.length} wrong of ${CALLS}, ${notSucceeded.length} execution(s) not successful`,
				);
				await check(
					'n8n marked the killed jobs failed in the DB (none left running)',
					notSucceeded.every((id) => ['error', 'crashed'].includes(statusOf.get(id))),
					notSucceeded.map((id) => `${id}=${statusOf.get(id)}`).join(', '),
				);
				// An answer can reach the caller just after the kill for an execution the killed
				// worker had finished (its log says so) before it died: that one is its own.
				const lateButOwn = (r) => logsOf[0].finished.has(String(r.json.executionId));
				const stray = results.filter(
					(r) =>
						r.afterKill &&
						right(r) &&
						workerOf(r.json.executionId) !== workers[1].name &&
						!lateButOwn(r),
				);
				await check(
					'the surviving worker took every call answered after the kill (but those the killed worker had finished before it died)',
					stray.length === 0,
					stray.map((r) => `call #${r.i}: execution ${r.json.executionId}`).join(', '),
				);
			} else {
				await check('every call answered right', wrong.length === 0, `${wrong.length} wrong`);
			}
			const spread = Object.entries(perWorker).filter(([w]) => w !== 'unknown');
			await check(
				'the work was spread over both workers',
				spread.length === 2 && spread.every(([, n]) => n >= Math.min(10, CALLS / 20)),
				JSON.stringify(perWorker),
			);
			await check(
				'every right answer is traced to a worker log',
				!perWorker.unknown,
				perWorker.unknown ? `${perWorker.unknown} untraced` : '',
			);
			await check(
				`one execution per call in PostgreSQL (${CALLS} + warm-up)`,
				executions.length === CALLS + 1,
				`${executions.length}`,
			);
			// Money: what the sandbox holds equals what its remove calls moved, per subaccount and in total.
			const account = sandbox.account(API_KEY);
			let moved = 0;
			let balanced = true;
			for (const r of results) {
				if (isUnknown(r.i)) continue;
				const n = removesPerToken.get(r.token) || 0;
				moved += n * r.amount;
				if (
					Math.abs(sandbox.subaccount(r.token, API_KEY).credit - (START_CREDIT - n * r.amount)) >
					1e-9
				)
					balanced = false;
			}
			await check(
				'sandbox balances match the remove calls (nothing moved twice, nothing lost)',
				balanced && Math.abs(account.credit - (MAIN_START_CREDIT + 1 + moved)) < 1e-6,
				`main account ${account.credit} EUR`,
			);
			if (movedButFailed.length) {
				console.log(
					`  NOTE: ${movedButFailed.length} call(s) moved the money at SMS Partner yet the caller got an error (${movedButFailed.map((r) => r.token).join(', ')}): a caller that retries on error would move it twice.`,
				);
			}
			console.log(
				`\n  SUMMARY calls=${CALLS} right=${good.length} perWorker=${JSON.stringify(perWorker)} removeCalls=${removeCalls.length} duplicates=${duplicates.length} ` +
					`notSucceeded=${notSucceeded.length} answeredThenDied=${answeredThenDied.length} movedButErrorAnswer=${movedButFailed.length} neverReachedSandbox=${lost.filter((r) => !isUnknown(r.i)).length} run=${runSeconds.toFixed(1)}s`,
			);
			if (kill) {
				const main = n8nMain.output();
				const stalled = (main.match(/stalled/gi) || []).length;
				console.log(`  main log mentions "stalled" ${stalled} time(s)`);
				fs.writeFileSync(
					path.join(logs, 'results.json'),
					JSON.stringify({ kill, results }, null, 1),
				);
			}
		} finally {
			step('Stopping n8n, workers, sandbox, PostgreSQL, Redis');
			await cleanup();
			console.log(`\nTotal ${secs()}s`);
		}
	},
);
