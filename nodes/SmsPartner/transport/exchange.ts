/**
 * One attempt's exchange with SMS Partner: the request through n8n's helper and
 * the credential's own authentication, its whole answer read within one deadline
 * and a size cap, redirects never followed.
 */
import * as workflow from 'n8n-workflow';
import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../api/common';
import type { SmsPartnerError } from '../helpers/errors';
import type { SmsPartnerCall, SmsPartnerContext } from './call';
import { brokenAnswer, deadlinePassed, redirectFailure, tooLargeAnswer } from './failures';

/** An answer body larger than this is not SMS Partner's: a page of 20 subaccounts is a few kilobytes. */
export const MAX_ANSWER_BYTES = 1024 * 1024;
/**
 * The cap for lists SMS Partner sends whole, without pages (the STOP list): about
 * 80 bytes an entry, so some 800,000 entries.
 */
export const MAX_UNPAGED_ANSWER_BYTES = 64 * 1024 * 1024;

/** Why an exchange ended before SMS Partner's whole answer arrived. */
class ExchangeCut extends Error {
	constructor(readonly reason: 'deadline' | 'tooLarge') {
		super(reason);
	}
}

/** The answer body as n8n's helper hands it over with `encoding: 'stream'`. */
interface BodyStream extends AsyncIterable<unknown> {
	destroy(): void;
	/** A Node.js stream's events: read through them, cheaper than its async iterator. */
	on?(event: string, listener: (...args: never[]) => void): unknown;
}

/**
 * n8n-workflow's cancellable sleep: `sleepWithAbort` up to n8n 2.x's middle
 * versions, `sleep(ms, signal)` since (where `sleepWithAbort` is gone).
 */
export const abortableSleep: (ms: number, signal: AbortSignal) => Promise<void> =
	(workflow as unknown as { sleepWithAbort?: (ms: number, signal: AbortSignal) => Promise<void> })
		.sleepWithAbort ?? sleep;

/** What stops a watch's sleep when an earlier deadline comes: an abort without a reason builds a DOMException. */
const REARMED = new Error('An earlier deadline came');

/**
 * How often, at most, a context's deadlines are looked at while attempts are in
 * flight: also how long the watch's last sleep may outlive the run's last attempt.
 */
const WATCH_INTERVAL_MS = 1_000;

interface AttemptDeadline {
	/** Settles with `work`, or fails with ExchangeCut('deadline') when the deadline passes first. */
	race<T>(work: Promise<T>): Promise<T>;
	stop(): void;
}

interface WatchedAttempt {
	deadline: number;
	cut: (reason: ExchangeCut) => void;
}

/**
 * The deadlines of one context's attempts, watched by one sleep at a time (n8n's
 * request helper replaces any abort signal with the execution's own, so a deadline
 * is a race against n8n-workflow's cancellable sleep). The sleep ends at the
 * earliest deadline, or after WATCH_INTERVAL_MS when that is sooner, and is not
 * armed again once no attempt is left: an attempt that ends only leaves the set,
 * where a timer of its own would cost a timer and an abort event per request.
 */
class DeadlineWatch {
	private readonly attempts = new Set<WatchedAttempt>();
	private wakeAt = Infinity;
	private stopSleep: AbortController | undefined;

	start(deadline: number): AttemptDeadline {
		let cut: (reason: ExchangeCut) => void = () => undefined;
		const expired = new Promise<never>((_, reject) => {
			cut = reject;
		});
		expired.catch(() => undefined);
		const attempt: WatchedAttempt = { deadline, cut };
		this.attempts.add(attempt);
		if (deadline < this.wakeAt) this.arm(Math.min(deadline, Date.now() + WATCH_INTERVAL_MS));
		return {
			race: (work) => Promise.race([work, expired]),
			stop: () => {
				this.attempts.delete(attempt);
			},
		};
	}

	private arm(at: number): void {
		this.stopSleep?.abort(REARMED);
		const stopSleep = new AbortController();
		this.stopSleep = stopSleep;
		this.wakeAt = at;
		abortableSleep(Math.max(0, at - Date.now()), stopSleep.signal).then(
			() => this.wake(stopSleep),
			() => undefined,
		);
	}

	private wake(stopSleep: AbortController): void {
		if (this.stopSleep !== stopSleep) return;
		this.stopSleep = undefined;
		this.wakeAt = Infinity;
		const now = Date.now();
		let next = Infinity;
		for (const attempt of this.attempts) {
			if (attempt.deadline <= now) {
				this.attempts.delete(attempt);
				attempt.cut(new ExchangeCut('deadline'));
			} else {
				next = Math.min(next, attempt.deadline);
			}
		}
		if (next !== Infinity) this.arm(Math.min(next, now + WATCH_INTERVAL_MS));
	}
}

/** Keyed by n8n's context object of one execution (or poll), so nothing outlives it. */
const watchOfContext = new WeakMap<object, DeadlineWatch>();

