import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { RequestOptions } from '../../transport/call';
import { fetchHlrLookup } from '../../transport/number';
import { getNotifyUrl } from '../../input/number';
import { maskCallbackUrl } from '../../input/webhookSecret';
import { getRequestOptions } from '../../input/options';
import { getPhoneNumber } from '../../input/sms';
import {
	requestOptionsField,
	showOnlyFor,
	toolDescriptionField,
	warningNotice,
} from '../../shared/fields';

export const refusesRetryOnFail = true;
export const refusedInTestMode = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Asks SMS Partner for an HLR lookup of a mobile number (whether it is live on a network), whose result SMS Partner posts later to the Notify URL (an SMS Partner Webhook Trigger, HLR Result event), not to this call. This spends HLR credit: every call sends a new, billed lookup, and it cannot be undone. Call it once per number the user asks about.',
	),
	warningNotice(
		'hlrLookupNotice',
		'Each run asks, and pays, for one HLR lookup per item. The result does not come out of this node: SMS Partner posts it later to the Notify URL, where an SMS Partner Webhook Trigger receives it as its HLR Result event.',
	),
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 06 12 34 56 78',
		description: 'The mobile number to look up: French mobiles as 06… or 07…, others with +',
	},
	{
		displayName: 'Notify URL',
		name: 'notifyUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/…/sms/…',
		description:
			"Where SMS Partner posts the result. Paste an SMS Partner Webhook Trigger's Production URL, secret included: its HLR Result event starts that workflow with the result.",
	},
	requestOptionsField(),
];

export const description = updateDisplayOptions(showOnlyFor('number', 'hlrLookup'), properties);

interface HlrInput {
	phoneNumber: string;
	notifyUrl: string;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): HlrInput {
	const phoneNumber = getPhoneNumber.call(this, itemIndex);
	const notifyUrl = getNotifyUrl.call(this, itemIndex);
	return { phoneNumber, notifyUrl, options: getRequestOptions.call(this, itemIndex) };
}

/**
 * Asks for the lookup; the output says where, and that, its result will arrive: the Notify
 * URL with the Webhook Trigger's secret masked (the user has it in the field; an output
 * goes to execution logs and to an AI Agent's model).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ phoneNumber, notifyUrl, options }: HlrInput,
): Promise<INodeExecutionData[]> {
	const asked = await fetchHlrLookup.call(this, phoneNumber, notifyUrl, options);
	const destination = maskCallbackUrl(notifyUrl);
	const posted = `SMS Partner will post the result of lookup ${asked.campaignId} to the Notify URL, not to this node`;
	return [
		{
			json: {
				phoneNumber,
				...asked,
				resultWillArriveAt: destination.url,
				notice: destination.isWebhookTriggerUrl
					? `${posted}: the SMS Partner Webhook Trigger at that URL starts its workflow with it as an HLR Result event (when that event is on).`
					: `${posted}. Paste an SMS Partner Webhook Trigger's Production URL as the Notify URL to receive it there as an HLR Result event.`,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
