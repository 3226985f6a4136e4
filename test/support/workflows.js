'use strict';
/**
 * Workflow JSON for a real n8n: the demo `npm start` imports, and the ones the
 * end-to-end suite runs. Only n8n-nodes-base nodes that need no task runner are
 * used around the SMS Partner node (Manual Trigger, Edit Fields, Split Out, No Op).
 */

const SMS_PARTNER_TYPE = 'n8n-nodes-smspartner.smsPartner';

/** The credential `npm start` and the editor test import, pointing at the sandbox. */
const SANDBOX_CREDENTIAL = { id: 'smspartner-sandbox', name: 'SMS Partner (sandbox)' };

/** An "SMS Partner API" credential as n8n imports it; `settings` adds fields such as `{ testMode: true }`. */
function credentialEntry(id, name, apiKey, baseUrl, settings = {}) {
	return { id, name, type: 'smsPartnerApi', data: { apiKey, baseUrl, ...settings } };
}

/** The "Start" node every workflow here begins with. */
function manualTrigger(position) {
	return {
		id: 'trigger',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

/** Manual Trigger → Edit Fields (raw JSON, named `label`) → Split Out: one item per entry of `items`. */
function itemsSource(items, x = 0, y = 0, label = 'Subaccounts to empty') {
	return {
		nodes: [
			manualTrigger([x, y]),
			{
				id: 'subaccounts',
				name: label,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [x + 220, y],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }, null, 2), options: {} },
			},
			{
				id: 'one-per-item',
				name: 'One item each',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [x + 440, y],
				parameters: { fieldToSplitOut: 'items', options: {} },
			},
		],
		last: 'One item each',
		connections: {
			Start: { main: [[{ node: label, type: 'main', index: 0 }]] },
			[label]: { main: [[{ node: 'One item each', type: 'main', index: 0 }]] },
		},
	};
}

/** An SMS Partner node; Remove Credit of `{{ $json.amount }}` from `{{ $json.token }}` unless `parameters` say otherwise. */
function smsPartnerNode({
	name,
	credential,
	onError,
	options = {},
	parameters,
	position,
	id,
	settings = {},
}) {
	return {
		id: id ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
		name,
		type: SMS_PARTNER_TYPE,
		typeVersion: 1,
		position,
		parameters: parameters ?? {
			resource: 'subAccount',
			operation: 'removeCredit',
			subaccount: '={{ $json.token }}',
			credit: '={{ $json.amount }}',
			options,
		},
		credentials: { smsPartnerApi: { id: credential.id, name: credential.name } },
		...(onError ? { onError } : {}),
		// n8n's node settings, e.g. { retryOnFail: true, maxTries: 3 }
		...settings,
	};
}

