import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { invalidInput } from '../../helpers/errors';
import { fetchCreateSubaccount, type NewSubaccount } from '../../transport/subAccount';
import { getEmail, getStartingCredit } from '../../input/account';
import { getRequestOptions } from '../../input/options';
import { getParameter, getParameterOr } from '../../input/parameters';
import {
	amountField,
	requestOptionsField,
	showOnlyFor,
	warningNotice,
	toolDescriptionField,
} from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';

export const refusesRetryOnFail = true;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Creates an SMS Partner subaccount and moves its starting credit from the main account. This spends real money and creates an account: every call creates another one, and it cannot be undone (deleting the subaccount does not give the credit back). Call it once per subaccount the user asks for.',
	),
	warningNotice(
		'createNotice',
		'Creates a real subaccount and moves its starting credit out of the main account. Each run creates another one (SMS Partner refuses a second one with the same email).',
	),
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		required: true,
		options: [
			{ name: 'Simple', value: 'simple', description: 'Uses the credit the main account gives it' },
			{
				name: 'Advanced',
				value: 'advanced',
				description: 'Can have its own settings and, as a buyer, buy credit',
			},
		],
		default: 'simple',
		description: 'The kind of subaccount. SMS Partner does not let you change it later.',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: "The subaccount's email address; SMS Partner sends it a confirmation",
	},
	amountField(
		'creditToAttribute',
		'Starting Credit (EUR)',
		'Euros moved from the main account to the new subaccount',
	),
	{
		displayName: 'Is Buyer',
		name: 'isBuyer',
		type: 'boolean',
		default: false,
		description: 'Whether the advanced subaccount may buy credit itself',
		displayOptions: { show: { type: ['advanced'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'First Name', name: 'firstname', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastname', type: 'string', default: '' },
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				placeholder: 'e.g. M.',
				description: 'Form of address, as SMS Partner takes it',
			},
		],
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('subAccount', 'create'), properties);

interface CreateInput {
	subaccount: NewSubaccount;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): CreateInput {
	const type = getParameter(this, 'type', itemIndex, 'Type');
	if (type !== 'simple' && type !== 'advanced') {
		throw invalidInput('type', `Type must be "simple" or "advanced", not ${JSON.stringify(type)}`);
	}
	const email = getEmail.call(this, itemIndex);
	const amount = getStartingCredit.call(this, itemIndex);
	const subaccount: NewSubaccount = { type, email, amount };
	if (type === 'advanced')
		subaccount.isBuyer = getParameter(this, 'isBuyer', itemIndex, 'Is Buyer') === true;
	const additional = getParameterOr(this, 'additionalFields', itemIndex, {}) as IDataObject;
	for (const name of ['title', 'firstname', 'lastname'] as const) {
		const value = additional[name];
		if (typeof value === 'string' && value.trim() !== '') subaccount[name] = value.trim();
	}
	return { subaccount, options: getRequestOptions.call(this, itemIndex) };
}

/** Creates one subaccount and reports its token. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ subaccount, options }: CreateInput,
): Promise<INodeExecutionData[]> {
	const { type, email, amount } = subaccount;
	const created = await fetchCreateSubaccount.call(this, subaccount, options);
	const json = {
		tokenSubaccount: created.tokenSubaccount,
		email: created.email ?? email,
		type,
		creditAttributed: amount,
		sendConfirmMailTo: created.sendConfirmMailTo,
		parentEmail: created.parentEmail,
	};
	return [{ json, pairedItem: { item: itemIndex } }];
}
