/**
 * The faults the hostile property tests (hostileRandom.engine.test.ts,
 * hostileSms.engine.test.ts) plan for the sandbox, one per request: their kinds
 * and generators, what each looks like on the wire (when it makes an answer late,
 * too large or go elsewhere), the two sandboxes they run on, and the hook that
 * hands each request its fault. `Body` is what a fault answers with instead of
 * SMS Partner's own answer: each test file has its own.
 */
import { STATUS_CODES } from 'node:http';

import fc from 'fast-check';

import { demoAccount } from '../../sandbox/server';
import { HOSTILE_KEY } from './hostile';
import { sandboxFixture, type TestSandbox } from './sandbox';

export type Format = 'json' | 'xml';
export type Call = TestSandbox['calls'][number];

/** The node's cap on an answer body (transport/exchange.ts). */
export const MAX_ANSWER_BYTES = 1024 * 1024;
/** The sandbox pads in chunks of this size. */
export const PAD_CHUNK = 64 * 1024;
/** The timeout of runs without timing faults: nothing should come near it. */
export const RELAXED_TIMEOUT = 5_000;

// ---------------------------------------------------------------------------
// The kinds of fault. `act`: the sandbox carries the real call out before it misbehaves.

/** Where a hostile redirect points: another host, nowhere, the same host. */
export type RedirectTarget = 'second' | 'closed' | 'invalid' | 'same' | 'samePath';
/** Where the redirect address carries the key, URL-encoded. */
export type KeyIn = 'none' | 'query' | 'userinfo' | 'path';
/** How much padding comes before the answer, against the 1 MiB cap. */
export type PadSize = 'under' | 'over' | 'atLimit' | 'overByOne';

export type PassFault = { kind: 'pass' };
/** SMS Partner's own answer under another status (2xx or 5xx). */
export type StatusFault = { kind: 'status'; status: number };
export type RedirectFault<Body> = {
	kind: 'redirect';
	status: number;
	target: RedirectTarget;
	keyIn: KeyIn;
	act: boolean;
	body?: Body;
};
export type AnswerFault<Body> = {
	kind: 'answer';
	status: number;
	body: Body;
	contentType: string;
	act: boolean;
};
export type ResetFault = { kind: 'reset'; act: boolean };
export type TrickleFault<Body> = { kind: 'trickle'; trickleMs: number; act: boolean; body?: Body };
export type PadFault<Body, Size extends PadSize = PadSize> = {
	kind: 'pad';
	size: Size;
	act: boolean;
	body?: Body;
};
export type DelayFault<Body> = {
	kind: 'delay';
	within: boolean;
	percent: number;
	beyondMs: number;
	act: boolean;
	body?: Body;
};
/** HTTP 429: never acts. */
export type LimitedFault<Body> = { kind: 'limited'; retryAfter: string; body?: Body };

// ---------------------------------------------------------------------------
// Generators. Those taking `body` want it as the test draws it: optional (`maybe`) where the kind allows.

export const passFault = fc.constant<PassFault>({ kind: 'pass' });

export const statusFault: fc.Arbitrary<StatusFault> = fc.record({
	kind: fc.constant('status' as const),
	status: fc.constantFrom(200, 201, 202, 500, 502, 503),
});

export function redirectFault<Body>(
	body: fc.Arbitrary<Body | undefined>,
): fc.Arbitrary<RedirectFault<Body>> {
	return fc.record({
		kind: fc.constant('redirect' as const),
		status: fc.constantFrom(301, 302, 303, 307, 308),
		target: fc.constantFrom<RedirectTarget>('second', 'closed', 'invalid', 'same', 'samePath'),
		keyIn: fc.constantFrom<KeyIn>('none', 'query', 'userinfo', 'path'),
		act: fc.boolean(),
		body,
	});
}

export function answerFault<Body>(
	body: fc.Arbitrary<Body>,
	statuses: number[],
): fc.Arbitrary<AnswerFault<Body>> {
	return fc.record({
		kind: fc.constant('answer' as const),
		status: fc.constantFrom(...statuses),
		body,
		contentType: fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/xml'),
		act: fc.boolean(),
	});
}

export const resetFault: fc.Arbitrary<ResetFault> = fc.record({
	kind: fc.constant('reset' as const),
	act: fc.boolean(),
});

export function trickleFault<Body>(
	body: fc.Arbitrary<Body | undefined>,
): fc.Arbitrary<TrickleFault<Body>> {
	return fc.record({
		kind: fc.constant('trickle' as const),
		trickleMs: fc.integer({ min: 1, max: 40 }),
		act: fc.boolean(),
		body,
	});
}

export function padFault<Body, Size extends PadSize>(
	sizes: Size[],
	body: fc.Arbitrary<Body | undefined>,
): fc.Arbitrary<PadFault<Body, Size>> {
	return fc.record({
		kind: fc.constant('pad' as const),
		size: fc.constantFrom(...sizes),
		act: fc.boolean(),
		body,
	});
}

export function delayFault<Body>(
	body: fc.Arbitrary<Body | undefined>,
): fc.Arbitrary<DelayFault<Body>> {
	return fc.record({
		kind: fc.constant('delay' as const),
		within: fc.boolean(),
		percent: fc.integer({ min: 0, max: 40 }),
		beyondMs: fc.integer({ min: 10, max: 150 }),
		act: fc.boolean(),
		body,
	});
}

