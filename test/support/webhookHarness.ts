/**
 * Serves the SMS Partner Webhook Trigger over real HTTP (127.0.0.1, a free port) the way
 * n8n's webhook server does, with n8n's own engine code where it exists outside n8n's
 * server package:
 *
 * - activation: the webhooks n8n registers, resolved from the node's description with its
 *   parameters (n8n's WebhookService.getNodeWebhooks: the path expression evaluated in
 *   'internal' mode, `<webhookId>/<path>`, one per method), and each one's
 *   `webhookMethods.checkExists` then `create`, called on n8n-core's HookContext;
 * - a request: its raw body read (at most 16 MB, n8n's default payloadSizeMax) and parsed
 *   as n8n's parseBody does for a node of typeVersion 1 (application/json with n8n's
 *   jsonParse, refused with 422 when it fails, as n8n's UnprocessableRequestError is;
 *   application/x-www-form-urlencoded with querystring, at most 1000 keys; text/plain as a
 *   string; anything else left unparsed, `body` unset), `rawBody` kept as a Buffer;
 *   routed by method and path as n8n's live webhooks are (an unknown one is 404);
 * - the node's `webhook()` called on n8n-core's WebhookContext, in 'webhook' mode, with
 *   the request and an express-like response;
 * - then what n8n's webhook helpers do with its answer ('onReceived'): nothing more when
 *   the node answered itself (`noWebhookResponse`); without `workflowData`, 200 with
 *   `webhookResponse` or `{ message: 'Webhook call received' }`; with it, an execution
 *   is started (n8n-core's WorkflowExecute, from the trigger to a downstream node) and
 *   200 with `webhookResponse` or `{ message: 'Workflow was started' }` answered. A
 *   `webhook()` that throws gets n8n's 500 and starts nothing here (n8n would record a
 *   failed execution): it is kept in `failures` for the tests to check.
 *
 * Executions are recorded as the items the downstream node received. Waiting for them is
 * event-driven: `nextExecution()` resolves when one completes, `settled()` when no request
 * and no execution is in flight.
 */
import { randomUUID } from 'node:crypto';
import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';

import { ExecutionLifecycleHooks, HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	jsonParse,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
} from 'n8n-workflow';

import { additionalDataFor } from './harness';

// What ships: the bundled trigger (`npm run build`).
const BUILT_TRIGGER = '../../dist/nodes/SmsPartner/SmsPartnerWebhookTrigger.node.js';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const built = require(BUILT_TRIGGER) as { SmsPartnerWebhookTrigger: new () => INodeType };
/** The trigger's node type, as n8n loads it from the package. */
export const SmsPartnerWebhookTrigger = built.SmsPartnerWebhookTrigger;

export const WEBHOOK_TRIGGER_TYPE = 'n8n-nodes-smspartner.smsPartnerWebhookTrigger';
export const WEBHOOK_TRIGGER_NAME = 'SMS Partner Webhook Trigger';
const RECEIVED_TYPE = 'test.received';
const RECEIVED_NAME = 'Received';

/** n8n's default `N8N_PAYLOAD_SIZE_MAX`, in MB. */
export const N8N_PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;
/** n8n's answer when a node's webhook() throws ('Workflow Webhook Error'). */
const WEBHOOK_ERROR = 'Workflow Webhook Error: Workflow could not be started!';

