#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:profile`: where one execution's CPU goes, per item. Runs 1,000
 * Remove Credit items through this node (Max Concurrent Requests 64) and the same
 * POSTs through n8n's HTTP Request node (JSON body; body fields), each in a real
 * n8n under `--cpu-prof`,
 * with the sandbox answering at once, and sorts the samples taken while the node
 * was running into what they were doing. Prints one table per node and the
 * functions that took the most time themselves.
 *
 *   PROFILE_ITEMS (1000)    items in each execution
 *   PROFILE_LATENCY_MS (0)  the sandbox's answer delay
 *   PROFILE_NODES           which of bench.js's cases, by node name (default: SMS Partner 64,HTTP Request default,HTTP Request fields),
 *                           or "SMS Partner Send Many" (benchSendMany.js's personalised items), or
 *                           "SMS Partner Send" (SMS › Send, one request per item, 64 in flight)
 *   PROFILE_RUNS (5)        executions per case; each bucket's median across them is printed
 *   PROFILE_KEEP (unset)    a folder to keep the .cpuprofile files in (open them in Chrome DevTools)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
	CREDENTIAL,
	benchCases,
	execute,
	items,
	nodeTime,
	prepareBench,
	VERSION,
} = require('./bench');
const {
	chainWorkflow,
	sendManyNode,
	sendNode,
	SMS_PARTNER: SEND_MANY,
	SMS_PARTNER_SEND: SEND,
} = require('./benchSendMany');
const { fanOutWorkflow } = require('../test/support/workflows');

const ITEMS = Number(process.env.PROFILE_ITEMS ?? 1000);
const LATENCY_MS = Number(process.env.PROFILE_LATENCY_MS ?? 0);
const NODES = (
	process.env.PROFILE_NODES ?? 'SMS Partner 64,HTTP Request default,HTTP Request fields'
).split(',');
const SAMPLE_INTERVAL_US = 200;
/** A sample that came this long after the one before: the process, or the profiler, was kept waiting. */
const LONG_GAP_US = 1000;
/**
 * The node's functions that read an answer's body (within the deadline and the size
 * cap) and parse it: work the HTTP Request node leaves to axios, inside n8n's helper.
 * The body's stream listeners are not among them (their stack holds none of these).
 */
const ANSWER_READING =
	/^(collectBody|iterateBody|receiveBody|joinChunks|parseAnswerText|parseJson|parseJsonExactly|quoteLongIntegers)$/;
/** Executions profiled per case: each bucket's median is printed (one run's own code moves by up to ±40 %). */
const RUNS = Number(process.env.PROFILE_RUNS ?? 5);

/**
 * What a sample was doing, from its whole stack (root first). The first rule that
 * matches wins, so time spent inside n8n's helpers called by the node is n8n's.
 */
const CATEGORIES = [
	{
		name: 'Node.js: loading modules (first use)',
		match: (stack) =>
			stack.some(
				(frame) =>
					frame.url === 'node:internal/modules/cjs/loader' ||
					frame.functionName === 'compileFunction',
			),
	},
	{
		name: 'n8n: parameter reads and expressions (getNodeParameter)',
		match: (stack) =>
			stack.some(
				(frame) =>
					/^_?getNodeParameter$/.test(frame.functionName) ||
					frame.url.includes('/@n8n/expression-runtime/'),
			),
	},
	{
		name: "n8n: the credential's authenticate (CredentialsHelper)",
		match: (stack) =>
			stack.some(
				(frame) =>
					frame.functionName === 'authenticate' &&
					/credentials-helper|credentials\//i.test(frame.url),
			),
	},
	{
		name: 'n8n: request helper (httpRequestWithAuthentication, axios, agents, SSRF checks)',
		match: (stack) =>
			stack.some(
				(frame) =>
					frame.functionName === 'httpRequestWithAuthentication' ||
					/\/(axios|follow-redirects|@n8n\/backend-network|form-data|proxy-from-env)\//.test(
						frame.url,
					),
			),
	},
];

