/**
 * One call to SMS Partner, as every transport/<resource>.ts makes it: the
 * credential's Test Mode applied, attempts repeated only when SMS Partner
 * certainly did not act (RETRY_POLICY), the answer read.
 */
import { sleep, type IDataObject } from 'n8n-workflow';

import { refusedInTestMode } from '../helpers/errors';
import { answerQuoter, parseAnswer, type AnswerQuoter } from './answer';
import type { SmsPartnerAnswer, SmsPartnerCall, SmsPartnerContext } from './call';
import {
	credentialsAlreadyRead,
	credentialsForRequest,
	getTestMode,
	validateBaseUrl,
} from './credentials';
import { attemptExchange } from './exchange';
import { perMinuteLimitReached, rateLimited, transportFailure } from './failures';

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

/** Keyed by n8n's context object of one execution (or poll), so nothing outlives it. */
const quoterOfContext = new WeakMap<object, { secret: string; quote: AnswerQuoter }>();

/** The run's quoter: its key masker is built once per run, not once per answer. */
function runQuoter(context: SmsPartnerContext, secret: string): AnswerQuoter {
	const known = quoterOfContext.get(context);
	if (known?.secret === secret) return known.quote;
	const quote = answerQuoter(secret);
	quoterOfContext.set(context, { secret, quote });
	return quote;
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
	const credentials = credentialsAlreadyRead(this) ?? (await credentialsForRequest(this));
	const baseUrl = validateBaseUrl(credentials.baseUrl);
	// Test Mode holds here too, whatever the operation asked: sends go in SMS Partner's
	// sandbox mode, and nothing else that changes the account goes out at all.
	// Only what Test Mode changes needs it: a read goes out whatever the credential says of it.
	const testMode = call.endpoint.inTestMode !== undefined && getTestMode(credentials);
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
			const limit = call.endpoint.requestsPerMinute;
			if (limit !== undefined) throw perMinuteLimitReached(limit);
			const waitMs = retryAfterMs(response.headers) ?? backoffMs(attempt);
			if (attempt >= RETRY_POLICY.maxAttempts || waitMs > RETRY_POLICY.maxRetryAfterMs) {
				throw rateLimited(attempt, waitMs, RETRY_POLICY.maxRetryAfterMs);
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
			quote: runQuoter(this, secret),
		};
	}
}
