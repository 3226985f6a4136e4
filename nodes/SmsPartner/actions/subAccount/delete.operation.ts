import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { getParameter, validateSubaccountToken } from '../../helpers/validate';
import { fetchDeleteSubaccount } from '../../transport/client';
import {
	requestOptionsField,
	showOnlyFor,
	tokenField,
	validateRequestOptions,
	warningNotice,
	toolDescriptionField,
} from '../fields';
import type { RequestOptions } from '../../transport/request';
import type { RunState } from '../runState';

export const changesAccounts = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Deletes an SMS Partner sub-account for good, with any credit left on it. It cannot be undone. Call it only when the user asks to delete that exact sub-account, by its token.',
	),
	warningNotice(
		'deleteNotice',
		'Deleting a sub-account is for good. Move its credit back first (Remove Credit › Remove All Remaining Credit): SMS Partner does not document what becomes of credit left on it.',
	),
	tokenField('The token of the sub-account to delete, as the Get Many operation gives it'),
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('subAccount', 'delete'), properties);

interface DeleteInput {
	tokenSubaccount: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): DeleteInput {
	return {
		tokenSubaccount: validateSubaccountToken(
			getParameter(this, 'subaccount', itemIndex, 'Sub-Account Token'),
		),
		options: validateRequestOptions.call(this, itemIndex),
	};
}

/** Deletes one sub-account. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	_state: RunState,
	{ tokenSubaccount, options }: DeleteInput,
): Promise<INodeExecutionData[]> {
	await fetchDeleteSubaccount.call(this, tokenSubaccount, options);
	return [{ json: { tokenSubaccount, deleted: true }, pairedItem: { item: itemIndex } }];
}
