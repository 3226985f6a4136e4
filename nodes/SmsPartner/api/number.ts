/**
 * The number checks: format lookup, HLR. Facts: their pages ("Check the Format of a
 * Number", "Verify the Validity of a Phone Number"), SMS Partner's error page
 * ("Vérification des numéros") and the Go client's fixtures.
 */
import {
	ANSWER_HEAD,
	COMMON_CODES,
	KEY_CODES,
	value,
	type ControlCode,
	type Endpoint,
} from './common';

/**
 * Both calls' codes: their pages give 1, 2, 3, 10; the error page 2, 11, 13, 14, 19,
 * 50, 55, 96. "The numbers must be separated by a comma" is 3 on the pages, 19 on
 * the error page.
 */
const CHECK_CODES: Record<number, ControlCode> = {
	...COMMON_CODES,
	...KEY_CODES,
	2: { meaning: 'The phone number is required' },
	3: {
		meaning: 'SMS Partner could not split the phone numbers (they must be separated by a comma)',
	},
	9: { meaning: 'SMS Partner refused a field of the request' },
	13: { meaning: 'SMS Partner has no price for this destination' },
	14: { meaning: "The number is on the account's STOP list" },
	19: {
		meaning: 'SMS Partner could not split the phone numbers (they must be separated by a comma)',
	},
	50: { meaning: 'At most 500 numbers can be checked in one request' },
	55: { meaning: 'There is no number to check' },
};

export const ENDPOINTS = {
	// One line per number asked; a number SMS Partner cannot read is a line with
	// `success: false` and its words, with other fields than a number read: positional
	// XML cannot tell them apart (and its XML is not documented), so it is always asked
	// for JSON. Free, its page says.
	lookup: {
		method: 'POST',
		readOnly: true,
		path: '/lookup',
		controlCodes: CHECK_CODES,
		xmlShape: [],
	},
	// Asynchronous: the answer only says the lookup was taken (`campaign_id`, the count of
	// numbers, the cost); the result is posted later to `notifyUrl`, one per number (its
	// fields: api/callbacks.ts, HLR_RESULT_FIELDS; the English page shows it only as a PHP
	// array), where the Webhook Trigger's HLR Result event reads it. Billed (HLR credit), and
	// no sandbox mode is documented for it. Its XML is a guess by the JSON's order: the
	// French page's XML sample is `/me`'s, copied by mistake.
	hlrNotify: {
		inTestMode: 'refused',
		method: 'POST',
		readOnly: false,
		uncertainAdvice:
			"The HLR lookup may have been made and billed: check the HLR credit (Account › Get Balance) or SMS Partner's dashboard before running it again.",
		path: '/hlr/notify',
		controlCodes: {
			...CHECK_CODES,
			11: {
				meaning: 'Insufficient credit',
				hint: 'The account holds too little HLR credit: buy credit in SMS Partner.',
			},
		},
		xmlShape: [
			...ANSWER_HEAD,
			value('campaign_id', 'token'),
			value('number', 'integer'),
			value('cost', 'amount'),
			value('currency', 'currency'),
		],
	},
} satisfies Record<string, Endpoint>;
