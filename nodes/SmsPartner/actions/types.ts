import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * What one execution of the node learns and reuses across its items (never kept
 * in a module: n8n may run many executions, and workers, in one process).
 */
export interface RunState {
	/** Work on one sub-account token, chained so that its items keep their input order. */
	tokenQueues: Map<string, Promise<unknown>>;
	/** Sub-account balances by token, read once for "Remove All Remaining Credit". */
	subaccountBalances?: Promise<Map<string, { balance: number; currency: string | null }>>;
	/**
	 * The main account's balance, read once a run for the items that move nothing
	 * (an empty sub-account under "Remove All Remaining Credit"), so that the
	 * requests a run sends do not depend on how its items interleave.
	 */
	mainBalance?: Promise<number>;
}

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]>;
}