function packageOf(url) {
	const parts = url.split('/node_modules/');
	if (parts.length < 2) return undefined;
	const rest = parts.at(-1).split('/');
	return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function isInternal(frame) {
	return frame.url === '' || frame.url.startsWith('node:');
}

/** The bucket of one sample: a category, else the closest code that is not Node.js's own. */
function bucketOf(stack, ownCode) {
	for (const category of CATEGORIES) if (category.match(stack)) return category.name;
	for (let index = stack.length - 1; index >= 0; index--) {
		const frame = stack[index];
		if (isInternal(frame)) continue;
		if (ownCode.test(frame.url)) return `the node's own code: ${frame.url.replace(ownCode, '')}`;
		const name = packageOf(frame.url);
		if (name === 'n8n-core' || name === 'n8n-workflow') return `n8n: engine (${name})`;
		return `other: ${name ?? frame.url}`;
	}
	const leaf = stack.at(-1);
	if (!leaf) return '(nothing)';
	if (leaf.functionName === '(garbage collector)') return 'V8: garbage collector';
	if (leaf.functionName === '(idle)') return 'idle (waiting for the network)';
	if (leaf.functionName === '(program)') return 'V8: (program)';
	return 'Node.js: sockets, streams, timers (no package frame on the stack)';
}

/**
 * Sorts the samples taken while the measured node ran: from the first sample in
 * its `execute` to the last sample with one of its frames on the stack.
 */
function analyse(profile, { nodeCode, entry, ownCode }) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const stackCache = new Map();
	const stackOf = (id) => {
		let stack = stackCache.get(id);
		if (!stack) {
			stack = [];
			for (let at = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at).callFrame);
			stack.reverse();
			stackCache.set(id, stack);
		}
		return stack;
	};
	const { samples, timeDeltas } = profile;
	const touches = samples.map((id) => stackOf(id).some((frame) => nodeCode.test(frame.url)));
	const first = samples.findIndex((id) =>
		stackOf(id).some((frame) => frame.functionName === 'execute' && entry.test(frame.url)),
	);
	const last = touches.lastIndexOf(true);
	const buckets = new Map();
	const bucketSamples = new Map();
	const bucketGaps = new Map();
	let ownReadingUs = 0;
	const selfTime = new Map();
	const deltas = [];
	let totalUs = 0;
	for (let index = first; index <= last; index++) {
		const us = timeDeltas[index + 1] ?? 0;
		const stack = stackOf(samples[index]);
		totalUs += us;
		deltas.push(us);
		const bucket = bucketOf(stack, ownCode);
		buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
		bucketSamples.set(bucket, (bucketSamples.get(bucket) ?? 0) + 1);
		if (
			bucket.startsWith("the node's own code") &&
			stack.some((frame) => ownCode.test(frame.url) && ANSWER_READING.test(frame.functionName))
		) {
			ownReadingUs += us;
		}
		if (us > LONG_GAP_US) {
			const gaps = bucketGaps.get(bucket) ?? { count: 0, us: 0 };
			gaps.count++;
			gaps.us += us;
			bucketGaps.set(bucket, gaps);
		}
		const leaf = stack.at(-1);
		const where = `${leaf.functionName || '(anonymous)'} ${leaf.url.split('/node_modules/').at(-1)}:${leaf.lineNumber + 1}`;
		selfTime.set(where, (selfTime.get(where) ?? 0) + us);
	}
	// A sample's time is the wall time since the one before: on a shared machine, it also holds
	// the time the process was not running at all. Samples × the usual interval leave that out.
	return {
		totalUs,
		buckets,
		bucketSamples,
		bucketGaps,
		ownReadingUs,
		selfTime,
		medianIntervalUs: medianOf(deltas),
	};
}

