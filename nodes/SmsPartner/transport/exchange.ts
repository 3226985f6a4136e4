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
}

/**
 * n8n-workflow's cancellable sleep: `sleepWithAbort` up to n8n 2.x's middle
 * versions, `sleep(ms, signal)` since (where `sleepWithAbort` is gone).
 */
export const abortableSleep: (ms: number, signal: AbortSignal) => Promise<void> =
	(workflow as unknown as { sleepWithAbort?: (ms: number, signal: AbortSignal) => Promise<void> })
		.sleepWithAbort ?? sleep;

/** What a finished attempt stops its deadline timer with: an abort without a reason builds a DOMException every time. */
const ATTEMPT_SETTLED = new Error('The attempt settled before its deadline');

interface AttemptDeadline {
	/** Settles with `work`, or fails with ExchangeCut('deadline') when the deadline passes first. */
	race<T>(work: Promise<T>): Promise<T>;
	stop(): void;
}

/**
 * One timer for one attempt's whole exchange, headers and body. n8n's request
 * helper replaces any abort signal with the execution's own, so the deadline is
 * a race against n8n-workflow's cancellable sleep, stopped when the attempt ends.
 */
function startDeadline(deadline: number): AttemptDeadline {
	const stopTimer = new AbortController();
	const expired = abortableSleep(Math.max(0, deadline - Date.now()), stopTimer.signal).then(() => {
		throw new ExchangeCut('deadline');
	});
	expired.catch(() => undefined);
	return {
		race: async (work) => await Promise.race([work, expired]),
		stop: () => stopTimer.abort(ATTEMPT_SETTLED),
	};
}

async function collectBody(stream: BodyStream, maxBytes: number): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
		size += bytes.length;
		if (size > maxBytes) throw new ExchangeCut('tooLarge');
		chunks.push(bytes);
	}
	return Buffer.concat(chunks).toString('utf8');
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
async function receiveBody(
	body: unknown,
	deadline: AttemptDeadline,
	maxBytes: number,
): Promise<string> {
	if (!isBodyStream(body)) return bodyText(body);
	try {
		return await deadline.race(collectBody(body, maxBytes));
	} finally {
		body.destroy();
	}
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
	const deadline = startDeadline(Date.now() + call.timeout);
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