function noOp(name, position) {
	return {
		id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

function workflow(id, name, nodes, connections) {
	return {
		id,
		name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** What `npm start`'s demo sends: two moves that succeed, three refusals (empty, unknown, too much). */
const DEMO_ITEMS = [
	{ token: 'sub-alpha', amount: 25 },
	{ token: 'sub-beta', amount: 5.5 },
	{ token: 'sub-empty', amount: 1 },
	{ token: 'sub-unknown', amount: 10 },
	{ token: 'sub-beta', amount: 1000 },
];

/** `npm start`'s demo: a few subaccounts, Remove Credit, success and error branches wired. */
function demoWorkflow(credential, items) {
	const source = itemsSource(items);
	const remove = smsPartnerNode({
		name: 'Remove Credit',
		credential,
		onError: 'continueErrorOutput',
		position: [660, 0],
	});
	return workflow(
		'smspartner-demo',
		'SMS Partner demo: take credit back from subaccounts',
		[...source.nodes, remove, noOp('Credit moved', [900, -100]), noOp('Refused', [900, 100])],
		{
			...source.connections,
			[source.last]: { main: [[{ node: remove.name, type: 'main', index: 0 }]] },
			[remove.name]: {
				main: [
					[{ node: 'Credit moved', type: 'main', index: 0 }],
					[{ node: 'Refused', type: 'main', index: 0 }],
				],
			},
		},
	);
}

/** What `npm start`'s SMS demo sends: two demo numbers, a French text with accents and a line break. */
const DEMO_SMS = {
	phoneNumbers: '06 12 34 56 78, 07 98 76 54 32',
	message: 'Bonjour Amélie,\nvotre rendez-vous est confirmé pour demain à 10 h.',
};

/**
 * `npm start`'s SMS demo: SMS › Send with the Sandbox option on (SMS Partner
 * sends and bills nothing), then SMS › Get Status of the messageId it gave.
 */
function demoSmsWorkflow(credential) {
	const trigger = manualTrigger([0, 0]);
	const send = smsPartnerNode({
		name: 'Send SMS',
		credential,
		position: [220, 0],
		parameters: {
			resource: 'sms',
			operation: 'send',
			...DEMO_SMS,
			options: { sandbox: true },
		},
	});
	const status = smsPartnerNode({
		name: 'Get Status',
		credential,
		position: [440, 0],
		parameters: {
			resource: 'sms',
			operation: 'getStatus',
			messageId: '={{ $json.messageId }}',
			phoneNumber: '',
			options: {},
		},
	});
	return workflow('smspartner-demo-sms', 'Send SMS (sandbox)', [trigger, send, status], {
		[trigger.name]: { main: [[{ node: send.name, type: 'main', index: 0 }]] },
		[send.name]: { main: [[{ node: status.name, type: 'main', index: 0 }]] },
	});
}

/**
 * Several SMS Partner nodes fed the same items, side by side: one per
 * credential, operation or option set, so one execution covers many cases.
 * An entry with `node` (type, typeVersion, parameters) puts any other node there;
 * one with `after` (an earlier entry's name) is fed that node's success output
 * instead of the items, e.g. Send → Get Status of its messageId.
 */
function fanOutWorkflow(id, items, removers) {
	const source = itemsSource(items);
	const nodes = [...source.nodes];
	const connections = { ...source.connections };
	const feed = (from, to) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	const column = new Map();
	removers.forEach((remover, index) => {
		if (remover.after && !column.has(remover.after))
			throw new Error(`"${remover.name}" comes after "${remover.after}", which is not before it`);
		column.set(remover.name, remover.after ? column.get(remover.after) + 1 : 0);
		feed(remover.after ?? source.last, remover.name);
		const position = [660 + column.get(remover.name) * 240, index * 200];
		nodes.push(
			remover.node
				? {
						id: remover.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
						name: remover.name,
						position,
						...remover.node,
					}
				: smsPartnerNode({ ...remover, position }),
		);
	});
	return workflow(id, id, nodes, connections);
}

/** The OpenAI credential n8n's chat model node uses, pointed at the fake model (test/support/fakeOpenAi.js). */
function openAiCredentialEntry(id, name, baseUrl) {
	return {
		id,
		name,
		type: 'openAiApi',
		data: { apiKey: 'sk-fake-model-no-key-needed', url: baseUrl },
	};
}

/** The SMS Partner node as an AI Agent's tool, its fields filled by the model. */
function smsPartnerTool({ name, credential, parameters, position, settings = {} }) {
	return {
		id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
		name,
		type: `${SMS_PARTNER_TYPE}Tool`,
		typeVersion: 1,
		position,
		parameters,
		credentials: { smsPartnerApi: { id: credential.id, name: credential.name } },
		// n8n's node settings, e.g. { retryOnFail: true, maxTries: 3 }
		...settings,
	};
}

/** What the agent's tools ask the model for, as $fromAI() names them. */
const AGENT_TOOLS = {
	balance: { resource: 'account', operation: 'getBalance', options: {} },
	removeCredit: {
		resource: 'subAccount',
		operation: 'removeCredit',
		subaccount:
			"={{ $fromAI('subaccount', 'The token of the subaccount to take credit from, e.g. sub-alpha', 'string') }}",
		credit:
			"={{ $fromAI('amount', 'How many euros to move, with a dot for decimals, e.g. 5 or 12.50', 'string') }}",
		options: {},
	},
};

/**
 * @param {{ id?: string, name?: string, credential: {id: string, name: string}, openAiCredential: {id: string, name: string}, prompt: string, removeSettings?: object }} options
 * Manual Trigger → AI Agent asked `prompt`, with n8n's OpenAI Chat Model (its
 * credential pointed at the fake model) and two SMS Partner tools: the account
 * balance and Remove Credit.
 */
function agentWorkflow({
	id = 'smspartner-agent',
	name,
	credential,
	openAiCredential,
	prompt,
	removeSettings,
}) {
	const trigger = manualTrigger([0, 0]);
	const agent = {
		id: 'agent',
		name: 'AI Agent',
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: 3,
		position: [220, 0],
		parameters: { promptType: 'define', text: prompt, options: {} },
	};
	const model = {
		id: 'model',
		name: 'OpenAI Chat Model',
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.2,
		position: [120, 220],
		parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' }, options: {} },
		credentials: { openAiApi: { id: openAiCredential.id, name: openAiCredential.name } },
	};
	const balance = smsPartnerTool({
		name: 'SMS Partner balance',
		credential,
		parameters: AGENT_TOOLS.balance,
		position: [300, 220],
	});
	const remove = smsPartnerTool({
		name: 'SMS Partner remove credit',
		credential,
		parameters: AGENT_TOOLS.removeCredit,
		position: [480, 220],
		settings: removeSettings,
	});
	const toAgent = (type) => ({ [type]: [[{ node: agent.name, type, index: 0 }]] });
	return workflow(
		id,
		name ?? 'SMS Partner as an AI Agent tool',
		[trigger, agent, model, balance, remove],
		{
			[trigger.name]: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
			[model.name]: toAgent('ai_languageModel'),
			[balance.name]: toAgent('ai_tool'),
			[remove.name]: toAgent('ai_tool'),
		},
	);
}

/** The OpenAI credential `npm start` and the editor test import, pointing at the local fake model. */
const FAKE_MODEL_CREDENTIAL = { id: 'fake-openai-model', name: 'Fake OpenAI model (local)' };

/** What `npm start`'s agent demo asks: one move the fake model understands (test/support/fakeOpenAi.js). */
const DEMO_AGENT_PROMPT = 'Remove 5 euros from subaccount sub-alpha';

/** `npm start`'s agent demo: the AI Agent, its model the local fake one, the two SMS Partner tools. */
function demoAgentWorkflow(credential, openAiCredential = FAKE_MODEL_CREDENTIAL) {
	return agentWorkflow({
		id: 'smspartner-demo-agent',
		name: 'SMS Partner as an AI Agent tool (fake model)',
		credential,
		openAiCredential,
		prompt: DEMO_AGENT_PROMPT,
	});
}

/* ---------- events: the SMS Partner Trigger and replies through a Webhook node ---------- */

const SMS_PARTNER_TRIGGER_TYPE = 'n8n-nodes-smspartner.smsPartnerTrigger';

/** An n8n Webhook node (v2) on `path`; `responseMode: 'lastNode'` answers with the last node's first item. */
function webhookNode({ name, path, webhookId, position, responseMode = 'lastNode' }) {
	return {
		id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId,
		parameters: { httpMethod: 'POST', path, responseMode, options: {} },
	};
}

/** An HTTP Request node (v4.2) that POSTs each item, as JSON, to `url`. */
function postItemNode({ name, url, position }) {
	return {
		id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json) }}',
			options: {},
		},
	};
}

