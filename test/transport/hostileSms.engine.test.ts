/**
 * Property-based (fast-check), through n8n's engine against the sandbox, with
 * SMS Partner turned hostile while the node sends SMS — which costs money and is
 * not idempotent. SMS › Send (one to three items) and SMS › Send Many (1 to 700
 * items, in batches by Sender and of up to 500) meet random sequences of faults,
 * one per request, planned by request order, and whatever happens:
 *
 * 1. nothing is sent twice: a request is made again only after a 429 the node
 *    may wait for (or a connection that was never made);
 * 2. a success item only for a message the sandbox recorded (billed), from its
 *    own answer: the item's message id, parts and cost are the record's;
 * 3. a message the sandbox recorded but whose answer was faulty is 'unknown',
 *    never 'rejected' or 'notSent'; an item 'rejected' or 'notSent' was never
 *    recorded; a batch whose answer was faulty is 'unknown' whole; the credit is
 *    what the recorded messages cost;
 * 4. nothing reaches another host, every output item pairs to its input item,
 *    and the API key — echoed back by the hostile answers in every common
 *    spelling — appears nowhere in the run record, whole or in pieces.
 *
 * Two lies are left out, because no client could see through them: the sandbox
 * never bills what its answer says was refused (a refusal body, an HTTP 4xx, a
 * 429), and a success it forges always carries a defect (a well-formed success
 * is only ever its own answer).
 *
 * Section 3 adds what the properties might miss: the key in SMS Partner's own
 * words (a refusal, a refused line), with and without the error output.
 */
import fc from 'fast-check';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import {
	answerFault,
	answeringWith,
	delayFault,
	delayMsOf,
	hostileSandboxes,
	limitedFault,
	onEachRequest,
	ownContentType,
	padBytesFor,
	padFault,
	passFault,
	redirectFault,
	redirectLocation,
	RELAXED_TIMEOUT,
	resetFault,
	retryWaitMs,
	statusFault,
	timeoutFor,
	trickleFault,
	trickleIsLate,
	type AnswerFault,
	type Call,
	type DelayFault,
	type FaultContext,
	type Format,
	type LimitedFault,
	type PadFault,
	type PassFault,
	type RedirectFault,
	type ResetFault,
	type StatusFault,
	type TrickleFault,
} from '../support/faults';
import { operation, run, type TestSandbox } from '../support/fixtures';
import { allText } from '../support/harness';
import {
	badGatewayPage,
	echo,
	HOSTILE_KEY,
	json,
	keyFragmentsIn,
	keySpellingsIn,
	maybe,
	percentAll,
	refusalJson,
} from '../support/hostile';
import {
	BATCH_SIZE,
	claimsRefusal,
	creditAfter,
	isJsonRefusal,
	numberOf,
	sendManyBatches,
	spell,
	SPELLING_KINDS,
	type Spelling,
} from '../support/models';

type SentMessage = ReturnType<TestSandbox['messages']>[number];

const USERNAME = 'hostile-sms@sandbox.local';
const SEND = '/send';
const BULK = '/bulk-send';
const START_CREDIT = 1000;
const SENDERS = ['SHOPA', 'SHOPB', 'SHOPC'];
/** A number no item has: forged answers put it in place of a real one. */
const STRANGER = '+33699999999';

// ---------------------------------------------------------------------------
// Hostile bodies. A body is fixed text, or (Send Many) forged from the request's lines.

/** The line defects that leave an answer line unreadable, never a refusal. */
const LINE_DEFECTS = [
	'successText',
	'successOne',
	'successMissing',
	'nbSmsMissing',
	'nbSmsNegative',
	'nbSmsFraction',
	'costMissing',
	'costText',
] as const;
type LineDefect = (typeof LINE_DEFECTS)[number];

/** The defects that make a bulk answer unreadable as a whole. */
const WHOLE_DEFECTS = [
	'dropLine',
	'extraLine',
	'swapNumbers',
	'strangerNumber',
	'listNotArray',
	'idMissing',
	'idNegative',
	'idEcho',
	'successText',
	'codeNot200',
] as const;
type WholeDefect = (typeof WHOLE_DEFECTS)[number];

interface Forged {
	whole: WholeDefect[];
	/** Applied to every line: each line then unreadable. */
	line?: LineDefect;
	/** How the lines name their number: as sent, nationally, or not at all. */
	numbers: 'e164' | 'national' | 'none';
	messageId: number;
	echoed?: string;
	/** Every line refused, with this code and words (then the sandbox never acts). */
	refused?: { code: unknown; said: string };
}

type Body = { text: string } | { forged: Forged };

const text = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<Body> =>
	arbitrary.map((value) => ({ text: value }));

/** Send's success, with at least one defect the node must not believe. */
const SEND_DEFECTS = [
	'successText',
	'successOne',
	'codeNot200',
	'idMissing',
	'idNegative',
	'idFraction',
	'idEcho',
	'nbSmsMissing',
	'nbSmsText',
	'costMissing',
	'costText',
	'costEcho',
] as const;
type SendDefect = (typeof SEND_DEFECTS)[number];

const sendNearSuccess = fc
	.record({
		defects: fc.uniqueArray(fc.constantFrom(...SEND_DEFECTS), { minLength: 1, maxLength: 3 }),
		messageId: fc.integer({ min: 48_213_377, max: 48_299_999 }),
		nbSms: fc.integer({ min: 1, max: 30 }),
		cost: fc.oneof(fc.constantFrom<unknown>(0.045, 0.09, '0.135'), fc.double({ min: 0, max: 50 })),
		currency: maybe(fc.oneof(fc.constant('EUR'), echo)),
		code: maybe(fc.constantFrom<unknown>(200, '200')),
		echoed: echo,
	})
	.map(({ defects, messageId, nbSms, cost, currency, code, echoed }) => {
		const has = (defect: SendDefect) => defects.includes(defect);
		const answer: Record<string, unknown> = {
			success: has('successText') ? 'true' : has('successOne') ? 1 : true,
		};
		if (code !== undefined || has('codeNot200')) answer.code = has('codeNot200') ? 8 : code;
		if (!has('idMissing'))
			answer.message_id = has('idNegative')
				? -messageId
				: has('idFraction')
					? messageId + 0.5
					: has('idEcho')
						? echoed
						: messageId;
		if (!has('nbSmsMissing')) answer.nb_sms = has('nbSmsText') ? 'deux' : nbSms;
		if (!has('costMissing'))
			answer.cost = has('costText') ? 'n/a' : has('costEcho') ? echoed : cost;
		if (currency !== undefined) answer.currency = currency;
		return answer;
	});

const entry = (value: string) =>
	/^-?\d+(\.\d+)?$/.test(value) ? `<entry>${value}</entry>` : `<entry><![CDATA[${value}]]></entry>`;
const xmlOf = (values: string[], prolog: boolean) =>
	`${prolog ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<result>${values.map(entry).join('')}</result>`;

