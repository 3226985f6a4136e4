/**
 * What SMS Partner's HTTP API is, in one place: endpoints, their control codes
 * and the positional layout of their XML answers.
 * Facts: shared/reference/smspartner-api.md and SMS Partner's public pages.
 *
 * The node's vocabulary, used everywhere:
 * - `fetch*` talks to SMS Partner (transport/client.ts: one function per call);
 * - `validate*` checks what the user gave, before anything is sent (helpers/validate.ts);
 * - `parse*` reads SMS Partner's answers (transport/answer.ts, transport/values.ts);
 * - `get*` reads n8n's parameters.
 * The amount the user asks to move is an `amount`; the balances SMS Partner
 * returns keep its names: `credit` (the main account's), `subaccountCredit`.
 * `tokenSubaccount` is a sub-account's token, as SMS Partner names it.
 */
import type { IHttpRequestMethods } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://api.smspartner.fr/v1';

export const CREDENTIAL_TYPE = 'smsPartnerApi';

export type ResponseFormat = 'json' | 'xml';

/** Balances are in euros; the API keeps three decimals. */
export const CREDIT_DECIMALS = 3;

export const SUCCESS_CODE = 200;

/** `/subaccount/list` answers 20 sub-accounts a page. */
export const SUBACCOUNT_PAGE_SIZE = 20;

export interface ControlCode {
	/** `{subaccount}` stands for the token the request named, when it named one. */
	meaning: string;
	/** What the user can do about it, where the meaning alone does not say it. */
	hint?: string;
}

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

const value = (name: string, kind: ValueKind): XmlField => ({ name, kind });
const ANSWER_HEAD: XmlShape = [value('success', 'flag'), value('code', 'integer')];

export interface Endpoint {
	method: IHttpRequestMethods;
	path: string;
	controlCodes: Record<number, ControlCode>;
	/** The successful answer's fields, by XML position. */
	xmlShape: XmlShape;
	/** Moves credit or creates/deletes accounts: never to be sent twice by mistake. */
	changesAccounts: boolean;
}

export const ERROR_XML_SHAPE: XmlShape = [
	...ANSWER_HEAD,
	{ name: 'message', kind: 'text', optional: true },
];

const KEY_HINT = "Check the API key in the node's 'SMS Partner API' credential.";

