'use strict';
/**
 * `npm run test:queue`: the node in n8n queue mode (GitHub issue 8), a node:test suite.
 *
 * Starts a throwaway Redis and PostgreSQL (Debian packages, installed when
 * missing), the SMS Partner sandbox, one n8n main (EXECUTIONS_MODE=queue) and
 * two `n8n worker`s, each with its own user folder holding the packed package as
 * a community package, all sharing the database and the encryption key.
 * Imports credentials and workflows, publishes them, then fires 200 webhook calls at
 * Webhook → Remove Credit → Respond to Webhook (error output → Respond 422), 10 at a
 * time, 200 distinct subaccounts, every 10th an unknown one, the sandbox answering
 * slowly so calls are in flight. One worker is SIGKILLed while it certainly holds a
 * job: once 60 calls are answered and each worker has answered 10, each remove call
 * reaching the sandbox waits to learn which worker runs it (PostgreSQL finds its
 * execution by token, the workers' logs the worker); the first of worker-1's is left
 * unanswered, its credit moved, and worker-1 is killed then. The test checks what
 * n8n does with its jobs: every call answered, each answer right or an honest
 * failure, work spread over both workers, the calls sent after the kill run by the
 * survivor (but a job Redis handed to the dead worker's connection before it saw it
 * close: never started, answered 500), and at most one remove call per subaccount —
 * a second one (a job re-run after its credit already moved) fails the test.
 *
 * Before that run, while both workers are up, each on an account of its own in the
 * sandbox, two-way SMS (issue 24) and Send Many:
 * - SMS › Send and Wait for Reply, started by a Webhook node: the main enqueues
 *   the execution, a worker runs it to its wait (the SMS's Reply URL is the
 *   execution's resume URL on the main, WEBHOOK_URL); the sandbox's reply OUI
 *   reaches the main, which enqueues the resumed execution as a new job, and a
 *   worker runs it to its end: the collector gets answer OUI once, and the same
 *   reply again (409) restarts nothing;
 * - the SMS Partner Webhook Trigger: the sandbox's reply to an SMS sent with the
 *   trigger's URL as Reply URL starts one execution, run by a worker; the same
 *   callback again starts none; without the secret, 403;
 * - SMS › Send Many (issue 26): 2,000 items in 12 webhook calls fired at once (one of
 *   680 items, sent in two requests, 500 and 180; eleven of 120), Webhook → Split Out →
 *   Send Many → Respond to Webhook. The sandbox holds each execution's first /bulk-send
 *   answer until all twelve have sent theirs: twelve at once is more than one worker's
 *   concurrency (10), so both workers run some. Every (number, text) pair must reach the
 *   sandbox exactly once, every request carry at most 500, every answer list its items
 *   with their messageId. It runs before the kill: it needs both workers.
 * Which process ran what: the main's log names each job it enqueued ("Enqueued
 * execution 12 (job 14)"), each worker's log the jobs it started and finished;
 * each workflow also posts, with its result, the name of the process whose HTTP
 * Request node sent it (SMSPARTNER_TEST_PROCESS through $env).
 *
 * No wait in it assumes a duration: each waits for the event that ends it (a line of
 * an n8n process's output, a request to the sandbox or the collector; PostgreSQL,
 * which announces nothing, is re-read each second too), with a bound that only ends a
 * wait that would never end.
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
 *   --kill-after N     / QUEUE_TEST_KILL_AFTER   answers before the kill is armed; 0 = no kill (default 60)
 *   --delay-ms N       / QUEUE_TEST_DELAY_MS     sandbox answer delay (default 400)
 *   --n8n-default-locks / QUEUE_TEST_DEFAULT_LOCKS=1  keep n8n's Bull lock/stalled
 *                      timings (lock 60 s, stalled check 30 s) instead of 10 s / 5 s
 *   --keep-logs        / QUEUE_TEST_KEEP_LOGS=1  keep the n8n logs folder
 */
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const { EventEmitter } = require('node:events');
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
} = require('../support/n8n');
const { flag, option } = require('../support/options');
const { buildPackage } = require('../support/build');
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
/** Send Many across the workers: an account, a credential and a workflow of its own. */
const SEND_MANY = {
	key: 'queue-test-send-many-key',
	credential: { id: 'smspartner-queue-send-many', name: 'SMS Partner (queue test, Send Many)' },
	workflowId: 'smspartnerQueueSendMany',
	path: 'queue-send-many',
	startCredit: 1000,
	/**
	 * Items per webhook call, 2,000 in all: one call over 500 (two /bulk-send requests, 500
	 * and 180), eleven of 120. Twelve executions: more than one worker's concurrency (10).
	 */
	sizes: [680, ...Array(11).fill(120)],
};
/** The bound on each wait for an event (they come within seconds; the bound only ends a wait that would never end). */
const EVENT_WAIT_MS = 60_000;
/** The bound on an n8n process's start (a minute or two on a busy machine). */
const READY_MS = 300_000;
/** The bound on finding which worker runs an execution whose remove call reached the sandbox (its log says so before the call). */
const OWNER_WAIT_MS = 5_000;
/** The whole run: ~3 min with n8n cached on an idle machine, 6–8 min on a busy one; installing n8n or the Debian packages first takes minutes more. */
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

