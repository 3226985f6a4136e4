import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, type Endpoint, type ResponseFormat } from '../api';
import { apiFailure, invalidInput, uncertainOutcomeAdvice, type SmsPartnerError } from '../helpers/errors';
import { readAnswer, type AnswerFields } from './answer';

export const DEFAULT_TIMEOUT_MS = 10_000;

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

export interface SmsPartnerCall {
	endpoint: Endpoint;
	/** Request fields besides `apiKey`, which the credential adds. */
	fields: IDataObject;
	format: ResponseFormat;
	timeout: number;
}

export interface SmsPartnerAnswer {
	status: number;
	fields: AnswerFields;
}

/** The connection was never made, so SMS Partner cannot have acted. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
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
function transportFailure(error: unknown, call: SmsPartnerCall, host: string, attempts: number): SmsPartnerError {
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
			description: uncertainOutcomeAdvice(call.endpoint.changesAccounts),
			code: null,
			httpStatus: null,
			outcome: 'unknown',
		});
	}
	return apiFailure({
		message: 'The connection to SMS Partner broke before its answer arrived: outcome unknown',
		description: `${networkError}${uncertainOutcomeAdvice(call.endpoint.changesAccounts)}`,
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
export function retryAfterMs(headers: IDataObject | undefined, now = Date.now()): number | undefined {
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

function readBaseUrl(value: unknown): string {
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_BASE_URL;
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw invalidInput(
			'baseUrl',
			`The Base URL "${text}" in the 'SMS Partner API' credential is not an http(s) address`,
		);
	}
	return text.replace(/\/+$/, '');
}

/**
 * The credential, decrypted once per node execution and handed to n8n's request
 * helper, which would otherwise decrypt it (a database read in n8n's server)
 * again for every request. Keyed by the execution's own context object, so
 * nothing outlives it or crosses between executions.
 */
const credentialsOfRun = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

function runCredentials(context: IExecuteFunctions): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialsOfRun.get(context);
	if (!credentials) {
		credentials = context.getCredentials(CREDENTIAL_TYPE);
		credentialsOfRun.set(context, credentials);
		credentials.catch(() => credentialsOfRun.delete(context));
	}
	return credentials;
}

/**
 * One call to SMS Partner. Resolves only on `success: true`. Sent again only
 * when SMS Partner certainly did not act (RETRY_POLICY): a money move that may
 * have reached it must never be sent twice.
 */
export async function callSmsPartner(this: IExecuteFunctions, call: SmsPartnerCall): Promise<SmsPartnerAnswer> {
	const credentials = await runCredentials(this);
	const baseUrl = readBaseUrl(credentials.baseUrl);
	const fields = { ...call.fields, _format: call.format };
	const { method, path } = call.endpoint;
	const sendsBody = method !== 'GET';

	for (let attempt = 1; ; attempt++) {
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				{
				method,
				url: `${baseUrl}${path}`,
				...(sendsBody ? { body: { ...fields } } : { qs: { ...fields } }),
				// Raw text: the answer is read here, JSON or XML, whatever the HTTP status.
				encoding: 'text',
				returnFullResponse: true,
				// Also keeps n8n from re-sending the request after a 401 (its credential-refresh retry).
				ignoreHttpStatusErrors: true,
				timeout: call.timeout,
				},
				{ credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data: credentials } },
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const failure = transportFailure(error, call, new URL(baseUrl).host, attempt);
			if (failure.details.outcome !== 'notSent' || attempt >= RETRY_POLICY.maxAttempts) throw failure;
			await sleep(backoffMs(attempt));
			continue;
		}

		if (response.statusCode === 429) {
			const waitMs = retryAfterMs(response.headers) ?? backoffMs(attempt);
			if (attempt >= RETRY_POLICY.maxAttempts || waitMs > RETRY_POLICY.maxRetryAfterMs) {
				throw rateLimited(attempt, waitMs);
			}
			await sleep(waitMs);
			continue;
		}

		const fieldsRead = readAnswer({
			status: response.statusCode,
			text: bodyText(response.body),
			endpoint: call.endpoint,
			secret: String(credentials.apiKey ?? ''),
		});
		return { status: response.statusCode, fields: fieldsRead };
	}
}
