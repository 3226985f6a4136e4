/** The fields of a contact, as Add and Update show them. */
import type { INodeProperties } from 'n8n-workflow';

import { MAX_NAME_LENGTH } from '../../api/contact';

export const phoneNumberField: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 06 12 34 56 78',
	description:
		'The contact’s mobile number: French mobiles as 06… or 07…, other countries with + and the country code',
};

export const groupIdField = (description: string): INodeProperties => ({
	displayName: 'Group ID',
	name: 'groupId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 52011',
	hint: "The group's ID, as Group › Get Many or Create gives it (not its name)",
	description,
});

export const contactIdField = (description: string): INodeProperties => ({
	displayName: 'Contact ID',
	name: 'contactId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 871234',
	hint: "The contact's ID, as Contact › Get Many gives it",
	description,
});

/** A contact's own fields, each optional, sorted by name as n8n lists them. */
export function contactFieldOptions(withPhoneNumber: boolean): INodeProperties[] {
	const text = (name: string, displayName: string, description: string): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		default: '',
		description,
	});
	const options: INodeProperties[] = [
		text('custom1', 'Custom 1', 'Free text SMS Partner keeps with the contact'),
		text('custom2', 'Custom 2', 'Free text SMS Partner keeps with the contact'),
		text('custom3', 'Custom 3', 'Free text SMS Partner keeps with the contact'),
		text('custom4', 'Custom 4', 'Free text SMS Partner keeps with the contact'),
		{
			...text('date', 'Date', 'A date kept with the contact, e.g. a birthday for automatic sends'),
			placeholder: 'e.g. 21/06/1990',
			hint: 'Day first, as 21/06/1990, or 1990-06-21',
		},
		text('firstName', 'First Name', `At most ${MAX_NAME_LENGTH} characters`),
		text('lastName', 'Last Name', `At most ${MAX_NAME_LENGTH} characters`),
		{
			...text(
				'url',
				'URL',
				'A web address kept with the contact, starting with http:// or https://',
			),
			placeholder: 'e.g. https://shop.example/offer',
		},
	];
	if (withPhoneNumber) options.push({ ...phoneNumberField, required: false });
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return options;
}
