/** The main account's calls. */
import { ANSWER_HEAD, COMMON_CODES, KEY_CODES, value, type Endpoint } from './common';

/** SMS Partner answers /statistics/cost-resume at most this many times a minute (S13). */
export const COST_REQUESTS_PER_MINUTE = 5;

/** The periods /statistics/cost-resume takes as `interval`. */
export type CostInterval = 'last_month' | 'last_twelve_months' | 'custom';

export const ENDPOINTS = {
	me: {
		method: 'GET',
		readOnly: true,
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
	// S13: at most 5 requests per minute; a list of months, one entry each, whose
	// positional XML is kept for the head only: it is always asked for JSON.
	costResume: {
		method: 'GET',
		readOnly: true,
		path: '/statistics/cost-resume',
		controlCodes: { ...COMMON_CODES, ...KEY_CODES },
		xmlShape: [],
		requestsPerMinute: COST_REQUESTS_PER_MINUTE,
	},
} satisfies Record<string, Endpoint>;
