/**
 * Property-based (fast-check), through n8n's engine against the sandbox, with
 * SMS Partner turned hostile: every operation of the node meets random sequences
 * of faults (one per request, planned by request order), and whatever happens:
 *
 * 1. no request reaches SMS Partner twice for one call (each credit move,
 *    create, delete, /me at most once; each page of a list read at most once);
 * 2. nothing ever reaches another host (a second sandbox on 127.0.0.2 that the
 *    redirects point at stays untouched);
 * 3. a success item only when SMS Partner's own host answered every call with
 *    a readable success in time (an oracle built from each fault: redirects,
 *    resets, answers slower than the timeout, bodies over 1 MiB never do);
 * 4. the API key — which has special characters, and which the hostile bodies
 *    and redirect addresses echo back in every common spelling — appears in no
 *    output item, no error and nowhere in the run record, in any letter case.
 *
 * 429 is left out on purpose: it is retried, as faults.engine.test.ts checks.
 */
import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { demoAccount } from '../../sandbox/server';
import {
	answerFault,
	answeringWith,
	delayFault,
	delayMsOf,
	hostileSandboxes,
	MAX_ANSWER_BYTES,
	onEachRequest,
	ownContentType,
	PAD_CHUNK,
	padBytesFor,
	padFault,
	passFault,
	redirectFault,
	redirectLocation,
	RELAXED_TIMEOUT,
	resetFault,
	timeoutFor,
	trickleFault,
	trickleIsLate,
	type AnswerFault,
	type Call,
	type DelayFault,
	type FaultContext,
	type Format,
	type PadFault,
	type PassFault,
	type RedirectFault,
	type ResetFault,
	type TrickleFault,
} from '../support/faults';
import { operation, run } from '../support/fixtures';
import { allText } from '../support/harness';
import {
	badGatewayPage,
	echo,
	HOSTILE_KEY,
	json,
	keySpellingsIn,
	maybe,
	refusalJson,
	tokenEcho,
} from '../support/hostile';
import {
	ADD,
	CREATE,
	DELETE,
	isRealSuccess,
	LIST,
	ME,
	movedBalances,
	REMOVE,
} from '../support/models';

const USERNAME = 'hostile@sandbox.local';
const CHANGING = new Set([REMOVE, ADD, CREATE, DELETE]);

// ---------------------------------------------------------------------------
// Hostile answer bodies, near SMS Partner's own answers for each path and random.

const successFlag = fc.oneof(
	{ weight: 8, arbitrary: fc.constant<unknown>(true) },
	{ weight: 1, arbitrary: fc.constantFrom<unknown>('true', 1, false, null) },
);
const code = maybe(
	fc.oneof(
		{ weight: 6, arbitrary: fc.constant<unknown>(200) },
		{ weight: 1, arbitrary: fc.constantFrom<unknown>('200', 8, 201, '8', null, 'x') },
		{ weight: 1, arbitrary: echo },
	),
);
const amount = fc.oneof(
	{ weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e7, noNaN: true }) },
	{ weight: 3, arbitrary: fc.stringMatching(/^\d{1,6}\.\d{3}$/) },
	{
		weight: 1,
		arbitrary: fc.constantFrom<unknown>('n/a', '', null, 'NaN', '1e3', ' 5 ', true, '12,5'),
	},
	{ weight: 1, arbitrary: echo },
);
const currency = maybe(fc.oneof(fc.constant('EUR'), fc.constant('eur'), echo));
const email = fc.oneof(
	fc.constantFrom('new@sandbox.local', 'not-an-email'),
	echo.map((text) => `${text}@evil.example`),
);

function tokenArb(target: string) {
	return fc.oneof(
		{ weight: 3, arbitrary: fc.constantFrom<unknown>('3f2a9c0d5b', target) },
		{ weight: 2, arbitrary: tokenEcho },
		{ weight: 1, arbitrary: fc.constantFrom<unknown>('bad token', '<b>x</b>', 42, null, '') },
	);
}

const creditMoveJson = fc.record({
	success: successFlag,
	code,
	credit: amount,
	subaccountCredit: amount,
	currency,
	message: maybe(echo, 2),
});

