'use strict';
/**
 * Throwaway Redis and PostgreSQL servers for `npm run test:queue` (n8n queue mode).
 *
 * Both come from Debian packages (`redis-server`, `postgresql`), installed with
 * apt-get when missing (root only). Each runs on 127.0.0.1 on a port it is given,
 * with its data in a temporary folder that `stop()` removes.
 * PostgreSQL refuses to run as root: as root, its folder is handed to the
 * `postgres` user (created by the Debian package) and every pg command runs
 * through `runuser -u postgres`.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const { aptInstall } = require('./debian');
const { freePort } = require('./ports');
const os = require('node:os');
const path = require('node:path');

function log(msg) {
	process.stderr.write(`[queue-infra] ${msg}\n`);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function sh(cmd, args, { timeoutMs = 600000, env, input } = {}) {
	const res = spawnSync(cmd, args, {
		encoding: 'utf8',
		timeout: timeoutMs,
		env: env || process.env,
		input,
	});
	return {
		code: res.status === null ? 1 : res.status,
		stdout: res.stdout || '',
		stderr: (res.stderr || '') + (res.error ? String(res.error) : ''),
	};
}

function which(cmd) {
	const res = sh('sh', ['-c', `command -v ${cmd}`]);
	return res.code === 0 ? res.stdout.trim() : null;
}

/** The newest /usr/lib/postgresql/<major>/bin holding a `postgres` server binary, or null. */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	let majors = [];
	try {
		majors = fs
			.readdirSync(base)
			.filter((d) => /^\d+$/.test(d))
			.sort((a, b) => Number(b) - Number(a));
	} catch {
		return null;
	}
	for (const major of majors) {
		const bin = path.join(base, major, 'bin');
		if (fs.existsSync(path.join(bin, 'postgres')) && fs.existsSync(path.join(bin, 'initdb')))
			return bin;
	}
	return null;
}

/** Makes sure redis-server and a PostgreSQL server exist; returns what was installed and how long it took. */
function ensurePackages() {
	const installed = [];
	if (!which('redis-server'))
		installed.push({ package: 'redis-server', seconds: aptInstall(['redis-server']) });
	if (!postgresBinDir())
		installed.push({ package: 'postgresql', seconds: aptInstall(['postgresql']) });
	const pgBin = postgresBinDir();
	if (!pgBin)
		throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin after install');
	return { installed, redisServer: which('redis-server'), pgBin };
}

function waitForPort(port, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const attempt = () => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve();
			});
			socket.once('error', () => {
				socket.destroy();
				if (Date.now() > deadline)
					reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
				else setTimeout(attempt, 200);
			});
		};
		attempt();
	});
}

/* ---------- Redis ---------- */

async function startRedis({ port, redisServer = which('redis-server') }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-test-redis-'));
	const child = spawn(
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	let output = '';
	let exited = null;
	// Ready once it says so ("Ready to accept connections"), or failed once it exits; bounded.
	const ready = new Promise((resolve) => {
		const timer = setTimeout(() => resolve('no "Ready to accept connections" within 60 s'), 60000);
		const keep = (d) => {
			output = (output + d).slice(-20000);
			if (output.includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve(null);
			}
		};
		child.stdout.setEncoding('utf8').on('data', keep);
		child.stderr.setEncoding('utf8').on('data', keep);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			resolve(`it exited (${code ?? signal})`);
		});
	});
	const exit = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((exited = { code, signal }))),
	);
	const failure = await ready;
	if (failure) {
		child.kill('SIGKILL');
		fs.rmSync(dir, { recursive: true, force: true });
		throw new Error(`redis-server did not start: ${failure}\n${output}`);
	}
	const ping = sh('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']);
	return {
		port,
		dir,
		pid: child.pid,
		ping: ping.stdout.trim(),
		output: () => output,
		stop: async () => {
			if (!exited) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
				await exit;
				clearTimeout(timer);
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/* ---------- PostgreSQL ---------- */

async function startPostgres({
	port,
	pgBin = postgresBinDir(),
	database = 'n8n',
	user = 'n8n',
	password = 'n8n-queue-test',
}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-test-pg-'));
	const data = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const asPg = isRoot();
	if (asPg) {
		const chown = sh('chown', ['-R', 'postgres:postgres', dir]);
		if (chown.code !== 0)
			throw new Error(`chown postgres ${dir} failed (is there a postgres user?): ${chown.stderr}`);
		fs.chmodSync(dir, 0o700);
	}
	// Commands run in `dir` so the postgres user never needs our cwd.
	const pg = (tool, args) =>
		asPg
			? sh('runuser', [
					'-u',
					'postgres',
					'--',
					'sh',
					'-c',
					`cd "${dir}" && exec "$0" "$@"`,
					path.join(pgBin, tool),
					...args,
				])
			: sh(path.join(pgBin, tool), args);

	const init = pg('initdb', [
		'-D',
		data,
		'--auth=trust',
		'--username=postgres',
		'--encoding=UTF8',
		'--no-sync',
		'--no-instructions',
	]);
	if (init.code !== 0) throw new Error(`initdb failed:\n${init.stdout}${init.stderr}`);
	const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
	const start = pg('pg_ctl', ['-D', data, '-o', opts, '-l', logFile, '-w', '-t', '60', 'start']);
	const pgLog = () => {
		try {
			return fs.readFileSync(logFile, 'utf8').slice(-4000);
		} catch {
			return '';
		}
	};
	let stopped = false;
	const stop = async () => {
		if (!stopped) {
			stopped = true;
			const res = pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
			if (res.code !== 0 && fs.existsSync(path.join(data, 'postmaster.pid'))) {
				log(`pg_ctl stop failed, killing the postmaster: ${res.stderr}`);
				const pid = Number(
					fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0],
				);
				if (pid > 0) {
					try {
						process.kill(pid, 'SIGQUIT');
					} catch {
						/* gone */
					}
				}
			}
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	if (start.code !== 0) {
		await stop();
		throw new Error(`pg_ctl start failed:\n${start.stdout}${start.stderr}\n${pgLog()}`);
	}
	const psql = (sql, db = 'postgres') =>
		sh('psql', [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-d',
			db,
			'-v',
			'ON_ERROR_STOP=1',
			'-At',
			'-c',
			sql,
		]);
	for (const sql of [
		`CREATE USER ${user} WITH PASSWORD '${password}'`,
		`CREATE DATABASE ${database} OWNER ${user}`,
	]) {
		const res = psql(sql);
		if (res.code !== 0) {
			await stop();
			throw new Error(`psql "${sql}" failed:\n${res.stderr}`);
		}
	}
	const version = psql('SHOW server_version').stdout.trim();
	return {
		port,
		dir,
		database,
		user,
		password,
		version,
		/** psql -At as the owner of the n8n database: rows as lines, columns split by `|`. */
		query: (sql) => {
			const res = sh(
				'psql',
				[
					'-h',
					'127.0.0.1',
					'-p',
					String(port),
					'-U',
					user,
					'-d',
					database,
					'-v',
					'ON_ERROR_STOP=1',
					'-At',
					'-c',
					sql,
				],
				{
					env: { ...process.env, PGPASSWORD: password },
				},
			);
			if (res.code !== 0) throw new Error(`psql failed: ${res.stderr}`);
			return res.stdout
				.split('\n')
				.filter(Boolean)
				.map((line) => line.split('|'));
		},
		log: pgLog,
		stop,
	};
}

module.exports = {
	ensurePackages,
	startRedis,
	startPostgres,
	freePort,
	waitForPort,
	postgresBinDir,
};
