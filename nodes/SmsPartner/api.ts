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
	/**
	 * Set when SMS Partner's pages give the code different meanings: `meaning` then
	 * only says what was refused, SMS Partner's own words lead, and these are listed
	 * only when it gave none.
	 */
	meanings?: readonly string[];
}

/** A code SMS Partner's pages disagree on: refused, in SMS Partner's words, no cause of the node's. */
const disputed = (refused: string, meanings: readonly string[]): ControlCode => ({
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

const value = (name: string, kind: ValueKind): XmlField => ({ name, kind });
const ANSWER_HEAD: XmlShape = [value('success', 'flag'), value('code', 'integer')];

export interface Endpoint {
	method: IHttpRequestMethods;
	path: string;
	controlCodes: Record<number, ControlCode>;
	/** The successful answer's fields, by XML position. */
	xmlShape: XmlShape;
	/** Moves credit, sends SMS or creates/deletes accounts: never to be sent twice by mistake. */
	changesAccounts: boolean;
	/** What to check when it may or may not have been carried out, where balances are not the thing. */
	uncertainAdvice?: string;
	/**
	 * Through a credential in Test Mode: 'sandbox' goes with SMS Partner's `sandbox: 1`
	 * (nothing sent, nothing billed), 'refused' never goes out. Unset: reads, as usual.
	 */
	inTestMode?: 'sandbox' | 'refused';
	/** Sent whole, without pages however long (the STOP list): read up to a higher size cap. */
	unpaged?: true;
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
 * authoritative against the English one (whose "9 Invalid API key" is a slip for
 * 10), but SMS Partner's global error page gives 3, 4, 6 and 7 other meanings
 * (3 credit required, 4 token required, 6 sub-account not found, 7 insufficient
 * credit): for those the node says only that the move was refused.
 */
function creditMoveCodes(from: 'sub-account' | 'main account'): Record<number, ControlCode> {
	const refused = 'SMS Partner refused the credit move for sub-account{subaccount}';
	return {
		...COMMON_CODES,
		...KEY_CODES,
		2: { meaning: 'The credit is required' },
		3: disputed(refused, ['the sub-account token is required', 'the credit is required']),
		4: disputed(refused, [
			'sub-accounts are not enabled on the account (no permission)',
			'the sub-account token is required',
		]),
		5: { meaning: 'The credit to move must be greater than 0' },
		6: disputed(refused, [
			`the ${from} has no credit left (its balance must be greater than 0)`,
			'the sub-account was not found',
		]),
		7: disputed(refused, [
			'the sub-account does not exist',
			'the sub-account has insufficient credit',
		]),
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
		inTestMode: 'refused',
		method: 'POST',
		changesAccounts: true,
		path: '/subaccount/credit/remove',
		controlCodes: creditMoveCodes('sub-account'),
		xmlShape: CREDIT_MOVE_XML,
	},
	addCredit: {
		inTestMode: 'refused',
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
		inTestMode: 'refused',
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
		inTestMode: 'refused',
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
					// The balance again: the 2025 JSON calls it `solde`; the XML sample has it.
					{ name: 'solde', kind: 'amount', optional: true },
				],
			},
		],
	},
} satisfies Record<string, Endpoint>;

/** Codes of the SMS endpoints (send, status, cancel, stop list): SMS Partner's global error page. */
const SMS_CODES: Record<number, ControlCode> = {
	...COMMON_CODES,
	...KEY_CODES,
	2: { meaning: 'The phone number is required' },
	9: { meaning: 'SMS Partner refused a field of the request' },
	11: {
		meaning: 'Insufficient credit',
		hint: 'The account holds less credit than the SMS cost: buy credit or move some back from a sub-account.',
	},
	13: {
		meaning: 'SMS Partner has no price for this destination',
		hint: 'The country or network of a number is not open on the account: ask SMS Partner to open it.',
	},
	14: {
		meaning: "A number is on the account's STOP list",
		hint: 'Its owner asked to receive no more SMS: remove the number from the list of recipients (Stop List › Get Many shows the list).',
	},
	22: {
		meaning: 'Marketing SMS may not be sent at this hour',
		hint: "Commercial SMS may only be sent from 8:00 to 20:00 (Paris time), Monday to Saturday, outside public holidays (SMS Partner's error text says 22:00). Schedule the send inside those hours, or, for SMS that are not commercial, ask help@smspartner.fr to lift the restriction on the account.",
	},
	23: {
		meaning: 'Marketing SMS may not be sent on Sundays and public holidays',
		hint: 'Schedule the send on a working day between 8:00 and 20:00 (Paris time), or, for SMS that are not commercial, ask help@smspartner.fr to lift the restriction on the account.',
	},
	42: {
		meaning: 'A Low Cost SMS is limited to 160 characters',
		hint: 'Shorten the message, or use the Premium route.',
	},
	43: { meaning: 'The message is required' },
	44: { meaning: 'The sender is not valid', hint: 'A sender is 3 to 11 letters or digits.' },
	45: { meaning: 'The scheduled date is required' },
	46: { meaning: 'The scheduled hour is required' },
	47: { meaning: 'The scheduled minute is not valid' },
	48: { meaning: 'The scheduled minute must be a multiple of 5' },
	49: { meaning: 'The scheduled date is not valid', hint: 'It may be in the past.' },
	50: { meaning: 'At most 500 numbers per request', hint: 'Split the numbers into several items.' },
	51: {
		meaning: 'The Low Cost route is not allowed for this account',
		hint: 'Use the Premium route, or ask SMS Partner to enable Low Cost.',
	},
	52: { meaning: 'A message may not be longer than 10 SMS', hint: 'Shorten the message.' },
	55: { meaning: 'No number to send to' },
	500: {
		meaning: 'SMS Partner could not queue the SMS',
		hint: "Check in SMS Partner's dashboard whether it went out before sending again.",
	},
	992: {
		meaning: 'The sender is not authorized for this account',
		hint: 'Ask SMS Partner to authorize the sender, or leave Sender empty.',
	},
};

