import { XMLParser, XMLValidator } from 'fast-xml-parser';

import {
	ERROR_XML_SHAPE,
	SUCCESS_CODE,
	type ControlCode,
	type Endpoint,
	type XmlShape,
} from '../api';
import {
	apiFailure,
	uncertainOutcomeAdvice,
	type RequestEffect,
	type SmsPartnerError,
} from '../helpers/errors';
import { redactorFor } from '../helpers/secrets';
import { fitsKind, parseInteger, parseJsonFlag, parseXmlFlag } from './values';

/** An answer's fields, by name, as JSON gives them or as read from the XML positions. */
export type AnswerFields = Record<string, unknown>;

export interface ParseAnswerOptions {
	status: number;
	text: string;
	endpoint: Pick<Endpoint, 'controlCodes' | 'xmlShape' | 'changesAccounts' | 'uncertainAdvice'>;
	/** Removed from any text of SMS Partner's that ends up in an error. */
	secret: string;
	/** The sub-account token the request named, for messages that name it. */
	subaccount?: string;
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
	if (
		value !== null &&
		typeof value === 'object' &&
		Array.isArray((value as { entry?: unknown }).entry)
	) {
		return (value as { entry: unknown[] }).entry.map(entryValue);
	}
	return '';
}

/**
 * Names positional values after a shape, checking that there are exactly as many
 * as the shape has fields and that each looks like its kind: one missing entry
 * must never slide a value (an API key, say) into another field's place.
 * Undefined when they do not fit: the whole answer is refused.
 */
function nameByPosition(values: unknown[], shape: XmlShape): AnswerFields | undefined {
	const required = shape.filter((field) => !('kind' in field && field.optional)).length;
	if (values.length < required || values.length > shape.length) return undefined;
	const fields: AnswerFields = {};
	for (const [index, value] of values.entries()) {
		const field = shape[index];
		let named: unknown;
		if ('kind' in field) {
			named = typeof value === 'string' && fitsKind(value, field.kind) ? value : undefined;
		} else if ('fields' in field) {
			named = Array.isArray(value) ? nameByPosition(value, field.fields) : undefined;
		} else if (value === '') {
			named = [];
		} else if (Array.isArray(value)) {
			const list = value.map((item) =>
				Array.isArray(item) ? nameByPosition(item, field.listOf) : undefined,
			);
			named = list.includes(undefined) ? undefined : list;
		}
		if (named === undefined) return undefined;
		fields[field.name] = named;
	}
	return fields;
}

function parseXml(text: string, successShape: XmlShape): AnswerFields | undefined {
	if (XMLValidator.validate(text) !== true) return undefined;
	const root = (xmlParser.parse(text) as Record<string, unknown>).result;
	if (root === null || typeof root !== 'object') return undefined;
	const { entry, ...named } = root as Record<string, unknown>;
	if (entry === undefined) return named;
	if (!Array.isArray(entry) || Object.keys(named).length > 0) return undefined;
	const values = entry.map(entryValue);
	return nameByPosition(values, parseXmlFlag(values[0]) === true ? successShape : ERROR_XML_SHAPE);
}

export interface ParsedAnswer {
	format: 'json' | 'xml';
	fields: AnswerFields;
}

/**
 * The answer's fields whatever format it came in, or undefined when it is not an
 * SMS Partner answer (or positional XML that does not fit its shape).
 */
export function parseAnswerText(text: string, successShape: XmlShape): ParsedAnswer | undefined {
	const body = text.trim();
	const fields = body.startsWith('{')
		? parseJson(body)
		: body.startsWith('<')
			? parseXml(body, successShape)
			: undefined;
	if (!fields) return undefined;
	return { format: body.startsWith('{') ? 'json' : 'xml', fields };
}

function controlCode(value: unknown): number | null {
	return parseInteger(value) ?? null;
}

/** How much of SMS Partner's own words an error quotes. */
const QUOTE_LENGTH = 300;

/**
 * SMS Partner's own words, for an error: the key masked first, then cut. Cut
 * first, a key standing across the cut would no longer be recognised, and its
 * beginning would be shown.
 */
export function quoteAnswerText(text: string, secret: string, length = QUOTE_LENGTH): string {
	return redactorFor([secret]).text(text.trim()).slice(0, length);
}

/** `children[sender].data` → `sender`: the request field SMS Partner names. */
function fieldOfElement(elementId: string): string {
	const named = /^children\[([^\]]+)\]/.exec(elementId);
	return named ? named[1] : elementId;
}

/**
 * Code 9 lists what it refused, field by field, under `errors` (the send page) or
 * `error` (the bulk page and the clients): "sender: too long; minute: required".
 * The whole list is built before it is masked and cut.
 */
