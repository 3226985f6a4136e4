import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import { fetchDeleteStop, fetchStopList } from '../../transport/stopList';
import { getRequestOptions } from '../../input/options';
import { getParameter } from '../../input/parameters';
import { getPhoneNumber, getStopListId } from '../../input/sms';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';

// Removing an entry twice is refused (code 4) and changes nothing.
export const refusesRetryOnFail = false;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Takes a number off the SMS Partner STOP list, by its phone number or its entry ID, so the number can receive SMS again. Call it only when the person asked to receive SMS again.',
	),
	{
		displayName: 'Remove By',
		name: 'removeBy',
		type: 'options',
		options: [
			{
				name: 'Entry ID',
				value: 'id',
				description: 'The ID Stop List › Get Many or Add gave the entry',
			},
			{
				name: 'Phone Number',
				value: 'phoneNumber',
				description: 'The number itself: its entry is found in the STOP list',
			},
		],
		default: 'id',
	},
	{
		displayName: 'ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1042',
		hint: "The entry's ID, as Stop List › Get Many or Add gives it (not the phone number)",
		description: "The entry's ID, as Stop List › Get Many or Add gives it",
		displayOptions: { show: { removeBy: ['id'] } },
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 06 12 34 56 78',
		hint: 'The STOP list is read to find its entry, then that entry is removed',
		description: 'The number that may receive SMS again',
		displayOptions: { show: { removeBy: ['phoneNumber'] } },
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('stopList', 'remove'), properties);

type RemoveInput = ({ id: string } | { phoneNumber: string }) & { options: RequestOptions };

export function read(this: IExecuteFunctions, itemIndex: number): RemoveInput {
	const options = getRequestOptions.call(this, itemIndex);
	const removeBy = getParameter(this, 'removeBy', itemIndex, 'Remove By');
	if (removeBy === 'phoneNumber')
		return { phoneNumber: getPhoneNumber.call(this, itemIndex), options };
	if (removeBy === 'id') return { id: getStopListId.call(this, itemIndex), options };
	// An expression giving another word must not fall back to either way of removing.
	throw invalidInput(
		'removeBy',
		`Remove By must be "id" or "phoneNumber", not ${JSON.stringify(removeBy)}`,
	);
}

/** Takes a number off the STOP list: it can receive SMS again. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: RemoveInput,
): Promise<INodeExecutionData[]> {
	const { options } = input;
	if ('id' in input) {
		await fetchDeleteStop.call(this, input.id, options);
		return [{ json: { id: input.id, removed: true }, pairedItem: { item: itemIndex } }];
	}
	const { phoneNumber } = input;
	const entries = (await fetchStopList.call(this, options)).filter(
		(entry) => entry.phoneNumber === phoneNumber,
	);
	if (entries.length === 0) {
		throw invalidInput(
			'phoneNumber',
			`Phone Number "${phoneNumber}" is not on the STOP list: nothing to remove`,
			'The STOP list was read; nothing was removed.',
		);
	}
	for (const entry of entries) await fetchDeleteStop.call(this, entry.id, options);
	const ids = entries.map((entry) => entry.id);
	return [{ json: { phoneNumber, ids, removed: true }, pairedItem: { item: itemIndex } }];
}