const meJson = fc.record({
	success: successFlag,
	code,
	user: maybe(
		fc.record({
			username: fc.oneof(fc.constant(USERNAME), echo),
			firstname: maybe(echo, 1),
			lastname: maybe(echo),
		}),
		8,
	),
	credits: fc.oneof(
		{
			weight: 6,
			arbitrary: fc.record({
				creditSms: amount,
				creditSmsECO: maybe(amount),
				creditHlr: maybe(amount),
				toSend: maybe(amount),
				balance: amount,
				currency,
			}),
		},
		{ weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], '12.000') },
	),
});

const createJson = (target: string) =>
	fc.record({
		success: successFlag,
		code,
		subaccount: fc.oneof(
			{ weight: 6, arbitrary: fc.record({ email, token: tokenArb(target) }) },
			{ weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'abc', []) },
		),
		sendConfirmMailTo: maybe(email),
		parent_email: maybe(email),
	});

const listEntry = (target: string) =>
	fc.record({
		id: fc.oneof(fc.nat(), tokenEcho),
		email,
		type: fc.oneof(fc.constant('simple'), echo),
		token: tokenArb(target),
		apiKey: fc.oneof(tokenEcho, fc.constant('subkey-0123')),
		createdAt: fc.oneof(fc.constant('2026-01-15T09:30:00+01:00'), echo),
		credits: fc.oneof(
			{ weight: 6, arbitrary: fc.record({ balance: amount, currency }) },
			{ weight: 1, arbitrary: fc.constant<unknown>(null) },
		),
	});

const listJson = (target: string) =>
	fc.record({
		success: successFlag,
		code,
		total: fc.oneof(fc.nat(60), fc.constantFrom<unknown>('45', null), echo),
		nb_per_page: fc.constantFrom<unknown>(20, 1, '20', 0),
		page: fc.constantFrom<unknown>(1, 2),
		data: fc.oneof(
			{ weight: 6, arbitrary: fc.array(listEntry(target), { maxLength: 3 }) },
			{ weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'none', {}) },
		),
	});

const deleteJson = fc.record({ success: successFlag, code, message: maybe(echo, 2) });

/** Flat positional XML: near a success for the paths whose success is flat, else an error or noise. */
const xmlValue = fc.oneof(
	fc.constantFrom('true', 'false', '1', '0', '200', '8', '10', '61.800', '20', 'EUR', '', 'n/a'),
	fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/),
	echo,
);
const xmlNumber = fc.oneof(
	fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/),
	fc.constantFrom('61.800', '-3', 'n/a', ''),
);
const xmlEntries = (path: string): fc.Arbitrary<string[]> => {
	const head = fc.tuple(
		fc.constantFrom('true', 'true', '1', 'false', 'yes'),
		fc.constantFrom('200', '200', '8', 'x'),
	);
	const shaped =
		path === REMOVE || path === ADD
			? fc
					.tuple(head, xmlNumber, xmlNumber, fc.constantFrom('EUR', 'EUR', 'eur', ''), fc.nat(5))
					.map(([[flag, status], credit, sub, cur, keep]) =>
						[flag, status, credit, sub, cur].slice(0, keep === 0 ? 3 : 5),
					)
			: path === DELETE
				? fc
						.tuple(head, fc.array(xmlValue, { maxLength: 1 }))
						.map(([[flag, status], more]) => [flag, status, ...more])
				: path === LIST
					? fc
							.tuple(
								head,
								fc.constantFrom('0', '45'),
								fc.constantFrom('20', '1'),
								fc.constantFrom('1', '2'),
								fc.constantFrom('', '', 'x'),
							)
							.map(([[flag, status], ...rest]) => [flag, status, ...rest])
					: head.map(([flag, status]) => [flag, status]);
	return fc.oneof(
		shaped,
		fc
			.tuple(head, fc.array(xmlValue, { maxLength: 5 }))
			.map(([[flag, status], more]) => [flag, status, ...more]),
	);
};
const xmlBody = (path: string) =>
	fc.tuple(xmlEntries(path), fc.boolean(), fc.nat(12)).map(([entries, prolog, cut]) => {
		const xml = `${prolog ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<result>${entries
			.map((entry) =>
				/^\d+$/.test(entry) ? `<entry>${entry}</entry>` : `<entry><![CDATA[${entry}]]></entry>`,
			)
			.join('')}</result>`;
		return cut > 9 ? xml.slice(0, xml.length - cut) : xml;
	});

