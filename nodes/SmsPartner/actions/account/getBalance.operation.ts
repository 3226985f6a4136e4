import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchAccount, type Account } from '../../transport/account';
import { getRequestOptions } from '../../input/options';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';

export const refusesRetryOnFail = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		"Reads the SMS Partner main account's euro balance and how many SMS it buys. It only reads: nothing changes.",
	),
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('account', 'getBalance'), properties);

export function read(this: IExecuteFunctions, itemIndex: number): RequestOptions {
	return getRequestOptions.call(this, itemIndex);
}

/** The main account's balance and what it buys. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	options: RequestOptions,
): Promise<INodeExecutionData[]> {
	const account = await fetchAccount.call(this, options);
	return [{ json: forPeople(account), pairedItem: { item: itemIndex } }];
}

/** SMS Partner's counters under names that say what they count (its own names are in the docs). */
function forPeople({ creditSms, creditSmsECO, creditHlr, toSend, ...rest }: Account): IDataObject {
	const { credit, currency, ...identity } = rest;
	return {
		credit,
		currency,
		premiumSmsItBuys: creditSms,
		lowCostSmsItBuys: creditSmsECO,
		hlrLookupsItBuys: creditHlr,
		smsNotYetSent: toSend,
		...identity,
	};
}
