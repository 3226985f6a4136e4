/**
 * The package's import directions, read from its source files' import lines.
 * Layers, lowest first: api/ (what SMS Partner is), helpers/, transport/,
 * input/ (reading and checking the fields), shared/ (fields both nodes use), then actions/ and trigger/ (side by side),
 * then the two *.node.ts files. A file imports only from its own layer or
 * those below; a resource's modules (actions/<resource>/, transport/<resource>.ts,
 * api/<resource>.ts) import no other resource's; nothing imports in a circle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const NODE_DIR = 'nodes/SmsPartner';

/** Each file (relative to the repository) and the package files it imports. */
type ImportGraph = Map<string, string[]>;

const LAYERS: Record<string, number> = {
	api: 0,
	helpers: 1,
	transport: 2,
	input: 3,
	shared: 4,
	actions: 5,
	trigger: 5,
	'': 6,
};

const IMPORT_LINE =
	/(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
	const entries = fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true });
	entries.sort((a, b) => a.name.localeCompare(b.name));
	return entries.flatMap((entry) => {
		const file = path.posix.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(file);
		return entry.name.endsWith('.ts') ? [file] : [];
	});
}

function resolveImport(from: string, specifier: string, files: Set<string>): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
	const found = [base, `${base}.ts`, `${base}/index.ts`].find((file) => files.has(file));
	if (!found) throw new Error(`${from} imports ${specifier}, which is no file of the package`);
	return found;
}

function importGraph(): ImportGraph {
	const files = [...sourceFiles(NODE_DIR), ...sourceFiles('credentials')];
	const known = new Set(files);
	const graph: ImportGraph = new Map();
	for (const file of files) {
		const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
		const imported = [...text.matchAll(IMPORT_LINE)]
			.map((match) => resolveImport(file, match[1] ?? match[2] ?? match[3], known))
			.filter((target): target is string => target !== undefined);
		graph.set(file, [...new Set(imported)]);
	}
	return graph;
}

/** `actions/sms/send.operation.ts` → ['actions', 'sms', 'send.operation.ts']; node files → ['', …]. */
function partsOf(file: string): string[] {
	if (file.startsWith('credentials/')) return ['credentials', ...file.split('/').slice(1)];
	const inNode = path.posix.relative(NODE_DIR, file).split('/');
	return inNode.length === 1 ? ['', ...inNode] : inNode;
}

/** The resource a module belongs to, where it belongs to one; undefined for shared modules. */
function resourceOf(file: string, resources: readonly string[]): string | undefined {
	const [layer, second] = partsOf(file);
	if (layer === 'actions') return resources.includes(second) ? second : undefined;
	if (layer === 'transport' || layer === 'api') {
		const name = second.replace(/\.ts$/, '');
		return resources.includes(name) ? name : undefined;
	}
	return undefined;
}

/** Every import that breaks a rule, as "from → to: why". */
function violations(graph: ImportGraph, resources: readonly string[]): string[] {
	const found: string[] = [];
	for (const [from, targets] of graph) {
		const [fromLayer] = partsOf(from);
		for (const to of targets) {
			const [toLayer] = partsOf(to);
			const why = (reason: string) => found.push(`${from} → ${to}: ${reason}`);
			if (fromLayer === 'credentials' || toLayer === 'credentials') {
				if (fromLayer !== toLayer) why('credentials/ and nodes/ are built apart');
				continue;
			}
			if (fromLayer !== toLayer) {
				if (LAYERS[toLayer] > LAYERS[fromLayer]) why('up a layer');
				else if (LAYERS[toLayer] === LAYERS[fromLayer]) why('sideways between layers');
				continue;
			}
			const fromResource = resourceOf(from, resources);
			const toResource = resourceOf(to, resources);
			// The router stands above the resources it dispatches to.
			const dispatches = partsOf(from).join('/') === 'actions/router.ts';
			if (toResource !== undefined && toResource !== fromResource && !dispatches) {
				why(
					fromResource === undefined
						? "up: a shared module imports a resource's"
						: "sideways: a resource imports another resource's",
				);
			}
			if (fromLayer === 'actions' && partsOf(to).join('/') === 'actions/router.ts') {
				why('up: the router dispatches to operations, not the other way');
			}
		}
	}
	return found;
}

