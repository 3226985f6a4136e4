import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchAccount } from '../../transport/client';
import { requestOptionsField, showOnlyFor, validateRequestOptions } from '../fields';

export const changesAccounts = false;

const properties: INodeProperties[] = [requestOptionsField()];

export const description = updateDisplayOptions(showOnlyFor('account', 'getBalance'), properties);

/** The main account's balance and what it buys. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = validateRequestOptions.call(this, itemIndex);
	const json = await fetchAccount.call(this, options);
	return [{ json: { ...json }, pairedItem: { item: itemIndex } }];
}
