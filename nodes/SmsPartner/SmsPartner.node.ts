import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './api/common';
import { route } from './actions/router';
import * as account from './actions/account/Account.resource';
import * as contact from './actions/contact/Contact.resource';
import * as group from './actions/group/Group.resource';
import * as number from './actions/number/Number.resource';
import * as sms from './actions/sms/Sms.resource';
import { receiveReply, REPLY_WEBHOOKS } from './actions/sms/sendAndWaitForReply.operation';
import * as stopList from './actions/stopList/StopList.resource';
import * as subAccount from './actions/subAccount/SubAccount.resource';

export class SmsPartner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Partner',
		name: 'smsPartner',
		icon: { light: 'file:smsPartner.svg', dark: 'file:smsPartner.dark.svg' },
		group: ['transform'],
		version: 1,
		// The operation's name as the panel shows it, by resource and operation (several resources have a Delete).
		subtitle:
			'={{ ({"subAccount.addCredit":"Add Credit","subAccount.create":"Create","subAccount.delete":"Delete","subAccount.getMany":"Get Many","subAccount.removeCredit":"Remove Credit","account.getBalance":"Get Balance","account.getCosts":"Get Costs","contact.add":"Add","contact.delete":"Delete","contact.get":"Get","contact.getMany":"Get Many","contact.update":"Update","group.create":"Create","group.delete":"Delete","group.getMany":"Get Many","number.check":"Check","number.hlrLookup":"HLR Lookup","sms.cancel":"Cancel","sms.getManyStatuses":"Get Many Statuses","sms.getStatus":"Get Status","sms.send":"Send","sms.sendAndWaitForReply":"Send and Wait for Reply","sms.sendFromLongNumber":"Send From Long Number","sms.sendMany":"Send Many","stopList.add":"Add","stopList.getMany":"Get Many","stopList.remove":"Remove"})[$parameter["resource"] + "." + $parameter["operation"]] }}',
		description:
			'Send SMS and follow their delivery, check numbers, manage contacts and their groups, the STOP list, SMS Partner subaccounts and their euro credit',
		defaults: { name: 'SMS Partner' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		// Send and Wait for Reply's resume URL, which SMS Partner posts the reply to.
		webhooks: REPLY_WEBHOOKS,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Group', value: 'group' },
					{ name: 'Number', value: 'number' },
					{ name: 'SMS', value: 'sms' },
					{ name: 'Stop List', value: 'stopList' },
					{ name: 'Subaccount', value: 'subAccount' },
				],
				default: 'subAccount',
			},
			...subAccount.description,
			...account.description,
			...contact.description,
			...group.description,
			...number.description,
			...sms.description,
			...stopList.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveReply.call(this);
	}
}
