/**
 * Runs workflows through n8n's real execution engine (n8n-core's WorkflowExecute),
 * in-process, with the built node package and a credential pointing at the sandbox.
 * Only what n8n's server would provide around the engine is supplied here: node
 * types, credentials, lifecycle hooks.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	createRunExecutionData,
	getGlobalState,
	setGlobalState,
} from 'n8n-workflow';

// What ships: the bundled node and the compiled credential (`npm run build`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SmsPartner } = require('../../dist/nodes/SmsPartner/SmsPartner.node.js') as {
	SmsPartner: new () => INodeType;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SmsPartnerTrigger } = require('../../dist/nodes/SmsPartner/SmsPartnerTrigger.node.js') as {
	SmsPartnerTrigger: new () => INodeType;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SmsPartnerApi } = require('../../dist/credentials/SmsPartnerApi.credentials.js') as {
	SmsPartnerApi: new () => ICredentialType;
};

export const SMS_PARTNER_TYPE = 'n8n-nodes-smspartner.smsPartner';
export const SMS_PARTNER_TRIGGER_TYPE = 'n8n-nodes-smspartner.smsPartnerTrigger';
const ITEMS_TYPE = 'test.items';
const SOURCE = 'Items';
export const NODE_NAME = 'SMS Partner';

/** The test's input: a source node that outputs the items a test gives it. */
class ItemsNode implements INodeType {
	description = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Outputs the items given as JSON',
		defaults: { name: SOURCE },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

export const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeFor(type),
	getByNameAndVersion: (type) => nodeTypeFor(type),
	getKnownTypes: () => ({}),
};

const instances: Record<string, INodeType> = {
	[SMS_PARTNER_TYPE]: new SmsPartner(),
	[SMS_PARTNER_TRIGGER_TYPE]: new SmsPartnerTrigger(),
	[ITEMS_TYPE]: new ItemsNode(),
};

export function nodeTypeFor(type: string): INodeType {
	const nodeType = instances[type];
	if (!nodeType) throw new Error(`Unknown node type ${type}`);
	return nodeType;
}

const credentialType = new SmsPartnerApi();

/** Hands the node its credential and applies the credential type's own `authenticate`, as n8n's server does. */
export class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly data: ICredentialDataDecryptedObject,
		private readonly fails = false,
	) {
		super();
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		request: IHttpRequestOptions,
	) {
		if (typeName !== credentialType.name || typeof credentialType.authenticate !== 'function') {
			throw new Error(`No authentication for ${typeName}`);
		}
		return await credentialType.authenticate(credentials, request);
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}
	async getDecrypted() {
		// As n8n's server does when the stored credential cannot be decrypted.
		if (this.fails)
			throw new Error(
				'Credentials could not be decrypted. The likely reason is that a different "encryptionKey" was used',
			);
		return { ...this.data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return credentialType.properties;
	}
}

/** What n8n's server hands the engine around a run: the credential, URLs, lifecycle hooks. */
export function additionalDataFor(
	credentials: ICredentialDataDecryptedObject,
	credentialsFail = false,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new CredentialsHelper(credentials, credentialsFail),
		hooks,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	items: IDataObject[];
	parameters: INodeParameters;
	credentials: { apiKey: string; baseUrl: string; testMode?: boolean | string | number };
	/** The workflow's Timezone setting; unset means n8n's instance time zone. */
	timezone?: string;
	/** n8n's instance time zone (GENERIC_TIMEZONE); unset means n8n's default, America/New_York. */
	instanceTimezone?: string;
	/** The node's "On Error" setting; unset means n8n's default (stop the workflow). */
	onError?: 'continueErrorOutput' | 'continueRegularOutput' | 'stopWorkflow';
	retryOnFail?: boolean;
	/** The credential cannot be read (as when n8n cannot decrypt it). */
	credentialsFail?: boolean;
	/**
	 * When the run ends waiting (Send and Wait for Reply), resume it as n8n's wait tracker
	 * does when the wait's limit passes: the same execution data run again.
	 */
	resumeAtLimit?: boolean;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	/** Items on the node's first (success) output. */
	success: IDataObject[];
	/** Items on the error output (only with onError continueErrorOutput). */
	errors: IDataObject[];
	/** The full items of every output, pairedItem included. */
	outputs: INodeExecutionData[][];
	/** The workflow's error, when the run failed. */
	error?: { message: string; description?: string | null; name?: string };
	/** With resumeAtLimit: the run as it stood waiting, before the resume. */
	waiting?: IRun;
}

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const nodes = [
		{
			id: 'items',
			name: SOURCE,
			type: ITEMS_TYPE,
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: { items: JSON.stringify(options.items) },
		},
		{
			id: 'smspartner',
			name: NODE_NAME,
			type: SMS_PARTNER_TYPE,
			typeVersion: 1,
			position: [200, 0] as [number, number],
			parameters: options.parameters,
			credentials: { smsPartnerApi: { id: '1', name: 'SMS Partner (sandbox)' } },
			...(options.onError ? { onError: options.onError } : {}),
			...(options.retryOnFail ? { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } : {}),
		},
	];
	const instanceState = getGlobalState();
	if (options.instanceTimezone) {
		setGlobalState({ ...instanceState, defaultTimezone: options.instanceTimezone });
	}
	const workflow = new Workflow({
		id: 'test',
		name: 'test',
		nodes,
		connections: { [SOURCE]: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: {
			executionOrder: 'v1',
			...(options.timezone ? { timezone: options.timezone } : {}),
		} as IWorkflowSettings,
	});
	setGlobalState(instanceState);

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test',
		name: 'test',
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
	const additionalData = additionalDataFor(options.credentials, options.credentialsFail, hooks);

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: workflow.getNode(SOURCE)!, data: { main: [[{ json: {} }]] }, source: null },
			],
		},
	});

	let run = await new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	let waiting: IRun | undefined;
	if (options.resumeAtLimit && run.status === 'waiting') {
		waiting = structuredClone(run);
		run = await new WorkflowExecute(additionalData, 'manual', run.data).processRunExecutionData(
			workflow,
		);
	}
	const outputs = (run.data.resultData.runData[NODE_NAME]?.[0]?.data?.main ?? []).map(
		(items) => items ?? [],
	);
	const error = run.data.resultData.error;
	return {
		run,
		status: run.status,
		success: (outputs[0] ?? []).map((item) => item.json),
		errors: (outputs[1] ?? []).map((item) => item.json),
		outputs,
		...(error
			? { error: { message: error.message, description: error.description, name: error.name } }
			: {}),
		...(waiting ? { waiting } : {}),
	};
}

/**
 * Every string anywhere in the run record, including the non-enumerable
 * `message`, `stack` and `cause` of errors — what n8n stores and shows.
 */
export function allText(value: unknown, seen = new Set<unknown>()): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	const parts: string[] = [];
	if (value instanceof Error) {
		parts.push(
			value.message,
			value.stack ?? '',
			allText((value as { cause?: unknown }).cause, seen),
		);
	}
	for (const key of Object.getOwnPropertyNames(value)) {
		parts.push(key, allText((value as Record<string, unknown>)[key], seen));
	}
	return parts.join('\n');
}
