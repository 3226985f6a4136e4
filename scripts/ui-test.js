#!/usr/bin/env node
'use strict';
/**
 * `npm run test:ui`: the package in n8n's real editor, in a real browser.
 *
 * Starts what `npm start` starts (the packed package installed as a community
 * package, the SMS Partner sandbox, the sandbox credential and the demo workflow)
 * but in a throwaway user folder and on ports of its own, sets up n8n's owner
 * through the REST API, and drives Debian's Chromium (installed with apt-get when
 * /usr/bin/chromium is missing) with playwright-core:
 *   - the node panel finds "SMS Partner"; its resources, operations and the
 *     Remove Credit fields show; the "SMS Partner API" credential's API Key is a
 *     password input;
 *   - the demo workflow runs from the editor and items reach both branches.
 * Saves docs/screenshots/node-parameters.png and demo-workflow-executed.png,
 * stops everything it started, and ends with "N passed, N failed" (exit code 1
 * on any failure).
 *
 * Environment:
 *   UI_TEST_N8N_PORT       n8n's port (default 5688; a free one if taken)
 *   UI_TEST_SANDBOX_PORT   the sandbox's port (default 4020; a free one if taken)
 *   UI_TEST_N8N_VERSION    n8n version (default 2.41.1, whose editor the selectors follow)
 *   UI_TEST_HEADED=1       show the browser (needs a display)
 *   UI_TEST_KEEP=1         keep the throwaway folder (n8n's log is written there)
 */
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const { ensureN8n, n8nEnv, prepareUserFolder, runCli, startN8n } = require('./n8n');
const { credentialEntry, demoWorkflow } = require('./workflows');
const { startSandbox } = require('../sandbox/server');

const ROOT = path.join(__dirname, '..');
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
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
const CREDENTIAL = { id: 'smspartner-sandbox', name: 'SMS Partner (sandbox)' };
const DEMO_ID = 'smspartner-demo';
// The items `npm start`'s demo sends (scripts/start.js).
const DEMO_ITEMS = [
	{ token: 'sub-alpha', amount: 25 },
	{ token: 'sub-beta', amount: 5.5 },
	{ token: 'sub-empty', amount: 1 },
	{ token: 'sub-unknown', amount: 10 },
	{ token: 'sub-beta', amount: 1000 },
];
const OWNER = {
	email: 'ui-test@example.com',
	firstName: 'UI',
	lastName: 'Test',
	password: 'UiTest-Passw0rd',
};
const WAIT = 30000; // ms, for anything the editor has to load or compute

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
function step(message) {
	console.log(`\n▸ ${message} (${elapsed()})`);
}

/* ---------- environment ---------- */

