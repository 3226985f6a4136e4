#!/usr/bin/env node
/**
 * `npm run scan`: n8n's community-package scanner (@n8n/scan-community-package)
 * on this repo, before anything is published.
 *
 * The scanner's own CLI only scans a package already on npm (it downloads the
 * tarball and the provenance-attested source). This runs the same two legs
 * locally, with the scanner's own `analyzePackage` and rule set:
 *
 *   source   the repo's package.json and nodes/ + credentials/ sources
 *            (the scanner's SOURCE_FILE_PATTERNS)
 *   tarball  `npm pack` of the built package, unpacked: every .js file and the
 *            packed package.json (the patterns the scanner uses on the
 *            downloaded tarball)
 *
 * Needs a current build (`npm run build`). Exits 1 when either leg fails: the
 * scanner's CLI exits 0 even on failure, so `passed` is what is read here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SCANNER = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const requireFromScanner = createRequire(SCANNER);
// scanner.mjs makes a download folder with `tmp` as it loads; have `tmp` remove it on exit.
requireFromScanner('tmp').setGracefulCleanup();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(SCANNER);
// The glob the scanner itself uses, to show how many files each leg lints.
const glob = requireFromScanner('fast-glob');

const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

function fail(message) {
	console.error(`scan: ${message}`);
	process.exit(1);
}

/** Every file n8n loads must be built, and not older than the sources it comes from. */
function checkBuild() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const entries = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	if (entries.length === 0) fail('package.json has no n8n.nodes / n8n.credentials entries');
	let oldestBuilt = Infinity;
	for (const entry of entries) {
		const file = path.join(ROOT, entry);
		if (!fs.existsSync(file)) fail(`${entry} does not exist: run \`npm run build\` first`);
		oldestBuilt = Math.min(oldestBuilt, fs.statSync(file).mtimeMs);
	}
	const sources = glob.sync(['{nodes,credentials}/**/*.{ts,json,svg}'], {
		cwd: ROOT,
		absolute: true,
	});
	const newer = sources.filter((file) => fs.statSync(file).mtimeMs > oldestBuilt);
	if (newer.length > 0) {
		fail(
			`dist/ is older than ${path.relative(ROOT, newer[0])}` +
				`${newer.length > 1 ? ` (and ${newer.length - 1} more)` : ''}: run \`npm run build\` first`,
		);
	}
}

function report(label, files, result) {
	// analyzePackage answers { passed: true, message: 'No files found to analyze' }
	// when its patterns match nothing: that is not a pass here.
	const passed = result.passed === true && files.length > 0;
	console.log(`\n${passed ? 'PASS' : 'FAIL'}  ${label}: ${files.length} file(s) linted`);
	if (files.length === 0) console.log('  no file matched the patterns');
	if (!result.passed) {
		console.log(`  ${result.message ?? 'failed'}`);
		if (result.details) console.log(result.details);
	}
	return passed;
}

async function scanSource() {
	const files = glob.sync(SOURCE_FILE_PATTERNS, {
		cwd: ROOT,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const result = await analyzePackage(ROOT, SOURCE_FILE_PATTERNS);
	return report(`source (${SOURCE_FILE_PATTERNS.join(', ')})`, files, result);
}

async function scanTarball() {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smspartner-scan-'));
	try {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
				cwd: ROOT,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			}),
		);
		const tarball = path.join(workDir, packed.filename);
		execFileSync('tar', ['-xzf', tarball, '-C', workDir]);
		const packageDir = path.join(workDir, 'package');
		console.log(
			`\n${packed.filename}: ${packed.entryCount} files, ${packed.size} bytes packed, ` +
				`${packed.unpackedSize} bytes unpacked`,
		);
		for (const file of packed.files) console.log(`  ${file.path}  (${file.size} bytes)`);

		const files = glob.sync(TARBALL_FILE_PATTERNS, {
			cwd: packageDir,
			ignore: ['node_modules/**', '**/package-lock.json'],
		});
		const result = await analyzePackage(packageDir, TARBALL_FILE_PATTERNS);
		return report(`tarball (${TARBALL_FILE_PATTERNS.join(', ')})`, files, result);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

const scannerVersion = JSON.parse(
	fs.readFileSync(path.join(path.dirname(SCANNER), '..', 'package.json'), 'utf8'),
).version;
console.log(
	`@n8n/scan-community-package ${scannerVersion}: analyzePackage on the source and the packed tarball`,
);

checkBuild();
const sourcePassed = await scanSource();
const tarballPassed = await scanTarball();

console.log(
	`\nscan: source ${sourcePassed ? 'passed' : 'FAILED'}, tarball ${tarballPassed ? 'passed' : 'FAILED'}`,
);
process.exit(sourcePassed && tarballPassed ? 0 : 1);
