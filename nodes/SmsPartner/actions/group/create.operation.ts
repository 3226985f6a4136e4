import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { getGroupName } from '../../input/contacts';
import { getRequestOptions } from '../../input/options';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';
import { fetchCreateGroup } from '../../transport/group';
import type { RequestOptions } from '../../transport/call';

// Every run creates another group of the same name.
export const refusesRetryOnFail = true;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Creates a contact group in SMS Partner and gives its Group ID, which Contact › Add needs. Call it once per group the user asks for: every call creates another group, even of the same name, and it cannot be undone (only Group › Delete removes it).',
	),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Customers Paris',
		description: "The group's name, as the SMS Partner dashboard will show it",
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('group', 'create'), properties);

interface CreateInput {
	name: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): CreateInput {
	return {
		name: getGroupName.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** Creates a contact group: its id is what Contact › Add takes. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ name, options }: CreateInput,
): Promise<INodeExecutionData[]> {
	const created = await fetchCreateGroup.call(this, name, options);
	return [{ json: { ...created }, pairedItem: { item: itemIndex } }];
}
