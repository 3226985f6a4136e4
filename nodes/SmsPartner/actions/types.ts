import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { RunState } from './runState';

/** What an operation file exports: the router and its resource need nothing else. */
export interface Operation {
	/** Its fields, shown only for it. */
	description: INodeProperties[];
	/** Moves money or creates/deletes accounts: never to be re-run by n8n's Retry On Fail. */
	changesAccounts: boolean;
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		state: RunState,
	): Promise<INodeExecutionData[]>;
}
