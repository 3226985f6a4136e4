import * as workflow from 'n8n-workflow';
import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	DEFAULT_BASE_URL,
	type Endpoint,
	type ResponseFormat,
} from '../api/common';
import {
	apiFailure,
	invalidInput,
	refusedInTestMode,
	uncertainOutcomeAdvice,
	type SmsPartnerError,
} from '../helpers/errors';
import { isHttpUrl } from '../helpers/validate';
import { parseAnswer, quoteAnswerText, type AnswerFields } from './answer';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Where a call is made from: the node's execution, or the trigger's poll. */
export type SmsPartnerContext = IExecuteFunctions | IPollFunctions;

/**
 * Retries happen only when SMS Partner certainly did not act: the connection was
 * never made, or it answered HTTP 429. Anything that may have reached it is sent once.
 */
export const RETRY_POLICY = {
	maxAttempts: 3,
	firstBackoffMs: 1_000,
	/** A longer Retry-After is not waited for: the item fails, nothing sent twice. */
	maxRetryAfterMs: 30_000,
};

/** How every call is made: the operation's Options. */
export interface RequestOptions {
	format: ResponseFormat;
	/** Milliseconds: a deadline for the whole exchange. */
	timeout: number;
}

export interface SmsPartnerCall extends RequestOptions {
	endpoint: Endpoint;
	/** Request fields besides `apiKey`, which the credential adds. */
	fields: IDataObject;
	/** The sub-account token the request names, for errors that name it. */
	subaccount?: string;
	/** Resolve with a refusal (and the answer's fields) instead of throwing it. */
	keepRefusal?: boolean;
}

export interface SmsPartnerAnswer {
	status: number;
	/** How the answer came: XML gives every value as text. */
	format: ResponseFormat;
	fields: AnswerFields;
	/** SMS Partner's own words from the answer, masked and cut, for an error to quote. */
	quote: (text: string, length?: number) => string;
	/** SMS Partner's refusal, only when the call asked to keep it. */
	refusal?: SmsPartnerError;
}

/** The connection was never made, so SMS Partner cannot have acted. */
const NOT_CONNECTED = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);
const TIMED_OUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
		const { code } = current as { code?: unknown };
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function attemptsNote(attempts: number): string {
	return attempts > 1 ? ` (${attempts} attempts)` : '';
}

/**
 * Only the error's code is kept: n8n's request errors carry the request
 * options, and with them the API key. The code stays out of the message: n8n
 * swaps messages naming ECONNRESET & co. for its own, which advise retrying.
 */
function transportFailure(
	error: unknown,
	call: SmsPartnerCall,
	host: string,
	attempts: number,
): SmsPartnerError {
	const code = errorCode(error);
	const networkError = code ? `Network error ${code}. ` : '';
	if (code && NOT_CONNECTED.has(code)) {
		return apiFailure({
			message: `Could not connect to SMS Partner at ${host}${attemptsNote(attempts)}: nothing was sent`,
			description: `${networkError}Check the network and the Base URL in the 'SMS Partner API' credential.`,
			code: null,
			httpStatus: null,
			outcome: 'notSent',
		});
	}
	if (code && TIMED_OUT.has(code)) {
		return apiFailure({
			message: `SMS Partner did not answer within ${call.timeout} ms: outcome unknown`,
			description: uncertainOutcomeAdvice(call.endpoint),
			code: null,
			httpStatus: null,
			outcome: 'unknown',
		});
	}
	return brokenAnswer(error, call);
}

/** The connection was made, and broke before the whole answer arrived. */
function brokenAnswer(error: unknown, call: SmsPartnerCall): SmsPartnerError {
	const code = errorCode(error);
	return apiFailure({
		message: 'The connection to SMS Partner broke before its answer arrived: outcome unknown',
		description: `${code ? `Network error ${code}. ` : ''}${uncertainOutcomeAdvice(call.endpoint)}`,
		code: null,
		httpStatus: null,
		outcome: 'unknown',
	});
}

function rateLimited(attempts: number, waitMs: number): SmsPartnerError {
	const tooLong = waitMs > RETRY_POLICY.maxRetryAfterMs;
	return apiFailure({
		message: `SMS Partner is limiting the request rate (HTTP 429)${attemptsNote(attempts)}: nothing was changed`,
		description: tooLong
			? `SMS Partner asks to wait ${Math.ceil(waitMs / 1000)} seconds. Run the workflow again later.`
			: 'Wait a moment, then run the workflow again, or send fewer requests at once.',
		code: null,
		httpStatus: 429,
		outcome: 'rejected',
	});
}

