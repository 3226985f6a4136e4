import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchSend } from '../../transport/sms';
import { getRequestOptions } from '../../input/options';
import { getMessage, getPhoneNumbers, getSendSettings, type SendSettings } from '../../input/sms';
import { showOnlyFor, warningNotice, toolDescriptionField } from '../../shared/fields';
import { applyTestMode, costReport, sendReport } from './sendSettings';
import type { SmsTextPreview } from '../../helpers/smsText';
import type { RequestOptions } from '../../transport/call';

export const refusesRetryOnFail = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Sends one SMS text to one or more phone numbers through SMS Partner, and returns its message ID and cost. This spends real money: every call sends again, and a sent SMS cannot be recalled (only a scheduled one can be cancelled). Call it once per message the user asks for. Numbers: French mobiles as 06… or 07…, others with + and the country code.',
	),
	warningNotice(
		'sendNotice',
		'Sending costs money per SMS. The node sends once per incoming item: 3 items in, 3 SMS out to each number, and again at every run. To send once whatever comes in, turn on Execute Once in the Settings tab. Try it with the Sandbox option on: SMS Partner then sends and bills nothing. The node refuses to run while its "Retry On Fail" setting is on.',
	),
	{
		displayName: 'Phone Numbers',
		name: 'phoneNumbers',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 06 12 34 56 78, +32 470 12 34 56',
		hint: 'One or more mobile numbers separated by commas, up to 500',
		description:
			'Who receives the message: French mobiles as 06… or 07…, other countries with + and the country code. An expression may also give a list.',
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
			'The text. Line breaks and € are sent the way SMS Partner wants them; characters SMS cannot carry need the Unicode option.',
	},
];

export const description = updateDisplayOptions(showOnlyFor('sms', 'send'), properties);

interface SendInput {
	recipients: string[];
	send: SendSettings;
	preview: SmsTextPreview;
	options: RequestOptions;
}

export function read(this: IExecuteFunctions, itemIndex: number): SendInput {
	const recipients = getPhoneNumbers.call(this, itemIndex);
	const send = getSendSettings.call(this, itemIndex);
	const preview = getMessage.call(this, itemIndex, send);
	return { recipients, send, preview, options: getRequestOptions.call(this, itemIndex) };
}

/** Sends one message to every number of the item, in one request, and reports what it cost. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ recipients, send: asked, preview, options }: SendInput,
): Promise<INodeExecutionData[]> {
	const send = await applyTestMode.call(this, asked);
	const sent = await fetchSend.call(this, recipients, preview.text, send.fields, options);
	return [
		{
			json: {
				messageId: sent.messageId,
				recipients,
				parts: sent.parts,
				...costReport(send, sent.cost),
				currency: sent.currency,
				...sendReport(send, preview),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
