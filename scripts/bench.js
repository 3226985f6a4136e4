#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: this node against n8n's HTTP Request node and a raw Node.js
 * HTTP loop, all doing the same Remove Credit POSTs to the local sandbox, which
 * answers after a set latency (a round trip to France). Runs in a real n8n from
 * the e2e cache, with the packed package installed as a community package.
 * Prints one table; ratios are from the same run. Not a test: it asserts nothing.
 * Beside them, the floor (scripts/floorNode): nodes that do nothing but each item's
 * request through n8n's helper, one after the other, which no node can beat.
 *
 * Every case runs with the sandbox answering at once (0 ms: CPU only) and after
 * BENCH_LATENCY_MS.
 *
 *   BENCH_LATENCY_MS (20)   the sandbox's answer delay for the second half
 *   BENCH_ITEMS (1000)      items for the timing rows
 *   BENCH_BIG_ITEMS (10000) items for the second memory row
 *   BENCH_RUNS (3)          rounds; each row is the median of its rounds
 *   BENCH_N8N_VERSION (default: the latest proven n8n, test/support/versions.js)
 *   BENCH_ONLY or --only (removeCredit,sendMany,trigger)  the parts to run, all by
 *                           default; Send Many's settings are in scripts/benchSendMany.js,
 *                           the trigger's below (triggerSection). `nodes` = removeCredit.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const {
	ensureN8n,
	n8nEnv,
	parseTrailingJson,
	prepareUserFolder,
	runCli,
} = require('../test/support/n8n');
const { credentialEntry, fanOutWorkflow } = require('../test/support/workflows');
const { LATEST } = require('../test/support/versions');
const { startSandbox } = require('../sandbox/server');
const { benchSendMany, report: reportSendMany } = require('./benchSendMany');
const { markdownTable } = require('./markdownTable');

const ROOT = path.join(__dirname, '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const BIG_ITEMS = Number(process.env.BENCH_BIG_ITEMS ?? 10000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VERSION = process.env.BENCH_N8N_VERSION ?? LATEST;
const API_KEY = 'bench-main-key-0c1d2e';
/** One sub-account per item, as at month end: items for the same sub-account would be chained. */
const token = (n) => `bench-sub-${n}`;
const CREDENTIAL = { id: 'bench-cred', name: 'SMS Partner (bench sandbox)' };

function items(count) {
	return Array.from({ length: count }, (_, n) => ({ token: token(n), amount: 0.01 }));
}

function smsPartnerNode(name, maxConcurrency) {
	return { name, credential: CREDENTIAL, options: { maxConcurrency } };
}

/**
 * n8n's HTTP Request node sending the same POST. `body: 'json'`: one expression
 * builds the whole JSON body; `body: 'fields'`: n8n's default "Using Fields
 * Below", one expression per field, as this node's two fields are.
 */
function httpRequestNode(name, baseUrl, body) {
	const bodyParameters =
		body === 'json'
			? {
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ apiKey: '${API_KEY}', credit: $json.amount, tokenSubaccount: $json.token }) }}`,
				}
			: {
					specifyBody: 'keypair',
					bodyParameters: {
						parameters: [
							{ name: 'apiKey', value: API_KEY },
							{ name: 'credit', value: '={{ $json.amount }}' },
							{ name: 'tokenSubaccount', value: '={{ $json.token }}' },
						],
					},
				};
	return {
		name,
		credential: CREDENTIAL,
		node: {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${baseUrl}/subaccount/credit/remove`,
				sendBody: true,
				contentType: 'json',
				...bodyParameters,
				options: {},
			},
		},
	};
}

/** Peak resident memory of a process, polled from /proc while it runs (Linux). */
function watchPeakMemory(pid) {
	let peakKb = 0;
	const read = () => {
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			const match = /VmHWM:\s+(\d+)/.exec(status);
			if (match) peakKb = Math.max(peakKb, Number(match[1]));
		} catch {
			/* the process has ended */
		}
	};
	const timer = setInterval(read, 50);
	return () => {
		clearInterval(timer);
		read();
		return peakKb;
	};
}

