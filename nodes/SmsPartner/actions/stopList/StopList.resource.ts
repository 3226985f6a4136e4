import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as add from './add.operation';
import * as getMany from './getMany.operation';
import * as remove from './remove.operation';

/** Every operation of the resource, by its `operation` value: the router dispatches from here. */
export const operations: Record<string, Operation> = { add, getMany, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stopList'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Put a number on the STOP list: it receives no more SMS',
				action: 'Add a number to the stop list',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the numbers that asked for no more SMS',
				action: 'Get many stop list numbers',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Take a number off the STOP list',
				action: 'Remove a number from the stop list',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
