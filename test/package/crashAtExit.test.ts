/**
 * The e2e harness forgives exactly one crash of `n8n execute`: SIGSEGV after the ended run was
 * printed, with n8n 2.41.1's isolated-vm expression engine in use (test/support/n8n.js). Here a
 * stand-in for n8n's CLI really prints and really dies, so that forgiveness cannot widen unseen:
 * any other signal, a crash before the run ended, or another engine still fails the run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { importAndExecute } from '../support/n8n';

type Ending = { print: 'success' | 'error' | 'running' | 'nothing'; signal: string | null };

const RUNS = {
	success: { status: 'success', finished: true, stoppedAt: '2026-12-07T19:22:12.450Z', data: {} },
	error: {
		status: 'error',
		finished: false,
		stoppedAt: '2026-12-07T19:22:12.450Z',
		data: { resultData: { error: { message: 'Insufficient credit (SMS Partner code 8)' } } },
	},
	// What n8n never prints at the end, but a broken run could: no end time.
	running: { status: 'running', finished: false, data: {} },
};

let root: string;

beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'smspartner-crash-at-exit-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An n8n install whose CLI imports quietly and ends `execute` as `ending` says. */
function fakeInstall(name: string, ending: Ending, { withEngine = true } = {}) {
	const dir = join(root, name);
	const bin = join(dir, 'node_modules', 'n8n', 'bin');
	mkdirSync(bin, { recursive: true });
	if (withEngine)
		mkdirSync(join(dir, 'node_modules', '@n8n', 'expression-runtime'), { recursive: true });
	const run = ending.print === 'nothing' ? null : RUNS[ending.print];
	writeFileSync(
		join(bin, 'n8n'),
		`if (process.argv[2] !== 'execute') process.exit(0);
const run = ${JSON.stringify(run)};
if (run) process.stdout.write('Legacy aes-256-cbc encryption key not found\\n' + JSON.stringify(run, null, 2) + '\\n');
const signal = ${JSON.stringify(ending.signal)};
if (signal) process.kill(process.pid, signal);
else process.exitCode = run && run.data.resultData ? 1 : 0;
`,
	);
	return { version: '2.41.1', dir, n8nBin: join(bin, 'n8n'), nodeBin: process.execPath };
}

async function executeWith(install: ReturnType<typeof fakeInstall>, legacyEngine = false) {
	const userFolder = mkdtempSync(join(root, 'user-'));
	// n8nEnv ignores the caller's N8N_* variables and gives 1.x versions the legacy engine.
	const version = legacyEngine ? '1.123.81' : install.version;
	return await importAndExecute({
		install: { ...install, version },
		userFolder,
		workflow: { id: 'crash-at-exit', nodes: [], connections: {} },
	});
}

describe("n8n execute's crash at exit", () => {
	test('SIGSEGV after an ended, successful run counts as the exit 0 n8n had begun', async () => {
		const result = await executeWith(fakeInstall('ok', { print: 'success', signal: 'SIGSEGV' }));

		expect(result).toMatchObject({ code: 0, signal: 'SIGSEGV', crashedAtExit: true });
		expect(result.run).toMatchObject({ status: 'success' });
	});

	test('SIGSEGV after an ended, failed run counts as exit 1', async () => {
		const result = await executeWith(fakeInstall('failed', { print: 'error', signal: 'SIGSEGV' }));

		expect(result).toMatchObject({ code: 1, signal: 'SIGSEGV', crashedAtExit: true });
	});

	test.each([
		['another signal', { print: 'success', signal: 'SIGABRT' } as Ending, {}],
		['SIGSEGV before any run was printed', { print: 'nothing', signal: 'SIGSEGV' } as Ending, {}],
		[
			'SIGSEGV with a run that has no end time',
			{ print: 'running', signal: 'SIGSEGV' } as Ending,
			{},
		],
		[
			'SIGSEGV where n8n has no isolated-vm engine (2.8.4)',
			{ print: 'success', signal: 'SIGSEGV' } as Ending,
			{ withEngine: false },
		],
	])('%s still fails: exit 1, not forgiven', async (name, ending, options) => {
		const result = await executeWith(fakeInstall(name.replace(/\W+/g, '-'), ending, options));

		expect(result).toMatchObject({ code: 1, signal: ending.signal, crashedAtExit: false });
	});

	test('SIGSEGV with the legacy expression engine (n8n 1.x here) still fails', async () => {
		const result = await executeWith(
			fakeInstall('legacy', { print: 'success', signal: 'SIGSEGV' }),
			true,
		);

		expect(result).toMatchObject({ code: 1, crashedAtExit: false });
	});

	test('a clean exit is reported as it is', async () => {
		const ok = await executeWith(fakeInstall('clean-ok', { print: 'success', signal: null }));
		const failed = await executeWith(fakeInstall('clean-failed', { print: 'error', signal: null }));

		expect(ok).toMatchObject({ code: 0, signal: null, crashedAtExit: false });
		expect(failed).toMatchObject({ code: 1, signal: null, crashedAtExit: false });
	});
});
