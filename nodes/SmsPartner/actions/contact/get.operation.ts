import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { getContactId } from '../../input/contacts';
import { getRequestOptions } from '../../input/options';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { fetchContact } from '../../transport/contact';
import { contactIdField } from './contactFields';

export const refusesRetryOnFail = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Gives one SMS Partner contact by its Contact ID: phone number, names, date, URL, custom fields, group and whether it is on the STOP list. It only reads: nothing changes.',
	),
	contactIdField('The contact to read'),
	requestOptionsField([], ['maxConcurrency', 'timeout']),
];

export const description = updateDisplayOptions(showOnlyFor('contact', 'get'), properties);

interface GetInput {
	contactId: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): GetInput {
	return {
		contactId: getContactId.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** One contact, as SMS Partner keeps it. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ contactId, options }: GetInput,
): Promise<INodeExecutionData[]> {
	const contact = await fetchContact.call(this, contactId, options);
	return [{ json: { ...contact }, pairedItem: { item: itemIndex } }];
}