/** Runs the workflow once with `n8n execute`; `nodeArgs` go to Node.js (e.g. --cpu-prof). */
async function execute(install, userFolder, workflow, nodeArgs = []) {
	const file = path.join(userFolder, 'bench-workflow.json');
	fs.writeFileSync(file, JSON.stringify(workflow));
	const env = n8nEnv({ userFolder, version: install.version, brokerPort: 5695, logLevel: 'info' });
	delete env.N8N_PORT;
	const imported = await runCli(install, ['import:workflow', `--input=${file}`], env);
	if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);

	// stdout into a file, not a pipe: n8n exits right after printing, and a large run printed
	// into a pipe is cut short; writes to a file are synchronous, so the whole run is there.
	const outputFile = path.join(userFolder, 'bench-run.json');
	const output = fs.openSync(outputFile, 'w');
	const child = spawn(
		install.nodeBin,
		[...nodeArgs, install.n8nBin, 'execute', `--id=${workflow.id}`, '--rawOutput'],
		{
			env,
			cwd: userFolder,
			stdio: ['ignore', output, 'pipe'],
		},
	);
	fs.closeSync(output);
	const stopWatching = watchPeakMemory(child.pid);
	child.stderr.resume();
	const code = await new Promise((resolve) => child.on('close', resolve));
	const peakKb = stopWatching();
	const stdout = fs.readFileSync(outputFile, 'utf8');
	fs.rmSync(outputFile, { force: true });
	const run = parseTrailingJson(stdout);
	if (code !== 0 || !run) throw new Error(`n8n execute failed (${code}): ${stdout.slice(-2000)}`);
	return { run, peakMb: peakKb / 1024 };
}

/** The node's execution time, and how many items came out as a real success (SMS Partner's or the raw answer's; a sent SMS's message ID). */
function nodeTime(run, name) {
	const [taskData] = run.data.resultData.runData[name];
	const outputs = taskData.data?.main ?? [];
	const succeeded = ({ json }) =>
		json.error === undefined &&
		(json.success === true ||
			typeof json.creditRemoved === 'number' ||
			json.messageId !== undefined);
	return {
		ms: taskData.executionTime,
		items: outputs.reduce((sum, list) => sum + (list ?? []).filter(succeeded).length, 0),
	};
}

/**
 * The same POSTs from plain Node.js over a keep-alive connection pool: the floor on
 * this machine. Without keep-alive: what any n8n node pays, since n8n's request
 * helper opens a new connection for every request.
 */
async function rawLoop(baseUrl, count, inFlight, keepAlive = true) {
	const agent = new http.Agent({ keepAlive, maxSockets: inFlight });
	const url = new URL(`${baseUrl}/subaccount/credit/remove`);
	const post = () =>
		new Promise((resolve, reject) => {
			const body = JSON.stringify({
				apiKey: API_KEY,
				credit: 0.01,
				tokenSubaccount: token(next % count),
				_format: 'json',
			});
			const request = http.request(
				url,
				{
					method: 'POST',
					agent,
					headers: {
						'Content-Type': 'application/json',
						'Content-Length': Buffer.byteLength(body),
					},
				},
				(response) => {
					let text = '';
					response.on('data', (chunk) => (text += chunk));
					response.on('end', () =>
						JSON.parse(text).success ? resolve() : reject(new Error(text)),
					);
				},
			);
			request.on('error', reject);
			request.end(body);
		});
	const started = process.hrtime.bigint();
	let next = 0;
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < count) {
				next++;
				await post();
			}
		}),
	);
	agent.destroy();
	return Number(process.hrtime.bigint() - started) / 1e6;
}

