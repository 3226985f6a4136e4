/**
 * What a call to SMS Partner is, for every module of transport/: where it is made
 * from, how (the operation's Options), what it asks and what it gives back.
 */
import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import type { Endpoint, ResponseFormat } from '../api/common';
import type { SmsPartnerError } from '../helpers/errors';
import type { AnswerFields } from './answer';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Where a call is made from: the node's execution, or the trigger's poll. */
export type SmsPartnerContext = IExecuteFunctions | IPollFunctions;

/** How every call is made: the operation's Options. */
export interface RequestOptions {
	format: ResponseFormat;
	/** Milliseconds: a deadline for the whole exchange. */
	timeout: number;
}

export interface SmsPartnerCall extends RequestOptions {
	endpoint: Endpoint;
	/** Request fields besides `apiKey`, which the credential adds. */
	fields: IDataObject;
	/** The subaccount token the request names, for errors that name it. */
	subaccount?: string;
	/** Resolve with a refusal (and the answer's fields) instead of throwing it. */
	keepRefusal?: boolean;
}

export interface SmsPartnerAnswer {
	status: number;
	/** How the answer came: XML gives every value as text. */
	format: ResponseFormat;
	fields: AnswerFields;
	/** SMS Partner's own words from the answer, masked and cut, for an error to quote. */
	quote: (text: string, length?: number) => string;
	/** SMS Partner's refusal, only when the call asked to keep it. */
	refusal?: SmsPartnerError;
}
