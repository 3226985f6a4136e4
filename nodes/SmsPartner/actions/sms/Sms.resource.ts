import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as cancel from './cancel.operation';
import * as getManyStatuses from './getManyStatuses.operation';
import * as getStatus from './getStatus.operation';
import * as send from './send.operation';
import * as sendAndWaitForReply from './sendAndWaitForReply.operation';
import * as sendFromLongNumber from './sendFromLongNumber.operation';
import * as sendMany from './sendMany.operation';
import { sendOptionsField } from './sendSettings';

/** Every operation of the resource, by its `operation` value: the router dispatches from here. */
export const operations: Record<string, Operation> = {
	cancel,
	getManyStatuses,
	getStatus,
	send,
	sendAndWaitForReply,
	sendFromLongNumber,
	sendMany,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a scheduled SMS, up to 5 minutes before it goes out',
				action: 'Cancel a scheduled SMS',
			},
			{
				name: 'Get Many Statuses',
				value: 'getManyStatuses',
				description:
					'Get whether SMS were delivered: by message ID and number (500 per request) or by tag',
				action: 'Get the statuses of many SMS',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get whether an SMS was delivered, for one or every recipient',
				action: 'Get the status of an SMS',
			},
			{
				name: 'Send',
				value: 'send',
				description:
					'Send one message to one or more numbers. Costs money; not undoable once sent.',
				action: 'Send an SMS',
			},
			{
				name: 'Send and Wait for Reply',
				value: 'sendAndWaitForReply',
				description:
					"Send one SMS, then wait for that number's reply and go on with it. Costs money.",
				action: 'Send an SMS and wait for the reply',
				// An AI Agent cannot wait hours for a person: not offered as a tool.
				displayOptions: { hide: { '@tool': [true] } },
			},
			{
				name: 'Send From Long Number',
				value: 'sendFromLongNumber',
				description:
					'Send one message to one number from the long number you rent, so the person can reply to it. Costs money; not undoable once sent.',
				action: 'Send an SMS from a long number',
			},
			{
				name: 'Send Many',
				value: 'sendMany',
				description:
					'Send each item its own message, in batches of up to 500. Costs money; not undoable once sent.',
				action: 'Send an SMS per item',
			},
		],
		default: 'send',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
	sendOptionsField,
];
