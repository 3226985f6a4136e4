import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchStopList } from '../../transport/stopList';
import { getLimit, getRequestOptions } from '../../input/options';
import {
	requestOptionsField,
	returnAllFields,
	showOnlyFor,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';

export const refusesRetryOnFail = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Lists the phone numbers on the SMS Partner STOP list: people who asked to receive no more SMS. It only reads: nothing changes.',
	),
	...returnAllFields,
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('stopList', 'getMany'), properties);

interface GetManyInput {
	limit: number | undefined;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): GetManyInput {
	return {
		limit: getLimit.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** The numbers that asked for no more SMS, one item each. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ limit, options }: GetManyInput,
): Promise<INodeExecutionData[]> {
	const entries = await fetchStopList.call(this, options);
	return entries.slice(0, limit).map((entry) => ({
		json: { ...entry },
		pairedItem: { item: itemIndex },
	}));
}
