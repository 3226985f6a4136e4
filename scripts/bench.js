#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: this node against n8n's HTTP Request node and a raw Node.js
 * HTTP loop, all doing the same Remove Credit POSTs to the local sandbox, which
 * answers after a set latency (a round trip to France). Runs in a real n8n from
 * the e2e cache, with the packed package installed as a community package.
 * Prints one table; ratios are from the same run. Not a test: it asserts nothing.
 *
 *   BENCH_LATENCY_MS (20)   the sandbox's answer delay
 *   BENCH_ITEMS (1000)      items for the timing rows
 *   BENCH_BIG_ITEMS (10000) items for the second memory row
 *   BENCH_N8N_VERSION (default: the latest proven n8n, test/support/versions.js)
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

const ROOT = path.join(__dirname, '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const BIG_ITEMS = Number(process.env.BENCH_BIG_ITEMS ?? 10000);
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

function httpRequestNode(name, baseUrl, batching) {
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
				specifyBody: 'json',
				jsonBody: `={{ JSON.stringify({ apiKey: '${API_KEY}', credit: $json.amount, tokenSubaccount: $json.token }) }}`,
				options: batching ? { batching: { batch: { batchSize: 8, batchInterval: 1 } } } : {},
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

async function execute(install, userFolder, workflow) {
	const file = path.join(userFolder, 'bench-workflow.json');
	fs.writeFileSync(file, JSON.stringify(workflow));
	const env = n8nEnv({ userFolder, version: install.version, brokerPort: 5695, logLevel: 'info' });
	delete env.N8N_PORT;
	const imported = await runCli(install, ['import:workflow', `--input=${file}`], env);
	if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);

	const child = spawn(
		install.nodeBin,
		[install.n8nBin, 'execute', `--id=${workflow.id}`, '--rawOutput'],
		{
			env,
			cwd: userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const stopWatching = watchPeakMemory(child.pid);
	let stdout = '';
	child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
	child.stderr.resume();
	const code = await new Promise((resolve) => child.on('close', resolve));
	const peakKb = stopWatching();
	const run = parseTrailingJson(stdout);
	if (code !== 0 || !run) throw new Error(`n8n execute failed (${code}): ${stdout.slice(-2000)}`);
	return { run, peakMb: peakKb / 1024 };
}

function nodeTime(run, name) {
	const [taskData] = run.data.resultData.runData[name];
	const outputs = taskData.data?.main ?? [];
	return {
		ms: taskData.executionTime,
		items: outputs.reduce((sum, list) => sum + (list?.length ?? 0), 0),
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

function table(rows) {
	const header = [
		'case',
		'items',
		'time (ms)',
		'ms/item',
		'vs raw sequential',
		'peak n8n memory (MB)',
	];
	const lines = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) =>
		Math.max(...lines.map((line) => (line[column] ?? '').length)),
	);
	const format = (line) =>
		`| ${line.map((cell, column) => (cell ?? '').padEnd(widths[column])).join(' | ')} |`;
	return [
		format(header),
		`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
		...rows.map((row) => format(row.map(String))),
	].join('\n');
}

async function main() {
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
		answerDelayMs: LATENCY_MS,
		state: {
			accounts: [
				{
					apiKey: API_KEY,
					username: 'bench@sandbox.local',
					credit: 0,
					subaccountsEnabled: true,
					status: 'active',
					subaccounts: Array.from({ length: Math.max(ITEMS, BIG_ITEMS) }, (_, n) => ({
						token: token(n),
						credit: 1000,
					})),
				},
			],
		},
	});
	try {
		const install = await ensureN8n(VERSION);
		await prepareUserFolder({ tarball: path.join(packDir, packed.filename), userFolder });
		const credFile = path.join(userFolder, 'bench-credentials.json');
		fs.writeFileSync(
			credFile,
			JSON.stringify([credentialEntry(CREDENTIAL.id, CREDENTIAL.name, API_KEY, sandbox.baseUrl)]),
		);
		await runCli(
			install,
			['import:credentials', `--input=${credFile}`],
			n8nEnv({ userFolder, version: VERSION, brokerPort: 5695 }),
		);

		console.error(`n8n ${VERSION}, sandbox latency ${LATENCY_MS} ms, ${os.cpus().length} cores`);
		const rows = [];
		const rawSequential = await rawLoop(sandbox.baseUrl, ITEMS, 1);
		const raw8 = await rawLoop(sandbox.baseUrl, ITEMS, 8);
		const rawNewConnections = await rawLoop(sandbox.baseUrl, ITEMS, 1, false);
		const add = (name, count, ms, peakMb) =>
			rows.push([
				name,
				count,
				ms.toFixed(0),
				(ms / count).toFixed(2),
				`${(ms / rawSequential).toFixed(3)}×`,
				peakMb ? peakMb.toFixed(0) : '—',
			]);
		add('raw Node.js keep-alive loop, sequential', ITEMS, rawSequential);
		add('raw Node.js keep-alive loop, 8 in flight', ITEMS, raw8);
		add('raw Node.js loop, sequential, new connection each', ITEMS, rawNewConnections);

		const cases = [
			['SMS Partner node, sequential (default)', smsPartnerNode('SMS Partner sequential', 1)],
			['SMS Partner node, Max Concurrent Requests 8', smsPartnerNode('SMS Partner 8', 8)],
			[
				'HTTP Request node, default settings',
				httpRequestNode('HTTP Request default', sandbox.baseUrl, false),
			],
			[
				'HTTP Request node, batching 8 items / 1 ms',
				httpRequestNode('HTTP Request batching', sandbox.baseUrl, true),
			],
		];
		for (const [label, spec] of cases) {
			console.error(`running: ${label}`);
			const workflow = fanOutWorkflow(`bench-${rows.length}`, items(ITEMS), [spec]);
			const { run, peakMb } = await execute(install, userFolder, workflow);
			const { ms, items: produced } = nodeTime(run, spec.name);
			if (produced !== ITEMS) throw new Error(`${label}: ${produced} items out of ${ITEMS}`);
			add(label, ITEMS, ms, peakMb);
		}
		console.error(`running: memory with ${BIG_ITEMS} items`);
		const big = fanOutWorkflow('bench-big', items(BIG_ITEMS), [smsPartnerNode('SMS Partner 8', 8)]);
		const bigRun = await execute(install, userFolder, big);
		add(
			'SMS Partner node, Max Concurrent Requests 8',
			BIG_ITEMS,
			nodeTime(bigRun.run, 'SMS Partner 8').ms,
			bigRun.peakMb,
		);

		const cost = loadCost();
		console.log(
			`\nn8n ${VERSION} · sandbox answers after ${LATENCY_MS} ms · ${os.cpus().length} cores · time = the node's execution time in n8n's run data (raw loop: wall time)\n`,
		);
		console.log(table(rows));
		const by = (label, count = ITEMS) => rows.find((row) => row[0] === label && row[1] === count);
		const ms = (row) => Number(row[2]);
		const sequential = by('SMS Partner node, sequential (default)');
		const eight = by('SMS Partner node, Max Concurrent Requests 8');
		const httpDefault = by('HTTP Request node, default settings');
		const memory = (row) => Number(row[5]);
		console.log(`
sequential overhead vs the raw sequential loop: ${(ms(sequential) / rawSequential).toFixed(3)}× (target ≤ 1.05×); vs the same loop opening a connection per request, as n8n's helper does: ${(ms(sequential) / rawNewConnections).toFixed(3)}×
Max Concurrent Requests 8 vs HTTP Request default: ${(ms(httpDefault) / ms(eight)).toFixed(2)}× faster (target ≥ 3×)
peak memory ${BIG_ITEMS} items / ${ITEMS} items: ${(memory(by('SMS Partner node, Max Concurrent Requests 8', BIG_ITEMS)) / memory(eight)).toFixed(2)}× (target ≤ 2×)
bundled node file: ${(cost.bytes / 1024).toFixed(0)} KiB; require time (after n8n-workflow): ${cost.requireMs.toFixed(1)} ms (median of 7)`);
	} finally {
		await sandbox.close();
		fs.rmSync(packDir, { recursive: true, force: true });
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