/**
 * SMS Partner Trigger (polling every minute) → HTTP Request that POSTs each
 * event to `collectorUrl`. `parameters` are the trigger's (event, threshold, …).
 */
function triggerToCollectorWorkflow({ id, name, credential, parameters, collectorUrl }) {
	const trigger = {
		id: 'sms-partner-trigger',
		name: 'SMS Partner Trigger',
		type: SMS_PARTNER_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
		credentials: { smsPartnerApi: { id: credential.id, name: credential.name } },
	};
	const post = postItemNode({ name: 'Post the event', url: collectorUrl, position: [240, 0] });
	return workflow(id, name, [trigger, post], {
		[trigger.name]: { main: [[{ node: post.name, type: 'main', index: 0 }]] },
	});
}

/**
 * Webhook (POST `path`) → SMS › Send with the Reply URL option set to
 * `replyUrl`, so SMS Partner posts the replies to that send there. The webhook
 * call is answered with the send's output (messageId, cost, …).
 */
function sendWithReplyUrlWorkflow({
	id,
	name = 'Send with reply URL',
	credential,
	path,
	webhookId,
	replyUrl,
	phoneNumbers,
	message,
	options = {},
}) {
	const hook = webhookNode({ name: 'Webhook', path, webhookId, position: [0, 0] });
	const send = smsPartnerNode({
		name: 'Send SMS',
		credential,
		position: [240, 0],
		parameters: {
			resource: 'sms',
			operation: 'send',
			phoneNumbers,
			message,
			options: { replyUrl, ...options },
		},
	});
	return workflow(id, name, [hook, send], {
		[hook.name]: { main: [[{ node: send.name, type: 'main', index: 0 }]] },
	});
}

