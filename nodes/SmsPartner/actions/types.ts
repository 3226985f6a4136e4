import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

export interface SubaccountBalance {
	/** null when SMS Partner's list gave no readable balance for it. */
	balance: number | null;
	currency: string | null;
}

/**
 * What one execution of the node learns and reuses across its items (never kept
 * in a module: n8n may run many executions, and workers, in one process).
 */
export interface RunState {
	/** Work on one sub-account token, chained so that its items keep their input order. */
	tokenQueues: Map<string, Promise<unknown>>;
	/** Sub-account balances by token, from SMS Partner's list, read once for "Remove All Remaining Credit". */
	subaccountList?: Promise<Map<string, SubaccountBalance>>;
	/**
	 * Balances SMS Partner reported after a move in this run: newer than the list.
	 * null after a move whose outcome is unknown: the list must be read again.
	 */
	balancesAfterMoves: Map<string, SubaccountBalance | null>;
	/** The main account's balance as most recently reported (by /me or by a move's answer). */
	latestMainBalance?: number;
	/** The one /me read of a run, for items that move nothing. */
	mainBalanceRead?: Promise<void>;
}

export function newRunState(): RunState {
	return { tokenQueues: new Map(), balancesAfterMoves: new Map() };
}

export interface Operation {
	description: INodeProperties[];
	/** Moves money or creates/deletes accounts: never to be re-run by n8n's Retry On Fail. */
	changesAccounts: boolean;
	execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]>;
}
