import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { getParameter } from '../../helpers/validate';
import { validateId } from '../../helpers/validateSms';
import { fetchDeleteStop } from '../../transport/stopList';
import {
	requestOptionsField,
	showOnlyFor,
	validateRequestOptions,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';

// Removing an entry twice is refused (code 4) and changes nothing.
export const refusesRetryOnFail = false;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Takes an entry off the SMS Partner STOP list by its ID, so the number can receive SMS again. Call it only when the person asked to receive SMS again.',
	),
	{
		displayName: 'ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1042',
		description: "The entry's ID, as Stop List › Get Many or Add gives it",
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('stopList', 'remove'), properties);

interface RemoveInput {
	id: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): RemoveInput {
	return {
		id: validateId(getParameter(this, 'id', itemIndex, 'ID'), 'id', 'ID'),
		options: validateRequestOptions.call(this, itemIndex),
	};
}

/** Takes a number off the STOP list: it can receive SMS again. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ id, options }: RemoveInput,
): Promise<INodeExecutionData[]> {
	await fetchDeleteStop.call(this, id, options);
	return [{ json: { id, removed: true }, pairedItem: { item: itemIndex } }];
}
