import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchNumberCheck } from '../../transport/number';
import type { RequestOptions } from '../../transport/call';
import { getNumberToCheck } from '../../input/number';
import { getRequestOptions } from '../../input/options';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';

export const refusesRetryOnFail = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Reads whether a phone number is valid, whether it is a mobile or a landline, its network and its formats (E.164, international, national), through SMS Partner. Use it before sending, e.g. to ask "is this a mobile?". It only reads: nothing changes.',
	),
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 06 12 34 56 78',
		hint: 'One number per item: a mobile or a landline, national or with + and the country code',
		description: 'The number to check',
	},
	requestOptionsField([], ['maxConcurrency', 'timeout']),
];

export const description = updateDisplayOptions(showOnlyFor('number', 'check'), properties);

interface CheckInput {
	phoneNumber: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): CheckInput {
	const phoneNumber = getNumberToCheck.call(this, itemIndex);
	return { phoneNumber, options: getRequestOptions.call(this, itemIndex) };
}

/** Whether the number is valid, what kind it is, its network and formats. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ phoneNumber, options }: CheckInput,
): Promise<INodeExecutionData[]> {
	const checked = await fetchNumberCheck.call(this, phoneNumber, options);
	return [
		{
			json: { phoneNumber, ...checked, isMobile: checked.type === 'mobile' },
			pairedItem: { item: itemIndex },
		},
	];
}