/** Send's positional XML success with an entry missing or wrong. */
const sendXmlNearSuccess = fc
	.record({
		flag: fc.constantFrom('true', '1', 'yes'),
		code: fc.constantFrom('200', '200', '8'),
		id: fc.constantFrom('48213377', '-5', 'abc', '1.5'),
		nb: fc.constantFrom('1', '2', 'x', ''),
		cost: fc.constantFrom('0.045', 'n/a', ''),
		drop: fc.constantFrom(2, 3, 4, -1),
		echoed: maybe(echo, 2),
		prolog: fc.boolean(),
		cut: fc.nat(14),
	})
	.filter(
		// At least one defect: a wrong flag, code or value, a missing value, or cut short.
		(x) =>
			x.flag === 'yes' ||
			x.code === '8' ||
			x.id !== '48213377' ||
			!['1', '2'].includes(x.nb) ||
			x.cost !== '0.045' ||
			x.drop >= 0 ||
			x.cut > 9,
	)
	.map((x) => {
		const values = [x.flag, x.code, x.id, x.nb, x.cost, x.echoed ?? 'EUR'];
		if (x.drop >= 0) values.splice(x.drop, 1);
		const xml = xmlOf(values, x.prolog);
		return x.cut > 9 ? xml.slice(0, xml.length - x.cut) : xml;
	});

const xmlRefusal = fc
	.tuple(fc.constantFrom('false', '0'), fc.constantFrom('14', '11', '9', '500'), echo, fc.boolean())
	.map(([flag, code, said, prolog]) => xmlOf([flag, code, said], prolog));

/** The key after some text: often across a length SMS Partner's words are cut to (60, 300). */
const paddedEcho = fc
	.tuple(fc.oneof(fc.integer({ min: 20, max: 60 }), fc.integer({ min: 250, max: 300 })), echo)
	.map(([padding, said]) => `${'x'.repeat(padding)}${said}`);

/** SMS Partner refusing, in JSON, its words (or the fields it names) carrying the key. */
const echoedRefusal = fc.oneof(
	fc.record({
		success: fc.constant(false),
		code: fc.oneof(fc.constantFrom<unknown>(14, 11, 9, 77, 500), echo),
		message: paddedEcho,
	}),
	fc
		.record({
			list: fc.constantFrom('errors', 'error'),
			fields: fc.array(
				fc.record({
					elementId: fc.oneof(
						paddedEcho,
						echo.map((said) => `children[${said}].data`),
						fc.constant('children[sender].data'),
					),
					message: maybe(paddedEcho, 2),
				}),
				{ minLength: 1, maxLength: 3 },
			),
		})
		.map(({ list, fields }) => ({ success: false, code: 9, [list]: fields })),
);

/** Bodies near nothing: random JSON, random text, a proxy's page. */
const noise: Array<fc.WeightedArbitrary<Body>> = [
	{ weight: 1, arbitrary: text(fc.jsonValue().map((value) => JSON.stringify(value))) },
	{ weight: 1, arbitrary: text(fc.string()) },
	{ weight: 1, arbitrary: text(badGatewayPage) },
	{ weight: 2, arbitrary: text(json(refusalJson)) },
	{ weight: 4, arbitrary: text(json(echoedRefusal)) },
	{ weight: 1, arbitrary: text(xmlRefusal) },
];

const sendBody: fc.Arbitrary<Body> = fc.oneof(
	{ weight: 6, arbitrary: text(json(sendNearSuccess)) },
	{ weight: 2, arbitrary: text(sendXmlNearSuccess) },
	{
		weight: 1,
		arbitrary: text(
			json(sendNearSuccess).map((body) => body.slice(0, Math.floor(body.length / 2))),
		),
	},
	...noise,
);

const forgedNumbers = fc.constantFrom<Forged['numbers']>('e164', 'e164', 'national', 'none');
const forgedId = fc.integer({ min: 48_213_377, max: 48_299_999 });

type Defect = { whole: WholeDefect } | { line: LineDefect };
const DEFECTS: Defect[] = [
	...WHOLE_DEFECTS.map((whole) => ({ whole })),
	...LINE_DEFECTS.map((line) => ({ line })),
];
/** Lines that do not match the numbers sent: twice as likely, the subtlest check. */
const LIST_DEFECTS: Defect[] = WHOLE_DEFECTS.filter((whole) =>
	['dropLine', 'extraLine', 'swapNumbers', 'strangerNumber'].includes(whole),
).map((whole) => ({ whole }));
/** One defect mostly: defects together may hide one another. */
const defects = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.constantFrom(...DEFECTS, ...LIST_DEFECTS).map((defect) => [defect]),
	},
	{
		weight: 1,
		arbitrary: fc.uniqueArray(fc.constantFrom(...DEFECTS), {
			minLength: 2,
			maxLength: 2,
			selector: (defect) => JSON.stringify(defect),
		}),
	},
);

const forged: fc.Arbitrary<Forged> = fc.oneof(
	{
		// Unreadable whole, or line by line.
		weight: 3,
		arbitrary: fc
			.record({
				defects,
				numbers: forgedNumbers,
				messageId: forgedId,
				echoed: maybe(echo, 2),
			})
			.map(({ defects: chosen, ...rest }) => {
				const line = chosen.flatMap((defect) => ('line' in defect ? [defect.line] : []))[0];
				return {
					...rest,
					whole: chosen.flatMap((defect) => ('whole' in defect ? [defect.whole] : [])),
					...(line === undefined ? {} : { line }),
				};
			}),
	},
	{
		// Every line refused, in words that carry the key.
		weight: 1,
		arbitrary: fc.record({
			whole: fc.constant<WholeDefect[]>([]),
			numbers: forgedNumbers,
			messageId: forgedId,
			refused: fc.record({
				code: fc.oneof(fc.constantFrom<unknown>(14, 9, 13, 77, '14'), echo),
				said: paddedEcho,
			}),
		}),
	},
);

const bulkStatic = fc.record({
	success: fc.constant(true),
	code: fc.constant(200),
	message_id: fc.integer({ min: 1, max: 99 }),
	currency: fc.constant('EUR'),
	SMSResponse_List: fc.constantFrom<unknown>(null, [], 'none', {}, [null]),
	message: maybe(echo, 1),
});

const bulkBody: fc.Arbitrary<Body> = fc.oneof(
	{ weight: 9, arbitrary: forged.map((f) => ({ forged: f })) },
	{ weight: 2, arbitrary: text(json(bulkStatic)) },
	{ weight: 2, arbitrary: text(json(refusalJson)) },
	...noise,
);

type Line = { phoneNumber: string; message: string };

