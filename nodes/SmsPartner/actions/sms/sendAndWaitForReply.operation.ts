/**
 * SMS › Send and Wait for Reply: sends one SMS whose replies go to this execution's own
 * resume URL (SMS Partner's urlResponse), puts the execution to wait as n8n's Wait node
 * does, and resumes it with the reply of that number to that message, or, when the limit
 * passes, with `timedOut: true`.
 *
 * How the wait is kept: n8n saves a waiting execution with the node's input, and on
 * timeout passes that input on unchanged (the node is not run again). So the input the
 * execution keeps is replaced by the timed-out item, which also tells the reply's check
 * (webhook) which message and number it waits for. The URL's secret is derived from the
 * API key, the execution and the number: nothing secret is stored.
 */
import { createHmac } from 'node:crypto';

import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../api/common';
import { invalidInput } from '../../helpers/errors';
import type { SmsTextPreview } from '../../helpers/smsText';
import { getRequestOptions } from '../../input/options';
import { getParameter, getParameterOr } from '../../input/parameters';
import { getMessage, getPhoneNumber, getSendSettings, type SendSettings } from '../../input/sms';
import { secretMatches } from '../../input/webhookSecret';
import { showOnlyFor, warningNotice } from '../../shared/fields';
import type { RequestOptions } from '../../transport/call';
import { classifyCallback, parseReply } from '../../transport/callbacks';
import { answerCallback, readWebhookCallback } from '../../transport/webhookRequest';
import { redactorFor } from '../../helpers/secrets';
import { fetchSend } from '../../transport/sms';
import { applyTestMode, costReport, sendReport } from './sendSettings';

export const refusesRetryOnFail = true;

const SECRET_PARAMETER = 'secret';
const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
type WaitUnit = keyof typeof UNIT_MS;
/** n8n keeps waiting executions for as long as asked; a month bounds a mistake (10000 days). */
const MAX_WAIT_MS = 31 * UNIT_MS.days;

/** The resume URL SMS Partner posts the reply to: POST, JSON (its reply callback). */
export const REPLY_WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];

const properties: INodeProperties[] = [
	warningNotice(
		'sendAndWaitNotice',
		"Sends one SMS (it costs money) and waits for that number's reply to it, up to the limit below. Replies reach SMS Partner's short number only: no Sender, Premium route; replies may need SMS Partner to switch them on for your account. n8n must be reachable from the internet for the reply to arrive. One item at a time: put Loop Over Items before it for several.",
	),
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 06 12 34 56 78',
		hint: 'One mobile number: the reply of this number is awaited',
		description: 'French mobiles as 06… or 07…, other countries with + and the country code',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		placeholder: 'e.g. Your appointment is tomorrow at 10:00. Reply OUI to confirm, NON to cancel',
		hint: '160 characters per SMS (153 each when longer), at most 10 SMS',
		description: 'The text, telling the person what to answer',
	},
	{
		displayName: 'Expected Answers',
		name: 'expectedAnswers',
		type: 'string',
		default: '',
		placeholder: 'e.g. OUI, NON',
		hint: 'Comma-separated. The output\'s "answer" is the one the reply matches (case, accents and spaces ignored), or "other"',
		description: 'The answers you ask for; leave empty to take the reply as it comes',
	},
	{
		displayName: 'Limit Wait Time',
		name: 'limitWaitAmount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		description: 'How long to wait for the reply; then the workflow goes on with timedOut: true',
	},
	{
		displayName: 'Unit',
		name: 'limitWaitUnit',
		type: 'options',
		options: [
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Days', value: 'days' },
		],
		default: 'hours',
	},
];

export const description = updateDisplayOptions(
	showOnlyFor('sms', 'sendAndWaitForReply'),
	properties,
);

interface WaitInput {
	recipient: string;
	send: SendSettings;
	preview: SmsTextPreview;
	expectedAnswers: string[];
	waitMs: number;
	options: RequestOptions;
}

/** The answer as compared: no case, no accents, no surrounding spaces or punctuation. */
function comparable(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
		.replace(/\s+/g, ' ');
}