/**
 * Something the test may be waiting for happened: an n8n process wrote output, the sandbox
 * took a request, the collector received one. `waitFor` re-runs its probe on each.
 */
const activity = new EventEmitter();
activity.setMaxListeners(0);

/** GETs `url` until it answers 200, each try after the previous one ended; false after `timeoutMs`. */
async function untilHttpOk(url, timeoutMs) {
	const started = Date.now();
	for (;;) {
		if ((await httpStatus(url)) === 200) return true;
		if (Date.now() - started >= timeoutMs) return false;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Spawns an n8n process (`start` or `worker`) in its own process group, keeps and logs
 * its output, and waits until it is ready: its ready line, then each health URL answering
 * 200 (the line comes once n8n listens, so the first try normally answers). Bounded by
 * `timeoutMs`; fails at once if the process exits. Its stop joins `cleanups` as soon as
 * it is spawned, so a test ended while it starts stops it too.
 */
async function startN8nProcess({
	install,
	args,
	env,
	name,
	logFile,
	readyLine,
	healthUrls,
	graceMs,
	cleanups,
	timeoutMs = READY_MS,
}) {
	const child = spawn(install.nodeBin, [install.n8nBin, ...args], {
		env,
		cwd: env.N8N_USER_FOLDER,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const out = fs.createWriteStream(logFile);
	const events = new EventEmitter();
	events.setMaxListeners(0);
	let output = '';
	const keep = (d) => {
		output += d;
		out.write(d);
		events.emit('output');
		activity.emit('change');
	};
	child.stdout.setEncoding('utf8').on('data', keep);
	child.stderr.setEncoding('utf8').on('data', keep);
	let dead = null;
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			dead = { code, signal };
			events.emit('exit');
			activity.emit('change');
			resolve(dead);
		}),
	);
	const killGroup = (signal) => {
		try {
			process.kill(-child.pid, signal);
		} catch {
			/* gone */
		}
	};
	const proc = {
		name,
		child,
		output: () => output,
		isDead: () => dead,
		whenExit: () => exited,
		/**
		 * Resolves on the output event that makes `predicate` (a string the output contains,
		 * or a function of the whole output) true, or at once if it already is: `{ ok, ms }`;
		 * `ok` false once the process has exited or `timeoutMs` has passed without it.
		 */
		whenOutput: (predicate, timeoutMs) =>
			new Promise((resolve) => {
				const started = Date.now();
				const holds = () =>
					typeof predicate === 'function' ? predicate(output) : output.includes(predicate);
				if (holds()) return resolve({ ok: true, ms: 0 });
				if (dead) return resolve({ ok: false, ms: 0 });
				const finish = (ok) => {
					clearTimeout(timer);
					events.off('output', onOutput);
					events.off('exit', onExit);
					resolve({ ok, ms: Date.now() - started });
				};
				const onOutput = () => holds() && finish(true);
				const onExit = () => finish(holds());
				const timer = setTimeout(() => finish(false), timeoutMs);
				events.on('output', onOutput);
				events.on('exit', onExit);
			}),
		kill: (signal) => killGroup(signal),
		stop: () =>
			(stopping ??= (async () => {
				if (!dead) {
					killGroup('SIGTERM');
					const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
					await exited;
					clearTimeout(timer);
				}
				killGroup('SIGKILL'); // its task runner, if it outlived it
				out.end();
				return dead;
			})()),
	};
	let stopping = null;
	cleanups.push([name, () => proc.stop()]);
	const started = Date.now();
	const ready = await proc.whenOutput(readyLine, timeoutMs);
	let healthy = ready.ok;
	for (const url of healthUrls) {
		if (healthy) healthy = await untilHttpOk(url, Math.max(0, timeoutMs - (Date.now() - started)));
	}
	if (!healthy) {
		await proc.stop();
		throw new Error(
			`${name} not ready within ${timeoutMs / 1000} s (${dead ? `exited ${JSON.stringify(dead)}` : ready.ok ? 'its health check never answered 200' : `no "${readyLine}"`}):\n${output.slice(-4000)}`,
		);
	}
	return proc;
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

/**
 * Waits until `probe` gives something truthy: `{ ok, value, ms }`. The probe runs at once,
 * then again after each `activity` event (events in a burst make one run). PostgreSQL
 * announces nothing, and a status the test reads there may change after n8n's last line:
 * a probe that reads it also runs every `recheckMs`. Bounded by `timeoutMs`.
 */
function waitFor(probe, { timeoutMs = EVENT_WAIT_MS, recheckMs = 0 } = {}) {
	const started = Date.now();
	return new Promise((resolve) => {
		let done = false;
		let scheduled = false;
		const finish = (ok, value) => {
			done = true;
			clearTimeout(timer);
			clearInterval(recheck);
			activity.off('change', schedule);
			resolve({ ok, value, ms: Date.now() - started });
		};
		const run = () => {
			scheduled = false;
			if (done) return;
			const value = probe();
			if (value) finish(true, value);
		};
		function schedule() {
			if (scheduled || done) return;
			scheduled = true;
			setImmediate(run);
		}
		const timer = setTimeout(() => finish(false, probe()), timeoutMs);
		const recheck = recheckMs > 0 ? setInterval(schedule, recheckMs) : undefined;
		activity.on('change', schedule);
		run();
	});
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
			activity.emit('change');
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
	// Logs first: PostgreSQL is read only once they tell.
	const waiting = await waitFor(
		() => ranOnWorkers(jobsOf(executionId), 1) && statusOf(executionId)[0] === 'waiting',
		{ recheckMs: 1000 },
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
			ranOnWorkers(jobsOf(executionId), 2) &&
			statusOf(executionId)[0] === 'success',
		{ recheckMs: 1000 },
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
		{ recheckMs: 1000 },
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

/* ---------- Send Many across the workers ---------- */

/** Item `k` of Send Many call `call`, `index` counting over all calls: its own number and text. */
const sendManyPhone = (index) => `+3362${String(index).padStart(7, '0')}`;
const sendManyText = (call, k, index) => `Queue test call ${call} item ${k}: message #${index}`;
const sendManyCallOf = (text) => Number(/^Queue test call (\d+) /.exec(text ?? '')?.[1]);

/** The items of each Send Many webhook call: `[{ phone, text }]` per call. */
function sendManyItems() {
	let index = 0;
	return SEND_MANY.sizes.map((size, call) =>
		Array.from({ length: size }, (_, k) => {
			const item = { phone: sendManyPhone(index), text: sendManyText(call, k, index) };
			index++;
			return item;
		}),
	);
}

/**
 * Webhook (its body's `items`) → Split Out (one item each) → SMS Partner SMS › Send Many
 * (each item's number and text) → Respond to Webhook: the execution, the process that ran
 * it, and each output item's messageId and phoneNumber, in order.
 */
function sendManyWorkflow() {
	return {
		id: SEND_MANY.workflowId,
		name: 'SMS Partner queue-mode test: Send Many by webhook',
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
				webhookId: '0b7c5f0e-3d52-4c0e-9a4f-5a1d2e8c7b21',
				parameters: {
					httpMethod: 'POST',
					path: SEND_MANY.path,
					responseMode: 'responseNode',
					options: {},
				},
			},
			{
				id: 'one-per-item',
				name: 'One item each',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{
				id: 'send-many',
				name: 'Send Many',
				type: 'n8n-nodes-smspartner.smsPartner',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'sms',
					operation: 'sendMany',
					phoneNumber: '={{ $json.phone }}',
					message: '={{ $json.text }}',
					// the test holds each execution's first request until all twelve have sent
					// theirs (bounded by EVENT_WAIT_MS): the node must wait longer than that
					options: { timeout: 2 * EVENT_WAIT_MS },
				},
				credentials: {
					smsPartnerApi: { id: SEND_MANY.credential.id, name: SEND_MANY.credential.name },
				},
			},
			{
				id: 'respond',
				name: 'Respond with the sent items',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [660, 0],
				parameters: {
					respondWith: 'json',
					responseBody:
						'={{ JSON.stringify({ executionId: $execution.id, ranOn: $env.SMSPARTNER_TEST_PROCESS, items: $input.all().map((item) => ({ messageId: item.json.messageId, phoneNumber: item.json.phoneNumber })) }) }}',
					options: { responseCode: 200 },
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'One item each', type: 'main', index: 0 }]] },
			'One item each': { main: [[{ node: 'Send Many', type: 'main', index: 0 }]] },
			'Send Many': { main: [[{ node: 'Respond with the sent items', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * SMS › Send Many on the main + workers: 2,000 items in 12 webhook calls, fired at once.
 * The sandbox holds the answer to each execution's first /bulk-send until all twelve have
 * sent theirs: twelve executions running at once, more than one worker's concurrency of 10,
 * so both workers run some, whatever the queue's luck. Then every item must have gone out
 * exactly once, and each answer must list its items, each with a messageId.
 */
async function sendManyAcrossWorkers({ check, sandbox, pg, mainUrl, mainLog, workers, holdWith }) {
	const calls = sendManyItems();
	const callsBefore = sandbox.calls.length;
	const firstRequests = new Set();
	let openGate;
	const gate = new Promise((resolve) => (openGate = resolve));
	const tGate = Date.now();
	let gateOpened = null;
	const open = (why) => {
		if (gateOpened) return;
		gateOpened = { why, ms: Date.now() - tGate };
		openGate();
	};
	const gateBound = setTimeout(() => open('bound'), EVENT_WAIT_MS);
	holdWith((call) => {
		if (call.path !== '/bulk-send' || gateOpened) return undefined;
		const callIndex = sendManyCallOf(call.body?.SMSList?.[0]?.message);
		if (!Number.isInteger(callIndex) || firstRequests.has(callIndex)) return undefined;
		firstRequests.add(callIndex);
		if (firstRequests.size === calls.length) open('all');
		return gate;
	});
	const tRun = Date.now();
	let answers;
	try {
		answers = await Promise.all(
			calls.map((items, call) =>
				postJson(`${mainUrl}/webhook/${SEND_MANY.path}`, { call, items }, 240000),
			),
		);
	} finally {
		clearTimeout(gateBound);
		open('answered');
		holdWith(null);
	}
	const runSeconds = secs(tRun);

	// What reached the sandbox: each /bulk-send request's lines.
	const requests = sandbox.calls
		.slice(callsBefore)
		.filter((call) => call.path === '/bulk-send')
		.map((call) => (Array.isArray(call.body?.SMSList) ? call.body.SMSList : []));
	const pairKey = (phone, text) => `${phone}\u0000${text}`;
	const sentPairs = new Map();
	for (const list of requests)
		for (const line of list) {
			const key = pairKey(line.phoneNumber, line.message);
			sentPairs.set(key, (sentPairs.get(key) ?? 0) + 1);
		}
	const expected = new Set(calls.flat().map((item) => pairKey(item.phone, item.text)));
	const missing = [...expected].filter((key) => !sentPairs.has(key));
	const twice = [...sentPairs].filter(([, n]) => n > 1);
	const unexpected = [...sentPairs.keys()].filter((key) => !expected.has(key));
	const show = (key) => key.replace('\u0000', ' ');
	const total = expected.size;
	console.log(
		`  ${calls.length} calls, ${total} items answered in ${runSeconds}s; ${requests.length} /bulk-send requests of ${requests.map((list) => list.length).join(', ')} recipients; the first requests were held ${gateOpened?.ms ?? '?'} ms (${gateOpened?.why})`,
	);
	await check(
		`Send Many: each of the ${total} (number, text) pairs reached SMS Partner exactly once (none lost, none twice)`,
		total === 2000 && missing.length === 0 && twice.length === 0 && unexpected.length === 0,
		`${sentPairs.size} distinct pairs in ${requests.length} requests; missing ${missing.length}${missing.length ? ` (${missing.slice(0, 3).map(show).join('; ')}…)` : ''}, twice ${twice.length}${
			twice.length
				? ` (${twice
						.slice(0, 3)
						.map(([key, n]) => `${show(key)} ×${n}`)
						.join('; ')})`
				: ''
		}, unexpected ${unexpected.length}`,
	);
	const perCall = calls.map((_, call) =>
		requests
			.filter(
				(list) => list.length > 0 && list.every((line) => sendManyCallOf(line.message) === call),
			)
			.map((list) => list.length),
	);
	await check(
		'Send Many: every /bulk-send request carries at most 500 recipients (the 680 items of the first call in two requests, 500 and 180; the others in one)',
		requests.every((list) => list.length >= 1 && list.length <= 500) &&
			JSON.stringify(perCall[0]) === '[500,180]' &&
			perCall.slice(1).every((sizes, i) => JSON.stringify(sizes) === `[${calls[i + 1].length}]`),
		`requests per call: ${perCall.map((sizes) => `[${sizes.join('+')}]`).join(' ')}`,
	);

	// What each call got back, and which message of the sandbox each messageId is.
	const messages = new Map(
		sandbox.messages(SEND_MANY.key).map((message) => [String(message.id), message]),
	);
	const answerProblems = [];
	answers.forEach((answer, call) => {
		const items = calls[call];
		const listed = answer.json?.items;
		if (answer.status !== 200 || !Array.isArray(listed)) {
			answerProblems.push(
				`call ${call}: HTTP ${answer.status} ${(answer.text ?? answer.error ?? '').slice(0, 200)}`,
			);
			return;
		}
		if (listed.length !== items.length)
			answerProblems.push(`call ${call}: ${listed.length} items listed for ${items.length}`);
		items.forEach((item, k) => {
			const got = listed[k];
			const message = messages.get(String(got?.messageId));
			const recipient = message?.recipients.find((r) => r.phoneNumber === item.phone);
			if (
				got?.phoneNumber !== item.phone ||
				typeof got.messageId !== 'string' ||
				got.messageId === '' ||
				recipient?.text !== item.text
			)
				answerProblems.push(`call ${call} item ${k}: ${JSON.stringify(got)}`);
		});
	});
	await check(
		"Send Many: each call's answer lists every one of its items once, in order, with its number and the messageId of the SMS Partner message that carried it",
		answerProblems.length === 0,
		answerProblems.length
			? answerProblems.slice(0, 5).join('; ')
			: `${answers.length} answers, ${answers.reduce((n, a) => n + a.json.items.length, 0)} items`,
	);
	const account = sandbox.account(SEND_MANY.key);
	const billed = [...messages.values()].reduce((sum, message) => sum + message.cost, 0);
	const recipients = [...messages.values()].flatMap((message) => message.recipients);
	await check(
		'Send Many: SMS Partner billed each item once (one recipient per item, the credit down by their cost)',
		recipients.length === total &&
			new Set(recipients.map((r) => r.phoneNumber)).size === total &&
			Math.abs(account.credit - (SEND_MANY.startCredit - billed)) < 1e-6,
		`${messages.size} messages, ${recipients.length} recipients, ${billed.toFixed(3)} EUR billed, credit ${account.credit} EUR`,
	);

	// Who ran what: the main's and the workers' logs, and the process each workflow names.
	// Respond to Webhook answers before the execution ends: wait until each worker's log
	// says it finished and PostgreSQL records it.
	const executionIds = answers.map((answer) => String(answer.json?.executionId ?? ''));
	const statuses = () =>
		pg.query(
			`SELECT id, status FROM execution_entity WHERE "workflowId" = '${SEND_MANY.workflowId}' ORDER BY id`,
		);
	const ended = await waitFor(
		() =>
			executionIds.every((id) => ranOnWorkers(jobsOfExecution(id, mainLog(), workers), 1)) &&
			statuses().every(([, status]) => !['new', 'running'].includes(status)),
		{ recheckMs: 1000 },
	);
	const ranBy = executionIds.map((id) => {
		const jobs = jobsOfExecution(id, mainLog(), workers);
		return {
			id,
			ok: ranOnWorkers(jobs, 1),
			worker: [...jobs.jobs.values()][0]?.finished[0],
			jobs,
		};
	});
	const namedBy = answers.map((answer) => answer.json?.ranOn);
	const perWorker = {};
	for (const run of ranBy) perWorker[run.worker] = (perWorker[run.worker] ?? 0) + 1;
	await check(
		`Send Many: the ${calls.length} executions ran at once (each held at its first request until the last had sent its own: more than one worker's concurrency of 10), so both workers ran some; each was one job, enqueued by the main and run by one worker, the one its answer names`,
		gateOpened?.why === 'all' &&
			ranBy.every((run, call) => run.ok && namedBy[call] === run.worker) &&
			workers.every((worker) => (perWorker[worker.name] ?? 0) > 0),
		`per worker ${JSON.stringify(perWorker)}; held until ${gateOpened?.why === 'all' ? `all ${calls.length} were running` : `the ${gateOpened?.why}`}, ${gateOpened?.ms} ms; ${ranBy
			.filter((run, call) => !run.ok || namedBy[call] !== run.worker)
			.map((run) => `execution ${run.id}: ${describeJobs(run.jobs)}`)
			.join('; ')}`,
	);
	const rows = statuses();
	await check(
		`Send Many: ${calls.length} executions in PostgreSQL, all successful, those the answers name`,
		rows.length === calls.length &&
			rows.every(([, status]) => status === 'success') &&
			JSON.stringify(rows.map(([id]) => id)) ===
				JSON.stringify([...executionIds].sort((a, b) => Number(a) - Number(b))),
		`${JSON.stringify(rows)}${ended.ok ? `, all ended ${ended.ms} ms after the last answer` : ', not all ended within the bound'}`,
	);
	return { perWorker, requests: requests.length, runSeconds };
}

/* ---------- the test ---------- */

const KILLS = KILL_AFTER > 0 && KILL_AFTER <= CALLS;
test(
	`n8n queue mode: two-way SMS, Send Many of 2,000 items and ${CALLS} webhook calls on n8n ${VERSION} main + 2 workers${KILLS ? `, worker-1 SIGKILLed holding a job after ${KILL_AFTER} answers` : ''}`,
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
			buildPackage();
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
						{
							...demoAccount(SEND_MANY.key, 'send-many@sandbox.local'),
							credit: SEND_MANY.startCredit,
						},
					],
				},
			});
			cleanups.push(['sandbox', () => sandbox.close()]);
			// Each request the sandbox takes is an event for `waitFor`; a part of the test may
			// also hold chosen answers (`holdWith`) until it has seen what it needs.
			let holdPolicy = null;
			const holdWith = (policy) => (holdPolicy = policy);
			sandbox.beforeAnswer = (call) => {
				activity.emit('change');
				return holdPolicy?.(call);
			};
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
					credentialEntry(
						SEND_MANY.credential.id,
						SEND_MANY.credential.name,
						SEND_MANY.key,
						sandbox.baseUrl,
					),
				]),
			);
			const wfFile = path.join(imports, 'workflow.json');
			fs.writeFileSync(wfFile, JSON.stringify([queueWorkflow(), sendManyWorkflow()]));
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
				['publish:workflow', `--id=${SEND_MANY.workflowId}`],
				['import:workflow', `--input=${twoWayFile}`],
				...Object.values(TWO_WAY_IDS).map((id) => ['publish:workflow', `--id=${id}`]),
			]) {
				const res = await runCli(install, args, cliEnv, { timeoutMs: 240000 });
				if (res.code !== 0)
					throw new Error(`n8n ${args[0]} failed (${res.code}):\n${res.stdout}${res.stderr}`);
			}
			const published = pg.query(
				`SELECT id, active FROM workflow_entity WHERE id IN ('${WORKFLOW_ID}', '${SEND_MANY.workflowId}') ORDER BY id`,
			);
			await check(
				'the remove-credit and Send Many workflows imported into PostgreSQL and published',
				published.length === 2 && published.every(([, active]) => active === 't'),
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
			// /healthz answers 200 from the first second, even while migrations run: the main
			// is up once it logs "Editor is now accessible via" and its readiness answers 200.
			const n8nMain = await startN8nProcess({
				install,
				args: ['start'],
				env: envFor('main', { SMSPARTNER_TEST_PROCESS: 'main' }),
				name: 'n8n main',
				logFile: path.join(logs, 'main.log'),
				readyLine: 'Editor is now accessible via',
				healthUrls: [`${mainUrl}/healthz`, `${mainUrl}/healthz/readiness`],
				graceMs: 20000,
				cleanups,
			});
			const workers = [];
			for (const name of ['worker-1', 'worker-2']) {
				const env = envFor(name, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(ports[`${name}-health`]),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					SMSPARTNER_TEST_PROCESS: name,
				});
				delete env.N8N_PORT;
				const worker = await startN8nProcess({
					install,
					args: ['worker', '--concurrency=10'],
					env,
					name,
					logFile: path.join(logs, `${name}.log`),
					readyLine: 'n8n worker is now ready',
					healthUrls: [`http://127.0.0.1:${ports[`${name}-health`]}/healthz/readiness`],
					graceMs: 35000,
					cleanups,
				});
				workers.push(worker);
			}
			await check(
				'main and both workers ready',
				true,
				`main :${ports.main}, workers health :${ports['worker-1-health']} :${ports['worker-2-health']}, in ${secs(tMain)}s`,
			);

			const webhookUrl = `${mainUrl}/webhook/remove-credit`;
			// One warm-up call on a subaccount of its own, outside the counted run.
			sandbox.addSubaccount({ token: 'q-warmup', credit: START_CREDIT }, API_KEY);
			const warm = await postJson(webhookUrl, { token: 'q-warmup', amount: 1 }, 2 * EVENT_WAIT_MS);
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

			// Send Many (issue 26), while both workers run, before the kill: it needs both
			// workers, and once it is over the kill cannot touch it. Its sandbox calls come
			// before `callsBefore` and are /bulk-send on an account of its own, outside the
			// remove-credit counts.
			step(
				`Send Many: ${SEND_MANY.sizes.reduce((a, b) => a + b, 0)} items in ${SEND_MANY.sizes.length} webhook calls fired at once`,
			);
			try {
				const sendMany = await sendManyAcrossWorkers({
					check,
					sandbox,
					pg,
					mainUrl,
					mainLog: () => n8nMain.output(),
					workers,
					holdWith,
				});
				console.log(
					`  Send Many: executions per worker ${JSON.stringify(sendMany.perWorker)}, ${sendMany.requests} /bulk-send requests, ${sendMany.runSeconds}s`,
				);
			} catch (error) {
				await check('Send Many in queue mode ran without an unexpected error', false, error.stack);
			}
			const callsBefore = sandbox.calls.length;

			const victim = workers[0];
			const survivor = workers[1];
			const spreadMin = Math.min(10, CALLS / 20);
			step(
				`Firing ${CALLS} webhook calls, ${CONCURRENCY} at a time, sandbox answering after ${DELAY_MS} ms${KILLS ? `; SIGKILL ${victim.name} once ${KILL_AFTER} calls are answered, each worker has answered ${spreadMin}, and it holds a job whose remove call the sandbox has not answered` : ''}`,
			);
			sandbox.answerDelayMs = DELAY_MS;
			const results = new Array(CALLS);
			let next = 0;
			let answered = 0;
			const tRun = Date.now();
			/**
			 * The kill. Armed once KILL_AFTER calls are answered and each worker has answered
			 * `spreadMin` of them right (so the spread check below cannot hang on luck). From then
			 * on, each remove call reaching the sandbox waits, before its answer, to learn which
			 * worker runs its execution (PostgreSQL finds the execution by its token, the workers'
			 * logs the worker). The first one of the victim's is not answered: the victim is
			 * SIGKILLed at once, while that execution certainly waits for SMS Partner's answer, its
			 * credit moved; the answer is released once the victim is dead. The survivor's calls
			 * are answered as usual. Bounded: without such a call within EVENT_WAIT_MS of arming,
			 * the victim is killed all the same and the check naming the held job fails.
			 */
			const kill = { armed: null, at: null, held: null, bound: null, victimHeld: [] };
			let armBound = null;
			const executionOfToken = (token) =>
				/^[\w-]+$/.test(token ?? '')
					? pg.query(
							`SELECT d."executionId" FROM execution_data d JOIN execution_entity e ON e.id = d."executionId" WHERE e."workflowId" = '${WORKFLOW_ID}' AND d.data LIKE '%"${token}"%'`,
						)
					: [];
			const startedBy = (worker, executionId) =>
				new RegExp(`Worker started execution ${executionId} \\(job`).test(worker.output());
			const doKill = (held) => {
				if (kill.at) return;
				clearTimeout(armBound);
				victim.kill('SIGKILL');
				kill.at = Date.now();
				kill.held = held;
				const log = executionsInLog(victim.output());
				kill.holding = [...log.started].filter((id) => !log.finished.has(id));
				kill.answered = answered;
				kill.removeCallsSoFar = sandbox.calls.length - callsBefore;
				kill.sandboxInFlight = sandbox.inFlight;
				console.log(
					`  SIGKILL ${victim.name} at ${secs(tRun)}s after ${answered} answers (armed after ${kill.armed.answered}, ${kill.at - kill.armed.at} ms before): ${held ? `it held execution ${held.executionId} (${held.token}), its remove call unanswered` : `no held job within ${EVENT_WAIT_MS / 1000} s`}; its log shows executions in progress: ${kill.holding.join(', ') || 'none'}; sandbox requests in flight: ${sandbox.inFlight}`,
				);
			};
			const whoseCall = async (call) => {
				const token = call.body?.tokenSubaccount;
				const rows = executionOfToken(token);
				const executionId = rows.length === 1 ? rows[0][0] : undefined;
				if (executionId === undefined) return;
				const owner = await waitFor(
					() => workers.find((worker) => startedBy(worker, executionId)),
					{ timeoutMs: OWNER_WAIT_MS },
				);
				if (owner.value !== victim) return;
				kill.victimHeld.push({ token, executionId });
				doKill({ token, executionId });
				await victim.whenExit();
			};
			const armKill = () => {
				kill.armed = { at: Date.now(), answered };
				armBound = setTimeout(() => {
					kill.bound = true;
					doKill(null);
				}, EVENT_WAIT_MS);
				// Only calls for an existing subaccount: there the credit has moved when the
				// sandbox holds the answer, the moment a re-run would move it twice.
				holdWith((call) =>
					call.path === REMOVE &&
					!victim.isDead() &&
					sandbox.hasSubaccount(call.body?.tokenSubaccount, API_KEY)
						? whoseCall(call)
						: undefined,
				);
			};
			const rightBy = (worker) =>
				results.filter(
					(r) => r?.status === 200 && r.json?.ok === true && startedBy(worker, r.json.executionId),
				).length;
			const lane = async () => {
				while (next < CALLS) {
					const i = next++;
					const sentAfterKill = !!kill.at;
					const res = await postJson(
						webhookUrl,
						{ token: tokenFor(i), amount: amountFor(i) },
						240000,
					);
					results[i] = {
						i,
						token: tokenFor(i),
						amount: amountFor(i),
						...res,
						sentAfterKill,
						afterKill: !!kill.at,
					};
					answered++;
					if (
						KILLS &&
						!kill.armed &&
						answered >= KILL_AFTER &&
						rightBy(victim) >= spreadMin &&
						rightBy(survivor) >= spreadMin
					)
						armKill();
				}
			};
			await Promise.all(Array.from({ length: CONCURRENCY }, lane));
			clearTimeout(armBound);
			holdWith(null);
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
			// statuses once none is still "new" or "running", so the check below sees n8n's
			// settled answer rather than a moment in between. The main logs each stalled job;
			// the bound is past the lock and two stalled checks.
			const settled = await waitFor(
				() =>
					Number(
						pg.query(
							`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' AND status IN ('new', 'running')`,
						)[0][0],
					) === 0,
				{ timeoutMs: DEFAULT_LOCKS ? 180_000 : EVENT_WAIT_MS, recheckMs: 1000 },
			);
			const executions = pg.query(
				`SELECT id, status, finished FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' ORDER BY id`,
			);
			const statusOf = new Map(executions.map(([id, status]) => [id, status]));
			const statusCount = {};
			for (const [, status] of executions) statusCount[status] = (statusCount[status] || 0) + 1;
			const notSucceeded = executions
				.filter(([, status]) => status !== 'success')
				.map(([id]) => id);
			const inFlightAtKill = kill.at
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
			if (kill.at) {
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
			if (KILLS) {
				const { held } = kill;
				const heldCall = held ? results.find((r) => r.token === held.token) : undefined;
				await check(
					`${victim.name} was SIGKILLed while it held a job: an execution its log shows started, whose remove call had reached the sandbox and was still unanswered`,
					!!kill.at &&
						!!held &&
						logsOf[0].started.has(String(held.executionId)) &&
						!logsOf[0].finished.has(String(held.executionId)),
					!kill.armed
						? `never armed: ${answered} answers, right answers per worker ${victim.name} ${rightBy(victim)}, ${survivor.name} ${rightBy(survivor)} (${spreadMin} needed each)`
						: held
							? `execution ${held.executionId} (call #${heldCall?.i}, ${held.token}), killed ${kill.at - kill.armed.at} ms after arming (after ${kill.armed.answered} answers)`
							: `no call of ${victim.name}'s reached the sandbox within ${EVENT_WAIT_MS / 1000} s of arming`,
				);
			}
			if (kill.at) {
				const { held } = kill;
				const heldCall = held ? results.find((r) => r.token === held.token) : undefined;
				await check(
					'the killed worker held jobs when it died: n8n recorded them failed, the held one among them, its caller answered HTTP 500, its credit moved once',
					notSucceeded.length > 0 &&
						(!held ||
							(notSucceeded.includes(String(held.executionId)) &&
								heldCall?.status === 500 &&
								removesPerToken.get(held.token) === 1 &&
								Math.abs(
									sandbox.subaccount(held.token, API_KEY).credit - (START_CREDIT - heldCall.amount),
								) < 1e-9)),
					`${notSucceeded.length} execution(s) not successful: ${notSucceeded.join(', ')}${held ? `; held execution ${held.executionId}: ${statusOf.get(String(held.executionId))}, call #${heldCall?.i} HTTP ${heldCall?.status}, remove calls ${removesPerToken.get(held.token) ?? 0}, ${held.token} at ${sandbox.subaccount(held.token, API_KEY).credit} EUR (from ${START_CREDIT}, ${heldCall?.amount} removed)` : ''}`,
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
					`${notSucceeded.map((id) => `${id}=${statusOf.get(id)}`).join(', ')}; ${settled.ok ? `settled ${settled.ms} ms after the last answer` : 'some still new or running at the bound'}`,
				);
				// Calls sent after the kill: their jobs were made once the victim had been killed.
				// (Which calls are *answered* after it says less: an answer the victim gave just
				// before dying can reach the caller just after.) Redis may still hand such a job
				// to the dead worker: its blocking pop stays registered until Redis sees the
				// connection close, moments later. That job is never started, fails at the stalled
				// check and is answered 500, like the other jobs the victim took.
				const sentAfter = results.filter((r) => r.sentAfterKill);
				const lostToTheDead = sentAfter.filter((r) => !right(r));
				const stray = sentAfter.filter(
					(r) => right(r) && workerOf(r.json.executionId) !== survivor.name,
				);
				await check(
					`the surviving worker ran every call sent after the kill that was answered right; any other was taken off the queue by the dead worker's connection (never started, answered 500) (${sentAfter.length} calls)`,
					sentAfter.length > 0 &&
						stray.length === 0 &&
						lostToTheDead.every((r) => r.status === 500) &&
						lostToTheDead.length <= takenNotStarted.length,
					`${sentAfter.length - lostToTheDead.length} right, all on ${survivor.name}${stray.length ? ` but ${stray.map((r) => `call #${r.i} (execution ${r.json.executionId} on ${workerOf(r.json.executionId)})`).join(', ')}` : ''}; taken by the dead worker: ${lostToTheDead.map((r) => `call #${r.i} HTTP ${r.status}`).join(', ') || 'none'} (executions taken and never started: ${takenNotStarted.join(', ') || 'none'})`,
				);
			} else {
				await check('every call answered right', wrong.length === 0, `${wrong.length} wrong`);
			}
			const spread = Object.entries(perWorker).filter(([w]) => w !== 'unknown');
			await check(
				'the work was spread over both workers',
				spread.length === 2 && spread.every(([, n]) => n >= spreadMin),
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
			if (kill.at) {
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