/** A bulk answer forged from the lines sent, with its defects. */
function forgeBulk(f: Forged, lines: Line[]): string {
	const has = (defect: WholeDefect) => f.whole.includes(defect);
	const list: Array<Record<string, unknown>> = lines.map((line) => {
		const answer: Record<string, unknown> = { success: true, code: 200, nbSms: 1, cost: 0.045 };
		if (f.numbers === 'e164') answer.phoneNumber = line.phoneNumber;
		if (f.numbers === 'national') answer.phoneNumber = `0${line.phoneNumber.slice(3)}`;
		switch (f.line) {
			case 'successText':
				answer.success = 'true';
				break;
			case 'successOne':
				answer.success = 1;
				break;
			case 'successMissing':
				delete answer.success;
				break;
			case 'nbSmsMissing':
				delete answer.nbSms;
				break;
			case 'nbSmsNegative':
				answer.nbSms = -1;
				break;
			case 'nbSmsFraction':
				answer.nbSms = 1.5;
				break;
			case 'costMissing':
				delete answer.cost;
				break;
			case 'costText':
				answer.cost = 'gratuit';
				break;
		}
		if (f.echoed !== undefined) answer.message = f.echoed;
		if (f.refused !== undefined) {
			answer.success = false;
			answer.code = f.refused.code;
			answer.message = f.refused.said;
			delete answer.nbSms;
			delete answer.cost;
		}
		return answer;
	});
	if (has('swapNumbers')) {
		if (list.length >= 2) {
			list[0].phoneNumber = lines[1].phoneNumber;
			list[1].phoneNumber = lines[0].phoneNumber;
		} else list[0].phoneNumber = STRANGER;
	}
	if (has('strangerNumber')) list[list.length - 1].phoneNumber = STRANGER;
	if (has('dropLine')) list.pop();
	if (has('extraLine'))
		list.push({ success: true, code: 200, nbSms: 1, cost: 0.045, phoneNumber: STRANGER });
	const answer: Record<string, unknown> = {
		success: has('successText') ? 'true' : true,
		code: has('codeNot200') ? 201 : 200,
		message_id: has('idNegative')
			? -f.messageId
			: has('idEcho')
				? (f.echoed ?? HOSTILE_KEY)
				: f.messageId,
		currency: 'EUR',
		cost: 0.045 * lines.length,
		nbSMS: lines.length,
		SMSResponse_List: has('listNotArray') ? Object.fromEntries(list.entries()) : list,
	};
	if (has('idMissing')) delete answer.message_id;
	if (f.echoed !== undefined) answer.message = f.echoed;
	return JSON.stringify(answer);
}

// ---------------------------------------------------------------------------
// Faults: what the generator draws, and what it makes the sandbox do.

type Spec =
	| PassFault
	| StatusFault
	| RedirectFault<Body>
	| AnswerFault<Body>
	| ResetFault
	| TrickleFault<Body>
	| PadFault<Body, 'under' | 'over'>
	| DelayFault<Body>
	| LimitedFault<Body>;

function specArb(
	body: fc.Arbitrary<Body>,
	weights: { answer: number; limited: number },
): fc.Arbitrary<Spec> {
	return fc.oneof(
		{ weight: 3, arbitrary: passFault },
		{ weight: 1, arbitrary: statusFault },
		{ weight: 2, arbitrary: redirectFault(maybe(body, 2)) },
		{
			weight: weights.answer,
			arbitrary: answerFault(
				body,
				[200, 200, 200, 201, 202, 204, 400, 401, 403, 404, 409, 500, 502, 503],
			),
		},
		{ weight: 1, arbitrary: resetFault },
		{ weight: 1, arbitrary: trickleFault(maybe(body, 1)) },
		{ weight: 2, arbitrary: padFault(['under', 'over'], maybe(body, 1)) },
		{ weight: 1, arbitrary: delayFault(maybe(body, 1)) },
		{ weight: weights.limited, arbitrary: limitedFault(maybe(body, 1)) },
	);
}

interface Planned {
	spec: Spec;
	/** Whether the sandbox carries the real call out (bills) before misbehaving. */
	act: boolean;
	/** What the sandbox is told to do, given the request. */
	fault(call: Call): Record<string, unknown>;
	/** The body is SMS Partner's own answer, read whole if it arrives in time. */
	genuine: boolean;
	/** It certainly arrives whole and in time (the timeout is relaxed, nothing slows it). */
	certain: boolean;
	/** The answer says "refused" (a refusal body, or HTTP 4xx): the node may say rejected. */
	refusal: boolean;
	/** A JSON refusal, certainly read whole: the node must say rejected. */
	mustReject: boolean;
	/** The exchange is certainly cut (redirect, reset, too late, too large): outcome unknown. */
	cut: boolean;
	/** A 429 the node waits for and retries (within its three attempts). */
	retry: boolean;
	limited: boolean;
}

const isTextBody = (body: Body | undefined): body is { text: string } =>
	body !== undefined && 'text' in body;

function bodyText(body: Body | undefined, call: Call): string | undefined {
	if (body === undefined) return undefined;
	if ('text' in body) return body.text;
	return forgeBulk(body.forged, (call.body?.SMSList ?? []) as Line[]);
}

function plan(spec: Spec, context: FaultContext): Planned {
	const { format, timeout } = context;
	const relaxed = timeout === RELAXED_TIMEOUT;
	const refusingBody = (body: Body | undefined) =>
		body !== undefined &&
		('text' in body ? claimsRefusal(body.text) : body.forged.refused !== undefined);
	/** A body that says "refused" never comes with the call carried out. */
	const actsIf = (act: boolean, body: Body | undefined, status = 200) =>
		act && !refusingBody(body) && !(status >= 400 && status < 500);
	const withBody = (body: Body | undefined, call: Call) => answeringWith(bodyText(body, call));
	const base = {
		spec,
		genuine: false,
		certain: false,
		refusal: false,
		mustReject: false,
		cut: false,
		retry: false,
		limited: false,
	};

	switch (spec.kind) {
		case 'pass':
			return { ...base, act: true, fault: () => ({ act: true }), genuine: true, certain: relaxed };
		case 'status':
			return {
				...base,
				act: true,
				fault: () => ({ act: true, status: spec.status }),
				genuine: true,
				certain: relaxed,
			};
		case 'redirect': {
			const location = redirectLocation(spec.target, spec.keyIn, context);
			return {
				...base,
				act: spec.act,
				fault: (call) => ({
					status: spec.status,
					headers: { Location: location },
					act: spec.act,
					...withBody(spec.body, call),
				}),
				cut: true,
			};
		}
		case 'answer': {
			const act = actsIf(spec.act, spec.body, spec.status);
			return {
				...base,
				act,
				fault: (call) => ({
					status: spec.status,
					body: bodyText(spec.body, call),
					contentType: spec.contentType,
					act,
				}),
				refusal: refusingBody(spec.body) || (spec.status >= 400 && spec.status < 500),
				// (A 204's body never arrives.)
				mustReject:
					relaxed && spec.status !== 204 && isTextBody(spec.body) && isJsonRefusal(spec.body.text),
				certain: relaxed,
			};
		}
		case 'reset':
			return { ...base, act: spec.act, fault: () => ({ reset: true, act: spec.act }), cut: true };
		case 'trickle': {
			const act = actsIf(spec.act, spec.body);
			const contentType = spec.body !== undefined ? 'application/json' : ownContentType(format);
			// At the least the head, and the body when it is fixed text.
			const bodyBytes = isTextBody(spec.body) ? Buffer.byteLength(spec.body.text) : 0;
			const late = trickleIsLate(spec.trickleMs, contentType, bodyBytes, timeout);
			return {
				...base,
				act,
				fault: (call) => ({ trickleMs: spec.trickleMs, act, ...withBody(spec.body, call) }),
				genuine: !late && act && spec.body === undefined,
				refusal: !late && refusingBody(spec.body),
				cut: late,
			};
		}
		case 'pad': {
			const act = actsIf(spec.act, spec.body);
			// Whole chunks of 64 KiB; every body here (SMS Partner's own, 500 lines, included) is under 64 KiB.
			const padBytes = padBytesFor(spec.size);
			const tooLarge = spec.size === 'over' && (spec.body !== undefined || act);
			return {
				...base,
				act,
				fault: (call) => ({ padBytes, act, ...withBody(spec.body, call) }),
				genuine: !tooLarge && act && spec.body === undefined,
				certain: !tooLarge && relaxed,
				refusal: !tooLarge && refusingBody(spec.body),
				cut: tooLarge,
			};
		}
		case 'delay': {
			const act = actsIf(spec.act, spec.body);
			const delayMs = delayMsOf(spec, timeout);
			const late = delayMs >= timeout;
			return {
				...base,
				act,
				fault: (call) => ({ delayMs, act, ...withBody(spec.body, call) }),
				genuine: !late && act && spec.body === undefined,
				refusal: !late && refusingBody(spec.body),
				cut: late,
			};
		}
		case 'limited': {
			const waitMs = retryWaitMs(spec.retryAfter);
			return {
				...base,
				act: false,
				fault: (call) => ({
					status: 429,
					headers: { 'Retry-After': spec.retryAfter },
					act: false,
					...withBody(spec.body, call),
				}),
				retry: waitMs <= 30_000,
				limited: true,
			};
		}
	}
}