/** Retry-After in milliseconds: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
	headers: IDataObject | undefined,
	now = Date.now(),
): number | undefined {
	const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function backoffMs(attempt: number): number {
	return RETRY_POLICY.firstBackoffMs * 2 ** (attempt - 1);
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body === undefined || body === null) return '';
	return JSON.stringify(body);
}

/** The last Base URL checked, and its checked form: every request of a run uses the same one. */
let lastBaseUrl: { stored: unknown; checked: string } | undefined;

function validateBaseUrl(value: unknown): string {
	if (lastBaseUrl && lastBaseUrl.stored === value) return lastBaseUrl.checked;
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_BASE_URL;
	if (!isHttpUrl(text)) {
		throw invalidInput(
			'baseUrl',
			`The Base URL "${text}" in the 'SMS Partner API' credential is not an http(s) address`,
		);
	}
	lastBaseUrl = { stored: value, checked: text.replace(/\/+$/, '') };
	return lastBaseUrl.checked;
}

/**
 * The credential, decrypted once per node execution and handed to n8n's request
 * helper, which would otherwise decrypt it (a database read in n8n's server)
 * again for every request. Keyed by the execution's own context object, so
 * nothing outlives it or crosses between executions.
 */
const credentialsOfRun = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

function runCredentials(context: SmsPartnerContext): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialsOfRun.get(context);
	if (!credentials) {
		credentials = context.getCredentials(CREDENTIAL_TYPE);
		credentialsOfRun.set(context, credentials);
		credentials.catch(() => credentialsOfRun.delete(context));
	}
	return credentials;
}

/**
 * Forgets the credential read for this context: a trigger's poll context may live
 * as long as the activation, and each poll reads the credential afresh.
 */
export function forgetCredentials(context: SmsPartnerContext): void {
	credentialsOfRun.delete(context);
}

/** An answer body larger than this is not SMS Partner's: a page of 20 sub-accounts is a few kilobytes. */
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
const abortableSleep: (ms: number, signal: AbortSignal) => Promise<void> =
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

/** The whole body, read within the deadline and the size cap; the stream is closed either way. */
async function readBody(
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
	if (cut.reason === 'tooLarge') {
		return apiFailure({
			message: `SMS Partner's answer was larger than ${answerCap(call) / 1024 / 1024} MB and was not read: outcome unknown`,
			description: `No SMS Partner answer is that large: check the Base URL in the 'SMS Partner API' credential. ${uncertainOutcomeAdvice(call.endpoint)}`,
			code: null,
			httpStatus: status,
			outcome: 'unknown',
		});
	}
	return apiFailure({
		message: `SMS Partner did not answer within ${call.timeout} ms: outcome unknown`,
		description: uncertainOutcomeAdvice(call.endpoint),
		code: null,
		httpStatus: status,
		outcome: 'unknown',
	});
}

/** The host a redirect points at; never its path or query, which may carry anything. */
function locationHost(headers: IDataObject | undefined, base: string): string {
	const location = headers?.location ?? headers?.Location;
	if (typeof location !== 'string' || location.trim() === '') return 'no address';
	try {
		return new URL(location, base).host || 'an address without a host';
	} catch {
		return 'an unreadable address';
	}
}

/**
 * n8n's helper would follow a redirect, re-sending the body (and the API key in
 * it) to wherever it points, and turning a refused connection there into "nothing
 * was sent" here. SMS Partner's API never redirects: a 3xx is an answer that
 * cannot be read, and the request may have been carried out.
 */
function redirectFailure(
	status: number,
	headers: IDataObject | undefined,
	call: SmsPartnerCall,
	url: string,
) {
	return apiFailure({
		message: `SMS Partner answered with a redirect (HTTP ${status}), which the node never follows: outcome unknown`,
		description: `The redirect pointed to ${locationHost(headers, url)}. Check the Base URL in the 'SMS Partner API' credential. ${uncertainOutcomeAdvice(call.endpoint)}`,
		code: null,
		httpStatus: status,
		outcome: 'unknown',
	});
}

async function credentialsForRequest(
	context: SmsPartnerContext,
): Promise<ICredentialDataDecryptedObject> {
	try {
		return await runCredentials(context);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw apiFailure({
			message: `The 'SMS Partner API' credential could not be read: nothing was sent`,
			description: `n8n said: ${reason}. Choose or fix the credential in the node.`,
			code: null,
			httpStatus: null,
			outcome: 'notSent',
		});
	}
}

