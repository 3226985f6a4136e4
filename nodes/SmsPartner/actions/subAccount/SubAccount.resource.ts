import type { INodeProperties } from 'n8n-workflow';

import * as removeCredit from './removeCredit.operation';

export { removeCredit };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subAccount'] } },
		options: [
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
];
