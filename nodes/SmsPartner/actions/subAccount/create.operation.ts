import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../api';
import { invalidInput } from '../../helpers/errors';
import { readCredit, readEmail, readParameter } from '../../helpers/validate';
import { incompleteSuccess } from '../../transport/answer';
import { callSmsPartner } from '../../transport/request';
import { parseEmail, parseToken } from '../../transport/values';
import { amountField, readRequestOptions, requestOptionsField, showFor, warningNotice } from '../common.fields';

const show = showFor('subAccount', 'create');

export const changesAccounts = true;

export const description: INodeProperties[] = [
	warningNotice(
		'createNotice',
		'Creates a real sub-account and moves the credit to attribute out of the main account. Each run creates another one (SMS Partner refuses a second one with the same email).',
		show,
	),
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		required: true,
		options: [
			{ name: 'Simple', value: 'simple', description: 'Uses the credit the main account gives it' },
			{ name: 'Advanced', value: 'advanced', description: 'Can have its own settings and, as a buyer, buy credit' },
		],
		default: 'simple',
		description: 'The kind of sub-account. SMS Partner does not let you change it later.',
		displayOptions: show,
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: "The sub-account's email address; SMS Partner sends it a confirmation",
		displayOptions: show,
	},
	amountField(
		'creditToAttribute',
		'Starting Credit (EUR)',
		show,
		'Euros moved from the main account to the new sub-account',
	),
	{
		displayName: 'Is Buyer',
		name: 'isBuyer',
		type: 'boolean',
		default: false,
		description: 'Whether the advanced sub-account may buy credit itself',
		displayOptions: showFor('subAccount', 'create', { type: ['advanced'] }),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show,
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
	requestOptionsField(show),
];

/** Creates one sub-account and reports its token. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const type = readParameter(this, 'type', itemIndex, 'Type');
	if (type !== 'simple' && type !== 'advanced') {
		throw invalidInput('type', `Type must be "simple" or "advanced", not ${JSON.stringify(type)}`);
	}
	const email = readEmail(readParameter(this, 'email', itemIndex, 'Email'));
	const creditToAttribute = readCredit(
		readParameter(this, 'creditToAttribute', itemIndex, 'Starting Credit (EUR)'),
		'Starting Credit (EUR)',
		'creditToAttribute',
	);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const parameters: IDataObject = { email, creditToAttribute };
	if (type === 'advanced') {
		parameters.isBuyer = readParameter(this, 'isBuyer', itemIndex, 'Is Buyer') === true ? 1 : 0;
	}
	for (const name of ['title', 'firstname', 'lastname']) {
		const value = additional[name];
		if (typeof value === 'string' && value.trim() !== '') parameters[name] = value.trim();
	}
	const options = readRequestOptions.call(this, itemIndex);

	const answer = await callSmsPartner.call(this, {
		endpoint: ENDPOINTS.createSubaccount,
		fields: { type, parameters },
		...options,
	});
	const subaccount = answer.fields.subaccount;
	const created = (subaccount !== null && typeof subaccount === 'object' ? subaccount : {}) as IDataObject;
	const token = parseToken(created.token);
	if (token === undefined) throw incompleteSuccess(answer.status, 'subaccount.token');
	const json = {
		tokenSubaccount: token,
		email: parseEmail(created.email) ?? email,
		type,
		creditAttributed: creditToAttribute,
		sendConfirmMailTo: parseEmail(answer.fields.sendConfirmMailTo) ?? null,
		parentEmail: parseEmail(answer.fields.parent_email) ?? null,
	};
	return [{ json: json as IDataObject, pairedItem: { item: itemIndex } }];
}