/** The workflow's next node: passes on what the trigger emitted, as n8n's No Operation node does. */
class ReceivedNode implements INodeType {
	description = {
		displayName: 'Received',
		name: 'received',
		group: ['transform'],
		version: 1,
		description: 'Passes its items on',
		defaults: { name: RECEIVED_NAME },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const trigger = new SmsPartnerWebhookTrigger();
const instances: Record<string, INodeType> = {
	[WEBHOOK_TRIGGER_TYPE]: trigger,
	[RECEIVED_TYPE]: new ReceivedNode(),
};
function nodeTypeFor(type: string): INodeType {
	const nodeType = instances[type];
	if (!nodeType) throw new Error(`Unknown node type ${type}`);
	return nodeType;
}
const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeFor(type),
	getByNameAndVersion: (type) => nodeTypeFor(type),
	getKnownTypes: () => ({}),
};

export type CallbackEventName =
	| 'reply'
	| 'stop'
	| 'deliveryReport'
	| 'longNumberMessage'
	| 'hlrResult';
export const ALL_EVENTS: CallbackEventName[] = [
	'reply',
	'stop',
	'deliveryReport',
	'longNumberMessage',
	'hlrResult',
];

export interface StartOptions {
	/** Unset: the node's default (every event). */
	events?: CallbackEventName[];
	secret: string;
	options?: { repeatWindowMinutes?: number; partsWaitSeconds?: number };
}

export interface Failure {
	method: string;
	url: string;
	error: unknown;
}

export interface WebhookServer {
	/** The Production URL: /webhook/<webhookId>/sms/<secret>. */
	url: string;
	/** http://127.0.0.1:<port>: the root of the server. */
	baseUrl: string;
	/** /webhook/<webhookId>/sms: the URL without the secret in its path. */
	bareUrl: string;
	webhookId: string;
	/** The webhooks registered at activation, as `METHOD path` (path after /webhook/). */
	registered: string[];
	/** The items of each execution that completed, in the order they completed. */
	executions: IDataObject[][];
	/** How many executions were started (a started one is complete once `settled()`). */
	started(): number;
	/** The next execution not yet returned by this function, once it has completed. */
	nextExecution(): Promise<IDataObject[]>;
	/** Resolves when no request is being handled and no execution is running. */
	settled(): Promise<void>;
	/** What went wrong inside n8n's handling: a webhook() that threw, a run that failed. */
	failures: Failure[];
	close(): Promise<void>;
}

/** What a request looks like to the node: express's Request, as far as n8n and the node read it. */
interface WebhookRequest extends IncomingMessage {
	path: string;
	query: Record<string, unknown>;
	params: Record<string, string>;
	body?: unknown;
	rawBody: Buffer;
	contentType?: string;
	encoding: BufferEncoding;
}

/** The parts of express's Response the node and n8n's helpers use, over a ServerResponse. */
function expressLikeResponse(res: ServerResponse) {
	const shim = {
		get headersSent() {
			return res.headersSent;
		},
		get writableEnded() {
			return res.writableEnded;
		},
		get statusCode() {
			return res.statusCode;
		},
		status(code: number) {
			res.statusCode = code;
			return shim;
		},
		setHeader(name: string, value: string | number | readonly string[]) {
			res.setHeader(name, value);
			return shim;
		},
		header(name: string, value: string) {
			res.setHeader(name, value);
			return shim;
		},
		json(body: unknown) {
			if (!res.hasHeader('content-type'))
				res.setHeader('content-type', 'application/json; charset=utf-8');
			res.end(JSON.stringify(body));
			return shim;
		},
		send(body?: unknown) {
			if (body === undefined || body === null) res.end();
			else if (Buffer.isBuffer(body)) {
				if (!res.hasHeader('content-type'))
					res.setHeader('content-type', 'application/octet-stream');
				res.end(body);
			} else if (typeof body === 'string') {
				if (!res.hasHeader('content-type'))
					res.setHeader('content-type', 'text/html; charset=utf-8');
				res.end(body);
			} else return shim.json(body);
			return shim;
		},
		end(chunk?: string | Buffer) {
			res.end(chunk);
			return shim;
		},
		on(event: string, listener: (...args: unknown[]) => void) {
			res.on(event, listener);
			return shim;
		},
		once(event: string, listener: (...args: unknown[]) => void) {
			res.once(event, listener);
			return shim;
		},
	};
	return shim;
}

type ExpressLikeResponse = ReturnType<typeof expressLikeResponse>;

/** The media type and charset of a Content-Type header, as n8n reads them. */
function contentTypeOf(headers: IncomingHttpHeaders): { type?: string; charset: string } {
	const header = headers['content-type'];
	if (!header) return { charset: 'utf-8' };
	const [type, ...parameters] = header.split(';');
	let charset = 'utf-8';
	for (const parameter of parameters) {
		const [name, value] = parameter.split('=');
		if (name?.trim().toLowerCase() === 'charset' && value)
			charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
	}
	return { type: type.trim().toLowerCase(), charset };
}

class PayloadTooLarge extends Error {}

/** The raw body, read whole, refused past n8n's payload limit (as raw-body does). */
async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	let tooLarge = false;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) tooLarge = true;
		if (!tooLarge) chunks.push(chunk);
	}
	if (tooLarge) throw new PayloadTooLarge(`request entity too large: ${size} bytes`);
	return Buffer.concat(chunks);
}

/** n8n's parseBody for a node of typeVersion 1: throws what n8n turns into a 422. */
function parseBody(req: WebhookRequest): void {
	const { rawBody, contentType, encoding } = req;
	if (!rawBody.length) return;
	if (contentType === 'application/json') {
		req.body = jsonParse(rawBody.toString(encoding));
	} else if (contentType === 'application/x-www-form-urlencoded') {
		req.body = parseQueryString(rawBody.toString(encoding), undefined, undefined, {
			maxKeys: 1000,
		});
	} else if (contentType === 'text/plain') {
		req.body = rawBody.toString(encoding);
	}
}

