import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { CONTROL_CODE_HINTS, SUCCESS_CODE, XML_POSITIONS } from '../api';
import { apiFailure, CHECK_BALANCE_ADVICE, type SmsPartnerError } from '../helpers/errors';

/** An answer's fields, by name, as JSON gives them or as read from the XML positions. */
export type AnswerFields = Record<string, unknown>;

export interface ReadAnswerOptions {
	status: number;
	text: string;
	/** Field names of this endpoint's successful XML answer, by position. */
	successPositions: readonly string[];
	controlCodes: Record<number, string>;
	/** Removed from any text of SMS Partner's that ends up in an error. */
	secret: string;
}

const xmlParser = new XMLParser({
	ignoreAttributes: true,
	parseTagValue: false,
	trimValues: true,
	isArray: (name) => name === 'entry',
});

function parseJson(text: string): AnswerFields | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value)
			? (value as AnswerFields)
			: undefined;
	} catch {
		return undefined;
	}
}

function parseXml(text: string, successPositions: readonly string[]): AnswerFields | undefined {
	if (XMLValidator.validate(text) !== true) return undefined;
	const root = (xmlParser.parse(text) as Record<string, unknown>).result;
	if (root === null || typeof root !== 'object') return undefined;
	const { entry, ...named } = root as Record<string, unknown>;
	if (!Array.isArray(entry)) return named;
	const entries = entry.map((value) => (typeof value === 'string' ? value : ''));
	const positions = entries[0] === 'true' ? successPositions : XML_POSITIONS.error;
	const fields: AnswerFields = { ...named };
	positions.forEach((name, index) => {
		if (index < entries.length) fields[name] = entries[index];
	});
	return fields;
}

/** The answer's fields whatever format it came in, or undefined when it is not an SMS Partner answer. */
export function parseAnswerText(text: string, successPositions: readonly string[]): AnswerFields | undefined {
	const body = text.trim();
	if (body.startsWith('{')) return parseJson(body);
	if (body.startsWith('<')) return parseXml(body, successPositions);
	return undefined;
}

function successFlag(value: unknown): boolean | undefined {
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	return undefined;
}

function controlCode(value: unknown): number | null {
	const code = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
	return typeof code === 'number' && Number.isInteger(code) ? code : null;
}

function redact(text: string, secret: string): string {
	return secret ? text.split(secret).join('***') : text;
}

function refusal(status: number, fields: AnswerFields, options: ReadAnswerOptions): SmsPartnerError {
	const code = controlCode(fields.code);
	const apiMessage =
		typeof fields.message === 'string' ? redact(fields.message.trim(), options.secret) : '';
	const meaning = (code !== null && options.controlCodes[code]) || apiMessage || 'SMS Partner refused the request';
	const said = apiMessage && apiMessage !== meaning ? `SMS Partner said: "${apiMessage}". ` : '';
	const hint = (code !== null && CONTROL_CODE_HINTS[code]) || '';
	return apiFailure({
		message: code === null ? meaning : `${meaning} (SMS Partner code ${code})`,
		description: `${said}${hint}${hint ? ' ' : ''}Nothing was changed.`.trim(),
		code,
		httpStatus: status,
		outcome: 'rejected',
	});
}

function unreadable(status: number, why: string): SmsPartnerError {
	if (status >= 400 && status < 500) {
		return apiFailure({
			message: `SMS Partner answered HTTP ${status} without a readable answer`,
			description: `${why} Check the Base URL in the 'SMS Partner API' credential. The request was refused, so nothing was changed.`,
			code: null,
			httpStatus: status,
			outcome: 'rejected',
		});
	}
	return apiFailure({
		message:
			status >= 500
				? `SMS Partner had a server error (HTTP ${status}): outcome unknown`
				: 'SMS Partner sent an answer that could not be read: outcome unknown',
		description: `${why} ${CHECK_BALANCE_ADVICE}`,
		code: null,
		httpStatus: status,
		outcome: 'unknown',
	});
}

/**
 * Reads an answer whatever its HTTP status (SMS Partner sends refusals with 200
 * and with 4xx alike) and returns its fields only when it says `success: true`.
 */
export function readAnswer(options: ReadAnswerOptions): AnswerFields {
	const { status, text } = options;
	const fields = parseAnswerText(text, options.successPositions);
	if (!fields) {
		const why = text.trim() === '' ? 'The answer was empty.' : 'The answer was not SMS Partner JSON or XML.';
		throw unreadable(status, why);
	}
	const success = successFlag(fields.success);
	if (success === false) throw refusal(status, fields, options);
	if (success === undefined) {
		throw unreadable(status, "The answer has no 'success' field.");
	}
	const code = controlCode(fields.code);
	if (fields.code !== undefined && code !== SUCCESS_CODE) {
		throw unreadable(status, `The answer says success but carries code ${String(fields.code)}.`);
	}
	return fields;
}

/** A balance as a number, whether SMS Partner sent 61.8 or "61.800"; undefined when absent or not a number. */
export function readAmount(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
	return undefined;
}

/** For a successful answer that lacks what the operation must report. */
export function incompleteSuccess(status: number, missing: string): SmsPartnerError {
	return apiFailure({
		message: `SMS Partner reported success but its answer has no readable '${missing}'`,
		description: CHECK_BALANCE_ADVICE,
		code: SUCCESS_CODE,
		httpStatus: status,
		outcome: 'unknown',
	});
}
