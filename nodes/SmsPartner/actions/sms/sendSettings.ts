/** The options Send and Send Many share: their fields, and what a send reports (Test Mode, cost, count); input/sms.ts reads them (getSendSettings). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SmsTextPreview } from '../../helpers/smsText';
import type { SendSettings } from '../../input/sms';
import { testModeOfRun } from '../../transport/credentials';
import { requestOptionsField } from '../../shared/fields';

export const sendSettingsFields: INodeProperties[] = [
	{
		displayName: 'Delivery Report URL',
		name: 'deliveryReportUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/sms-reports',
		description: 'Where SMS Partner posts the delivery reports of this send (its urlDlr)',
	},
	{
		displayName: 'Reply URL',
		name: 'replyUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/sms-replies',
		hint: 'SMS Partner posts replies and STOPs here: the production URL of an n8n Webhook node, reachable from the internet',
		description:
			"Where SMS Partner posts the replies and STOPs to this send (its urlResponse): an n8n Webhook node's production URL",
	},
	{
		displayName: 'Route',
		name: 'route',
		type: 'options',
		options: [
			{
				name: 'Premium',
				value: 'premium',
				description: 'Reliable delivery, sender and STOP notice',
			},
			{
				name: 'Low Cost',
				value: 'lowCost',
				description: 'Cheaper, one SMS (160 characters) at most',
			},
		],
		default: 'premium',
		description: "SMS Partner's route (gamme); Low Cost must be enabled on the account",
	},
	{
		displayName: 'Sandbox',
		name: 'sandbox',
		type: 'boolean',
		default: false,
		hint: 'Test mode: SMS Partner sends nothing and bills nothing',
		description:
			"Whether to send in SMS Partner's test mode: the request is checked and answered, no SMS goes out and no credit is spent",
	},
	{
		displayName: 'Scheduled At',
		name: 'scheduledAt',
		// Text, not n8n's date picker: the picker silently empties a typed 25/12/2026 10:00,
		// and an empty Scheduled At would send now.
		type: 'string',
		default: '',
		placeholder: 'e.g. 25/12/2026 10:00',
		hint: 'Paris time, day/month/year hour:minute (25/12/2026 10:00 or 2026-12-25 10:00), rounded up to the next 5 minutes. Remove this option to send now.',
		description:
			"When SMS Partner sends it, in Paris time (SMS Partner's clock) whatever n8n's time zone, unless the value carries its own offset (2026-12-25T10:00:00-05:00) or comes from a date expression. Cancel it with SMS › Cancel until 5 minutes before.",
	},
	{
		displayName: 'Sender',
		name: 'sender',
		type: 'string',
		default: '',
		placeholder: 'e.g. MYSHOP',
		hint: "3 to 11 letters or digits. Empty: SMS Partner's short number.",
		description: 'The name the phone shows as the sender',
	},
	{
		displayName: 'STOP Notice',
		name: 'stopNotice',
		type: 'boolean',
		default: false,
		hint: 'Required by law for marketing SMS in France (Premium route). On Low Cost, write "NoPub=STOP" in the message instead',
		description:
			'Whether SMS Partner adds its "STOP" opt-out notice at the end (required for marketing SMS; Premium route only — on Low Cost write "NoPub=STOP" in the message)',
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		default: '',
		placeholder: 'e.g. relance-decembre',
		hint: 'Up to 20 letters (no accents), digits, dashes or underscores',
		description:
			'A label for this send in SMS Partner: up to 20 letters, digits, dashes or underscores',
	},
	{
		displayName: 'Unicode',
		name: 'unicode',
		type: 'boolean',
		default: false,
		hint: '70 characters per SMS instead of 160; SMS Partner must enable it on the account',
		description:
			'Whether to send in Unicode, for characters SMS cannot carry otherwise (emoji, other alphabets)',
	},
];

/**
 * The Options of Send, Send Many, Send and Wait for Reply and Send from Long
 * Number: ONE parameter shown for all, so that switching between them keeps
 * what was set (Sandbox above all). Concurrency and answer format are for the
 * operations that make one request per item (Send, Send From Long Number): Send
 * Many sends its batches one after the other, in JSON. Route, Sender, Unicode
 * and Scheduled At are hidden on Send From Long Number, which /vn/send does not
 * take them for (n8n then drops them from the parameters: a schedule set on Send
 * does not reach a long-number send, which goes out at once, as its notice says).
 *
 * The condition names the operation by its root path, '/operation': when a
 * parameter changes, n8n's editor (removeMismatchedOptionValues) empties
 * every collection whose show/hide names that parameter as it is, so a plain
 * `operation` condition lost all Options on Send ↔ Send Many (seen in n8n
 * 2.41.1's editor). At the top level both spellings read the same value.
 */
/**
 * The options /vn/send has no field for, hidden there. Not Scheduled At: hidden, n8n would
 * drop one brought over from Send and the SMS would go now; shown, it is refused.
 */
const LONG_NUMBER_LACKS = ['route', 'sender', 'unicode'];

export const sendOptionsField: INodeProperties = (() => {
	const field = requestOptionsField(sendSettingsFields);
	const perItemRequest = { show: { '/operation': ['send', 'sendFromLongNumber'] } };
	// Send Many's requests are its batches: as many in flight as asked, but its answer is always JSON.
	const perRequest = { show: { '/operation': ['send', 'sendMany', 'sendFromLongNumber'] } };
	const notFromLongNumber = { hide: { '/operation': ['sendFromLongNumber'] } };
	return {
		...field,
		displayOptions: {
			show: {
				resource: ['sms'],
				'/operation': ['send', 'sendMany', 'sendAndWaitForReply', 'sendFromLongNumber'],
			},
		},
		options: (field.options as INodeProperties[]).map((option) =>
			option.name === 'maxConcurrency'
				? { ...option, displayOptions: perRequest }
				: option.name === 'responseFormat'
					? { ...option, displayOptions: perItemRequest }
					: LONG_NUMBER_LACKS.includes(option.name)
						? { ...option, displayOptions: notFromLongNumber }
						: option,
		),
	};
})();

/**
 * The settings as they go out: through a credential in Test Mode, in SMS
 * Partner's sandbox mode whatever the Sandbox option says.
 */
export async function applyTestMode(
	this: IExecuteFunctions,
	send: SendSettings,
): Promise<SendSettings> {
	return (await testModeOfRun(this)) ? inSandbox(send) : send;
}

/** The same send in SMS Partner's sandbox mode. */
export function inSandbox(send: SendSettings): SendSettings {
	return send.sandbox ? send : { ...send, sandbox: true, fields: { ...send.fields, sandbox: 1 } };
}

/** What a send cost: in Sandbox mode nothing is billed, so SMS Partner's figure is an estimate. */
export function costReport(send: SendSettings, cost: number): IDataObject {
	return send.sandbox ? { estimatedCost: cost } : { cost };
}

/** What each sent item reports besides SMS Partner's answer: test mode, schedule, the node's count. */
export function sendReport(send: SendSettings, preview: SmsTextPreview): IDataObject {
	return {
		sandbox: send.sandbox,
		...(send.scheduledAt
			? { scheduledAt: send.scheduledAt, scheduledAtParis: send.scheduledAtParis }
			: {}),
		encoding: preview.encoding,
		characters: preview.characters,
		partsPerRecipient: preview.partsPerRecipient,
	};
}
