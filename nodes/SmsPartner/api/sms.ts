/** The SMS calls: send, bulk send, status, cancel. */
import {
	ANSWER_HEAD,
	COMMON_CODES,
	KEY_CODES,
	value,
	type ControlCode,
	type Endpoint,
	type XmlShape,
} from './common';

/** Codes of the sends (one message, bulk): SMS Partner's global error page. */
const SMS_CODES: Record<number, ControlCode> = {
	...COMMON_CODES,
	...KEY_CODES,
	2: { meaning: 'The phone number is required' },
	9: { meaning: 'SMS Partner refused a field of the request' },
	11: {
		meaning: 'Insufficient credit',
		hint: 'The account holds less credit than the SMS cost: buy credit or move some back from a subaccount.',
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

/**
 * /vn/send "answers like /send" (S5, W2, GO `SendVirtualNumber`): /send's codes, but for
 * those of what it does not take (route, sender, schedule).
 */
const LONG_NUMBER_CODES: Record<number, ControlCode> = Object.fromEntries(
	Object.entries(SMS_CODES).filter(
		([code]) => ![42, 44, 45, 46, 47, 48, 49, 51, 992].includes(Number(code)),
	),
);

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

/** /multi-status: SMS Partner's status-retrieval codes (global error page) and its own page's. */
const STATUS_LIST_CODES: Record<number, ControlCode> = {
	...MESSAGE_CODES,
	4: {
		meaning: 'No message was found for this message ID and number',
		hint: "Check the Message ID (the Send operation's messageId) and that the message was sent to this number.",
	},
	5: { meaning: 'The list of message IDs and numbers is empty' },
	6: { meaning: 'A number is not in a format SMS Partner reads', hint: 'Give it as +33612345678.' },
	9: { meaning: 'A number is not a mobile number' },
	50: { meaning: 'At most 500 message IDs and numbers per request' },
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

/** A send's answer, /send's and /vn/send's: positional in XML. */
const SEND_XML: XmlShape = [
	...ANSWER_HEAD,
	value('message_id', 'token'),
	value('nb_sms', 'integer'),
	value('cost', 'amount'),
	value('currency', 'currency'),
	{ name: 'scheduledDeliveryDate', kind: 'text', optional: true },
];

export const ENDPOINTS = {
	send: {
		inTestMode: 'sandbox',
		method: 'POST',
		readOnly: false,
		uncertainAdvice: SEND_ADVICE,
		path: '/send',
		controlCodes: SMS_CODES,
		xmlShape: SEND_XML,
	},
	// A send from the account's rented long number: `to`, `from`, `message`; answered as /send.
	longNumberSend: {
		inTestMode: 'sandbox',
		method: 'POST',
		readOnly: false,
		uncertainAdvice: SEND_ADVICE,
		path: '/vn/send',
		controlCodes: LONG_NUMBER_CODES,
		xmlShape: SEND_XML,
	},
	// Its refused lines and its sent ones have different fields, which positional XML
	// cannot tell apart: it is always asked for JSON.
	bulkSend: {
		inTestMode: 'sandbox',
		method: 'POST',
		readOnly: false,
		uncertainAdvice: SEND_ADVICE,
		path: '/bulk-send',
		controlCodes: SMS_CODES,
		xmlShape: [],
	},
	messageStatus: {
		method: 'GET',
		readOnly: true,
		path: '/message-status',
		controlCodes: MESSAGE_CODES,
		xmlShape: STATUS_XML,
	},
	bulkStatus: {
		method: 'GET',
		readOnly: true,
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
	// Its lines found and not found carry different fields, which positional XML cannot
	// tell apart: it is always asked for JSON, as /bulk-send is.
	multiStatus: {
		method: 'POST',
		readOnly: true,
		path: '/multi-status',
		controlCodes: STATUS_LIST_CODES,
		xmlShape: [],
	},
	// Pages of recipients (`currentPage`, `total`): its page parameter is not documented;
	// `page`, as /contact/list takes it, is sent.
	bulkStatusByTag: {
		method: 'GET',
		readOnly: true,
		path: '/bulk-status-by-tag',
		controlCodes: {
			...MESSAGE_CODES,
			3: { meaning: 'The tag is required' },
			4: {
				meaning: 'No message was found with this tag',
				hint: 'Check the Tag: the one given to Send or Send Many, in lowercase.',
			},
		},
		xmlShape: [],
	},
	cancel: {
		inTestMode: 'refused',
		method: 'GET',
		readOnly: false,
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
} satisfies Record<string, Endpoint>;

/** SMS Partner takes at most this many numbers per send, lines per bulk send, pairs per /multi-status. */
export const MAX_RECIPIENTS = 500;