function validationList(fields: AnswerFields): string {
	const list = Array.isArray(fields.errors)
		? fields.errors
		: Array.isArray(fields.error)
			? fields.error
			: [];
	return list
		.slice(0, 20)
		.map((entry) => {
			const { elementId, message } = (entry ?? {}) as Record<string, unknown>;
			const text = typeof message === 'string' ? message.trim() : '';
			const field = typeof elementId === 'string' ? fieldOfElement(elementId.trim()) : '';
			return field && text ? `${field}: ${text}` : field || text;
		})
		.filter((line) => line !== '')
		.join('; ');
}

/** What a refusal is read against: the call's codes, and how its words are quoted. */
export interface RefusalContext {
	controlCodes: Record<number, ControlCode>;
	/** SMS Partner's words, masked and cut (see quoteAnswerText). */
	quote: (text: string) => string;
	/** The sub-account token the request named, for meanings that name it. */
	subaccount?: string;
	/** What the refusal left undone, ending the description. */
	unchanged?: string;
	/** The message when neither a known code nor SMS Partner's words say more. */
	fallback?: string;
}

/**
 * SMS Partner's `success: false`, of a whole answer or of one line of a bulk
 * answer: its code's meaning and hint, and its own words (a message, or code 9's
 * list of fields) when they add something.
 */
export function refusalOf(
	status: number,
	fields: AnswerFields,
	context: RefusalContext,
): SmsPartnerError {
	const code = controlCode(fields.code);
	const given = typeof fields.message === 'string' ? fields.message : validationList(fields);
	const apiMessage = context.quote(given);
	const known = code === null ? undefined : context.controlCodes[code];
	const named = context.subaccount === undefined ? '' : ` "${context.subaccount}"`;
	const meaning =
		known?.meaning.replace('{subaccount}', named) ||
		apiMessage ||
		(context.fallback ?? 'SMS Partner refused the request');
	const said = apiMessage && apiMessage !== meaning ? `SMS Partner said: "${apiMessage}". ` : '';
	const hint = known?.hint ?? '';
	return apiFailure({
		message: code === null ? meaning : `${meaning} (SMS Partner code ${code})`,
		description:
			`${said}${hint}${hint ? ' ' : ''}${context.unchanged ?? 'Nothing was changed.'}`.trim(),
		code,
		httpStatus: status,
		outcome: 'rejected',
	});
}

function unreadable(status: number, why: string, effect: RequestEffect): SmsPartnerError {
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
		description: `${why} ${uncertainOutcomeAdvice(effect)}`,
		code: null,
		httpStatus: status,
		outcome: 'unknown',
	});
}

/**
 * Reads an answer whatever its HTTP status (SMS Partner sends refusals with 200
 * and with 4xx alike) and returns its fields only when it says `success: true`.
 */
export function parseAnswer(options: ParseAnswerOptions): ParsedAnswer {
	const { status, text } = options;
	const parsed = parseAnswerText(text, options.endpoint.xmlShape);
	if (!parsed) {
		const why =
			text.trim() === ''
				? 'The answer was empty.'
				: 'The answer was not SMS Partner JSON, or was XML whose entries do not fit this call.';
		throw unreadable(status, why, options.endpoint);
	}
	const { fields } = parsed;
	const success =
		parsed.format === 'json' ? parseJsonFlag(fields.success) : parseXmlFlag(fields.success);
	if (success === false) {
		throw refusalOf(status, fields, {
			controlCodes: options.endpoint.controlCodes,
			quote: (text) => quoteAnswerText(text, options.secret),
			subaccount: options.subaccount,
		});
	}
	if (success === undefined) {
		throw unreadable(status, "The answer has no 'success' field.", options.endpoint);
	}
	const code = controlCode(fields.code);
	if (fields.code !== undefined && code !== SUCCESS_CODE) {
		const shown = code === null ? 'a code that is not a number' : `code ${code}`;
		throw unreadable(status, `The answer says success but carries ${shown}.`, options.endpoint);
	}
	return parsed;
}

/** For a successful answer that lacks what the operation must report. */
export function incompleteSuccess(
	status: number,
	missing: string,
	effect: RequestEffect | boolean = true,
): SmsPartnerError {
	return apiFailure({
		message: `SMS Partner reported success but its answer has no readable '${missing}'`,
		description: uncertainOutcomeAdvice(
			typeof effect === 'boolean' ? { changesAccounts: effect } : effect,
		),
		code: SUCCESS_CODE,
		httpStatus: status,
		outcome: 'unknown',
	});
}
