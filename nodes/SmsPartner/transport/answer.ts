import { XMLParser, XMLValidator } from 'fast-xml-parser';

import {
	ERROR_XML_SHAPE,
	SUCCESS_CODE,
	type ControlCode,
	type Endpoint,
	type XmlShape,
} from '../api/common';
import {
	apiFailure,
	uncertainOutcomeAdvice,
	type RequestEffect,
	type SmsPartnerError,
} from '../helpers/errors';
import { redactorFor, type Redactor } from '../helpers/secrets';
import { parseJsonExactly } from './exactJson';
import { fitsKind, parseInteger, parseJsonFlag, parseXmlFlag } from './values';

/** An answer's fields, by name, as JSON gives them or as read from the XML positions. */
export type AnswerFields = Record<string, unknown>;

export interface ParseAnswerOptions {
	status: number;
	text: string;
	endpoint: Pick<
		Endpoint,
		| 'controlCodes'
		| 'xmlShape'
		| 'readOnly'
		| 'uncertainAdvice'
		| 'alsoSuccessCodes'
		| 'successImpliedBy'
		| 'listedDespiteFalseSuccess'
	>;
	/** Removed from any text of SMS Partner's that ends up in an error. */
	secret: string;
	/** The subaccount token the request named, for messages that name it. */
	subaccount?: string;
	/** Return a refusal with the answer's fields instead of throwing it (a bulk answer's lines). */
	keepRefusal?: boolean;
}

const xmlParser = new XMLParser({
	ignoreAttributes: true,
	parseTagValue: false,
	trimValues: true,
	isArray: (name) => name === 'entry',
});

function parseJson(text: string): AnswerFields | undefined {
	try {
		const value: unknown = parseJsonExactly(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value)
			? (value as AnswerFields)
			: undefined;
	} catch {
		return undefined;
	}
}

/** Values by name: an <entry> made of named elements (`/me`'s user), as SMS Partner documents it. */
type NamedValues = { readonly [name: string]: string };

function isNamedValues(value: unknown): value is NamedValues {
	return (
		value !== null &&
		typeof value === 'object' &&
		!Array.isArray(value) &&
		Object.values(value).every((named) => typeof named === 'string')
	);
}

/**
 * An <entry>'s value: its text, the list of its own entries when it nests them,
 * or its named values when it holds named elements; undefined for anything else.
 */
function entryValue(value: unknown): unknown {
	if (typeof value === 'string') return value;
	if (value === null || typeof value !== 'object') return undefined;
	const { entry, ...named } = value as Record<string, unknown>;
	if (Array.isArray(entry)) {
		return Object.keys(named).length === 0 ? entry.map(entryValue) : undefined;
	}
	return entry === undefined && isNamedValues(named) ? named : undefined;
}

/**
 * Names positional values after a shape, checking that there are exactly as many
 * as the shape has fields and that each looks like its kind: one missing entry
 * must never slide a value (an API key, say) into another field's place.
 * Undefined when they do not fit: the whole answer is refused.
 */
