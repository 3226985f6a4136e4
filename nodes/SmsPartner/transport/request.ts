import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, type ResponseFormat } from '../api';
import { apiFailure, CHECK_BALANCE_ADVICE, invalidInput, type SmsPartnerError } from '../helpers/errors';
import { readAnswer, type AnswerFields } from './answer';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface SmsPartnerCall {
	method: IHttpRequestMethods;
	path: string;
	/** Request fields besides `apiKey`, which the credential adds. */
	fields: IDataObject;
	format: ResponseFormat;
	timeout: number;
	successPositions: readonly string[];
	controlCodes: Record<number, string>;
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

/**
 * Only the error's code is kept: n8n's request errors carry the request
 * options, and with them the API key.
 */
function transportFailure(error: unknown, call: SmsPartnerCall, host: string): SmsPartnerError {
	const code = errorCode(error);
	if (code && NOT_CONNECTED.has(code)) {
		return apiFailure({
			message: `Could not connect to SMS Partner at ${host} (${code}): nothing was sent`,
			description: "Check the network and the Base URL in the 'SMS Partner API' credential.",
			code: null,
			httpStatus: null,
			outcome: 'notSent',
		});
	}
	if (code && TIMED_OUT.has(code)) {
		return apiFailure({
			message: `SMS Partner did not answer within ${call.timeout} ms: outcome unknown`,
			description: CHECK_BALANCE_ADVICE,
			code: null,
			httpStatus: null,
			outcome: 'unknown',
		});
	}
	return apiFailure({
		message: `The connection to SMS Partner failed${code ? ` (${code})` : ''}: outcome unknown`,
		description: CHECK_BALANCE_ADVICE,
		code: null,
		httpStatus: null,
		outcome: 'unknown',
	});
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
 * One request to SMS Partner, never retried: a money move that may have reached
 * the server must not be sent twice. Resolves only on `success: true`.
 */
export async function callSmsPartner(this: IExecuteFunctions, call: SmsPartnerCall): Promise<SmsPartnerAnswer> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = readBaseUrl(credentials.baseUrl);
	const fields = { ...call.fields, _format: call.format };
	const sendsBody = call.method !== 'GET';

	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: call.method,
			url: `${baseUrl}${call.path}`,
			...(sendsBody ? { body: fields } : { qs: fields }),
			// Raw text: the answer is read here, JSON or XML, whatever the HTTP status.
			encoding: 'text',
			returnFullResponse: true,
			// Also keeps n8n from re-sending the request after a 401 (its credential-refresh retry).
			ignoreHttpStatusErrors: true,
			timeout: call.timeout,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw transportFailure(error, call, new URL(baseUrl).host);
	}

	const fieldsRead = readAnswer({
		status: response.statusCode,
		text: bodyText(response.body),
		successPositions: call.successPositions,
		controlCodes: call.controlCodes,
		secret: String(credentials.apiKey ?? ''),
	});
	return { status: response.statusCode, fields: fieldsRead };
}
