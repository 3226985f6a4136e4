/**
 * The package as users get it: `npm pack`ed, installed into a real n8n as a
 * community package (<user folder>/.n8n/nodes), run by n8n's CLI against the local
 * SMS Partner sandbox. Once per n8n version (E2E_N8N_VERSIONS, default every proven one),
 * the versions dealt over three files (realN8n.part1–3.e2e.ts) that jest runs side by side.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8n, importAndExecute, prepareUserFolder, packPackage } from '../support/n8n';
import { PROVEN } from '../support/versions';
import { versionsPart } from './parts';
import {
	credentialEntry,
	DEMO_CONTACTS,
	DEMO_SMS,
	demoContactsWorkflow,
	demoSmsWorkflow,
	demoWorkflow,
	fanOutWorkflow,
} from '../support/workflows';
import { startSandbox } from '../../sandbox/server';
import { CODE_9_XML_DOCUMENTED, ME_XML_DOCUMENTED } from '../support/documentedAnswers';
import {
	ALL_KEYS,
	KEY,
	KEYS,
	REMOVE_CREDIT,
	startTestSandbox,
	TWIN_KEY,
} from '../support/fixtures';

const VERSIONS = process.env.E2E_N8N_VERSIONS
	? process.env.E2E_N8N_VERSIONS.split(',').map((v) => v.trim())
	: PROVEN;
/** A task-runner broker port per version, so that runs never collide. */
const brokerPort = (version: string) => 15691 + Math.max(0, VERSIONS.indexOf(version));

type Json = Record<string, any>;
type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

let packDir: string;
let tarball: string;

beforeAll(() => {
	packDir = mkdtempSync(join(tmpdir(), 'smspartner-pack-'));
	tarball = packPackage(packDir);
});

afterAll(() => rmSync(packDir, { recursive: true, force: true }));

/** Items every SMS Partner node of the matrix gets, and what each one must become. */
const ITEMS = [
	{ case: 'success', token: 'sub-alpha', amount: 12.345 },
	{ case: 'code 7', token: 'sub-unknown', amount: 1 },
	{ case: 'code 8', token: 'sub-beta', amount: 999 },
	{ case: 'code 6', token: 'sub-empty', amount: 1 },
	{ case: 'code 2', token: 'forced-2', amount: 1 },
	{ case: 'code 3', token: 'forced-3', amount: 1 },
	{ case: 'code 5', token: 'forced-5', amount: 1 },
	{ case: 'blank token', token: '   ', amount: 1 },
	{ case: 'comma decimal', token: 'sub-alpha', amount: '12,5' },
	{ case: 'string amount', token: 'sub-beta', amount: '0.5' },
];
const VALID_ITEMS = ITEMS.filter((item) => !['blank token', 'comma decimal'].includes(item.case));

function credentialsFor(sandbox: Sandbox) {
	return [
		credentialEntry('cred-main', 'SMS Partner (sandbox)', KEY, sandbox.baseUrl),
		credentialEntry('cred-twin', 'SMS Partner (twin)', TWIN_KEY, sandbox.baseUrl),
		credentialEntry('cred-wrong', 'SMS Partner (wrong key)', 'wrong-key-e2e', sandbox.baseUrl),
		credentialEntry(
			'cred-nosub',
			'SMS Partner (no subaccounts)',
			KEYS.noSubaccounts,
			sandbox.baseUrl,
		),
		credentialEntry('cred-empty', 'SMS Partner (empty key)', '', sandbox.baseUrl),
		credentialEntry('cred-test', 'SMS Partner (Test Mode)', KEY, sandbox.baseUrl, {
			testMode: true,
		}),
	];
}
const credential = (id: string, name: string) => ({ id, name });

function nodeRun(run: Json, name: string): Json {
	const runs = run?.data?.resultData?.runData?.[name];
	if (!runs)
		throw new Error(
			`node "${name}" did not run: ${JSON.stringify(run?.data?.resultData?.error ?? run)}`,
		);
	return runs[0];
}
const output = (run: Json, name: string, index: number): Json[] =>
	(nodeRun(run, name).data?.main?.[index] ?? []).map((item: Json) => item.json);

/** Every file n8n keeps in its user folder (database, logs, config), as text. */
function userFolderText(folder: string): string {
	let text = '';
	for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile() || entry.parentPath.includes('node_modules')) continue;
		text += readFileSync(join(entry.parentPath, entry.name)).toString('latin1');
	}
	return text;
}

/** The suite for the versions of part `part` (parts.ts). */
export function realN8nSuite(part: number) {
	versionsPart(VERSIONS, part, 'n8n %s, package installed as a community package', suite);
}

