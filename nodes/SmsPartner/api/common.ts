/**
 * What SMS Partner's HTTP API is: here what every call shares (the base URL,
 * the control codes of SMS Partner's global error page, the positional layout
 * of XML answers, what an endpoint is); each resource's endpoints, one file
 * each, beside it (api/account.ts, subAccount.ts, sms.ts, stopList.ts).
 * Facts: SMS Partner's API pages (docpartner.dev, in French and English) and
 * its global error-code page.
 *
 * The node's vocabulary, used everywhere:
 * - `fetch*` talks to SMS Partner (transport/<resource>.ts: one function per call);
 * - `get*` reads a field from n8n's parameters and checks it, in one call (input/);
 * - `validate*` checks a value the user gave, before anything is sent (input/);
 * - `parse*` reads SMS Partner's answers (transport/answer.ts, transport/values.ts).
 * The amount the user asks to move is an `amount`; the balances SMS Partner
 * returns keep its names: `credit` (the main account's), `subaccountCredit`.
 * `tokenSubaccount` is a subaccount's token, as SMS Partner names it.
 */
import type { IHttpRequestMethods } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://api.smspartner.fr/v1';

export const CREDENTIAL_TYPE = 'smsPartnerApi';

export type ResponseFormat = 'json' | 'xml';

/** Balances are in euros; the API keeps three decimals. */
export const CREDIT_DECIMALS = 3;

export const SUCCESS_CODE = 200;

export interface ControlCode {
	/** `{subaccount}` stands for the token the request named, when it named one. */
	meaning: string;
	/** What the user can do about it, where the meaning alone does not say it. */
	hint?: string;
	/**
	 * Set when SMS Partner's pages give the code different meanings: `meaning` then
	 * only says what was refused, SMS Partner's own words lead, and these are listed
	 * only when it gave none.
	 */
	meanings?: readonly string[];
}

/** A code SMS Partner's pages disagree on: refused, in SMS Partner's words, no cause of the node's. */
export const disputed = (refused: string, meanings: readonly string[]): ControlCode => ({
	meaning: refused,
	meanings,
});

/**
 * What a value of an answer must look like to be believed (see transport/values.ts):
 * a positional XML answer whose values do not fit is refused whole, and output
 * fields are built only from values that fit.
 */
export type ValueKind =
	| 'flag'
	| 'integer'
	| 'amount'
	| 'currency'
	| 'token'
	| 'email'
	| 'word'
	| 'text';

/**
 * XML answers drop field names: `<result>` holds unnamed `<entry>` elements in the
 * order of the JSON fields; a nested object or list is an `<entry>` of entries.
 * A shape names them by position and says what each must look like; the entry
 * count must match exactly (only a field marked optional may be missing, at the end),
 * so that a missing entry can never shift a value into another field's place.
 */
export type XmlField =
	| { name: string; kind: ValueKind; optional?: true }
	| { name: string; fields: XmlShape }
	| { name: string; listOf: XmlShape };
export type XmlShape = readonly XmlField[];

export const value = (name: string, kind: ValueKind): XmlField => ({ name, kind });
export const ANSWER_HEAD: XmlShape = [value('success', 'flag'), value('code', 'integer')];

export interface Endpoint {
	method: IHttpRequestMethods;
	path: string;
	controlCodes: Record<number, ControlCode>;
	/** The successful answer's fields, by XML position. */
	xmlShape: XmlShape;
	/**
	 * Only reads: when its outcome is unknown nothing was changed, and it is safe to
	 * send again. Otherwise it may have moved credit, sent SMS, or changed accounts
	 * or the STOP list: an unknown outcome is checked before running it again.
	 */
	readOnly: boolean;
	/** What to check when it may or may not have been carried out, where balances are not the thing. */
	uncertainAdvice?: string;
	/**
	 * Through a credential in Test Mode: 'sandbox' goes with SMS Partner's `sandbox: 1`
	 * (nothing sent, nothing billed), 'refused' never goes out. Unset: reads, as usual.
	 */
	inTestMode?: 'sandbox' | 'refused';
	/** Sent whole, without pages however long (the STOP list): read up to a higher size cap. */
	unpaged?: true;
	/** Codes beside 200 that SMS Partner's page shows on this call's success (`/group/add`: 2). */
	alsoSuccessCodes?: readonly number[];
	/**
	 * SMS Partner's page shows this call's answer without `success` (`/contact/add`
	 * with a `contactsList`): an answer that holds this field, and no `success`, is
	 * read as carried out, each of its lines then saying its own outcome.
	 */
	successImpliedBy?: string;
	/**
	 * SMS Partner's page prints this call's answer with `success: false` and no code
	 * beside its list (`/group/list`): an answer saying `success: false` with this
	 * field a list, and no code, message or errors, is read as that list. A refusal
	 * always carries a code.
	 */
	listedDespiteFalseSuccess?: string;
	/**
	 * SMS Partner's own limit on this call: a 429 is then never retried (a retry
	 * would be one request more within the minute), and says so plainly.
	 */
	requestsPerMinute?: number;
}

export const ERROR_XML_SHAPE: XmlShape = [
	...ANSWER_HEAD,
	{ name: 'message', kind: 'text', optional: true },
];

export const KEY_HINT = "Check the API key in the node's 'SMS Partner API' credential.";

/** Codes SMS Partner's global error page lists for every call. */
export const COMMON_CODES: Record<number, ControlCode> = {
	11: { meaning: 'Insufficient credit' },
	20: { meaning: 'The SMS Partner account is disabled' },
	30: { meaning: 'The SMS Partner account is blocked' },
	40: { meaning: 'API access is denied for this account' },
	90: { meaning: 'SMS Partner could not read the request (malformed JSON)' },
	96: {
		meaning: "This server's IP address is not authorized for the API key",
		hint: "Allow this n8n server's IP address in the SMS Partner account's API settings.",
	},
};

export const KEY_CODES: Record<number, ControlCode> = {
	1: { meaning: 'The API key is required', hint: KEY_HINT },
	10: { meaning: 'Invalid API key', hint: KEY_HINT },
};
