import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { MAX_CONTACTS_PER_REQUEST } from '../../api/contact';
import { getContactFields, getGroupId } from '../../input/contacts';
import { getRequestOptions } from '../../input/options';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { fetchAddContacts, type ContactFields } from '../../transport/contact';
import { batchesOf } from '../../helpers/batches';
import type { BatchResults } from '../types';
import { contactFieldOptions, groupIdField, phoneNumberField } from './contactFields';

// Every run adds the items again (a number already in the group is code 15, but its fields
// would be read again): a list change, never run twice by n8n's retry.
export const refusesRetryOnFail = true;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Adds a contact (a phone number, with a name and other fields if given) to an SMS Partner contact group. Call it once per contact the user asks for: every call creates the contact again in the group unless its number is already there, and it cannot be undone except by Contact › Delete.',
	),
	groupIdField('The group the contact joins'),
	phoneNumberField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactFieldOptions(false),
	},
	requestOptionsField([], ['timeout']),
];

export const description = updateDisplayOptions(showOnlyFor('contact', 'add'), properties);

interface Line {
	itemIndex: number;
	groupId: string;
	contact: ContactFields;
	options: RequestOptions;
}

/**
 * One contact per item, added through SMS Partner's `contactsList`, one request
 * per batch of up to 500, one after the other. Every item is checked before the
 * first request. A contact SMS Partner refuses fails alone; a number already in
 * the group is a success that says so; a request that fails whole fails every
 * one of its items, and is never sent again.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
): Promise<BatchResults> {
	const results: BatchResults = new Map();
	const lines: Line[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			const groupId = getGroupId.call(this, itemIndex);
			const contact = getContactFields.call(this, itemIndex, 'additionalFields', 'required');
			const options = getRequestOptions.call(this, itemIndex);
			lines.push({ itemIndex, groupId, contact, options });
		} catch (error) {
			results.set(itemIndex, error as Error);
			if (!this.continueOnFail()) return results;
		}
	}

	for (const batch of batchesOf(
		lines,
		(line) => [line.groupId, line.options.timeout],
		MAX_CONTACTS_PER_REQUEST,
	)) {
		const [{ groupId, options }] = batch;
		try {
			const added = await fetchAddContacts.call(
				this,
				groupId,
				batch.map((line) => line.contact),
				options,
			);
			for (const [position, line] of batch.entries()) {
				const result = added[position];
				results.set(
					line.itemIndex,
					result instanceof Error
						? result
						: [
								{
									json: { groupId, ...line.contact, ...result },
									pairedItem: { item: line.itemIndex },
								},
							],
				);
			}
		} catch (error) {
			for (const line of batch) results.set(line.itemIndex, error as Error);
		}
		const failed = batch.some((line) => results.get(line.itemIndex) instanceof Error);
		if (failed && !this.continueOnFail()) return results;
	}
	return results;
}
