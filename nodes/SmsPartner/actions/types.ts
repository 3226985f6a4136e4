import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

interface OperationBase {
	/** Its fields, shown only for it. */
	description: INodeProperties[];
	/**
	 * Running it again does it again (moves money, sends SMS, creates or deletes a
	 * subaccount): refused while n8n's Retry On Fail is on, which re-runs every item.
	 */
	refusesRetryOnFail: boolean;
	/** Why it refuses, when not because it would move money, send SMS or change accounts twice. */
	retryOnFailReason?: string;
	/** Changes the account other than by sending: refused through a credential in Test Mode. */
	refusedInTestMode?: boolean;
}

interface ReadsEachItem extends OperationBase {
	/**
	 * Reads and checks the item's fields. The router reads every item before the
	 * first request: bad input stops the run (or goes to the error output) before
	 * anything is sent, and n8n evaluates the items' expressions in one go.
	 */
	read(this: IExecuteFunctions, itemIndex: number): unknown;
}

/** An operation that makes its own request(s) for each item. */
export interface ItemOperation extends ReadsEachItem {
	/** Does the item's work; `input` is what `read` returned for it. */
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		input: unknown,
	): Promise<INodeExecutionData[]>;
}

/**
 * An item operation whose items share what the run learns (the subaccount
 * balances of subAccount/runState.ts): the router makes one state per run with
 * `newRunState`, and hands it to every item's `execute`.
 */
export interface RunStateOperation extends ReadsEachItem {
	newRunState(): unknown;
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		input: unknown,
		state: unknown,
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
export type Operation = ItemOperation | RunStateOperation | BatchOperation;