function medianOf(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Each bucket's median across the runs (0 where a run has none); self times from the median run. */
function medianAnalysis(runs) {
	const names = new Set(runs.flatMap((one) => [...one.analysis.buckets.keys()]));
	const buckets = new Map(
		[...names].map((name) => [
			name,
			medianOf(runs.map((one) => one.analysis.buckets.get(name) ?? 0)),
		]),
	);
	const totalUs = medianOf(runs.map((one) => one.analysis.totalUs));
	const byTotal = [...runs].sort((a, b) => a.analysis.totalUs - b.analysis.totalUs);
	const { selfTime } = byTotal[Math.floor(byTotal.length / 2)].analysis;
	const own = (perBucket) =>
		[...perBucket]
			.filter(([name]) => name.startsWith("the node's own code"))
			.reduce((sum, [, value]) => sum + value, 0);
	const ownPerRun = runs.map((one) => own(one.analysis.buckets));
	const ownSampledPerRun = runs.map(
		(one) => own(one.analysis.bucketSamples) * one.analysis.medianIntervalUs,
	);
	const ownGapsPerRun = runs.map((one) =>
		[...one.analysis.bucketGaps]
			.filter(([name]) => name.startsWith("the node's own code"))
			.reduce((sum, [, gaps]) => ({ count: sum.count + gaps.count, us: sum.us + gaps.us }), {
				count: 0,
				us: 0,
			}),
	);
	const ownReadingPerRun = runs.map((one) => one.analysis.ownReadingUs);
	return {
		totalUs,
		buckets,
		selfTime,
		ownPerRun,
		ownSampledPerRun,
		ownGapsPerRun,
		ownReadingPerRun,
	};
}

function printAnalysis(
	label,
	runMs,
	{ totalUs, buckets, selfTime, ownPerRun, ownSampledPerRun, ownGapsPerRun, ownReadingPerRun },
) {
	const ms = (us) => (us / 1000).toFixed(0);
	const perItem = (us) => (us / 1000 / ITEMS).toFixed(3);
	console.log(
		`\n${label}: ${ITEMS} items, ${runMs} ms in n8n's run data, ${ms(totalUs)} ms profiled window (medians of ${RUNS} runs)`,
	);
	console.log(
		`the node's own code, each run: ${ownPerRun.map((us) => perItem(us)).join(', ')} ms/item by sample times; ${ownSampledPerRun.map((us) => perItem(us)).join(', ')} ms/item by samples × the median interval (median ${perItem(medianOf(ownSampledPerRun))}); of the sample times, ${ownGapsPerRun.map((gaps) => `${perItem(gaps.us)} (${gaps.count})`).join(', ')} ms/item came from the samples more than ${LONG_GAP_US / 1000} ms after the one before (how many); ${ownReadingPerRun.map((us) => perItem(us)).join(', ')} ms/item reading and parsing answers (at least)\n`,
	);
	console.log('| where the time went | ms | ms/item | share |');
	console.log('|---|---|---|---|');
	for (const [bucket, us] of [...buckets].sort((a, b) => b[1] - a[1])) {
		console.log(
			`| ${bucket} | ${ms(us)} | ${perItem(us)} | ${((100 * us) / totalUs).toFixed(1)} % |`,
		);
	}
	console.log(`\ntop functions by self time (${label}):`);
	for (const [where, us] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
		console.log(`  ${ms(us).padStart(6)} ms  ${where}`);
	}
}

async function main() {
	const keep = process.env.PROFILE_KEEP;
	const profileDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'smspartner-profile-'));
	fs.mkdirSync(profileDir, { recursive: true });
	// Credit for every SMS when Send Many is profiled (0.045 € each on the sandbox's Premium route).
	const bench = await prepareBench({ latencyMs: LATENCY_MS, subaccounts: ITEMS, credit: 1e7 });
	try {
		const cores = os.cpus();
		console.log(
			`n8n ${VERSION} · ${cores.length} cores (${cores[0]?.model ?? 'unknown CPU'}) · sandbox latency ${LATENCY_MS} ms · V8 sampling every ${SAMPLE_INTERVAL_US} µs`,
		);
		const sendMany = sendManyNode(CREDENTIAL);
		const send = sendNode(CREDENTIAL, 64);
		const chained = [sendMany, send];
		const cases = [
			...benchCases(bench.sandbox.baseUrl),
			[`${SEND_MANY}, personalised items`, sendMany],
			[`${SEND}, personalised items, Max Concurrent Requests 64`, send],
		].filter(([, spec]) => NODES.includes(spec.name));
		for (const [label, spec] of cases) {
			const caseDir = path.join(profileDir, spec.name.replace(/\W+/g, '-'));
			fs.rmSync(caseDir, { recursive: true, force: true });
			const id = `profile-${spec.name}`.replace(/\W+/g, '-');
			const workflow = chained.includes(spec)
				? chainWorkflow(id, ITEMS, [spec])
				: fanOutWorkflow(id, items(ITEMS), [spec]);
			const isSmsPartner = spec.name.startsWith('SMS Partner');
			const code = isSmsPartner
				? {
						nodeCode: /n8n-nodes-smspartner\/dist\//,
						entry: /SmsPartner\.node\.js$/,
						ownCode: /^.*n8n-nodes-smspartner\/dist\/(nodes\/SmsPartner\/)?/,
					}
				: {
						nodeCode: /\/nodes\/HttpRequest\//,
						entry: /HttpRequestV3\.node\.js$/,
						ownCode: /^.*n8n-nodes-base\/dist\/nodes\//,
					};
			const runs = [];
			for (let round = 1; round <= RUNS; round++) {
				const runDir = path.join(caseDir, `run-${round}`);
				const { run } = await execute(bench.install, bench.userFolder, workflow, [
					'--cpu-prof',
					`--cpu-prof-dir=${runDir}`,
					`--cpu-prof-interval=${SAMPLE_INTERVAL_US}`,
				]);
				const [file] = fs.readdirSync(runDir).filter((name) => name.endsWith('.cpuprofile'));
				const profile = JSON.parse(fs.readFileSync(path.join(runDir, file), 'utf8'));
				const { ms, items: succeeded } = nodeTime(run, spec.name);
				if (succeeded !== ITEMS) throw new Error(`${label}: ${succeeded} successes of ${ITEMS}`);
				runs.push({ ms, analysis: analyse(profile, code) });
			}
			printAnalysis(label, medianOf(runs.map((one) => one.ms)), medianAnalysis(runs));
		}
		if (keep) console.log(`\nprofiles kept in ${profileDir}`);
	} finally {
		await bench.close();
		if (!keep) fs.rmSync(profileDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
