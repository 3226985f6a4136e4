import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as check from './check.operation';
import * as hlrLookup from './hlrLookup.operation';

/** Every operation of the resource, by its `operation` value: the router dispatches from here. */
export const operations: Record<string, Operation> = { check, hlrLookup };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['number'] } },
		options: [
			{
				name: 'Check',
				value: 'check',
				description:
					'Check whether a number is valid, a mobile or a landline, its network and formats',
				action: 'Check a phone number',
			},
			{
				name: 'HLR Lookup',
				value: 'hlrLookup',
				description:
					'Ask whether a mobile is live on a network; the result is posted later to a URL. Costs HLR credit.',
				action: 'Request an HLR lookup',
			},
		],
		default: 'check',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
