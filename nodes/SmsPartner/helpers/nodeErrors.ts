import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { SmsPartnerError, type SmsPartnerErrorDetails } from './errors';
import type { Redactor } from './secrets';

/** The error's details, with the API key masked in every spelling. */
export function errorDetails(error: unknown, redact: Redactor): SmsPartnerErrorDetails {
	if (error instanceof SmsPartnerError) return redact.json({ ...error.details });
	const message = error instanceof Error ? error.message : String(error);
	return {
		message: redact.text(message),
		description: '',
		code: null,
		httpStatus: null,
		outcome: 'unknown',
	};
}

/** The n8n error to throw for a failure, its texts masked: NodeApiError for SMS Partner's answers. */
export function nodeError(
	this: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex: number | undefined,
	redact: Redactor,
): Error {
	const details = errorDetails(error, redact);
	const { message, description, code } = details;
	if (error instanceof SmsPartnerError && error.kind === 'api') {
		// n8n shows httpCode as "Error code": SMS Partner's control code is the one that
		// means something (a refusal often comes with HTTP 200); the status stays in httpStatus.
		return new NodeApiError(this.getNode(), { ...details } as unknown as JsonObject, {
			message,
			description,
			httpCode: code === null ? undefined : String(code),
			itemIndex,
		});
	}
	return new NodeOperationError(this.getNode(), message, { itemIndex, description });
}
