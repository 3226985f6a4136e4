import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as getBalance from './getBalance.operation';

/** Every operation of the resource, by its `operation` value: the router dispatches from here. */
export const operations: Record<string, Operation> = { getBalance };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Balance',
				value: 'getBalance',
				description: "Get the main account's euro balance and the SMS it buys",
				action: 'Get the account balance',
			},
		],
		default: 'getBalance',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
