import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as getBalance from './getBalance.operation';
import * as getCosts from './getCosts.operation';

/** Every operation of the resource, by its `operation` value: the router dispatches from here. */
export const operations: Record<string, Operation> = { getBalance, getCosts };

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
			{
				name: 'Get Costs',
				value: 'getCosts',
				description:
					'Get what the account spent on SMS, month by month: last month, last twelve months or a range',
				action: 'Get the account costs',
			},
		],
		default: 'getBalance',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
