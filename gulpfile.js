const fs = require('node:fs');
const path = require('node:path');
const { src, dest, series } = require('gulp');
const esbuild = require('esbuild');

const NODE_DIR = 'nodes/SmsPartner';
const BUILT_NODE_DIR = path.join('dist', NODE_DIR);
/** The files n8n loads: the node and its two triggers, each bundled with what it uses. */
const NODE_ENTRIES = [
	'SmsPartner.node.js',
	'SmsPartnerTrigger.node.js',
	'SmsPartnerWebhookTrigger.node.js',
];

function copyStaticFiles() {
	// gulp 5 reads files as text unless told otherwise, which would corrupt binary icons.
	return src([`${NODE_DIR}/*.svg`, `${NODE_DIR}/*.node.json`], { encoding: false }).pipe(
		dest(BUILT_NODE_DIR),
	);
}

/**
 * n8n community packages may have no runtime dependencies, so fast-xml-parser and
 * the node's own modules are bundled into each file n8n loads; n8n-workflow
 * comes from n8n itself.
 */
async function bundleNode() {
	await esbuild.build({
		entryPoints: NODE_ENTRIES.map((entry) => path.join(BUILT_NODE_DIR, entry)),
		outdir: BUILT_NODE_DIR,
		allowOverwrite: true,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		legalComments: 'none',
		logLevel: 'warning',
	});
	for (const entry of fs.readdirSync(BUILT_NODE_DIR, { withFileTypes: true })) {
		const inlined =
			entry.isDirectory() || (entry.name.endsWith('.js') && !NODE_ENTRIES.includes(entry.name));
		if (inlined) fs.rmSync(path.join(BUILT_NODE_DIR, entry.name), { recursive: true });
	}
}

exports.build = series(copyStaticFiles, bundleNode);
exports.default = exports.build;