function suite(version: string) {
	let install: Awaited<ReturnType<typeof ensureN8n>>;
	let userFolder: string;
	let sandbox: Sandbox;
	const cliOutput: string[] = [];

	beforeAll(async () => {
		install = await ensureN8n(version);
		userFolder = mkdtempSync(join(tmpdir(), `smspartner-e2e-${version}-`));
		await prepareUserFolder({ tarball, userFolder });
		sandbox = await startTestSandbox({ errorStatus: '4xx' });
		for (const code of [2, 3, 5]) sandbox.forceCode(`forced-${code}`, code);
	});

	afterAll(async () => {
		await sandbox?.close();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	/**
	 * Imports and runs `workflow`. A run that exits non-zero when the test expects success fails
	 * here, with the run's error and the end of n8n's output: CI keeps only jest's message.
	 */
	async function execute(workflow: Json, { expectFailure = false } = {}) {
		const result = await importAndExecute({
			install,
			userFolder,
			credentials: credentialsFor(sandbox),
			workflow,
			brokerPort: brokerPort(version),
		});
		cliOutput.push(result.stdout, result.stderr);
		if (!result.run)
			throw new Error(
				`no run JSON from n8n (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
			);
		if (result.code !== 0 && !expectFailure)
			throw new Error(
				`n8n exited ${result.code}${result.signal ? ` (killed by ${result.signal})` : ''}; the run's error: ${JSON.stringify(
					result.run.data?.resultData?.error ?? null,
				)}\n--- stdout, last 4,000 characters:\n${result.stdout.slice(-4000)}` +
					`\n--- stderr, last 4,000 characters:\n${result.stderr.slice(-4000)}`,
			);
		return result;
	}

	test('success items, control codes and bad input on the right outputs, JSON and XML alike', async () => {
		const workflow = fanOutWorkflow('e2e-matrix', ITEMS, [
			{
				name: 'JSON',
				credential: credential('cred-main', 'SMS Partner (sandbox)'),
				onError: 'continueErrorOutput',
			},
			{
				name: 'XML',
				credential: credential('cred-twin', 'SMS Partner (twin)'),
				onError: 'continueErrorOutput',
				options: { responseFormat: 'xml' },
			},
			{
				name: 'Wrong key',
				credential: credential('cred-wrong', 'SMS Partner (wrong key)'),
				onError: 'continueErrorOutput',
			},
			{
				name: 'No permission',
				credential: credential('cred-nosub', 'SMS Partner (no subaccounts)'),
				onError: 'continueErrorOutput',
			},
			{
				name: 'Empty key',
				credential: credential('cred-empty', 'SMS Partner (empty key)'),
				onError: 'continueErrorOutput',
			},
		]);
		const { code, run } = await execute(workflow);

		expect(code).toBe(0);
		expect(run.status).toBe('success');

		// Success: fields and number types; the item stays paired with its input.
		expect(output(run, 'JSON', 0)).toEqual([
			{
				tokenSubaccount: 'sub-alpha',
				creditRemoved: 12.345,
				credit: 1012.345,
				subaccountCredit: 137.655,
				currency: 'EUR',
			},
			{
				tokenSubaccount: 'sub-beta',
				creditRemoved: 0.5,
				credit: 1012.845,
				subaccountCredit: 20,
				currency: 'EUR',
			},
		]);
		expect(nodeRun(run, 'JSON').data.main[0].map((item: Json) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 9 },
		]);

		// Errors: the input item's fields kept, plus one `error` object.
		const errors = output(run, 'JSON', 1);
		expect(errors.map((item) => [item.case, item.error.code, item.error.outcome])).toEqual([
			['code 7', 7, 'rejected'],
			['code 8', 8, 'rejected'],
			['code 6', 6, 'rejected'],
			['code 2', 2, 'rejected'],
			['code 3', 3, 'rejected'],
			['code 5', 5, 'rejected'],
			['blank token', null, 'notSent'],
			['comma decimal', null, 'notSent'],
		]);
		expect(errors[0]).toEqual({
			case: 'code 7',
			token: 'sub-unknown',
			amount: 1,
			error: {
				message:
					'SMS Partner refused the credit move for subaccount "sub-unknown" (code 7): «The sub-account does not exist»',
				description: expect.stringContaining('Nothing was changed.'),
				code: 7,
				httpStatus: 404,
				outcome: 'rejected',
			},
		});
		expect(errors[1].error.message).toBe('Insufficient credit (SMS Partner code 8)');
		expect(errors[6].error).toMatchObject({
			message: 'Subaccount Token is blank: its expression gave only spaces',
			field: 'subaccount',
		});
		expect(errors[7].error).toMatchObject({
			field: 'credit',
			message: expect.stringContaining('uses a comma'),
		});

		// XML answers give exactly the JSON items (the twin account has the same subaccounts).
		expect(output(run, 'XML', 0)).toEqual(output(run, 'JSON', 0));
		expect(output(run, 'XML', 1)).toEqual(errors);

		// Account-level refusals, from real account conditions.
		const codesOf = (name: string) => output(run, name, 1).map((item) => item.error.code);
		expect(output(run, 'Wrong key', 0)).toEqual([]);
		expect(codesOf('Wrong key')).toEqual([10, 10, 10, 10, 2, 3, 5, null, null, 10]);
		expect(output(run, 'Wrong key', 1)[0].error.message).toBe(
			'Invalid API key (SMS Partner code 10)',
		);
		expect(codesOf('No permission')).toEqual([4, 4, 4, 4, 2, 3, 5, null, null, 4]);
		expect(codesOf('Empty key')).toEqual([1, 1, 1, 1, 2, 3, 5, null, null, 1]);

		// Bad input sent nothing; every valid item was sent exactly once per node.
		const removeCalls = sandbox.calls.filter((call) => call.path === REMOVE_CREDIT);
		expect(removeCalls).toHaveLength(VALID_ITEMS.length * 5);
		expect(
			removeCalls.some(
				(call) => call.body.tokenSubaccount.trim() === '' || call.body.credit === '12,5',
			),
		).toBe(false);
		expect(sandbox.subaccount('sub-alpha', KEY).credit).toBe(137.655);
		expect(sandbox.subaccount('sub-alpha', TWIN_KEY).credit).toBe(137.655);
	});

	test('with "On Error" unset the execution fails with the readable message', async () => {
		const workflow = fanOutWorkflow(
			'e2e-stop',
			[
				{ token: 'sub-beta', amount: 1 },
				{ token: 'sub-beta', amount: 500 },
				{ token: 'sub-beta', amount: 2 },
			],
			[{ name: 'Stops', credential: credential('cred-main', 'SMS Partner (sandbox)') }],
		);
		const callsBefore = sandbox.callCount(REMOVE_CREDIT);
		const { code, run, stdout, stderr } = await execute(workflow, { expectFailure: true });

		expect(code).not.toBe(0);
		expect(run.status).toBe('error');
		expect(run.data.resultData.error.message).toBe('Insufficient credit (SMS Partner code 8)');
		expect(nodeRun(run, 'Stops').error.message).toBe('Insufficient credit (SMS Partner code 8)');
		expect(`${stdout}${stderr}`).toContain('Insufficient credit (SMS Partner code 8)');
		expect(sandbox.callCount(REMOVE_CREDIT) - callsBefore).toBe(2);
	});

	test('faults: refusals with HTTP 401 and 500 sent once, 429 retried, unreadable or dropped answers "unknown"', async () => {
		sandbox.fault('fault-401', {
			status: 401,
			answer: { success: false, code: 10, message: 'Incorrect API Key' },
		});
		sandbox.fault('fault-500', {
			status: 500,
			answer: { success: false, code: 8, message: 'Insufficient credit' },
		});
		sandbox.fault('fault-429', {
			status: 429,
			headers: { 'Retry-After': '1' },
			body: '',
			times: 1,
		});
		sandbox.fault('fault-html', {
			status: 502,
			body: '<html><body>Bad Gateway</body></html>',
			contentType: 'text/html',
			act: true,
		});
		sandbox.fault('fault-reset', { reset: true, act: true });
		for (const token of ['fault-429', 'fault-html', 'fault-reset']) {
			sandbox.addSubaccount({ token, credit: 10 }, KEY);
		}
		const tokens = ['fault-401', 'fault-500', 'fault-429', 'fault-html', 'fault-reset'];
		const workflow = fanOutWorkflow(
			'e2e-faults',
			tokens.map((token) => ({ token, amount: 1 })),
			[
				{
					name: 'Faults',
					credential: credential('cred-main', 'SMS Partner (sandbox)'),
					onError: 'continueErrorOutput',
				},
			],
		);
		const { code, run } = await execute(workflow);

		expect(code).toBe(0);
		expect(output(run, 'Faults', 0)).toEqual([
			expect.objectContaining({ tokenSubaccount: 'fault-429', subaccountCredit: 9 }),
		]);
		expect(
			output(run, 'Faults', 1).map((item) => [item.token, item.error.outcome, item.error.message]),
		).toEqual([
			['fault-401', 'rejected', 'Invalid API key (SMS Partner code 10)'],
			['fault-500', 'rejected', 'Insufficient credit (SMS Partner code 8)'],
			['fault-html', 'unknown', 'SMS Partner had a server error (HTTP 502): outcome unknown'],
			[
				'fault-reset',
				'unknown',
				'The connection to SMS Partner broke before its answer arrived: outcome unknown',
			],
		]);
		const requestsFor = (token: string) =>
			sandbox.calls.filter(
				(call) => call.path === REMOVE_CREDIT && call.body.tokenSubaccount === token,
			).length;
		expect(tokens.map(requestsFor)).toEqual([1, 1, 2, 1, 1]);
	});

	test('the subaccount family: Add Credit, Get Many (pages, no secrets), Remove All Remaining Credit', async () => {
		for (let n = 1; n <= 22; n++) sandbox.addSubaccount({ token: `family-${n}`, credit: n }, KEY);
		const main = credential('cred-main', 'SMS Partner (sandbox)');
		const workflow = fanOutWorkflow(
			'e2e-family',
			[{ run: 'family' }],
			[
				{
					name: 'Add',
					credential: main,
					parameters: {
						resource: 'subAccount',
						operation: 'addCredit',
						subaccount: 'family-1',
						credit: 2.5,
					},
				},
				{
					name: 'List',
					credential: main,
					parameters: { resource: 'subAccount', operation: 'getMany', returnAll: true },
				},
				{
					name: 'Empty',
					credential: main,
					parameters: {
						resource: 'subAccount',
						operation: 'removeCredit',
						subaccount: 'family-22',
						removeAll: true,
					},
				},
				{
					name: 'Balance',
					credential: main,
					parameters: { resource: 'account', operation: 'getBalance' },
				},
			],
		);
		const { run } = await execute(workflow);

		expect(output(run, 'Add', 0)).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'family-1',
				creditAdded: 2.5,
				subaccountCredit: 3.5,
				currency: 'EUR',
			}),
		]);
		const listed = output(run, 'List', 0);
		expect(listed.length).toBeGreaterThanOrEqual(25);
		expect(listed.map((item) => item.tokenSubaccount)).toEqual(
			expect.arrayContaining(['sub-alpha', 'family-1', 'family-22']),
		);
		expect(
			listed.every((item) => typeof item.subaccountCredit === 'number' && !('apiKey' in item)),
		).toBe(true);
		expect(output(run, 'Empty', 0)).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'family-22',
				creditRemoved: 22,
				subaccountCredit: 0,
			}),
		]);
		expect(output(run, 'Balance', 0)).toEqual([
			expect.objectContaining({ credit: expect.any(Number), currency: 'EUR' }),
		]);
		expect(sandbox.subaccount('family-22', KEY).credit).toBe(0);
		for (const sub of sandbox.account(KEY).subaccounts)
			expect(JSON.stringify(run)).not.toContain(sub.apiKey!);
	});

	test('a hostile network and settings: redirects never followed, an unreadable balance never "empty", Retry On Fail refused', async () => {
		const secondHost = await startSandbox({ host: '127.0.0.2' });
		try {
			for (const token of [
				'hostile-redirect',
				'hostile-closed',
				'hostile-unreadable',
				'hostile-retry',
			]) {
				sandbox.addSubaccount({ token, credit: 50 }, KEY);
			}
			sandbox.fault('hostile-redirect', {
				act: true,
				status: 307,
				headers: { Location: `${secondHost.baseUrl}${REMOVE_CREDIT}?apiKey=${KEY}` },
				body: '',
			});
			sandbox.fault('hostile-closed', {
				act: true,
				status: 302,
				headers: { Location: 'http://127.0.0.1:9/v1/x' },
				body: '',
			});
			sandbox.subaccount('hostile-unreadable', KEY).listed = { balance: '12,5' };
			const main = credential('cred-main', 'SMS Partner (sandbox)');
			const workflow = fanOutWorkflow(
				'e2e-hostile',
				[
					{ token: 'hostile-redirect', amount: 5 },
					{ token: 'hostile-closed', amount: 5 },
				],
				[
					{ name: 'Redirected', credential: main, onError: 'continueErrorOutput' },
					{
						name: 'Remove All',
						credential: main,
						onError: 'continueErrorOutput',
						parameters: {
							resource: 'subAccount',
							operation: 'removeCredit',
							subaccount: 'hostile-unreadable',
							removeAll: true,
						},
					},
					{
						name: 'Retried',
						credential: main,
						onError: 'continueErrorOutput',
						parameters: {
							resource: 'subAccount',
							operation: 'removeCredit',
							subaccount: 'hostile-retry',
							credit: '5',
						},
						settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
					},
				],
			);
			const callsBefore = sandbox.calls.length;
			const { code, run } = await execute(workflow);

			expect(code).toBe(0);
			expect(output(run, 'Redirected', 0)).toEqual([]);
			expect(
				output(run, 'Redirected', 1).map((item) => [
					item.token,
					item.error.outcome,
					item.error.httpStatus,
				]),
			).toEqual([
				['hostile-redirect', 'unknown', 307],
				['hostile-closed', 'unknown', 302],
			]);
			expect(output(run, 'Redirected', 1)[0].error.description).toContain(
				'The redirect pointed to 127.0.0.2:',
			);
			expect(output(run, 'Remove All', 0)).toEqual([]);
			expect(output(run, 'Remove All', 1)[0].error).toMatchObject({
				message:
					'The balance of subaccount "hostile-unreadable" could not be read from SMS Partner\'s list: nothing was sent',
				outcome: 'notSent',
			});
			expect(output(run, 'Retried', 0)).toEqual([]);
			expect(output(run, 'Retried', 1).map((item) => item.error.field)).toEqual([
				'retryOnFail',
				'retryOnFail',
			]);

			const removes = sandbox.calls
				.slice(callsBefore)
				.filter((call) => call.path === REMOVE_CREDIT);
			expect(removes.map((call) => call.body.tokenSubaccount)).toEqual([
				'hostile-redirect',
				'hostile-closed',
			]);
			expect(secondHost.calls).toEqual([]);
			expect(sandbox.subaccount('hostile-redirect', KEY).credit).toBe(45);
			expect(sandbox.subaccount('hostile-unreadable', KEY).credit).toBe(50);
			expect(sandbox.subaccount('hostile-retry', KEY).credit).toBe(50);
		} finally {
			await secondHost.close();
		}
	});

	test('SMS and Stop List: Send billed or in sandbox mode, Get Status, Cancel refunded, STOP list refusals paired, Stop List round trip', async () => {
		sandbox.deliveryMs = 0; // every status is final at once: Delivered, or Not delivered when marked
		sandbox.markUndeliverable('+33698765432');
		const stopId = sandbox.addStop('0611223344', KEY);
		const creditBefore = sandbox.account(KEY).credit;
		const messagesBefore = sandbox.messages(KEY).length;
		const inOneHour = new Date(Date.now() + 60 * 60_000).toISOString();
		const main = credential('cred-main', 'SMS Partner (sandbox)');
		const once = { executeOnce: true };
		const send = (options: Json, phoneNumbers = '06 12 34 56 78, +33698765432') => ({
			resource: 'sms',
			operation: 'send',
			phoneNumbers,
			message: 'Bonjour, votre colis arrive',
			options,
		});
		const people = [
			{ who: 'anne', phone: '06 12 34 56 78', text: 'Bonjour Anne' },
			{ who: 'marc', phone: '06 11 22 33 44', text: 'Bonjour Marc' },
			{ who: 'zoé', phone: '+33698765432', text: 'Bonjour Zoé' },
		];
		const workflow = fanOutWorkflow('e2e-sms', people, [
			{ name: 'Send', credential: main, settings: once, parameters: send({}) },
			{
				name: 'Status',
				after: 'Send',
				credential: main,
				parameters: {
					resource: 'sms',
					operation: 'getStatus',
					messageId: '={{ $json.messageId }}',
					phoneNumber: '',
				},
			},
			{ name: 'Sandbox', credential: main, settings: once, parameters: send({ sandbox: true }) },
			{
				name: 'Scheduled',
				credential: main,
				settings: once,
				parameters: send({ scheduledAt: inOneHour }, '0612345678'),
			},
			{
				name: 'Cancel',
				after: 'Scheduled',
				credential: main,
				parameters: { resource: 'sms', operation: 'cancel', messageId: '={{ $json.messageId }}' },
			},
			{
				name: 'Send each',
				credential: main,
				onError: 'continueErrorOutput',
				parameters: {
					resource: 'sms',
					operation: 'send',
					phoneNumbers: '={{ $json.phone }}',
					message: '={{ $json.text }}',
				},
			},
			{
				name: 'Send Many',
				credential: main,
				onError: 'continueErrorOutput',
				parameters: {
					resource: 'sms',
					operation: 'sendMany',
					phoneNumber: '={{ $json.phone }}',
					message: '={{ $json.text }}',
				},
			},
			{
				name: 'Stop add',
				credential: main,
				settings: once,
				parameters: { resource: 'stopList', operation: 'add', phoneNumber: '07 55 44 33 22' },
			},
			{
				name: 'Stop list',
				after: 'Stop add',
				credential: main,
				parameters: { resource: 'stopList', operation: 'getMany', returnAll: true },
			},
			{
				name: 'Stop remove',
				after: 'Stop list',
				credential: main,
				settings: once,
				parameters: {
					resource: 'stopList',
					operation: 'remove',
					id: "={{ $('Stop add').first().json.id }}",
				},
			},
			{
				name: 'Stop list after',
				after: 'Stop remove',
				credential: main,
				parameters: { resource: 'stopList', operation: 'getMany', returnAll: true },
			},
		]);
		const { code, run } = await execute(workflow);

		expect(code).toBe(0);
		expect(run.status).toBe('success');

		// Send: numbers normalised, parts and cost as SMS Partner billed them.
		const [sent] = output(run, 'Send', 0);
		expect(output(run, 'Send', 0)).toEqual([
			{
				messageId: expect.any(String),
				recipients: ['+33612345678', '+33698765432'],
				parts: 2,
				cost: 0.09,
				currency: 'EUR',
				sandbox: false,
				encoding: 'GSM-7',
				characters: 27,
				partsPerRecipient: 1,
			},
		]);
		const sentMessages = sandbox.messages(KEY).slice(messagesBefore);
		const record = (id: unknown) => sentMessages.find((message) => String(message.id) === id)!;
		expect(record(sent.messageId)).toMatchObject({ sandbox: false, cost: 0.09, cancelled: false });

		// Get Status without a number: one item per recipient, paired with the Send item.
		expect(output(run, 'Status', 0)).toEqual([
			{
				messageId: String(sent.messageId),
				phoneNumber: '+33612345678',
				status: 'delivered',
				smsPartnerStatus: 'Delivered',
				date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/),
				stopSms: false,
				cost: 0.045,
			},
			expect.objectContaining({
				messageId: String(sent.messageId),
				phoneNumber: '+33698765432',
				status: 'notDelivered',
				smsPartnerStatus: 'Not delivered',
			}),
		]);
		expect(nodeRun(run, 'Status').data.main[0].map((item: Json) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
		]);

		// Sandbox option: answered like a send, recorded as a test, billed nothing (below).
		const [tried] = output(run, 'Sandbox', 0);
		expect(tried).toMatchObject({
			recipients: ['+33612345678', '+33698765432'],
			parts: 2,
			sandbox: true,
		});
		expect(record(tried.messageId)).toMatchObject({ sandbox: true });

		// Scheduled an hour ahead, then cancelled: its cost comes back (below).
		const [scheduled] = output(run, 'Scheduled', 0);
		expect(scheduled).toMatchObject({
			recipients: ['+33612345678'],
			cost: 0.045,
			sandbox: false,
			scheduledAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+0[12]:00$/),
		});
		expect(output(run, 'Cancel', 0)).toEqual([
			{ messageId: String(scheduled.messageId), cancelled: true },
		]);
		expect(record(scheduled.messageId)).toMatchObject({ cancelled: true, cost: 0.045 });

		// A number on the STOP list: code 14 on the error output, the input item kept,
		// the other items sent, each output item paired with its input — Send and Send Many alike.
		const stopped = {
			...people[1],
			error: expect.objectContaining({
				message: "A number is on the account's STOP list (SMS Partner code 14)",
				code: 14,
				outcome: 'rejected',
			}),
		};
		const pairing = (name: string, index: number) =>
			nodeRun(run, name).data.main[index].map((item: Json) => item.pairedItem);
		expect(output(run, 'Send each', 0).map((item) => item.recipients)).toEqual([
			['+33612345678'],
			['+33698765432'],
		]);
		expect(output(run, 'Send each', 1)).toEqual([stopped]);
		expect(pairing('Send each', 0)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(pairing('Send each', 1)).toEqual([{ item: 1 }]);
		const many = output(run, 'Send Many', 0);
		expect(many).toEqual([
			expect.objectContaining({ phoneNumber: '+33612345678', parts: 1, cost: 0.045 }),
			expect.objectContaining({ phoneNumber: '+33698765432', parts: 1, cost: 0.045 }),
		]);
		expect(many[1].messageId).toBe(many[0].messageId);
		expect(output(run, 'Send Many', 1)).toEqual([stopped]);
		expect(pairing('Send Many', 0)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(pairing('Send Many', 1)).toEqual([{ item: 1 }]);

		// Money: Send 0.09, two sends of "Send each" and two lines of Send Many 0.045 each;
		// the cancelled send was given back, the sandbox send cost nothing.
		expect(Math.round((creditBefore - sandbox.account(KEY).credit) * 1000) / 1000).toBe(0.27);

		// Stop List: added, listed beside the number already there, removed, gone.
		const [added] = output(run, 'Stop add', 0);
		expect(added).toEqual({
			id: expect.any(String),
			phoneNumber: '+33755443322',
			alreadyListed: false,
		});
		const entry = (id: number | string, phoneNumber: string) => ({
			id: String(id),
			phoneNumber,
			createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
		});
		expect(output(run, 'Stop list', 0)).toEqual([
			entry(stopId, '+33611223344'),
			entry(added.id, '+33755443322'),
		]);
		expect(output(run, 'Stop remove', 0)).toEqual([{ id: added.id, removed: true }]);
		expect(output(run, 'Stop list after', 0)).toEqual([entry(stopId, '+33611223344')]);
		expect(sandbox.account(KEY).stopList!.map((listed) => listed.phoneNumber)).toEqual([
			'+33611223344',
		]);
	});

	test('safe by default (#22): empty expressions refused, Paris wall time on an n8n in New York, Test Mode, credit kept on delete, contradicting and documented answers read', async () => {
		const year =
			Date.now() < Date.UTC(new Date().getUTCFullYear(), 11, 24)
				? new Date().getUTCFullYear()
				: new Date().getUTCFullYear() + 1;
		const main = credential('cred-main', 'SMS Partner (sandbox)');
		const testMode = credential('cred-test', 'SMS Partner (Test Mode)');
		const once = { executeOnce: true };
		const errorOutput = 'continueErrorOutput';
		sandbox.addSubaccount({ token: 'sub-e2e-22', credit: 7.5 });
		sandbox.addSubaccount({ token: 'sub-e2e-22-kept', credit: 3 });
		const mainCreditBefore = sandbox.account(KEY).credit;
		const twentyDigits = '12345678901234567890';
		sandbox.fault('/stop-sms/list', {
			times: 1,
			contentType: 'application/json',
			body: `{"success":true,"code":200,"nbData":1,"data":[{"id":${twentyDigits},"phoneNumber":"+33655443322","createdAt":"2026-12-01 10:00:00"}]}`,
		});
		sandbox.fault('/bulk-send', {
			times: 1,
			answer: {
				success: true,
				code: 200,
				message_id: 990001,
				currency: 'EUR',
				cost: 0.09,
				nbSMS: 2,
				SMSResponse_List: [
					{ phoneNumber: '+33612345678', success: true, code: 14, nbSms: 1, cost: 0.045 },
					{ phoneNumber: '+33698765432', success: true, code: 200, nbSms: 1, cost: 0.045 },
				],
			},
		});
		sandbox.fault('/me', { times: 1, body: ME_XML_DOCUMENTED, contentType: 'application/xml' });
		sandbox.fault('/stop-sms/add', {
			times: 1,
			status: 400,
			body: CODE_9_XML_DOCUMENTED,
			contentType: 'application/xml',
		});
		const sendParameters = (message: string, options: Json) => ({
			resource: 'sms',
			operation: 'send',
			phoneNumbers: '={{ $json.phone }}',
			message,
			options,
		});
		const people = [
			{ who: 'anne', phone: '06 12 34 56 78', at: `25/12/${year} 10:00` },
			{ who: 'zoé', phone: '+33698765432' },
		];
		const workflow = fanOutWorkflow('e2e-issue-22', people, [
			{
				name: 'Scheduled',
				credential: main,
				onError: errorOutput,
				parameters: sendParameters('e2e-22 scheduled', {
					scheduledAt: '={{ $json.at }}',
					sandbox: true,
				}),
			},
			{
				name: 'Failing expression',
				credential: main,
				onError: errorOutput,
				parameters: sendParameters('e2e-22 failing', {
					scheduledAt: '={{ $json.sendAt.toISO() }}',
				}),
			},
			{
				name: 'Sandbox missing',
				credential: main,
				onError: errorOutput,
				parameters: sendParameters('e2e-22 sandbox', { sandbox: '={{ $json.sandbox }}' }),
			},
			{
				name: 'Test Mode',
				credential: testMode,
				settings: once,
				parameters: sendParameters('e2e-22 test mode', {}),
			},
			{
				name: 'Test Mode credit',
				credential: testMode,
				settings: once,
				onError: errorOutput,
				parameters: {
					resource: 'subAccount',
					operation: 'addCredit',
					subaccount: 'sub-alpha',
					credit: '1',
				},
			},
			{
				name: 'Delete with credit',
				credential: main,
				settings: once,
				onError: errorOutput,
				parameters: { resource: 'subAccount', operation: 'delete', subaccount: 'sub-e2e-22-kept' },
			},
			{
				name: 'Delete moving credit back',
				credential: main,
				settings: once,
				parameters: {
					resource: 'subAccount',
					operation: 'delete',
					subaccount: 'sub-e2e-22',
					moveCreditBack: true,
				},
			},
			{
				name: 'Send Many',
				credential: main,
				onError: errorOutput,
				parameters: {
					resource: 'sms',
					operation: 'sendMany',
					phoneNumber: '={{ $json.phone }}',
					message: 'e2e-22 many',
					options: { sandbox: true },
				},
			},
			{
				name: 'Stop list',
				credential: main,
				settings: once,
				parameters: { resource: 'stopList', operation: 'getMany', returnAll: true },
			},
			{
				name: 'Stop remove',
				after: 'Stop list',
				credential: main,
				onError: errorOutput,
				parameters: { resource: 'stopList', operation: 'remove', id: '={{ $json.id }}' },
			},
			{
				name: 'Balance XML',
				credential: main,
				settings: once,
				parameters: {
					resource: 'account',
					operation: 'getBalance',
					options: { responseFormat: 'xml' },
				},
			},
			{
				name: 'Stop add code 9',
				credential: main,
				settings: once,
				onError: errorOutput,
				parameters: {
					resource: 'stopList',
					operation: 'add',
					phoneNumber: '0655443322',
					options: { responseFormat: 'xml' },
				},
			},
		]);
		// n8n's own default time zone, which `npm start` and these runs otherwise set to UTC.
		(workflow.settings as Json).timezone = 'America/New_York';
		const callsBefore = sandbox.calls.length;
		const { run } = await execute(workflow);
		const sentTexts = sandbox.messages(KEY).map((message) => message.text);

		// 1. An expression that gives nothing is refused, naming the field; nothing sent.
		expect(output(run, 'Scheduled', 0)).toEqual([
			expect.objectContaining({
				scheduledAt: `${year}-12-25T10:00:00+01:00`,
				scheduledAtParis: expect.stringContaining(`25 December ${year}, 10:00 (Paris time)`),
				sandbox: true,
			}),
		]);
		expect(output(run, 'Scheduled', 1)).toEqual([
			expect.objectContaining({
				who: 'zoé',
				error: expect.objectContaining({
					message: 'Scheduled At is empty: its expression gave nothing',
					outcome: 'notSent',
				}),
			}),
		]);
		expect(output(run, 'Failing expression', 0)).toEqual([]);
		expect(output(run, 'Failing expression', 1)).toHaveLength(2);
		expect(sentTexts).not.toContain('e2e-22 failing');
		expect(output(run, 'Sandbox missing', 0)).toEqual([]);
		expect(output(run, 'Sandbox missing', 1).map((item) => item.error.message)).toEqual([
			'Sandbox is empty: its expression gave nothing',
			'Sandbox is empty: its expression gave nothing',
		]);
		expect(sentTexts).not.toContain('e2e-22 sandbox');

		// 2. A date without a zone is Paris wall time, on an n8n in New York.
		const scheduled = sandbox.calls.find((call) => call.body?.message === 'e2e-22 scheduled');
		expect(scheduled?.body).toMatchObject({
			scheduledDeliveryDate: `25/12/${year}`,
			time: 10,
			minute: 0,
		});

		// 3. Test Mode: sent in sandbox mode, an estimate, nothing billed; money moves refused.
		expect(output(run, 'Test Mode', 0)).toEqual([
			expect.objectContaining({ sandbox: true, estimatedCost: 0.045 }),
		]);
		expect(output(run, 'Test Mode', 0)[0]).not.toHaveProperty('cost');
		expect(
			sandbox.calls.find((call) => call.body?.message === 'e2e-22 test mode')?.body,
		).toMatchObject({ sandbox: 1 });
		expect(output(run, 'Test Mode credit', 1)[0].error.message).toBe(
			"The 'SMS Partner API' credential is in Test Mode: Add Credit is refused",
		);

		// 4. Credit is never lost silently.
		expect(output(run, 'Delete with credit', 1)[0].error).toMatchObject({
			message: 'The subaccount "sub-e2e-22-kept" still holds 3 EUR: it was not deleted',
			outcome: 'notSent',
		});
		expect(sandbox.subaccount('sub-e2e-22-kept').credit).toBe(3);
		expect(output(run, 'Delete moving credit back', 0)).toEqual([
			expect.objectContaining({
				tokenSubaccount: 'sub-e2e-22',
				deleted: true,
				creditReturned: 7.5,
			}),
		]);
		expect(sandbox.hasSubaccount('sub-e2e-22')).toBe(false);
		expect(sandbox.account(KEY).credit).toBeCloseTo(mainCreditBefore + 7.5, 3);

		// 6. A line that says success with another code is unknown; a 20-digit id kept exactly.
		expect(output(run, 'Send Many', 1)).toEqual([
			expect.objectContaining({
				who: 'anne',
				error: expect.objectContaining({ outcome: 'unknown' }),
			}),
		]);
		expect(output(run, 'Send Many', 0)).toEqual([
			expect.objectContaining({ phoneNumber: '+33698765432', messageId: '990001' }),
		]);
		expect(output(run, 'Stop list', 0)).toEqual([expect.objectContaining({ id: twentyDigits })]);
		const removal = sandbox.calls
			.slice(callsBefore)
			.find((call) => call.path === '/stop-sms/delete');
		expect({ ...removal?.query, ...removal?.body }).toMatchObject({ id: twentyDigits });

		// 7. SMS Partner's documented XML: /me read, code 9 read as the refusal it is.
		expect(output(run, 'Balance XML', 0)).toEqual([
			expect.objectContaining({ credit: 10224.688, username: 'exemple@email.com' }),
		]);
		expect(output(run, 'Stop add code 9', 1)[0].error).toMatchObject({
			code: 9,
			outcome: 'rejected',
			description: expect.stringContaining('message: Le message est requis'),
		});
	});

	test('contacts and groups round trip, a number check, the statuses of a Send Many, the costs', async () => {
		const main = credential('cred-main', 'SMS Partner (sandbox)');
		const once = { executeOnce: true };
		const groupName = `e2e ${version}`;
		const people = [
			{ phone: '06 12 34 56 78', first: 'Amélie', text: 'Bonjour Amélie' },
			{ phone: '07 98 76 54 32', first: 'Zoé', text: 'Bonjour Zoé' },
		];
		const group = "={{ $('Group create').first().json.groupId }}";
		const workflow = fanOutWorkflow('e2e-contacts', people, [
			{
				name: 'Group create',
				credential: main,
				settings: once,
				parameters: { resource: 'group', operation: 'create', name: groupName },
			},
			{
				name: 'Contact add',
				credential: main,
				parameters: {
					resource: 'contact',
					operation: 'add',
					groupId: group,
					phoneNumber: '={{ $json.phone }}',
					additionalFields: { firstName: '={{ $json.first }}', custom1: 'e2e' },
				},
			},
			{
				// SMS Partner's contactsList answer names no contact ID: the list gives them.
				name: 'Contact list',
				after: 'Contact add',
				credential: main,
				settings: once,
				parameters: { resource: 'contact', operation: 'getMany', groupId: group, returnAll: true },
			},
			{
				name: 'Contact update',
				after: 'Contact list',
				credential: main,
				parameters: {
					resource: 'contact',
					operation: 'update',
					contactId: '={{ $json.contactId }}',
					updateFields: { lastName: 'Martin' },
				},
			},
			{
				name: 'Contact get',
				after: 'Contact update',
				credential: main,
				parameters: { resource: 'contact', operation: 'get', contactId: '={{ $json.contactId }}' },
			},
			{
				name: 'Contact delete',
				after: 'Contact get',
				credential: main,
				parameters: {
					resource: 'contact',
					operation: 'delete',
					contactId: '={{ $json.contactId }}',
				},
			},
			{
				name: 'Group delete',
				after: 'Contact delete',
				credential: main,
				settings: once,
				parameters: { resource: 'group', operation: 'delete', groupId: group },
			},
			{
				name: 'Group list',
				after: 'Group delete',
				credential: main,
				parameters: { resource: 'group', operation: 'getMany', returnAll: true },
			},
			{
				name: 'Number check',
				credential: main,
				parameters: { resource: 'number', operation: 'check', phoneNumber: '={{ $json.phone }}' },
			},
			{
				name: 'Send Many',
				credential: main,
				parameters: {
					resource: 'sms',
					operation: 'sendMany',
					phoneNumber: '={{ $json.phone }}',
					message: '={{ $json.text }}',
					options: { sandbox: true },
				},
			},
			{
				name: 'Statuses',
				after: 'Send Many',
				credential: main,
				parameters: {
					resource: 'sms',
					operation: 'getManyStatuses',
					statusesBy: 'pair',
					messageId: '={{ $json.messageId }}',
					phoneNumber: '={{ $json.phoneNumber }}',
				},
			},
			{
				name: 'Costs',
				credential: main,
				settings: once,
				parameters: { resource: 'account', operation: 'getCosts', period: 'lastTwelveMonths' },
			},
		]);
		const { code, run } = await execute(workflow);

		expect(code).toBe(0);
		expect(run.status).toBe('success');

		const [created] = output(run, 'Group create', 0);
		expect(created).toMatchObject({ groupId: expect.any(String), name: groupName });
		const added = output(run, 'Contact add', 0);
		expect(added).toEqual([
			expect.objectContaining({
				groupId: created.groupId,
				phoneNumber: '+33612345678',
				firstname: 'Amélie',
				custom1: 'e2e',
				alreadyInGroup: false,
			}),
			expect.objectContaining({ phoneNumber: '+33798765432', firstname: 'Zoé' }),
		]);
		const listed = output(run, 'Contact list', 0);
		expect(listed.map((contact) => contact.phoneNumber).sort()).toEqual([
			'+33612345678',
			'+33798765432',
		]);
		const byNumber = new Map(listed.map((contact) => [contact.phoneNumber, contact.contactId]));
		const read = output(run, 'Contact get', 0);
		expect(read).toHaveLength(2);
		for (const contact of read)
			expect(contact).toMatchObject({
				contactId: byNumber.get(contact.phoneNumber),
				lastname: 'Martin',
				custom1: 'e2e',
			});
		expect(read.find((contact) => contact.phoneNumber === '+33612345678')).toMatchObject({
			firstname: 'Amélie',
		});
		expect(output(run, 'Contact delete', 0)).toEqual([
			expect.objectContaining({ deleted: true }),
			expect.objectContaining({ deleted: true }),
		]);
		expect(output(run, 'Group delete', 0)).toEqual([
			expect.objectContaining({ groupId: created.groupId, deleted: true }),
		]);
		expect(output(run, 'Group list', 0).map((listed) => listed.groupId)).not.toContain(
			created.groupId,
		);

		expect(output(run, 'Number check', 0)).toEqual([
			expect.objectContaining({ valid: true, type: 'mobile', e164: '+33612345678' }),
			expect.objectContaining({ valid: true, type: 'mobile', e164: '+33798765432' }),
		]);

		const sent = output(run, 'Send Many', 0);
		expect(sent.map((item) => item.phoneNumber)).toEqual(['+33612345678', '+33798765432']);
		expect(output(run, 'Statuses', 0)).toEqual(
			sent.map((item) =>
				expect.objectContaining({
					messageId: item.messageId,
					phoneNumber: item.phoneNumber,
					status: expect.stringMatching(/^(delivered|waiting)$/),
				}),
			),
		);
		expect(nodeRun(run, 'Statuses').data.main[0].map((item: Json) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);

		const costs = output(run, 'Costs', 0);
		expect(costs).toHaveLength(12);
		expect(costs[11]).toMatchObject({ period: 'lastTwelveMonths', cost: expect.any(Number) });
	});

	test("`npm start`'s demo workflow: items on both the success and the error branch", async () => {
		const demo = demoWorkflow(credential('cred-main', 'SMS Partner (sandbox)'), [
			{ token: 'sub-alpha', amount: 25 },
			{ token: 'sub-unknown', amount: 10 },
		]);
		const { code, run } = await execute(demo);

		expect(code).toBe(0);
		expect(output(run, 'Credit moved', 0)).toEqual([
			expect.objectContaining({ tokenSubaccount: 'sub-alpha', creditRemoved: 25 }),
		]);
		expect(output(run, 'Refused', 0)).toEqual([
			expect.objectContaining({
				token: 'sub-unknown',
				error: expect.objectContaining({ code: 7 }),
			}),
		]);
	});

	test("`npm start`'s SMS demo: sent in test mode, nothing billed, then its status", async () => {
		const credit = sandbox.account(KEY).credit;
		const { code, run } = await execute(
			demoSmsWorkflow(credential('cred-main', 'SMS Partner (sandbox)')),
		);

		expect(code).toBe(0);
		const [sent] = output(run, 'Send SMS', 0);
		expect(sent).toMatchObject({
			recipients: ['+33612345678', '+33798765432'],
			sandbox: true,
			encoding: 'GSM-7',
			partsPerRecipient: 1,
		});
		const recorded = sandbox.messages(KEY).find((message) => String(message.id) === sent.messageId);
		expect(recorded).toMatchObject({ sandbox: true, text: DEMO_SMS.message.replace('\n', ':br:') });
		expect(output(run, 'Get Status', 0).map((status) => status.phoneNumber)).toEqual([
			'+33612345678',
			'+33798765432',
		]);
		expect(sandbox.account(KEY).credit).toBe(credit);
	});

	test("`npm start`'s contacts demo: the mobiles added to the group once, the landline left out", async () => {
		const workflow = demoContactsWorkflow(credential('cred-main', 'SMS Partner (sandbox)'));
		const first = await execute(workflow);
		const again = await execute(workflow);

		expect(first.code).toBe(0);
		expect(output(first.run, 'Add to group', 0)).toEqual([
			expect.objectContaining({
				groupId: DEMO_CONTACTS.groupId,
				phoneNumber: '+33612345678',
				firstname: 'Amélie',
				lastname: 'Martin',
				alreadyInGroup: false,
			}),
			expect.objectContaining({ phoneNumber: '+33798765432', alreadyInGroup: false }),
		]);
		expect(output(first.run, 'Not a mobile', 0)).toEqual([
			expect.objectContaining({ type: 'landline', e164: '+33142685300' }),
		]);
		const listed = output(first.run, 'Contacts in the group', 0);
		expect(listed.map((contact) => contact.phoneNumber).sort()).toEqual([
			'+33612345678',
			'+33798765432',
		]);
		// The same people again: SMS Partner's code 15, a success that says so; nobody twice.
		expect(output(again.run, 'Add to group', 0).map((added) => added.alreadyInGroup)).toEqual([
			true,
			true,
		]);
		expect(output(again.run, 'Contacts in the group', 0)).toHaveLength(2);
	});

	test("no API key anywhere: not in the run records, n8n's output, nor its user folder", () => {
		const folder = userFolderText(userFolder);
		// The executions are stored there in readable form, so the search below means something.
		expect(folder).toContain('Insufficient credit (SMS Partner code 8)');
		const everything = [...cliOutput, folder].join('\n');
		for (const key of ALL_KEYS) expect(everything.includes(key)).toBe(false);
		// Nor the subaccounts' own keys: Get Many leaves them out unless asked.
		for (const sub of sandbox.account(KEY).subaccounts)
			expect(everything.includes(sub.apiKey!)).toBe(false);
	});
}
