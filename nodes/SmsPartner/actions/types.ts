import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { RunState } from './runState';

interface OperationBase {
	/** Its fields, shown only for it. */
	description: INodeProperties[];
	/** Moves money, sends SMS or creates/deletes accounts: never to be re-run by n8n's Retry On Fail. */
	changesAccounts: boolean;
	/** Changes the account other than by sending: refused through a credential in Test Mode. */
	refusedInTestMode?: boolean;
}

/** An operation that makes its own request(s) for each item. */
export interface ItemOperation extends OperationBase {
	/**
	 * Reads and checks the item's fields. The router reads every item before the
	 * first request: bad input stops the run (or goes to the error output) before
	 * anything is sent, and n8n evaluates the items' expressions in one go.
	 */
	read(this: IExecuteFunctions, itemIndex: number): unknown;
	/** Does the item's work; `input` is what `read` returned for it. */
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		state: RunState,
		input: unknown,
	): Promise<INodeExecutionData[]>;
}

/**
 * What a batch operation gives each item: its output items, or the error that
 * item alone gets. An item missing from the map was not processed (a run that
 * stops at its first error).
 */
export type BatchResults = Map<number, INodeExecutionData[] | Error>;

/** An operation that sends many items in one request (SMS Partner's bulk calls). */
export interface BatchOperation extends OperationBase {
	executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<BatchResults>;
}

/** What an operation file exports: the router and its resource need nothing else. */
export type Operation = ItemOperation | BatchOperation;
