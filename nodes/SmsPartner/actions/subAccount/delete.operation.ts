import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { inKeyOrder } from '../../helpers/concurrency';
import { apiFailure, SmsPartnerError } from '../../helpers/errors';
import { fetchDeleteSubaccount } from '../../transport/subAccount';
import { getSubaccountToken } from '../../input/account';
import { getRequestOptions } from '../../input/options';
import { getParameter } from '../../input/parameters';
import {
	requestOptionsField,
	showOnlyFor,
	tokenField,
	warningNotice,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { moveCredit, readableBalance, type RunState } from './runState';

export const refusesRetryOnFail = true;
export const refusedInTestMode = true;
// Its items share what the run learns of balances: the router makes the state with this.
export { newRunState } from './runState';

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Deletes an SMS Partner subaccount for good. It is refused while the subaccount still holds credit, unless Move Remaining Credit Back First is on. It cannot be undone. Call it only when the user asks to delete that exact subaccount, by its token.',
	),
	warningNotice(
		'deleteNotice',
		'Deleting a subaccount is for good. A subaccount that still holds credit is not deleted (SMS Partner does not document what becomes of that credit), unless "Move Remaining Credit Back First" is on.',
	),
	tokenField('The token of the subaccount to delete, as the Get Many operation gives it'),
	{
		displayName: 'Move Remaining Credit Back First',
		name: 'moveCreditBack',
		type: 'boolean',
		default: false,
		hint: 'Off: a subaccount with credit left is not deleted',
		description:
			"Whether to move the subaccount's remaining credit back to the main account, then delete it. Off, a subaccount that still holds credit is refused and nothing changes.",
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('subAccount', 'delete'), properties);

interface DeleteInput {
	tokenSubaccount: string;
	moveCreditBack: boolean;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): DeleteInput {
	return {
		tokenSubaccount: getSubaccountToken.call(this, itemIndex),
		moveCreditBack:
			getParameter(this, 'moveCreditBack', itemIndex, 'Move Remaining Credit Back First') === true,
		options: getRequestOptions.call(this, itemIndex),
	};
}

function stillHoldsCredit(token: string, credit: number): Error {
	return apiFailure({
		message: `The subaccount "${token}" still holds ${credit} EUR: it was not deleted`,
		description:
			'SMS Partner does not say what becomes of credit left on a deleted subaccount. Turn on "Move Remaining Credit Back First" to move it to the main account before deleting, or move it with Remove Credit. Nothing was sent.',
		code: null,
		httpStatus: null,
		outcome: 'notSent',
	});
}

/** Credit reached the subaccount while its balance was being moved back. */
function creditLeftAfterMove(token: string, moved: number, left: number): Error {
	return apiFailure({
		message: `The subaccount "${token}" still held ${left} EUR after ${moved} EUR were moved back: it was not deleted`,
		description: `The ${moved} EUR are on the main account now. Credit reached the subaccount meanwhile, so it was not deleted: run it again to move the rest back and delete it.`,
		code: null,
		httpStatus: null,
		outcome: 'rejected',
	});
}

/** The delete failed after the credit had moved back: the error says both. */
function deleteFailedAfterMove(error: unknown, creditReturned: number): Error {
	if (!(error instanceof SmsPartnerError)) return error as Error;
	const { message, description } = error.details;
	return apiFailure({
		...error.details,
		message: `${message} (its ${creditReturned} EUR had been moved back to the main account first)`,
		description: `The credit move succeeded; the delete did not. ${description}`,
	});
}

/**
 * Deletes one subaccount, only once it holds no credit: its balance is read
 * first, and moved back to the main account when asked.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ tokenSubaccount, moveCreditBack, options }: DeleteInput,
	state: RunState,
): Promise<INodeExecutionData[]> {
	const json = await inKeyOrder(state.tokenQueues, tokenSubaccount, async () => {
		const { subaccountCredit } = await readableBalance.call(this, state, tokenSubaccount, options);
		let creditReturned = 0;
		let credit: number | undefined;
		if (subaccountCredit > 0) {
			if (!moveCreditBack) throw stillHoldsCredit(tokenSubaccount, subaccountCredit);
			const balances = await moveCredit.call(
				this,
				state,
				'remove',
				tokenSubaccount,
				subaccountCredit,
				options,
			);
			if (balances.subaccountCredit > 0) {
				throw creditLeftAfterMove(tokenSubaccount, subaccountCredit, balances.subaccountCredit);
			}
			creditReturned = subaccountCredit;
			credit = balances.credit;
		}
		try {
			await fetchDeleteSubaccount.call(this, tokenSubaccount, options);
		} catch (error) {
			throw creditReturned > 0 ? deleteFailedAfterMove(error, creditReturned) : error;
		}
		return {
			tokenSubaccount,
			deleted: true,
			creditReturned,
			...(credit === undefined ? {} : { credit }),
		};
	});
	return [{ json, pairedItem: { item: itemIndex } }];
}
