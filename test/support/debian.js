'use strict';
/**
 * Debian packages the suites need beyond npm: Chromium (test:ui), Redis and
 * PostgreSQL (test:queue). Installed with apt-get when missing (as root, or with
 * `sudo -n`); never a downloaded browser or server.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';

function log(msg) {
	process.stderr.write(`[debian] ${msg}\n`);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function apt(args) {
	const [cmd, ...rest] = [...(isRoot() ? [] : ['sudo', '-n']), 'apt-get', ...args];
	const res = spawnSync(cmd, rest, {
		encoding: 'utf8',
		timeout: 600_000,
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (res.status !== 0)
		throw new Error(
			`apt-get ${args.join(' ')} failed (${res.status ?? res.error}):\n${res.stdout ?? ''}${res.stderr ?? ''}`,
		);
}

let updated = false;
/** apt-get install `packages` (no recommends); returns the seconds it took. */
function aptInstall(packages) {
	const started = Date.now();
	if (!updated) {
		log('apt-get update');
		apt(['update', '-qq']);
		updated = true;
	}
	log(`apt-get install ${packages.join(' ')}`);
	// policy-rc.d may refuse to start the packaged services; the suites never use them.
	apt(['install', '-y', '-q', '--no-install-recommends', ...packages]);
	const seconds = (Date.now() - started) / 1000;
	log(`installed ${packages.join(' ')} in ${seconds.toFixed(1)}s`);
	return seconds;
}

/** Debian's chromium when /usr/bin/chromium is missing; null when present, else the seconds taken. */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return null;
	// fonts-liberation: Chromium's recommended fonts, for text outside n8n's own web fonts
	const seconds = aptInstall(['chromium', 'fonts-liberation']);
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
	return seconds;
}

module.exports = { CHROMIUM, aptInstall, ensureChromium };