/** What loading the package costs n8n: the bundled node file's size and the time to require it. */
function loadCost() {
	const file = path.join(ROOT, 'dist/nodes/SmsPartner/SmsPartner.node.js');
	const script = `require('n8n-workflow'); const t = process.hrtime.bigint(); require(${JSON.stringify(file)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
	const times = Array.from({ length: 7 }, () =>
		Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })),
	);
	times.sort((a, b) => a - b);
	return { bytes: fs.statSync(file).size, requireMs: times[3] };
}

/** Markdown table of the rows; ratios against the raw sequential loop at the same latency. */
function table(rows) {
	const header = [
		'case',
		'latency (ms)',
		'items',
		'time (ms)',
		'ms/item',
		'vs raw sequential',
		'peak n8n memory (MB)',
	];
	const rawSequential = (latency) =>
		rows.find((row) => row.name === RAW_SEQUENTIAL && row.latency === latency);
	const cells = rows.map((row) => {
		const raw = rawSequential(row.latency);
		return [
			row.name,
			row.latency,
			row.count,
			row.ms.toFixed(0),
			(row.ms / row.count).toFixed(2),
			raw ? `${(row.ms / row.count / (raw.ms / raw.count)).toFixed(3)}×` : '—',
			row.peakMb ? row.peakMb.toFixed(0) : '—',
		].map(String);
	});
	return markdownTable(header, cells);
}

/**
 * Builds and packs the package, starts the sandbox with `subaccounts` sub-accounts
 * of 1,000 € each, installs the package into the cached n8n and imports the
 * credential. `close()` undoes it all.
 */
async function prepareBench({ latencyMs, subaccounts, version = VERSION, credit = 0 }) {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smspartner-bench-pack-'));
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'smspartner-bench-n8n-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	);
	const sandbox = await startSandbox({
		answerDelayMs: latencyMs,
		state: {
			accounts: [
				{
					apiKey: API_KEY,
					username: 'bench@sandbox.local',
					credit,
					subaccountsEnabled: true,
					status: 'active',
					subaccounts: Array.from({ length: subaccounts }, (_, n) => ({
						token: token(n),
						credit: 1000,
					})),
				},
			],
		},
	});
	const close = async () => {
		await sandbox.close();
		fs.rmSync(packDir, { recursive: true, force: true });
		fs.rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		const install = await ensureN8n(version);
		await prepareUserFolder({ tarball: path.join(packDir, packed.filename), userFolder });
		const credFile = path.join(userFolder, 'bench-credentials.json');
		fs.writeFileSync(
			credFile,
			JSON.stringify([credentialEntry(CREDENTIAL.id, CREDENTIAL.name, API_KEY, sandbox.baseUrl)]),
		);
		await runCli(
			install,
			['import:credentials', `--input=${credFile}`],
			n8nEnv({ userFolder, version, brokerPort: 5695 }),
		);
		return { install, userFolder, sandbox, close };
	} catch (error) {
		await close();
		throw error;
	}
}

const SEQUENTIAL = 'SMS Partner node, sequential (default)';
const EIGHT = 'SMS Partner node, Max Concurrent Requests 8';
const SIXTY_FOUR = 'SMS Partner node, Max Concurrent Requests 64';
const HTTP_DEFAULT = 'HTTP Request node, default settings, JSON body (1 expression)';
const HTTP_FIELDS = 'HTTP Request node, default settings, body fields (2 expressions)';
const RAW_SEQUENTIAL = 'raw Node.js keep-alive loop, sequential';
const RAW_EIGHT = 'raw Node.js keep-alive loop, 8 in flight';
const RAW_NEW = 'raw Node.js loop, sequential, new connection each';
const FLOOR_WHOLE = 'floor: a node doing only the helper call, body read whole by n8n, sequential';
const FLOOR_STREAM = 'floor: the same, body as a stream read by events (as here), sequential';
const FLOOR_STREAM_64 = 'floor: the same, body as a stream, 64 in flight';

/**
 * Installs scripts/floorNode, the bench's floor: two nodes that only make each
 * item's request through n8n's helper, one after the other (what any node pays).
 */
async function installFloor(userFolder) {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smspartner-bench-floor-'));
	try {
		const tarball = path.join(packDir, 'floor.tgz');
		execFileSync('tar', [
			'-czf',
			tarball,
			'--transform=s,^floorNode,package,',
			'-C',
			__dirname,
			'floorNode',
		]);
		await prepareUserFolder({ tarball, userFolder });
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

function floorNode(name, type, inFlight = 1) {
	return {
		name,
		node: {
			type: `n8n-nodes-bench-floor.${type}`,
			typeVersion: 1,
			parameters: { inFlight },
			credentials: { smsPartnerApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
		},
	};
}

function floorCases() {
	return [
		[FLOOR_WHOLE, floorNode('Bench Floor Whole', 'benchFloorWhole')],
		[FLOOR_STREAM, floorNode('Bench Floor Stream', 'benchFloorStream')],
		[FLOOR_STREAM_64, floorNode('Bench Floor Stream 64', 'benchFloorStream', 64)],
	];
}

/** The n8n cases, by label: what each workflow's measured node is. */
function benchCases(baseUrl) {
	return [
		[SEQUENTIAL, smsPartnerNode('SMS Partner sequential', 1)],
		[EIGHT, smsPartnerNode('SMS Partner 8', 8)],
		[SIXTY_FOUR, smsPartnerNode('SMS Partner 64', 64)],
		[HTTP_DEFAULT, httpRequestNode('HTTP Request default', baseUrl, 'json')],
		[HTTP_FIELDS, httpRequestNode('HTTP Request fields', baseUrl, 'fields')],
	];
}

async function runCase(bench, label, spec, count) {
	const workflow = fanOutWorkflow(`bench-${spec.name}`.replace(/\W+/g, '-'), items(count), [spec]);
	const { run, peakMb } = await execute(bench.install, bench.userFolder, workflow);
	const { ms, items: produced } = nodeTime(run, spec.name);
	if (produced !== count) throw new Error(`${label}: ${produced} successes out of ${count} items`);
	return { ms, peakMb };
}

/**
 * The trigger's section: its polls as n8n's active-workflow code makes them (n8n-core's
 * PollContext on the built trigger, static data kept between polls), each scenario in a
 * fresh Node.js process so its peak memory is its own. The sandbox runs here, seeded
 * with TRIGGER_SUBACCOUNTS subaccounts (20 a page) and TRIGGER_STOPS STOP entries.
 */
const TRIGGER_SUBACCOUNTS = Number(process.env.BENCH_TRIGGER_SUBACCOUNTS ?? 1000);
const TRIGGER_STOPS = Number(process.env.BENCH_TRIGGER_STOPS ?? 100_000);
/** Polls after the first one (which only remembers); each finds new STOPs, or a balance crossing. */
const TRIGGER_POLLS = Number(process.env.BENCH_TRIGGER_POLLS ?? 5);
/** STOPs added between two polls. */
const TRIGGER_NEW_STOPS = 10;

/** Runs in the child process: the polls of one scenario; prints one JSON line. */
async function triggerChild({ baseUrl, event, polls, newStops }) {
	const { PollContext } = require('n8n-core');
	const { ICredentialsHelper, Workflow } = require('n8n-workflow');
	const { SmsPartnerTrigger } = require('../dist/nodes/SmsPartner/SmsPartnerTrigger.node.js');
	const { SmsPartnerApi } = require('../dist/credentials/SmsPartnerApi.credentials.js');
	const credentialType = new SmsPartnerApi();
	const credentials = { apiKey: API_KEY, baseUrl };
	class Credentials extends ICredentialsHelper {
		getParentTypes = () => [];
		isCredentialUsableByNode = () => true;
		authenticate = async (data, _type, request) => await credentialType.authenticate(data, request);
		preAuthentication = async () => undefined;
		runPreAuthentication = async () => undefined;
		getDecrypted = async () => ({ ...credentials });
		getCredentialsProperties = () => credentialType.properties;
	}
	const trigger = new SmsPartnerTrigger();
	const nodeTypes = {
		getByName: () => trigger,
		getByNameAndVersion: () => trigger,
		getKnownTypes: () => ({}),
	};
	const node = {
		id: 'bench-trigger',
		name: 'SMS Partner Trigger',
		type: 'n8n-nodes-smspartner.smsPartnerTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { event, threshold: '500' },
		credentials: { smsPartnerApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
	};
	const workflow = new Workflow({
		id: 'bench-trigger',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});
	const additionalData = {
		credentialsHelper: new Credentials(),
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
	};
	// A new connection each: a kept-alive one may have been closed by the sandbox during a long poll.
	const call = (path, body) =>
		new Promise((resolve, reject) => {
			const text = JSON.stringify({ apiKey: API_KEY, ...body });
			const request = http.request(
				`${baseUrl}${path}`,
				{ method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } },
				(response) => {
					let answer = '';
					response.on('data', (chunk) => (answer += chunk));
					response.on('end', () =>
						JSON.parse(answer).success === true
							? resolve()
							: reject(new Error(`${path}: ${answer}`)),
					);
				},
			);
			request.on('error', reject);
			request.end(text);
		});
	const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
	const baselineKb = rss();
	const times = [];
	let emitted = 0;
	for (let poll = 0; poll <= polls; poll++) {
		if (poll > 0 && event === 'newStop') {
			for (let n = 0; n < newStops; n++)
				await call('/stop-sms/add', {
					phoneNumber: `+3370${String(poll * 1000 + n).padStart(7, '0')}`,
				});
		}
		if (poll > 0 && event === 'subaccountBalanceLow') {
			// One subaccount a poll goes from 1,000 € to below the 500 € threshold.
			await call('/subaccount/credit/remove', { tokenSubaccount: token(poll), credit: 600 });
		}
		const context = new PollContext(workflow, node, additionalData, 'trigger', 'activate');
		const started = process.hrtime.bigint();
		const output = await trigger.poll.call(context);
		times.push(Number(process.hrtime.bigint() - started) / 1e6);
		emitted += output?.[0].length ?? 0;
	}
	const expected = event === 'newStop' ? polls * newStops : polls;
	if (emitted !== expected) throw new Error(`${event}: ${emitted} events, ${expected} expected`);
	const peakKb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
	const staticBytes = Buffer.byteLength(JSON.stringify(workflow.staticData));
	console.log(JSON.stringify({ times, baselineKb, peakKb, staticBytes }));
}

async function triggerScenario(sandbox, event) {
	const args = {
		baseUrl: sandbox.baseUrl,
		event,
		polls: TRIGGER_POLLS,
		newStops: TRIGGER_NEW_STOPS,
	};
	const child = spawn(process.execPath, [__filename, '--trigger-child', JSON.stringify(args)], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let stdout = '';
	child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
	const code = await new Promise((resolve) => child.on('close', resolve));
	if (code !== 0) throw new Error(`trigger bench (${event}) failed (${code}): ${stdout}`);
	return JSON.parse(stdout.trim().split('\n').pop());
}

async function triggerSection() {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
	const cores = os.cpus();
	const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	const rows = [];
	for (const latency of [0, LATENCY_MS]) {
		for (const [event, label] of [
			[
				'subaccountBalanceLow',
				`Subaccount Balance Below, ${TRIGGER_SUBACCOUNTS} subaccounts (${Math.ceil(TRIGGER_SUBACCOUNTS / 20)} pages)`,
			],
			['newStop', `New STOP, ${TRIGGER_STOPS} entries, ${TRIGGER_NEW_STOPS} new a poll`],
		]) {
			// A fresh sandbox each time: the scenario changes it.
			const sandbox = await startSandbox({
				answerDelayMs: latency,
				state: {
					accounts: [
						{
							apiKey: API_KEY,
							username: 'bench@sandbox.local',
							credit: 0,
							subaccountsEnabled: true,
							status: 'active',
							subaccounts: [],
						},
					],
				},
			});
			try {
				if (event === 'newStop') sandbox.seedStops(TRIGGER_STOPS);
				else sandbox.seedSubaccounts(TRIGGER_SUBACCOUNTS, { prefix: 'bench-sub-', credit: 1000 });
				console.error(`trigger: ${label}, ${latency} ms`);
				const { times, baselineKb, peakKb, staticBytes } = await triggerScenario(sandbox, event);
				rows.push([
					label,
					latency,
					times[0].toFixed(0),
					median(times.slice(1)).toFixed(0),
					(baselineKb / 1024).toFixed(0),
					(peakKb / 1024).toFixed(0),
					staticBytes.toLocaleString('en-US'),
				]);
			} finally {
				await sandbox.close();
			}
		}
	}
	console.log(
		`\nSMS Partner Trigger · ${cores.length} cores (${cores[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node.js ${process.version} · in-process n8n-core PollContext · first poll, then the median of ${TRIGGER_POLLS}\n`,
	);
	const header = [
		'poll',
		'latency (ms)',
		'first poll (ms)',
		'next polls (ms, median)',
		'process before polling (MB)',
		'peak process memory (MB)',
		'static data (bytes)',
	];
	console.log(markdownTable(header, rows));
}

/** The parts `--only` (or BENCH_ONLY) names, comma-separated; every part by default. */
function partsToRun() {
	const given = process.argv.includes('--only')
		? process.argv[process.argv.indexOf('--only') + 1]
		: process.env.BENCH_ONLY;
	const parts = (given ?? 'removeCredit,sendMany,trigger')
		.split(',')
		.map((part) => (part.trim() === 'nodes' ? 'removeCredit' : part.trim()));
	for (const part of parts)
		if (!['removeCredit', 'sendMany', 'trigger'].includes(part))
			throw new Error(`--only: removeCredit, sendMany or trigger, not "${part}"`);
	return parts;
}

async function main() {
	const parts = partsToRun();
	if (parts.includes('trigger')) await triggerSection();
	if (parts.includes('removeCredit')) await benchRemoveCredit();
	if (parts.includes('sendMany')) {
		// Enough credit for every SMS of every case (0.045 € each on the sandbox's Premium route).
		const bench = await prepareBench({ latencyMs: 0, subaccounts: 0, credit: 1e7 });
		try {
			const result = await benchSendMany({
				bench,
				execute,
				apiKey: API_KEY,
				credential: CREDENTIAL,
			});
			console.log(reportSendMany(result));
		} finally {
			await bench.close();
		}
	}
}

async function benchRemoveCredit() {
	const latencies = [0, LATENCY_MS];
	const bench = await prepareBench({ latencyMs: 0, subaccounts: Math.max(ITEMS, BIG_ITEMS) });
	try {
		await installFloor(bench.userFolder);
		const cores = os.cpus();
		console.error(`n8n ${VERSION}, ${cores.length} × ${cores[0]?.model ?? 'unknown CPU'}`);
		const rows = [];
		const add = (name, latency, count, ms, peakMb) =>
			rows.push({ name, latency, count, ms, peakMb });
		const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
		for (const latency of latencies) {
			bench.sandbox.answerDelayMs = latency;
			console.error(`sandbox latency ${latency} ms`);
			const raw = [
				[RAW_SEQUENTIAL, 1, true],
				[RAW_EIGHT, 8, true],
				[RAW_NEW, 1, false],
			];
			const times = new Map();
			// Round after round, every case once a round: a slow patch of the machine hits all cases alike.
			for (let round = 1; round <= RUNS; round++) {
				for (const [label, inFlight, keepAlive] of raw) {
					const ms = await rawLoop(bench.sandbox.baseUrl, ITEMS, inFlight, keepAlive);
					times.set(label, [...(times.get(label) ?? []), { ms }]);
				}
				for (const [label, spec] of [...benchCases(bench.sandbox.baseUrl), ...floorCases()]) {
					console.error(`round ${round}/${RUNS}: ${label}`);
					const result = await runCase(bench, label, spec, ITEMS);
					times.set(label, [...(times.get(label) ?? []), result]);
				}
			}
			for (const [label, results] of times) {
				const peaks = results.map((result) => result.peakMb).filter(Boolean);
				add(
					label,
					latency,
					ITEMS,
					median(results.map((result) => result.ms)),
					peaks.length ? median(peaks) : undefined,
				);
			}
		}
		console.error(`running: memory with ${BIG_ITEMS} items`);
		const big = await runCase(bench, EIGHT, smsPartnerNode('SMS Partner 8', 8), BIG_ITEMS);
		add(EIGHT, LATENCY_MS, BIG_ITEMS, big.ms, big.peakMb);

		const cost = loadCost();
		console.log(
			`\nn8n ${VERSION} · ${cores.length} cores (${cores[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node.js ${process.version} for the raw loops · time = the node's execution time in n8n's run data (raw loops: wall time)\n`,
		);
		console.log(table(rows));
		const find = (name, latency, count = ITEMS) =>
			rows.find((row) => row.name === name && row.latency === latency && row.count === count);
		const ratio = (a, b) => a.ms / a.count / (b.ms / b.count);
		const check = (label, value, target) =>
			`${label}: ${value.toFixed(3)}× (target ≤ ${target}×) ${value <= target ? 'met' : 'NOT met'}`;
		console.log(
			[
				'',
				check(
					'Max Concurrent Requests 64 vs HTTP Request default (JSON body, 1 expression), 0 ms',
					ratio(find(SIXTY_FOUR, 0), find(HTTP_DEFAULT, 0)),
					1.0,
				),
				check(
					'Max Concurrent Requests 64 vs HTTP Request default (body fields, 2 expressions like this node), 0 ms',
					ratio(find(SIXTY_FOUR, 0), find(HTTP_FIELDS, 0)),
					1.0,
				),
				check(
					`sequential vs the raw sequential loop, ${LATENCY_MS} ms`,
					ratio(find(SEQUENTIAL, LATENCY_MS), find(RAW_SEQUENTIAL, LATENCY_MS)),
					1.1,
				),
				`the floor vs the raw sequential loop, ${LATENCY_MS} ms: ${ratio(find(FLOOR_WHOLE, LATENCY_MS), find(RAW_SEQUENTIAL, LATENCY_MS)).toFixed(3)}× (body read whole), ${ratio(find(FLOOR_STREAM, LATENCY_MS), find(RAW_SEQUENTIAL, LATENCY_MS)).toFixed(3)}× (as a stream): no node that sends through n8n's helper goes lower`,
				`sequential vs the floor reading a stream, ${LATENCY_MS} ms: ${ratio(find(SEQUENTIAL, LATENCY_MS), find(FLOOR_STREAM, LATENCY_MS)).toFixed(3)}×; 0 ms: ${ratio(find(SEQUENTIAL, 0), find(FLOOR_STREAM, 0)).toFixed(3)}× (what this node adds)`,
				`Max Concurrent Requests 64 vs the floor reading a stream 64 in flight: 0 ms ${ratio(find(SIXTY_FOUR, 0), find(FLOOR_STREAM_64, 0)).toFixed(3)}× (${((find(SIXTY_FOUR, 0).ms - find(FLOOR_STREAM_64, 0).ms) / ITEMS).toFixed(3)} ms/item), ${LATENCY_MS} ms ${ratio(find(SIXTY_FOUR, LATENCY_MS), find(FLOOR_STREAM_64, LATENCY_MS)).toFixed(3)}× (${((find(SIXTY_FOUR, LATENCY_MS).ms - find(FLOOR_STREAM_64, LATENCY_MS).ms) / ITEMS).toFixed(3)} ms/item): what this node adds`,
				check(
					`Max Concurrent Requests 8 vs the raw 8-in-flight loop, ${LATENCY_MS} ms`,
					ratio(find(EIGHT, LATENCY_MS), find(RAW_EIGHT, LATENCY_MS)),
					1.25,
				),
				check(
					`peak memory, ${BIG_ITEMS} items vs ${ITEMS}`,
					find(EIGHT, LATENCY_MS, BIG_ITEMS).peakMb / find(EIGHT, LATENCY_MS).peakMb,
					2,
				),
				`bundled node file: ${(cost.bytes / 1024).toFixed(0)} KiB; require time (after n8n-workflow): ${cost.requireMs.toFixed(1)} ms (median of 7)`,
			].join('\n'),
		);
	} finally {
		await bench.close();
	}
}

module.exports = {
	API_KEY,
	CREDENTIAL,
	ITEMS,
	VERSION,
	benchCases,
	execute,
	items,
	nodeTime,
	prepareBench,
	smsPartnerNode,
	httpRequestNode,
};

if (require.main === module && process.argv[2] === '--trigger-child') {
	triggerChild(JSON.parse(process.argv[3])).catch((error) => {
		console.error(error);
		process.exit(1);
	});
} else if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
