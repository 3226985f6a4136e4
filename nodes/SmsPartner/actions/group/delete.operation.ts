import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { getGroupId } from '../../input/contacts';
import { getRequestOptions } from '../../input/options';
import {
	requestOptionsField,
	showOnlyFor,
	toolDescriptionField,
	warningNotice,
} from '../../shared/fields';
import { fetchDeleteGroup } from '../../transport/group';
import type { RequestOptions } from '../../transport/call';

// It changes the account's lists: like every list change, never run twice by n8n's retry.
export const refusesRetryOnFail = true;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Deletes an SMS Partner contact group for good: it cannot be undone. Call it only when the user asks for that group, by its Group ID, to be deleted.',
	),
	warningNotice('deleteNotice', 'Deletes the group in SMS Partner for good: it cannot be undone'),
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 52011',
		hint: "The group's ID, as Group › Get Many or Create gives it (not its name)",
		description: 'The group to delete',
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('group', 'delete'), properties);

interface DeleteInput {
	groupId: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): DeleteInput {
	return {
		groupId: getGroupId.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** Deletes a contact group. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ groupId, options }: DeleteInput,
): Promise<INodeExecutionData[]> {
	await fetchDeleteGroup.call(this, groupId, options);
	return [{ json: { groupId, deleted: true }, pairedItem: { item: itemIndex } }];
}
