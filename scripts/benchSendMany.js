'use strict';
/**
 * `npm run bench`'s Send Many part (or alone: `BENCH_ONLY=sendMany npm run bench`):
 * personalised SMS, each item its own number and text, against the sandbox answering
 * after BENCH_LATENCY_MS, in a real n8n with the packed package.
 *
 *   - this node's SMS › Send Many (batches of 500 per POST /bulk-send), one batch at a
 *     time (its default), 10,000 and 100,000 items (BENCH_SEND_MANY_ITEMS,
 *     BENCH_SEND_MANY_BIG_ITEMS), and with Max Concurrent Requests 4 (10,000 items);
 *   - n8n's HTTP Request node, one POST /send per item, default settings (10,000 items);
 *   - what an expert builds by hand: a Code node cutting the items into /bulk-send
 *     bodies of 500, then the HTTP Request node posting each (10,000 items).
 *
 * Every item of every case is checked: the sandbox received each (number, text) once.
 */
const { markdownTable } = require('./markdownTable');

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const SEND_ITEMS = Number(process.env.BENCH_SEND_MANY_ITEMS ?? 10000);
const SEND_BIG_ITEMS = Number(process.env.BENCH_SEND_MANY_BIG_ITEMS ?? 100000);
const BATCH = 500;

const SMS_PARTNER = 'SMS Partner Send Many';
const SMS_PARTNER_SEND = 'SMS Partner Send';
const IN_FLIGHT = 4;
const SMS_PARTNER_CONCURRENT = `SMS Partner Send Many, Max Concurrent Requests ${IN_FLIGHT}`;
const ONE_PER_ITEM = 'HTTP Request, one /send per item';
const HAND_BATCHES = 'Code node batches of 500';
const HAND_POST = 'HTTP Request, /bulk-send per batch';

/** The n-th recipient: a French mobile of its own, and a text naming it. */
const phoneOf = (n) => `+336${String(10000000 + n).padStart(8, '0')}`;
const textOf = (n) => `Bonjour client ${n}, votre commande est prête.`;

/**
 * Manual Trigger → an Edit Fields node whose one expression builds `count` items'
 * worth of { phone, text } → Split Out: the items, without a 100,000-line workflow file.
 */