/** Every circle of imports, each once, as "a → b → a". */
function cycles(graph: ImportGraph): string[] {
	const found: string[] = [];
	const done = new Set<string>();
	const visit = (file: string, trail: string[]) => {
		const at = trail.indexOf(file);
		if (at !== -1) {
			found.push([...trail.slice(at), file].join(' → '));
			return;
		}
		if (done.has(file)) return;
		for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
		done.add(file);
	};
	for (const file of graph.keys()) visit(file, []);
	return found;
}

const graph = importGraph();
const RESOURCES = fs
	.readdirSync(path.join(ROOT, NODE_DIR, 'actions'), { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name);

test('the scan reads the import lines it checks', () => {
	expect(RESOURCES).toEqual([
		'account',
		'contact',
		'group',
		'number',
		'sms',
		'stopList',
		'subAccount',
	]);
	expect(graph.get(`${NODE_DIR}/transport/request.ts`)).toEqual(
		expect.arrayContaining([`${NODE_DIR}/transport/exchange.ts`, `${NODE_DIR}/transport/call.ts`]),
	);
	expect(graph.get(`${NODE_DIR}/actions/sms/send.operation.ts`)).toEqual(
		expect.arrayContaining([`${NODE_DIR}/transport/sms.ts`, `${NODE_DIR}/shared/fields.ts`]),
	);
	expect(graph.get(`${NODE_DIR}/SmsPartnerTrigger.node.ts`)).toContain(
		`${NODE_DIR}/trigger/poll.ts`,
	);
});

test('every resource of actions/ has its own transport/ and api/ module', () => {
	for (const resource of RESOURCES) {
		expect(graph.has(`${NODE_DIR}/transport/${resource}.ts`)).toBe(true);
		expect(graph.has(`${NODE_DIR}/api/${resource}.ts`)).toBe(true);
	}
});

test('no import goes up a layer, sideways between layers or between resources', () => {
	expect(violations(graph, RESOURCES)).toEqual([]);
});

test('no import circle, type-only imports included', () => {
	expect(cycles(graph)).toEqual([]);
});

test('the checks catch what they forbid: helpers importing transport, the trigger importing actions, input/ importing up', () => {
	const broken: ImportGraph = new Map(graph);
	const shapes = `${NODE_DIR}/helpers/shapes.ts`;
	const values = `${NODE_DIR}/transport/values.ts`;
	const poll = `${NODE_DIR}/trigger/poll.ts`;
	const sendSettings = `${NODE_DIR}/actions/sms/sendSettings.ts`;
	const stopList = `${NODE_DIR}/transport/stopList.ts`;
	const sms = `${NODE_DIR}/transport/sms.ts`;
	broken.set(shapes, [...graph.get(shapes)!, values]);
	broken.set(poll, [...graph.get(poll)!, sendSettings]);
	broken.set(stopList, [...graph.get(stopList)!, sms]);

	expect(violations(broken, RESOURCES).sort()).toEqual(
		[
			`${shapes} → ${values}: up a layer`,
			`${stopList} → ${sms}: sideways: a resource imports another resource's`,
			`${poll} → ${sendSettings}: sideways between layers`,
		].sort(),
	);
	// transport/values.ts imports helpers/shapes.ts: the import added above closes a circle.
	const [circle, ...more] = cycles(broken);
	expect(more).toEqual([]);
	expect(circle.split(' → ').sort()).toEqual([shapes, values, values].sort());

	// input/ stands between transport/ and shared/: shared/fields.ts takes MAX_CONCURRENCY
	// from input/options.ts, which takes DEFAULT_TIMEOUT_MS from transport/call.ts.
	const options = `${NODE_DIR}/input/options.ts`;
	const fields = `${NODE_DIR}/shared/fields.ts`;
	const call = `${NODE_DIR}/transport/call.ts`;
	const inputUp: ImportGraph = new Map(graph);
	inputUp.set(options, [...graph.get(options)!, fields]);
	expect(violations(inputUp, RESOURCES)).toEqual([`${options} → ${fields}: up a layer`]);
	const [inputCircle, ...moreInput] = cycles(inputUp);
	expect(moreInput).toEqual([]);
	expect(inputCircle.split(' → ').sort()).toEqual([fields, options, options].sort());
	const transportUp: ImportGraph = new Map(graph);
	transportUp.set(call, [...graph.get(call)!, options]);
	expect(violations(transportUp, RESOURCES)).toEqual([`${call} → ${options}: up a layer`]);
});