/** Codes SMS Partner's global error page lists for every call. */
const COMMON_CODES: Record<number, ControlCode> = {
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

const KEY_CODES: Record<number, ControlCode> = {
	1: { meaning: 'The API key is required', hint: KEY_HINT },
	10: { meaning: 'Invalid API key', hint: KEY_HINT },
};

/**
 * `/subaccount/credit/add` and `/remove` share their codes. The French page is
 * authoritative: the English table's "9 Invalid API key" is a slip for 10.
 */
function creditMoveCodes(from: 'sub-account' | 'main account'): Record<number, ControlCode> {
	return {
		...COMMON_CODES,
		...KEY_CODES,
		2: { meaning: 'The credit is required' },
		3: { meaning: 'The sub-account token is required' },
		4: {
			meaning: 'You do not have the permission to manage sub-accounts',
			hint: 'Sub-accounts must be enabled on the main SMS Partner account.',
		},
		5: { meaning: 'The credit to move must be greater than 0' },
		6: {
			meaning:
				from === 'sub-account'
					? 'The sub-account{subaccount} has no credit left to move'
					: 'The main account has no credit left to give',
			hint: 'SMS Partner answers this when the side giving credit has none left.',
		},
		7: {
			meaning: 'The sub-account{subaccount} does not exist',
			hint: "Check the Sub-Account Token: it is the 'token' of the sub-account, as the Get Many operation gives it.",
		},
		8: {
			meaning: 'Insufficient credit',
			hint: `The ${from} holds less credit than the amount to move.`,
		},
		11: {
			meaning: 'Insufficient credit',
			hint: `The ${from} holds less credit than the amount to move.`,
		},
	};
}

const CREDIT_MOVE_XML: XmlShape = [
	...ANSWER_HEAD,
	value('credit', 'amount'),
	value('subaccountCredit', 'amount'),
	value('currency', 'currency'),
];

const SUBACCOUNT_XML: XmlShape = [
	value('id', 'token'),
	value('email', 'email'),
	value('type', 'word'),
	value('token', 'token'),
	value('apiKey', 'token'),
	value('createdAt', 'text'),
	{ name: 'credits', fields: [value('balance', 'amount'), value('currency', 'currency')] },
];

export const ENDPOINTS = {
	removeCredit: {
		method: 'POST',
		changesAccounts: true,
		path: '/subaccount/credit/remove',
		controlCodes: creditMoveCodes('sub-account'),
		xmlShape: CREDIT_MOVE_XML,
	},
	addCredit: {
		method: 'POST',
		changesAccounts: true,
		path: '/subaccount/credit/add',
		controlCodes: creditMoveCodes('main account'),
		xmlShape: CREDIT_MOVE_XML,
	},
	listSubaccounts: {
		method: 'GET',
		changesAccounts: false,
		path: '/subaccount/list',
		controlCodes: { ...COMMON_CODES, ...KEY_CODES },
		xmlShape: [
			...ANSWER_HEAD,
			value('total', 'integer'),
			value('nb_per_page', 'integer'),
			value('page', 'integer'),
			{ name: 'data', listOf: SUBACCOUNT_XML },
		],
	},
	createSubaccount: {
		method: 'POST',
		changesAccounts: true,
		path: '/subaccount/create',
		controlCodes: {
			...COMMON_CODES,
			...KEY_CODES,
			2: {
				meaning: 'You are not authorized to create sub-accounts',
				hint: 'Sub-accounts must be enabled on the main SMS Partner account.',
			},
			3: { meaning: 'Is Buyer is required for an advanced sub-account' },
			4: { meaning: 'The sub-account type is required' },
			5: { meaning: 'The sub-account type does not exist' },
			6: { meaning: 'The email is required' },
			7: { meaning: 'A sub-account with this email already exists' },
			8: { meaning: 'The credit to attribute must be greater than 0' },
			9: {
				meaning: 'The balance must be greater than 0',
				hint: 'The main account holds less credit than the credit to attribute.',
			},
		},
		xmlShape: [
			...ANSWER_HEAD,
			{ name: 'subaccount', fields: [value('email', 'email'), value('token', 'token')] },
			value('sendConfirmMailTo', 'email'),
			value('parent_email', 'email'),
		],
	},
	// SMS Partner's page is titled `/subaccount/delete` but its own example, and the
	// reference this project follows, call DELETE `/subaccount/remove`.
	deleteSubaccount: {
		method: 'DELETE',
		changesAccounts: true,
		path: '/subaccount/remove',
		controlCodes: {
			...COMMON_CODES,
			1: { meaning: 'The sub-account token is required' },
			10: { meaning: 'Invalid API key', hint: KEY_HINT },
			404: {
				meaning: 'The sub-account{subaccount} does not exist',
				hint: 'It may have been deleted already: check the Sub-Account Token.',
			},
		},
		xmlShape: ANSWER_HEAD,
	},
	me: {
		method: 'GET',
		changesAccounts: false,
		path: '/me',
		controlCodes: { ...COMMON_CODES, ...KEY_CODES },
		xmlShape: [
			...ANSWER_HEAD,
			{
				name: 'user',
				fields: [value('username', 'text'), value('firstname', 'text'), value('lastname', 'text')],
			},
			{
				name: 'credits',
				fields: [
					value('creditSms', 'amount'),
					value('creditSmsECO', 'amount'),
					value('creditHlr', 'amount'),
					value('toSend', 'amount'),
					value('balance', 'amount'),
					value('currency', 'currency'),
				],
			},
		],
	},
} satisfies Record<string, Endpoint>;
