/** The contact calls: add (one or a list), update, delete, detail, a group's list. */
import {
	ANSWER_HEAD,
	COMMON_CODES,
	disputed,
	KEY_CODES,
	KEY_HINT,
	type ControlCode,
	type Endpoint,
} from './common';

/** `contactsList` takes up to 500 contacts a request. */
export const MAX_CONTACTS_PER_REQUEST = 500;

/** `/contact/list` answers 20 contacts a page (W3). */
export const CONTACT_PAGE_SIZE = 20;

/** First and last names: at most 32 characters, as SMS Partner's pages say. */
export const MAX_NAME_LENGTH = 32;

/** A contact's own fields, as SMS Partner names them in requests. */
export const CONTACT_FIELDS = [
	'firstname',
	'lastname',
	'date',
	'url',
	'custom1',
	'custom2',
	'custom3',
	'custom4',
] as const;

export const ALREADY_IN_GROUP_CODE = 15;

const CONTACT_CODES: Record<number, ControlCode> = {
	...COMMON_CODES,
	...KEY_CODES,
	10: { meaning: 'Invalid API key', hint: KEY_HINT },
};

const UNKNOWN_CONTACT: ControlCode = {
	meaning: 'This contact does not exist',
	hint: 'Check the Contact ID: Contact › Get Many gives it. It may have been deleted already.',
};

export const ENDPOINTS = {
	/**
	 * `POST /contact/add` with a `contactsList` (S19 p4). Its page shows an answer
	 * without `success`: `{ groupe, results: [{ success, code, phoneNumber, … }], rapport }`.
	 * Asked for in JSON whatever the options say: its lines cannot be told apart in
	 * positional XML.
	 */
	contactAdd: {
		inTestMode: 'refused',
		method: 'POST',
		readOnly: false,
		successImpliedBy: 'results',
		uncertainAdvice:
			"The contacts may have been added: Contact › Get Many shows the group's contacts (adding one again is code 15, nothing more).",
		path: '/contact/add',
		controlCodes: {
			...CONTACT_CODES,
			1: disputed('SMS Partner refused to add the contacts', [
				'the group ID is required',
				'the API key is required',
			]),
			2: { meaning: "The contact's details are required" },
			9: { meaning: 'SMS Partner refused the phone number' },
			[ALREADY_IN_GROUP_CODE]: { meaning: 'The number is already in this group' },
			404: {
				meaning: 'This group does not exist',
				hint: 'Check the Group ID: Group › Get Many gives it.',
			},
		},
		xmlShape: ANSWER_HEAD,
	},
	/** `POST /contact/update`: asked for in JSON, its echo of the contact holds only the fields sent. */
	contactUpdate: {
		inTestMode: 'refused',
		method: 'POST',
		readOnly: false,
		uncertainAdvice:
			'The contact may have been changed: Contact › Get shows it as SMS Partner keeps it.',
		path: '/contact/update',
		controlCodes: {
			...CONTACT_CODES,
			1: disputed('SMS Partner refused to update the contact', [
				'the contact ID is required',
				'the group ID is required',
			]),
			2: { meaning: "The contact's details are required" },
			[ALREADY_IN_GROUP_CODE]: { meaning: 'The number is already in this group' },
			404: UNKNOWN_CONTACT,
		},
		xmlShape: ANSWER_HEAD,
	},
	contactDelete: {
		inTestMode: 'refused',
		method: 'POST',
		readOnly: false,
		uncertainAdvice:
			'The contact may have been deleted: Contact › Get shows whether it is still there.',
		path: '/contact/delete',
		controlCodes: {
			...CONTACT_CODES,
			1: disputed('SMS Partner refused to delete the contact', [
				'the contact ID is required',
				'the group ID is required',
			]),
			// Its page says "the group does not exist", for a call that names a contact.
			404: disputed('SMS Partner found nothing to delete', [
				'the contact does not exist',
				'the group does not exist',
			]),
		},
		xmlShape: ANSWER_HEAD,
	},
	// Neither this call's XML nor /contact/list's is documented, and their contacts differ
	// (the list's carry no group ID): both are asked for in JSON whatever the options say.
	contactDetail: {
		method: 'GET',
		readOnly: true,
		path: '/contact/detail',
		controlCodes: {
			...CONTACT_CODES,
			1: { meaning: 'The contact ID is required' },
			404: UNKNOWN_CONTACT,
		},
		xmlShape: [],
	},
	/** ⚠️ Labelled POST on the 2025 page, GET on the older one and in its sample: GET. */
	contactList: {
		method: 'GET',
		readOnly: true,
		path: '/contact/list',
		controlCodes: {
			...CONTACT_CODES,
			1: { meaning: 'The group ID is required' },
			404: {
				meaning: 'This group does not exist',
				hint: 'Check the Group ID: Group › Get Many gives it.',
			},
		},
		xmlShape: [],
	},
} satisfies Record<string, Endpoint>;
