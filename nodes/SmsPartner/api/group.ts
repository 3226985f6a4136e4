/** The contact group calls: create, list, delete. */
import {
	ANSWER_HEAD,
	COMMON_CODES,
	disputed,
	KEY_CODES,
	KEY_HINT,
	value,
	type ControlCode,
	type Endpoint,
} from './common';

const GROUP_CODES: Record<number, ControlCode> = { ...COMMON_CODES, ...KEY_CODES };

const UNKNOWN_GROUP: ControlCode = {
	meaning: 'This group does not exist',
	hint: 'Check the Group ID: Group › Get Many gives it. It may have been deleted already.',
};

/**
 * `POST /group/delete`. SMS Partner's two pages disagree: the French one spells
 * the path `/groupe/delete`, the English one `/group/delete`; both label it
 * DELETE, and both their samples send POST with the key in a JSON body. The
 * node sends POST, as both samples do (the key travels in POST bodies on every
 * other call; a DELETE body is dropped by some proxies), to `/group/delete`,
 * spelled as its siblings `/group/add` and `/group/list`. A server without that
 * path (HTTP 404 with no SMS Partner answer: nothing was deleted) is asked again
 * at the French page's `/groupe/delete` (transport/group.ts).
 */
const groupDelete = {
	inTestMode: 'refused',
	method: 'POST',
	readOnly: false,
	uncertainAdvice:
		'The group may have been deleted: Group › Get Many shows whether it is still there.',
	path: '/group/delete',
	controlCodes: {
		...GROUP_CODES,
		// This page gives 1 for a missing group ID, and 10 for a missing or wrong key.
		1: { meaning: 'The group ID is required' },
		10: { meaning: 'Invalid API key', hint: KEY_HINT },
		404: UNKNOWN_GROUP,
	},
	xmlShape: ANSWER_HEAD,
} satisfies Endpoint;

export const ENDPOINTS = {
	groupAdd: {
		inTestMode: 'refused',
		method: 'POST',
		readOnly: false,
		uncertainAdvice:
			'The group may have been created: Group › Get Many shows whether it is there before you create it again.',
		path: '/group/add',
		// Both its pages' samples answer a creation with `success: true` and code 2, the code
		// their table gives a missing key: `success` decides.
		alsoSuccessCodes: [2],
		controlCodes: {
			...GROUP_CODES,
			// SMS Partner's global error page gives 1 to a missing key; this page, to a missing name.
			1: disputed('SMS Partner refused to create the group', [
				'the group name is required',
				'the API key is required',
			]),
			2: { meaning: 'The API key is required', hint: KEY_HINT },
		},
		xmlShape: [...ANSWER_HEAD, value('name', 'text'), value('groupId', 'token')],
	},
	// Both its pages print the list with `success: false` and no code (S19 p7); its XML
	// is not documented: it is always asked for JSON.
	groupList: {
		unpaged: true,
		listedDespiteFalseSuccess: 'groups',
		method: 'GET',
		readOnly: true,
		path: '/group/list',
		controlCodes: GROUP_CODES,
		xmlShape: [],
	},
	groupDelete,
	/** The same call at the French page's spelling, asked only when `/group/delete` is no path. */
	groupDeleteFrench: { ...groupDelete, path: '/groupe/delete' },
} satisfies Record<string, Endpoint>;