/** Retry-After values: at once (seconds or a past date), or longer than the node waits. */
const RETRY_AFTER = ['0', '0', 'Wed, 21 Oct 2015 07:28:00 GMT', '31', '3600'];

export function limitedFault<Body>(
	body: fc.Arbitrary<Body | undefined>,
): fc.Arbitrary<LimitedFault<Body>> {
	return fc.record({
		kind: fc.constant('limited' as const),
		retryAfter: fc.constantFrom(...RETRY_AFTER),
		body,
	});
}

/** How long a Retry-After asks to wait, in ms. */
export const retryWaitMs = (value: string) =>
	/^\d+$/.test(value) ? Number(value) * 1000 : Math.max(0, Date.parse(value) - Date.now());

// ---------------------------------------------------------------------------
// Time: faults that race the timeout.

const TIMING_KINDS = new Set(['trickle', 'delay']);

/** Timing faults race a short timeout; without them nothing should come near it. */
export function timeoutFor(faults: Array<{ kind: string }>, short: number): number {
	return faults.some((fault) => TIMING_KINDS.has(fault.kind)) ? short : RELAXED_TIMEOUT;
}

/** How long a delay fault holds the answer: a share of the timeout, or past it. */
export function delayMsOf(fault: DelayFault<unknown>, timeout: number): number {
	return fault.within ? Math.floor((timeout * fault.percent) / 100) : timeout + fault.beyondMs;
}

/** The bytes the sandbox's trickle sends before the body, at the least. */
export function trickleHeadBytes(status: number, contentType: string): number {
	const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Status'}\r\nConnection: close\r\nContent-Type: ${contentType}\r\nContent-Length: 0\r\n\r\n`;
	return Buffer.byteLength(head);
}

/** Whether a trickled answer (its head, then at least `bodyBytes`) is still arriving at the timeout. */
export function trickleIsLate(
	trickleMs: number,
	contentType: string,
	bodyBytes: number,
	timeout: number,
): boolean {
	const fewestBytes = trickleHeadBytes(200, contentType) + bodyBytes;
	// The last byte leaves after (bytes - 1) waits of trickleMs at the least.
	return (fewestBytes - 1) * trickleMs >= timeout + 5;
}

// ---------------------------------------------------------------------------
// What a fault tells the sandbox.

export interface RedirectContext {
	path: string;
	format: string;
	mainBaseUrl: string;
	secondBaseUrl: string;
}

export interface FaultContext extends RedirectContext {
	format: Format;
	timeout: number;
}

/** The Content-Type of SMS Partner's own answer in a format. */
export const ownContentType = (format: Format) =>
	format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json';

/** Makes the sandbox answer with this text instead of its own answer; nothing without one. */
export const answeringWith = (body: string | undefined) =>
	body === undefined ? {} : { body, contentType: 'application/json' };

/** The padding asked for: the whole cap ('over'), else a chunk under it. */
export const padBytesFor = (size: PadSize) =>
	size === 'over' ? MAX_ANSWER_BYTES : MAX_ANSWER_BYTES - PAD_CHUNK;

/** A redirect's Location: to the second sandbox, a closed port, a name that does not resolve, or back. */
export function redirectLocation(
	target: RedirectTarget,
	keyIn: KeyIn,
	context: RedirectContext,
): string {
	const { path, format } = context;
	const key = encodeURIComponent(HOSTILE_KEY);
	const origin = {
		second: context.secondBaseUrl,
		closed: 'http://127.0.0.1:9/v1',
		invalid: 'http://smspartner.invalid/v1',
		same: context.mainBaseUrl,
		samePath: `${context.mainBaseUrl}/followed`,
	}[target];
	let location = `${origin}${path}`;
	if (keyIn === 'query') location += `?apiKey=${key}&_format=${format}`;
	if (keyIn === 'path') location = `${origin}/${key}${path}`;
	if (keyIn === 'userinfo') location = location.replace('://', `://${key}:${key}@`);
	return location;
}

// ---------------------------------------------------------------------------
// The sandboxes.

/**
 * The sandboxes of a file's fault plans, started before its tests: SMS Partner with
 * one account (the hostile key's), and a second host (127.0.0.2) redirects point at.
 */
export function hostileSandboxes(username: string) {
	const sandboxes = sandboxFixture();
	return {
		sandbox: sandboxes.startBefore('all', {
			state: { accounts: [demoAccount(HOSTILE_KEY, username)] },
		}),
		second: sandboxes.startBefore('all', { host: '127.0.0.2' }),
	};
}

/**
 * Calls `onRequest` for each request as the sandbox logs it, before the sandbox
 * looks for the request's fault: a fault set there applies to that very request.
 */
export function onEachRequest(sandbox: TestSandbox, onRequest: (call: Call) => void): void {
	const calls: Call[] = [];
	calls.push = function push(...entries: Call[]): number {
		for (const call of entries) onRequest(call);
		return Array.prototype.push.apply(calls, entries);
	};
	sandbox.calls = calls;
}
