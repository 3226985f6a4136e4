import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './api/common';
import { amountField } from './shared/fields';
import { DEFAULT_TIMEOUT_MS } from './transport/call';
import { poll } from './trigger/poll';
import { withCalmPollTimes } from './trigger/pollTimes';

export class SmsPartnerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Partner Trigger',
		name: 'smsPartnerTrigger',
		icon: { light: 'file:smsPartner.svg', dark: 'file:smsPartner.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The event's name as the panel shows it
		subtitle:
			'={{ ({"balanceLow":"Main Balance Below","newStop":"New STOP","subaccountBalanceLow":"Subaccount Balance Below"})[$parameter["event"]] }}',
		description:
			'Starts the workflow when a balance drops below a threshold or a number joins the STOP list',
		defaults: { name: 'SMS Partner Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: withCalmPollTimes([
			{
				displayName:
					'Checks every 15 minutes unless you change Poll Times above. Each check reads SMS Partner once (a page per 20 subaccounts for subaccount balances)',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Main Balance Below',
						value: 'balanceLow',
						description: "The main account's euro balance went below the threshold",
					},
					{
						name: 'New STOP',
						value: 'newStop',
						description: 'A number was added to the STOP list',
					},
					{
						name: 'Subaccount Balance Below',
						value: 'subaccountBalanceLow',
						description: "A subaccount's euro balance went below the threshold",
					},
				],
				default: 'subaccountBalanceLow',
			},
			{
				displayName:
					'Each poll compares balances with the previous poll: an event comes when a balance goes from at or above the threshold to below it, once, and again only after it has gone back up. The first poll after activation only records the balances.',
				name: 'crossingNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['subaccountBalanceLow', 'balanceLow'] } },
			},
			{
				...amountField(
					'threshold',
					'Threshold (EUR)',
					'An event comes when a balance goes below this many euros',
				),
				displayOptions: { show: { event: ['subaccountBalanceLow', 'balanceLow'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_TIMEOUT_MS,
						hint: "In milliseconds: the deadline for each of SMS Partner's answers",
						description:
							"Milliseconds to wait for each of SMS Partner's answers before the poll fails (and tries again at the next poll)",
					},
				],
			},
		]),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
