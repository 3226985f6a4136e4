#!/usr/bin/env node
'use strict';
/**
 * `npm run test:ui`: the package in n8n's real editor, in a real browser.
 *
 * Starts what `npm start` starts (the packed package installed as a community
 * package, the SMS Partner sandbox, the fake OpenAI model, their credentials, the
 * demo workflow and the agent demo workflow)
 * but in a throwaway user folder and on ports of its own, sets up n8n's owner
 * through the REST API, and drives Debian's Chromium (installed with apt-get when
 * /usr/bin/chromium is missing) with playwright-core. Fields are filled the way a
 * (French) user fills them: clicked, then typed key by key or pasted with Ctrl+V,
 * fixed values, no expressions; runs start from the editor's buttons.
 *   - the node panel finds "SMS Partner" and its actions, grouped under the
 *     headings n8n shows per resource (ACCOUNT, CONTACT, GROUP, NUMBER, SMS, STOP
 *     LIST, SUBACCOUNT ACTIONS); the Remove Credit fields, the seven resources and each one's
 *     operations show; Credit (EUR) is an empty text field
 *     with its hint, which n8n flags as required (the field's warning once
 *     visited, "Execute step" refused, the canvas node's warning); Subaccount
 *     Token is a plain text input showing what was pasted, spaces included; the
 *     Options collection and Timeout's hint;
 *   - "12,5" typed into Credit (EUR) of a new Add Credit and Remove Credit node
 *     and run with "Execute step": the field keeps "12,5", the output shows the
 *     node's "uses a comma" message, the sandbox receives nothing, no balance
 *     changes; an unknown token typed there gives an error naming it; "  sub-alpha"
 *     pasted moves 12.5 EUR (the token trimmed), which Add Credit moves back;
 *   - SMS › Send: "06 12 34 56 78, 07.98.76.54.32" typed into Phone Numbers, a
 *     message with accents, € and a line break (Enter) into Message, the Sandbox
 *     option switched on, "Execute step": the output (JSON view) shows both numbers
 *     as +33…, GSM-7 and sandbox true; the sandbox received one /send, the text
 *     with :br: and :euro:, and billed nothing; a landline typed after a mobile
 *     gives an error naming it, nothing sent;
 *   - safe by default (issue 22), on that node: "25/12/<year> 10:00" typed into
 *     Options › Scheduled At on this n8n in UTC goes out for 10:00 Paris time
 *     (+01:00, "(Paris time)" in the output, 25/12 10h00 in the /send); a new
 *     credential made in the dialog with Test Mode switched on sends with
 *     sandbox 1 while the node's Sandbox is off (sandbox true, estimatedCost,
 *     nothing billed; the credential is deleted afterwards); switching Send →
 *     Send Many keeps Sandbox on and Scheduled At, and the Send Many run goes
 *     with sandbox 1;
 *   - Contact › Add: Group ID 52011, "06 12 34 56 78", First Name "Amélie", Last
 *     Name, Date "21/06/1990" typed, "Execute step": one /contact/add with
 *     +33612345678 and 1990-06-21, the contact in the group, the fields saved as
 *     typed; a 33-letter first name refused naming First Name, nothing sent;
 *   - the "SMS Partner API" credential dialog, on a second credential made from a
 *     new node: both hints, API Key a password input; the key typed with spaces
 *     around it passes n8n's test; a Base URL without /v1 shows the HTTP 404
 *     message, one where nothing listens ECONNREFUSED; typed back, it passes, and
 *     a Get Balance run with it (the key stored with its spaces) works;
 *   - the demo workflow runs from the editor and items reach both branches;
 *   - the agent demo (AI Agent, OpenAI Chat Model on the local fake model, the
 *     node as two tools) runs from the editor: the agent, its model and the remove
 *     tool show success, the balance tool does not run; the logs panel shows the
 *     run's tree, the agent's answer quoting "creditRemoved":5, the remove tool's
 *     input (sub-alpha, 5, from the model) and output (both balances); the sandbox
 *     received exactly one remove call; the remove tool's panel shows its Tool
 *     Description;
 *   - the SMS Partner Webhook Trigger, picked from the node creator by "On reply
 *     received" (its five events under "Triggers (5)"): the Events dropdown's five
 *     options, each selected (and Reply Received deselected and selected again) shown
 *     as chips and saved so; a Secret typed into its password field; "Webhook URLs" ›
 *     Production URL showing …/webhook/<webhookId>/sms/<secret> for POST, copied with a
 *     click ("URL copied", read back from the clipboard); the workflow published from
 *     the header; SMS Partner's reply JSON posted to the copied URL gets 200 and starts
 *     an execution with the reply, the URL without the secret gets 403;
 *   - the appointment demo built in the editor: Manual Trigger → SMS › Send and Wait
 *     for Reply ("06 12 34 56 78", the message, "OUI, NON" typed) → a Switch added from
 *     the node's "+" with rules {{ $json.answer }} = OUI / NON; "Execute workflow"
 *     sends one SMS whose urlResponse is the run's resume URL and shows the run
 *     waiting; the sandbox posts "oui" from that number there; the editor shows the
 *     finished run: answer "OUI" in the node's output, 1 item on the Switch's OUI output.
 * Saves docs/screenshots/node-parameters.png, comma-refused.png, send-sms.png, trigger.png,
 * credential.png, demo-workflow-executed.png, agent-workflow-executed.png,
 * webhook-trigger.png and send-and-wait-for-reply.png and stops everything it started. A node:test
 * suite: each check is a named test; node's runner reports them and exits 1 on
 * any failure (`npm run test:ui`).
 *
 * Environment:
 *   UI_TEST_N8N_PORT       n8n's port (default 5688; a free one if taken)
 *   UI_TEST_SANDBOX_PORT   the sandbox's port (default 4020; a free one if taken)
 *   UI_TEST_MODEL_PORT     the fake OpenAI model's port (default 4030; a free one if taken)
 *   UI_TEST_N8N_VERSION    n8n version (default 2.41.1, whose editor the selectors follow)
 *   UI_TEST_HEADED=1       show the browser (needs a display)
 *   UI_TEST_KEEP=1         keep the throwaway folder (n8n's log is written there)
 */
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const { ensureN8n, importIntoN8n, prepareUserFolder, startN8n } = require('../support/n8n');
const { buildPackage } = require('../support/build');
const { CHROMIUM, ensureChromium } = require('../support/debian');
const { freePort, pickPort } = require('../support/ports');
const {
	DEMO_AGENT_PROMPT,
	DEMO_ITEMS,
	FAKE_MODEL_CREDENTIAL,
	SANDBOX_CREDENTIAL,
	credentialEntry,
	demoAgentWorkflow,
	demoWorkflow,
	openAiCredentialEntry,
} = require('../support/workflows');
const { startFakeOpenAi } = require('../support/fakeOpenAi');
const { LATEST } = require('../support/versions');
const { startSandbox } = require('../../sandbox/server');

const ROOT = path.join(__dirname, '..', '..');
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const FAILURES = path.join(os.tmpdir(), 'n8n-nodes-smspartner-ui-failures');
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const VIEWPORT = { width: 1280, height: 800 };
const CREDENTIAL = SANDBOX_CREDENTIAL;
const DEMO_ID = 'smspartner-demo';
/** `npm start`'s agent demo: AI Agent, the fake OpenAI model, the two SMS Partner tools. */
const AGENT_DEMO = demoAgentWorkflow(CREDENTIAL, FAKE_MODEL_CREDENTIAL);
const OWNER = {
	email: 'ui-test@example.com',
	firstName: 'UI',
	lastName: 'Test',
	password: 'UiTest-Passw0rd',
};
const WAIT = 30000; // ms, for anything the editor has to load or compute

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
/**
 * Progress lines go to stderr: under `node --test` this file's stdout carries the
 * runner's v8-serialized results, and text written between them can make Node
 * 20's runner fail the whole file ("Unable to deserialize cloned data", seen under
 * load; nodejs/node#64061). The runner shows stderr lines all the same.
 */
function log(line) {
	process.stderr.write(`${line}\n`);
}
function step(message) {
	log(`\n▸ ${message} (${elapsed()})`);
}

/* ---------- environment ---------- */

function listening(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Pids of every live process descending from this one. */
function descendants(rootPid = process.pid) {
	const parentOf = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (fields[0] === 'Z') continue; // zombie: already dead
			parentOf.set(Number(entry), Number(fields[1]));
		} catch {
			/* gone meanwhile */
		}
	}
	const found = [];
	const frontier = [rootPid];
	while (frontier.length) {
		const parent = frontier.pop();
		for (const [pid, ppid] of parentOf) {
			if (ppid === parent) {
				found.push(pid);
				frontier.push(pid);
			}
		}
	}
	return found;
}

/** Live (not zombie) Chromium processes, wherever they hang: its crash handler re-parents itself away from us. */
function chromiumPids() {
	const pids = new Set();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const zombie = stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z';
			if (cmd.startsWith('/usr/lib/chromium/') && !zombie) pids.add(Number(entry));
		} catch {
			/* gone meanwhile */
		}
	}
	return pids;
}

async function settle(probe, ms = 5000) {
	const deadline = Date.now() + ms;
	let value = probe();
	while (!value.ok && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		value = probe();
	}
	return value;
}

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/* ---------- n8n REST ---------- */

/** POST /rest/owner/setup (n8n's OwnerSetupRequestDto); returns the n8n-auth cookie it issues. */
async function setupOwner(baseUrl) {
	const res = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	const text = await res.text();
	if (res.status !== 200) throw new Error(`POST /rest/owner/setup answered ${res.status}: ${text}`);
	const body = JSON.parse(text);
	const cookie = res.headers
		.getSetCookie()
		.map((line) => /^n8n-auth=([^;]+)/.exec(line))
		.find(Boolean);
	if (!cookie) throw new Error('POST /rest/owner/setup set no n8n-auth cookie');
	return { user: body.data, token: cookie[1] };
}

async function rest(baseUrl, token, pathname) {
	const res = await fetch(`${baseUrl}/rest${pathname}`, {
		headers: { cookie: `n8n-auth=${token}` },
	});
	const text = await res.text();
	if (res.status !== 200)
		throw new Error(`GET /rest${pathname} answered ${res.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text).data;
}

/** Items per output of each node in the workflow's latest execution (n8n stores run data with `flatted`). */
async function latestRunItems(baseUrl, token, install, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await rest(baseUrl, token, `/executions?filter=${filter}&limit=1`);
	const summary = (list.results || list)[0];
	if (!summary) return null;
	const execution = await rest(baseUrl, token, `/executions/${summary.id}`);
	const flatted = createRequire(path.join(install.dir, 'node_modules', 'n8n', 'package.json'))(
		'flatted',
	);
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	const counts = {};
	for (const [node, runs] of Object.entries(data.resultData.runData || {})) {
		const outputs = (runs[0] && runs[0].data && runs[0].data.main) || [];
		counts[node] = outputs.map((items) => (items ? items.length : 0));
	}
	return { id: summary.id, status: execution.status, counts, json: data.resultData.runData };
}

/* ---------- checks ---------- */

const results = [];
/** The node:test context of the run: every check is one of its named tests. */
let suite;

/** Runs one named check as a test of the suite; whether it passed (later checks may depend on it). */
async function check(name, fn, { evenWhenStopping = false } = {}) {
	if (live.stopping && !evenWhenStopping) return false; // interrupted: the rest is not run
	let passed = false;
	await suite.test(name, async () => {
		await fn();
		passed = true;
	});
	results.push({ name, ok: passed });
	return passed;
}

/** Options a parameter's dropdown offers (n8n's select: click it, read the listbox's options, close it). */
async function dropdownOptions(page, parameterName) {
	await page.getByTestId(`parameter-input-${parameterName}`).click();
	const options = page.locator('.el-popper:visible').getByRole('option');
	await options.first().waitFor({ state: 'visible' });
	const texts = (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await page.locator('.el-popper:visible').getByRole('option').first().waitFor({ state: 'hidden' });
	return texts;
}

async function chooseOption(page, parameterName, optionText) {
	const input = page.getByTestId(`parameter-input-${parameterName}`);
	await input.click();
	await page
		.locator('.el-popper:visible')
		.getByRole('option', { name: titled(optionText) })
		.click();
	await page.locator('.el-popper:visible').getByRole('option').first().waitFor({ state: 'hidden' });
	await waitForValue(input.locator('input').first(), optionText);
}

/** Waits until an input shows `value` (polled in the page, up to WAIT). */
async function waitForValue(locator, value) {
	const handle = await locator.elementHandle();
	try {
		await locator
			.page()
			.waitForFunction(([el, expected]) => el.value === expected, [handle, value], {
				timeout: WAIT,
			});
	} catch {
		const shown = await handle.inputValue().catch(() => '?');
		throw new Error(
			`expected the input to show ${JSON.stringify(value)}, it shows ${JSON.stringify(shown)}`,
		);
	}
}

async function screenshot(page, name) {
	const file = path.join(SHOTS, name);
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: file, type: 'png', animations: 'disabled', caret: 'hide' });
	const { size } = fs.statSync(file);
	log(`    saved ${path.relative(ROOT, file)} (${(size / 1024).toFixed(0)} KB)`);
	assert.ok(size < 300 * 1024, `${name} is ${size} bytes, over 300 KB`);
}

/** After a failed check: a screenshot of what the browser showed, outside the repo. */
async function failureShot(page, name) {
	try {
		fs.mkdirSync(FAILURES, { recursive: true });
		const file = path.join(FAILURES, `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
		await page.screenshot({ path: file, timeout: 5000 });
		log(`    (the page at that moment: ${file})`);
	} catch {
		/* the page is gone */
	}
}

/* ---------- the editor, the way a user types ---------- */

/** n8n's text inputs hand what was typed to the workflow after a debounce (up to 500 ms): a user's pause. */
const TYPING_PAUSE = 800; // ms
const SMS_PARTNER_NODE = 'n8n-nodes-smspartner.smsPartner';
const COMMA_MESSAGE = 'Credit (EUR) "12,5" uses a comma: write the decimal with a dot, e.g. 12.5';
const CREDIT_HINT = 'Euros, greater than 0, at most 3 decimals, with a dot: 12.50 (not 12,50)';
const API_KEY_HINT =
	"The main account's key (not a subaccount's), from SMS Partner's dashboard: my.smspartner.fr › Settings › API";
const BASE_URL_HINT =
	'Leave as it is. If the Test shows ECONNREFUSED or ENOTFOUND (under "More details"), n8n cannot reach this address.';
const NOT_FOUND_MESSAGE =
	'Nothing answers at this Base URL (HTTP 404). It must end in /v1: https://api.smspartner.fr/v1';
/** The SMS Partner Trigger's events, as n8n's node creator lists them. */
const TRIGGER_EVENTS = ['On main balance below', 'On new stop', 'On subaccount balance below'];