function nameByPosition(values: unknown[], shape: XmlShape): AnswerFields | undefined {
	if (values.includes(undefined)) return undefined;
	const required = shape.filter((field) => !('kind' in field && field.optional)).length;
	if (values.length < required || values.length > shape.length) return undefined;
	const fields: AnswerFields = {};
	for (const [index, value] of values.entries()) {
		const field = shape[index];
		let named: unknown;
		if ('kind' in field) {
			named = typeof value === 'string' && fitsKind(value, field.kind) ? value : undefined;
		} else if ('fields' in field) {
			named = Array.isArray(value)
				? nameByPosition(value, field.fields)
				: isNamedValues(value)
					? nameByName(value, field.fields)
					: undefined;
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

/**
 * Named values read against a shape: each must look like its kind, and every
 * field the shape requires must be there. Names the shape does not know are left out.
 */
function nameByName(values: NamedValues, shape: XmlShape): AnswerFields | undefined {
	const fields: AnswerFields = {};
	for (const field of shape) {
		if (!('kind' in field)) return undefined;
		const value = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
		if (value === undefined) {
			if (field.optional) continue;
			return undefined;
		}
		if (!fitsKind(value, field.kind)) return undefined;
		fields[field.name] = value;
	}
	return fields;
}

/**
 * Code 9 in XML, as documented on the send and bulk pages: the third entry is a
 * list of `[elementId, message]` pairs, the JSON's `errors` without their names.
 */
function validationErrors(values: unknown[]): AnswerFields | undefined {
	const [success, code, list, ...rest] = values;
	if (rest.length > 0 || parseXmlFlag(success) !== false || !fitsKind(code, 'integer')) {
		return undefined;
	}
	if (!Array.isArray(list) || list.length === 0) return undefined;
	const errors = list.map((pair) =>
		Array.isArray(pair) &&
		pair.length === 2 &&
		typeof pair[0] === 'string' &&
		typeof pair[1] === 'string'
			? { elementId: pair[0], message: pair[1] }
			: undefined,
	);
	return errors.includes(undefined) ? undefined : { success, code, errors };
}

function parseXml(text: string, successShape: XmlShape): AnswerFields | undefined {
	if (XMLValidator.validate(text) !== true) return undefined;
	const root = (xmlParser.parse(text) as Record<string, unknown>).result;
	if (root === null || typeof root !== 'object') return undefined;
	const { entry, ...named } = root as Record<string, unknown>;
	if (entry === undefined) return named;
	if (!Array.isArray(entry) || Object.keys(named).length > 0) return undefined;
	const values = entry.map(entryValue);
	if (parseXmlFlag(values[0]) === true) return nameByPosition(values, successShape);
	return Array.isArray(values[2])
		? validationErrors(values)
		: nameByPosition(values, ERROR_XML_SHAPE);
}

export interface ParsedAnswer {
	format: 'json' | 'xml';
	fields: AnswerFields;
	/** SMS Partner's refusal, when asked to keep it (keepRefusal). */
	refusal?: SmsPartnerError;
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
/** Code 9's list of fields is quoted longer: each field refused is named (20 at most). */
const LIST_QUOTE_LENGTH = 2000;

/**
 * SMS Partner's own words, for an error: the key masked first, then cut. Cut
 * first, a key standing across the cut would no longer be recognised, and its
 * beginning would be shown.
 */
export function quoteAnswerText(text: string, secret: string, length = QUOTE_LENGTH): string {
	return answerQuoter(secret)(text, length);
}

/**
 * quoteAnswerText for one answer's many texts: the masker is built once (it costs
 * far more than one short text's masking), on the first quote. A STOP list of
 * 100,000 ids quotes each id.
 */
export type AnswerQuoter = (text: string, length?: number) => string;

export function answerQuoter(secret: string): AnswerQuoter {
	let redactor: Redactor | undefined;
	return (text, length = QUOTE_LENGTH) =>
		(redactor ??= redactorFor([secret])).text(text.trim()).slice(0, length);
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
			// A message may run over lines (the XML sample's does): one line in an error.
			const text = typeof message === 'string' ? message.trim().replace(/\s+/g, ' ') : '';
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
	quote: (text: string, length?: number) => string;
	/** The subaccount token the request named, for meanings that name it. */
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
	const apiMessage = context.quote(
		given,
		typeof fields.message === 'string' ? undefined : LIST_QUOTE_LENGTH,
	);
	const known = code === null ? undefined : context.controlCodes[code];
	const named = context.subaccount === undefined ? '' : ` "${context.subaccount}"`;
	const unchanged = context.unchanged ?? 'Nothing was changed.';
	if (known?.meanings) return disputedRefusal(status, code!, known, named, apiMessage, unchanged);
	const meaning =
		known?.meaning.replace('{subaccount}', named) ||
		apiMessage ||
		(context.fallback ?? 'SMS Partner refused the request');
	const said = apiMessage && apiMessage !== meaning ? `SMS Partner said: "${apiMessage}". ` : '';
	const hint = known?.hint ?? '';
	return apiFailure({
		message: code === null ? meaning : `${meaning} (SMS Partner code ${code})`,
		description: `${said}${hint}${hint ? ' ' : ''}${unchanged}`.trim(),
		code,
		httpStatus: status,
		outcome: 'rejected',
	});
}

/**
 * A code SMS Partner's own pages give different meanings: the node states no
 * cause of its own, which could contradict SMS Partner's words. It leads with
 * those words, and lists the documented meanings only when there are none.
 */
function disputedRefusal(
	status: number,
	code: number,
	known: ControlCode,
	named: string,
	apiMessage: string,
	unchanged: string,
): SmsPartnerError {
	const refused = `${known.meaning.replace('{subaccount}', named)} (code ${code})`;
	const meanings = known.meanings ?? [];
	return apiFailure({
		message: apiMessage ? `${refused}: «${apiMessage}»` : refused,
		description: apiMessage
			? unchanged
			: `SMS Partner gave no reason, and its pages give code ${code} ${meanings.length} meanings: ${meanings.join('; or ')}. ${unchanged}`,
		code,
		httpStatus: status,
		outcome: 'rejected',
	});
}

/** What in a refusal says the request was carried out anyway: a message ID, or a cost. */
export function billedSign(fields: AnswerFields): string | undefined {
	const given = (value: unknown) => value !== undefined && value !== null && value !== '';
	if (given(fields.message_id)) return 'a message ID';
	if (given(fields.cost)) return 'a cost';
	return undefined;
}

/**
 * An answer that says two things at once (refused but billed, success with an
 * error code): SMS Partner may have carried the request out.
 */
export function contradictoryAnswer(
	status: number,
	what: string,
	fields: AnswerFields,
	quote: (text: string) => string,
	effect: RequestEffect,
): SmsPartnerError {
	const words = typeof fields.message === 'string' ? quote(fields.message) : '';
	return apiFailure({
		message: `SMS Partner's answer ${what}: outcome unknown`,
		description: `${words ? `SMS Partner said: "${words}". ` : ''}${uncertainOutcomeAdvice(effect)}`,
		code: controlCode(fields.code),
		httpStatus: status,
		outcome: 'unknown',
	});
}

/** The contradiction of `success: true` with a code that is not 200, or undefined. */
export function successCodeContradiction(
	fields: AnswerFields,
	alsoSuccessCodes: readonly number[] = [],
): string | undefined {
	if (fields.code === undefined) return undefined;
	const code = controlCode(fields.code);
	if (code === SUCCESS_CODE || (code !== null && alsoSuccessCodes.includes(code))) return undefined;
	return `says success but carries ${code === null ? 'a code that is not a number' : `code ${code}`}`;
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

/** The answer SMS Partner's page prints for a list (`success: false`, the list, nothing else): see Endpoint. */
function isDocumentedListing(fields: AnswerFields, listName: string | undefined): boolean {
	if (listName === undefined || !Array.isArray(fields[listName])) return false;
	return ['code', 'message', 'errors', 'error'].every((name) => fields[name] === undefined);
}

/**
 * Reads an answer whatever its HTTP status (SMS Partner sends refusals with 200
 * and with 4xx alike) and returns its fields only when it says `success: true`
 * (or, with keepRefusal, a refusal along with its fields). An answer that
 * contradicts itself is never a clean outcome: refused but carrying a message
 * ID or a cost, or success with another code than 200, is an unknown outcome.
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
	const quote = answerQuoter(options.secret);
	const success =
		parsed.format === 'json' ? parseJsonFlag(fields.success) : parseXmlFlag(fields.success);
	if (
		success === false &&
		isDocumentedListing(fields, options.endpoint.listedDespiteFalseSuccess)
	) {
		return parsed;
	}
	if (success === false) {
		const billed = billedSign(fields);
		if (billed) {
			const code = controlCode(fields.code);
			const refused = code === null ? 'says refused' : `says refused (code ${code})`;
			throw contradictoryAnswer(
				status,
				`${refused} but carries ${billed}`,
				fields,
				quote,
				options.endpoint,
			);
		}
		const refusal = refusalOf(status, fields, {
			controlCodes: options.endpoint.controlCodes,
			quote,
			subaccount: options.subaccount,
		});
		if (options.keepRefusal) return { ...parsed, refusal };
		throw refusal;
	}
	const implied = options.endpoint.successImpliedBy;
	if (success === undefined && implied !== undefined && fields[implied] !== undefined) {
		return parsed;
	}
	if (success === undefined) {
		throw unreadable(status, "The answer has no 'success' field.", options.endpoint);
	}
	const contradiction = successCodeContradiction(fields, options.endpoint.alsoSuccessCodes);
	if (contradiction) {
		throw contradictoryAnswer(status, contradiction, fields, quote, options.endpoint);
	}
	return parsed;
}

/** For a successful answer that lacks what the operation must report. */
export function incompleteSuccess(
	status: number,
	missing: string,
	effect: RequestEffect,
): SmsPartnerError {
	return apiFailure({
		message: `SMS Partner reported success but its answer has no readable '${missing}'`,
		description: uncertainOutcomeAdvice(effect),
		code: SUCCESS_CODE,
		httpStatus: status,
		outcome: 'unknown',
	});
}