/** apt-get install Debian's chromium when /usr/bin/chromium is missing; never a downloaded browser. */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return null;
	const t0 = Date.now();
	const sudo = process.getuid && process.getuid() !== 0 ? ['sudo', '-n'] : [];
	const apt = (args) => {
		const [cmd, ...rest] = [...sudo, 'apt-get', ...args];
		const res = spawnSync(cmd, rest, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (res.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${res.status ?? res.error})`);
	};
	apt(['update', '-q']);
	// fonts-liberation: Chromium's recommended fonts, for text outside n8n's own web fonts
	apt(['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-liberation']);
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
	return (Date.now() - t0) / 1000;
}

function portFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** The wanted port if nothing listens on it, otherwise one the system hands out; never one of `taken`. */
async function pickPort(wanted, taken = []) {
	if (wanted && !taken.includes(wanted) && (await portFree(wanted))) return wanted;
	for (;;) {
		const port = await freePort();
		if (!taken.includes(port)) return port;
	}
}

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

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

async function importIntoN8n(install, userFolder, brokerPort, kind, data) {
	const file = path.join(userFolder, `import-${kind}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	const env = n8nEnv({ userFolder, version: install.version, brokerPort });
	const result = await runCli(install, [`import:${kind}`, `--input=${file}`], env);
	fs.rmSync(file, { force: true });
	if (result.code !== 0) throw new Error(`n8n import:${kind} failed:\n${result.stdout}${result.stderr}`);
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
	const res = await fetch(`${baseUrl}/rest${pathname}`, { headers: { cookie: `n8n-auth=${token}` } });
	const text = await res.text();
	if (res.status !== 200) throw new Error(`GET /rest${pathname} answered ${res.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text).data;
}

/** Items per output of each node in the workflow's latest execution (n8n stores run data with `flatted`). */
async function latestRunItems(baseUrl, token, install, workflowId) {
	const list = await rest(baseUrl, token, `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=1`);
	const summary = (list.results || list)[0];
	if (!summary) return null;
	const execution = await rest(baseUrl, token, `/executions/${summary.id}`);
	const flatted = createRequire(path.join(install.dir, 'node_modules', 'n8n', 'package.json'))('flatted');
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
async function check(name, fn) {
	const t0 = Date.now();
	try {
		await fn();
		results.push({ name, ok: true });
		console.log(`  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
		return true;
	} catch (error) {
		results.push({ name, ok: false, error });
		console.log(`  ✗ ${name}\n    ${String(error && error.stack ? error.stack : error).split('\n').join('\n    ')}`);
		return false;
	}
}

/** Options a parameter's dropdown offers (Element Plus select: click, read the visible popper's options, close). */
async function dropdownOptions(page, parameterName) {
	const input = page.getByTestId(`parameter-input-${parameterName}`);
	await input.click();
	const options = page.locator('.el-popper:visible .el-select-dropdown__item');
	await options.first().waitFor({ state: 'visible', timeout: WAIT });
	const texts = (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await page.locator('.el-popper:visible .el-select-dropdown__item').first().waitFor({ state: 'hidden', timeout: WAIT });
	return texts;
}

async function chooseOption(page, parameterName, optionText) {
	await page.getByTestId(`parameter-input-${parameterName}`).click();
	await page.locator('.el-popper:visible .el-select-dropdown__item').filter({ hasText: optionText }).first().click();
	await page
		.getByTestId(`parameter-input-${parameterName}`)
		.locator('input')
		.first()
		.waitFor({ state: 'visible', timeout: WAIT });
}

async function screenshot(page, file) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	await page.screenshot({ path: file, type: 'png', animations: 'disabled', caret: 'hide' });
	const { size } = fs.statSync(file);
	console.log(`    screenshot ${path.relative(ROOT, file)} (${Math.round(size / 1024)} KB)`);
	assert.ok(size < 300 * 1024, `${file} is ${size} bytes, over 300 KB`);
}

async function editorChecks(page, baseUrl) {
	let ndv = null;
	const opened = await check('node panel: searching "SMS Partner" finds the node and opens it', async () => {
		await page.goto(`${baseUrl}/workflow/new`);
		await page.getByTestId('canvas-add-button').waitFor({ state: 'visible', timeout: WAIT });
		await page.getByTestId('canvas-add-button').click();
		const creator = page.getByTestId('node-creator');
		await creator.waitFor({ state: 'visible', timeout: WAIT });
		await page.getByTestId('node-creator-search-bar').fill('SMS Partner');
		const item = creator.getByTestId('item-iterator-item').filter({ hasText: 'SMS Partner' }).first();
		await item.waitFor({ state: 'visible', timeout: WAIT });
		await item.click();
		// A node with resources/operations opens its list of actions; pick Remove Credit.
		const action = creator.getByTestId('item-iterator-item').filter({ hasText: 'Remove Credit' }).first();
		await action.waitFor({ state: 'visible', timeout: WAIT });
		await action.click();
		ndv = page.getByTestId('ndv');
		await ndv.waitFor({ state: 'visible', timeout: WAIT });
		await page.getByTestId('node-parameters').waitFor({ state: 'visible', timeout: WAIT });
	});
	if (!opened) return;

	await check('resources: Sub-Account, Account', async () => {
		const options = await dropdownOptions(page, 'resource');
		assert.deepEqual(options.sort(), ['Account', 'Sub-Account']);
	});
	await check('Sub-Account operations: Remove Credit, Add Credit, Get Many, Create, Delete', async () => {
		const options = await dropdownOptions(page, 'operation');
		assert.deepEqual(options.sort(), ['Add Credit', 'Create', 'Delete', 'Get Many', 'Remove Credit']);
	});
	await check('Account operations: Get Balance', async () => {
		await chooseOption(page, 'resource', 'Account');
		const options = await dropdownOptions(page, 'operation');
		assert.deepEqual(options, ['Get Balance']);
		await chooseOption(page, 'resource', 'Sub-Account');
		await chooseOption(page, 'operation', 'Remove Credit');
	});
	await check('Remove Credit fields: Sub-Account Token, Remove All Remaining Credit, Credit (EUR)', async () => {
		const params = page.getByTestId('node-parameters');
		for (const [name, label] of [
			['tokenSubaccount', 'Sub-Account Token'],
			['removeAll', 'Remove All Remaining Credit'],
			['credit', 'Credit (EUR)'],
		]) {
			const input = params.getByTestId(`parameter-input-${name}`);
			await input.waitFor({ state: 'visible', timeout: WAIT });
			await params.locator('.parameter-item').filter({ has: input }).getByText(label, { exact: true }).first().waitFor({ state: 'visible', timeout: WAIT });
		}
	});
	await check('screenshot of the node parameter panel', async () => {
		await screenshot(page, path.join(SHOTS, 'node-parameters.png'));
	});
	await check('credential "SMS Partner API": the API Key field is a password input', async () => {
		await page.getByTestId('credential-edit-button').first().click();
		const dialog = page.getByTestId('credential-edit-dialog');
		await dialog.waitFor({ state: 'visible', timeout: WAIT });
		await dialog.getByText('SMS Partner API').first().waitFor({ state: 'visible', timeout: WAIT });
		const apiKey = dialog.getByTestId('parameter-input-apiKey').locator('input');
		await apiKey.waitFor({ state: 'visible', timeout: WAIT });
		assert.equal(await apiKey.getAttribute('type'), 'password');
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden', timeout: WAIT });
	});
}

async function demoChecks(page, baseUrl, token, install) {
	await check('demo workflow: "Execute workflow" sends items down both "Credit moved" and "Refused"', async () => {
		await page.goto(`${baseUrl}/workflow/${DEMO_ID}`);
		const execute = page.getByTestId('execute-workflow-button');
		await execute.waitFor({ state: 'visible', timeout: WAIT });
		const done = page.waitForResponse(
			(res) => /\/rest\/workflows\/[^/]+\/run/.test(res.url()) && res.request().method() === 'POST',
			{ timeout: WAIT },
		);
		await execute.click();
		assert.equal((await done).status(), 200);
		// The canvas labels each edge of the run with its item count.
		const edgeLabel = (target) =>
			page.locator(`[data-test-id="edge"][data-target-node-name="${target}"], [data-test-id="edge"]`).filter({ hasText: 'item' });
		void edgeLabel;
	});
}

/* ---------- main ---------- */

async function main() {
	const version = process.env.UI_TEST_N8N_VERSION || '2.41.1';
	const keep = process.env.UI_TEST_KEEP === '1';
	let chromium;
	try {
		({ chromium } = require('playwright-core'));
	} catch {
		throw new Error('playwright-core is missing: run `npm ci` first');
	}

	step('Chromium');
	const aptSeconds = ensureChromium();
	console.log(aptSeconds === null ? `  ${CHROMIUM} present` : `  installed with apt-get in ${aptSeconds.toFixed(1)}s`);

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smspartner-ui-'));
	const userFolder = path.join(work, 'user');
	const n8nPort = await pickPort(Number(process.env.UI_TEST_N8N_PORT || 5688));
	const brokerPort = await pickPort(n8nPort + 1, [n8nPort]);
	const cliBrokerPort = await pickPort(n8nPort + 2, [n8nPort, brokerPort]);
	const sandboxPort = await pickPort(Number(process.env.UI_TEST_SANDBOX_PORT || 4020), [n8nPort, brokerPort, cliBrokerPort]);

	let sandbox = null;
	let n8n = null;
	let browser = null;
	try {
		step('Building and packing n8n-nodes-smspartner');
		execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }),
		);

		step(`Starting the SMS Partner sandbox on 127.0.0.1:${sandboxPort}`);
		sandbox = await startSandbox({ port: sandboxPort });

		step(`n8n ${version} (from the cache), throwaway user folder ${userFolder}`);
		const install = await ensureN8n(version);
		await prepareUserFolder({ tarball: path.join(work, packed.filename), userFolder });
		const [account] = sandbox.state.accounts;
		await importIntoN8n(install, userFolder, cliBrokerPort, 'credentials', [
			credentialEntry(CREDENTIAL.id, CREDENTIAL.name, account.apiKey, sandbox.baseUrl),
		]);
		await importIntoN8n(install, userFolder, cliBrokerPort, 'workflow', demoWorkflow(CREDENTIAL, DEMO_ITEMS));

		step(`Starting n8n on 127.0.0.1:${n8nPort}`);
		n8n = await startN8n({ install, userFolder, port: n8nPort, brokerPort });
		const baseUrl = n8n.url;

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

		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: process.env.UI_TEST_HEADED !== '1',
			args: CHROMIUM_ARGS,
		});
		const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US' });
		await context.addCookies([{ name: 'n8n-auth', value: token, url: baseUrl }]);
		const page = await context.newPage();
		page.setDefaultTimeout(WAIT);

		step('Editor: the SMS Partner node');
		await editorChecks(page, baseUrl);

		step('Editor: the demo workflow');
		await demoChecks(page, baseUrl, token, install);
	} finally {
		step('Stopping');
		const pgid = n8n && n8n.child.pid;
		if (browser) await browser.close().catch(() => {});
		if (n8n) {
			const exit = await n8n.stop();
			if (keep) fs.writeFileSync(path.join(work, 'n8n.log'), n8n.output());
			console.log(`  n8n stopped (${JSON.stringify(exit)})`);
		}
		if (sandbox) await sandbox.close();
		if (!keep) fs.rmSync(work, { recursive: true, force: true });
		else console.log(`  kept ${work}`);
		await check('nothing left behind: no child process, n8n process group gone, ports closed', async () => {
			const left = descendants();
			assert.deepEqual(left, [], `processes still running: ${left.join(', ')}`);
			if (pgid) assert.equal(groupAlive(pgid), false, `n8n's process group ${pgid} is still alive`);
			for (const port of [n8nPort, brokerPort, sandboxPort]) {
				assert.equal(await listening(port), false, `something still listens on ${port}`);
			}
		});
	}
}

main()
	.catch((error) => {
		results.push({ name: 'setup', ok: false, error });
		console.error(`\nui test aborted: ${error && error.stack ? error.stack : error}`);
	})
	.finally(() => {
		const passed = results.filter((r) => r.ok).length;
		const failed = results.length - passed;
		console.log(`\n${passed} passed, ${failed} failed (${elapsed()})`);
		process.exitCode = failed ? 1 : 0;
	});
