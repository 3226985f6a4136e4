/**
 * What the Group and Contact operations take: group and contact ids, a group's
 * name, a contact's fields. Each field's `get*` reads it (input/parameters.ts)
 * and checks it, in one call, before anything is sent.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { MAX_NAME_LENGTH } from '../api/contact';
import { invalidInput } from '../helpers/errors';
import { isHttpUrl } from '../helpers/shapes';
import type { ContactFields } from '../transport/contact';
import { describeType, getParameter, getParameterOr, optionalText } from './parameters';
import { validateId, validatePhoneNumber } from './sms';

/** The Group ID field, checked: kept as text, exactly as SMS Partner gave it. */
export function getGroupId(this: IExecuteFunctions, itemIndex: number): string {
	return validateId(getParameter(this, 'groupId', itemIndex, 'Group ID'), 'groupId', 'Group ID');
}

/** A group's name: text with something in it. */
export function validateGroupName(value: unknown): string {
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') {
		throw invalidInput('name', `Name must be text, but it is ${describeType(value)}`);
	}
	if (value.trim() === '') throw invalidInput('name', 'Name is empty: give the group a name');
	return value.trim();
}

/** Group › Create's Name field, checked. */
export function getGroupName(this: IExecuteFunctions, itemIndex: number): string {
	return validateGroupName(getParameter(this, 'name', itemIndex, 'Name'));
}

/** The Contact ID field, checked: kept as text, exactly as SMS Partner gave it. */
export function getContactId(this: IExecuteFunctions, itemIndex: number): string {
	return validateId(
		getParameter(this, 'contactId', itemIndex, 'Contact ID'),
		'contactId',
		'Contact ID',
	);
}

/** The contact fields of the node, by parameter name: SMS Partner's name and the label. */
const CONTACT_FIELD_NAMES = {
	firstName: ['firstname', 'First Name'],
	lastName: ['lastname', 'Last Name'],
	date: ['date', 'Date'],
	url: ['url', 'URL'],
	custom1: ['custom1', 'Custom 1'],
	custom2: ['custom2', 'Custom 2'],
	custom3: ['custom3', 'Custom 3'],
	custom4: ['custom4', 'Custom 4'],
} as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** How French users write a date: day first, then month and year (21/06/1990, 21.06.1990, 21-06-1990). */
const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** A calendar date as YYYY-MM-DD, the form SMS Partner takes; French day-first dates are read too. */
export function validateContactDate(text: string): string {
	const iso = ISO_DATE.exec(text);
	const french = FRENCH_DATE.exec(text);
	const [year, month, day] = iso
		? iso.slice(1).map(Number)
		: french
			? [french[3], french[2], french[1]].map(Number)
			: [NaN, NaN, NaN];
	const written = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
	const real =
		Number.isInteger(year) &&
		new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === written;
	if (!real) {
		throw invalidInput(
			'date',
			`Date "${text}" is not a calendar date written 21/06/1990 or 1990-06-21`,
			'Write the day, month and year (day first, as in France), or the year first with dashes. Nothing was sent to SMS Partner.',
		);
	}
	return written;
}

/** One contact field's value, checked; undefined when it is left empty. */
export function validateContactField(
	name: keyof typeof CONTACT_FIELD_NAMES,
	value: unknown,
): string | undefined {
	const label = CONTACT_FIELD_NAMES[name][1];
	if (
		value !== undefined &&
		value !== null &&
		typeof value !== 'string' &&
		typeof value !== 'number'
	)
		throw invalidInput(name, `${label} must be text, but it is ${describeType(value)}`);
	const text = optionalText(value);
	if (text === undefined) return undefined;
	if ((name === 'firstName' || name === 'lastName') && [...text].length > MAX_NAME_LENGTH) {
		throw invalidInput(
			name,
			`${label} is ${[...text].length} characters long: SMS Partner takes at most ${MAX_NAME_LENGTH}`,
		);
	}
	if (name === 'date') return validateContactDate(text);
	if (name === 'url' && !isHttpUrl(text)) {
		throw invalidInput(
			'url',
			`URL "${text}" is not a web address starting with http:// or https://`,
		);
	}
	return text;
}

/**
 * A contact's fields from the item: its phone number (read as Send reads it)
 * when the operation takes one, and whatever is set in `collection`.
 */
export function getContactFields(
	this: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	phoneNumber: 'required' | 'inCollection',
): ContactFields {
	const fields: ContactFields = {};
	if (phoneNumber === 'required') {
		fields.phoneNumber = validatePhoneNumber(
			getParameter(this, 'phoneNumber', itemIndex, 'Phone Number'),
		);
	}
	const given = getParameterOr(this, collection, itemIndex, {}) as Record<string, unknown>;
	if (phoneNumber === 'inCollection' && optionalText(given.phoneNumber) !== undefined)
		fields.phoneNumber = validatePhoneNumber(given.phoneNumber);
	for (const [name, [apiName]] of Object.entries(CONTACT_FIELD_NAMES)) {
		const text = validateContactField(name as keyof typeof CONTACT_FIELD_NAMES, given[name]);
		if (text !== undefined) fields[apiName] = text;
	}
	return fields;
}
