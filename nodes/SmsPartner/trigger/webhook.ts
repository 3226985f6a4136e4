/**
 * The SMS Partner Webhook Trigger's handling of one request: check the secret, read the
 * callback, drop repeats and events not chosen, join the parts of a long SMS, and start
 * the workflow with one item per event (an HLR result is one number's: SMS Partner posts
 * one per number).
 */
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { CALLBACK_PATH, SECRET_QUERY_PARAMETER, secretMatches } from '../input/webhookSecret';
import {
	callbackFingerprint,
	classifyCallback,
	parseDeliveryReport,
	parseHlrResult,
	parseLongNumberPart,
	parseReply,
	type CallbackEvent,
	type CallbackFields,
} from '../transport/callbacks';
import { answerCallback, readWebhookCallback } from '../transport/webhookRequest';
import { addPart, isRepeat, waitForParts, type ReceivedPart } from './callbackMemory';

export { CALLBACK_PATH };

export interface WebhookSettings {
	events: CallbackEvent[];
	secret: string;
	repeatWindowMs: number;
	partsWaitMs: number;
}

function lastPathSegment(context: IWebhookFunctions): string | undefined {
	const request = context.getRequestObject();
	const path = String(request.path ?? request.url ?? '').split('?')[0];
	return path
		.split('/')
		.filter((segment) => segment !== '')
		.pop();
}

/** Whether the request carries the secret: the last segment of its path, or `?secret=`. */
function carriesSecret(context: IWebhookFunctions, secret: string): boolean {
	if (secret === '') return false;
	const last = lastPathSegment(context);
	if (last === undefined || last === CALLBACK_PATH) {
		const query = context.getQueryData() as IDataObject;
		return secretMatches(query[SECRET_QUERY_PARAMETER], secret);
	}
	return secretMatches(last, secret);
}

function nodeKey(context: IWebhookFunctions): string {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id ?? context.getNode().name}`;
}

function item(json: IDataObject): INodeExecutionData {
	return { json };
}

function longMessageItem(parts: ReceivedPart[], complete: boolean): INodeExecutionData {
	const [first] = parts;
	return item({
		event: 'longNumberMessage',
		messageId: first.part.messageId,
		phoneNumber: first.part.phoneNumber,
		to: first.part.to,
		text: parts.map(({ part }) => part.text).join(''),
		keyword: first.part.keyword,
		receivedAt: first.part.receivedAt,
		complete,
		parts: parts.length,
		totalParts: first.part.concat?.total ?? 1,
		messageIds: parts.map(({ part }) => part.messageId),
		raw: parts.length === 1 && complete ? first.raw : parts.map(({ raw }) => raw),
	} as IDataObject);
}

async function longNumberMessage(
	context: IWebhookFunctions,
	fields: CallbackFields,
	settings: WebhookSettings,
	now: number,
): Promise<IWebhookResponseData> {
	const part = parseLongNumberPart(fields, now);
	const messageKey = `${nodeKey(context)}:${part.phoneNumber ?? ''}:${part.to ?? ''}:${part.concat?.ref ?? ''}`;
	const outcome = addPart(messageKey, { part, raw: fields }, now);
	if ('complete' in outcome) return started(longMessageItem(outcome.complete, true));
	if (!('first' in outcome)) return { webhookResponse: { received: true } };
	// Answered now, so SMS Partner does not wait (nor retry); the workflow starts when the
	// message is whole, or when the wait ends with parts missing.
	answerCallback(context, 200, { received: true });
	const incomplete = await waitForParts(outcome.first, settings.partsWaitMs);
	if (!incomplete) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [[longMessageItem(incomplete, false)]] };
}

function started(json: INodeExecutionData): IWebhookResponseData {
	return { webhookResponse: { received: true }, workflowData: [[json]] };
}

export async function receiveCallback(
	this: IWebhookFunctions,
	settings: WebhookSettings,
): Promise<IWebhookResponseData> {
	if (!carriesSecret(this, settings.secret))
		return answerCallback(this, 403, {
			error: 'This URL needs its secret: use the one the trigger shows',
		});
	const reading = readWebhookCallback(this, {
		query: true,
		ignoredQuery: [SECRET_QUERY_PARAMETER],
	});
	if ('problem' in reading)
		return answerCallback(this, reading.httpStatus, { error: reading.problem });
	const { fields } = reading;
	const event = classifyCallback(fields);
	if (!settings.events.includes(event))
		return { webhookResponse: { received: true, ignored: event } };
	const now = Date.now();
	if (isRepeat(nodeKey(this), callbackFingerprint(event, fields), settings.repeatWindowMs, now))
		return { webhookResponse: { received: true, repeat: true } };
	switch (event) {
		case 'reply':
		case 'stop':
			return started(item({ ...parseReply(fields, now), raw: fields } as unknown as IDataObject));
		case 'deliveryReport':
			return started(
				item({ ...parseDeliveryReport(fields, now), raw: fields } as unknown as IDataObject),
			);
		case 'hlrResult':
			return started(
				item({ ...parseHlrResult(fields, now), raw: fields } as unknown as IDataObject),
			);
		case 'longNumberMessage':
			return await longNumberMessage(this, fields, settings, now);
	}
}
