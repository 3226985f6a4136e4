/** The STOP list calls: list, add, delete. */
import {
	ANSWER_HEAD,
	COMMON_CODES,
	disputed,
	KEY_CODES,
	value,
	type ControlCode,
	type Endpoint,
} from './common';

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

export const ENDPOINTS = {
	stopList: {
		unpaged: true,
		method: 'GET',
		readOnly: true,
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
		readOnly: false,
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
		readOnly: false,
		uncertainAdvice:
			'The number may have been removed: Stop List › Get Many shows whether it is still there.',
		path: '/stop-sms/delete',
		controlCodes: { ...STOP_CODES, 3: { meaning: 'The ID is required' } },
		xmlShape: ANSWER_HEAD,
	},
} satisfies Record<string, Endpoint>;