// ---------------------------------------------------------------------------
// The sandboxes, and the hook that gives each request its planned fault.

const { sandbox, second } = hostileSandboxes(USERNAME);

interface Logged {
	call: Call;
	/** Which item (Send) or batch (Send Many) made it. */
	group: number;
	/** Its place among that group's requests. */
	attempt: number;
	planned?: Planned;
}
let log: Logged[] = [];
/** Decides, as each request arrives, which group it is and which fault it gets. */
let planFor: (call: Call) => { group: number; key: string; planned?: Planned } | undefined;

function installFaultPlan() {
	onEachRequest(sandbox(), (call) => {
		const decided = planFor?.(call);
		if (!decided) return;
		const { group, key, planned } = decided;
		const attempt = log.filter((logged) => logged.group === group).length;
		// Set before the sandbox looks for it: it takes the fault right after logging the call.
		if (planned) sandbox().fault(key, { ...planned.fault(call), times: 1 });
		else sandbox().faults.delete(key);
		log.push({ call, group, attempt, planned });
	});
}

function resetAccount() {
	const account = sandbox().account(HOSTILE_KEY);
	account.credit = START_CREDIT;
	account.messages = [];
	account.stopList = [];
	sandbox().faults.clear();
	sandbox().calls.length = 0;
	log = [];
}

beforeAll(installFaultPlan);

// ---------------------------------------------------------------------------
// Shared checks.

interface ItemError {
	outcome: string;
	code: number | null;
	httpStatus: number | null;
	message: string;
}

const errorOf = (item: INodeExecutionData) => item.json.error as unknown as ItemError;
const pairedIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

/** The credit is what the recorded, billed messages cost; nothing reached the second host; no key anywhere. */
function checkAccountAndSecrets(result: Awaited<ReturnType<typeof run>>): boolean {
	const credit = creditAfter(START_CREDIT, sandbox().messages(HOSTILE_KEY));
	expect(sandbox().account(HOSTILE_KEY).credit).toBeCloseTo(credit, 6);
	expect(second().calls).toEqual([]);
	const outputs = allText(result.outputs);
	expect(keySpellingsIn(outputs)).toEqual([]);
	const record = allText(result.run);
	expect(keySpellingsIn(record)).toEqual([]);
	// Nor a piece of it: a text cut short before it was masked.
	expect(keyFragmentsIn(record)).toEqual([]);
	return outputs.includes('***');
}

/**
 * What a run left: the requests of the fault plan, the messages recorded, both
 * outputs; checked first, that it did not fail whole and called only `path`.
 */
function readRun(result: Awaited<ReturnType<typeof run>>, path: string) {
	const requests = [...log];
	expect(result.status).not.toBe('error');
	expect(sandbox().calls.map((call) => call.path)).toEqual(requests.map(() => path));
	const [successOut = [], errorOut = []] = result.outputs;
	return { requests, messages: sandbox().messages(HOSTILE_KEY), successOut, errorOut };
}

/**
 * The requests of one item or batch: all but the last were answered 429 with a
 * wait the node takes, at most three in all (or the connection was never made).
 */
function checkRetries(requests: Logged[], outcome: string | undefined): void {
	if (outcome === 'notSent') return;
	expect(requests.length).toBeLessThanOrEqual(3);
	for (const request of requests.slice(0, -1)) {
		expect({ retriedAfter: request.planned?.spec }).toEqual({
			retriedAfter: expect.objectContaining({ kind: 'limited' }),
		});
		expect(request.planned?.retry).toBe(true);
	}
	const last = requests[requests.length - 1];
	if (last?.planned?.limited && last.planned.retry) {
		// A 429 it could wait for ends the item only on its third attempt.
		expect(requests).toHaveLength(3);
	}
}

interface Stats {
	runs: number;
	successes: number;
	rejected: number;
	unknown: number;
	/** Billed, answered badly: the case that matters most. */
	billedUnknown: number;
	retried: number;
	masked: number;
	/** A run with a group of items over 500, split in batches. */
	split: number;
	/** A run with several batches. */
	batches: number;
	/** A run where one batch went through and another failed. */
	mixed: number;
}
const newStats = (): Stats => ({
	runs: 0,
	successes: 0,
	rejected: 0,
	unknown: 0,
	billedUnknown: 0,
	retried: 0,
	masked: 0,
	split: 0,
	batches: 0,
	mixed: 0,
});

// ---------------------------------------------------------------------------
// 1. SMS › Send: one message to one to three numbers per item.

interface SendItem {
	/** 1 to 3 recipients. */
	numbers: Array<{ spelling: Spelling; stopped: boolean }>;
	long: boolean;
	/** The faults of this item's first, second and third request. */
	faults: Spec[];
}

interface SendScenario {
	items: SendItem[];
	format: Format;
	timeout: number;
	concurrency: number;
	sandboxMode: boolean;
}

const sendScenario: fc.Arbitrary<SendScenario> = fc
	.record({
		items: fc.array(
			fc.record({
				numbers: fc.array(
					fc.record({
						spelling: fc.constantFrom(...SPELLING_KINDS),
						stopped: fc.nat(11).map((n) => n === 0),
					}),
					{ minLength: 1, maxLength: 3 },
				),
				long: fc.nat(3).map((n) => n === 0),
				faults: fc.array(specArb(sendBody, { answer: 6, limited: 2 }), { maxLength: 3 }),
			}),
			{ minLength: 1, maxLength: 3 },
		),
		format: fc.constantFrom<Format>('json', 'xml'),
		timeout: fc.integer({ min: 150, max: 400 }),
		concurrency: fc.integer({ min: 1, max: 3 }),
		sandboxMode: fc.nat(4).map((n) => n === 0),
	})
	.map((scenario) => ({
		...scenario,
		timeout: timeoutFor(
			scenario.items.flatMap((item) => item.faults),
			scenario.timeout,
		),
	}));

