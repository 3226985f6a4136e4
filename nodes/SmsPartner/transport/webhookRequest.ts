/**
 * The webhook side of a callback (transport/callbacks.ts reads its fields): what n8n's
 * webhook context holds, and the answer given when a callback is refused. Shared by the
 * webhook trigger and Send and Wait for Reply's resume URL.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readCallbackFields, type CallbackReading } from './callbacks';

/** n8n hands webhooks Express's response. */
interface ExpressLikeResponse {
	status(code: number): ExpressLikeResponse;
	json(body: unknown): unknown;
}

/** Answers the request now with this status and JSON body; n8n then answers nothing more. */
export function answerCallback(
	context: IWebhookFunctions,
	httpStatus: number,
	body: IDataObject,
): IWebhookResponseData {
	(context.getResponseObject() as unknown as ExpressLikeResponse).status(httpStatus).json(body);
	return { noWebhookResponse: true };
}

/**
 * The callback's fields as n8n received them (its parsed body, and the raw body n8n keeps).
 * `query`: whether the URL's query parameters are fields too (GET callbacks carry theirs
 * there), less those the URL itself carries (`ignoredQuery`: a secret).
 */
export function readWebhookCallback(
	context: IWebhookFunctions,
	{ query, ignoredQuery = [] }: { query: boolean; ignoredQuery?: readonly string[] },
): CallbackReading {
	const request = context.getRequestObject();
	return readCallbackFields({
		method: request.method,
		query: query ? context.getQueryData() : {},
		body: context.getBodyData(),
		rawBody: (request as unknown as { rawBody?: unknown }).rawBody,
		contentType: context.getHeaderData()['content-type'],
		ignoredQuery,
	});
}