/** The JSON SMS Partner might send on this path, any field missing, wrong or carrying the key. */
function nearSuccess(path: string, target: string): fc.Arbitrary<unknown> {
	if (path === REMOVE || path === ADD) return creditMoveJson;
	if (path === LIST) return listJson(target);
	if (path === ME) return meJson;
	if (path === CREATE) return createJson(target);
	return deleteJson;
}

function bodyArb(path: string, target: string): fc.Arbitrary<string> {
	return fc.oneof(
		{ weight: 6, arbitrary: json(nearSuccess(path, target)) },
		{ weight: 2, arbitrary: json(refusalJson) },
		{ weight: 2, arbitrary: xmlBody(path) },
		{ weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
		{ weight: 1, arbitrary: fc.string() },
		{ weight: 1, arbitrary: badGatewayPage },
		{
			weight: 1,
			arbitrary: json(nearSuccess(path, target)).map((text) =>
				text.slice(0, Math.floor(text.length / 2)),
			),
		},
	);
}

// ---------------------------------------------------------------------------
// Faults: what the generator draws, and what it makes the sandbox do.

type Spec =
	| PassFault
	| RedirectFault<string>
	| AnswerFault<string>
	| ResetFault
	| TrickleFault<string>
	| PadFault<string>
	| DelayFault<string>;

function specArb(path: string, target: string): fc.Arbitrary<Spec> {
	const body = bodyArb(path, target);
	const success = json(nearSuccess(path, target));
	return fc.oneof(
		{ weight: 2, arbitrary: passFault },
		{ weight: 3, arbitrary: redirectFault(maybe(success, 2)) },
		{
			weight: 5,
			arbitrary: answerFault(
				body,
				[200, 200, 200, 201, 202, 400, 401, 403, 404, 409, 500, 502, 503],
			),
		},
		{ weight: 1, arbitrary: resetFault },
		{ weight: 1, arbitrary: trickleFault(maybe(success, 1)) },
		{
			weight: 2,
			arbitrary: padFault(['under', 'over', 'atLimit', 'overByOne'], maybe(success, 2)),
		},
		{ weight: 1, arbitrary: delayFault(maybe(body, 1)) },
	);
}

interface Planned {
	spec: Spec;
	/** What the sandbox is told to do. */
	fault: Record<string, unknown>;
	/** The oracle: SMS Partner's own host gave a readable success, in time and within the size cap. */
	successAllowed: boolean;
	/** The exchange is cut whatever the body says (redirect, reset, too late, too large): outcome unknown. */
	cut: boolean;
	/** A redirect to an address where nothing answers: following it would end in "nothing was sent". */
	deadRedirect: boolean;
	/** Changes nothing in the answer: the run should go as without it. */
	transparent: boolean;
}

function plan(spec: Spec, context: FaultContext): Planned {
	const { path, format, timeout } = context;
	/** The answer under the fault: its own body, else SMS Partner's real one (with act), else nothing. */
	const underlyingOk = (body: string | undefined, act: boolean) =>
		body !== undefined ? isRealSuccess(path, body) : act;
	const base = { cut: false, deadRedirect: false, transparent: false };

	switch (spec.kind) {
		case 'pass':
			return { ...base, spec, fault: { act: true }, successAllowed: true, transparent: true };
		case 'redirect': {
			const location = redirectLocation(spec.target, spec.keyIn, context);
			return {
				...base,
				spec,
				fault: {
					status: spec.status,
					headers: { Location: location },
					act: spec.act,
					...answeringWith(spec.body),
				},
				successAllowed: false,
				cut: true,
				deadRedirect: spec.target === 'closed' || spec.target === 'invalid',
			};
		}
		case 'answer':
			return {
				...base,
				spec,
				fault: {
					status: spec.status,
					body: spec.body,
					contentType: spec.contentType,
					act: spec.act,
				},
				successAllowed: isRealSuccess(path, spec.body),
			};
		case 'reset':
			return {
				...base,
				spec,
				fault: { reset: true, act: spec.act },
				successAllowed: false,
				cut: true,
			};
		case 'trickle': {
			const contentType = spec.body !== undefined ? 'application/json' : ownContentType(format);
			const bodyBytes = spec.body === undefined ? 0 : Buffer.byteLength(spec.body);
			const late = trickleIsLate(spec.trickleMs, contentType, bodyBytes, timeout);
			return {
				...base,
				spec,
				fault: { trickleMs: spec.trickleMs, act: spec.act, ...answeringWith(spec.body) },
				successAllowed: !late && underlyingOk(spec.body, spec.act),
				cut: late,
			};
		}
		case 'pad': {
			let body = spec.body;
			const padBytes = padBytesFor(spec.size);
			if (spec.size === 'atLimit' || spec.size === 'overByOne') {
				// Exactly 1 MiB of answer, or one byte more: spaces, then a JSON answer.
				const answer = body ?? JSON.stringify({ success: true, code: 200 });
				const room = PAD_CHUNK - Buffer.byteLength(answer) + (spec.size === 'overByOne' ? 1 : 0);
				body = ' '.repeat(room) + answer;
			}
			// The sandbox pads in whole chunks of 64 KiB; a real answer is at least one byte.
			const paddedBytes = Math.ceil(padBytes / PAD_CHUNK) * PAD_CHUNK;
			const total = paddedBytes + (body !== undefined ? Buffer.byteLength(body) : spec.act ? 1 : 0);
			const tooLarge = total > MAX_ANSWER_BYTES;
			return {
				...base,
				spec,
				fault: { padBytes, act: spec.act, ...answeringWith(body) },
				successAllowed: !tooLarge && underlyingOk(body, spec.act),
				cut: tooLarge,
				transparent: !tooLarge && spec.act && body === undefined,
			};
		}
		case 'delay': {
			const delayMs = delayMsOf(spec, timeout);
			const late = delayMs >= timeout;
			return {
				...base,
				spec,
				fault: { delayMs, act: spec.act, ...answeringWith(spec.body) },
				successAllowed: !late && underlyingOk(spec.body, spec.act),
				cut: late,
			};
		}
	}
}

// ---------------------------------------------------------------------------
// Operations, each with the requests it may make ("slots", by path and order).

interface Slot {
	path: string;
	occurrence: number;
}
const slots = (path: string, count: number): Slot[] =>
	Array.from({ length: count }, (_, occurrence) => ({ path, occurrence }));

interface Setup {
	/** The subaccount the operation works on (bodies may name it). */
	target: string;
	returnAll: boolean;
	limit: number;
	includeApiKeys: boolean;
}

interface OperationCase {
	name: string;
	slots: Slot[];
	/** Paths it may call at all. */
	paths: string[];
	/** How many times it may read the list from page 1. */
	listReads: number;
	setup: fc.Arbitrary<Setup>;
	parameters(setup: Setup, options: Record<string, unknown>): Record<string, unknown>;
	/** What a run without any fault gives (the sandbox's own answers). */
	expectClean(success: Record<string, unknown>[], setup: Setup): void;
}

const plainSetup = (target: string) =>
	fc.constant<Setup>({ target, returnAll: false, limit: 1, includeApiKeys: false });

/** 3 demo subaccounts and 42 more: three pages of the list (20, 20, 5). */
const SUBACCOUNT_COUNT = 45;
const REMOVE_ALL_TARGETS: Record<string, number> = {
	'sub-alpha': 150,
	'sub-empty': 0,
	'shop-30': 30,
};

const OPERATIONS: OperationCase[] = [
	{
		name: 'Remove Credit',
		slots: slots(REMOVE, 1),
		paths: [REMOVE],
		listReads: 0,
		setup: plainSetup('sub-alpha'),
		parameters: (setup, options) =>
			operation('subAccount', 'removeCredit', { subaccount: setup.target, credit: '1.5', options }),
		expectClean: (success) =>
			expect(success).toEqual([
				expect.objectContaining({ creditRemoved: 1.5, subaccountCredit: 148.5 }),
			]),
	},
	{
		name: 'Remove Credit › Remove All Remaining Credit',
		slots: [...slots(LIST, 6), ...slots(REMOVE, 1), ...slots(ME, 1)],
		paths: [LIST, REMOVE, ME],
		listReads: 2,
		setup: fc
			.constantFrom(...Object.keys(REMOVE_ALL_TARGETS))
			.map((target) => ({ target, returnAll: false, limit: 1, includeApiKeys: false })),
		parameters: (setup, options) =>
			operation('subAccount', 'removeCredit', {
				subaccount: setup.target,
				removeAll: true,
				options,
			}),
		expectClean: (success, setup) =>
			expect(success).toEqual([
				expect.objectContaining({
					creditRemoved: REMOVE_ALL_TARGETS[setup.target],
					subaccountCredit: 0,
				}),
			]),
	},
	{
		name: 'Add Credit',
		slots: slots(ADD, 1),
		paths: [ADD],
		listReads: 0,
		setup: plainSetup('sub-alpha'),
		parameters: (setup, options) =>
			operation('subAccount', 'addCredit', { subaccount: setup.target, credit: '2', options }),
		expectClean: (success) =>
			expect(success).toEqual([expect.objectContaining({ creditAdded: 2, subaccountCredit: 152 })]),
	},
	{
		name: 'Get Many',
		slots: slots(LIST, 3),
		paths: [LIST],
		listReads: 1,
		setup: fc.record({
			target: fc.constant('sub-alpha'),
			returnAll: fc.boolean(),
			limit: fc.integer({ min: 1, max: 60 }),
			includeApiKeys: fc.boolean(),
		}),
		parameters: (setup, options) =>
			operation('subAccount', 'getMany', {
				returnAll: setup.returnAll,
				...(setup.returnAll ? {} : { limit: setup.limit }),
				options: { ...options, includeApiKeys: setup.includeApiKeys },
			}),
		expectClean: (success, setup) =>
			expect(success).toHaveLength(
				setup.returnAll ? SUBACCOUNT_COUNT : Math.min(setup.limit, SUBACCOUNT_COUNT),
			),
	},
	{
		name: 'Create',
		slots: slots(CREATE, 1),
		paths: [CREATE],
		listReads: 0,
		setup: plainSetup('sub-new'),
		parameters: (_setup, options) =>
			operation('subAccount', 'create', {
				type: 'simple',
				email: 'fresh@sandbox.local',
				creditToAttribute: '5',
				options,
			}),
		expectClean: (success) =>
			expect(success).toEqual([
				expect.objectContaining({
					email: 'fresh@sandbox.local',
					creditAttributed: 5,
					parentEmail: USERNAME,
				}),
			]),
	},
	{
		name: 'Delete',
		slots: [...slots(LIST, 6), ...slots(DELETE, 1)],
		paths: [LIST, DELETE],
		listReads: 2,
		setup: plainSetup('sub-empty'),
		parameters: (setup, options) =>
			operation('subAccount', 'delete', { subaccount: setup.target, options }),
		expectClean: (success) =>
			expect(success).toEqual([{ tokenSubaccount: 'sub-empty', deleted: true, creditReturned: 0 }]),
	},
	{
		name: 'Delete › Move Remaining Credit Back First',
		slots: [...slots(LIST, 6), ...slots(REMOVE, 1), ...slots(DELETE, 1)],
		paths: [LIST, REMOVE, DELETE],
		listReads: 2,
		setup: plainSetup('sub-beta'),
		parameters: (setup, options) =>
			operation('subAccount', 'delete', {
				subaccount: setup.target,
				moveCreditBack: true,
				options,
			}),
		expectClean: (success) =>
			expect(success).toEqual([
				{ tokenSubaccount: 'sub-beta', deleted: true, creditReturned: 20.5, credit: 1020.5 },
			]),
	},
	{
		name: 'Account › Get Balance',
		slots: slots(ME, 1),
		paths: [ME],
		listReads: 0,
		setup: plainSetup('sub-alpha'),
		parameters: (_setup, options) => operation('account', 'getBalance', { options }),
		expectClean: (success) =>
			expect(success).toEqual([
				expect.objectContaining({ credit: 1000, currency: 'EUR', username: USERNAME }),
			]),
	},
];

interface Scenario {
	setup: Setup;
	format: Format;
	timeout: number;
	faults: Array<{ slot: number; spec: Spec }>;
}

function scenarioArb(op: OperationCase): fc.Arbitrary<Scenario> {
	return op.setup.chain((setup) =>
		fc
			.record({
				format: fc.constantFrom<Format>('json', 'xml'),
				timeout: fc.integer({ min: 150, max: 400 }),
				faults: fc.array(
					fc
						.integer({ min: 0, max: op.slots.length - 1 })
						.chain((slot) =>
							specArb(op.slots[slot].path, setup.target).map((spec) => ({ slot, spec })),
						),
					{ maxLength: 3 },
				),
			})
			.map(({ format, timeout, faults }) => ({
				setup,
				format,
				timeout: timeoutFor(
					faults.map(({ spec }) => spec),
					timeout,
				),
				faults,
			})),
	);
}

// ---------------------------------------------------------------------------
// The sandboxes, and the hook that gives each request its planned fault.

const { sandbox, second } = hostileSandboxes(USERNAME);

const TEMPLATE = [
	...demoAccount(HOSTILE_KEY, USERNAME).subaccounts,
	...Array.from({ length: SUBACCOUNT_COUNT - 3 }, (_, n) => ({
		token: `shop-${n + 1}`,
		email: `shop-${n + 1}@sandbox.local`,
		credit: n + 1,
	})),
];

interface Logged {
	call: Call;
	occurrence: number;
	planned?: Planned;
}
let planByRequest = new Map<string, Planned>();
let log: Logged[] = [];
const seen = new Map<string, number>();

/**
 * Gives each request, as it arrives, the fault planned for it (by path and order),
 * through the sandbox's own `fault()` — one fault per key at a time, set before
 * the sandbox looks for it.
 */
function installFaultPlan() {
	onEachRequest(sandbox(), (call) => {
		const occurrence = seen.get(call.path) ?? 0;
		seen.set(call.path, occurrence + 1);
		const planned = planByRequest.get(`${call.path}#${occurrence}`);
		if (planned) sandbox().fault(call.path, planned.fault);
		else sandbox().faults.delete(call.path);
		log.push({ call, occurrence, planned });
	});
}

function resetAccount() {
	const account = sandbox().account(HOSTILE_KEY);
	account.credit = 1000;
	account.subaccounts = [];
	for (const sub of TEMPLATE) sandbox().addSubaccount({ ...sub }, HOSTILE_KEY);
	sandbox().faults.clear();
	planByRequest = new Map();
	log = [];
	seen.clear();
}

beforeAll(installFaultPlan);

// ---------------------------------------------------------------------------
// The invariants, checked after every run.

interface Stats {
	runs: number;
	successes: number;
	failures: number;
	cut: number;
	deadRedirects: number;
	masked: number;
}
const stats = new Map<string, Stats>();

/** The list's page numbers split into reads (each starting again at page 1). */
function listReads(pages: string[]): string[][] {
	const reads: string[][] = [];
	for (const page of pages) {
		if (page === '1' || reads.length === 0) reads.push([]);
		reads[reads.length - 1].push(page);
	}
	return reads;
}

async function runScenario(op: OperationCase, scenario: Scenario, counts: Stats): Promise<void> {
	resetAccount();
	const { setup, format, timeout } = scenario;
	const context = {
		format,
		timeout,
		mainBaseUrl: sandbox().baseUrl,
		secondBaseUrl: second().baseUrl,
	};
	for (const { slot, spec } of scenario.faults) {
		const { path, occurrence } = op.slots[slot];
		planByRequest.set(`${path}#${occurrence}`, plan(spec, { ...context, path }));
	}

	const result = await run(sandbox(), {
		apiKey: HOSTILE_KEY,
		items: [{}],
		parameters: op.parameters(setup, { timeout, responseFormat: format }) as INodeParameters,
		onError: 'continueErrorOutput',
	});
	const requests = [...log];
	const error = result.errors[0]?.error as
		| { outcome: string; httpStatus: number | null; message: string }
		| undefined;
	const failed = error !== undefined;
	const where = () =>
		`requests: ${requests.map((r) => `${r.call.method} ${r.call.path}${r.call.query.page ? `?page=${r.call.query.page}` : ''}${r.planned ? ` [${r.planned.spec.kind}]` : ''}`).join(', ')}; error: ${error?.message}`;
	counts.runs++;

	// One item in, one outcome out: an error, or success item(s) (Get Many: one per subaccount, maybe none).
	expect(result.status).not.toBe('error');
	expect(result.errors.length).toBeLessThanOrEqual(1);
	if (failed) {
		counts.failures++;
		expect(result.success).toEqual([]);
		expect(['notSent', 'rejected', 'unknown']).toContain(error.outcome);
	} else {
		counts.successes++;
		if (op.name !== 'Get Many') expect(result.success).toHaveLength(1);
	}

	// 1. At most one request per call; the list read page by page, each page once per read.
	for (const request of requests) expect(op.paths).toContain(request.call.path);
	for (const path of op.paths.filter((path) => path !== LIST)) {
		expect(requests.filter((r) => r.call.path === path).length).toBeLessThanOrEqual(1);
	}
	const reads = listReads(
		requests.filter((r) => r.call.path === LIST).map((r) => String(r.call.query.page)),
	);
	expect(reads.length).toBeLessThanOrEqual(op.listReads);
	for (const read of reads) expect(read).toEqual(read.map((_, index) => String(index + 1)));
	if (failed && error.outcome === 'notSent') {
		// "Nothing was sent" must be true of every request that changes accounts.
		expect(requests.filter((r) => CHANGING.has(r.call.path))).toEqual([]);
	}

	// 2. Nothing reaches another host.
	expect(second().calls).toEqual([]);

	// 3. A success only when SMS Partner's own host answered every call with a readable success in time.
	if (!failed) {
		const refused = requests.filter((r) => r.planned && !r.planned.successAllowed);
		expect({ success: true, refused: refused.map((r) => r.planned!.spec) }).toEqual({
			success: true,
			refused: [],
		});
	}
	requests.forEach((request, index) => {
		const planned = request.planned;
		if (!planned || planned.successAllowed) return;
		// An answer that is not a success ends the item there: nothing after it, the item fails.
		if (index !== requests.length - 1 || !failed)
			throw new Error(`A ${planned.spec.kind} fault did not end the item: ${where()}`);
		expect(error.outcome).not.toBe('notSent');
		if (planned.cut) {
			counts.cut++;
			expect(error.outcome).toBe('unknown');
		}
		if (planned.spec.kind === 'redirect') expect(error.httpStatus).toBe(planned.spec.status);
		if (planned.deadRedirect) {
			// Never followed: sent exactly once, not "nothing was sent" (the request reached SMS Partner).
			counts.deadRedirects++;
			// (A list page's single request per read is checked with the reads above.)
			if (request.call.path !== LIST)
				expect(requests.filter((r) => r.call.path === request.call.path)).toHaveLength(1);
		}
	});
	const last = requests[requests.length - 1];
	const lastBody = last?.planned?.fault.body;
	if (
		!failed &&
		typeof lastBody === 'string' &&
		(last.call.path === REMOVE || last.call.path === ADD)
	) {
		// A success built from the answer's own balances, as numbers.
		expect(result.success[0]).toMatchObject(movedBalances(lastBody));
	}
	if (timeout === RELAXED_TIMEOUT && requests.every((r) => !r.planned || r.planned.transparent)) {
		// Only SMS Partner's own answers: the operation succeeds as it would without faults.
		expect(failed ? error : undefined).toBeUndefined();
		op.expectClean(result.success, setup);
	}
	if (op.slots.length === 1 && timeout === RELAXED_TIMEOUT && last?.planned?.successAllowed) {
		// The other way round, so that the oracle is not merely lenient: a single call
		// answered with a readable success, in time, gives a success item.
		expect(failed ? error : undefined).toBeUndefined();
	}

	// 4. The API key in no spelling, in no output, error or anywhere in the run record.
	const outputs = allText(result.outputs);
	expect(keySpellingsIn(outputs)).toEqual([]);
	expect(keySpellingsIn(allText(result.run))).toEqual([]);
	if (outputs.includes('***')) counts.masked++;
}

describe.each(OPERATIONS)('$name, under random sequences of faults', (op) => {
	test('one request per call, nothing to another host, success only from a real success, the key never shown', async () => {
		const counts: Stats = {
			runs: 0,
			successes: 0,
			failures: 0,
			cut: 0,
			deadRedirects: 0,
			masked: 0,
		};
		stats.set(op.name, counts);
		await fc.assert(
			fc.asyncProperty(scenarioArb(op), (scenario) => runScenario(op, scenario, counts)),
			{ numRuns: op.slots.length > 1 ? 80 : 60 },
		);
		// Not vacuous: both successes and failures happen, and exchanges get cut.
		expect(counts.successes).toBeGreaterThan(0);
		expect(counts.failures).toBeGreaterThan(0);
		expect(counts.cut).toBeGreaterThan(0);
	}, 600_000);
});

test('across all operations: redirects to dead addresses, and echoed keys that had to be masked, did occur', () => {
	const all = [...stats.values()];
	expect(all).toHaveLength(OPERATIONS.length);
	expect(all.reduce((sum, s) => sum + s.deadRedirects, 0)).toBeGreaterThan(0);
	expect(all.reduce((sum, s) => sum + s.masked, 0)).toBeGreaterThan(0);
});