/** Sent after a 429; billed but cut; a refusal echoing the key; a STOP-listed number. */
const SEND_EXAMPLE: SendScenario = {
	items: [
		{
			numbers: [{ spelling: 'spaced', stopped: false }],
			long: false,
			faults: [{ kind: 'limited', retryAfter: '0' }],
		},
		{
			numbers: [
				{ spelling: 'e164', stopped: false },
				{ spelling: 'national', stopped: false },
			],
			long: true,
			faults: [{ kind: 'reset', act: true }],
		},
		{
			numbers: [{ spelling: 'dotted', stopped: true }],
			long: false,
			faults: [
				{
					kind: 'answer',
					status: 200,
					body: {
						text: JSON.stringify({ success: false, code: 77, message: `No: ${HOSTILE_KEY}` }),
					},
					contentType: 'application/json',
					act: false,
				},
				{ kind: 'pass' },
			],
		},
	],
	format: 'json',
	timeout: RELAXED_TIMEOUT,
	concurrency: 2,
	sandboxMode: false,
};

/** Found by a random run: a positional XML "success" whose message id is 1.5, from a server that sent nothing. */
const FRACTION_ID_EXAMPLE: SendScenario = {
	items: [
		{
			numbers: [{ spelling: 'e164', stopped: true }],
			long: true,
			faults: [
				{
					kind: 'answer',
					status: 200,
					body: {
						text: '<result><entry><![CDATA[true]]></entry><entry>200</entry><entry>1.5</entry><entry>1</entry><entry>0.045</entry><entry><![CDATA[EUR]]></entry></result>',
					},
					contentType: 'application/json',
					act: false,
				},
			],
		},
	],
	format: 'json',
	timeout: RELAXED_TIMEOUT,
	concurrency: 1,
	sandboxMode: true,
};

const sendStats = newStats();

async function runSend(scenario: SendScenario): Promise<void> {
	resetAccount();
	const { format, timeout } = scenario;
	const context = {
		path: SEND,
		format,
		timeout,
		mainBaseUrl: sandbox().baseUrl,
		secondBaseUrl: second().baseUrl,
	};
	let next = 0;
	const items = scenario.items.map((item, index) => {
		const numbers = item.numbers.map(({ spelling, stopped }) => {
			const normalised = numberOf(next++);
			if (stopped) sandbox().addStop(normalised, HOSTILE_KEY);
			return { normalised, given: spell(normalised, spelling), stopped };
		});
		const message = `Item ${index} ${item.long ? 'x'.repeat(160) : 'bonjour'}`;
		return {
			index,
			numbers,
			message,
			stopped: numbers.some((n) => n.stopped),
			plans: item.faults.map((spec) => plan(spec, context)),
		};
	});
	const byFirstNumber = new Map(items.map((item) => [item.numbers[0].normalised, item]));
	planFor = (call) => {
		if (call.path !== SEND) return undefined;
		const first = String(call.body?.phoneNumbers ?? '').split(',')[0];
		const item = byFirstNumber.get(first);
		if (!item) return undefined;
		const attempt = log.filter((logged) => logged.group === item.index).length;
		return { group: item.index, key: first, planned: item.plans[attempt] };
	};

	const result = await run(sandbox(), {
		apiKey: HOSTILE_KEY,
		items: items.map((item) => ({
			idx: item.index,
			to: item.numbers.map((n) => n.given).join(', '),
			text: item.message,
		})),
		parameters: operation('sms', 'send', {
			phoneNumbers: '={{ $json.to }}',
			message: '={{ $json.text }}',
			options: {
				responseFormat: format,
				timeout,
				maxConcurrency: scenario.concurrency,
				sandbox: scenario.sandboxMode,
			},
		}) as INodeParameters,
		onError: 'continueErrorOutput',
	});
	sendStats.runs++;
	// Only /send, and each request from an item of this run.
	const { requests, messages, successOut, errorOut } = readRun(result, SEND);

	// Every input item exactly once, in input order within each output, paired to itself.
	expect([...successOut, ...errorOut].map(pairedIndex).sort((a, b) => a - b)).toEqual(
		items.map((item) => item.index),
	);
	for (const out of [successOut, errorOut]) {
		const order = out.map(pairedIndex);
		expect(order).toEqual([...order].sort((a, b) => a - b));
	}
	for (const item of errorOut) expect(item.json.idx).toBe(pairedIndex(item));

	// Every message recorded was sent for one item, once, to all of its numbers and with its text.
	for (const message of messages) {
		const item = byFirstNumber.get(message.recipients[0]?.phoneNumber);
		expect(item).toBeDefined();
		expect(message.recipients.map((r) => r.phoneNumber)).toEqual(
			item!.numbers.map((n) => n.normalised),
		);
		expect(message.text).toBe(item!.message);
	}

	for (const item of items) {
		const mine = requests.filter((r) => r.group === item.index);
		const records = messages.filter(
			(message) => message.recipients[0]?.phoneNumber === item.numbers[0].normalised,
		);
		const recorded = records.length > 0;
		const success = successOut.find((out) => pairedIndex(out) === item.index);
		const failure = errorOut.find((out) => pairedIndex(out) === item.index);
		const error = failure ? errorOf(failure) : undefined;
		const last = mine[mine.length - 1]?.planned ?? plan({ kind: 'pass' }, context);
		const where = () =>
			`item ${item.index}: ${mine.map((r) => r.planned?.spec.kind ?? 'pass').join(' → ')}; ${error ? `${error.outcome}: ${error.message}` : 'success'}; recorded: ${recorded}`;

		// 1. Sent at most once: again only after a 429 it waited for.
		expect(records.length).toBeLessThanOrEqual(1);
		expect(mine.length).toBeGreaterThanOrEqual(1);
		checkRetries(mine, error?.outcome);
		if (mine.length > 1) sendStats.retried++;

		if (last.mustReject) expect(error?.outcome).toBe('rejected');
		if (success) {
			// 2. A success only from SMS Partner's own answer, for the message it recorded.
			sendStats.successes++;
			expect({ where: where(), genuine: last.genuine, recorded }).toEqual({
				where: where(),
				genuine: true,
				recorded: true,
			});
			const [record] = records;
			expect(success.json).toMatchObject({
				messageId: String(record.id),
				recipients: item.numbers.map((n) => n.normalised),
				parts: record.nbSms,
				[scenario.sandboxMode ? 'estimatedCost' : 'cost']: record.cost,
				sandbox: scenario.sandboxMode,
			});
			expect(success.json).not.toHaveProperty(scenario.sandboxMode ? 'cost' : 'estimatedCost');
			expect(messages.map((m) => String(m.id))).toContain(success.json.messageId);
			expect(item.stopped).toBe(false);
		} else {
			expect(error).toBeDefined();
			const outcome = error!.outcome;
			expect(['notSent', 'rejected', 'unknown']).toContain(outcome);
			// 3. Billed but not a success: unknown, never rejected or notSent.
			if (recorded) {
				expect({ where: where(), outcome }).toEqual({ where: where(), outcome: 'unknown' });
				sendStats.billedUnknown++;
			}
			if (outcome === 'rejected') {
				sendStats.rejected++;
				// Only an answer that says so: a refusal, a 4xx, a 429, or the STOP list's code 14.
				expect(last.refusal || last.limited || (last.genuine && item.stopped)).toBe(true);
				if (last.limited) expect(error!.httpStatus).toBe(429);
			}
			if (outcome === 'unknown') {
				sendStats.unknown++;
				expect({ where: where(), certainlyGenuine: last.genuine && last.certain }).toEqual({
					where: where(),
					certainlyGenuine: false,
				});
			}
			if (last.cut) expect(outcome).toBe('unknown');
			// A refusal read whole is a refusal.
			if (last.mustReject) expect(outcome).toBe('rejected');
			if (last.genuine && last.certain) {
				// SMS Partner's own answer, in time: a success, or its refusal of a STOP-listed number.
				expect({ where: where(), stopped: item.stopped }).toEqual({
					where: where(),
					stopped: true,
				});
				expect(error).toMatchObject({ outcome: 'rejected', code: 14 });
			}
		}
	}

	if (checkAccountAndSecrets(result)) sendStats.masked++;
}