function answer(res: ServerResponse, status: number, body: unknown) {
	if (res.headersSent || res.writableEnded) return;
	res.statusCode = status;
	res.setHeader('content-type', 'application/json; charset=utf-8');
	res.end(JSON.stringify(body));
}

let servers = 0;

/**
 * Activates a workflow holding the trigger (and a downstream node), as n8n does, then
 * serves its webhooks. Throws what activation throws (the Secret's check).
 */
export async function start(settings: StartOptions): Promise<WebhookServer> {
	const workflowId = `webhook-test-${++servers}-${randomUUID().slice(0, 8)}`;
	const webhookId = randomUUID();
	const parameters: IDataObject = { secret: settings.secret };
	if (settings.events) parameters.events = settings.events;
	if (settings.options) parameters.options = settings.options;
	const triggerNode: INode = {
		id: 'webhook-trigger',
		name: WEBHOOK_TRIGGER_NAME,
		type: WEBHOOK_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: parameters as INode['parameters'],
	};
	const receivedNode: INode = {
		id: 'received',
		name: RECEIVED_NAME,
		type: RECEIVED_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: {},
	};
	const nodes = [triggerNode, receivedNode];
	const connections = {
		[WEBHOOK_TRIGGER_NAME]: { main: [[{ node: RECEIVED_NAME, type: 'main' as const, index: 0 }]] },
	};
	const workflow = new Workflow({
		id: workflowId,
		name: 'webhook trigger test',
		nodes,
		connections,
		active: true,
		nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' } as IWorkflowSettings,
	});
	const node = workflow.getNode(WEBHOOK_TRIGGER_NAME)!;
	const baseAdditionalData = additionalDataFor({ apiKey: '', baseUrl: '' });

	// n8n's WebhookService.getNodeWebhooks.
	const webhooks = new Map<string, IWebhookData>();
	for (const description of trigger.description.webhooks ?? []) {
		let path = String(
			workflow.expression.getSimpleParameterValue(node, description.path, 'internal', {}),
		);
		if (path.startsWith('/')) path = path.slice(1);
		if (path.endsWith('/')) path = path.slice(0, -1);
		const isFullPath = workflow.expression.getSimpleParameterValue(
			node,
			description.isFullPath,
			'internal',
			{},
			undefined,
			false,
		) as boolean;
		const fullPath = NodeHelpers.getNodeWebhookPath(workflowId, node, path, isFullPath, false);
		const methods = workflow.expression.getSimpleParameterValue(
			node,
			description.httpMethod,
			'internal',
			{},
			undefined,
			'GET',
		);
		for (const method of String(methods).split(',')) {
			const httpMethod = method.trim() as IHttpRequestMethods;
			const key = `${httpMethod} ${fullPath}`;
			// n8n refuses to activate a workflow whose webhooks clash.
			if (webhooks.has(key)) throw new Error(`The webhook ${key} is registered twice`);
			webhooks.set(key, {
				httpMethod,
				node: node.name,
				path: fullPath,
				webhookDescription: description,
				workflowId,
				workflowExecuteAdditionalData: baseAdditionalData,
			});
		}
	}

	// n8n's activation: checkExists, then create when it says the webhook does not exist.
	for (const webhookData of webhooks.values()) {
		const methods = trigger.webhookMethods?.[webhookData.webhookDescription.name];
		const hook = (name: 'checkExists' | 'create') =>
			methods?.[name]?.call(
				new HookContext(
					workflow,
					node,
					webhookData.workflowExecuteAdditionalData,
					'trigger',
					'activate',
					webhookData,
				),
			);
		if (!(await hook('checkExists'))) await hook('create');
	}

	const executions: IDataObject[][] = [];
	const failures: Failure[] = [];
	let startedCount = 0;
	let inFlight = 0;
	let consumed = 0;
	const listeners = new Set<() => void>();
	const notify = () => {
		for (const listener of [...listeners]) listener();
	};
	const waitFor = (condition: () => boolean) =>
		new Promise<void>((resolve) => {
			if (condition()) return resolve();
			const listener = () => {
				if (!condition()) return;
				listeners.delete(listener);
				resolve();
			};
			listeners.add(listener);
		});

	async function runExecution(workflowData: INodeExecutionData[][]) {
		const executionId = `${workflowId}-execution-${startedCount}`;
		const hooks = new ExecutionLifecycleHooks('webhook', executionId, {
			id: workflowId,
			name: workflow.name ?? '',
			nodes,
			connections,
			active: true,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		});
		const additionalData = { ...baseAdditionalData, hooks, executionId };
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node, data: { main: workflowData }, source: null }],
			},
		});
		const run = await new WorkflowExecute(
			additionalData as IWorkflowExecuteAdditionalData,
			'webhook',
			runExecutionData,
		).processRunExecutionData(workflow);
		const received = run.data.resultData.runData[RECEIVED_NAME]?.[0]?.data?.main?.[0] ?? [];
		if (run.status !== 'success' || run.data.resultData.error)
			failures.push({ method: 'RUN', url: executionId, error: run.data.resultData.error });
		executions.push(received.map((item) => item.json));
	}

	function startExecution(workflowData: INodeExecutionData[][], request: Failure) {
		startedCount++;
		inFlight++;
		runExecution(workflowData)
			.catch((error: unknown) => failures.push({ ...request, error }))
			.finally(() => {
				inFlight--;
				notify();
			});
	}

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const request: Failure = { method: req.method ?? '', url: req.url ?? '', error: undefined };
		let rawBody: Buffer;
		try {
			rawBody = await readRawBody(req, N8N_PAYLOAD_SIZE_MAX);
		} catch (error) {
			if (error instanceof PayloadTooLarge)
				return answer(res, 413, { code: 413, message: 'request entity too large' });
			throw error;
		}

		// n8n's live webhooks: /webhook/<path>, the path without a trailing slash.
		const prefix = '/webhook/';
		let path = url.pathname.startsWith(prefix)
			? decodeURIComponent(url.pathname.slice(prefix.length))
			: undefined;
		if (path?.endsWith('/')) path = path.slice(0, -1);
		const webhookData = path === undefined ? undefined : webhooks.get(`${req.method} ${path}`);
		if (!webhookData)
			return answer(res, 404, {
				code: 404,
				message: `The requested webhook "${req.method} ${path ?? url.pathname}" is not registered.`,
			});

		const { type, charset } = contentTypeOf(req.headers);
		const webhookRequest = Object.assign(req, {
			path: url.pathname,
			query: parseQueryString(url.search.slice(1)) as Record<string, unknown>,
			params: {},
			rawBody,
			contentType: type,
			encoding: charset as BufferEncoding,
		}) as WebhookRequest;
		try {
			parseBody(webhookRequest);
		} catch (error) {
			return answer(res, 422, {
				code: 422,
				message: `Failed to parse request body: ${(error as Error).message}`,
			});
		}

		const response: ExpressLikeResponse = expressLikeResponse(res);
		const additionalData = {
			...baseAdditionalData,
			httpRequest: webhookRequest,
			httpResponse: response,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		let result: IWebhookResponseData;
		try {
			result = (await trigger.webhook!.call(context)) as IWebhookResponseData;
		} catch (error) {
			failures.push({ ...request, error });
			return answer(res, 500, { code: 0, message: WEBHOOK_ERROR });
		}
		// n8n's handleImmediateWebhookResponse, then the 'onReceived' answer.
		const answered = result.noWebhookResponse === true || res.headersSent || res.writableEnded;
		if (result.workflowData === undefined) {
			if (!answered)
				answer(
					res,
					200,
					result.webhookResponse !== undefined
						? result.webhookResponse
						: { message: 'Webhook call received' },
				);
			return;
		}
		startExecution(result.workflowData, request);
		if (!answered)
			answer(
				res,
				200,
				result.webhookResponse !== undefined
					? result.webhookResponse
					: { message: 'Workflow was started' },
			);
	}

	const server = createServer((req, res) => {
		inFlight++;
		handle(req, res)
			.catch((error: unknown) => {
				failures.push({ method: req.method ?? '', url: req.url ?? '', error });
				answer(res, 500, { message: 'The harness failed' });
			})
			.finally(() => {
				inFlight--;
				notify();
			});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const baseUrl = `http://127.0.0.1:${port}`;
	const webhookUrl = (path: string) => `${baseUrl}/webhook/${path}`;
	const postPath = [...webhooks.values()].find(
		(webhook) => webhook.httpMethod === 'POST' && !webhook.webhookDescription.ndvHideUrl,
	)!.path;

	return {
		url: webhookUrl(postPath),
		baseUrl,
		bareUrl: webhookUrl(`${webhookId}/sms`),
		webhookId,
		registered: [...webhooks.keys()],
		executions,
		failures,
		started: () => startedCount,
		async nextExecution() {
			const index = consumed++;
			await waitFor(() => executions.length > index);
			return executions[index];
		},
		settled: () => waitFor(() => inFlight === 0),
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