function readExpectedAnswers(value: unknown): string[] {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: undefined;
	if (list === undefined)
		throw invalidInput(
			'expectedAnswers',
			`Expected Answers must be text such as "OUI, NON", not ${typeof value}`,
		);
	const answers = list.map((answer) => String(answer).trim()).filter((answer) => answer !== '');
	const seen = new Set<string>();
	for (const answer of answers) {
		const key = comparable(answer);
		if (key === '')
			throw invalidInput(
				'expectedAnswers',
				`Expected Answers: "${answer}" has no letter or digit to compare`,
			);
		if (seen.has(key))
			throw invalidInput(
				'expectedAnswers',
				`Expected Answers lists "${answer}" twice (case and accents are ignored)`,
			);
		seen.add(key);
	}
	return answers;
}

function readWaitMs(this: IExecuteFunctions, itemIndex: number): number {
	const amount = getParameterOr(this, 'limitWaitAmount', itemIndex, 24);
	const unit = getParameterOr(this, 'limitWaitUnit', itemIndex, 'hours');
	if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0)
		throw invalidInput(
			'limitWaitAmount',
			`Limit Wait Time must be a number above 0, not ${JSON.stringify(amount)}`,
		);
	if (typeof unit !== 'string' || !Object.hasOwn(UNIT_MS, unit))
		throw invalidInput(
			'limitWaitUnit',
			`Unit must be minutes, hours or days, not ${JSON.stringify(unit)}`,
		);
	const waitMs = amount * UNIT_MS[unit as WaitUnit];
	if (waitMs > MAX_WAIT_MS)
		throw invalidInput('limitWaitAmount', `Limit Wait Time is ${amount} ${unit}: at most 31 days`);
	return waitMs;
}

/** The settings that would stop the reply from reaching this execution, refused before anything is sent. */
function refuseReplyBlockers(send: SendSettings): void {
	if (send.fields.sender !== undefined)
		throw invalidInput(
			'sender',
			`Sender "${send.fields.sender}" makes replies impossible: a phone cannot answer a name`,
			"Remove the Sender option: the SMS then comes from SMS Partner's short number, which receives replies. Nothing was sent.",
		);
	if (send.route === 'lowCost')
		throw invalidInput(
			'route',
			'The Low Cost route receives no replies: SMS Partner takes replies on the Premium route only',
			'Choose the Premium route. Nothing was sent.',
		);
	if (send.fields.urlResponse !== undefined)
		throw invalidInput(
			'replyUrl',
			'Reply URL cannot be set here: the reply must come back to this execution, whose own URL the node gives SMS Partner',
			'Remove the Reply URL option. Nothing was sent.',
		);
}

export function read(this: IExecuteFunctions, itemIndex: number): WaitInput {
	if (this.getNode().type.endsWith('Tool'))
		throw invalidInput(
			'operation',
			'Send and Wait for Reply cannot run as an AI Agent tool: an agent cannot wait hours for a reply',
			'Use SMS › Send as the tool. Nothing was sent.',
		);
	const count = this.getInputData().length;
	if (count > 1)
		throw invalidInput(
			'operation',
			`Send and Wait for Reply sends one SMS and waits for one reply: it takes one item, and this run has ${count}`,
			'Put a Loop Over Items node (batch size 1) before it. Nothing was sent.',
		);
	const recipient = getPhoneNumber.call(this, itemIndex);
	const asked = getParameterOr(this, 'options', itemIndex, {}) as Record<string, unknown>;
	if (Object.hasOwn(asked, 'scheduledAt'))
		throw invalidInput(
			'scheduledAt',
			'Scheduled At is not offered here: the wait starts when the SMS is sent',
			'Remove Scheduled At, or schedule with a Wait node before this one. Nothing was sent.',
		);
	const send = getSendSettings.call(this, itemIndex);
	refuseReplyBlockers(send);
	const preview = getMessage.call(this, itemIndex, send);
	return {
		recipient,
		send,
		preview,
		expectedAnswers: readExpectedAnswers(
			getParameter(this, 'expectedAnswers', itemIndex, 'Expected Answers') ?? '',
		),
		waitMs: readWaitMs.call(this, itemIndex),
		options: getRequestOptions.call(this, itemIndex),
	};
}

/** The URL's secret: only who holds the API key can make it, for this execution and number. */
function replySecret(
	apiKey: string,
	executionId: string,
	nodeId: string,
	phoneNumber: string,
): string {
	return createHmac('sha256', apiKey)
		.update(`smspartner-reply:${executionId}:${nodeId}:${phoneNumber}`)
		.digest('base64url')
		.slice(0, 32);
}

