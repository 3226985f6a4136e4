'use strict';
/**
 * Builds dist/ for the suites that pack the package (test:e2e, test:ui, test:queue).
 *
 * `.ci/run` builds once, then runs those suites side by side with
 * SMSPARTNER_DIST_READY=1: each build starts by emptying dist/, so two at once
 * would pack each other's half-built folder.
 *
 * CLI: node test/support/build.js
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

function buildPackage() {
	if (process.env.SMSPARTNER_DIST_READY === '1') {
		const entry = path.join(ROOT, 'dist', 'nodes', 'SmsPartner', 'SmsPartner.node.js');
		if (!fs.existsSync(entry))
			throw new Error(`SMSPARTNER_DIST_READY=1 but ${entry} is missing: run npm run build first`);
		return;
	}
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

if (require.main === module) buildPackage();

module.exports = { buildPackage };
