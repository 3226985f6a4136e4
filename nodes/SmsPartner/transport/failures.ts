/**
 * What the node says when an exchange with SMS Partner brings no readable answer
 * (no connection, a deadline passed, a redirect, a body too large or broken, a
 * rate limit, a credential that cannot be read), and whether SMS Partner may have
 * acted: each failure's outcome.
 */
import type { IDataObject } from 'n8n-workflow';

import { apiFailure, uncertainOutcomeAdvice, type SmsPartnerError } from '../helpers/errors';
import type { SmsPartnerCall } from './call';

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
export function transportFailure(
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
	if (code && TIMED_OUT.has(code)) return deadlinePassed(call, null);
	return brokenAnswer(error, call);
}

/** The attempt's deadline passed before SMS Partner's whole answer arrived (its status, when it came). */
export function deadlinePassed(call: SmsPartnerCall, httpStatus: number | null): SmsPartnerError {
	return apiFailure({
		message: `SMS Partner did not answer within ${call.timeout} ms: outcome unknown`,
		description: uncertainOutcomeAdvice(call.endpoint),
		code: null,
		httpStatus,
		outcome: 'unknown',
	});
}

/** The connection was made, and broke before the whole answer arrived. */
export function brokenAnswer(error: unknown, call: SmsPartnerCall): SmsPartnerError {
	const code = errorCode(error);
	return apiFailure({
		message: 'The connection to SMS Partner broke before its answer arrived: outcome unknown',
		description: `${code ? `Network error ${code}. ` : ''}${uncertainOutcomeAdvice(call.endpoint)}`,
		code: null,
		httpStatus: null,
		outcome: 'unknown',
	});
}

/** HTTP 429 on the last attempt, or with a Retry-After longer than the node waits (`maxWaitMs`). */
/** A 429 from a call SMS Partner limits to a few requests a minute: never retried. */
export function perMinuteLimitReached(requestsPerMinute: number): SmsPartnerError {
	return apiFailure({
		message: `SMS Partner answered that too many requests were made (HTTP 429): it allows ${requestsPerMinute} requests per minute for this call`,
		description:
			'Wait one minute, then run the workflow again. If other workflows or tools ask for the same figures, space them out. Nothing was changed.',
		code: null,
		httpStatus: 429,
		outcome: 'rejected',
	});
}

export function rateLimited(attempts: number, waitMs: number, maxWaitMs: number): SmsPartnerError {
	const tooLong = waitMs > maxWaitMs;
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

/** SMS Partner's answer was larger than `maxBytes`: it was not read. */
export function tooLargeAnswer(
	call: SmsPartnerCall,
	maxBytes: number,
	status: number | null,
): SmsPartnerError {
	return apiFailure({
		message: `SMS Partner's answer was larger than ${maxBytes / 1024 / 1024} MB and was not read: outcome unknown`,
		description: `No SMS Partner answer is that large: check the Base URL in the 'SMS Partner API' credential. ${uncertainOutcomeAdvice(call.endpoint)}`,
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
export function redirectFailure(
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

/** n8n could not give the node its credential: nothing was sent. */
export function unreadableCredential(error: unknown): SmsPartnerError {
	const reason = error instanceof Error ? error.message : String(error);
	return apiFailure({
		message: `The 'SMS Partner API' credential could not be read: nothing was sent`,
		description: `n8n said: ${reason}. Choose or fix the credential in the node.`,
		code: null,
		httpStatus: null,
		outcome: 'notSent',
	});
}
