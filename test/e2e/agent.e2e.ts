/**
 * The node as n8n's AI Agent's tool, in real n8n: Manual Trigger → AI Agent with
 * n8n's OpenAI Chat Model, its credential's Base URL pointed at a fake
 * OpenAI-compatible model (test/support/fakeOpenAi.js), and two SMS Partner tools
 * whose fields the model fills through $fromAI(): the balance and Remove Credit.
 * The packed package is installed as a community package; the tools run against
 * the local sandbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeOpenAi } from '../support/fakeOpenAi';
import { ALL_KEYS, KEY, REMOVE_CREDIT, startTestSandbox } from '../support/fixtures';
import { ensureN8n, importAndExecute, prepareUserFolder, packPackage } from '../support/n8n';
import { AGENT_VERSIONS } from '../support/versions';
import { agentWorkflow, credentialEntry, openAiCredentialEntry } from '../support/workflows';

type Json = Record<string, any>;
type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type FakeModel = Awaited<ReturnType<typeof startFakeOpenAi>>;

const SMS_PARTNER = { id: 'cred-main', name: 'SMS Partner (sandbox)' };
const MODEL = { id: 'cred-model', name: 'Fake OpenAI model' };
const brokerPort = (version: string) => 15991 + Math.max(0, AGENT_VERSIONS.indexOf(version));

let packDir: string;
let tarball: string;

beforeAll(() => {
	packDir = mkdtempSync(join(tmpdir(), 'smspartner-agent-pack-'));
	tarball = packPackage(packDir);
});

afterAll(() => rmSync(packDir, { recursive: true, force: true }));

describe.each(AGENT_VERSIONS)('n8n %s: the SMS Partner node as an AI Agent tool', (version) => {
	let install: Awaited<ReturnType<typeof ensureN8n>>;
	let userFolder: string;
	let sandbox: Sandbox;
	let model: FakeModel;
	const cliOutput: string[] = [];

	beforeAll(async () => {
		install = await ensureN8n(version);
		userFolder = mkdtempSync(join(tmpdir(), `smspartner-agent-${version}-`));
		await prepareUserFolder({ tarball, userFolder });
		model = await startFakeOpenAi();
	});

	beforeEach(async () => {
		sandbox = await startTestSandbox();
		model.requests.length = 0;
	});

	afterEach(async () => {
		await sandbox?.close();
	});

	afterAll(async () => {
		await model?.close();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	/** Runs the agent on one request; returns its final answer and the run. */
	async function ask(
		prompt: string,
		removeSettings?: Json,
	): Promise<{ answer: string; run: Json }> {
		const result = await importAndExecute({
			install,
			userFolder,
			credentials: [
				credentialEntry(SMS_PARTNER.id, SMS_PARTNER.name, KEY, sandbox.baseUrl),
				openAiCredentialEntry(MODEL.id, MODEL.name, model.baseUrl),
			],
			workflow: agentWorkflow({
				credential: SMS_PARTNER,
				openAiCredential: MODEL,
				prompt,
				removeSettings,
			}),
			brokerPort: brokerPort(version),
		});
		cliOutput.push(result.stdout, result.stderr, JSON.stringify(model.requests));
		const run = result.run as Json | null;
		const error = run?.data?.resultData?.error;
		if (result.code !== 0 || !run || error) {
			throw new Error(
				`the agent's run failed (exit ${result.code}): ${JSON.stringify(error)}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
			);
		}
		const [item] = run.data.resultData.runData['AI Agent'][0].data.main[0];
		return { answer: String(item.json.output), run };
	}

	/** What the agent was told about a tool, from the model's first request. */
	function offeredTool(word: string): Json {
		const tools: Json[] = model.requests[0]?.tools ?? [];
		const tool = tools.find((offered) => offered.function.name.toLowerCase().includes(word));
		if (!tool) throw new Error(`no tool with "${word}" was offered: ${JSON.stringify(tools)}`);
		return tool.function;
	}

	test('Get Balance: the main balance reaches the final answer; nothing changes', async () => {
		const { answer } = await ask('What is my SMS Partner balance?');

		expect(answer).toContain('"credit":1000');
		expect(sandbox.calls.map((call) => call.path)).toEqual(['/me']);
		expect(offeredTool('balance')).toMatchObject({
			name: 'SMS_Partner_balance',
			description: expect.stringContaining('It only reads: nothing changes.'),
			parameters: expect.objectContaining({ properties: {} }),
		});
	});

	test('Remove Credit of 5 € from a named subaccount: one remove call, both balances in the answer', async () => {
		const { answer } = await ask('Remove 5 euros from subaccount sub-alpha');

		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
		expect(sandbox.calls.find((call) => call.path === REMOVE_CREDIT)?.body).toMatchObject({
			tokenSubaccount: 'sub-alpha',
			credit: 5,
		});
		expect(sandbox.subaccount('sub-alpha', KEY).credit).toBe(145);
		expect(answer).toContain('"creditRemoved":5');
		expect(answer).toContain('"credit":1005');
		expect(answer).toContain('"subaccountCredit":145');
		// What the model is told: what moves, that each call moves again, that it cannot be undone.
		const remove = offeredTool('remove');
		expect(remove.description).toMatch(/Moves euros from one SMS Partner subaccount/);
		expect(remove.description).toMatch(/every call moves the amount again/);
		expect(remove.description).toMatch(/cannot be undone/);
		expect(remove.parameters).toMatchObject({
			properties: {
				subaccount: { type: 'string' },
				amount: { type: 'string' },
			},
			required: expect.arrayContaining(['subaccount', 'amount']),
		});
	});

	test('the amount as a JSON number where the schema asks for text: read as 5 €, one move', async () => {
		const { answer } = await ask('Remove 5 euros from subaccount sub-alpha, as a number');

		// What the model sent, as n8n echoes it back to it: a number, not text.
		const [call] = model.requests[1].messages.find(
			(message: Json) => message.tool_calls,
		).tool_calls;
		expect(JSON.parse(call.function.arguments)).toMatchObject({
			subaccount: 'sub-alpha',
			amount: 5,
		});
		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
		expect(answer).toContain('"creditRemoved":5');
	});

	test('a bad amount ("five"): nothing sent, the tool returns the readable error, the run goes on', async () => {
		const { answer } = await ask('Remove five euros from subaccount sub-alpha');

		expect(sandbox.callCount()).toBe(0);
		expect(answer).toContain('Credit (EUR) \\"five\\" is not a number of euros');
		expect(sandbox.subaccount('sub-alpha', KEY).credit).toBe(150);
	});

	test('a tool call with no arguments at all: nothing sent, a readable error, the run goes on', async () => {
		const { answer } = await ask('Please remove credit without arguments');

		expect(sandbox.callCount()).toBe(0);
		expect(answer).toContain('Subaccount Token is empty: its expression gave nothing');
	});

	test('an unknown subaccount: SMS Partner refuses, nothing moves, the model reads why', async () => {
		const { answer } = await ask('Remove 5 euros from subaccount sub-ghost');

		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(1);
		expect(answer).toContain(
			'SMS Partner refused the credit move for subaccount \\"sub-ghost\\" (code 7): «The sub-account does not exist»',
		);
		expect(sandbox.account(KEY).credit).toBe(1000);
	});

	test('the same move asked for twice in one conversation moves it twice, as the README says', async () => {
		const { answer } = await ask('Remove 5 euros from subaccount sub-alpha, twice');

		expect(sandbox.callCount(REMOVE_CREDIT)).toBe(2);
		expect(sandbox.subaccount('sub-alpha', KEY).credit).toBe(140);
		expect(answer).toContain('"subaccountCredit":145');
		expect(answer).toContain('"subaccountCredit":140');
	});

	test('Retry On Fail on the tool (n8n then retries each tool call up to 5 times): refused on every try, nothing moves', async () => {
		const { answer } = await ask('Remove 5 euros from subaccount sub-alpha', {
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 0,
		});

		expect(sandbox.callCount()).toBe(0);
		expect(sandbox.subaccount('sub-alpha', KEY).credit).toBe(150);
		expect(answer).toContain('\\"Retry On Fail\\" is on for this node');
	});

	test("no API key anywhere: not in the model's requests, n8n's output, nor its user folder", () => {
		const everything = cliOutput.join('\n');
		expect(everything).toContain('sub-alpha');
		for (const key of ALL_KEYS) expect(everything.includes(key)).toBe(false);
	});
});
