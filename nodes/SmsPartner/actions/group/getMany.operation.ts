import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { getLimit, getRequestOptions } from '../../input/options';
import {
	requestOptionsField,
	returnAllFields,
	showOnlyFor,
	toolDescriptionField,
} from '../../shared/fields';
import { fetchGroups } from '../../transport/group';
import type { RequestOptions } from '../../transport/call';

export const refusesRetryOnFail = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		"Lists the SMS Partner contact groups with their Group ID and name. It only reads: nothing changes. Use it to find a group's ID before adding or listing its contacts.",
	),
	...returnAllFields,
	requestOptionsField([], ['maxConcurrency', 'timeout']),
];

export const description = updateDisplayOptions(showOnlyFor('group', 'getMany'), properties);

interface GetManyInput {
	limit: number;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): GetManyInput {
	return {
		limit: getLimit.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** The account's contact groups, one item each. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ limit, options }: GetManyInput,
): Promise<INodeExecutionData[]> {
	const groups = await fetchGroups.call(this, options);
	return groups.slice(0, limit).map((group) => ({
		json: { ...group },
		pairedItem: { item: itemIndex },
	}));
}