function generatedItems(count) {
	const phone = `"+336" + String(10000000 + i).padStart(8, "0")`;
	const text = '"Bonjour client " + i + ", votre commande est prête."';
	return {
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'recipients',
				name: 'Recipients',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ JSON.stringify({ items: Array.from({ length: ${count} }, (_, i) => ({ phone: ${phone}, text: ${text} })) }) }}`,
					options: {},
				},
			},
			{
				id: 'one-each',
				name: 'One item each',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [440, 0],
				parameters: { fieldToSplitOut: 'items', options: {} },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
			Recipients: { main: [[{ node: 'One item each', type: 'main', index: 0 }]] },
		},
		last: 'One item each',
	};
}

/** The items source, then `chain` (nodes in order, each fed by the one before). */
function chainWorkflow(id, count, chain) {
	const source = generatedItems(count);
	const connections = { ...source.connections };
	let previous = source.last;
	const nodes = chain.map((node, index) => {
		connections[previous] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
		previous = node.name;
		return {
			id: node.name.toLowerCase().replace(/\W+/g, '-'),
			position: [660 + index * 220, 0],
			...node,
		};
	});
	return {
		id,
		name: id,
		active: false,
		nodes: [...source.nodes, ...nodes],
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function sendManyNode(credential, maxConcurrency = 1) {
	return {
		name: SMS_PARTNER,
		type: 'n8n-nodes-smspartner.smsPartner',
		typeVersion: 1,
		parameters: {
			resource: 'sms',
			operation: 'sendMany',
			phoneNumber: '={{ $json.phone }}',
			message: '={{ $json.text }}',
			...(maxConcurrency === 1 ? {} : { options: { maxConcurrency } }),
		},
		credentials: { smsPartnerApi: { id: credential.id, name: credential.name } },
	};
}

/** SMS › Send: one request per item, its own number and text (the profile's case). */
function sendNode(credential, maxConcurrency) {
	return {
		name: SMS_PARTNER_SEND,
		type: 'n8n-nodes-smspartner.smsPartner',
		typeVersion: 1,
		parameters: {
			resource: 'sms',
			operation: 'send',
			phoneNumbers: '={{ $json.phone }}',
			message: '={{ $json.text }}',
			options: { maxConcurrency },
		},
		credentials: { smsPartnerApi: { id: credential.id, name: credential.name } },
	};
}

function httpRequest(name, url, jsonBody) {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody,
			options: {},
		},
	};
}

/** The hand-built batches: what a Code node (all items at once) gives the HTTP Request node. */
function handBatchesNode(apiKey) {
	return {
		name: HAND_BATCHES,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode: [
				'const all = $input.all();',
				'const batches = [];',
				`for (let start = 0; start < all.length; start += ${BATCH}) {`,
				`\tconst SMSList = all.slice(start, start + ${BATCH}).map((item) => ({ phoneNumber: item.json.phone, message: item.json.text }));`,
				`\tbatches.push({ json: { body: { apiKey: ${JSON.stringify(apiKey)}, SMSList } } });`,
				'}',
				'return batches;',
			].join('\n'),
		},
	};
}

/** Each (number, text) the sandbox received since `from`, counted. */
function receivedSince(sandbox, from) {
	const seen = new Map();
	for (const call of sandbox.calls.slice(from)) {
		if (call.path === '/bulk-send') {
			for (const line of call.body.SMSList ?? []) {
				const key = `${line.phoneNumber}|${line.message}`;
				seen.set(key, (seen.get(key) ?? 0) + 1);
			}
		} else if (call.path === '/send') {
			const key = `${call.body.phoneNumbers}|${call.body.message}`;
			seen.set(key, (seen.get(key) ?? 0) + 1);
		}
	}
	return seen;
}

/** Throws unless every one of the `count` recipients got its own text exactly once. */
function checkEachOnce(label, seen, count) {
	if (seen.size !== count)
		throw new Error(`${label}: ${seen.size} distinct SMS received, ${count} expected`);
	for (let n = 0; n < count; n++) {
		const times = seen.get(`${phoneOf(n)}|${textOf(n)}`);
		if (times !== 1) throw new Error(`${label}: item ${n} received ${times ?? 0} times`);
	}
}

/**
 * Runs the cases; `bench` is bench.js's prepared n8n and sandbox, `execute` and
 * `nodeTime` its helpers. Returns the rows for the table and the targets' checks.
 */
async function benchSendMany({ bench, execute, apiKey, credential }) {
	const sandbox = bench.sandbox;
	sandbox.answerDelayMs = LATENCY_MS;
	const base = sandbox.baseUrl;
	const cases = [
		[SMS_PARTNER, SEND_ITEMS, [sendManyNode(credential)]],
		[SMS_PARTNER, SEND_BIG_ITEMS, [sendManyNode(credential)]],
		[SMS_PARTNER_CONCURRENT, SEND_ITEMS, [sendManyNode(credential, IN_FLIGHT)]],
		[
			ONE_PER_ITEM,
			SEND_ITEMS,
			[
				httpRequest(
					ONE_PER_ITEM,
					`${base}/send`,
					`={{ JSON.stringify({ apiKey: ${JSON.stringify(apiKey)}, phoneNumbers: $json.phone, message: $json.text }) }}`,
				),
			],
		],
		[
			HAND_BATCHES,
			SEND_ITEMS,
			[
				handBatchesNode(apiKey),
				httpRequest(HAND_POST, `${base}/bulk-send`, '={{ JSON.stringify($json.body) }}'),
			],
		],
	];
	const rows = [];
	for (const [label, count, chain] of cases) {
		console.error(`Send Many bench: ${label}, ${count} items, sandbox at ${LATENCY_MS} ms`);
		const from = sandbox.calls.length;
		const workflow = chainWorkflow(
			`bench-send-${label}-${count}`.replace(/\W+/g, '-'),
			count,
			chain,
		);
		const { run, peakMb } = await execute(bench.install, bench.userFolder, workflow);
		const runData = run.data.resultData.runData;
		const ms = chain.reduce((sum, node) => sum + runData[node.name][0].executionTime, 0);
		const requests = sandbox.calls.length - from;
		checkEachOnce(label, receivedSince(sandbox, from), count);
		rows.push({ label, count, ms, requests, peakMb });
	}
	sandbox.answerDelayMs = 0;

	const row = (label, count) => rows.find((r) => r.label === label && r.count === count);
	const perItem = (r) => r.ms / r.count;
	const node = row(SMS_PARTNER, SEND_ITEMS);
	const concurrent = row(SMS_PARTNER_CONCURRENT, SEND_ITEMS);
	const big = row(SMS_PARTNER, SEND_BIG_ITEMS);
	const checks = [node, concurrent].flatMap((sendMany) => [
		[
			`${sendMany.label} vs the HTTP Request node one /send per item, ${SEND_ITEMS} items: time per item`,
			perItem(row(ONE_PER_ITEM, SEND_ITEMS)) / perItem(sendMany),
			'≥ 10× less',
			(value) => value >= 10,
		],
		[
			`${sendMany.label} vs hand-built /bulk-send batches (Code + HTTP Request), ${SEND_ITEMS} items: time per item`,
			perItem(sendMany) / perItem(row(HAND_BATCHES, SEND_ITEMS)),
			'≤ 1.0×',
			(value) => value <= 1,
		],
	]);
	checks.push([
		`Send Many peak memory, ${SEND_BIG_ITEMS} items vs ${SEND_ITEMS}`,
		big.peakMb / node.peakMb,
		'≤ 10×',
		(value) => value <= 10,
	]);
	return { rows, checks, latencyMs: LATENCY_MS };
}

/** The rows as a Markdown table, and the targets, met or not. */
function report({ rows, checks, latencyMs }) {
	const header = ['case', 'items', 'requests', 'time (ms)', 'ms/item', 'peak n8n memory (MB)'];
	const cells = rows.map((r) =>
		[
			r.label === HAND_BATCHES ? `${HAND_BATCHES} + ${HAND_POST}` : r.label,
			r.count,
			r.requests,
			r.ms.toFixed(0),
			(r.ms / r.count).toFixed(3),
			r.peakMb ? r.peakMb.toFixed(0) : '—',
		].map(String),
	);
	return [
		`\nSend Many, personalised items, sandbox answering after ${latencyMs} ms (time: the nodes' execution time in n8n's run data)\n`,
		markdownTable(header, cells),
		'',
		...checks.map(
			([label, value, target, met]) =>
				`${label}: ${value.toFixed(2)}× (target ${target}) ${met(value) ? 'met' : 'NOT met'}`,
		),
	].join('\n');
}

module.exports = {
	benchSendMany,
	chainWorkflow,
	report,
	sendManyNode,
	sendNode,
	SEND_BIG_ITEMS,
	SEND_ITEMS,
	SMS_PARTNER,
	SMS_PARTNER_SEND,
};
