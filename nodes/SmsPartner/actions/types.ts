import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { RunState } from './runState';

interface OperationBase {
	/** Its fields, shown only for it. */
	description: INodeProperties[];
	/** Moves money, sends SMS or creates/deletes accounts: never to be re-run by n8n's Retry On Fail. */
	changesAccounts: boolean;
}

/** An operation that makes its own request(s) for each item. */
export interface ItemOperation extends OperationBase {
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		state: RunState,
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