const ACTIONS = {
	balance: 'Get the account balance',
	costs: 'Get the account costs',
	addCredit: 'Add credit to a subaccount',
	create: 'Create a subaccount',
	delete: 'Delete a subaccount',
	getMany: 'Get many subaccounts',
	removeCredit: 'Remove credit from a subaccount',
	contactAdd: 'Add a contact',
	contactDelete: 'Delete a contact',
	contactGet: 'Get a contact',
	contactGetMany: 'Get many contacts',
	contactUpdate: 'Update a contact',
	groupCreate: 'Create a group',
	groupDelete: 'Delete a group',
	groupGetMany: 'Get many groups',
	numberCheck: 'Check a phone number',
	numberHlr: 'Request an HLR lookup',
	smsCancel: 'Cancel a scheduled SMS',
	smsStatuses: 'Get the statuses of many SMS',
	smsStatus: 'Get the status of an SMS',
	smsSend: 'Send an SMS',
	smsSendAndWait: 'Send an SMS and wait for the reply',
	smsSendFromLongNumber: 'Send an SMS from a long number',
	smsSendMany: 'Send an SMS per item',
	stopAdd: 'Add a number to the stop list',
	stopGetMany: 'Get many stop list numbers',
	stopRemove: 'Remove a number from the stop list',
};
/**
 * The node creator's list under "Actions (N)": n8n heads each resource's actions
 * with "<resource> Actions", shown in capitals (CSS), each group in the node's order.
 */
const ACTION_GROUPS = {
	'ACCOUNT ACTIONS': [ACTIONS.balance, ACTIONS.costs],
	'CONTACT ACTIONS': [
		ACTIONS.contactAdd,
		ACTIONS.contactDelete,
		ACTIONS.contactGet,
		ACTIONS.contactGetMany,
		ACTIONS.contactUpdate,
	],
	'GROUP ACTIONS': [ACTIONS.groupCreate, ACTIONS.groupDelete, ACTIONS.groupGetMany],
	'NUMBER ACTIONS': [ACTIONS.numberCheck, ACTIONS.numberHlr],
	'SMS ACTIONS': [
		ACTIONS.smsCancel,
		ACTIONS.smsStatuses,
		ACTIONS.smsStatus,
		ACTIONS.smsSend,
		ACTIONS.smsSendAndWait,
		ACTIONS.smsSendFromLongNumber,
		ACTIONS.smsSendMany,
	],
	'STOP LIST ACTIONS': [ACTIONS.stopAdd, ACTIONS.stopGetMany, ACTIONS.stopRemove],
	'SUBACCOUNT ACTIONS': [
		ACTIONS.addCredit,
		ACTIONS.create,
		ACTIONS.delete,
		ACTIONS.getMany,
		ACTIONS.removeCredit,
	],
};
const ACTION_COUNT = Object.values(ACTION_GROUPS).flat().length;
/** What SMS › Send's "Add Option" offers, as n8n lists them. */
const SEND_OPTIONS = [
	'Delivery Report URL',
	'Max Concurrent Requests',
	'Reply URL',
	'Response Format',
	'Route',
	'Sandbox',
	'Scheduled At',
	'Sender',
	'STOP Notice',
	'Tag',
	'Timeout',
	'Unicode',
];