async function apiKeyOf(context: IExecuteFunctions | IWebhookFunctions): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
}

function resumeUrl(this: IExecuteFunctions, itemIndex: number, secret: string): string {
	const url = new URL(String(this.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex)));
	url.pathname = `${url.pathname.replace(/\/$/, '')}/${this.getNode().id}`;
	url.searchParams.set(SECRET_PARAMETER, secret);
	return url.toString();
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ recipient, send: asked, preview, expectedAnswers, waitMs, options }: WaitInput,
): Promise<INodeExecutionData[]> {
	const executionId = this.getExecutionId();
	const secret = replySecret(await apiKeyOf(this), executionId, this.getNode().id, recipient);
	const send = await applyTestMode.call(this, {
		...asked,
		fields: { ...asked.fields, urlResponse: resumeUrl.call(this, itemIndex, secret) },
	});
	const sent = await fetchSend.call(this, [recipient], preview.text, send.fields, options);
	const waitTill = new Date(Date.now() + waitMs);
	const sentReport: IDataObject = {
		messageId: sent.messageId,
		phoneNumber: recipient,
		parts: sent.parts,
		...costReport(send, sent.cost),
		...sendReport(send, preview),
		expectedAnswers,
		waitingUntil: waitTill.toISOString(),
	};
	const timedOut: INodeExecutionData = {
		json: {
			...sentReport,
			timedOut: true,
			text: null,
			answer: null,
			stop: false,
			receivedAt: null,
		},
		pairedItem: { item: itemIndex },
	};
	// What n8n passes on if no reply comes, and what the reply's check reads (see the header).
	this.getExecuteData().data = { main: [[timedOut]] };
	await this.putExecutionToWait(waitTill);
	return [{ json: { ...sentReport, waitingForReply: true }, pairedItem: { item: itemIndex } }];
}

function answerTo(text: string, expectedAnswers: string[]): string | null {
	if (expectedAnswers.length === 0) return null;
	const reply = comparable(text);
	return expectedAnswers.find((answer) => comparable(answer) === reply) ?? 'other';
}

/**
 * The reply's check, on the execution's resume URL: the secret, then SMS Partner's reply
 * from the number the SMS went to, about that message. Anything else leaves the
 * execution waiting.
 */
export async function receiveReply(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const waiting = this.evaluateExpression('{{ $json }}', 0) as IDataObject | undefined;
	const expectedNumber = typeof waiting?.phoneNumber === 'string' ? waiting.phoneNumber : '';
	const expectedMessage = waiting?.messageId === undefined ? '' : String(waiting.messageId);
	const apiKey = await apiKeyOf(this);
	const secret = replySecret(
		apiKey,
		this.getExecutionId() ?? '',
		this.getNode().id,
		expectedNumber,
	);
	if (
		expectedNumber === '' ||
		!secretMatches(this.getQueryData()[SECRET_PARAMETER as never], secret)
	)
		return answerCallback(this, 403, { error: 'This URL needs its secret' });
	const reading = readWebhookCallback(this, { query: false });
	if ('problem' in reading)
		return answerCallback(this, reading.httpStatus, { error: reading.problem });
	const event = classifyCallback(reading.fields);
	if (event !== 'reply' && event !== 'stop')
		return { webhookResponse: { received: true, ignored: event } };
	const reply = parseReply(reading.fields, Date.now());
	if (reply.phoneNumber !== expectedNumber || reply.messageId !== expectedMessage)
		return { webhookResponse: { received: true, ignored: 'not the awaited reply' } };
	const expectedAnswers = Array.isArray(waiting?.expectedAnswers)
		? waiting.expectedAnswers.map(String)
		: [];
	const stop = reply.event === 'stop';
	const redact = redactorFor([apiKey]);
	const json: IDataObject = {
		...waiting,
		timedOut: false,
		text: reply.text,
		answer: reply.text === null ? null : answerTo(reply.text, expectedAnswers),
		stop,
		...(stop
			? {
					stopNotice:
						'The number answered STOP: it is now on your STOP list, and SMS Partner refuses to send it SMS until it is removed',
				}
			: {}),
		receivedAt: reply.receivedAt,
		raw: reading.fields as IDataObject,
	};
	return {
		webhookResponse: { received: true },
		workflowData: [[{ json: redact.json(json) as IDataObject, pairedItem: { item: 0 } }]],
	};
}
