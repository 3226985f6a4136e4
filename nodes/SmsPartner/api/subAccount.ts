/** The subaccount calls: credit moves, the list, create and delete. */
import {
	ANSWER_HEAD,
	COMMON_CODES,
	disputed,
	KEY_CODES,
	KEY_HINT,
	value,
	type ControlCode,
	type Endpoint,
	type XmlShape,
} from './common';

/** `/subaccount/list` answers 20 subaccounts a page. */
export const SUBACCOUNT_PAGE_SIZE = 20;

/**
 * `/subaccount/credit/add` and `/remove` share their codes. The French page is
 * authoritative against the English one (whose "9 Invalid API key" is a slip for
 * 10), but SMS Partner's global error page gives 3, 4, 6 and 7 other meanings
 * (3 credit required, 4 token required, 6 subaccount not found, 7 insufficient
 * credit): for those the node says only that the move was refused.
 */
function creditMoveCodes(from: 'subaccount' | 'main account'): Record<number, ControlCode> {
	const refused = 'SMS Partner refused the credit move for subaccount{subaccount}';
	return {
		...COMMON_CODES,
		...KEY_CODES,
		2: { meaning: 'The credit is required' },
		3: disputed(refused, ['the subaccount token is required', 'the credit is required']),
		4: disputed(refused, [
			'subaccounts are not enabled on the account (no permission)',
			'the subaccount token is required',
		]),
		5: { meaning: 'The credit to move must be greater than 0' },
		6: disputed(refused, [
			`the ${from} has no credit left (its balance must be greater than 0)`,
			'the subaccount was not found',
		]),
		7: disputed(refused, [
			'the subaccount does not exist',
			'the subaccount has insufficient credit',
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
		readOnly: false,
		path: '/subaccount/credit/remove',
		controlCodes: creditMoveCodes('subaccount'),
		xmlShape: CREDIT_MOVE_XML,
	},
	addCredit: {
		inTestMode: 'refused',
		method: 'POST',
		readOnly: false,
		path: '/subaccount/credit/add',
		controlCodes: creditMoveCodes('main account'),
		xmlShape: CREDIT_MOVE_XML,
	},
	listSubaccounts: {
		method: 'GET',
		readOnly: true,
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
		readOnly: false,
		path: '/subaccount/create',
		controlCodes: {
			...COMMON_CODES,
			...KEY_CODES,
			2: {
				meaning: 'You are not authorized to create subaccounts',
				hint: 'Subaccounts must be enabled on the main SMS Partner account.',
			},
			3: { meaning: 'Is Buyer is required for an advanced subaccount' },
			4: { meaning: 'The subaccount type is required' },
			5: { meaning: 'The subaccount type does not exist' },
			6: { meaning: 'The email is required' },
			7: { meaning: 'A subaccount with this email already exists' },
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
		readOnly: false,
		path: '/subaccount/remove',
		controlCodes: {
			...COMMON_CODES,
			1: { meaning: 'The subaccount token is required' },
			10: { meaning: 'Invalid API key', hint: KEY_HINT },
			404: {
				meaning: 'The subaccount{subaccount} does not exist',
				hint: 'It may have been deleted already: check the Subaccount Token.',
			},
		},
		xmlShape: ANSWER_HEAD,
	},
} satisfies Record<string, Endpoint>;