/** A regular expression matching exactly `text` (spaces around it aside). */
function exactly(text) {
	return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** A regular expression matching an option's accessible name: its title `text`, then its description if any. */
function titled(text) {
	return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
}

/** A node parameter's input box in the open node panel (NDV). */
function nodeField(page, name) {
	return page
		.getByTestId('node-parameters')
		.getByTestId(`parameter-input-${name}`)
		.getByTestId('parameter-input-field');
}

/** The parameter-item (label, input, hint, issues) holding a parameter. */
function parameterItem(page, name) {
	return page
		.getByTestId('node-parameters')
		.getByTestId('parameter-item')
		.filter({ has: page.getByTestId(`parameter-input-${name}`) });
}

/** Clicks into a field, selects what it holds, deletes it and types `text` key by key. */
async function typeInto(page, field, text) {
	await field.click();
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.press('Backspace');
	await page.keyboard.type(text);
	await waitForValue(field, text);
}

/** Puts `text` on the clipboard (as copying it from SMS Partner's dashboard would) and pastes it with Ctrl+V. */
async function pasteInto(page, field, text) {
	await page.evaluate((value) => navigator.clipboard.writeText(value), text);
	await field.click();
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.press('Backspace');
	await page.keyboard.press('ControlOrMeta+V');
	await waitForValue(field, text);
}

/** Leaves the field being typed in for the node panel's Parameters tab, then pauses like a user. */
async function leaveField(page) {
	await page.getByTestId('tab-params').click();
	await page.waitForTimeout(TYPING_PAUSE);
}

/** What the sandbox holds: the main account's credit and each subaccount's. */
function balances(sandbox) {
	const [account] = sandbox.state.accounts;
	return {
		main: account.credit,
		...Object.fromEntries(account.subaccounts.map((sub) => [sub.token, sub.credit])),
	};
}

/** What a run is compared against: the balances, and how many calls and messages the sandbox had. */
function runSnapshot(sandbox) {
	return {
		balances: balances(sandbox),
		calls: sandbox.calls.length,
		messages: sandbox.messages().length,
	};
}

/** The workflow the editor shows, as n8n saved it (its id from the address). */
async function savedWorkflow(page, baseUrl, token) {
	const match = /\/workflow\/([^/?#]+)/.exec(page.url());
	assert.ok(match && match[1] !== 'new', `the editor shows no saved workflow (${page.url()})`);
	return rest(baseUrl, token, `/workflows/${match[1]}`);
}

/** The parameters n8n saved for the (only) SMS Partner node of the workflow the editor shows. */
async function savedNodeParameters(page, baseUrl, token) {
	const workflow = await savedWorkflow(page, baseUrl, token);
	const nodes = workflow.nodes.filter((node) => node.type === SMS_PARTNER_NODE);
	assert.equal(nodes.length, 1, 'expected one SMS Partner node in the workflow');
	return nodes[0].parameters;
}

/**
 * Closes n8n's notifications (toasts) still shown. A toast may close itself (its own timer)
 * or slide up while the one above it fades out: a click that misses is tried again, for at
 * most 10 s; a toast still there after that is left for the next action to report.
 */
async function dismissToasts(page) {
	const close = page.locator('.el-notification[role="alert"] .el-notification__closeBtn');
	const giveUpAt = Date.now() + 10_000;
	while ((await close.count()) > 0 && Date.now() < giveUpAt) {
		await close
			.first()
			.click({ timeout: 1_000 })
			.catch(() => {});
		await page.waitForTimeout(150);
	}
}

/**
 * An empty workflow: from the editor, the sidebar's + › "New workflow", as a user
 * does (no page load: a load fetches ~400 files again); from elsewhere, /workflow/new.
 */
async function newWorkflow(page, baseUrl) {
	const add = page.getByTestId('universal-add');
	if (page.url().startsWith(`${baseUrl}/workflow/`) && (await add.isVisible())) {
		const ndv = page.getByTestId('ndv');
		if (await ndv.isVisible()) {
			await page.getByTestId('ndv-close-button').click();
			await ndv.waitFor({ state: 'hidden' });
		}
		await dismissToasts(page);
		await add.click();
		await page.getByTestId('navigation-menu-item').filter({ hasText: 'New workflow' }).click();
	} else {
		await page.goto(`${baseUrl}/workflow/new`);
	}
	await page.getByTestId('canvas-add-button').waitFor({ state: 'visible' });
}

/**
 * A new workflow with a new SMS Partner node, added the way a user adds it: the
 * canvas's +, "SMS Partner" typed into the node panel's search, then an action.
 * n8n puts a Manual Trigger before it and opens its panel (NDV).
 */
/**
 * In the node's panel of the node creator, the actions: on an empty workflow n8n
 * opens "Triggers (3)" (the SMS Partner Trigger's events) and folds "Actions (N)".
 */
async function showActions(page) {
	const creator = page.getByTestId('node-creator');
	const heading = creator
		.getByTestId('node-creator-category-item')
		.filter({ hasText: exactly(`Actions (${ACTION_COUNT})`) });
	await heading.waitFor({ state: 'visible' });
	const anAction = creator
		.getByTestId('item-iterator-item')
		.filter({ hasText: exactly(ACTIONS.balance) });
	if (!(await anAction.isVisible())) await heading.click();
	await anAction.first().waitFor({ state: 'visible' });
}

/** A new workflow, its node creator open on SMS Partner's panel (its triggers and actions). */
async function openSmsPartnerPanel(page, baseUrl) {
	await newWorkflow(page, baseUrl);
	const creator = page.getByTestId('node-creator');
	await page.getByTestId('canvas-add-button').click();
	await creator.waitFor({ state: 'visible' });
	await page.getByTestId('node-creator-search-bar').fill('SMS Partner');
	await creator
		.getByTestId('item-iterator-item')
		.filter({
			has: page.getByTestId('node-creator-item-name').getByText('SMS Partner', { exact: true }),
		})
		.click();
	return creator;
}

async function openNewNode(page, baseUrl, action, { checkCredential = true } = {}) {
	const creator = await openSmsPartnerPanel(page, baseUrl);
	await showActions(page);
	// exactly the action: "Send an SMS" is also the start of "Send an SMS per item"
	await creator
		.getByTestId('item-iterator-item')
		.filter({ hasText: exactly(action) })
		.click();
	await page.getByTestId('ndv').waitFor({ state: 'visible' });
	await page.getByTestId('node-parameters').waitFor({ state: 'visible' });
	// the credential n8n picks for a new node: the imported sandbox one (until another is used)
	if (checkCredential)
		await waitForValue(
			page.getByTestId('node-credentials-select').locator('input').first(),
			CREDENTIAL.name,
		);
}

/** Picks `name` in the open node panel's Credential dropdown, unless it shows it already. */
async function chooseCredential(page, name) {
	const select = page.getByTestId('node-credentials-select');
	const input = select.locator('input').first();
	await input.waitFor({ state: 'visible' });
	if ((await input.inputValue()) !== name) {
		await select.click();
		await page
			.locator('.el-popper:visible')
			.getByRole('option', { name: titled(name) })
			.click();
	}
	await waitForValue(input, name);
}

/**
 * Clicks the node panel's "Execute step", waits for n8n's answer to the run, then
 * for the run to end: n8n answers the POST at once and pushes the result later,
 * so until the button stops being busy the output panel may still show the
 * previous run's items.
 */
async function executeStep(page) {
	const answered = page.waitForResponse(
		(res) =>
			/\/rest\/workflows\/[^/]+\/run$/.test(new URL(res.url()).pathname) &&
			res.request().method() === 'POST',
	);
	const button = page.getByTestId('node-execute-button');
	await button.click();
	assert.equal((await answered).status(), 200);
	await page.waitForFunction(
		(el) => !(el.matches('[aria-busy="true"]') || el.querySelector('[aria-busy="true"]')),
		await button.elementHandle(),
		{ timeout: WAIT },
	);
}

/** The error the node panel's output shows after a run, title and description. */
/** After "Execute step": the output panel shows one item, and no error. */
async function outputOneItem(page) {
	const output = page.getByTestId('output-panel');
	await output.getByText('1 item').first().waitFor({ state: 'visible' });
	assert.equal(
		await output.getByTestId('node-error-message').count(),
		0,
		'the output shows an error',
	);
}

async function outputError(page) {
	const output = page.getByTestId('output-panel');
	const message = output.getByTestId('node-error-message');
	await message.waitFor({ state: 'visible' });
	return {
		message: (await message.innerText()).trim(),
		description: (
			await output
				.getByTestId('node-error-description')
				.innerText()
				.catch(() => '')
		).trim(),
	};
}

/** A tooltip's text, shown while the mouse is over `trigger`. */
async function tooltipShows(page, trigger, text) {
	await trigger.hover();
	await page.getByText(text).filter({ visible: true }).first().waitFor({ state: 'visible' });
	await page.mouse.move(0, 0);
}

/** A check that, when it fails, saves what the page showed and closes an open dropdown or credential dialog. */
function guard(page) {
	return async (name, fn) => {
		if (!(await check(name, fn))) {
			await failureShot(page, name);
			try {
				const dropdown = page.locator('.el-popper:visible').getByRole('option');
				if (
					(await dropdown.count()) ||
					(await page.getByTestId('credential-edit-dialog').isVisible())
				) {
					await page.keyboard.press('Escape'); // not with only the node panel open: Escape closes it
				}
			} catch {
				/* the page is gone */
			}
			return false;
		}
		return true;
	};
}

/**
 * The trigger as a user meets it: picked from the node creator by its event, the
 * threshold typed the French way and refused with nothing read, then "Fetch Test
 * Event" showing the subaccounts below it now, as the sandbox has them.
 */
async function triggerChecks({ page, baseUrl, sandbox }) {
	const guarded = guard(page);
	const threshold = () => nodeField(page, 'threshold');
	const opened = await guarded(
		'SMS Partner Trigger: "On subaccount balance below" opens the trigger with that event and a Threshold (EUR) field',
		async () => {
			const creator = await openSmsPartnerPanel(page, baseUrl);
			await creator
				.getByTestId('item-iterator-item')
				.filter({ hasText: exactly('On subaccount balance below') })
				.click();
			await page.getByTestId('ndv').waitFor({ state: 'visible' });
			await waitForValue(
				page.getByTestId('parameter-input-event').locator('input').first(),
				'Subaccount Balance Below',
			);
			assert.equal(await threshold().getAttribute('type'), 'text');
			await waitForValue(
				page.getByTestId('node-credentials-select').locator('input').first(),
				CREDENTIAL.name,
			);
		},
	);
	if (!opened) return;

	await guarded(
		'Threshold (EUR) typed "12,5": Fetch Test Event shows the comma error, and nothing is read',
		async () => {
			await typeInto(page, threshold(), '12,5');
			await leaveField(page);
			const before = sandbox.calls.length;
			await executeStep(page);
			const { message } = await outputError(page);
			assert.match(message, /Threshold \(EUR\) "12,5" uses a comma/);
			assert.equal(sandbox.calls.length, before, 'nothing was sent to the sandbox');
			assert.equal(await threshold().inputValue(), '12,5');
		},
	);

	const fetched = await guarded(
		'Threshold (EUR) "25": Fetch Test Event shows the subaccounts below 25 € now, previousSubaccountCredit null',
		async () => {
			await typeInto(page, threshold(), '25');
			await leaveField(page);
			const below = sandbox.state.accounts[0].subaccounts
				.filter((sub) => sub.credit < 25)
				.map((sub) => sub.token);
			assert.ok(below.length > 0, 'the sandbox has a subaccount below 25 €');
			await executeStep(page);
			const output = page.getByTestId('output-panel');
			await output
				.getByText(`${below.length} item${below.length === 1 ? '' : 's'}`)
				.first()
				.waitFor({ state: 'visible' });
			const shown = await outputJson(page);
			assert.deepEqual(
				shown.map((item) => item.tokenSubaccount),
				below,
			);
			for (const item of shown) {
				assert.equal(item.threshold, 25);
				assert.equal(item.previousSubaccountCredit, null);
				assert.ok(item.subaccountCredit < 25);
			}
			assert.deepEqual(
				sandbox.calls.slice(-1).map((call) => `${call.method} ${call.path}`),
				['GET /subaccount/list'],
			);
		},
	);
	if (fetched) {
		await guarded('screenshot: the trigger after Fetch Test Event', async () => {
			await dismissToasts(page);
			await page.mouse.move(640, 790);
			await screenshot(page, 'trigger.png');
		});
	}
}

async function editorChecks({ page, baseUrl, sandbox }) {
	const creator = page.getByTestId('node-creator');
	const creatorItem = (text) => creator.getByTestId('item-iterator-item').filter({ hasText: text });

	const found = await check('node panel: searching "SMS Partner" lists the node', async () => {
		await page.goto(`${baseUrl}/workflow/new`);
		await page.getByTestId('canvas-add-button').click();
		await creator.waitFor({ state: 'visible' });
		await page.getByTestId('node-creator-search-bar').fill('SMS Partner');
		const item = creator.getByTestId('item-iterator-item').filter({
			has: page.getByTestId('node-creator-item-name').getByText('SMS Partner', { exact: true }),
		});
		await item.waitFor({ state: 'visible' });
		await item.click();
	});
	if (!found) return failureShot(page, 'node-panel');

	const opened = await check(
		`node panel: its ${ACTION_COUNT} actions, under ${Object.keys(ACTION_GROUPS).join(', ')}, open the node`,
		async () => {
			// On a new workflow n8n opens the trigger's events first, "Triggers (3)", named
			// after the Event options, and folds the actions.
			await creator
				.getByTestId('node-creator-category-item')
				.filter({ hasText: exactly('Triggers (3)') })
				.waitFor({ state: 'visible' });
			for (const event of TRIGGER_EVENTS)
				await creatorItem(exactly(event)).first().waitFor({ state: 'visible' });
			// The node's `action` texts, grouped per resource by the node creator, under
			// "Actions (N)".
			await showActions(page);
			await creatorItem(ACTIONS.removeCredit).first().waitFor({ state: 'visible' });
			// The list as shown, top to bottom: a heading is an item n8n does not navigate to.
			const shown = await creator.getByTestId('item-iterator-item').evaluateAll((items) =>
				items.map((item) => ({
					heading: !item.hasAttribute('data-keyboard-nav-type'),
					action: item.getAttribute('data-keyboard-nav-type') === 'action',
					text: item.innerText.trim(),
				})),
			);
			const groups = {};
			let group = null;
			for (const item of shown) {
				if (item.heading) groups[(group = item.text)] = [];
				else if (item.action && group !== null) groups[group].push(item.text);
			}
			assert.deepEqual(
				Object.fromEntries(Object.entries(groups).filter(([name]) => name.endsWith('ACTIONS'))),
				ACTION_GROUPS,
			);
			await creatorItem(ACTIONS.removeCredit).first().click();
			await page.getByTestId('ndv').waitFor({ state: 'visible' });
			await page.getByTestId('node-parameters').waitFor({ state: 'visible' });
			await waitForValue(
				page.getByTestId('parameter-input-operation').locator('input').first(),
				'Remove Credit',
			);
		},
	);
	if (!opened) return failureShot(page, 'node-actions');

	const guarded = guard(page);
	await guarded(
		'Remove Credit fields: Subaccount Token, Remove All Remaining Credit, Credit (EUR)',
		async () => {
			for (const [name, label] of [
				['subaccount', 'Subaccount Token'],
				['removeAll', 'Remove All Remaining Credit'],
				['credit', 'Credit (EUR)'],
			]) {
				await page
					.getByTestId('node-parameters')
					.getByTestId(`parameter-input-${name}`)
					.waitFor({ state: 'visible' });
				await parameterItem(page, name)
					.getByText(label, { exact: true })
					.first()
					.waitFor({ state: 'visible' });
			}
			// the credential n8n picked for the new node: the imported sandbox one
			const credential = page.getByTestId('node-credentials-select').locator('input').first();
			await waitForValue(credential, CREDENTIAL.name);
		},
	);
	await guarded(
		'Credit (EUR) on a new node: an empty text field, placeholder "e.g. 12.50", its hint shown',
		async () => {
			const credit = nodeField(page, 'credit');
			assert.equal(await credit.getAttribute('type'), 'text');
			assert.equal(await credit.inputValue(), '');
			assert.equal(await credit.getAttribute('placeholder'), 'e.g. 12.50');
			await parameterItem(page, 'credit')
				.getByText(CREDIT_HINT, { exact: true })
				.waitFor({ state: 'visible' });
		},
	);
	await guarded(
		'Subaccount Token: a plain text input (not a password) showing what is typed',
		async () => {
			const token = nodeField(page, 'subaccount');
			assert.equal(await token.getAttribute('type'), 'text');
			await typeInto(page, token, 'sub-alpha');
			await leaveField(page);
			assert.equal(await token.inputValue(), 'sub-alpha');
		},
	);
	await guarded('screenshot: node parameter panel', async () => {
		await screenshot(page, 'node-parameters.png');
	});
	await guarded(
		'Credit (EUR) left empty: n8n flags it, "Parameter "Credit (EUR)" is required."',
		async () => {
			// n8n 2.41.1 shows a field's issues once the field has been visited: a warning triangle beside it
			const issues = parameterItem(page, 'credit').getByTestId('parameter-issues');
			assert.equal(await issues.count(), 0, 'an issue was shown before the field was visited');
			await nodeField(page, 'credit').click();
			await leaveField(page);
			await issues.waitFor({ state: 'visible' });
			await tooltipShows(page, issues, 'Parameter "Credit (EUR)" is required.');
			assert.equal(await nodeField(page, 'credit').inputValue(), '');
		},
	);
	await guarded(
		'Subaccount Token: "  sub-alpha" pasted shows exactly as pasted, spaces included',
		async () => {
			const token = nodeField(page, 'subaccount');
			await pasteInto(page, token, '  sub-alpha');
			await leaveField(page);
			assert.equal(await token.inputValue(), '  sub-alpha');
		},
	);
	await guarded(
		'Execute step with Credit (EUR) empty: n8n does not start the run, "Parameter "Credit (EUR)" is required."',
		async () => {
			const calls = sandbox.calls.length;
			await page.getByTestId('node-execute-button').click();
			const toast = page
				.locator('.el-notification[role="alert"]')
				.filter({ hasText: 'Workflow execution cannot start' });
			await toast.waitFor({ state: 'visible' });
			const text = await toast.innerText();
			assert.match(text, /Parameter "Credit \(EUR\)" is required\./);
			assert.doesNotMatch(text, /Subaccount Token/); // it holds the pasted token
			assert.equal(
				await page.getByTestId('output-panel').getByTestId('node-error-message').count(),
				0,
			);
			assert.equal(sandbox.calls.length, calls, 'the sandbox received calls');
			await dismissToasts(page);
		},
	);
	await guarded(
		'Options: "Add Option" offers Max Concurrent Requests, Response Format, Timeout; Timeout has its hint',
		async () => {
			const add = page.getByTestId('node-parameters').getByTestId('collection-parameter-add');
			// the collection's `placeholder` is the select's placeholder
			assert.equal(await add.locator('input').first().getAttribute('placeholder'), 'Add Option');
			await add.click();
			const options = page.locator('.el-popper:visible').getByRole('option');
			await options.first().waitFor({ state: 'visible' });
			assert.deepEqual((await options.allInnerTexts()).map((text) => text.trim()).sort(), [
				'Max Concurrent Requests',
				'Response Format',
				'Timeout',
			]);
			await page
				.locator('.el-popper:visible')
				.getByRole('option', { name: 'Timeout', exact: true })
				.click();
			const timeout = parameterItem(page, 'timeout');
			await timeout.getByText('Timeout', { exact: true }).first().waitFor({ state: 'visible' });
			await timeout
				.getByText("In milliseconds: the deadline for SMS Partner's whole answer", { exact: true })
				.waitFor({ state: 'visible' });
		},
	);
	await guarded(
		'resources: Account, Contact, Group, Number, SMS, Stop List, Subaccount',
		async () => {
			assert.deepEqual((await dropdownOptions(page, 'resource')).sort(), [
				'Account',
				'Contact',
				'Group',
				'Number',
				'SMS',
				'Stop List',
				'Subaccount',
			]);
		},
	);
	await guarded(
		'Subaccount operations: Remove Credit, Add Credit, Get Many, Create, Delete',
		async () => {
			assert.deepEqual((await dropdownOptions(page, 'operation')).sort(), [
				'Add Credit',
				'Create',
				'Delete',
				'Get Many',
				'Remove Credit',
			]);
		},
	);
	await guarded('Account operations: Get Balance, Get Costs', async () => {
		await chooseOption(page, 'resource', 'Account');
		assert.deepEqual(await dropdownOptions(page, 'operation'), ['Get Balance', 'Get Costs']);
	});
	await guarded('Contact operations: Add, Delete, Get, Get Many, Update', async () => {
		await chooseOption(page, 'resource', 'Contact');
		assert.deepEqual((await dropdownOptions(page, 'operation')).sort(), [
			'Add',
			'Delete',
			'Get',
			'Get Many',
			'Update',
		]);
	});
	await guarded('Group operations: Create, Delete, Get Many', async () => {
		await chooseOption(page, 'resource', 'Group');
		assert.deepEqual((await dropdownOptions(page, 'operation')).sort(), [
			'Create',
			'Delete',
			'Get Many',
		]);
	});
	await guarded('Number operations: Check, HLR Lookup', async () => {
		await chooseOption(page, 'resource', 'Number');
		assert.deepEqual((await dropdownOptions(page, 'operation')).sort(), ['Check', 'HLR Lookup']);
	});
	await guarded(
		'SMS operations: Cancel, Get Many Statuses, Get Status, Send, Send and Wait for Reply, Send From Long Number, Send Many',
		async () => {
			await chooseOption(page, 'resource', 'SMS');
			assert.deepEqual((await dropdownOptions(page, 'operation')).sort(), [
				'Cancel',
				'Get Many Statuses',
				'Get Status',
				'Send',
				'Send From Long Number',
				'Send Many',
				'Send and Wait for Reply',
			]);
		},
	);
	await guarded('Stop List operations: Add, Get Many, Remove', async () => {
		let problem = null;
		try {
			await chooseOption(page, 'resource', 'Stop List');
			assert.deepEqual((await dropdownOptions(page, 'operation')).sort(), [
				'Add',
				'Get Many',
				'Remove',
			]);
		} catch (error) {
			problem = error;
		}
		// back to the node the next checks look at, whatever happened
		try {
			if (await page.locator('.el-popper:visible').getByRole('option').count())
				await page.keyboard.press('Escape');
			await chooseOption(page, 'resource', 'Subaccount');
			await chooseOption(page, 'operation', 'Remove Credit');
		} catch (error) {
			problem ??= error;
		}
		if (problem) throw problem;
	});
	await guarded(
		'credential "SMS Partner API": API Key is a password input, connection test passes',
		async () => {
			await page.getByTestId('credential-edit-button').first().click();
			const content = page.getByTestId('credential-edit-dialog');
			await content.waitFor({ state: 'visible' });
			const dialog = page.getByRole('dialog').filter({ has: content });
			await dialog.getByText('SMS Partner API', { exact: true }).waitFor({ state: 'visible' });
			const apiKey = content
				.getByTestId('parameter-input-apiKey')
				.getByTestId('parameter-input-field');
			await apiKey.waitFor({ state: 'visible' });
			assert.equal(await apiKey.getAttribute('type'), 'password');
			// n8n tests a saved credential on opening it: GET /me against the sandbox
			await content
				.getByTestId('credentials-config-container-test-success')
				.waitFor({ state: 'visible' });
			await page.keyboard.press('Escape');
			await content.waitFor({ state: 'hidden' });
		},
	);
	await guarded(
		'canvas: the new node\'s warning lists "Parameter "Credit (EUR)" is required."',
		async () => {
			// the Escape that closed the credential dialog may have closed the node panel too
			if (await page.getByTestId('ndv').isVisible())
				await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
			const node = page.locator(
				`[data-test-id="canvas-node"][data-node-name="${ACTIONS.removeCredit}"]`,
			);
			await tooltipShows(
				page,
				node.getByTestId('node-issues'),
				'Parameter "Credit (EUR)" is required.',
			);
		},
	);
}

/** Runs of a new node from its panel, typed into fixed fields as a French user types. */
async function executionChecks({ page, baseUrl, token, install, sandbox }) {
	const guarded = guard(page);
	const sent = (path) => sandbox.callCount(path);

	for (const [operation, action, path] of [
		['Add Credit', ACTIONS.addCredit, '/subaccount/credit/add'],
		['Remove Credit', ACTIONS.removeCredit, '/subaccount/credit/remove'],
	]) {
		await guarded(
			`${operation}: "12,5" typed into Credit (EUR), Execute step: the field keeps "12,5", the output says to write a dot, nothing sent`,
			async () => {
				await openNewNode(page, baseUrl, action);
				const before = {
					balances: balances(sandbox),
					calls: sandbox.calls.length,
					moves: sent(path),
				};
				await typeInto(page, nodeField(page, 'credit'), '12,5');
				await typeInto(page, nodeField(page, 'subaccount'), 'sub-alpha');
				await leaveField(page);
				await executeStep(page);
				const error = await outputError(page);
				assert.equal(error.message, COMMA_MESSAGE);
				assert.match(error.description, /Nothing was sent to SMS Partner/);
				// the fixed field shows what was typed, and n8n saved it as typed: not 125
				assert.equal(await nodeField(page, 'credit').inputValue(), '12,5');
				const saved = await savedNodeParameters(page, baseUrl, token);
				assert.equal(saved.credit, '12,5');
				assert.equal(saved.subaccount, 'sub-alpha');
				assert.equal(sent(path), before.moves, `the sandbox received ${path}`);
				assert.deepEqual(
					sandbox.calls.slice(before.calls).map((call) => call.path),
					[],
					'the sandbox received calls',
				);
				assert.deepEqual(balances(sandbox), before.balances);
				if (operation === 'Add Credit') {
					// n8n's own notification says it too
					await page
						.locator('.el-notification[role="alert"]')
						.filter({ hasText: `Problem in node` })
						.filter({ hasText: COMMA_MESSAGE })
						.waitFor({ state: 'visible' });
					await screenshot(page, 'comma-refused.png');
				}
			},
		);
	}

	await guarded(
		'Remove Credit: unknown token "sub-nope" typed: the error names it, nothing moved',
		async () => {
			await openNewNode(page, baseUrl, ACTIONS.removeCredit);
			const before = balances(sandbox);
			await typeInto(page, nodeField(page, 'subaccount'), 'sub-nope');
			await typeInto(page, nodeField(page, 'credit'), '12.5');
			await leaveField(page);
			await executeStep(page);
			const error = await outputError(page);
			assert.equal(
				error.message,
				'SMS Partner refused the credit move for subaccount "sub-nope" (code 7): «The sub-account does not exist»',
			);
			assert.deepEqual(balances(sandbox), before);
		},
	);

	await guarded(
		'Remove Credit: "  sub-alpha" pasted, "12.5" typed: the token is trimmed, 12.5 EUR moved',
		async () => {
			await openNewNode(page, baseUrl, ACTIONS.removeCredit);
			const before = balances(sandbox);
			await pasteInto(page, nodeField(page, 'subaccount'), '  sub-alpha');
			await typeInto(page, nodeField(page, 'credit'), '12.5');
			await leaveField(page);
			await executeStep(page);
			await outputOneItem(page);
			assert.equal(await nodeField(page, 'subaccount').inputValue(), '  sub-alpha');
			const workflow = await savedWorkflow(page, baseUrl, token);
			const run = await latestRunItems(baseUrl, token, install, workflow.id);
			assert.equal(run.status, 'success');
			const [item] = run.json[ACTIONS.removeCredit][0].data.main[0].map((entry) => entry.json);
			assert.equal(item.tokenSubaccount, 'sub-alpha');
			assert.equal(item.creditRemoved, 12.5);
			assert.deepEqual(balances(sandbox), {
				...before,
				main: before.main + 12.5,
				'sub-alpha': before['sub-alpha'] - 12.5,
			});
		},
	);

	await guarded('Add Credit: "12.5" typed for "sub-alpha": 12.5 EUR moved back', async () => {
		await openNewNode(page, baseUrl, ACTIONS.addCredit);
		const before = balances(sandbox);
		await typeInto(page, nodeField(page, 'credit'), '12.5');
		await typeInto(page, nodeField(page, 'subaccount'), 'sub-alpha');
		await leaveField(page);
		await executeStep(page);
		await outputOneItem(page);
		assert.deepEqual(balances(sandbox), {
			...before,
			main: before.main - 12.5,
			'sub-alpha': before['sub-alpha'] + 12.5,
		});
	});
}

/** The JSON the output panel's JSON view shows (one row per line of it, joined back). */
async function outputJson(page) {
	const output = page.getByTestId('output-panel');
	const json = output.getByTestId('radio-button-json');
	if ((await json.getAttribute('aria-checked')) !== 'true') await json.click();
	const rows = output.locator('.vjs-tree-node');
	await rows.first().waitFor({ state: 'visible' });
	const text = (await rows.allInnerTexts()).map((row) => row.trim()).join('');
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`the output's JSON view shows no whole JSON: ${text.slice(0, 500)}`);
	}
}

/** SMS › Send from its panel, typed as a French user types, run against the sandbox in test mode. */
async function smsChecks({ page, baseUrl, token, sandbox }) {
	const guarded = guard(page);
	const phones = () => nodeField(page, 'phoneNumbers');
	const message = () => nodeField(page, 'message');
	const [line1, line2] = ['Bonjour Élodie,', 'Votre commande de 12,50 € est prête.'];

	const filled = await guarded(
		'SMS › Send: two mobiles typed French-style, a message with é, € and Enter, Options › Sandbox switched on',
		async () => {
			await openNewNode(page, baseUrl, ACTIONS.smsSend);
			await waitForValue(
				page.getByTestId('parameter-input-resource').locator('input').first(),
				'SMS',
			);
			await waitForValue(
				page.getByTestId('parameter-input-operation').locator('input').first(),
				'Send',
			);
			await typeInto(page, phones(), '06 12 34 56 78, 07.98.76.54.32');
			// Message is a 4-row text box: Enter makes a new line in it
			assert.equal(await message().evaluate((el) => el.tagName), 'TEXTAREA');
			await message().click();
			await page.keyboard.press('ControlOrMeta+A');
			await page.keyboard.press('Backspace');
			await page.keyboard.type(line1);
			await page.keyboard.press('Enter');
			await page.keyboard.type(line2);
			await waitForValue(message(), `${line1}\n${line2}`);

			const add = page.getByTestId('node-parameters').getByTestId('collection-parameter-add');
			await add.click();
			const options = page.locator('.el-popper:visible').getByRole('option');
			await options.first().waitFor({ state: 'visible' });
			assert.deepEqual(
				(await options.allInnerTexts()).map((text) => text.trim()),
				SEND_OPTIONS,
			);
			await page
				.locator('.el-popper:visible')
				.getByRole('option', { name: 'Sandbox', exact: true })
				.click();
			// the option shows as a switch, off; a click on it turns it on
			const sandboxOption = sandboxSwitch(page);
			await sandboxOption.shown.waitFor({ state: 'visible' });
			assert.equal(await sandboxOption.isOn(), false, 'Sandbox starts off');
			await sandboxOption.turn(true);
			await leaveField(page);
			// the fields show what was typed: the comma, the spaces and dots, the line break
			assert.equal(await phones().inputValue(), '06 12 34 56 78, 07.98.76.54.32');
			assert.equal(await message().inputValue(), `${line1}\n${line2}`);
		},
	);
	if (!filled) return;

	const sentOk = await guarded(
		'SMS › Send in Sandbox mode, Execute step: the output shows +33612345678, +33798765432, GSM-7, sandbox true; one /send with :br: and :euro:, nothing billed',
		async () => {
			const before = runSnapshot(sandbox);
			await executeStep(page);
			await outputOneItem(page);
			const [shown] = await outputJson(page);
			assert.deepEqual(shown.recipients, ['+33612345678', '+33798765432']);
			assert.equal(shown.encoding, 'GSM-7');
			assert.equal(shown.sandbox, true);
			assert.equal(shown.partsPerRecipient, 1);

			const calls = sandbox.calls.slice(before.calls);
			assert.deepEqual(
				calls.map((call) => `${call.method} ${call.path}`),
				['POST /send'],
				'the sandbox received exactly one POST /send and nothing else',
			);
			const { body } = calls[0];
			assert.equal(body.phoneNumbers, '+33612345678,+33798765432');
			assert.match(body.message, /:br:/);
			assert.match(body.message, /:euro:/);
			assert.equal(body.message, 'Bonjour Élodie,:br:Votre commande de 12,50 :euro: est prête.');
			assert.equal(body.sandbox, 1);
			// nothing billed: no balance moved, and SMS Partner kept it as a test send
			assert.deepEqual(balances(sandbox), before.balances);
			const recorded = sandbox.messages().slice(before.messages);
			assert.equal(recorded.length, 1);
			assert.equal(recorded[0].sandbox, true);
			// what n8n saved: the fields as typed, the line break as a line break
			const saved = await savedNodeParameters(page, baseUrl, token);
			assert.equal(saved.phoneNumbers, '06 12 34 56 78, 07.98.76.54.32');
			assert.equal(saved.message, `${line1}\n${line2}`);
			assert.equal(saved.options.sandbox, true);
		},
	);
	if (sentOk) {
		await guarded('screenshot: SMS › Send panel, filled and run in Sandbox mode', async () => {
			await dismissToasts(page);
			await page.mouse.move(640, 790); // off the panel: no hover controls in the picture
			await screenshot(page, 'send-sms.png');
		});
	}

	await guarded(
		'SMS › Send: a landline "01 23 45 67 89" typed after a mobile: the error names it, nothing sent',
		async () => {
			const before = { balances: balances(sandbox), calls: sandbox.calls.length };
			await typeInto(page, phones(), '06 12 34 56 78, 01 23 45 67 89');
			await leaveField(page);
			await executeStep(page);
			const error = await outputError(page);
			assert.equal(
				error.message,
				'Phone Numbers: "01 23 45 67 89" (number 2 of 2) is a French landline or special number (01 to 05, 08, 09): it cannot receive an SMS',
			);
			assert.match(error.description, /Nothing was sent to SMS Partner/);
			assert.deepEqual(
				sandbox.calls.slice(before.calls).map((call) => call.path),
				[],
				'the sandbox received calls',
			);
			assert.deepEqual(balances(sandbox), before.balances);
		},
	);

	await safeByDefaultChecks({ page, baseUrl, token, sandbox });
}

/** The "Add Field" button of the open node panel's Additional Fields (the first collection), then `name` in its list. */
async function addField(page, name) {
	await leaveField(page);
	await page.getByTestId('node-parameters').getByTestId('collection-parameter-add').first().click();
	await page.locator('.el-popper:visible').getByRole('option', { name, exact: true }).click();
}

/**
 * Contact › Add, filled the way a French user fills it: the group's ID, the number with
 * spaces, a name with an accent, a birthday written 21/06/1990, then "Execute step".
 */
async function contactChecks({ page, baseUrl, token, sandbox }) {
	const guarded = guard(page);
	const group = () => sandbox.state.accounts[0].groups.find((found) => found.id === 52011);
	const contactsBefore = () => (group().contacts ?? []).length;

	const filled = await guarded(
		'Contact › Add: Group ID 52011, "06 12 34 56 78", First Name Amélie, Last Name Martin, Date "21/06/1990" typed',
		async () => {
			await openNewNode(page, baseUrl, ACTIONS.contactAdd);
			await waitForValue(
				page.getByTestId('parameter-input-resource').locator('input').first(),
				'Contact',
			);
			await waitForValue(
				page.getByTestId('parameter-input-operation').locator('input').first(),
				'Add',
			);
			await typeInto(page, nodeField(page, 'groupId'), '52011');
			await typeInto(page, nodeField(page, 'phoneNumber'), '06 12 34 56 78');
			for (const [label, name, text] of [
				['First Name', 'firstName', 'Amélie'],
				['Last Name', 'lastName', 'Martin'],
				['Date', 'date', '21/06/1990'],
			]) {
				await addField(page, label);
				await typeInto(page, nodeField(page, name), text);
			}
			await leaveField(page);
		},
	);
	if (!filled) return;

	const added = await guarded(
		'Contact › Add, Execute step: one /contact/add with +33612345678, Amélie, 1990-06-21; the output says so; the contact is in group 52011',
		async () => {
			const before = { calls: sandbox.calls.length, contacts: contactsBefore() };
			await executeStep(page);
			await outputOneItem(page);
			const [shown] = await outputJson(page);
			assert.equal(shown.groupId, '52011');
			assert.equal(shown.phoneNumber, '+33612345678');
			assert.equal(shown.firstname, 'Amélie');
			assert.equal(shown.lastname, 'Martin');
			assert.equal(shown.date, '1990-06-21');
			assert.equal(shown.alreadyInGroup, false);

			const calls = sandbox.calls.slice(before.calls);
			assert.deepEqual(
				calls.map((call) => `${call.method} ${call.path}`),
				['POST /contact/add'],
			);
			assert.deepEqual(calls[0].body.contactsList, [
				{
					phoneNumber: '+33612345678',
					firstname: 'Amélie',
					lastname: 'Martin',
					date: '1990-06-21',
				},
			]);
			assert.equal(contactsBefore(), before.contacts + 1);
			// what n8n saved: the fields as typed
			const saved = await savedNodeParameters(page, baseUrl, token);
			assert.equal(saved.phoneNumber, '06 12 34 56 78');
			assert.equal(saved.additionalFields.date, '21/06/1990');
		},
	);
	if (added) {
		await guarded('screenshot: Contact › Add panel, filled and run', async () => {
			await dismissToasts(page);
			await page.mouse.move(640, 790);
			await screenshot(page, 'contact-add.png');
		});
	}

	await guarded(
		'Contact › Add: a first name of 33 letters is refused naming First Name, nothing sent',
		async () => {
			const before = sandbox.calls.length;
			await typeInto(page, nodeField(page, 'firstName'), 'A'.repeat(33));
			await leaveField(page);
			await executeStep(page);
			const error = await outputError(page);
			assert.match(error.message, /^First Name/);
			assert.match(error.message, /32/);
			assert.deepEqual(sandbox.calls.slice(before), []);
		},
	);
}

/** Picks `name` from the open node panel's "Add Option" list. */
async function addOption(page, name) {
	await page.getByTestId('node-parameters').getByTestId('collection-parameter-add').click();
	await page.locator('.el-popper:visible').getByRole('option', { name, exact: true }).click();
}

/** The Sandbox option's switch in the open node panel. */
function sandboxSwitch(page) {
	return switchIn(page, page.getByTestId('node-parameters').getByTestId('parameter-input-sandbox'));
}

/** A boolean parameter's switch inside `parameter`, and whether it shows on. */
function switchIn(page, parameter) {
	const shown = parameter.locator('.el-switch');
	const toggle = shown.getByRole('switch');
	return {
		shown,
		isOn: async () => (await toggle.getAttribute('aria-checked')) === 'true',
		/** Clicks it, then waits for it to show `on`. */
		turn: async (on) => {
			await shown.click();
			await page.waitForFunction(
				([el, expected]) => el.getAttribute('aria-checked') === expected,
				[await toggle.elementHandle(), String(on)],
				{ timeout: WAIT },
			);
		},
	};
}

/** The next 25 December still at least a day away, as the Paris calendar has it. */
function nextChristmasYear(now = new Date()) {
	const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
		.format(now)
		.split('-')
		.map(Number);
	return month === 12 && day >= 24 ? year + 1 : year;
}

/** Deletes a credential through n8n's REST API (the browser made it). */
async function deleteCredential(baseUrl, token, id) {
	const res = await fetch(`${baseUrl}/rest/credentials/${id}`, {
		method: 'DELETE',
		headers: { cookie: `n8n-auth=${token}` },
	});
	if (res.status !== 200) throw new Error(`DELETE /rest/credentials/${id} answered ${res.status}`);
}

/**
 * Issue 22's proof in the editor, on the SMS › Send node smsChecks left open: a French
 * date typed into Scheduled At on an n8n in UTC is sent for that time in Paris; a new
 * credential with Test Mode switched on sends in sandbox mode with the node's Sandbox off;
 * switching Send → Send Many keeps Sandbox on, and Send Many's run goes in sandbox mode.
 */
async function safeByDefaultChecks({ page, baseUrl, token, sandbox }) {
	const guarded = guard(page);
	const phones = () => nodeField(page, 'phoneNumbers');
	const year = nextChristmasYear();
	const typedDate = `25/12/${year} 10:00`;
	const scheduledField = () => nodeField(page, 'scheduledAt');

	const scheduled = await guarded(
		`SMS › Send: "${typedDate}" typed into Options › Scheduled At on an n8n in UTC, Execute step: one /send for 10:00 Paris time, the output shows +01:00 and "(Paris time)"`,
		async () => {
			await typeInto(page, phones(), '06 12 34 56 78');
			await addOption(page, 'Scheduled At');
			await parameterItem(page, 'scheduledAt')
				.getByText(/^Paris time, day\/month\/year hour:minute/)
				.waitFor({ state: 'visible' });
			await typeInto(page, scheduledField(), typedDate);
			await leaveField(page);
			// a text field: what was typed stays as typed, nothing parsed away
			assert.equal(await scheduledField().inputValue(), typedDate);
			assert.equal(await sandboxSwitch(page).isOn(), true, 'Sandbox is still on');

			const before = { balances: balances(sandbox), calls: sandbox.calls.length };
			await executeStep(page);
			await outputOneItem(page);
			const [shown] = await outputJson(page);
			assert.equal(shown.scheduledAt, `${year}-12-25T10:00:00+01:00`);
			assert.match(
				shown.scheduledAtParis,
				new RegExp(`^[A-Z][a-z]+day 25 December ${year}, 10:00 \\(Paris time\\)$`),
			);
			assert.equal(shown.sandbox, true);
			const calls = sandbox.calls.slice(before.calls);
			assert.deepEqual(
				calls.map((call) => `${call.method} ${call.path}`),
				['POST /send'],
			);
			const { body } = calls[0];
			assert.equal(body.scheduledDeliveryDate, `25/12/${year}`);
			assert.equal(String(body.time), '10');
			assert.equal(String(body.minute), '0');
			assert.equal(body.sandbox, 1);
			assert.deepEqual(balances(sandbox), before.balances);
			const saved = await savedNodeParameters(page, baseUrl, token);
			assert.equal(saved.options.scheduledAt, typedDate);
		},
	);
	if (!scheduled) return;

	let testModeCredentialId = null;
	try {
		await guarded(
			"SMS › Send through a new credential with Test Mode switched on, the node's Sandbox switched off: one /send with sandbox 1, the output shows sandbox true and an estimatedCost, nothing billed",
			async () => {
				const content = page.getByTestId('credential-edit-dialog');
				const field = (name) =>
					content.getByTestId(`parameter-input-${name}`).getByTestId('parameter-input-field');
				const [account] = sandbox.state.accounts;
				await dismissToasts(page);
				await page.getByTestId('node-credentials-select').click();
				await page.getByTestId('node-credentials-select-item-new').click();
				await content.waitFor({ state: 'visible' });
				await typeInto(page, field('apiKey'), account.apiKey);
				await page.keyboard.press('Tab');
				await typeInto(page, field('baseUrl'), sandbox.baseUrl);
				await page.keyboard.press('Tab');
				const testMode = switchIn(page, content.getByTestId('parameter-input-testMode'));
				assert.equal(await testMode.isOn(), false, 'Test Mode starts off');
				await testMode.turn(true);
				await page.waitForTimeout(TYPING_PAUSE);
				const savedResponse = page.waitForResponse(
					(res) =>
						new URL(res.url()).pathname === '/rest/credentials' &&
						res.request().method() === 'POST',
				);
				await page.getByTestId('credential-save-button').click();
				const response = await savedResponse;
				const savedCredential = response.request().postDataJSON();
				testModeCredentialId = (await response.json()).data.id;
				assert.equal(savedCredential.data.testMode, true, 'n8n saved Test Mode on');
				await content.waitFor({ state: 'hidden' });
				const chosen = page.getByTestId('node-credentials-select').locator('input').first();
				assert.notEqual(
					await chosen.inputValue(),
					CREDENTIAL.name,
					'the node uses the new credential',
				);

				const sandboxOption = sandboxSwitch(page);
				await sandboxOption.turn(false);
				await leaveField(page);

				const before = runSnapshot(sandbox);
				await executeStep(page);
				await outputOneItem(page);
				const [shown] = await outputJson(page);
				assert.equal(shown.sandbox, true);
				assert.equal(typeof shown.estimatedCost, 'number');
				assert.equal('cost' in shown, false, 'no cost shown as charged');
				const calls = sandbox.calls.slice(before.calls);
				assert.deepEqual(
					calls.map((call) => `${call.method} ${call.path}`),
					['POST /send'],
				);
				assert.equal(calls[0].body.sandbox, 1, 'Test Mode put the send in sandbox mode');
				assert.deepEqual(balances(sandbox), before.balances);
				const recorded = sandbox.messages().slice(before.messages);
				assert.equal(recorded.length, 1);
				assert.equal(recorded[0].sandbox, true);
				// the node's own option stays off: the credential made the run a test
				const saved = await savedNodeParameters(page, baseUrl, token);
				assert.equal(saved.options.sandbox, false);
			},
		);
	} finally {
		if (testModeCredentialId) {
			// later checks add new nodes: they must not pick this credential up
			await check('the Test Mode credential deleted through the REST API', () =>
				deleteCredential(baseUrl, token, testModeCredentialId),
			);
		}
	}

	const switched = await guarded(
		'SMS › Send → Send Many with Options › Sandbox on: the panel still shows Sandbox on and Scheduled At',
		async () => {
			await dismissToasts(page);
			const sandboxOption = sandboxSwitch(page);
			if (!(await sandboxOption.isOn())) await sandboxOption.turn(true);
			await leaveField(page);
			await chooseOption(page, 'operation', 'Send Many');
			await nodeField(page, 'phoneNumber').waitFor({ state: 'visible' });
			await sandboxOption.shown.waitFor({ state: 'visible' });
			assert.equal(await sandboxOption.isOn(), true, 'Sandbox is on after the switch');
			assert.equal(await scheduledField().inputValue(), typedDate);
			await leaveField(page);
		},
	);
	if (!switched) return;

	await guarded(
		'SMS › Send Many, just switched to, run with the imported credential (Test Mode off): one /bulk-send with sandbox 1, nothing billed; saved with Sandbox and Scheduled At',
		async () => {
			await page.getByTestId('node-credentials-select').click();
			await page
				.locator('.el-popper:visible')
				.getByRole('option', { name: titled(CREDENTIAL.name) })
				.click();
			await waitForValue(
				page.getByTestId('node-credentials-select').locator('input').first(),
				CREDENTIAL.name,
			);
			await typeInto(page, nodeField(page, 'phoneNumber'), '06 12 34 56 78');
			await typeInto(page, nodeField(page, 'message'), 'Votre rendez-vous est confirmé.');
			await leaveField(page);
			const before = { balances: balances(sandbox), calls: sandbox.calls.length };
			await executeStep(page);
			await outputOneItem(page);
			const [shown] = await outputJson(page);
			assert.equal(shown.sandbox, true);
			assert.equal(shown.scheduledAt, `${year}-12-25T10:00:00+01:00`);
			const calls = sandbox.calls.slice(before.calls);
			assert.deepEqual(
				calls.map((call) => `${call.method} ${call.path}`),
				['POST /bulk-send'],
			);
			assert.equal(calls[0].body.sandbox, 1);
			assert.deepEqual(balances(sandbox), before.balances);
			// n8n saves the workflow before running it: the options as saved after the switch
			const saved = await savedNodeParameters(page, baseUrl, token);
			assert.equal(saved.operation, 'sendMany');
			assert.equal(saved.options.sandbox, true);
			assert.equal(saved.options.scheduledAt, typedDate);
		},
	);
}

/** The "SMS Partner API" credential dialog, on a second credential made from a new node (the imported one stays as it is). */
async function credentialChecks({ page, baseUrl, token, install, sandbox }) {
	const guarded = guard(page);
	const content = page.getByTestId('credential-edit-dialog');
	const dialog = page.getByRole('dialog').filter({ has: content });
	const field = (name) =>
		content.getByTestId(`parameter-input-${name}`).getByTestId('parameter-input-field');
	const failure = dialog.getByText(/Couldn.t connect with these settings/);
	const success = content.getByTestId('credentials-config-container-test-success');
	const [account] = sandbox.state.accounts;

	/** Types into a credential field, then Tab and a pause, as a user would before clicking Save. */
	const typeField = async (name, text) => {
		await typeInto(page, field(name), text);
		await page.keyboard.press('Tab');
		await page.waitForTimeout(TYPING_PAUSE);
	};
	/** Clicks Save; n8n saves the credential, then tests it. Resolves with what was saved and the test's answer. */
	const save = async () => {
		const saved = page.waitForRequest(
			(req) =>
				/\/rest\/credentials(\/[^/]+)?$/.test(new URL(req.url()).pathname) &&
				['POST', 'PATCH'].includes(req.method()),
		);
		const tested = page.waitForResponse(
			(res) => new URL(res.url()).pathname === '/rest/credentials/test',
		);
		await page.getByTestId('credential-save-button').click();
		return { data: (await saved).postDataJSON().data, test: (await (await tested).json()).data };
	};
	/** The test's failure, shown by the dialog once "More details" is clicked. */
	const failureShows = async (text) => {
		await failure.waitFor({ state: 'visible' });
		const details = dialog.getByText('More details', { exact: true });
		if (await details.isVisible()) await details.click();
		await dialog.getByText(text, { exact: true }).waitFor({ state: 'visible' });
	};

	const opened = await guarded(
		'credential dialog: hints under API Key and Base URL, API Key a password input',
		async () => {
			await openNewNode(page, baseUrl, ACTIONS.removeCredit);
			await dismissToasts(page);
			await page.getByTestId('node-credentials-select').click();
			await page.getByTestId('node-credentials-select-item-new').click();
			await content.waitFor({ state: 'visible' });
			await dialog.getByText('SMS Partner API', { exact: true }).waitFor({ state: 'visible' });
			await content.getByText(API_KEY_HINT, { exact: true }).waitFor({ state: 'visible' });
			await content.getByText(BASE_URL_HINT, { exact: true }).waitFor({ state: 'visible' });
			assert.equal(await field('apiKey').getAttribute('type'), 'password');
			assert.equal(await field('baseUrl').inputValue(), 'https://api.smspartner.fr/v1');
			// the key as copied with a space on each side
			await typeField('apiKey', `  ${account.apiKey}  `);
			await page.mouse.move(640, 760); // off the dialog: no hover controls in the picture
			await screenshot(page, 'credential.png');
		},
	);
	if (!opened) return;

	const created = await guarded(
		"credential: API Key typed with spaces around the right key: n8n's test succeeds",
		async () => {
			await typeField('baseUrl', sandbox.baseUrl);
			const mes = sandbox.callCount('/me');
			const { data, test } = await save();
			assert.equal(data.apiKey, `  ${account.apiKey}  `, 'n8n saved the key as typed');
			assert.equal(data.baseUrl, sandbox.baseUrl);
			assert.deepEqual(test, { status: 'OK', message: 'Connection successful!' });
			const me = sandbox.calls.filter((call) => call.path === '/me').slice(mes);
			assert.ok(me.length >= 1, 'the sandbox received no GET /me');
			assert.equal(me.at(-1).query.apiKey, account.apiKey, 'the key reached SMS Partner untrimmed');
			// a new credential's dialog closes once its test passes; opened again, n8n tests it again
			await content.waitFor({ state: 'hidden' });
			await page.getByTestId('credential-edit-button').first().click();
			await success.waitFor({ state: 'visible' });
		},
	);
	if (!created) return;

	await guarded(
		'credential: Base URL typed without /v1: the dialog shows the HTTP 404 message',
		async () => {
			await typeField('baseUrl', sandbox.baseUrl.replace(/\/v1$/, ''));
			const { test } = await save();
			assert.deepEqual(test, { status: 'Error', message: NOT_FOUND_MESSAGE });
			await failureShows(NOT_FOUND_MESSAGE);
		},
	);
	await guarded(
		'credential: Base URL on a port nothing listens on: the dialog shows ECONNREFUSED, the Base URL hint beside it',
		async () => {
			const closed = `http://127.0.0.1:${await freePort()}/v1`; // nothing listens there
			await typeField('baseUrl', closed);
			const { test } = await save();
			assert.deepEqual(test, { status: 'Error', message: 'ECONNREFUSED' });
			await failureShows('ECONNREFUSED');
			await content.getByText(BASE_URL_HINT, { exact: true }).waitFor({ state: 'visible' });
		},
	);
	await guarded('credential: Base URL typed back: the test passes again', async () => {
		await typeField('baseUrl', sandbox.baseUrl);
		const { data, test } = await save();
		assert.equal(data.baseUrl, sandbox.baseUrl);
		assert.equal(test.status, 'OK');
		await success.waitFor({ state: 'visible' });
		assert.equal(await failure.isVisible(), false);
		await page.keyboard.press('Escape');
		await content.waitFor({ state: 'hidden' });
	});
	await guarded(
		'credential: a node run with it (the key saved with its spaces): Get Balance reads the balance',
		async () => {
			// the Escape that closed the credential dialog may have closed the node panel too
			if (!(await page.getByTestId('ndv').isVisible())) {
				await page
					.locator(`[data-test-id="canvas-node"][data-node-name="${ACTIONS.removeCredit}"]`)
					.dblclick();
				await page.getByTestId('ndv').waitFor({ state: 'visible' });
			}
			const credential = page.getByTestId('node-credentials-select').locator('input').first();
			assert.notEqual(
				await credential.inputValue(),
				CREDENTIAL.name,
				'the node uses the imported credential',
			);
			await chooseOption(page, 'resource', 'Account');
			await waitForValue(
				page.getByTestId('parameter-input-operation').locator('input').first(),
				'Get Balance',
			);
			const mes = sandbox.callCount('/me');
			await executeStep(page);
			await outputOneItem(page);
			const me = sandbox.calls.filter((call) => call.path === '/me').slice(mes);
			assert.equal(me.length, 1);
			assert.equal(me[0].query.apiKey, account.apiKey, 'the key reached SMS Partner untrimmed');
			const workflow = await savedWorkflow(page, baseUrl, token);
			const run = await latestRunItems(baseUrl, token, install, workflow.id);
			assert.equal(run.status, 'success');
			// n8n renames a node still named after its action: "Get the account balance" now
			const [node] = workflow.nodes.filter((entry) => entry.type === SMS_PARTNER_NODE);
			assert.equal(run.json[node.name][0].data.main[0][0].json.credit, account.credit);
		},
	);
}

async function demoChecks({ page, baseUrl, token, install, sandbox }) {
	const label = (source, target) =>
		page.locator(
			`[data-test-id="edge-label"][data-source-node-name="${source}"][data-target-node-name="${target}"]`,
		);
	const before = balances(sandbox);
	const ran = await check('demo workflow: "Execute workflow" runs it from the editor', async () => {
		await page.goto(`${baseUrl}/workflow/${DEMO_ID}`);
		const execute = page.getByTestId('execute-workflow-button');
		await execute.waitFor({ state: 'visible' });
		const node = page.locator('[data-test-id="canvas-node"][data-node-name="Remove Credit"]');
		await node.waitFor({ state: 'visible' });
		const answered = page.waitForResponse(
			(res) =>
				res.url().endsWith(`/rest/workflows/${DEMO_ID}/run`) && res.request().method() === 'POST',
		);
		await execute.click();
		assert.equal((await answered).status(), 200);
	});
	if (!ran) return failureShot(page, 'demo-run');

	await check(
		'canvas: the node "Remove Credit" has its operation as subtitle, "Remove Credit", not "removeCredit: subAccount"',
		async () => {
			const shown = await page
				.locator('[data-test-id="canvas-node"][data-node-name="Remove Credit"]')
				.innerText();
			assert.doesNotMatch(shown, /removeCredit|subAccount/);
			assert.equal(
				shown.match(/Remove Credit/g)?.length,
				2,
				`the node shows ${JSON.stringify(shown)}`,
			);
		},
	);

	(await check(
		'demo workflow: canvas shows 2 items on "Credit moved", 3 on "Refused"',
		async () => {
			const shows = (source, target, count) =>
				label(source, target)
					.filter({ hasText: new RegExp(`^\\s*${count} items\\s*$`) })
					.waitFor({ state: 'visible' });
			await shows('Remove Credit', 'Credit moved', 2);
			await shows('Remove Credit', 'Refused', 3);
			await shows('One item each', 'Remove Credit', 5);
		},
	)) || (await failureShot(page, 'demo-counts'));

	await check('demo workflow: the execution record and the sandbox agree', async () => {
		const run = await latestRunItems(baseUrl, token, install, DEMO_ID);
		assert.ok(run, 'no execution of the demo workflow recorded');
		assert.equal(run.status, 'success');
		assert.deepEqual(run.counts['Remove Credit'], [2, 3]);
		assert.deepEqual(run.counts['Credit moved'], [2]);
		assert.deepEqual(run.counts.Refused, [3]);
		const moved = run.json['Remove Credit'][0].data.main[0].map((item) => item.json);
		assert.deepEqual(
			moved.map((item) => [item.tokenSubaccount, item.creditRemoved]),
			[
				['sub-alpha', 25],
				['sub-beta', 5.5],
			],
		);
		const refused = run.json['Remove Credit'][0].data.main[1].map((item) => item.json);
		assert.deepEqual(
			refused.map((item) => [item.token, item.error && item.error.code]),
			[
				['sub-empty', 6],
				['sub-unknown', 7],
				['sub-beta', 8],
			],
		);
		assert.match(
			refused[1].error.message,
			/SMS Partner refused the credit move for subaccount "sub-unknown" \(code 7\): «The sub-account does not exist»/,
		);
		assert.deepEqual(balances(sandbox), {
			...before,
			main: before.main + 30.5,
			'sub-alpha': before['sub-alpha'] - 25,
			'sub-beta': before['sub-beta'] - 5.5,
		});
		// what the editor checks moved, they moved back: the demo starts from the sandbox's own balances
		assert.equal(sandbox.subaccount('sub-alpha').credit, 125);
		assert.equal(sandbox.subaccount('sub-beta').credit, 15);
	});

	await check('screenshot: executed demo workflow', async () => {
		await page.getByTestId('zoom-to-fit').click();
		await canvasSettled(page);
		await page.getByTestId('zoom-out-button').click(); // a margin around the edge labels
		await canvasSettled(page);
		await screenshot(page, 'demo-workflow-executed.png');
	});
}

/** Selects a node's entry in the logs panel's run tree (a click on the selected one would unselect it). */
async function showLogEntry(page, name) {
	const logs = page.getByTestId('logs-panel');
	if (!(await logs.getByTestId('logs-overview-body').isVisible()))
		await logs.getByTestId('logs-overview-header').click();
	const header = logs.getByTestId('log-details-header');
	if (!(await header.filter({ hasText: name }).isVisible()))
		await logs.getByTestId('logs-overview-body').getByText(name, { exact: true }).click();
	await header.filter({ hasText: name }).waitFor({ state: 'visible' });
}

/** A log details pane's first table row, { column: cell text } (its table view, n8n's default). */
async function logTableRow(pane) {
	const table = pane.locator('table').first();
	await table.waitFor({ state: 'visible' });
	const headers = await table.locator('thead th').allInnerTexts();
	const cells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
	const row = {};
	headers.forEach((header, index) => {
		if (header.trim()) row[header.trim()] = (cells[index] ?? '').trim();
	});
	return row;
}

/** A log details pane's fields in its schema view (n8n's default for a tool's input): { name: value }. */
async function logSchemaFields(pane) {
	const items = pane.getByTestId('run-data-schema-item');
	await items.first().waitFor({ state: 'visible' });
	const fields = {};
	for (const item of await items.all()) {
		const name = await item.getByTestId('run-data-schema-node-name').getAttribute('data-name');
		fields[name] = (await item.getByTestId('run-data-schema-item-value').innerText()).trim();
	}
	return fields;
}

/**
 * `npm start`'s agent demo, run from the editor: n8n's AI Agent asked to "Remove 5
 * euros from subaccount sub-alpha", its model the local fake one, the node as its
 * two tools. Then the remove tool's own panel: the Tool Description the model reads.
 */
async function agentChecks({ page, baseUrl, token, install, sandbox, model }) {
	const guarded = guard(page);
	const canvasNode = (name) =>
		page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	const succeeded = (name) => canvasNode(name).getByTestId('canvas-node-status-success');
	const before = { balances: balances(sandbox), calls: sandbox.calls.length };

	const ran = await guarded(
		'agent workflow: "Execute workflow" runs the AI Agent; it, its model and the remove tool show success',
		async () => {
			await page.goto(`${baseUrl}/workflow/${AGENT_DEMO.id}`);
			const execute = page.getByTestId('execute-workflow-button');
			await execute.waitFor({ state: 'visible' });
			for (const node of AGENT_DEMO.nodes)
				await canvasNode(node.name).waitFor({ state: 'visible' });
			const answered = page.waitForResponse(
				(res) =>
					res.url().endsWith(`/rest/workflows/${AGENT_DEMO.id}/run`) &&
					res.request().method() === 'POST',
			);
			await execute.click();
			assert.equal((await answered).status(), 200);
			await succeeded('AI Agent').waitFor({ state: 'visible' });
			await succeeded('OpenAI Chat Model').waitFor({ state: 'visible' });
			await succeeded('SMS Partner remove credit').waitFor({ state: 'visible' });
			// the model did not ask for the balance: that tool did not run
			assert.equal(await succeeded('SMS Partner balance').count(), 0);
		},
	);
	if (!ran) return;

	await guarded(
		'agent workflow: the sandbox received exactly one remove call, 5 EUR from sub-alpha; the run quotes both balances',
		async () => {
			const calls = sandbox.calls.slice(before.calls);
			assert.deepEqual(
				calls.map((call) => `${call.method} ${call.path}`),
				['POST /subaccount/credit/remove'],
				'the sandbox received exactly one remove call and nothing else',
			);
			assert.equal(calls[0].body.tokenSubaccount, 'sub-alpha');
			assert.equal(calls[0].body.credit, 5);
			assert.deepEqual(balances(sandbox), {
				...before.balances,
				main: before.balances.main + 5,
				'sub-alpha': before.balances['sub-alpha'] - 5,
			});
			// the model was asked the prompt and offered both tools
			const [first] = model.requests;
			assert.ok(first, 'the fake model received no request');
			assert.match(JSON.stringify(first.messages), new RegExp(DEMO_AGENT_PROMPT));
			assert.deepEqual(first.tools.map((tool) => tool.function.name).sort(), [
				'SMS_Partner_balance',
				'SMS_Partner_remove_credit',
			]);
			const run = await latestRunItems(baseUrl, token, install, AGENT_DEMO.id);
			assert.ok(run, 'no execution of the agent workflow recorded');
			assert.equal(run.status, 'success');
			const output = String(run.json['AI Agent'][0].data.main[0][0].json.output);
			assert.match(output, /"creditRemoved":5,/);
			assert.match(output, new RegExp(`"subaccountCredit":${before.balances['sub-alpha'] - 5}\\b`));
		},
	);

	const logs = page.getByTestId('logs-panel');
	await guarded(
		'agent workflow: the logs panel shows the run: the AI Agent\'s answer quotes the tool\'s "creditRemoved":5',
		async () => {
			await logs.getByTestId('logs-overview-header').waitFor({ state: 'visible' });
			await showLogEntry(page, 'AI Agent');
			// the run's tree: the agent, its model asked twice, the remove tool once, no balance tool
			const tree = (await logs.getByTestId('logs-overview-body').innerText())
				.split('\n')
				.map((line) => line.trim())
				.filter((line) => AGENT_DEMO.nodes.some((node) => node.name === line));
			assert.deepEqual(tree, [
				'Start',
				'AI Agent',
				'OpenAI Chat Model',
				'SMS Partner remove credit',
				'OpenAI Chat Model',
			]);
			await logs
				.getByTestId('log-details-output')
				.getByText(/Tool answer 1: .*"creditRemoved":5,/)
				.waitFor({ state: 'visible' });
		},
	);
	await guarded(
		"agent workflow: the remove tool's log entry: input sub-alpha and 5 from the model, output creditRemoved 5 and both balances",
		async () => {
			await showLogEntry(page, 'SMS Partner remove credit');
			assert.deepEqual(await logSchemaFields(logs.getByTestId('log-details-input')), {
				subaccount: 'sub-alpha',
				amount: '5',
			});
			assert.deepEqual(await logTableRow(logs.getByTestId('log-details-output')), {
				tokenSubaccount: 'sub-alpha',
				creditRemoved: '5',
				credit: String(before.balances.main + 5),
				subaccountCredit: String(before.balances['sub-alpha'] - 5),
				currency: 'EUR',
			});
		},
	);

	await guarded('screenshot: executed agent workflow', async () => {
		await dismissToasts(page);
		await page.getByTestId('zoom-to-fit').click();
		await canvasSettled(page);
		await page.getByTestId('zoom-out-button').click(); // clear of the "Execute workflow" button
		await canvasSettled(page);
		await page.mouse.move(0, 0);
		await screenshot(page, 'agent-workflow-executed.png');
	});

	await guarded(
		'agent workflow: the remove tool\'s panel shows its Tool Description, "Moves euros from one SMS Partner subaccount…"',
		async () => {
			await canvasNode('SMS Partner remove credit').dblclick();
			await page.getByTestId('ndv').waitFor({ state: 'visible' });
			const item = parameterItem(page, 'toolDescription');
			await item
				.getByText('Tool Description', { exact: true })
				.first()
				.waitFor({ state: 'visible' });
			const field = nodeField(page, 'toolDescription');
			assert.match(await field.inputValue(), /^Moves euros from one SMS Partner subaccount/);
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		},
	);
}

/* ---------- two-way SMS: the webhook trigger and Send and Wait for Reply ---------- */

const WEBHOOK_TRIGGER_NODE = 'n8n-nodes-smspartner.smsPartnerWebhookTrigger';
/** The webhook trigger's events, as n8n's node creator lists them under "Triggers (5)". */
const WEBHOOK_TRIGGER_ACTIONS = [
	'On delivery report',
	'On hlr result',
	'On message to my long number',
	'On reply received',
	'On stop received',
];
/** Its Events dropdown: each option's name and the value n8n saves. */
const WEBHOOK_EVENTS = {
	'Delivery Report': 'deliveryReport',
	'HLR Result': 'hlrResult',
	'Message to My Long Number': 'longNumberMessage',
	'Reply Received': 'reply',
	'STOP Received': 'stop',
};
/** A made-up Secret, shown in webhook-trigger.png (the field masks it; the URL shows it). */
const DEMO_SECRET = 'demo-secret-7Kq2xW9pLm4vZt8R';
/** The appointment demo of the README's Send and Wait for Reply. */
const APPOINTMENT = {
	phoneTyped: '06 12 34 56 78',
	phone: '+33612345678',
	message: 'Your appointment is tomorrow at 10:00. Reply OUI to confirm, NON to cancel',
	answersTyped: 'OUI, NON',
};

/**
 * The workflow as n8n saved it, once `ready(workflow)` holds: the editor saves a change by
 * itself a moment after it is made (no Save button in 2.41.1), so this polls, up to WAIT.
 */
async function savedWhen(page, baseUrl, token, ready, what) {
	const giveUpAt = Date.now() + WAIT;
	let last;
	for (;;) {
		try {
			const workflow = await savedWorkflow(page, baseUrl, token);
			if (ready(workflow)) return workflow;
			last = JSON.stringify(workflow.nodes.map((node) => node.parameters));
		} catch (error) {
			last = error.message; // not saved yet (the address still says /workflow/new)
		}
		if (Date.now() > giveUpAt)
			throw new Error(`n8n did not save ${what} within ${WAIT} ms: ${last}`);
		await page.waitForTimeout(250);
	}
}

/** Polls `probe` (async) until it gives something other than undefined, up to WAIT. */
async function eventually(probe, what) {
	const giveUpAt = Date.now() + WAIT;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > giveUpAt) throw new Error(`no ${what} within ${WAIT} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * The SMS Partner Webhook Trigger as a user sets it up: picked from the node creator by an
 * event, its Events dropdown, a Secret typed, the Production URL copied from n8n's "Webhook
 * URLs", the workflow published from the header; the copied URL then takes SMS Partner's
 * reply JSON (an execution starts) and the same URL without the secret is refused.
 */
async function webhookTriggerChecks({ page, baseUrl, token, install }) {
	const guarded = guard(page);
	const creator = page.getByTestId('node-creator');
	const eventsInput = () =>
		page.getByTestId('node-parameters').getByTestId('parameter-input-events');
	const triggerNode = (workflow) => {
		const nodes = workflow.nodes.filter((node) => node.type === WEBHOOK_TRIGGER_NODE);
		assert.equal(nodes.length, 1, 'expected one SMS Partner Webhook Trigger in the workflow');
		return nodes[0];
	};
	const savedEvents = (expected) =>
		savedWhen(
			page,
			baseUrl,
			token,
			(workflow) =>
				JSON.stringify([...(triggerNode(workflow).parameters.events ?? [])].sort()) ===
				JSON.stringify([...expected].sort()),
			`Events ${JSON.stringify(expected)}`,
		);

	const opened = await guarded(
		'SMS Partner Webhook Trigger: the node creator offers its five events under "Triggers (5)"; "On reply received" opens it with Events = Reply Received, saved as ["reply"]',
		async () => {
			await newWorkflow(page, baseUrl);
			await page.getByTestId('canvas-add-button').click();
			await creator.waitFor({ state: 'visible' });
			await page.getByTestId('node-creator-search-bar').fill('SMS Partner');
			// n8n lists a trigger without its " Trigger"
			await creator
				.getByTestId('item-iterator-item')
				.filter({
					has: page
						.getByTestId('node-creator-item-name')
						.getByText('SMS Partner Webhook', { exact: true }),
				})
				.click();
			await creator
				.getByTestId('node-creator-category-item')
				.filter({ hasText: exactly('Triggers (5)') })
				.waitFor({ state: 'visible' });
			const events = creator.locator(
				'[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]',
			);
			await events.first().waitFor({ state: 'visible' });
			assert.deepEqual(
				(await events.allInnerTexts()).map((text) => text.trim()),
				WEBHOOK_TRIGGER_ACTIONS,
			);
			await creator
				.getByTestId('item-iterator-item')
				.filter({ hasText: exactly('On reply received') })
				.click();
			await page.getByTestId('ndv').waitFor({ state: 'visible' });
			await page.getByTestId('node-parameters').waitFor({ state: 'visible' });
			assert.deepEqual(
				(await eventsInput().locator('.el-select__tags-text').allInnerTexts()).map((t) => t.trim()),
				['Reply Received'],
			);
			const workflow = await savedEvents(['reply']);
			assert.equal(triggerNode(workflow).name, 'SMS Partner Webhook Trigger');
		},
	);
	if (!opened) return;

	await guarded(
		'webhook trigger: the Events dropdown offers the five events; each one selected, Reply Received deselected and selected again, shows as its chips and is saved so',
		async () => {
			await eventsInput().click();
			const popper = page.locator('.el-popper:visible');
			const options = popper.getByRole('option');
			await options.first().waitFor({ state: 'visible' });
			const offered = async () =>
				options.evaluateAll((items) =>
					items.map((item) => ({
						name: item.innerText.split('\n')[0].trim(),
						selected: item.classList.contains('selected'),
					})),
				);
			assert.deepEqual(await offered(), [
				{ name: 'Delivery Report', selected: false },
				{ name: 'HLR Result', selected: false },
				{ name: 'Message to My Long Number', selected: false },
				{ name: 'Reply Received', selected: true },
				{ name: 'STOP Received', selected: false },
			]);
			let chosen = ['Reply Received'];
			for (const [name, select] of [
				['Delivery Report', true],
				['HLR Result', true],
				['Message to My Long Number', true],
				['STOP Received', true],
				['Reply Received', false],
				['Reply Received', true],
			]) {
				await popper.getByRole('option', { name: titled(name) }).click();
				chosen = select ? [...chosen, name] : chosen.filter((entry) => entry !== name);
				await savedEvents(chosen.map((entry) => WEBHOOK_EVENTS[entry]));
				const chips = (await eventsInput().locator('.el-select__tags-text').allInnerTexts()).map(
					(text) => text.trim(),
				);
				assert.deepEqual(chips.sort(), [...chosen].sort(), `chips after ${name}`);
				const shown = await offered();
				assert.deepEqual(
					shown.filter((option) => option.selected).map((option) => option.name),
					Object.keys(WEBHOOK_EVENTS).filter((entry) => chosen.includes(entry)),
				);
			}
			await page.keyboard.press('Escape');
			await options.first().waitFor({ state: 'hidden' });
		},
	);

	let productionUrl = null;
	const copied = await guarded(
		'webhook trigger: a Secret typed (a password field); "Webhook URLs" › Production URL shows …/webhook/<its webhookId>/sms/<the secret> for POST; a click copies exactly it ("URL copied")',
		async () => {
			const secret = nodeField(page, 'secret');
			assert.equal(await secret.getAttribute('type'), 'password');
			await typeInto(page, secret, DEMO_SECRET);
			await leaveField(page);
			const workflow = await savedWhen(
				page,
				baseUrl,
				token,
				(saved) => triggerNode(saved).parameters.secret === DEMO_SECRET,
				'the Secret',
			);
			const { webhookId } = triggerNode(workflow);
			assert.match(String(webhookId), /^[0-9a-f-]{36}$/);

			const hooks = page.getByTestId('ndv').locator('.webhooks');
			await hooks.waitFor({ state: 'visible' });
			if (!(await hooks.locator('.node-webhooks').isVisible()))
				await hooks.locator('.headline').click(); // "Webhook URLs", folded at first
			const production = hooks.getByTestId('radio-button-production');
			await production.click();
			await page.waitForFunction(
				(el) => el.getAttribute('aria-checked') === 'true',
				await production.elementHandle(),
				{ timeout: WAIT },
			);
			const shownUrls = hooks.locator('.webhook-url');
			const expected = `${baseUrl}/webhook/${webhookId}/sms/${DEMO_SECRET}`;
			await shownUrls.filter({ hasText: expected }).waitFor({ state: 'visible' });
			// one URL shown (POST); the GET and secret-less ones are hidden from the panel
			assert.deepEqual(
				(await shownUrls.allInnerTexts()).map((text) => text.trim()),
				[expected],
			);
			assert.deepEqual(
				(await hooks.locator('.http-method').allInnerTexts()).map((text) => text.trim()),
				['POST'],
			);
			assert.ok(expected.endsWith(`/sms/${DEMO_SECRET}`));

			await page.evaluate(() => navigator.clipboard.writeText(''));
			await dismissToasts(page);
			await shownUrls.first().click();
			await page
				.locator('.el-notification[role="alert"]')
				.filter({ hasText: 'URL copied' })
				.waitFor({ state: 'visible' });
			productionUrl = await page.evaluate(() => navigator.clipboard.readText());
			assert.equal(productionUrl, expected);
		},
	);
	if (copied) {
		await guarded('screenshot: the webhook trigger panel with its Production URL', async () => {
			await dismissToasts(page);
			await page.mouse.move(640, 790);
			await screenshot(page, 'webhook-trigger.png');
		});
	}
	if (!copied) return;

	const published = await guarded(
		'webhook trigger: the workflow published from the header ("Publish", the dialog\'s Publish, "Got it"): n8n activates it, the button says "Published"',
		async () => {
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
			await dismissToasts(page);
			const open = page.getByTestId('workflow-open-publish-modal-button');
			await open.click();
			const publish = page.getByTestId('workflow-publish-button');
			await publish.waitFor({ state: 'visible' });
			const activated = page.waitForResponse(
				(res) =>
					/\/rest\/workflows\/[^/]+\/activate$/.test(new URL(res.url()).pathname) &&
					res.request().method() === 'POST',
			);
			await publish.click();
			assert.equal((await activated).status(), 200);
			// n8n's first publication in this browser explains itself: "Workflow published", Got it
			const explained = page.getByTestId('activation-modal');
			await explained
				.getByText('Workflow published', { exact: true })
				.waitFor({ state: 'visible' });
			await explained.getByRole('button', { name: 'Got it' }).click();
			await explained.waitFor({ state: 'hidden' });
			await open.filter({ hasText: exactly('Published') }).waitFor({ state: 'visible' });
			const workflow = await savedWorkflow(page, baseUrl, token);
			assert.equal(workflow.active, true);
		},
	);
	if (!published) return;

	await guarded(
		"webhook trigger, published: SMS Partner's reply JSON posted to the copied URL gets 200 and starts an execution with the reply; the same URL without the secret gets 403",
		async () => {
			const workflow = await savedWorkflow(page, baseUrl, token);
			const name = triggerNode(workflow).name;
			const post = (url, body) =>
				fetch(url, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify(body),
				});
			// what SMS Partner posts for a reply (the sandbox's reply() posts the same)
			const reply = {
				type: 'response',
				phone_number: APPOINTMENT.phone,
				text: 'OUI',
				message_id: 48213377,
			};
			const accepted = await post(productionUrl, reply);
			// (n8n 2.41.1 answers a started execution with the text "firstEntryJson": SMS Partner reads the status only)
			assert.equal(accepted.status, 200, await accepted.text());
			const run = await eventually(async () => {
				const latest = await latestRunItems(baseUrl, token, install, workflow.id);
				return latest && latest.status === 'success' ? latest : undefined;
			}, 'execution of the published trigger');
			const [item] = run.json[name][0].data.main[0].map((entry) => entry.json);
			assert.equal(item.event, 'reply');
			assert.equal(item.messageId, '48213377');
			assert.equal(item.phoneNumber, APPOINTMENT.phone);
			assert.equal(item.text, 'OUI');
			assert.deepEqual(item.raw, reply);

			const withoutSecret = productionUrl.slice(0, -`/${DEMO_SECRET}`.length);
			assert.ok(withoutSecret.endsWith('/sms'));
			const refused = await post(withoutSecret, { ...reply, text: 'forged' });
			assert.equal(refused.status, 403);
		},
	);
}

/** The output handle "+" of a canvas node: n8n opens the node creator to connect a new node there. */
function outputPlus(page, nodeName) {
	return page
		.locator(`[data-test-id="canvas-node-output-handle"][data-node-name="${nodeName}"]`)
		.getByTestId('canvas-handle-plus');
}

/** The Switch's routing rules as n8n saved them: [leftValue, operation, rightValue] per condition. */
function switchRules(workflow) {
	const node = workflow.nodes.find((entry) => entry.type === 'n8n-nodes-base.switch');
	return (node?.parameters.rules?.values ?? []).map((rule) =>
		(rule.conditions?.conditions ?? []).map((condition) => [
			condition.leftValue,
			condition.operator?.operation,
			condition.rightValue,
		]),
	);
}

/**
 * In the open Switch panel, routing rule `index`: `{{ $json.answer }}` (the Expression
 * switch, then `{{` and `$json.answer` typed: n8n's editor closes the braces) is equal to
 * `answer` (typed). Each field is left only once n8n has saved it: typed into the next one
 * sooner, n8n 2.41.1's filter component can drop the previous field's update (seen: the
 * expression lost, "OUI" saved as "O", while the inputs still showed what was typed).
 */
async function fillAnswerRule({ page, baseUrl, token }, index, answer) {
	const condition = page.getByTestId('filter-condition').nth(index);
	const saved = (probe, what) =>
		savedWhen(
			page,
			baseUrl,
			token,
			(workflow) => {
				const [first] = switchRules(workflow)[index] ?? [];
				return first !== undefined && probe(first);
			},
			`rule ${index + 1}'s ${what}`,
		);
	const left = condition.getByTestId('filter-condition-left');
	await left.hover();
	await left.getByTestId('radio-button-expression').click();
	const editor = left.locator('.cm-content');
	await editor.click();
	await page.keyboard.type('{{');
	await page.keyboard.type('$json.answer');
	await page.waitForFunction(
		(el) => el.textContent === '{{ $json.answer }}',
		await editor.elementHandle(),
		{ timeout: WAIT },
	);
	await leaveField(page); // also closes the expression's preview, which covers the next field
	await saved(([leftValue]) => leftValue === '={{ $json.answer }}', 'expression');
	await typeInto(
		page,
		condition.getByTestId('filter-condition-right').getByTestId('parameter-input-field'),
		answer,
	);
	await leaveField(page);
	await saved(
		([leftValue, , rightValue]) => leftValue === '={{ $json.answer }}' && rightValue === answer,
		`value ${answer}`,
	);
}

/**
 * The README's appointment demo, built and run in the editor: Manual Trigger → SMS Partner
 * "Send and Wait for Reply" → a Switch on `{{ $json.answer }}` (OUI / NON). The run waits;
 * the sandbox, as SMS Partner would, posts that number's reply "oui" to the message's
 * urlResponse (this execution's resume URL); the editor then shows the finished run.
 */
async function sendAndWaitChecks({ page, baseUrl, token, install, sandbox }) {
	const guarded = guard(page);
	const waitNode = ACTIONS.smsSendAndWait; // n8n names the new node after the action
	const canvasNode = (name) =>
		page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	const succeeded = (name) => canvasNode(name).getByTestId('canvas-node-status-success');

	const filled = await guarded(
		`SMS › Send and Wait for Reply with the sandbox credential: "${APPOINTMENT.phoneTyped}", the appointment message and "${APPOINTMENT.answersTyped}" typed, saved as typed`,
		async () => {
			// n8n gives a new node the credential used last: the credential checks' own, by now
			await openNewNode(page, baseUrl, ACTIONS.smsSendAndWait, { checkCredential: false });
			await chooseCredential(page, CREDENTIAL.name);
			await waitForValue(
				page.getByTestId('parameter-input-operation').locator('input').first(),
				'Send and Wait for Reply',
			);
			await typeInto(page, nodeField(page, 'phoneNumber'), APPOINTMENT.phoneTyped);
			await typeInto(page, nodeField(page, 'message'), APPOINTMENT.message);
			await typeInto(page, nodeField(page, 'expectedAnswers'), APPOINTMENT.answersTyped);
			await leaveField(page);
			const workflow = await savedWhen(
				page,
				baseUrl,
				token,
				(saved) =>
					saved.nodes.some(
						(node) =>
							node.type === SMS_PARTNER_NODE &&
							node.parameters.expectedAnswers === APPOINTMENT.answersTyped,
					),
				'the Send and Wait for Reply fields',
			);
			const [node] = workflow.nodes.filter((entry) => entry.type === SMS_PARTNER_NODE);
			assert.equal(node.name, waitNode);
			assert.deepEqual(
				{
					resource: node.parameters.resource,
					operation: node.parameters.operation,
					phoneNumber: node.parameters.phoneNumber,
					message: node.parameters.message,
					expectedAnswers: node.parameters.expectedAnswers,
				},
				{
					resource: 'sms',
					operation: 'sendAndWaitForReply',
					phoneNumber: APPOINTMENT.phoneTyped,
					message: APPOINTMENT.message,
					expectedAnswers: APPOINTMENT.answersTyped,
				},
			);
			assert.equal(node.credentials.smsPartnerApi.name, CREDENTIAL.name);
		},
	);
	if (!filled) return;

	const switched = await guarded(
		'a Switch added from the node\'s output "+": rules {{ $json.answer }} is equal to OUI, and to NON, saved so and connected after Send and Wait for Reply',
		async () => {
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
			await outputPlus(page, waitNode).click();
			const creator = page.getByTestId('node-creator');
			await creator.waitFor({ state: 'visible' });
			await page.getByTestId('node-creator-search-bar').fill('Switch');
			await creator
				.getByTestId('item-iterator-item')
				.filter({
					has: page.getByTestId('node-creator-item-name').getByText('Switch', { exact: true }),
				})
				.first()
				.click();
			await page.getByTestId('ndv').waitFor({ state: 'visible' });
			await page.getByTestId('filter-condition').first().waitFor({ state: 'visible' });
			await fillAnswerRule({ page, baseUrl, token }, 0, 'OUI');
			await page.getByTestId('node-parameters').getByTestId('fixed-collection-add').click();
			await page.getByTestId('filter-condition').nth(1).waitFor({ state: 'visible' });
			await fillAnswerRule({ page, baseUrl, token }, 1, 'NON');
			const expected = [
				[['={{ $json.answer }}', 'equals', 'OUI']],
				[['={{ $json.answer }}', 'equals', 'NON']],
			];
			const workflow = await savedWhen(
				page,
				baseUrl,
				token,
				(saved) => JSON.stringify(switchRules(saved)) === JSON.stringify(expected),
				'the Switch rules',
			);
			const switchNode = workflow.nodes.find((entry) => entry.type === 'n8n-nodes-base.switch');
			assert.deepEqual(workflow.connections[waitNode].main, [
				[{ node: switchNode.name, type: 'main', index: 0 }],
			]);
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		},
	);
	if (!switched) return;

	let message = null;
	let executionId = null;
	const waiting = await guarded(
		'appointment workflow: "Execute workflow" sends one SMS whose urlResponse is the run\'s resume URL on this n8n, and the editor shows the run waiting at Send and Wait for Reply',
		async () => {
			await dismissToasts(page);
			const before = sandbox.messages().length;
			const answered = page.waitForResponse(
				(res) =>
					/\/rest\/workflows\/[^/]+\/run$/.test(new URL(res.url()).pathname) &&
					res.request().method() === 'POST',
			);
			await page.getByTestId('execute-workflow-button').click();
			const response = await answered;
			assert.equal(response.status(), 200);
			executionId = String((await response.json()).data.executionId);
			message = await eventually(
				() => sandbox.messages().slice(before)[0],
				'SMS sent to the sandbox',
			);
			assert.equal(sandbox.messages().length, before + 1, 'one SMS sent');
			assert.deepEqual(
				message.recipients.map((recipient) => recipient.phoneNumber),
				[APPOINTMENT.phone],
			);
			assert.equal(message.text, APPOINTMENT.message);
			const resume = new URL(message.urlResponse);
			assert.equal(
				resume.origin,
				baseUrl,
				'the resume URL is on this n8n, reachable from the sandbox',
			);
			assert.match(resume.pathname, new RegExp(`^/webhook-waiting/${executionId}/[^/]+$`));
			assert.ok(resume.searchParams.get('secret'), 'the resume URL carries its secret');

			await canvasNode(waitNode).and(page.locator('.waiting')).waitFor({ state: 'visible' });
			await showLogEntryOverview(page);
			await page
				.getByTestId('logs-panel')
				.getByTestId('logs-overview-body')
				.getByText(/^\s*Waiting\b/)
				.first()
				.waitFor({ state: 'visible' });
			const execution = await rest(baseUrl, token, `/executions/${executionId}`);
			assert.equal(execution.status, 'waiting');
			assert.equal(await succeeded('Switch').count(), 0, 'the Switch ran before the reply');
		},
	);
	if (!waiting) return;

	const resumed = await guarded(
		'appointment workflow: the sandbox posts "oui" from that number to that message\'s urlResponse (200); the editor shows the finished run, Send and Wait for Reply\'s output with answer "OUI", 1 item on the Switch\'s OUI output',
		async () => {
			const answer = await sandbox.reply({
				messageId: message.id,
				phoneNumber: message.recipients[0].phoneNumber,
				text: 'oui',
			});
			assert.equal(answer.status, 200);
			await succeeded(waitNode).waitFor({ state: 'visible' });
			await succeeded('Switch').waitFor({ state: 'visible' });
			assert.equal(await canvasNode(waitNode).and(page.locator('.waiting')).count(), 0);

			const workflow = await savedWorkflow(page, baseUrl, token);
			const run = await eventually(async () => {
				const latest = await latestRunItems(baseUrl, token, install, workflow.id);
				return latest && latest.status !== 'waiting' ? latest : undefined;
			}, 'end of the run in the execution record');
			assert.equal(String(run.id), executionId);
			assert.equal(run.status, 'success');
			assert.deepEqual(run.counts.Switch, [1, 0], 'one item on the OUI branch, none on NON');
			// the canvas says so too: "1 item" on the Switch's output 0 (OUI), nothing on 1 (NON)
			const switchOutput = (index) =>
				page.locator(
					`[data-test-id="canvas-node-output-handle"][data-node-name="Switch"][data-index="${index}"]`,
				);
			await switchOutput(0).getByText('1 item', { exact: true }).waitFor({ state: 'visible' });
			assert.doesNotMatch(await switchOutput(1).innerText(), /item/);

			await canvasNode(waitNode).dblclick();
			await page.getByTestId('ndv').waitFor({ state: 'visible' });
			await outputOneItem(page);
			const [shown] = await outputJson(page);
			assert.deepEqual(
				{
					messageId: shown.messageId,
					phoneNumber: shown.phoneNumber,
					expectedAnswers: shown.expectedAnswers,
					timedOut: shown.timedOut,
					text: shown.text,
					answer: shown.answer,
					stop: shown.stop,
				},
				{
					messageId: String(message.id),
					phoneNumber: APPOINTMENT.phone,
					expectedAnswers: ['OUI', 'NON'],
					timedOut: false,
					text: 'oui',
					answer: 'OUI',
					stop: false,
				},
			);
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		},
	);
	if (!resumed) return;

	await guarded(
		'screenshot: the executed appointment workflow, the logs panel showing "answer": "OUI"',
		async () => {
			await dismissToasts(page);
			await showLogEntry(page, waitNode);
			const output = page.getByTestId('logs-panel').getByTestId('log-details-output');
			const json = output.getByTestId('radio-button-json');
			if ((await json.getAttribute('aria-checked')) !== 'true') await json.click();
			// the JSON view draws only the rows in sight: scroll down to the answer
			const answerRow = output
				.locator('.vjs-tree-node')
				.filter({ hasText: /^\s*"answer":\s*"OUI",?\s*$/ });
			const tree = output.locator('.vjs-tree');
			await tree.first().waitFor({ state: 'visible' });
			const box = await tree.first().boundingBox();
			for (let tries = 0; tries < 20; tries++) {
				const row = (await answerRow.count()) ? await answerRow.first().boundingBox() : null;
				if (row && row.y >= box.y && row.y + row.height <= box.y + box.height) break;
				await tree.first().hover();
				await page.mouse.wheel(0, 60);
				await page.waitForTimeout(150);
			}
			await answerRow.first().waitFor({ state: 'visible' });
			await page.getByTestId('zoom-to-fit').click();
			await canvasSettled(page);
			await page.mouse.move(0, 0);
			await screenshot(page, 'send-and-wait-for-reply.png');
		},
	);
}

/** Opens the logs panel's overview (the run's tree) if it is folded. */
async function showLogEntryOverview(page) {
	const logs = page.getByTestId('logs-panel');
	await logs.getByTestId('logs-overview-header').waitFor({ state: 'visible' });
	if (!(await logs.getByTestId('logs-overview-body').isVisible()))
		await logs.getByTestId('logs-overview-header').click();
	await logs.getByTestId('logs-overview-body').waitFor({ state: 'visible' });
}

/** Zooming animates the canvas: wait until its transform has not changed for 10 frames. */
async function canvasSettled(page) {
	await page.evaluate(() => {
		window.__uiTestStill = 0;
		window.__uiTestLast = null;
	});
	await page.waitForFunction(
		() => {
			const pane = document.querySelector('.vue-flow__transformationpane');
			if (!pane) return true;
			const now = pane.style.transform;
			window.__uiTestStill = now === window.__uiTestLast ? window.__uiTestStill + 1 : 0;
			window.__uiTestLast = now;
			return window.__uiTestStill >= 10;
		},
		undefined,
		{ polling: 'raf' },
	);
}

/* ---------- main ---------- */

async function main() {
	const version = process.env.UI_TEST_N8N_VERSION || LATEST;
	const keep = process.env.UI_TEST_KEEP === '1';
	let chromium;
	let selectors;
	try {
		({ chromium, selectors } = require('playwright-core'));
	} catch {
		throw new Error('playwright-core is missing: run `npm ci` first');
	}

	selectors.setTestIdAttribute('data-test-id'); // n8n's editor marks elements with data-test-id

	step('Chromium');
	const aptSeconds = ensureChromium();
	if (aptSeconds === null) log(`  ${CHROMIUM} present`);
	else log(`  installed with apt-get in ${aptSeconds.toFixed(1)}s`);

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smspartner-ui-'));
	const userFolder = path.join(work, 'user');
	const n8nPort = await pickPort(Number(process.env.UI_TEST_N8N_PORT || 5688));
	const brokerPort = await pickPort(n8nPort + 1, [n8nPort]);
	const cliBrokerPort = await pickPort(n8nPort + 2, [n8nPort, brokerPort]);
	const sandboxPort = await pickPort(Number(process.env.UI_TEST_SANDBOX_PORT || 4020), [
		n8nPort,
		brokerPort,
		cliBrokerPort,
	]);
	const modelPort = await pickPort(Number(process.env.UI_TEST_MODEL_PORT || 4030), [
		n8nPort,
		brokerPort,
		cliBrokerPort,
		sandboxPort,
	]);

	live.work = work;
	live.keep = keep;
	live.ports = [n8nPort, brokerPort, sandboxPort, modelPort];
	try {
		step('Building and packing n8n-nodes-smspartner');
		buildPackage();
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
				cwd: ROOT,
				encoding: 'utf8',
			}),
		);

		step(`Starting the SMS Partner sandbox on 127.0.0.1:${sandboxPort}`);
		const sandbox = (live.sandbox = await startSandbox({ port: sandboxPort }));
		step(`Starting the fake OpenAI model on 127.0.0.1:${modelPort}`);
		const model = (live.model = await startFakeOpenAi({ port: modelPort }));

		step(`n8n ${version} (from the cache), throwaway user folder ${userFolder}`);
		const install = await ensureN8n(version);
		await prepareUserFolder({ tarball: path.join(work, packed.filename), userFolder });
		const [account] = sandbox.state.accounts;
		await importIntoN8n(install, userFolder, cliBrokerPort, 'credentials', [
			credentialEntry(CREDENTIAL.id, CREDENTIAL.name, account.apiKey, sandbox.baseUrl),
			openAiCredentialEntry(FAKE_MODEL_CREDENTIAL.id, FAKE_MODEL_CREDENTIAL.name, model.baseUrl),
		]);
		await importIntoN8n(install, userFolder, cliBrokerPort, 'workflow', [
			demoWorkflow(CREDENTIAL, DEMO_ITEMS),
			AGENT_DEMO,
		]);

		step(`Starting n8n on 127.0.0.1:${n8nPort}`);
		const n8n = (live.n8n = await startN8n({ install, userFolder, port: n8nPort, brokerPort }));
		const baseUrl = n8n.url;
		n8n.child.on('exit', (code, signal) => {
			if (live.stopping) return;
			console.error(
				`\nn8n exited during the test (${code ?? signal}):\n${n8n.output().slice(-4000)}`,
			);
			if (live.browser) live.browser.close().catch(() => {}); // fail the waits now, not after their timeouts
		});

		step('Owner and browser');
		let token = null;
		await check('owner set up through POST /rest/owner/setup', async () => {
			const owner = await setupOwner(baseUrl);
			assert.equal(owner.user.email, OWNER.email);
			token = owner.token;
			const me = await rest(baseUrl, token, '/login');
			assert.equal(me.email, OWNER.email);
		});
		if (!token) throw new Error('no owner, no editor: stopping here');

		live.chromiumBefore = chromiumPids();
		const browser = (live.browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: process.env.UI_TEST_HEADED !== '1',
			args: CHROMIUM_ARGS,
			// our own handlers stop n8n and the sandbox too (playwright's would exit first)
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
		}));
		const context = await browser.newContext({
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			locale: 'en-US',
		});
		await context.addCookies([{ name: 'n8n-auth', value: token, url: baseUrl }]);
		// pasting a token with Ctrl+V reads the clipboard
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
		// The editor only needs n8n itself; it would also ask registry.npmjs.org about the package.
		await context.route(
			(url) => url.origin !== baseUrl,
			(route) => {
				live.blocked.add(new URL(route.request().url()).host);
				return route.abort();
			},
		);
		const page = await context.newPage();
		page.setDefaultTimeout(WAIT);
		// leaving a workflow for the next one: let it go ("Leave site?"), nothing else expected
		page.on('dialog', (dialog) => {
			if (dialog.type() === 'beforeunload') return dialog.accept();
			log(`    (the page opened a ${dialog.type()} dialog: ${dialog.message()})`);
			return dialog.dismiss();
		});

		const ctx = { page, baseUrl, token, install, sandbox, model };
		// UI_TEST_ONLY=contactChecks,smsChecks runs only those steps (to iterate on one; CI runs all).
		const only = process.env.UI_TEST_ONLY?.split(',').map((name) => name.trim());
		const steps = [
			['Editor: the SMS Partner node', editorChecks],
			['Editor: runs of a new node, typed as a French user types', executionChecks],
			['Editor: SMS › Send, typed as a French user types', smsChecks],
			['Editor: Contact › Add, typed as a French user types', contactChecks],
			['Editor: the SMS Partner Trigger', triggerChecks],
			['Editor: the credential dialog', credentialChecks],
			['Editor: the demo workflow', demoChecks],
			['Editor: the agent demo workflow (AI Agent, fake model, SMS Partner tools)', agentChecks],
			[
				'Editor: the SMS Partner Webhook Trigger, set up and published from the editor',
				webhookTriggerChecks,
			],
			[
				'Editor: Send and Wait for Reply, the appointment demo run in the editor',
				sendAndWaitChecks,
			],
		];
		for (const [title, checks] of steps) {
			if (only && !only.includes(checks.name)) continue;
			step(title);
			await checks(ctx);
		}
	} finally {
		await stopAll();
	}
}

