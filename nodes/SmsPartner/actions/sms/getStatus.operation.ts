import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchBulkStatus, fetchMessageStatus } from '../../transport/sms';
import { getRequestOptions } from '../../input/options';
import { getMessageId, getOptionalPhoneNumber } from '../../input/sms';
import {
	messageIdField,
	requestOptionsField,
	showOnlyFor,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';

export const refusesRetryOnFail = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Reads whether an SMS sent through SMS Partner was delivered, by its message ID, for one number or every recipient. It only reads: nothing changes.',
	),
	messageIdField('The messageId the Send or Send Many operation output'),
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		placeholder: 'e.g. 06 12 34 56 78',
		hint: 'Empty: every recipient of the message, one item each',
		description: 'One recipient of the message whose status to get',
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('sms', 'getStatus'), properties);

interface GetStatusInput {
	messageId: string;
	/** Undefined: every recipient of the message. */
	phoneNumber: string | undefined;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): GetStatusInput {
	const messageId = getMessageId.call(this, itemIndex);
	const phoneNumber = getOptionalPhoneNumber.call(this, itemIndex);
	return { messageId, phoneNumber, options: getRequestOptions.call(this, itemIndex) };
}

/** Where a message stands: for one recipient, or for each of them. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ messageId, phoneNumber, options }: GetStatusInput,
): Promise<INodeExecutionData[]> {
	const statuses = phoneNumber
		? [await fetchMessageStatus.call(this, messageId, phoneNumber, options)]
		: await fetchBulkStatus.call(this, messageId, options);
	return statuses.map((status) => ({
		json: { messageId, ...status },
		pairedItem: { item: itemIndex },
	}));
}