const SEND_ADVICE =
	"The SMS may have been sent and billed: check the sent messages and the credit in SMS Partner's dashboard (or Get Status) before sending again.";

const MESSAGE_CODES: Record<number, ControlCode> = {
	...COMMON_CODES,
	...KEY_CODES,
	2: { meaning: 'The phone number is required' },
	3: { meaning: 'The message ID is required' },
	4: {
		meaning: 'The message was not found',
		hint: "Check the Message ID (the Send operation's messageId) and, with a Phone Number, that the message was sent to it.",
	},
};

const STOP_CODES: Record<number, ControlCode> = {
	...COMMON_CODES,
	...KEY_CODES,
	2: { meaning: 'The phone number is required' },
	4: {
		meaning: 'This entry is not on the STOP list',
		hint: 'Check the ID: Stop List › Get Many gives it.',
	},
	9: { meaning: 'SMS Partner refused the phone number' },
	15: { meaning: 'The number is already on the STOP list' },
};

const STATUS_XML: XmlShape = [
	...ANSWER_HEAD,
	value('number', 'text'),
	value('messageId', 'token'),
	value('stopSms', 'flag'),
	value('date', 'text'),
	value('statut', 'text'),
	value('cost', 'amount'),
	value('countryCode', 'text'),
	value('currency', 'currency'),
];

export const SMS_ENDPOINTS = {
	send: {
		inTestMode: 'sandbox',
		method: 'POST',
		changesAccounts: true,
		uncertainAdvice: SEND_ADVICE,
		path: '/send',
		controlCodes: SMS_CODES,
		xmlShape: [
			...ANSWER_HEAD,
			value('message_id', 'token'),
			value('nb_sms', 'integer'),
			value('cost', 'amount'),
			value('currency', 'currency'),
			{ name: 'scheduledDeliveryDate', kind: 'text', optional: true },
		],
	},
	// Its refused lines and its sent ones have different fields, which positional XML
	// cannot tell apart: it is always asked for JSON.
	bulkSend: {
		inTestMode: 'sandbox',
		method: 'POST',
		changesAccounts: true,
		uncertainAdvice: SEND_ADVICE,
		path: '/bulk-send',
		controlCodes: SMS_CODES,
		xmlShape: [],
	},
	messageStatus: {
		method: 'GET',
		changesAccounts: false,
		path: '/message-status',
		controlCodes: MESSAGE_CODES,
		xmlShape: STATUS_XML,
	},
	bulkStatus: {
		method: 'GET',
		changesAccounts: false,
		path: '/bulk-status',
		controlCodes: MESSAGE_CODES,
		xmlShape: [
			...ANSWER_HEAD,
			value('message_id', 'token'),
			{
				name: 'StatutResponse_List',
				listOf: [
					value('phoneNumber', 'text'),
					value('status', 'text'),
					value('stopSMS', 'flag'),
					value('date', 'text'),
					{ name: 'cost', kind: 'amount', optional: true },
				],
			},
		],
	},
	cancel: {
		inTestMode: 'refused',
		method: 'GET',
		changesAccounts: true,
		uncertainAdvice:
			"The message may have been cancelled: run Get Status, or look in SMS Partner's dashboard, before cancelling again (cancelling twice is refused with code 5, nothing more).",
		path: '/message-cancel',
		controlCodes: {
			...MESSAGE_CODES,
			5: { meaning: 'The message was already cancelled' },
			6: {
				meaning: 'The message is due in less than 5 minutes and can no longer be cancelled',
			},
			7: { meaning: 'The message was already sent and can no longer be cancelled' },
			11: { meaning: 'The message can no longer be cancelled (SMS Partner code 11)' },
		},
		xmlShape: [...ANSWER_HEAD, { name: 'message', kind: 'text', optional: true }],
	},
	stopList: {
		unpaged: true,
		method: 'GET',
		changesAccounts: false,
		path: '/stop-sms/list',
		controlCodes: STOP_CODES,
		xmlShape: [
			...ANSWER_HEAD,
			value('nbData', 'integer'),
			{
				name: 'data',
				listOf: [value('id', 'token'), value('phoneNumber', 'text'), value('createdAt', 'text')],
			},
		],
	},
	stopAdd: {
		inTestMode: 'refused',
		method: 'POST',
		changesAccounts: true,
		uncertainAdvice:
			'The number may have been added: Stop List › Get Many shows whether it is there (adding it again is refused with code 15, nothing more).',
		path: '/stop-sms/add',
		controlCodes: {
			...STOP_CODES,
			3: disputed('SMS Partner refused to add the number to the STOP list', [
				'the number is already on the STOP list',
				'the message ID is required',
			]),
		},
		xmlShape: [...ANSWER_HEAD, value('stopId', 'token')],
	},
	stopDelete: {
		inTestMode: 'refused',
		method: 'GET',
		changesAccounts: true,
		uncertainAdvice:
			'The number may have been removed: Stop List › Get Many shows whether it is still there.',
		path: '/stop-sms/delete',
		controlCodes: { ...STOP_CODES, 3: { meaning: 'The ID is required' } },
		xmlShape: ANSWER_HEAD,
	},
} satisfies Record<string, Endpoint>;

/** SMS Partner takes at most this many numbers per send, lines per bulk send. */
export const MAX_RECIPIENTS = 500;
