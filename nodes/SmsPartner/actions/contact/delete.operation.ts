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
import { fetchDeleteContact } from '../../transport/contact';
import { contactIdField } from './contactFields';

export const refusesRetryOnFail = true;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Deletes an SMS Partner contact from its group for good, by its Contact ID: it cannot be undone. Call it only when the user asks for that contact to be deleted.',
	),
	contactIdField('The contact to delete'),
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('contact', 'delete'), properties);

interface DeleteInput {
	contactId: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): DeleteInput {
	return {
		contactId: getContactId.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** Deletes a contact. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ contactId, options }: DeleteInput,
): Promise<INodeExecutionData[]> {
	await fetchDeleteContact.call(this, contactId, options);
	return [{ json: { contactId, deleted: true }, pairedItem: { item: itemIndex } }];
}
