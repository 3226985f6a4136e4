import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchStopList } from '../../transport/smsClient';
import {
	requestOptionsField,
	returnAllFields,
	showOnlyFor,
	validateLimit,
	validateRequestOptions,
	toolDescriptionField,
} from '../fields';

export const changesAccounts = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Lists the phone numbers on the SMS Partner STOP list: people who asked to receive no more SMS. It only reads: nothing changes.',
	),
	...returnAllFields,
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('stopList', 'getMany'), properties);

/** The numbers that asked for no more SMS, one item each. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = validateLimit.call(this, itemIndex);
	const options = validateRequestOptions.call(this, itemIndex);
	const entries = await fetchStopList.call(this, options);
	return entries.slice(0, limit).map((entry) => ({
		json: { ...entry },
		pairedItem: { item: itemIndex },
	}));
}
