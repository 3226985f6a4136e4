import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { SmsPartnerError } from '../../helpers/errors';
import { fetchAddStop } from '../../transport/stopList';
import { getRequestOptions } from '../../input/options';
import { getPhoneNumber } from '../../input/sms';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';

// Adding a listed number again is refused (code 15), changes nothing, and reads as done.
export const refusesRetryOnFail = false;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Puts a phone number on the SMS Partner STOP list: sends to it are then refused until it is removed. Call it when someone asks to receive no more SMS.',
	),
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 06 12 34 56 78',
		description: 'The number that must receive no more SMS from this account',
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('stopList', 'add'), properties);

interface AddInput {
	phoneNumber: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): AddInput {
	return {
		phoneNumber: getPhoneNumber.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** Puts a number on the STOP list: sends to it are then refused (code 14). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ phoneNumber, options }: AddInput,
): Promise<INodeExecutionData[]> {
	// Already listed: what was asked holds (no more SMS to it); SMS Partner gives no id then.
	const added = await fetchAddStop
		.call(this, phoneNumber, options)
		.then((id) => ({ id, phoneNumber, alreadyListed: false }))
		.catch((error: unknown) => {
			if (isAlreadyListed(error)) return { phoneNumber, alreadyListed: true };
			throw error;
		});
	return [{ json: added, pairedItem: { item: itemIndex } }];
}

/** SMS Partner's refusal "the number is already on the STOP list" (code 15), and only that. */
function isAlreadyListed(error: unknown): boolean {
	return (
		error instanceof SmsPartnerError &&
		error.kind === 'api' &&
		error.details.code === 15 &&
		error.details.outcome === 'rejected'
	);
}
