import {
	NodeConnectionTypes,
	NodeOperationError,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { validateSecret } from './input/webhookSecret';
import type { CallbackEvent } from './transport/callbacks';
import { CALLBACK_PATH, receiveCallback } from './trigger/webhook';

const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

/**
 * One URL, /webhook/<id>/sms/<secret>, shown in the panel for POST (SMS Partner's
 * replies are JSON posts) and also answering GET (delivery reports and long-number
 * messages may come as GET). The same path without the secret answers 403, or takes
 * it as ?secret=.
 */
// An empty Secret gives a path of its own, so activation reaches the Secret's check
// (webhookMethods) rather than a clash with the path without the secret.
const PATH_WITH_SECRET = `={{ "${CALLBACK_PATH}/" + ($parameter["secret"] || "no-secret-yet") }}`;

// responseData '': n8n then answers the node's own webhookResponse ({ received: true }),
// not its default body.
const WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: PATH_WITH_SECRET,
	},
	{
		name: 'default',
		httpMethod: 'GET',
		responseMode: 'onReceived',
		responseData: '',
		path: PATH_WITH_SECRET,
		ndvHideUrl: true,
	},
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: CALLBACK_PATH,
		ndvHideUrl: true,
	},
	{
		name: 'default',
		httpMethod: 'GET',
		responseMode: 'onReceived',
		responseData: '',
		path: CALLBACK_PATH,
		ndvHideUrl: true,
	},
];

function checkSecret(this: IHookFunctions): void {
	const problem = validateSecret(this.getNodeParameter('secret', ''));
	if (problem) throw new NodeOperationError(this.getNode(), problem);
	readTimings.call(this);
}

/**
 * The options' windows in ms. An option left out takes its default; one that is there but
 * is no number in its range (an expression that gave nothing) is refused: an empty repeat
 * window would start every repeat, an empty parts wait would cut every long SMS.
 */
function readTimings(this: IHookFunctions | IWebhookFunctions): {
	repeatWindowMs: number;
	partsWaitMs: number;
} {
	const options = this.getNodeParameter('options', {}) as Record<string, unknown>;
	const read = (name: string, label: string, fallback: number, min: number, max: number) => {
		if (!Object.hasOwn(options, name)) return fallback;
		const value = options[name];
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
			throw new NodeOperationError(
				this.getNode(),
				`${label} must be a number from ${min} to ${max}, not ${JSON.stringify(value)}`,
			);
		return value;
	};
	return {
		repeatWindowMs:
			read('repeatWindowMinutes', 'Ignore Repeats Within (Minutes)', 10, 0, 1440) * MINUTE_MS,
		partsWaitMs:
			read('partsWaitSeconds', 'Wait for Long SMS Parts (Seconds)', 30, 1, 600) * SECOND_MS,
	};
}

export class SmsPartnerWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Partner Webhook Trigger',
		name: 'smsPartnerWebhookTrigger',
		icon: { light: 'file:smsPartner.svg', dark: 'file:smsPartner.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).length + " event(s)" }}',
		description:
			'Starts the workflow when someone replies to an SMS, sends STOP, writes to your long number, or when a delivery report or an HLR lookup result arrives',
		defaults: { name: 'SMS Partner Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: WEBHOOKS,
		properties: [
			{
				displayName:
					"Copy the Production URL above (Webhook URLs) and paste it, secret included, as the Reply URL and the Delivery Report URL in the Options of SMS Partner › SMS › Send or Send Many, as the Notify URL of Number › HLR Lookup, or as the reply URL in SMS Partner's dashboard (Settings › API SMS; replies may need SMS Partner to switch them on for your account). Then publish (activate) this workflow. SMS Partner signs nothing it posts: the Secret in the URL is what keeps anyone else out.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				noDataExpression: true,
				required: true,
				options: [
					{
						name: 'Delivery Report',
						value: 'deliveryReport',
						description:
							'SMS Partner reports whether an SMS reached its recipient (sent with a Delivery Report URL)',
					},
					{
						name: 'HLR Result',
						value: 'hlrResult',
						description:
							'The result of an HLR lookup (Number › HLR Lookup with this URL as its Notify URL): whether the number is live on a network, one event per number',
					},
					{
						name: 'Message to My Long Number',
						value: 'longNumberMessage',
						description:
							'Someone wrote to the long number you rent from SMS Partner; a long SMS comes as one event once all its parts are in',
					},
					{
						name: 'Reply Received',
						value: 'reply',
						description: 'Someone answered an SMS you sent',
					},
					{
						name: 'STOP Received',
						value: 'stop',
						description: 'Someone answered STOP: SMS Partner put the number on your STOP list',
					},
				],
				// n8n saves no parameter left at its default, so a trigger saved with the previous
				// default (the four other events) reads this one: an HLR result posted to its URL,
				// which it took for a delivery report before, now starts it as an HLR result.
				default: ['reply', 'stop', 'deliveryReport', 'longNumberMessage', 'hlrResult'],
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				noDataExpression: true,
				required: true,
				default: '',
				placeholder: 'e.g. 3kF9q-Lr2XvW7mPz0aB4sYtN8cHdJe6u',
				hint: 'At least 16 letters, digits, - or _. Leave it empty and publish: the error gives you one, generated',
				description:
					'Part of the URL: a request without it is refused (403) and starts nothing. Change it, and the URL changes: paste the new one.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Ignore Repeats Within (Minutes)',
						name: 'repeatWindowMinutes',
						type: 'number',
						noDataExpression: true,
						typeOptions: { minValue: 0, maxValue: 1440 },
						default: 10,
						description:
							'SMS Partner may post the same callback twice: an identical one within this many minutes starts nothing. 0 starts every one (an identical reply sent twice by the person is then two events).',
					},
					{
						displayName: 'Wait for Long SMS Parts (Seconds)',
						name: 'partsWaitSeconds',
						type: 'number',
						noDataExpression: true,
						typeOptions: { minValue: 1, maxValue: 600 },
						default: 30,
						description:
							'A long SMS to your long number comes in parts: the event waits this long for the missing ones, then comes with the parts received and complete: false',
					},
				],
			},
		],
	};

	// SMS Partner has no API to register, check or delete a webhook: its URLs are pasted by
	// hand (Send's options, the dashboard). There is nothing to register; activation only
	// checks the Secret, so a URL without one is never published.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				checkSecret.call(this);
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				checkSecret.call(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const secret = this.getNodeParameter('secret', '') as string;
		return await receiveCallback.call(this, {
			events: this.getNodeParameter('events', []) as CallbackEvent[],
			secret: validateSecret(secret) === undefined ? secret : '',
			...readTimings.call(this),
		});
	}
}
