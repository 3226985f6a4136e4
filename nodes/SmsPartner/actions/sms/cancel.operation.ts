import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchCancel } from '../../transport/sms';
import { getRequestOptions } from '../../input/options';
import { getMessageId } from '../../input/sms';
import {
	messageIdField,
	requestOptionsField,
	showOnlyFor,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';

// Cancelling twice is refused (code 5) and changes nothing: n8n's Retry On Fail may run it again.
export const refusesRetryOnFail = false;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Cancels a scheduled SMS by its message ID, for all its recipients, up to 5 minutes before it goes out; SMS Partner gives its cost back. It cannot be undone: to send it after all, send it again.',
	),
	messageIdField(
		'The messageId the Send or Send Many operation output; every recipient is cancelled',
		'A scheduled message, up to 5 minutes before it goes out',
	),
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('sms', 'cancel'), properties);

interface CancelInput {
	messageId: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): CancelInput {
	return {
		messageId: getMessageId.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** Cancels a scheduled message, for all its recipients. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ messageId, options }: CancelInput,
): Promise<INodeExecutionData[]> {
	await fetchCancel.call(this, messageId, options);
	return [{ json: { messageId, cancelled: true }, pairedItem: { item: itemIndex } }];
}
