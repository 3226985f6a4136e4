/**
 * Reading the node's parameters: the first step of every field's `get*`
 * (input/account.ts, sms.ts, options.ts), and all of it for a field that needs
 * no check beyond. Verbs: `get*` reads a field from n8n and checks it,
 * `validate*` checks a value already read.
 *
 * A parameter whose stored value holds no expression is the same for every
 * item, so it is read from n8n once per execution: each `getNodeParameter` call
 * looks up the node type, deep-copies and type-checks the value, which costs
 * more than a whole answer's parsing.
 * Parameters that hold an expression are read for each item, as they vary.
 *
 * An expression that gives nothing is refused, naming the field: n8n turns an
 * expression that fails (a TypeError, a field the item does not have) into an
 * empty value, and an empty optional setting means "now", "live" or "no STOP".
 */

import type {
	IExecuteFunctions,
	INodeParameters,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { invalidInput } from '../helpers/errors';

interface RunParameters {
	/** The parameters as stored in the workflow, expressions unevaluated. */
	stored: INodeParameters;
	/** Stored expressions that only read one field of the item: the field's name, or null. */
	itemFields: Map<string, string | null>;
	/** Values read once, by name and fallback. */
	constants: Map<string, unknown>;
	/** Field labels by parameter path ('options.scheduledAt' → 'Scheduled At'). */
	labels: Map<string, string>;
	/** Stored values by parameter path, and whether they hold an expression. */
	storedValues: Map<string, StoredValue>;
	/** The execution's input items, asked of n8n once. */
	inputData?: ReturnType<IExecuteFunctions['getInputData']>;
}

interface StoredValue {
	value: unknown;
	holdsExpression: boolean;
}

/** What reading a parameter needs from n8n: the execute context, or the trigger's poll context. */
export interface ParameterSource {
	getNode: IExecuteFunctions['getNode'];
}

/** Keyed by n8n's context object of one execution, so nothing outlives it. */
const parametersOfRun = new WeakMap<object, RunParameters>();

function runParameters(context: ParameterSource): RunParameters {
	let run = parametersOfRun.get(context);
	if (!run) {
		// getNode() hands out a deep copy of the node: taken once.
		run = {
			stored: context.getNode().parameters,
			itemFields: new Map(),
			constants: new Map(),
			labels: new Map(),
			storedValues: new Map(),
		};
		parametersOfRun.set(context, run);
	}
	return run;
}

/** Field labels by parameter path, from the fields shown for the operation (collections' options included). */
export function fieldLabels(properties: INodeProperties[], prefix = ''): Map<string, string> {
	const labels = new Map<string, string>();
	for (const property of properties) {
		const path = `${prefix}${property.name}`;
		if (!labels.has(path)) labels.set(path, property.displayName);
		if (property.type === 'collection' && Array.isArray(property.options)) {
			const inner = fieldLabels(property.options as INodeProperties[], `${path}.`);
			for (const [innerPath, label] of inner)
				if (!labels.has(innerPath)) labels.set(innerPath, label);
		}
	}
	return labels;
}

/** The labels errors name fields by, for this execution (see fieldLabels). */
export function useFieldLabels(context: ParameterSource, labels: Map<string, string>): void {
	runParameters(context).labels = labels;
}

/** 'scheduledAt' → 'Scheduled At', for a field without a known label. */
function humanName(name: string): string {
	const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field's label as the editor shows it. */
export function labelOf(context: ParameterSource, path: string): string {
	return runParameters(context).labels.get(path) ?? humanName(path.split('.').pop() ?? path);
}

/** Whether a stored parameter value holds an n8n expression (a string starting with `=`), at any depth. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
}

/** Nothing, for a setting: undefined, null, or text with nothing but spaces. */
export function isNothing(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

const SHOWN_EXPRESSION_LENGTH = 120;

function emptyExpression(path: string, label: string, expression: string, value: unknown) {
	const blank = typeof value === 'string' && value !== '';
	const gave = blank
		? `is blank: its expression gave only spaces`
		: `is empty: its expression gave nothing`;
	const shown =
		expression.length > SHOWN_EXPRESSION_LENGTH
			? `${expression.slice(0, SHOWN_EXPRESSION_LENGTH)}…`
			: expression;
	return invalidInput(
		path.split('.').pop() ?? path,
		`${label} ${gave}`,
		`The expression ${shown} gave ${blank ? 'only spaces' : 'an empty value'} for this item. n8n gives an empty value when an expression fails or reads a field the item does not have, so the node refuses it rather than act as if ${label} had been left out. Fix the expression, or give the item that value. Nothing was sent to SMS Partner.`,
	);
}

/**
 * Refuses a value whose stored form is an expression and which came out empty:
 * the parameter itself, or any option of a collection, at any depth.
 */
export function refuseEmptyExpressions(
	stored: unknown,
	value: unknown,
	path: string,
	label: (path: string) => string,
): void {
	if (typeof stored === 'string') {
		if (stored.startsWith('=') && isNothing(value)) {
			throw emptyExpression(path, label(path), stored.slice(1).trim(), value);
		}
		return;
	}
	if (stored !== null && typeof stored === 'object' && !Array.isArray(stored)) {
		const values = (value !== null && typeof value === 'object' ? value : {}) as Record<
			string,
			unknown
		>;
		for (const [key, inner] of Object.entries(stored)) {
			refuseEmptyExpressions(inner, values[key], `${path}.${key}`, label);
		}
	}
}

function storedValueOf(run: RunParameters, path: string): StoredValue {
	let known = run.storedValues.get(path);
	if (!known) {
		const value = storedAt(run.stored, path);
		known = { value, holdsExpression: holdsExpression(value) };
		run.storedValues.set(path, known);
	}
	return known;
}

/** A stored value by its path: 'options.timeout' is the Timeout option. */
function storedAt(stored: INodeParameters, path: string): unknown {
	let value: unknown = stored;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** `={{ $json.name }}` or `={{ $json["name"] }}`, with nothing around it. */
const ITEM_FIELD = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(["'])([^"'\\]*)\2\s*\])\s*\}\}$/;

/** Names an object may answer from its prototype: left to n8n. */
const UNSAFE_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * An expression that only reads one field of the item, when that field holds text
 * (not blank), a number or a boolean: the field's value, which is exactly what n8n's
 * evaluation gives for it, without its cost (n8n 2.x evaluates each expression in its
 * expression sandbox, about 0.5 ms, twice a Send Many item). Undefined for anything
 * else, which n8n then evaluates: a missing or empty field, null, a list, an object.
 */
function itemFieldValue(
	context: IExecuteFunctions,
	run: RunParameters,
	stored: string,
	itemIndex: number,
): string | number | boolean | undefined {
	let field = run.itemFields.get(stored);
	if (field === undefined) {
		const match = ITEM_FIELD.exec(stored);
		field = match ? (match[1] ?? match[3]) : null;
		run.itemFields.set(stored, field);
	}
	if (field === null || UNSAFE_FIELDS.has(field)) return undefined;
	run.inputData ??= context.getInputData();
	const json = run.inputData[itemIndex]?.json;
	if (json === undefined || !Object.hasOwn(json, field)) return undefined;
	const value = json[field];
	if (typeof value === 'number' || typeof value === 'boolean') return value;
	if (typeof value === 'string' && value.trim() !== '') return value;
	return undefined;
}

/**
 * The parameter's value for the item (`name` may be a path into a collection, 'options.timeout'). A value without an expression is read once
 * per execution and the same frozen copy is handed to every item; an expression
 * that gives nothing is refused, naming the field.
 */
function parameterOf(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallbackValue?: unknown,
	label?: string,
): unknown {
	const run = runParameters(context);
	const { value: storedValue, holdsExpression: variable } = storedValueOf(run, name);
	if (variable) {
		if (typeof storedValue === 'string') {
			const direct = itemFieldValue(context, run, storedValue, itemIndex);
			if (direct !== undefined) return direct;
		}
		const labelAt = (path: string) =>
			path === name && label !== undefined ? label : labelOf(context, path);
		const value = evaluateField(name, labelAt(name), () =>
			context.getNodeParameter(name, itemIndex, fallbackValue),
		);
		refuseEmptyExpressions(storedValue, value, name, labelAt);
		return value;
	}
	const { constants } = run;
	const key = fallbackValue === undefined ? name : `${name}\u0000${JSON.stringify(fallbackValue)}`;
	if (!constants.has(key)) {
		constants.set(key, deepFreeze(context.getNodeParameter(name, itemIndex, fallbackValue)));
	}
	return constants.get(key);
}

/**
 * A field's value; an expression that cannot be evaluated, or that gives nothing,
 * is bad input like any other, found before sending.
 */
export function getParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): unknown {
	return parameterOf(context, name, itemIndex, undefined, label);
}

/** A field's value, `fallbackValue` when it is not set (a collection: {}); read as getParameter reads. */
export function getParameterOr(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallbackValue: unknown,
): unknown {
	return parameterOf(context, name, itemIndex, fallbackValue);
}

/** A trigger's parameter for this poll, read and refused the same way as the node's. */
export function getPollParameter(
	context: IPollFunctions,
	name: string,
	fallbackValue: unknown,
	label: string,
): unknown {
	const stored = context.getNode().parameters[name];
	const value = evaluateField(name, label, () => context.getNodeParameter(name, fallbackValue));
	refuseEmptyExpressions(stored, value, name, (path) =>
		path === name ? label : labelOf(context, path),
	);
	return value;
}

/** What `read` gives for the field; an expression it cannot evaluate is refused naming the field. */
export function evaluateField(name: string, label: string, read: () => unknown): unknown {
	try {
		return read();
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw invalidInput(name, `${label}: its expression could not be evaluated (${reason})`);
	}
}

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}

/** What kind of value an expression gave, for a message: "a list", "a number", "null". */
export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}

/** An optional text field's value, trimmed; undefined when it is empty or blank. */
export function optionalText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}