describe('SMS › Send, under random sequences of faults on /send', () => {
	test('sent at most once, a success only when billed and truly answered, billed-but-unanswered is unknown, the key never shown', async () => {
		await fc.assert(fc.asyncProperty(sendScenario, runSend), {
			numRuns: 80,
			// Each case the checks below count, whatever the seed.
			examples: [[SEND_EXAMPLE], [FRACTION_ID_EXAMPLE]],
		});
		// Not vacuous.
		expect(sendStats.successes).toBeGreaterThan(0);
		expect(sendStats.rejected).toBeGreaterThan(0);
		expect(sendStats.unknown).toBeGreaterThan(0);
		expect(sendStats.billedUnknown).toBeGreaterThan(0);
		expect(sendStats.retried).toBeGreaterThan(0);
		expect(sendStats.masked).toBeGreaterThan(0);
	}, 600_000);
});

// ---------------------------------------------------------------------------
// 2. SMS › Send Many: one message per item, in batches of up to 500.

interface ManyScenario {
	/** 1 to 200 items, or 500 more (two batches). */
	count: number;
	/** Items on the STOP list, by index (modulo the count). */
	stops: number[];
	/** How the items are written, in turn: number spelling, a one- or two-part text, Sender. */
	styles: Array<{ spelling: Spelling; long: boolean; sender: number }>;
	/** The faults of the first, second(), … request to /bulk-send, whichever batch makes it. */
	faults: Spec[];
	timeout: number;
	sandboxMode: boolean;
}

const manyScenario: fc.Arbitrary<ManyScenario> = fc
	.record({
		// Shrinks towards one batch of one item (constantFrom shrinks to its first value).
		secondBatch: fc.constantFrom(false, false, false, false, true),
		extra: fc.oneof(
			{ weight: 5, arbitrary: fc.integer({ min: 1, max: 8 }) },
			{ weight: 1, arbitrary: fc.integer({ min: 9, max: 200 }) },
		),
		stops: fc.array(fc.nat(699), { maxLength: 6 }),
		styles: fc.array(
			fc.record({
				spelling: fc.constantFrom(...SPELLING_KINDS),
				long: fc.nat(4).map((n) => n === 0),
				// Items whose options differ go in separate batches: more requests per run.
				sender: fc.nat(2),
			}),
			{ minLength: 1, maxLength: 4 },
		),
		faults: fc.array(specArb(bulkBody, { answer: 10, limited: 4 }), { maxLength: 6 }),
		timeout: fc.integer({ min: 200, max: 500 }),
		sandboxMode: fc.nat(4).map((n) => n === 0),
	})
	.map(({ secondBatch, extra, ...scenario }) => ({
		...scenario,
		count: (secondBatch ? BATCH_SIZE : 0) + extra,
		timeout: timeoutFor(scenario.faults, scenario.timeout),
	}));

const MANY_EXAMPLES: ManyScenario[] = [
	// Two batches: the first billed but cut, the second sent.
	{
		count: 501,
		stops: [3],
		styles: [{ spelling: 'spaced', long: false, sender: 0 }],
		faults: [{ kind: 'reset', act: true }],
		timeout: RELAXED_TIMEOUT,
		sandboxMode: false,
	},
	// Two Senders, two batches: a 429 then SMS Partner's own answer; one line refused by the STOP list.
	{
		count: 3,
		stops: [1],
		styles: [
			{ spelling: 'e164', long: false, sender: 0 },
			{ spelling: 'intl00', long: true, sender: 1 },
		],
		faults: [{ kind: 'limited', retryAfter: '0' }],
		timeout: RELAXED_TIMEOUT,
		sandboxMode: false,
	},
	// Every line refused, the key in their words.
	{
		count: 2,
		stops: [],
		styles: [{ spelling: 'national', long: false, sender: 2 }],
		faults: [
			{
				kind: 'answer',
				status: 200,
				body: {
					forged: {
						whole: [],
						numbers: 'e164',
						messageId: 48_213_377,
						refused: { code: 77, said: `Refused: ${HOSTILE_KEY.toUpperCase()}` },
					},
				},
				contentType: 'application/json',
				act: false,
			},
		],
		timeout: RELAXED_TIMEOUT,
		sandboxMode: false,
	},
];

const manyStats = newStats();

