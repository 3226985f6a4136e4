/** The number checks: format lookup, HLR. Facts: SMS Partner's error page ("Vérification des numéros") and the Go client's fixtures. */
import { ANSWER_HEAD, COMMON_CODES, KEY_CODES, value, type Endpoint } from './common';

export const ENDPOINTS = {
	// One line per number asked; a number SMS Partner cannot read is a line with
	// `success: false` and its words, with other fields than a number read: positional
	// XML cannot tell them apart, so it is always asked for JSON. Its cost is not
	// documented anywhere.
	lookup: {
		method: 'POST',
		readOnly: true,
		path: '/lookup',
		controlCodes: {
			...COMMON_CODES,
			...KEY_CODES,
			2: { meaning: 'The phone number is required' },
			9: { meaning: 'SMS Partner refused a field of the request' },
		},
		xmlShape: [],
	},
	// Asynchronous: the answer only says the lookup was taken (`campaign_id`, the count of
	// numbers, the cost); the result is posted later to `notifyUrl`, one per number (its
	// fields: api/callbacks.ts, HLR_RESULT_FIELDS), where the Webhook Trigger's HLR Result
	// event reads it. Billed (HLR credit), and no sandbox mode is documented for it.
	hlrNotify: {
		inTestMode: 'refused',
		method: 'POST',
		readOnly: false,
		uncertainAdvice:
			"The HLR lookup may have been made and billed: check the HLR credit (Account › Get Balance) or SMS Partner's dashboard before running it again.",
		path: '/hlr/notify',
		controlCodes: {
			...COMMON_CODES,
			...KEY_CODES,
			2: { meaning: 'The phone number is required' },
			9: { meaning: 'SMS Partner refused a field of the request' },
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
