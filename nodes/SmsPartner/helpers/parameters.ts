/**
 * Reading the node's parameters. A parameter whose stored value holds no
 * expression is the same for every item, so it is read from n8n once per
 * execution: each `getNodeParameter` call looks up the node type, deep-copies
 * and type-checks the value, which costs more than a whole answer's parsing.
 * Parameters that hold an expression are read for each item, as they vary.
 */

import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

interface RunParameters {
	/** The parameters as stored in the workflow, expressions unevaluated. */
	stored: INodeParameters;
	/** Values read once, by name and fallback. */
	constants: Map<string, unknown>;
}

/** Keyed by n8n's context object of one execution, so nothing outlives it. */
const parametersOfRun = new WeakMap<object, RunParameters>();

function runParameters(context: IExecuteFunctions): RunParameters {
	let run = parametersOfRun.get(context);
	if (!run) {
		// getNode() hands out a deep copy of the node: taken once.
		run = { stored: context.getNode().parameters, constants: new Map() };
		parametersOfRun.set(context, run);
	}
	return run;
}

/** Whether a stored parameter value holds an n8n expression (a string starting with `=`), at any depth. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * The parameter's value for the item. A value without an expression is read once
 * per execution and the same frozen copy is handed to every item.
 */
export function readParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallbackValue?: unknown,
): unknown {
	const { stored, constants } = runParameters(context);
	if (holdsExpression(stored[name])) {
		return context.getNodeParameter(name, itemIndex, fallbackValue);
	}
	const key = fallbackValue === undefined ? name : `${name}\u0000${JSON.stringify(fallbackValue)}`;
	if (!constants.has(key)) {
		constants.set(key, deepFreeze(context.getNodeParameter(name, itemIndex, fallbackValue)));
	}
	return constants.get(key);
}

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}
