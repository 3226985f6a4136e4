/**
 * What the Group and Contact operations take: group and contact ids, a group's
 * name, a contact's fields. Each field's `get*` reads it (input/parameters.ts)
 * and checks it, in one call, before anything is sent.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from '../helpers/errors';
import { describeType, getParameter } from './parameters';
import { validateId } from './sms';

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
