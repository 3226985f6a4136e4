/**
 * The package as npm publishes it: `npm pack` of the build (`npm test` builds
 * first), checked for what ships, and loaded where fast-xml-parser cannot be
 * resolved, as in an n8n whose only module on offer is n8n-workflow.
 */
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

interface PackedPackageJson {
	name: string;
	main?: string;
	keywords?: string[];
	dependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

let workDir: string;
let unpacked: string;
/** The tarball's files, relative to its `package/` folder. */
let entries: string[];
let pkg: PackedPackageJson;

beforeAll(() => {
	workDir = mkdtempSync(join(tmpdir(), 'smspartner-package-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}),
	) as Array<{ filename: string }>;
	const tarball = join(workDir, packed.filename);

	const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
		.split('\n')
		.filter(Boolean);
	expect(listed.every((entry) => entry.startsWith('package/'))).toBe(true);
	entries = listed
		.filter((entry) => !entry.endsWith('/'))
		.map((entry) => entry.slice('package/'.length));

	// Unpacked next to a node_modules that holds n8n-workflow and nothing else.
	const isolated = join(workDir, 'isolated');
	mkdirSync(join(isolated, 'node_modules'), { recursive: true });
	symlinkSync(
		join(ROOT, 'node_modules', 'n8n-workflow'),
		join(isolated, 'node_modules', 'n8n-workflow'),
		'dir',
	);
	execFileSync('tar', ['-xzf', tarball, '-C', isolated]);
	unpacked = join(isolated, 'package');
	pkg = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as PackedPackageJson;
}, 300_000);

afterAll(() => {
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const n8nEntries = () =>
	[...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].map((p) => posix.normalize(p));

describe('the tarball', () => {
	test('holds only dist/, index.js, README.md, LICENSE, CHANGELOG.md and package.json', () => {
		const topLevel = new Set(['index.js', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']);
		const stray = entries.filter((entry) => !entry.startsWith('dist/') && !topLevel.has(entry));
		expect(stray).toEqual([]);
		expect(entries).toEqual(
			expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']),
		);
	});

	test('holds no source maps, build info, sources, tests, sandbox or scripts', () => {
		const forbidden = entries.filter(
			(entry) =>
				/\.(map|tsbuildinfo|tgz)$/.test(entry) ||
				(/\.ts$/.test(entry) && !/\.d\.ts$/.test(entry)) ||
				/\.(test|spec|e2e)\.[cm]?[jt]s$/.test(entry) ||
				/(^|\/)(test|tests|__tests__|e2e|sandbox|scripts|node_modules|\.github|\.ci)\//.test(
					entry,
				) ||
				/(^|\/)(\.npmrc|tsconfig[^/]*\.json|jest[^/]*\.js|gulpfile\.js|eslint\.config\.mjs|package-lock\.json)$/.test(
					entry,
				),
		);
		expect(forbidden).toEqual([]);
	});

	test('its main module, index.js, gives the node and credential classes of the packed files', () => {
		expect(pkg.main).toBe('index.js');
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package as a consumer requires it
		const entry = require(unpacked) as Record<
			string,
			new () => { description?: { name: string }; name?: string }
		>;
		expect(Object.keys(entry).sort()).toEqual(['SmsPartner', 'SmsPartnerApi']);
		expect(new entry.SmsPartner().description?.name).toBe('smsPartner');
		expect(new entry.SmsPartnerApi().name).toBe('smsPartnerApi');
		expect(require.resolve(unpacked)).toBe(join(unpacked, 'index.js'));
	});

	test('package.json has no runtime dependencies', () => {
		expect(pkg.dependencies === undefined || Object.keys(pkg.dependencies).length === 0).toBe(true);
	});

	test('package.json is findable as an n8n community package', () => {
		expect(pkg.name).toMatch(/^(@[^/]+\/)?n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
	});

	test("every file in package.json's n8n.nodes and n8n.credentials is packed", () => {
		expect(pkg.n8n?.nodes?.length).toBeGreaterThan(0);
		expect(pkg.n8n?.credentials?.length).toBeGreaterThan(0);
		const missing = n8nEntries().filter((entry) => !entries.includes(entry));
		expect(missing).toEqual([]);
	});

	test('the icons and the codex sit next to each node file', () => {
		for (const node of pkg.n8n?.nodes ?? []) {
			const dir = posix.dirname(posix.normalize(node));
			const codex = node.replace(/\.js$/, '.json');
			expect(entries).toEqual(
				expect.arrayContaining([
					`${dir}/smsPartner.svg`,
					`${dir}/smsPartner.dark.svg`,
					posix.normalize(codex),
				]),
			);
		}
	});
});

/**
 * Runs in a child `node` from the isolated folder: loads every node and
 * credential n8n would load, records every module they ask for, and runs
 * Account › Get Balance on an XML answer (the one place fast-xml-parser is used)
 * through a stand-in for n8n's execute context that returns that answer.
 */
const CHILD = String.raw`
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const packageDir = path.resolve(process.argv[2]);
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const out = { requested: [], xmlParserResolvable: null, nodes: [], credentials: [] };

const inPackage = (file) => typeof file === 'string' && file.startsWith(packageDir + path.sep);
const load = Module._load;
Module._load = function (request, parent, isMain) {
	if (inPackage(parent && parent.filename) && !request.startsWith('.') && !path.isAbsolute(request)) {
		out.requested.push(request);
	}
	return load.apply(this, arguments);
};

const nodeFile = path.join(packageDir, pkg.n8n.nodes[0]);
try {
	require.resolve('fast-xml-parser', { paths: [path.dirname(nodeFile)] });
	out.xmlParserResolvable = true;
} catch {
	out.xmlParserResolvable = false;
}

const icons = (file, icon) =>
	Object.values(typeof icon === 'string' ? { icon } : icon || {}).map((value) => ({
		icon: value,
		exists: value.startsWith('file:') && fs.existsSync(path.resolve(path.dirname(file), value.slice('file:'.length))),
	}));

const XML =
	'<?xml version="1.0" encoding="UTF-8"?>\n<result><entry>true</entry><entry>200</entry>' +
	'<entry><entry><![CDATA[you@company.fr]]></entry><entry><![CDATA[Ana]]></entry><entry><![CDATA[Lima]]></entry></entry>' +
	'<entry><entry>227224</entry><entry>292146</entry><entry>2045023</entry><entry>0</entry>' +
	'<entry><![CDATA[10225.119]]></entry><entry><![CDATA[EUR]]></entry></entry></result>';

async function main() {
	for (const entry of pkg.n8n.nodes) {
		const file = path.join(packageDir, entry);
		const exported = require(file);
		const className = path.basename(file).replace(/\.node\.js$/, '');
		const node = new exported[className]();
		out.nodes.push({ entry, className, name: node.description.name, icons: icons(file, node.description.icon) });
		if (typeof node.webhook === 'function' && typeof node.execute !== 'function') {
			// The webhook trigger: SMS Partner calls it; loading it and its icons is what is checked here.
			continue;
		}
		if (typeof node.poll === 'function') {
			// The trigger, as "Fetch Test Event" runs it: Main Balance Below, from a JSON /me.
			const parameters = { event: 'balanceLow', threshold: '20000' };
			const requests = [];
			const context = {
				getMode: () => 'manual',
				getNodeParameter: (name, fallback) => (name in parameters ? parameters[name] : fallback),
				getCredentials: async () => ({ apiKey: 'package-test-key', baseUrl: 'https://api.smspartner.fr/v1' }),
				getNode: () => ({ id: '2', name: 'SMS Partner Trigger', type: 'n8n-nodes-smspartner.smsPartnerTrigger', typeVersion: 1, position: [0, 0], parameters }),
				getWorkflowStaticData: () => ({}),
				helpers: {
					httpRequestWithAuthentication: async (credentialType, options) => {
						requests.push({ credentialType, method: options.method, url: options.url, format: (options.qs || options.body || {})._format });
						const body = JSON.stringify({ success: true, code: 200, credits: { balance: '10225.119', currency: 'EUR' } });
						return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
					},
				},
			};
			const polled = await node.poll.call(context);
			out.poll = { requests, output: polled && polled[0].map((item) => item.json) };
			continue;
		}

		const parameters = { resource: 'account', operation: 'getBalance', options: { responseFormat: 'xml' } };
		const requests = [];
		const context = {
			getInputData: () => [{ json: {} }],
			getNodeParameter: (name, _itemIndex, fallback) => (name in parameters ? parameters[name] : fallback),
			getCredentials: async () => ({ apiKey: 'package-test-key', baseUrl: 'https://api.smspartner.fr/v1' }),
			getNode: () => ({ id: '1', name: 'SMS Partner', type: 'n8n-nodes-smspartner.smsPartner', typeVersion: 1, position: [0, 0], parameters }),
			continueOnFail: () => false,
			helpers: {
				httpRequestWithAuthentication: async (credentialType, options) => {
					requests.push({ credentialType, method: options.method, url: options.url, format: (options.qs || options.body || {})._format });
					return { statusCode: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: XML };
				},
			},
		};
		const [output] = await node.execute.call(context);
		out.xml = { requests, output: output.map((item) => item.json) };
	}
	for (const entry of pkg.n8n.credentials) {
		const file = path.join(packageDir, entry);
		const exported = require(file);
		const className = path.basename(file).replace(/\.credentials\.js$/, '');
		const credential = new exported[className]();
		out.credentials.push({ entry, className, name: credential.name, icons: icons(file, credential.icon) });
	}
	process.stdout.write(JSON.stringify(out));
}
main().catch((error) => {
	process.stderr.write(String((error && error.stack) || error));
	process.exit(1);
});
`;

describe('the packed node, with fast-xml-parser nowhere to be found', () => {
	interface ChildReport {
		requested: string[];
		xmlParserResolvable: boolean;
		nodes: Array<{
			entry: string;
			className: string;
			name: string;
			icons: Array<{ icon: string; exists: boolean }>;
		}>;
		credentials: Array<{
			entry: string;
			className: string;
			name: string;
			icons: Array<{ icon: string; exists: boolean }>;
		}>;
		xml: { requests: Array<Record<string, unknown>>; output: unknown[] };
		poll: { requests: Array<Record<string, unknown>>; output: unknown[] | null };
	}
	let report: ChildReport;

	beforeAll(() => {
		const isolated = dirname(unpacked);
		const script = join(isolated, 'load-package.js');
		writeFileSync(script, CHILD);
		const env = { ...process.env };
		delete env.NODE_PATH;
		delete env.NODE_OPTIONS;
		report = JSON.parse(
			execFileSync(process.execPath, [script, unpacked], { cwd: isolated, env, encoding: 'utf8' }),
		) as ChildReport;
	}, 300_000);

	test('fast-xml-parser cannot be resolved from the node file', () => {
		expect(report.xmlParserResolvable).toBe(false);
		expect(existsSync(join(unpacked, 'node_modules'))).toBe(false);
	});

	test('the node and the credential ask for nothing but n8n-workflow and Node.js built-ins', () => {
		const builtins = new Set(builtinModules);
		const external = [...new Set(report.requested)].filter(
			(request) => !request.startsWith('node:') && !builtins.has(request),
		);
		expect(external.filter((request) => request !== 'n8n-workflow')).toEqual([]);
		// The recording works: the node does ask for n8n-workflow.
		expect(report.requested).toContain('n8n-workflow');
	});

	test('the node and the credential load, and their icons resolve inside the package', () => {
		expect(report.nodes).toEqual([
			expect.objectContaining({ className: 'SmsPartner', name: 'smsPartner' }),
			expect.objectContaining({ className: 'SmsPartnerTrigger', name: 'smsPartnerTrigger' }),
			expect.objectContaining({
				className: 'SmsPartnerWebhookTrigger',
				name: 'smsPartnerWebhookTrigger',
			}),
		]);
		expect(report.credentials).toEqual([
			expect.objectContaining({ className: 'SmsPartnerApi', name: 'smsPartnerApi' }),
		]);
		for (const loaded of [...report.nodes, ...report.credentials]) {
			expect(loaded.icons.length).toBe(2);
			expect(loaded.icons).toEqual(loaded.icons.map(({ icon }) => ({ icon, exists: true })));
		}
	});

	test('the trigger polls on its own: Fetch Test Event reads /me and gives the balance below the threshold', () => {
		expect(report.poll).toEqual({
			requests: [
				{
					credentialType: 'smsPartnerApi',
					method: 'GET',
					url: 'https://api.smspartner.fr/v1/me',
					format: 'json',
				},
			],
			output: [{ credit: 10225.119, threshold: 20000, previousCredit: null, currency: 'EUR' }],
		});
	});

	test('the bundled XML parser reads an SMS Partner XML answer', () => {
		expect(report.xml.requests).toEqual([
			{
				credentialType: 'smsPartnerApi',
				method: 'GET',
				url: 'https://api.smspartner.fr/v1/me',
				format: 'xml',
			},
		]);
		expect(report.xml.output).toEqual([
			{
				credit: 10225.119,
				currency: 'EUR',
				premiumSmsItBuys: 227224,
				lowCostSmsItBuys: 292146,
				hlrLookupsItBuys: 2045023,
				smsNotYetSent: 0,
				username: 'you@company.fr',
				firstname: 'Ana',
				lastname: 'Lima',
			},
		]);
	});
});
