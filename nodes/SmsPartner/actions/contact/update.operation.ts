import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import { getContactFields, getContactId } from '../../input/contacts';
import { getRequestOptions } from '../../input/options';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { fetchUpdateContact, type ContactFields } from '../../transport/contact';
import { contactFieldOptions, contactIdField } from './contactFields';

// Running it again writes the same values: but it changes a list, so n8n's retry is refused.
export const refusesRetryOnFail = true;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		"Changes an SMS Partner contact's phone number, name or other fields, by its Contact ID: the fields given replace what SMS Partner holds, and the old values cannot be recovered (it cannot be undone). Call it once per change the user asks for; every call writes the fields again.",
	),
	contactIdField('The contact to change'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactFieldOptions(true),
	},
	requestOptionsField([], ['maxConcurrency', 'timeout']),
];

export const description = updateDisplayOptions(showOnlyFor('contact', 'update'), properties);

interface UpdateInput {
	contactId: string;
	contact: ContactFields;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): UpdateInput {
	const contactId = getContactId.call(this, itemIndex);
	const contact = getContactFields.call(this, itemIndex, 'updateFields', 'inCollection');
	if (Object.keys(contact).length === 0) {
		throw invalidInput('updateFields', 'Update Fields is empty: add at least one field to change');
	}
	return { contactId, contact, options: getRequestOptions.call(this, itemIndex) };
}

/** Changes a contact's fields: those given replace SMS Partner's. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ contactId, contact, options }: UpdateInput,
): Promise<INodeExecutionData[]> {
	await fetchUpdateContact.call(this, contactId, contact, options);
	return [{ json: { contactId, ...contact, updated: true }, pairedItem: { item: itemIndex } }];
}
