/**
 * The "SMS Partner API" credential, as built: where the key goes, and what its Test
 * button shows — run the way n8n 2.41.1 runs it, against the sandbox.
 */
import { createServer } from 'node:net';

import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	createEmptyRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialType,
	type IExecuteData,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type ITaskDataConnections,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { credentialsFor, KEY, KEYS, sandboxFixture } from '../support/fixtures';
import { CredentialsHelper } from '../support/harness';

// What ships: the compiled credential (`npm run build`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SmsPartnerApi } = require('../../dist/credentials/SmsPartnerApi.credentials.js') as {
	SmsPartnerApi: new () => ICredentialType;
};
// The lodash `get` n8n's credentials tester uses (no @types/lodash here, hence the cast).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const get = require('lodash/get') as (object: unknown, path: string) => unknown;

const credential = new SmsPartnerApi();
const authenticate = credential.authenticate as (
	credentials: Record<string, unknown>,
	request: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;

test('names and fields are the public contract', () => {
	expect(credential.name).toBe('smsPartnerApi');
	expect(credential.displayName).toBe('SMS Partner API');
	const [apiKey, testMode, baseUrl] = credential.properties;
	expect(apiKey).toMatchObject({ name: 'apiKey', type: 'string', typeOptions: { password: true } });
	expect(testMode).toMatchObject({ name: 'testMode', type: 'boolean', default: false });
	expect(baseUrl).toMatchObject({ name: 'baseUrl', default: 'https://api.smspartner.fr/v1' });
});

test('the key goes into the JSON body of a POST and the query of a GET, never both', async () => {
	const post = await authenticate(
		{ apiKey: 'k' },
		{ method: 'POST', url: '/x', body: { credit: 1 } },
	);
	expect(post.body).toEqual({ credit: 1, apiKey: 'k' });
	expect(post.qs).toBeUndefined();

	const del = await authenticate(
		{ apiKey: 'k' },
		{ method: 'DELETE', url: '/x', body: { token: 't' } },
	);
	expect(del.body).toEqual({ token: 't', apiKey: 'k' });
	expect(del.qs).toBeUndefined();

	const get = await authenticate({ apiKey: 'k' }, { method: 'GET', url: '/me', qs: { page: 2 } });
	expect(get.qs).toEqual({ page: 2, apiKey: 'k' });
	expect(get.body).toBeUndefined();
});

test('the key is trimmed of the spaces and line breaks pasted around it', async () => {
	const get = await authenticate({ apiKey: '  k-123\n' }, { method: 'GET', url: '/me' });
	expect(get.qs).toEqual({ apiKey: 'k-123' });
	const post = await authenticate(
		{ apiKey: '\tk-123 \r\n' },
		{ method: 'POST', url: '/x', body: {} },
	);
	expect(post.body).toEqual({ apiKey: 'k-123' });
});

/* ------------------------------------------------------------------------------------------------
 * The Test button, as n8n 2.41.1 runs it.
 *
 * Mirrors `CredentialsTester.runRequestTest` in
 * n8n/dist/services/credentials-tester.service.js (n8n 2.41.1): a temporary node of the NoOp type
 * whose only property routes `credential.test.request`, run by n8n-core's real RoutingNode with
 * an ExecuteContext; the credential's own `authenticate` is applied by n8n-core's
 * httpRequestWithAuthentication through the credentials helper, as n8n's CredentialsHelper does.
 * Only the rule loops below are ours, copied from that file.
 * --------------------------------------------------------------------------------------------- */

/** n8n-nodes-base's NoOp description, as n8n's loader names it: the tester's default node type. */
const NO_OP_DESCRIPTION = {
	displayName: 'No Operation, do nothing',
	name: 'n8n-nodes-base.noOp',
	icon: 'node:no-operation',
	group: ['organization'],
	version: 1,
	description: 'No Operation',
	defaults: { name: 'No Operation, do nothing' },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
} as unknown as INodeType['description'];

interface TestResult {
	status: 'OK' | 'Error';
	message: string;
}

async function testCredential(data: { apiKey: string; baseUrl: string }): Promise<TestResult> {
	const testRequest = credential.test!;
	// testCredentials → prepareCredentialsForTest → applyDefaultsAndOverwrites: the fields' defaults.
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'test',
		name: 'SMS Partner (sandbox)',
		type: credential.name,
		data: NodeHelpers.getNodeParameters(
			credential.properties,
			data,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject,
	};

	// From here on: runRequestTest, step by step.
	const nodeType = { description: NO_OP_DESCRIPTION } as INodeType;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: Array.isArray(nodeType.description.version)
			? nodeType.description.version.slice(-1)[0]
			: nodeType.description.version,
		position: [0, 0],
		credentials: {
			[credential.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...nodeType.description,
			credentials: [{ name: credential.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	// n8n's createMockNodeTypes(), holding only the temporary node type.
	const mockNodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeTypeCopy as INodeType | IVersionedNodeType,
		getByNameAndVersion: (_type, version) =>
			NodeHelpers.getVersionedNodeType(nodeTypeCopy, version),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});
	const mode = 'internal';
	const runIndex = 0;
	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const connectionInputData: INodeExecutionData[] = [];
	const runExecutionData = createEmptyRunExecutionData();
	// What WorkflowExecuteAdditionalData.getBase gives that a test request reads.
	const additionalData = {
		credentialsHelper: new CredentialsHelper(credentialsDecrypted.data!),
		currentNodeParameters: node.parameters,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		runExecutionData,
		runIndex,
		connectionInputData,
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		await workflow.expression.acquireIsolate();
		response = await routingNode.runNode();
	} catch (caught) {
		// Ours from here: runRequestTest's error branch, copied.
		const error = caught as {
			message: string;
			cause?: { code?: string; response?: { status: number; statusText?: string } };
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	} finally {
		await workflow.expression.releaseIsolate();
	}
	// runRequestTest's success branch, copied (including reading `response[0][0].json` inside the loop).
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response![0][0].json;
			if (get(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

const sandboxes = sandboxFixture();

/** The Test of a key against a fresh sandbox; also what /me received. */
async function testKey(apiKey: string, errorStatus: '200' | '4xx' = '200') {
	const sandbox = await sandboxes.start({ errorStatus });
	const result = await testCredential(credentialsFor(sandbox, apiKey));
	return { ...result, calls: sandbox.calls.filter((call) => call.path === '/me') };
}

const SUCCESS = { status: 'OK', message: 'Connection successful!' };
const INVALID_KEY = /^Invalid API key\. Use the main account's key/;
const NOT_SMS_PARTNER = /^The Base URL did not answer like SMS Partner's API\./;

describe("the credential's Test button, run as n8n runs it", () => {
	test('the right key: "Connection successful!"', async () => {
		const result = await testKey(KEY);
		expect({ status: result.status, message: result.message }).toEqual(SUCCESS);
		expect(result.calls).toHaveLength(1);
		expect(result.calls[0]).toMatchObject({ method: 'GET', query: { apiKey: KEY } });
	});

	test.each([
		['spaces', `  ${KEY}  `],
		['a line break', `${KEY}\n`],
		['spaces and line breaks', ` \r\n${KEY} \n`],
	])(
		'the right key pasted with %s around it passes, and only the key is sent',
		async (_what, pasted) => {
			const result = await testKey(pasted);
			expect({ status: result.status, message: result.message }).toEqual(SUCCESS);
			expect(result.calls[0].query.apiKey).toBe(KEY);
		},
	);

	test.each(['200', '4xx'] as const)(
		'a wrong key (refusal sent as HTTP %s): the invalid-key message',
		async (errorStatus) => {
			const result = await testKey('wrong-key-0000', errorStatus);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(INVALID_KEY);
		},
	);

	test('a key of only spaces is an empty key (refusal sent as HTTP 200)', async () => {
		const result = await testKey('   ');
		expect(result).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/^The API key is empty\./),
		});
		expect(result.calls[0].query.apiKey).toBe('');
	});

	describe.each([
		[20, KEYS.disabled, /account is disabled \(code 20\)/],
		[30, KEYS.blocked, /account is blocked \(code 30\)/],
		[40, KEYS.apiDenied, /API access is denied for this account \(code 40\)/],
		[96, KEYS.ipNotAllowed, /IP address is not allowed to use it \(code 96\)/],
	])('code %i', (_code, apiKey, expected) => {
		test('sent as HTTP 200: its own message, not "Invalid API key"', async () => {
			const result = await testKey(apiKey, '200');
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(expected);
			expect(result.message).not.toMatch(/Invalid API key/);
		});

		test('sent as HTTP 403: the 403 message', async () => {
			const result = await testKey(apiKey, '4xx');
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^SMS Partner refused access \(HTTP 403\)/);
			expect(result.message).not.toMatch(/Invalid API key/);
		});
	});

	describe("an HTTP 200 that is not SMS Partner's answer is not a pass", () => {
		const faulty = async (fault: { body: string; contentType: string }) => {
			const sandbox = await sandboxes.start();
			sandbox.fault('/me', { status: 200, ...fault });
			return await testCredential(credentialsFor(sandbox, KEY));
		};

		test('an HTML page', async () => {
			const result = await faulty({
				body: '<html><body><h1>Welcome</h1></body></html>',
				contentType: 'text/html',
			});
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(NOT_SMS_PARTNER);
		});

		test.each(['{"success":"true"}', '{"success":1}', '{"success":null}', '{"success":{}}', '{}'])(
			'%s',
			async (body) => {
				const result = await faulty({ body, contentType: 'application/json' });
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(NOT_SMS_PARTNER);
			},
		);

		// n8n-core's RoutingNode turns a top-level JSON array into one item per element, so `[]`
		// gives no item at all, and runRequestTest reads `response[0][0].json` before comparing any
		// rule: the Test fails with n8n's own TypeError, which no rule can replace with a message.
		test('[]: not a pass — n8n fails with its own TypeError before any rule', async () => {
			await expect(faulty({ body: '[]', contentType: 'application/json' })).rejects.toThrow(
				"Cannot read properties of undefined (reading 'json')",
			);
		});

		test.failing(
			'[]: the "did not answer like SMS Partner\'s API" message (impossible in n8n 2.41.1)',
			async () => {
				const result = await faulty({ body: '[]', contentType: 'application/json' });
				expect(result.message).toMatch(NOT_SMS_PARTNER);
			},
		);

		// Same unwrapping: `[{"success":true}]` reaches the rules as `response[0][0].json`, which is
		// `{"success":true}` exactly as for SMS Partner's real answer, so no rule can tell them apart
		// and n8n says "Connection successful!".
		test.failing(
			'[{"success":true}]: not a pass (impossible in n8n 2.41.1: the rules see {"success":true})',
			async () => {
				const result = await faulty({
					body: '[{"success":true,"code":200}]',
					contentType: 'application/json',
				});
				expect(result.status).toBe('Error');
			},
		);
	});

	test('a Base URL without /v1: the 404 message', async () => {
		const sandbox = await sandboxes.start();
		const result = await testCredential({
			apiKey: KEY,
			baseUrl: sandbox.baseUrl.replace(/\/v1$/, ''),
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Nothing answers at this Base URL \(HTTP 404\)\. It must end in \/v1/,
		);
	});

	test('an unreachable Base URL (a closed port): ECONNREFUSED, as n8n shows it', async () => {
		const port = await closedPort();
		const result = await testCredential({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v1` });
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});

/** A loopback port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
