import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runInOrderPool } from '../helpers/concurrency';
import { invalidInput, refusedInTestMode, type SmsPartnerError } from '../helpers/errors';
import { errorDetails, nodeError } from '../helpers/nodeErrors';
import { redactorFor } from '../helpers/secrets';
import { getMaxConcurrency } from '../input/options';
import { fieldLabels, useFieldLabels } from '../input/parameters';
import { apiKeyOfRun, testModeOfRun } from '../transport/credentials';
import * as account from './account/Account.resource';
import * as contact from './contact/Contact.resource';
import * as group from './group/Group.resource';
import * as number from './number/Number.resource';
import * as subAccount from './subAccount/SubAccount.resource';
import * as sms from './sms/Sms.resource';
import * as stopList from './stopList/StopList.resource';
import type { BatchResults, ItemOperation, Operation, RunStateOperation } from './types';

/** Every resource's operations, by `resource` and `operation` value. */
const resources: Record<string, Record<string, Operation>> = {
	account: account.operations,
	contact: contact.operations,
	group: group.operations,
	number: number.operations,
	sms: sms.operations,
	stopList: stopList.operations,
	subAccount: subAccount.operations,
};

/** Every field's label, by parameter path, for errors to name a field as the editor shows it. */
export const NODE_LABELS = fieldLabels([
	...account.description,
	...contact.description,
	...group.description,
	...number.description,
	...sms.description,
	...stopList.description,
	...subAccount.description,
]);

/** "removeCredit" → "Remove Credit", as the editor shows it. */
function operationLabel(operation: string): string {
	const words = operation.replace(/([a-z])([A-Z])/g, '$1 $2');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * n8n's "Retry On Fail" re-runs the whole node with every item when one fails:
 * the items that had moved money would move it again.
 */
function retryOnFailRefusal(
	operationName: string,
	reason = "n8n's retry runs every item again and would move money, send SMS or change accounts twice",
): SmsPartnerError {
	return invalidInput(
		'retryOnFail',
		`"Retry On Fail" is on for this node: ${operationName} is refused, because ${reason}`,
		"Turn it off in the node's Settings tab (Retry On Fail), then run again. The node already retries by itself whatever certainly did not reach SMS Partner. Nothing was sent.",
	);
}

/** An item whose fields could not be read: its error, for its turn. */
class UnreadItem {
	constructor(readonly error: unknown) {}
}

/** Every item's fields, read before the first request. */
function readItems(
	this: IExecuteFunctions,
	operation: ItemOperation | RunStateOperation,
	count: number,
): unknown[] {
	const inputs: unknown[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			inputs.push(operation.read.call(this, itemIndex));
		} catch (error) {
			inputs.push(new UnreadItem(error));
		}
	}
	return inputs;
}

/** One item's work: the items of a run share one state where the operation keeps one. */
function itemWork(operation: ItemOperation | RunStateOperation): ItemOperation['execute'] {
	if (!('newRunState' in operation)) return operation.execute;
	const state = operation.newRunState();
	return async function (this: IExecuteFunctions, itemIndex: number, input: unknown) {
		return await operation.execute.call(this, itemIndex, input, state);
	};
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
	const chosen =
		Object.hasOwn(resources, resource) && Object.hasOwn(resources[resource], operation)
			? resources[resource][operation]
			: undefined;
	if (!chosen) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}

	const label = operationLabel(operation);
	const refusal =
		chosen.refusesRetryOnFail && this.getNode().retryOnFail
			? retryOnFailRefusal(label, chosen.retryOnFailReason)
			: chosen.refusedInTestMode && (await testModeOfRun(this))
				? refusedInTestMode(label)
				: undefined;
	useFieldLabels(this, NODE_LABELS);
	const results: INodeExecutionData[][] = [];
	// "Continue (regular output)": the error item is the input item with `error` beside its
	// fields. "Continue (using error output)": `error` alone, which n8n routes to the error
	// output only then, merging the input item in itself.
	const keepsInput = this.getNode().onError === 'continueRegularOutput';
	const failed = async (error: unknown, itemIndex: number) => {
		const redact = redactorFor([await apiKeyOfRun(this)]);
		if (!this.continueOnFail()) throw nodeError.call(this, error, itemIndex, redact);
		const details = errorDetails(error, redact);
		results[itemIndex] = [
			{
				json: keepsInput ? { ...items[itemIndex].json, error: details } : { error: details },
				pairedItem: { item: itemIndex },
			},
		];
	};

	if ('executeBatch' in chosen) {
		const indexes = items.map((_, itemIndex) => itemIndex);
		const batchResults: BatchResults = refusal
			? new Map(indexes.map((itemIndex) => [itemIndex, refusal]))
			: await chosen.executeBatch.call(this, indexes);
		for (const itemIndex of indexes) {
			const result = batchResults.get(itemIndex);
			if (result === undefined) continue;
			if (result instanceof Error) await failed(result, itemIndex);
			else results[itemIndex] = result;
		}
	} else {
		// A node-wide setting: when it is wrong, every item fails with it (to the error output
		// with "On Error: Continue"), as a thrown error would send the input to the success output.
		let maxConcurrency = 1;
		let nodeRefusal: unknown = refusal;
		if (!nodeRefusal) {
			try {
				maxConcurrency = getMaxConcurrency.call(this);
			} catch (error) {
				nodeRefusal = error;
			}
		}
		const inputs = nodeRefusal ? [] : readItems.call(this, chosen, items.length);
		// Without "On Error: Continue" the first bad item stops the run before anything is sent.
		const firstUnread = inputs.findIndex((input) => input instanceof UnreadItem);
		if (firstUnread !== -1 && !this.continueOnFail()) {
			await failed((inputs[firstUnread] as UnreadItem).error, firstUnread);
		}
		const execute = itemWork(chosen);
		await runInOrderPool(items.length, maxConcurrency, async (itemIndex) => {
			try {
				if (nodeRefusal) throw nodeRefusal;
				const input = inputs[itemIndex];
				if (input instanceof UnreadItem) throw input.error;
				results[itemIndex] = await execute.call(this, itemIndex, input);
			} catch (error) {
				await failed(error, itemIndex);
			}
		});
	}
	// A hostile answer may echo the key in any field: nothing leaves the node unmasked.
	const redact = redactorFor([await apiKeyOfRun(this)]);
	return [results.flat().map((item) => ({ ...item, json: redact.json(item.json) }))];
}