/** An Edit Fields (Set v3.4) node, manual mode, keeping only `fields` ({ name: [type, value] }). */
function setFieldsNode({ name, fields, position }) {
	return {
		id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: Object.entries(fields).map(([field, [type, value]]) => ({
					id: `field-${field}`,
					name: field,
					value,
					type,
				})),
			},
			options: {},
		},
	};
}

/**
 * The replies endpoint SMS Partner posts to (`{ type, phone_number, text,
 * message_id }`): Webhook (POST `path`) → Switch on `{{ $json.body.type }}`:
 * `stop` → "Handle STOP", `response` → "Handle reply", each an Edit Fields node
 * whose item is the webhook call's answer.
 */
function smsRepliesWorkflow({ id, name = 'SMS replies', path, webhookId }) {
	const hook = webhookNode({ name: 'Webhook', path, webhookId, position: [0, 0] });
	const route = {
		id: 'route-by-type',
		name: 'Route by type',
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.2,
		position: [240, 0],
		parameters: {
			rules: {
				values: [
					equalsRule('={{ $json.body.type }}', 'stop'),
					equalsRule('={{ $json.body.type }}', 'response'),
				],
			},
			options: {},
		},
	};
	const stop = setFieldsNode({
		name: 'Handle STOP',
		position: [480, -100],
		fields: {
			handled: ['string', 'stop'],
			phoneNumber: ['string', '={{ $json.body.phone_number }}'],
			messageId: ['number', '={{ $json.body.message_id }}'],
		},
	});
	const reply = setFieldsNode({
		name: 'Handle reply',
		position: [480, 100],
		fields: {
			handled: ['string', 'reply'],
			text: ['string', '={{ $json.body.text }}'],
			phoneNumber: ['string', '={{ $json.body.phone_number }}'],
			messageId: ['number', '={{ $json.body.message_id }}'],
		},
	});
	return workflow(id, name, [hook, route, stop, reply], {
		[hook.name]: { main: [[{ node: route.name, type: 'main', index: 0 }]] },
		[route.name]: {
			main: [
				[{ node: stop.name, type: 'main', index: 0 }],
				[{ node: reply.name, type: 'main', index: 0 }],
			],
		},
	});
}

const SMS_PARTNER_WEBHOOK_TRIGGER_TYPE = 'n8n-nodes-smspartner.smsPartnerWebhookTrigger';

/**
 * SMS Partner Webhook Trigger (its URL: /webhook/<webhookId>/sms/<secret>) → HTTP Request
 * that POSTs each event to `collectorUrl`.
 */
function webhookTriggerWorkflow({
	id,
	name = 'SMS Partner events',
	secret,
	webhookId,
	collectorUrl,
	events = undefined,
	options = {},
}) {
	const trigger = {
		id: 'sms-partner-webhook-trigger',
		name: 'SMS Partner Webhook Trigger',
		type: SMS_PARTNER_WEBHOOK_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { ...(events ? { events } : {}), secret, options },
	};
	const post = postItemNode({ name: 'Post the event', url: collectorUrl, position: [240, 0] });
	return workflow(id, name, [trigger, post], {
		[trigger.name]: { main: [[{ node: post.name, type: 'main', index: 0 }]] },
	});
}

/**
 * The appointment confirmation: Webhook (POST `path`, answered at once; its body gives
 * `phone` and, optionally, `limitMinutes`) → SMS › Send and Wait for Reply (Expected
 * Answers OUI, NON) → `then`: the nodes that follow, or an HTTP Request posting the
 * result to `collectorUrl`.
 */
