import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { runInOrderPool } from '../helpers/concurrency';
import { SmsPartnerError, type SmsPartnerErrorDetails } from '../helpers/errors';
import { readMaxConcurrency } from './common.fields';
import * as account from './account/Account.resource';
import * as subAccount from './subAccount/SubAccount.resource';
import type { Operation, RunState } from './types';

const operations: Record<string, Record<string, Pick<Operation, 'execute'>>> = {
	subAccount: {
		addCredit: subAccount.addCredit,
		create: subAccount.create,
		delete: subAccount.delete,
		getMany: subAccount.getMany,
		removeCredit: subAccount.removeCredit,
	},
	account: { getBalance: account.getBalance },
};

function errorDetails(error: unknown): SmsPartnerErrorDetails {
	if (error instanceof SmsPartnerError) return error.details;
	const message = error instanceof Error ? error.message : String(error);
	return { message, description: '', code: null, httpStatus: null, outcome: 'unknown' };
}

function nodeError(this: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof SmsPartnerError) {
		const { message, description, httpStatus } = error.details;
		return error.kind === 'input'
			? new NodeOperationError(this.getNode(), message, { itemIndex, description })
			: new NodeApiError(this.getNode(), { ...error.details } as unknown as JsonObject, {
					message,
					description,
					httpCode: httpStatus === null ? undefined : String(httpStatus),
					itemIndex,
				});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(this.getNode(), errorDetails(error).message, { itemIndex });
}

/**
 * Runs the chosen operation once per item, up to "Max Concurrent Requests" at a
 * time, output in input order. With "On Error: Continue" a failed item is
 * returned as `{ error }` and nothing else: n8n moves an item to the error output
 * only when its json is (nearly) just `error`, and a node that throws would send
 * its input to the success output instead.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = operations[resource]?.[operation];
	if (!chosen) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}

	const state: RunState = { tokenQueues: new Map() };
	const results: INodeExecutionData[][] = [];
	await runInOrderPool(items.length, readMaxConcurrency.call(this), async (itemIndex) => {
		try {
			results[itemIndex] = await chosen.execute.call(this, itemIndex, state);
		} catch (error) {
			if (!this.continueOnFail()) throw nodeError.call(this, error, itemIndex);
			results[itemIndex] = [{ json: { error: { ...errorDetails(error) } }, pairedItem: { item: itemIndex } }];
		}
	});
	return [results.flat()];
}
