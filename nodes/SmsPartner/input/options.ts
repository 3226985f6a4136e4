/**
 * The Options every operation offers (answer format, timeout, concurrency) and
 * the Return All / Limit pair of the Get Many operations: read and checked, one
 * `get*` per field or group. Their fields are in shared/fields.ts.
 */
import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { invalidInput } from '../helpers/errors';
import { DEFAULT_TIMEOUT_MS, type RequestOptions } from '../transport/call';
import { getParameter, getParameterOr, getPollParameter } from './parameters';

export const MAX_CONCURRENCY = 64;

/** "Max Concurrent Requests" is one setting for the whole node: read from the first item. */
export function getMaxConcurrency(this: IExecuteFunctions): number {
	// Its own option alone: another option's bad expression belongs to the items' checks.
	const maxConcurrency = getParameterOr(this, 'options.maxConcurrency', 0, 1);
	if (
		typeof maxConcurrency !== 'number' ||
		!Number.isInteger(maxConcurrency) ||
		maxConcurrency < 1 ||
		maxConcurrency > MAX_CONCURRENCY
	) {
		throw invalidInput(
			'maxConcurrency',
			`Max Concurrent Requests must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(maxConcurrency)}`,
		);
	}
	return maxConcurrency;
}

/** The item's Options every request takes: answer format and timeout, checked. */
export function getRequestOptions(this: IExecuteFunctions, itemIndex: number): RequestOptions {
	const options = getParameterOr(this, 'options', itemIndex, {}) as {
		responseFormat?: unknown;
		timeout?: unknown;
	};
	const format = options.responseFormat ?? 'json';
	if (format !== 'json' && format !== 'xml') {
		throw invalidInput(
			'responseFormat',
			`Response Format must be "json" or "xml", not ${JSON.stringify(format)}`,
		);
	}
	return { format, timeout: validateTimeout(options.timeout) };
}

/** The trigger's Options, checked: its Timeout; it always asks for JSON. */
export function getPollRequestOptions(this: IPollFunctions): RequestOptions {
	const options = getPollParameter(this, 'options', {}, 'Options') as { timeout?: unknown };
	return { format: 'json', timeout: validateTimeout(options.timeout) };
}

/** The Timeout option, in milliseconds; unset means the default. */
export function validateTimeout(value: unknown): number {
	const timeout = value ?? DEFAULT_TIMEOUT_MS;
	if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1) {
		throw invalidInput(
			'timeout',
			`Timeout must be a whole number of milliseconds above 0, not ${JSON.stringify(timeout)}`,
		);
	}
	return timeout;
}

/** How many results to output: Infinity with Return All. */
export function getLimit(this: IExecuteFunctions, itemIndex: number): number {
	if (getParameter(this, 'returnAll', itemIndex, 'Return All') === true) return Infinity;
	const value = getParameter(this, 'limit', itemIndex, 'Limit');
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw invalidInput(
			'limit',
			`Limit must be a whole number above 0, not ${JSON.stringify(value)}`,
		);
	}
	return value;
}