/** What is running, for stopAll (also on Ctrl-C). */
const live = {
	browser: null,
	n8n: null,
	sandbox: null,
	model: null,
	work: null,
	keep: false,
	ports: [],
	chromiumBefore: new Set(),
	blocked: new Set(),
	stopping: null,
};

/** Stops the browser, n8n, the sandbox and the fake model, removes the throwaway folder, then checks nothing is left. */
function stopAll() {
	if (!live.stopping) {
		live.stopping = (async () => {
			if (live.blocked.size) log(`  requests kept in: ${[...live.blocked].join(', ')}`);
			step('Stopping');
			const pgid = live.n8n && live.n8n.child.pid;
			if (live.browser) await live.browser.close().catch(() => {});
			if (live.n8n) {
				const exit = await live.n8n.stop();
				if (live.keep) fs.writeFileSync(path.join(live.work, 'n8n.log'), live.n8n.output());
				log(`  n8n stopped (${JSON.stringify(exit)})`);
			}
			if (live.sandbox) await live.sandbox.close();
			if (live.model) await live.model.close();
			if (live.work && !live.keep) fs.rmSync(live.work, { recursive: true, force: true });
			else if (live.work) log(`  kept ${live.work}`);
			const leftovers =
				'nothing left behind: no child or Chromium process, n8n process group gone, ports closed';
			await check(
				leftovers,
				async () => {
					const left = descendants();
					assert.deepEqual(left, [], `processes still running: ${left.join(', ')}`);
					// Chromium's crash handler leaves its parent; give it a moment to follow the browser out
					const strays = await settle(() => {
						const pids = [...chromiumPids()].filter((pid) => !live.chromiumBefore.has(pid));
						return { ok: pids.length === 0, pids };
					});
					assert.deepEqual(
						strays.pids,
						[],
						`Chromium processes still running: ${strays.pids.join(', ')}`,
					);
					if (pgid)
						assert.equal(groupAlive(pgid), false, `n8n's process group ${pgid} is still alive`);
					for (const port of live.ports) {
						assert.equal(await listening(port), false, `something still listens on ${port}`);
					}
				},
				{ evenWhenStopping: true },
			);
		})();
	}
	return live.stopping;
}

for (const [signal, code] of [
	['SIGINT', 130],
	['SIGTERM', 143],
	['SIGHUP', 129],
]) {
	process.once(signal, () => {
		log(`\n${signal}: stopping`);
		results.push({ name: `interrupted by ${signal}`, ok: false });
		stopAll().finally(() => {
			const passed = results.filter((r) => r.ok).length;
			log(`\n${passed} passed, ${results.length - passed} failed (${elapsed()})`);
			process.exit(code);
		});
	});
}

test(
	"the package in n8n's editor, in Chromium, typed as a French no-code user types",
	{ timeout: 30 * 60_000 },
	async (t) => {
		suite = t;
		// A failure in the setup (n8n, the sandbox, the browser) fails this test with its stack.
		await main();
	},
);
