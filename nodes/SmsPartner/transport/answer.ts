import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { ERROR_XML_SHAPE, SUCCESS_CODE, type Endpoint, type XmlShape } from '../api';
import { apiFailure, uncertainOutcomeAdvice, type SmsPartnerError } from '../helpers/errors';

/** An answer's fields, by name, as JSON gives them or as read from the XML positions. */
export type AnswerFields = Record<string, unknown>;

export interface ReadAnswerOptions {
	status: number;
	text: string;
	endpoint: Pick<Endpoint, 'controlCodes' | 'xmlShape' | 'changesAccounts'>;
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

/** An <entry>'s value: its text, or the list of its own entries when it nests them. */
function entryValue(value: unknown): unknown {
	if (typeof value === 'string') return value;
	if (value !== null && typeof value === 'object' && Array.isArray((value as { entry?: unknown }).entry)) {
		return ((value as { entry: unknown[] }).entry).map(entryValue);
	}
	return '';
}

/** Names positional values after a shape; values past the shape's end are dropped. */
function nameByPosition(values: unknown[], shape: XmlShape): AnswerFields {
	const fields: AnswerFields = {};
	shape.forEach((field, index) => {
		if (index >= values.length) return;
		const value = values[index];
		if (typeof field === 'string') fields[field] = value;
		else if ('fields' in field) fields[field.name] = Array.isArray(value) ? nameByPosition(value, field.fields) : value;
		else if (Array.isArray(value)) {
			fields[field.name] = value.map((item) => (Array.isArray(item) ? nameByPosition(item, field.listOf) : item));
		} else fields[field.name] = value === '' ? [] : value;
	});
	return fields;
}

function parseXml(text: string, successShape: XmlShape): AnswerFields | undefined {
	if (XMLValidator.validate(text) !== true) return undefined;
	const root = (xmlParser.parse(text) as Record<string, unknown>).result;
	if (root === null || typeof root !== 'object') return undefined;
	const { entry, ...named } = root as Record<string, unknown>;
	if (!Array.isArray(entry)) return named;
	const values = entry.map(entryValue);
	const shape = values[0] === 'true' ? successShape : ERROR_XML_SHAPE;
	return { ...named, ...nameByPosition(values, shape) };
}

/** The answer's fields whatever format it came in, or undefined when it is not an SMS Partner answer. */
export function parseAnswerText(text: string, successShape: XmlShape): AnswerFields | undefined {
	const body = text.trim();
	if (body.startsWith('{')) return parseJson(body);
	if (body.startsWith('<')) return parseXml(body, successShape);
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
	const known = code === null ? undefined : options.endpoint.controlCodes[code];
	const meaning = known?.meaning || apiMessage || 'SMS Partner refused the request';
	const said = apiMessage && apiMessage !== meaning ? `SMS Partner said: "${apiMessage}". ` : '';
	const hint = known?.hint ?? '';
	return apiFailure({
		message: code === null ? meaning : `${meaning} (SMS Partner code ${code})`,
		description: `${said}${hint}${hint ? ' ' : ''}Nothing was changed.`.trim(),
		code,
		httpStatus: status,
		outcome: 'rejected',
	});
}

function unreadable(status: number, why: string, changesAccounts: boolean): SmsPartnerError {
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
		description: `${why} ${uncertainOutcomeAdvice(changesAccounts)}`,
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
	const fields = parseAnswerText(text, options.endpoint.xmlShape);
	if (!fields) {
		const why = text.trim() === '' ? 'The answer was empty.' : 'The answer was not SMS Partner JSON or XML.';
		throw unreadable(status, why, options.endpoint.changesAccounts);
	}
	const success = successFlag(fields.success);
	if (success === false) throw refusal(status, fields, options);
	if (success === undefined) {
		throw unreadable(status, "The answer has no 'success' field.", options.endpoint.changesAccounts);
	}
	const code = controlCode(fields.code);
	if (fields.code !== undefined && code !== SUCCESS_CODE) {
		throw unreadable(
			status,
			`The answer says success but carries code ${String(fields.code)}.`,
			options.endpoint.changesAccounts,
		);
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
export function incompleteSuccess(status: number, missing: string, changesAccounts = true): SmsPartnerError {
	return apiFailure({
		message: `SMS Partner reported success but its answer has no readable '${missing}'`,
		description: uncertainOutcomeAdvice(changesAccounts),
		code: SUCCESS_CODE,
		httpStatus: status,
		outcome: 'unknown',
	});
}
