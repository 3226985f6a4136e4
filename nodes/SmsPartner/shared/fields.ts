/**
 * Fields that several operations, or the node and its trigger, share: how the
 * editor shows them (builders). Their reading is in input/ (getRequestOptions,
 * getLimit, getCredit, …). Below actions/ and trigger/, so both nodes use them
 * without importing each other.
 */
import { type IDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { MAX_CONCURRENCY } from '../input/options';
import { DEFAULT_TIMEOUT_MS } from '../transport/call';

/** Where an operation's fields show: that resource, that operation. */
export function showOnlyFor(resource: string, operation: string): IDisplayOptions {
	return { show: { resource: [resource], operation: [operation] } };
}

type SharedOption = 'maxConcurrency' | 'responseFormat' | 'timeout';

/**
 * The "Options" collection every operation offers: answer format, timeout,
 * concurrency (or those of them that apply), plus its own; sorted by name as n8n lists them.
 */
export function requestOptionsField(
	more: INodeProperties[] = [],
	shared: SharedOption[] = ['maxConcurrency', 'responseFormat', 'timeout'],
): INodeProperties {
	const options = [
		...more,
		...SHARED_OPTIONS.filter((option) => shared.includes(option.name as SharedOption)),
	];
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

const SHARED_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Max Concurrent Requests',
		name: 'maxConcurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: 1,
		description:
			"How many requests may be in flight at once: one per item (Send Many: one per batch of up to 500 items). 1 sends them one after the other, the safe choice while SMS Partner's rate limit is unknown. Output order is the input order either way, and items for the same subaccount keep their order.",
	},
	{
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json' },
			{ name: 'XML', value: 'xml' },
		],
		default: 'json',
		hint: 'JSON is right for almost everyone',
		description: 'Format SMS Partner answers in; the output is the same either way',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_TIMEOUT_MS,
		hint: "In milliseconds: the deadline for SMS Partner's whole answer",
		description:
			'How long to wait for SMS Partner to answer, in milliseconds. A request that times out is not retried: its outcome is unknown.',
	},
];

/**
 * The Subaccount Token field, as every subaccount operation names it. A plain
 * text field: a token names a subaccount, it is no secret (Get Many and every
 * success item show it), and people must see what they pasted. It is named
 * `subaccount`, not after SMS Partner's `tokenSubaccount`: n8n's lint rule asks
 * for a password field whenever a parameter's name holds "token".
 */
export function tokenField(description: string): INodeProperties {
	return {
		displayName: 'Subaccount Token',
		name: 'subaccount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f2a9c0d5b',
		description,
	};
}

/**
 * A euro amount field. Text, not n8n's number box: that box drops a typed comma
 * ("12,5" becomes 125), and SMS Partner's users are French. The text goes
 * through validateAmount (input/account.ts), which refuses a comma and shows
 * the dot form. Empty by default, so n8n's own "required" check flags it in the editor.
 */
export function amountField(
	name: string,
	displayName: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12.50',
		hint: 'Euros, greater than 0, at most 3 decimals, with a dot: 12.50 (not 12,50)',
		description,
	};
}

/** The Credit (EUR) field of the credit moves. */
export function creditField(description: string): INodeProperties {
	return amountField('credit', 'Credit (EUR)', description);
}

/** Operations that move money or change accounts say so where the user sets them up. */
export function warningNotice(name: string, text: string): INodeProperties {
	return { displayName: text, name, type: 'notice', default: '' };
}

/** Return All and Limit, as every n8n "Get Many" has them. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The Message ID field of the operations that follow a send. */
export function messageIdField(description: string, hint?: string): INodeProperties {
	return {
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 48213377',
		...(hint ? { hint } : {}),
		description,
	};
}

/**
 * What n8n's AI Agent is told the operation does, when the node is its tool
 * ('@tool': only the node's tool version shows it). n8n's own "automatic"
 * description is the action's few words; an agent about to move money needs
 * to know what moves, that each call moves it again and that it cannot be undone.
 */
export function toolDescriptionField(text: string): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		default: text,
		typeOptions: { rows: 3 },
		displayOptions: { show: { '@tool': [true] } },
		description:
			'What the AI Agent is told this tool does: when to call it, and what calling it does',
	};
}
