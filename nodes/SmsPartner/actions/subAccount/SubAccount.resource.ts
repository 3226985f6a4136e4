import type { INodeProperties } from 'n8n-workflow';

import * as addCredit from './addCredit.operation';
import * as create from './create.operation';
import * as deleteSubaccount from './delete.operation';
import * as getMany from './getMany.operation';
import * as removeCredit from './removeCredit.operation';

export { addCredit, create, deleteSubaccount as delete, getMany, removeCredit };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subAccount'] } },
		options: [
			{
				name: 'Add Credit',
				value: 'addCredit',
				description: 'Move euro credit from the main account to a sub-account',
				action: 'Add credit to a sub account',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a sub-account and give it credit from the main account',
				action: 'Create a sub account',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a sub-account for good',
				action: 'Delete a sub account',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List sub-accounts with their tokens and euro balances',
				action: 'Get many sub accounts',
			},
			{
				name: 'Remove Credit',
				value: 'removeCredit',
				description: 'Move euro credit from a sub-account back to the main account',
				action: 'Remove credit from a sub account',
			},
		],
		default: 'removeCredit',
	},
	...removeCredit.description,
	...addCredit.description,
	...getMany.description,
	...create.description,
	...deleteSubaccount.description,
];