function sendAndWaitWorkflow({
	id,
	name = 'Appointment confirmation',
	credential,
	path,
	webhookId,
	collectorUrl,
	options = {},
}) {
	const hook = webhookNode({
		name: 'Webhook',
		path,
		webhookId,
		position: [0, 0],
		responseMode: 'onReceived',
	});
	const wait = smsPartnerNode({
		name: 'Send and Wait for Reply',
		id: 'b1f2c3d4-send-and-wait',
		credential,
		position: [240, 0],
		parameters: {
			resource: 'sms',
			operation: 'sendAndWaitForReply',
			phoneNumber: '={{ $json.body.phone }}',
			message: 'Your appointment is tomorrow at 10:00. Reply OUI to confirm, NON to cancel',
			expectedAnswers: 'OUI, NON',
			limitWaitAmount: '={{ $json.body.limitMinutes ?? 1440 }}',
			limitWaitUnit: 'minutes',
			options,
		},
	});
	const post = postItemNode({ name: 'Post the answer', url: collectorUrl, position: [480, 0] });
	return workflow(id, name, [hook, wait, post], {
		[hook.name]: { main: [[{ node: wait.name, type: 'main', index: 0 }]] },
		[wait.name]: { main: [[{ node: post.name, type: 'main', index: 0 }]] },
	});
}

/** One Switch (v3.2) rule: `leftValue` equals `value`, on an output named `value`. */
function equalsRule(leftValue, value) {
	return {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: `equals-${value}`,
					leftValue,
					rightValue: value,
					operator: { type: 'string', operation: 'equals' },
				},
			],
			combinator: 'and',
		},
		renameOutput: true,
		outputKey: value,
	};
}

const DEMO_APPOINTMENT = { phoneNumber: '06 12 34 56 78', phoneNumberE164: '+33612345678' };

/**
 * `npm start`'s "Appointment confirmation": Start → SMS › Send and Wait for Reply
 * (Expected Answers OUI, NON; 1 day at most) → a Switch on the answer: OUI → Confirmed,
 * NON → Cancelled, anything else or no reply → Call them.
 */
function demoAppointmentWorkflow(credential) {
	const trigger = manualTrigger([0, 0]);
	const wait = smsPartnerNode({
		name: 'Ask for confirmation',
		id: '5d6b1c2e-ask-for-confirmation',
		credential,
		position: [240, 0],
		parameters: {
			resource: 'sms',
			operation: 'sendAndWaitForReply',
			phoneNumber: DEMO_APPOINTMENT.phoneNumber,
			message: 'Your appointment is tomorrow at 10:00. Reply OUI to confirm, NON to cancel',
			expectedAnswers: 'OUI, NON',
			limitWaitAmount: 1,
			limitWaitUnit: 'days',
			options: {},
		},
	});
	const route = {
		id: 'route-by-answer',
		name: 'Route by answer',
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.2,
		position: [480, 0],
		parameters: {
			rules: {
				values: [
					equalsRule('={{ $json.answer }}', 'OUI'),
					equalsRule('={{ $json.answer }}', 'NON'),
				],
			},
			options: { fallbackOutput: 'extra', renameFallbackOutput: 'Other or no reply' },
		},
	};
	const outcome = (name, y, text) =>
		setFieldsNode({
			name,
			position: [720, y],
			fields: {
				outcome: ['string', text],
				phoneNumber: ['string', '={{ $json.phoneNumber }}'],
				reply: ['string', '={{ $json.text ?? "" }}'],
			},
		});
	const confirmed = outcome('Confirmed', -160, 'confirmed');
	const cancelled = outcome('Cancelled', 0, 'cancelled');
	const callThem = outcome('Call them', 160, 'no clear answer: call them');
	return workflow(
		'smspartner-demo-appointment',
		'Appointment confirmation (Send and Wait for Reply)',
		[trigger, wait, route, confirmed, cancelled, callThem],
		{
			[trigger.name]: { main: [[{ node: wait.name, type: 'main', index: 0 }]] },
			[wait.name]: { main: [[{ node: route.name, type: 'main', index: 0 }]] },
			[route.name]: {
				main: [
					[{ node: confirmed.name, type: 'main', index: 0 }],
					[{ node: cancelled.name, type: 'main', index: 0 }],
					[{ node: callThem.name, type: 'main', index: 0 }],
				],
			},
		},
	);
}

/**
 * `npm start`'s published "SMS Partner events": the webhook trigger → an Edit Fields node
 * that keeps what came (its executions show each event).
 */
function demoEventsWorkflow({ secret, webhookId }) {
	const trigger = {
		id: 'sms-partner-webhook-trigger',
		name: 'SMS Partner Webhook Trigger',
		type: SMS_PARTNER_WEBHOOK_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { secret, options: {} },
	};
	const keep = setFieldsNode({
		name: 'Event',
		position: [240, 0],
		fields: {
			event: ['string', '={{ $json.event }}'],
			phoneNumber: ['string', '={{ $json.phoneNumber }}'],
			text: ['string', '={{ $json.text ?? $json.status }}'],
		},
	});
	return workflow(
		'smspartner-demo-events',
		'SMS Partner events (webhook trigger)',
		[trigger, keep],
		{
			[trigger.name]: { main: [[{ node: keep.name, type: 'main', index: 0 }]] },
		},
	);
}