/** The API key of this execution's credential, once it has been read (for masking). */
export async function apiKeyOfRun(context: SmsPartnerContext): Promise<string | undefined> {
	const credentials = credentialsOfRun.get(context);
	if (!credentials) return undefined;
	try {
		const { apiKey } = await credentials;
		// The key as sent: the credential trims what was pasted around it.
		return typeof apiKey === 'string' ? apiKey.trim() : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Whether this execution's credential is in Test Mode; false when it cannot be
 * read (each request then says why).
 */
export async function testModeOfRun(context: SmsPartnerContext): Promise<boolean> {
	try {
		return readTestMode(await runCredentials(context));
	} catch {
		return false;
	}
}

/**
 * The credential's Test Mode: on or off, as saved, or as an expression in the credential gave it
 * (`true`/`false`, also as text). Anything else (an expression that gave nothing, say) is refused
 * rather than read as off, which would send for real.
 */
function readTestMode(credentials: ICredentialDataDecryptedObject): boolean {
	const value: unknown = credentials.testMode;
	if (value === undefined || typeof value === 'boolean') return value === true;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	throw invalidInput(
		'testMode',
		`The 'SMS Partner API' credential's Test Mode is ${JSON.stringify(value) ?? String(value)}, neither on nor off`,
		'An expression in the credential probably gave nothing. Set Test Mode on or off in the credential (or make its expression give true or false). Nothing was sent to SMS Partner.',
	);
}

/** One attempt's answer, or the error raised before any answer arrived. */
type AttemptOutcome =
	| { response: IN8nHttpFullResponse; text: string }
	| { connectionError: unknown };

/**
 * One exchange with SMS Partner through n8n's request helper and the credential's
 * own authentication, headers and body within one deadline. Throws what ends the
 * call whatever the attempt: a deadline passed, a redirect, a body too large or broken.
 */
async function attemptExchange(
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
			return { response, text: await readBody(response.body, deadline, answerCap(call)) };
		} catch (error) {
			if (error instanceof ExchangeCut) throw cutFailure(error, call, response.statusCode);
			throw brokenAnswer(error, call);
		}
	} finally {
		deadline.stop();
	}
}

/**
 * One call to SMS Partner. Resolves only on `success: true` (or a refusal, when
 * `keepRefusal` asks for it). Sent again only
 * when SMS Partner certainly did not act (RETRY_POLICY): a money move that may
 * have reached it must never be sent twice. Timeout is a deadline for the whole
 * exchange of one attempt: connection, headers and body.
 */
export async function requestSmsPartner(
	this: SmsPartnerContext,
	call: SmsPartnerCall,
): Promise<SmsPartnerAnswer> {
	const credentials = await credentialsForRequest(this);
	const baseUrl = validateBaseUrl(credentials.baseUrl);
	// Test Mode holds here too, whatever the operation asked: sends go in SMS Partner's
	// sandbox mode, and nothing else that changes the account goes out at all.
	// Only what Test Mode changes needs it: a read goes out whatever the credential says of it.
	const testMode = call.endpoint.inTestMode !== undefined && readTestMode(credentials);
	if (testMode && call.endpoint.inTestMode === 'refused') {
		throw refusedInTestMode(`the call ${call.endpoint.method} ${call.endpoint.path}`);
	}
	const sandboxed = testMode && call.endpoint.inTestMode === 'sandbox' ? { sandbox: 1 } : {};
	const fields = { ...call.fields, ...sandboxed, _format: call.format };
	const url = `${baseUrl}${call.endpoint.path}`;

	for (let attempt = 1; ; attempt++) {
		const outcome = await attemptExchange(this, call, url, credentials, fields);
		if ('connectionError' in outcome) {
			const failure = transportFailure(
				outcome.connectionError,
				call,
				new URL(baseUrl).host,
				attempt,
			);
			if (failure.details.outcome !== 'notSent' || attempt >= RETRY_POLICY.maxAttempts)
				throw failure;
			await sleep(backoffMs(attempt));
			continue;
		}
		const { response, text } = outcome;

		if (response.statusCode === 429) {
			const waitMs = retryAfterMs(response.headers) ?? backoffMs(attempt);
			if (attempt >= RETRY_POLICY.maxAttempts || waitMs > RETRY_POLICY.maxRetryAfterMs) {
				throw rateLimited(attempt, waitMs);
			}
			await sleep(waitMs);
			continue;
		}

		const secret = String(credentials.apiKey ?? '').trim();
		const answer = parseAnswer({
			status: response.statusCode,
			text,
			endpoint: call.endpoint,
			secret,
			subaccount: call.subaccount,
			keepRefusal: call.keepRefusal,
		});
		return {
			status: response.statusCode,
			format: answer.format,
			fields: answer.fields,
			refusal: answer.refusal,
			quote: (words, length) => quoteAnswerText(words, secret, length),
		};
	}
}