/** One deadline for one attempt's whole exchange, headers and body. */
export function startDeadline(context: object, deadline: number): AttemptDeadline {
	let watch = watchOfContext.get(context);
	if (!watch) {
		watch = new DeadlineWatch();
		watchOfContext.set(context, watch);
	}
	return watch.start(deadline);
}

/** The body's bytes as text, refused past `maxBytes`; a stream closed before its end is broken. */
function collectBody(stream: BodyStream, maxBytes: number): Promise<string> {
	if (typeof stream.on !== 'function') return iterateBody(stream, maxBytes);
	const events = stream as BodyStream & Required<Pick<BodyStream, 'on'>>;
	return new Promise<string>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const settle = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			outcome();
		};
		events.on('data', (chunk: unknown) => {
			if (settled) return;
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
			size += bytes.length;
			if (size > maxBytes) {
				settle(() => reject(new ExchangeCut('tooLarge')));
				stream.destroy();
				return;
			}
			chunks.push(bytes);
		});
		events.on('end', () => settle(() => resolve(joinChunks(chunks))));
		events.on('error', (error: unknown) => settle(() => reject(error)));
		events.on('close', () =>
			settle(() => reject(new Error('The answer was closed before its end'))),
		);
	});
}

async function iterateBody(stream: BodyStream, maxBytes: number): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
		size += bytes.length;
		if (size > maxBytes) throw new ExchangeCut('tooLarge');
		chunks.push(bytes);
	}
	return joinChunks(chunks);
}

function joinChunks(chunks: Buffer[]): string {
	return (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
}

function isBodyStream(body: unknown): body is BodyStream {
	return (
		body !== null &&
		typeof body === 'object' &&
		typeof (body as BodyStream)[Symbol.asyncIterator] === 'function' &&
		typeof (body as BodyStream).destroy === 'function'
	);
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body === undefined || body === null) return '';
	return JSON.stringify(body);
}

/** The whole body, read within the deadline and the size cap; the stream is closed either way. */
function receiveBody(body: unknown, deadline: AttemptDeadline, maxBytes: number): Promise<string> {
	if (!isBodyStream(body)) return Promise.resolve(bodyText(body));
	const text = deadline.race(collectBody(body, maxBytes));
	// Registered before the caller's await: the stream is closed before the caller goes on.
	const close = () => body.destroy();
	text.then(close, close);
	return text;
}

function answerCap(call: SmsPartnerCall): number {
	return call.endpoint.unpaged ? MAX_UNPAGED_ANSWER_BYTES : MAX_ANSWER_BYTES;
}

function cutFailure(
	cut: ExchangeCut,
	call: SmsPartnerCall,
	status: number | null,
): SmsPartnerError {
	return cut.reason === 'tooLarge'
		? tooLargeAnswer(call, answerCap(call), status)
		: deadlinePassed(call, status);
}

/** One attempt's answer, or the error raised before any answer arrived. */
export type AttemptOutcome =
	| { response: IN8nHttpFullResponse; text: string }
	| { connectionError: unknown };

/**
 * One exchange with SMS Partner through n8n's request helper and the credential's
 * own authentication, headers and body within one deadline. Throws what ends the
 * call whatever the attempt: a deadline passed, a redirect, a body too large or broken.
 */
export async function attemptExchange(
	context: SmsPartnerContext,
	call: SmsPartnerCall,
	url: string,
	credentials: ICredentialDataDecryptedObject,
	fields: IDataObject,
): Promise<AttemptOutcome> {
	const { method } = call.endpoint;
	const deadline = startDeadline(context, Date.now() + call.timeout);
	try {
		const exchange = context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			{
				method,
				url,
				...(method === 'GET' ? { qs: { ...fields } } : { body: { ...fields } }),
				// Read here, within the deadline and a size cap, JSON or XML, whatever the HTTP status.
				encoding: 'stream',
				returnFullResponse: true,
				// Also keeps n8n from re-sending the request after a 401 (its credential-refresh retry).
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: call.timeout,
			},
			{ credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data: credentials } },
		) as Promise<IN8nHttpFullResponse>;
		let response: IN8nHttpFullResponse;
		try {
			response = await deadline.race(exchange);
		} catch (error) {
			if (!(error instanceof ExchangeCut)) return { connectionError: error };
			// The answer may still come: close it unread.
			exchange
				.then((late) => (isBodyStream(late.body) ? late.body.destroy() : undefined))
				.catch(() => undefined);
			throw cutFailure(error, call, null);
		}

		if (response.statusCode >= 300 && response.statusCode < 400) {
			// Nothing in a redirect's body is SMS Partner's answer: close it unread.
			if (isBodyStream(response.body)) response.body.destroy();
			throw redirectFailure(response.statusCode, response.headers, call, url);
		}

		try {
			return { response, text: await receiveBody(response.body, deadline, answerCap(call)) };
		} catch (error) {
			if (error instanceof ExchangeCut) throw cutFailure(error, call, response.statusCode);
			throw brokenAnswer(error, call);
		}
	} finally {
		deadline.stop();
	}
}
