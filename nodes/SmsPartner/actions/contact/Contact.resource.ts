import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as add from './add.operation';
import * as deleteContact from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

/** Every operation of the resource, by its `operation` value: the router dispatches from here. */
export const operations: Record<string, Operation> = {
	add,
	delete: deleteContact,
	get,
	getMany,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add a contact to a group (items go up to 500 per request)',
				action: 'Add a contact',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a contact for good',
				action: 'Delete a contact',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a contact by its ID',
				action: 'Get a contact',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: "List a group's contacts",
				action: 'Get many contacts',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a contact's fields",
				action: 'Update a contact',
			},
		],
		default: 'add',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
