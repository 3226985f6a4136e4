/**
 * SMS › Send From Long Number: one message to one number from the long number the account
 * rents from SMS Partner (`POST /vn/send`), so that the person can answer it. A separate
 * operation rather than a choice on Send: its fields differ (a required Long Number, no
 * Sender, no Low Cost route, no schedule, one recipient).
 */
import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { SmsTextPreview } from '../../helpers/smsText';
import { getRequestOptions } from '../../input/options';
import { getParameter } from '../../input/parameters';
import {
	getLongNumber,
	getLongNumberSendSettings,
	getMessage,
	validatePhoneNumber,
	type SendSettings,
} from '../../input/sms';
import { showOnlyFor, toolDescriptionField, warningNotice } from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { fetchLongNumberSend } from '../../transport/sms';
import { applyTestMode, costReport, sendReport } from './sendSettings';

export const refusesRetryOnFail = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		"Sends one SMS text to one phone number from the account's rented long number (a French +33 6/+33 7 number) through SMS Partner, so the person can reply to it, and returns its message ID and cost. This spends real money: every call sends again, and a sent SMS cannot be recalled. Call it once per message the user asks for. Number: a French mobile as 06… or 07…, others with + and the country code.",
	),
	warningNotice(
		'sendFromLongNumberNotice',
		'Sending costs money per SMS, once per incoming item and again at every run. The SMS goes out at once: SMS Partner offers no schedule for long-number sends, so a Scheduled At option is refused (put a Wait node before this one to send later). Try it with the Sandbox option on: SMS Partner then sends and bills nothing. The node refuses to run while its "Retry On Fail" setting is on.',
	),
	{
		displayName: 'Long Number',
		name: 'longNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +33 7 00 00 00 00',
		hint: 'The number you rent from SMS Partner. Replies to it start the SMS Partner Webhook Trigger\'s "Message to My Long Number" event.',
		description:
			'The sender: the long number your SMS Partner account rents, in any form (+33 7 00 00 00 00, 07 00 00 00 00, 33700000000); it is sent as SMS Partner wants it, 337… or 336…',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 06 12 34 56 78',
		hint: 'One mobile number: the recipient',
		description: 'French mobiles as 06… or 07…, other countries with + and the country code',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		hint: '160 characters per SMS (153 each when longer), at most 10 SMS',
		description:
			'The text. Line breaks and € are sent the way SMS Partner wants them; characters SMS cannot carry without Unicode are refused (SMS Partner documents no Unicode for long-number sends).',
	},
];

export const description = updateDisplayOptions(
	showOnlyFor('sms', 'sendFromLongNumber'),
	properties,
);

interface LongNumberInput {
	longNumber: string;
	recipient: string;
	send: SendSettings;
	preview: SmsTextPreview;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): LongNumberInput {
	const longNumber = getLongNumber.call(this, itemIndex);
	const recipient = validatePhoneNumber(
		getParameter(this, 'phoneNumber', itemIndex, 'Phone Number'),
		'phoneNumber',
		'Phone Number',
		'A long-number send goes to one number: give each recipient its own item.',
	);
	const send = getLongNumberSendSettings.call(this, itemIndex);
	const preview = getMessage.call(this, itemIndex, send, false);
	return { longNumber, recipient, send, preview, options: getRequestOptions.call(this, itemIndex) };
}

/** Sends the item's message from the long number, in one request, and reports what it cost. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ longNumber, recipient, send: asked, preview, options }: LongNumberInput,
): Promise<INodeExecutionData[]> {
	const send = await applyTestMode.call(this, asked);
	const sent = await fetchLongNumberSend.call(
		this,
		recipient,
		longNumber,
		preview.text,
		send.fields,
		options,
	);
	return [
		{
			json: {
				messageId: sent.messageId,
				recipients: [recipient],
				// In E.164, as the webhook trigger gives the long number a reply was written to (`to`).
				from: `+${longNumber}`,
				parts: sent.parts,
				...costReport(send, sent.cost),
				currency: sent.currency,
				...sendReport(send, preview),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
