import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import { readParameter } from '../../helpers/validate';
import { readRequestOptions, requestOptionsField, showFor } from '../common.fields';
import { fetchSubaccounts } from './subaccountList';

const show = showFor('subAccount', 'getMany');

export const changesAccounts = false;

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: showFor('subAccount', 'getMany', { returnAll: [false] }),
	},
	requestOptionsField(show, [
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

/** Lists sub-accounts with their balances, one item each, following SMS Partner's pages. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const returnAll = readParameter(this, 'returnAll', itemIndex, 'Return All') === true;
	let limit = Infinity;
	if (!returnAll) {
		const value = readParameter(this, 'limit', itemIndex, 'Limit');
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
			throw invalidInput('limit', `Limit must be a whole number above 0, not ${JSON.stringify(value)}`);
		}
		limit = value;
	}
	const { includeApiKeys } = this.getNodeParameter('options', itemIndex, {}) as { includeApiKeys?: boolean };
	const options = readRequestOptions.call(this, itemIndex);

	const subaccounts = await fetchSubaccounts.call(this, options, limit);
	return subaccounts.map((sub) => ({
		json: {
			id: sub.id,
			tokenSubaccount: sub.token,
			email: sub.email,
			type: sub.type,
			createdAt: sub.createdAt,
			subaccountCredit: sub.balance,
			currency: sub.currency,
			...(includeApiKeys === true ? { apiKey: sub.apiKey } : {}),
		},
		pairedItem: { item: itemIndex },
	}));
}