/** What `npm start`'s contacts demo adds: two mobiles and a landline, as French users type them. */
const DEMO_CONTACTS = {
	groupId: '52011',
	groupName: 'Customers',
	people: [
		{ phone: '06 12 34 56 78', firstName: 'Amélie', lastName: 'Martin' },
		{ phone: '07 98 76 54 32', firstName: 'Zoé', lastName: 'Durand' },
		{ phone: '01 42 68 53 00', firstName: 'Cabinet', lastName: 'Dupont' },
	],
};

/**
 * `npm start`'s "Contacts: check numbers, add the mobiles to a group": a few people →
 * Number › Check → a Switch on the number's type: mobiles → Contact › Add to the
 * group (one request for all) → Contact › Get Many of the group; others → Not a mobile.
 */
function demoContactsWorkflow(credential) {
	const source = itemsSource(DEMO_CONTACTS.people, 0, 0, 'People');
	const check = smsPartnerNode({
		name: 'Check number',
		credential,
		position: [660, 0],
		parameters: { resource: 'number', operation: 'check', phoneNumber: '={{ $json.phone }}' },
	});
	const route = {
		id: 'mobiles-only',
		name: 'Mobiles only',
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.2,
		position: [880, 0],
		parameters: {
			rules: { values: [equalsRule('={{ $json.type }}', 'mobile')] },
			options: { fallbackOutput: 'extra', renameFallbackOutput: 'Not a mobile' },
		},
	};
	const person = (field) => `={{ $('${source.last}').item.json.${field} }}`;
	const add = smsPartnerNode({
		name: 'Add to group',
		credential,
		position: [1100, -100],
		parameters: {
			resource: 'contact',
			operation: 'add',
			groupId: DEMO_CONTACTS.groupId,
			phoneNumber: '={{ $json.e164 }}',
			additionalFields: { firstName: person('firstName'), lastName: person('lastName') },
		},
	});
	const list = smsPartnerNode({
		name: 'Contacts in the group',
		credential,
		position: [1320, -100],
		settings: { executeOnce: true },
		parameters: {
			resource: 'contact',
			operation: 'getMany',
			groupId: DEMO_CONTACTS.groupId,
			returnAll: true,
		},
	});
	const notMobile = noOp('Not a mobile', [1100, 100]);
	return workflow(
		'smspartner-demo-contacts',
		'Contacts: check numbers, add the mobiles to a group',
		[...source.nodes, check, route, add, list, notMobile],
		{
			...source.connections,
			[source.last]: { main: [[{ node: check.name, type: 'main', index: 0 }]] },
			[check.name]: { main: [[{ node: route.name, type: 'main', index: 0 }]] },
			[route.name]: {
				main: [
					[{ node: add.name, type: 'main', index: 0 }],
					[{ node: notMobile.name, type: 'main', index: 0 }],
				],
			},
			[add.name]: { main: [[{ node: list.name, type: 'main', index: 0 }]] },
		},
	);
}

module.exports = {
	DEMO_CONTACTS,
	demoContactsWorkflow,
	DEMO_APPOINTMENT,
	demoAppointmentWorkflow,
	demoEventsWorkflow,
	SMS_PARTNER_WEBHOOK_TRIGGER_TYPE,
	webhookTriggerWorkflow,
	sendAndWaitWorkflow,
	agentWorkflow,
	demoAgentWorkflow,
	DEMO_AGENT_PROMPT,
	FAKE_MODEL_CREDENTIAL,
	AGENT_TOOLS,
	openAiCredentialEntry,
	SMS_PARTNER_TYPE,
	SANDBOX_CREDENTIAL,
	DEMO_ITEMS,
	DEMO_SMS,
	credentialEntry,
	demoWorkflow,
	demoSmsWorkflow,
	fanOutWorkflow,
	SMS_PARTNER_TRIGGER_TYPE,
	webhookNode,
	postItemNode,
	triggerToCollectorWorkflow,
	sendWithReplyUrlWorkflow,
	smsRepliesWorkflow,
};
