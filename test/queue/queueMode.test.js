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
const { credentialEntry } = require('../support/workflows');
const { ensurePackages, startRedis, startPostgres } = require('../support/queueInfra');
const { LATEST } = require('../support/versions');
const { startSandbox } = require('../../sandbox/server');

const ROOT = path.join(__dirname, '..', '..');
const VERSION = LATEST;
const CREDENTIAL = { id: 'smspartner-queue', name: 'SMS Partner (queue test sandbox)' };
const WORKFLOW_ID = 'smspartnerQueueTest';
const API_KEY = 'queue-test-main-key';
const START_CREDIT = 100;
const MAIN_START_CREDIT = 5000;
const REMOVE = '/subaccount/credit/remove';
/** The whole run: ~70–140 s with n8n cached; installing n8n or the Debian packages first takes minutes more. */
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

/* ---------- the test ---------- */

const KILLS = KILL_AFTER > 0 && KILL_AFTER <= CALLS;
test(
	`n8n queue mode: ${CALLS} webhook calls on n8n ${VERSION} main + 2 workers${KILLS ? `, worker-1 SIGKILLed after ${KILL_AFTER} answers` : ''}`,
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
					],
				},
			});
			cleanups.push(['sandbox', () => sandbox.close()]);

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
			const shared = {
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

			step('Importing the credential and the workflow into PostgreSQL, publishing it');
			const imports = path.join(work, 'imports');
			fs.mkdirSync(imports);
			const credFile = path.join(imports, 'credentials.json');
			fs.writeFileSync(
				credFile,
				JSON.stringify([credentialEntry(CREDENTIAL.id, CREDENTIAL.name, API_KEY, sandbox.baseUrl)]),
			);
			const wfFile = path.join(imports, 'workflow.json');
			fs.writeFileSync(wfFile, JSON.stringify(queueWorkflow()));
			const cliEnv = { ...envMain, N8N_LOG_LEVEL: 'warn' };
			delete cliEnv.N8N_PORT;
			for (const args of [
				['import:credentials', `--input=${credFile}`],
				['import:workflow', `--input=${wfFile}`],
				['publish:workflow', `--id=${WORKFLOW_ID}`],
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

			step('Starting n8n main (queue mode) and two workers');
			const tMain = Date.now();
			const n8nMain = await startN8n({
				install,
				userFolder: folders.main,
				port: ports.main,
				brokerPort: ports['main-broker'],
				timeoutMs: 180000,
				extraEnv: shared,
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
				`  worker logs: ${logsOf.map((l) => `${l.name} started ${l.started.size}, finished ${l.finished.size}`).join('; ')} (warm-up included)`,
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
