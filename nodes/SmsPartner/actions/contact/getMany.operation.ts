import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { getGroupId } from '../../input/contacts';
import { getLimit, getRequestOptions } from '../../input/options';
import {
	requestOptionsField,
	returnAllFields,
	showOnlyFor,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { fetchContacts } from '../../transport/contact';
import { groupIdField } from './contactFields';

export const refusesRetryOnFail = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		"Lists the contacts of one SMS Partner contact group, by its Group ID, with each contact's ID, phone number and fields. It only reads: nothing changes.",
	),
	groupIdField('The group whose contacts to list'),
	...returnAllFields,
	requestOptionsField([], ['maxConcurrency', 'timeout']),
];

export const description = updateDisplayOptions(showOnlyFor('contact', 'getMany'), properties);

interface GetManyInput {
	groupId: string;
	limit: number;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): GetManyInput {
	return {
		groupId: getGroupId.call(this, itemIndex),
		limit: getLimit.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** A group's contacts, one item each, page after page. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ groupId, limit, options }: GetManyInput,
): Promise<INodeExecutionData[]> {
	const contacts = await fetchContacts.call(this, groupId, options, limit);
	return contacts.map((contact) => ({ json: { ...contact }, pairedItem: { item: itemIndex } }));
}