async function runSendMany(scenario: ManyScenario): Promise<void> {
	resetAccount();
	const { timeout } = scenario;
	const context = {
		path: BULK,
		format: 'json' as const,
		timeout,
		mainBaseUrl: sandbox().baseUrl,
		secondBaseUrl: second().baseUrl,
	};
	const stopped = new Set(scenario.stops.map((stop) => stop % scenario.count));
	const items = Array.from({ length: scenario.count }, (_, index) => {
		const style = scenario.styles[index % scenario.styles.length];
		const normalised = numberOf(index);
		if (stopped.has(index)) sandbox().addStop(normalised, HOSTILE_KEY);
		return {
			index,
			normalised,
			given: spell(normalised, style.spelling),
			message: `Item ${index} ${style.long ? 'x'.repeat(160) : 'bonjour'}`,
			sender: SENDERS[style.sender],
			stopped: stopped.has(index),
			batch: -1,
		};
	});
	// The node's batches: its options differ only by Sender here.
	const batches = sendManyBatches(items, (item) => item.sender);
	batches.forEach((batch, b) => batch.forEach((item) => (item.batch = b)));
	const byNumber = new Map(items.map((item) => [item.normalised, item]));
	// More batches than Senders: a Sender's items were over 500.
	if (batches.length > new Set(items.map((item) => item.sender)).size) manyStats.split++;
	if (batches.length > 1) manyStats.batches++;
	const plans = scenario.faults.map((spec) => plan(spec, context));
	planFor = (call) => {
		if (call.path !== BULK) return undefined;
		const first = byNumber.get((call.body?.SMSList as Line[] | undefined)?.[0]?.phoneNumber ?? '');
		return { group: first?.batch ?? -1, key: BULK, planned: plans[log.length] };
	};

	const result = await run(sandbox(), {
		apiKey: HOSTILE_KEY,
		items: items.map((item) => ({
			idx: item.index,
			phone: item.given,
			text: item.message,
			sender: item.sender,
		})),
		parameters: operation('sms', 'sendMany', {
			phoneNumber: '={{ $json.phone }}',
			message: '={{ $json.text }}',
			options: { timeout, sandbox: scenario.sandboxMode, sender: '={{ $json.sender }}' },
		}) as INodeParameters,
		onError: 'continueErrorOutput',
	});
	manyStats.runs++;
	const { requests, messages, successOut, errorOut } = readRun(result, BULK);

	// Every input item exactly once, in input order within each output, paired to itself.
	expect(successOut.length + errorOut.length).toBe(items.length);
	const outcomes = new Map<number, INodeExecutionData>();
	for (const out of [successOut, errorOut]) {
		const order = out.map(pairedIndex);
		for (let n = 1; n < order.length; n++) expect(order[n]).toBeGreaterThan(order[n - 1]);
		for (const item of out) outcomes.set(pairedIndex(item), item);
	}
	expect(outcomes.size).toBe(items.length);
	for (const item of errorOut) expect(item.json.idx).toBe(pairedIndex(item));

	// Each recipient the sandbox recorded is an item's, with its text, and billed once at most.
	const recordsOf = new Map<number, Array<{ message: SentMessage; cost: number; parts: number }>>();
	for (const message of messages) {
		const batchesOfMessage = new Set<number>();
		for (const recipient of message.recipients) {
			const item = byNumber.get(recipient.phoneNumber);
			expect(item).toBeDefined();
			expect(recipient.text).toBe(item!.message);
			expect(item!.stopped).toBe(false);
			batchesOfMessage.add(item!.batch);
			recordsOf.set(item!.index, [
				...(recordsOf.get(item!.index) ?? []),
				{ message, cost: recipient.cost, parts: recipient.parts },
			]);
		}
		expect(batchesOfMessage.size).toBeLessThanOrEqual(1);
	}

	const batchOutcome: string[] = [];
	for (const [b, batch] of batches.entries()) {
		const mine = requests.filter((r) => r.group === b);
		// Each batch goes out, as its own items in input order, once (or again after a 429 only).
		expect(mine.length).toBeGreaterThanOrEqual(1);
		for (const request of mine) {
			expect(request.call.body.SMSList).toEqual(
				batch.map((item) => ({ phoneNumber: item.normalised, message: item.message })),
			);
			expect(request.call.body.sender).toBe(batch[0].sender);
		}
		const firstError = errorOut.find((out) => pairedIndex(out) === batch[0].index);
		checkRetries(mine, firstError ? errorOf(firstError).outcome : undefined);
		if (mine.length > 1) manyStats.retried++;
		const last = mine[mine.length - 1]?.planned ?? plan({ kind: 'pass' }, context);
		const where = (item: (typeof items)[number], said?: ItemError) =>
			`batch ${b}, item ${item.index}${item.stopped ? ' (STOP)' : ''}: ${mine.map((r) => r.planned?.spec.kind ?? 'pass').join(' → ')}; ${said ? `${said.outcome}: ${said.message}` : 'success'}`;

		const seen = new Set<string>();
		for (const item of batch) {
			const out = outcomes.get(item.index)!;
			const records = recordsOf.get(item.index) ?? [];
			const recorded = records.length > 0;
			expect(records.length).toBeLessThanOrEqual(1);
			const error = 'error' in out.json ? errorOf(out) : undefined;
			if (!error) {
				manyStats.successes++;
				seen.add('success');
				// A success only from SMS Partner's own answer, for the recipient it recorded.
				expect({ where: where(item), genuine: last.genuine, recorded }).toEqual({
					where: where(item),
					genuine: true,
					recorded: true,
				});
				const [record] = records;
				expect(out.json).toMatchObject({
					messageId: String(record.message.id),
					phoneNumber: item.normalised,
					parts: record.parts,
					[scenario.sandboxMode ? 'estimatedCost' : 'cost']: record.cost,
					sandbox: scenario.sandboxMode,
				});
				expect(out.json).not.toHaveProperty(scenario.sandboxMode ? 'cost' : 'estimatedCost');
				expect(item.stopped).toBe(false);
				continue;
			}
			const { outcome } = error;
			seen.add(outcome);
			expect(['notSent', 'rejected', 'unknown']).toContain(outcome);
			if (recorded) {
				expect({ where: where(item, error), outcome }).toEqual({
					where: where(item, error),
					outcome: 'unknown',
				});
				manyStats.billedUnknown++;
			}
			if (outcome === 'rejected') {
				manyStats.rejected++;
				expect({
					where: where(item, error),
					said: last.refusal || last.limited || (last.genuine && item.stopped),
				}).toEqual({ where: where(item, error), said: true });
			}
			if (outcome === 'unknown') {
				manyStats.unknown++;
				expect({
					where: where(item, error),
					certainlyGenuine: last.genuine && last.certain,
				}).toEqual({ where: where(item, error), certainlyGenuine: false });
			}
			if (last.cut || !(last.genuine || last.refusal || last.limited)) {
				// The batch's answer was faulty: every one of its items is unknown.
				expect({ where: where(item, error), outcome }).toEqual({
					where: where(item, error),
					outcome: 'unknown',
				});
			}
			if (last.mustReject) expect(outcome).toBe('rejected');
			if (last.genuine && last.certain) {
				// SMS Partner's own answer, in time: the line went out, or the STOP list refused it alone.
				expect({ where: where(item, error), stopped: item.stopped }).toEqual({
					where: where(item, error),
					stopped: true,
				});
				expect(error).toMatchObject({ outcome: 'rejected', code: 14 });
			}
		}
		if (!last.genuine) {
			// An answer that is not SMS Partner's own fails the whole batch alike.
			expect(seen.size).toBe(1);
			expect(seen.has('success')).toBe(false);
		}
		batchOutcome.push(seen.has('success') ? 'sent' : 'failed');
	}
	if (batchOutcome.includes('sent') && batchOutcome.includes('failed')) manyStats.mixed++;

	if (checkAccountAndSecrets(result)) manyStats.masked++;
}

describe('SMS › Send Many, under random sequences of faults on /bulk-send', () => {
	test('each item once and paired, a batch sent once, success only when billed and truly answered, a faulty batch unknown whole, the key never shown', async () => {
		await fc.assert(fc.asyncProperty(manyScenario, runSendMany), {
			numRuns: 80,
			examples: MANY_EXAMPLES.map((example) => [example]),
		});
		expect(manyStats.successes).toBeGreaterThan(0);
		expect(manyStats.rejected).toBeGreaterThan(0);
		expect(manyStats.unknown).toBeGreaterThan(0);
		expect(manyStats.billedUnknown).toBeGreaterThan(0);
		expect(manyStats.retried).toBeGreaterThan(0);
		expect(manyStats.split).toBeGreaterThan(0);
		expect(manyStats.batches).toBeGreaterThan(0);
		expect(manyStats.mixed).toBeGreaterThan(0);
		expect(manyStats.masked).toBeGreaterThan(0);
	}, 600_000);
});

