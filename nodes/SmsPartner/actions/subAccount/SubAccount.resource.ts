import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as addCredit from './addCredit.operation';
import * as create from './create.operation';
import * as deleteSubaccount from './delete.operation';
import * as getMany from './getMany.operation';
import * as removeCredit from './removeCredit.operation';

/** Every operation of the resource, by its `operation` value: the router dispatches from here. */
export const operations: Record<string, Operation> = {
	addCredit,
	create,
	delete: deleteSubaccount,
	getMany,
	removeCredit,
};

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
				description: 'Move euro credit from the main account to a subaccount',
				// n8n's lint sentence-cases actions, which drops the hyphen: one word, as SMS Partner's API spells it.
				action: 'Add credit to a subaccount',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a subaccount and give it credit from the main account',
				action: 'Create a subaccount',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a subaccount for good',
				action: 'Delete a subaccount',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List subaccounts with their tokens and euro balances',
				action: 'Get many subaccounts',
			},
			{
				name: 'Remove Credit',
				value: 'removeCredit',
				description: 'Move euro credit from a subaccount back to the main account',
				action: 'Remove credit from a subaccount',
			},
		],
		default: 'removeCredit',
	},
	// Each operation's fields, shown only for it (its file applies the display options).
	...Object.values(operations).flatMap((operation) => operation.description),
];
