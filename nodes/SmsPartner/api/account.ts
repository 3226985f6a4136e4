/** The main account's calls. */
import { ANSWER_HEAD, COMMON_CODES, KEY_CODES, value, type Endpoint } from './common';

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
} satisfies Record<string, Endpoint>;
