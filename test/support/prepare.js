'use strict';
/**
 * Installs ahead of time what the suites after `npm test` install on first use:
 * every proven n8n version (and Node 24) into the cache, Debian's Chromium,
 * Redis and PostgreSQL. `.ci/run` starts it first, so the downloads overlap the
 * lint and jest runs instead of adding to them.
 *
 * CLI: node test/support/prepare.js
 */
const { spawn } = require('node:child_process');

const { ensureChromium } = require('./debian');
const { ensureN8n, ensureNode24 } = require('./n8n');
const { ensurePackages } = require('./queueInfra');
const { PROVEN } = require('./versions');

const log = (msg) => process.stderr.write(`[prepare] ${msg}\n`);

/** apt-get (synchronous, one at a time: dpkg's lock) in a child, so the npm installs go on meanwhile. */
function debianPackagesInChild() {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [__filename, 'debian'], { stdio: 'inherit' });
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve() : reject(new Error(`installing Debian packages failed (${code})`)),
		);
	});
}

async function prepare() {
	const started = Date.now();
	const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
	const debian = debianPackagesInChild().then(() => log(`Debian packages ready (${seconds()}s)`));
	// Node 24 once, before the n8n versions that share it; then the versions side by side.
	await ensureNode24();
	await Promise.all(PROVEN.map((version) => ensureN8n(version)));
	log(`n8n ${PROVEN.join(', ')} ready (${seconds()}s)`);
	await debian;
}

if (require.main === module) {
	const done =
		process.argv[2] === 'debian'
			? Promise.resolve().then(() => {
					ensureChromium();
					ensurePackages();
				})
			: prepare();
	done.catch((error) => {
		log(String(error.stack ?? error));
		process.exit(1);
	});
}

module.exports = { prepare };
