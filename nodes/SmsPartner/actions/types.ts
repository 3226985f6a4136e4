import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * What one execution of the node learns and reuses across its items (never kept
 * in a module: n8n may run many executions, and workers, in one process).
 */
export interface RunState {
	/** Sub-account balances by token, read once for "Remove All Remaining Credit". */
	subaccountBalances?: Map<string, { balance: number; currency: string | null }>;
	/** The main account's balance, once read or reported by a credit move. */
	mainCredit?: number;
}

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]>;
}
