import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchSubaccounts } from '../../transport/subAccount';
import { getLimit, getRequestOptions } from '../../input/options';
import { getParameterOr } from '../../input/parameters';
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
		"Lists the SMS Partner subaccounts with their token, email and euro balance. It only reads: nothing changes. Use it to find a subaccount's token before moving credit.",
	),
	...returnAllFields,
	requestOptionsField([
		{
			displayName: 'Include API Keys',
			name: 'includeApiKeys',
			type: 'boolean',
			default: false,
			hint: "Secrets: each subaccount's own key, kept in n8n's execution history",
			description:
				"Whether to output each subaccount's own API key. These are secrets: anyone holding one controls that subaccount, and n8n keeps output in its execution history.",
		},
	]),
];

export const description = updateDisplayOptions(showOnlyFor('subAccount', 'getMany'), properties);

interface GetManyInput {
	limit: number | undefined;
	includeApiKeys: boolean;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): GetManyInput {
	const { includeApiKeys } = getParameterOr(this, 'options', itemIndex, {}) as {
		includeApiKeys?: boolean;
	};
	return {
		limit: getLimit.call(this, itemIndex),
		includeApiKeys: includeApiKeys === true,
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** Lists subaccounts with their balances, one item each, following SMS Partner's pages. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ limit, includeApiKeys, options }: GetManyInput,
): Promise<INodeExecutionData[]> {
	const subaccounts = await fetchSubaccounts.call(this, options, limit);
	return subaccounts.map(({ apiKey, ...subaccount }) => ({
		json: includeApiKeys ? { ...subaccount, apiKey } : subaccount,
		pairedItem: { item: itemIndex },
	}));
}
