import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import { getParameter } from '../../helpers/validate';
import { fetchSubaccounts } from '../../transport/client';
import { requestOptionsField, showOnlyFor, validateRequestOptions } from '../fields';

export const changesAccounts = false;

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	requestOptionsField([
		{
			displayName: 'Include API Keys',
			name: 'includeApiKeys',
			type: 'boolean',
			default: false,
			hint: "Secrets: each sub-account's own key, kept in n8n's execution history",
			description:
				"Whether to output each sub-account's own API key. These are secrets: anyone holding one controls that sub-account, and n8n keeps output in its execution history.",
		},
	]),
];

export const description = updateDisplayOptions(showOnlyFor('subAccount', 'getMany'), properties);

/** Lists sub-accounts with their balances, one item each, following SMS Partner's pages. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = getParameter(this, 'returnAll', itemIndex, 'Return All') === true;
	let limit = Infinity;
	if (!returnAll) {
		const value = getParameter(this, 'limit', itemIndex, 'Limit');
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
			throw invalidInput(
				'limit',
				`Limit must be a whole number above 0, not ${JSON.stringify(value)}`,
			);
		}
		limit = value;
	}
	const { includeApiKeys } = this.getNodeParameter('options', itemIndex, {}) as {
		includeApiKeys?: boolean;
	};
	const options = validateRequestOptions.call(this, itemIndex);

	const subaccounts = await fetchSubaccounts.call(this, options, limit);
	return subaccounts.map(({ apiKey, ...subaccount }) => ({
		json: includeApiKeys === true ? { ...subaccount, apiKey } : subaccount,
		pairedItem: { item: itemIndex },
	}));
}
