/**
 * What SMS Partner's HTTP API is, in one place: paths, control codes and the
 * positional layout of its XML answers. Facts: shared/reference/smspartner-api.md.
 */

export const DEFAULT_BASE_URL = 'https://api.smspartner.fr/v1';

export const CREDENTIAL_TYPE = 'smsPartnerApi';

export const PATHS = {
	me: '/me',
	removeCredit: '/subaccount/credit/remove',
} as const;

export type ResponseFormat = 'json' | 'xml';

/** Balances are in euros; the API keeps three decimals. */
export const CREDIT_DECIMALS = 3;

/** Control codes every sub-account call may answer with (the API's global error page). */
const COMMON_CONTROL_CODES: Record<number, string> = {
	11: 'Insufficient credit',
	20: 'The SMS Partner account is disabled',
	30: 'The SMS Partner account is blocked',
	40: 'API access is denied for this account',
	90: 'SMS Partner could not read the request (malformed JSON)',
	96: "This server's IP address is not authorized for the API key",
};

/**
 * `/subaccount/credit/remove`. The French page is authoritative: the English
 * table's "9 Invalid API key" is a translation slip for 10.
 */
export const REMOVE_CREDIT_CONTROL_CODES: Record<number, string> = {
	...COMMON_CONTROL_CODES,
	1: 'The API key is required',
	2: 'The credit is required',
	3: 'The sub-account token is required',
	4: 'You do not have the permission to manage sub-accounts',
	5: 'The credit to move must be greater than 0',
	6: 'The balance must be greater than 0',
	7: 'The sub-account does not exist',
	8: 'Insufficient credit',
	10: 'Invalid API key',
};

/** What the user can do about a control code, where the meaning alone does not say it. */
export const CONTROL_CODE_HINTS: Record<number, string> = {
	4: 'Sub-accounts must be enabled on the main SMS Partner account.',
	6: 'The sub-account has no credit left to remove.',
	7: "Check the Sub-Account Token: it is the 'token' of the sub-account, as SMS Partner's sub-account list gives it.",
	8: 'The sub-account holds less credit than the amount to remove.',
	10: "Check the API key in the node's 'SMS Partner API' credential.",
	11: 'The sub-account holds less credit than the amount to remove.',
	96: "Allow this n8n server's IP address in the SMS Partner account's API settings.",
};

export const SUCCESS_CODE = 200;

/**
 * XML answers drop field names: `<result>` holds unnamed `<entry>` elements in the
 * order of the JSON fields. These are the names, by position.
 */
export const XML_POSITIONS = {
	error: ['success', 'code', 'message'],
	removeCredit: ['success', 'code', 'credit', 'subaccountCredit', 'currency'],
} as const;