// ---------------------------------------------------------------------------
// 3. What the properties might miss: the key, shouted and URL-encoded, in SMS
//    Partner's own words — a refusal's message, a refused line's message — with
//    the error output and without it (the run then stops, its error in the record).

const SHOUTED = [
	HOSTILE_KEY.toUpperCase(),
	encodeURIComponent(HOSTILE_KEY),
	encodeURIComponent(HOSTILE_KEY).toLowerCase(),
	percentAll(HOSTILE_KEY).toUpperCase(),
];
const SAID = `Clé API refusée : ${SHOUTED.join(' / ')}`;

type RunInput = Parameters<typeof run>[1];

const sendOne = (onError?: 'continueErrorOutput'): RunInput => ({
	apiKey: HOSTILE_KEY,
	items: [
		{ to: '06 12 34 56 78', text: 'Bonjour', n: 0 },
		{ to: '06 98 76 54 32', text: 'Bonjour', n: 1 },
	],
	parameters: operation('sms', 'send', {
		phoneNumbers: '={{ $json.to }}',
		message: '={{ $json.text }}',
	}) as INodeParameters,
	...(onError ? { onError } : {}),
});

const sendTwo = (onError?: 'continueErrorOutput'): RunInput => ({
	apiKey: HOSTILE_KEY,
	items: [
		{ phone: '06 12 34 56 78', text: 'Bonjour', n: 0 },
		{ phone: '+33 6 98 76 54 32', text: 'Bonjour', n: 1 },
	],
	parameters: operation('sms', 'sendMany', {
		phoneNumber: '={{ $json.phone }}',
		message: '={{ $json.text }}',
	}) as INodeParameters,
	...(onError ? { onError } : {}),
});

/** Nothing billed, the key masked wherever SMS Partner's words went, not a piece of it left. */
function expectMasked(result: Awaited<ReturnType<typeof run>>, echoed = true) {
	expect(sandbox().messages(HOSTILE_KEY)).toEqual([]);
	const record = allText(result.run);
	expect(keySpellingsIn(record)).toEqual([]);
	expect(keyFragmentsIn(record)).toEqual([]);
	if (echoed) expect(record).toContain('***');
}

/** Both items refused, the key masked in their errors (error output); or the run stopped. */
function expectBothRefused(
	result: Awaited<ReturnType<typeof run>>,
	onError: 'continueErrorOutput' | undefined,
) {
	expect(result.success).toEqual([]);
	if (onError) {
		expect(result.errors.map((item) => (item.error as ItemError).outcome)).toEqual([
			'rejected',
			'rejected',
		]);
		expect(allText(result.errors)).toContain('***');
	} else {
		expect(result.status).toBe('error');
	}
}

/** SMS Partner's /bulk-send answer around these lines. */
const bulkAnswer = (lines: object[], totals: object = {}) => ({
	success: true,
	code: 200,
	message_id: 48_213_377,
	currency: 'EUR',
	...totals,
	SMSResponse_List: lines,
});

/** sendTwo's numbers, each refused with this code (or none) and these words. */
const refusedLines = (code: unknown, said: string) =>
	['+33612345678', '+33698765432'].map((phoneNumber) => ({
		success: false,
		...(code === undefined ? {} : { code }),
		phoneNumber,
		message: said,
	}));

const CODES: Array<{ name: string; code?: unknown }> = [
	{ name: 'a code the node knows (14)', code: 14 },
	{ name: 'a code it does not know (77)', code: 77 },
	{ name: 'no code', code: undefined },
];
const WITH = [
	{ how: 'to the error output', onError: 'continueErrorOutput' as const },
	{ how: 'stopping the workflow', onError: undefined },
];

describe('the key echoed in upper case and URL-encoded in SMS Partner’s words is masked', () => {
	beforeEach(() => {
		resetAccount();
		planFor = () => undefined;
	});

	describe.each(WITH)('$how', ({ onError }) => {
		test.each(CODES)('Send: a refusal, $name, whose message carries the key', async ({ code }) => {
			sandbox().fault(SEND, {
				status: 400,
				answer: { success: false, ...(code === undefined ? {} : { code }), message: SAID },
			});
			const result = await run(sandbox(), sendOne(onError));
			expectBothRefused(result, onError);
			expectMasked(result);
		});

		test.each(CODES)(
			'Send Many: a refused SMSResponse_List line, $name, whose message carries the key',
			async ({ code }) => {
				sandbox().fault(BULK, {
					answer: bulkAnswer(refusedLines(code, SAID), { cost: 0, nbSMS: 0 }),
				});
				const result = await run(sandbox(), sendTwo(onError));
				expectBothRefused(result, onError);
				expectMasked(result);
			},
		);
	});

	// The same, at random: the key anywhere in SMS Partner's words, in any spelling.
	test('property: a refusal or refused line carrying the key at any place, in any spelling, leaves neither the key nor a piece of it', async () => {
		const wordsScenario = fc.oneof(
			fc.record({ stop: fc.boolean(), refusal: echoedRefusal }),
			fc.record({
				stop: fc.boolean(),
				line: fc.record({
					code: fc.oneof(fc.constantFrom<unknown>(14, 77), echo),
					said: paddedEcho,
				}),
			}),
		);
		await fc.assert(
			fc.asyncProperty(wordsScenario, async (scenario) => {
				resetAccount();
				planFor = () => undefined;
				const onError = scenario.stop ? undefined : ('continueErrorOutput' as const);
				const many = 'line' in scenario;
				if ('refusal' in scenario) sandbox().fault(SEND, { answer: scenario.refusal });
				else
					sandbox().fault(BULK, {
						answer: bulkAnswer(refusedLines(scenario.line.code, scenario.line.said)),
					});
				const result = await run(sandbox(), many ? sendTwo(onError) : sendOne(onError));
				expect(result.success).toEqual([]);
				if (onError) expect(result.errors).toHaveLength(2);
				else expect(result.status).toBe('error');
				// (Shrinking may drop the key from the words: then nothing is to be masked.)
				expectMasked(result, false);
			}),
			{ numRuns: 60 },
		);
	});

	// SMS Partner's words are cut to a length before they are shown: the key must be
	// masked before the cut, or its start is left whole.
	test('Send Many: a refused line whose message carries the key across its 300th character', async () => {
		sandbox().fault(BULK, {
			answer: bulkAnswer([
				{
					success: false,
					code: 77,
					phoneNumber: '+33612345678',
					message: `${'x'.repeat(290)}${HOSTILE_KEY}`,
				},
				{ success: false, code: 14, phoneNumber: '+33698765432', message: 'STOP' },
			]),
		});
		const result = await run(sandbox(), sendTwo('continueErrorOutput'));
		expect(result.errors).toHaveLength(2);
		expectMasked(result);
	});

	test('Send: a code 9 refusal naming a field whose name carries the key across its 60th character', async () => {
		sandbox().fault(SEND, {
			answer: {
				success: false,
				code: 9,
				errors: [{ elementId: `${'x'.repeat(40)}${HOSTILE_KEY}`, message: 'invalide' }],
			},
		});
		const result = await run(sandbox(), sendOne('continueErrorOutput'));
		expect(result.errors).toHaveLength(2);
		expectMasked(result);
	});
});
