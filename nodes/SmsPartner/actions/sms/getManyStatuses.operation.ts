import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { MAX_RECIPIENTS } from '../../api/sms';
import type { RequestOptions } from '../../transport/call';
import { fetchMultiStatus, fetchStatusesByTag } from '../../transport/sms';
import { getRequestOptions } from '../../input/options';
import { getParameter } from '../../input/parameters';
import { invalidInput } from '../../helpers/errors';
import { getMessageId, getPhoneNumber, getStatusTag } from '../../input/sms';
import {
	messageIdField,
	requestOptionsField,
	showOnlyFor,
	toolDescriptionField,
} from '../../shared/fields';
import { batchesOf } from '../../helpers/batches';
import type { BatchResults } from '../types';

export const refusesRetryOnFail = false;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Reads whether SMS sent through SMS Partner were delivered: for each message ID and phone number given, or for every recipient of the SMS sent with a tag. It only reads: nothing changes.',
	),
	{
		displayName: 'By',
		name: 'statusesBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Message ID and Number',
				value: 'pair',
				description: 'Each item names one message ID and one number; up to 500 go in one request',
			},
			{
				name: 'Tag',
				value: 'tag',
				description: 'Every recipient of every SMS sent with the tag, one item each',
			},
		],
		default: 'pair',
	},
	{
		...messageIdField('The messageId the Send or Send Many operation output'),
		displayOptions: { show: { statusesBy: ['pair'] } },
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.phoneNumber }}',
		hint: "This item's recipient of the message",
		description: 'French mobiles as 06… or 07…, other countries with + and the country code',
		displayOptions: { show: { statusesBy: ['pair'] } },
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. promo-june',
		description: 'The tag the SMS were sent with (Send options › Tag)',
		displayOptions: { show: { statusesBy: ['tag'] } },
	},
	requestOptionsField([], ['timeout']),
];

export const description = updateDisplayOptions(showOnlyFor('sms', 'getManyStatuses'), properties);

interface Pair {
	itemIndex: number;
	messageId: string;
	phoneNumber: string;
	options: RequestOptions;
}

interface Tagged {
	itemIndex: number;
	tag: string;
	options: RequestOptions;
}

function getStatusesBy(this: IExecuteFunctions, itemIndex: number): 'pair' | 'tag' {
	const by = getParameter(this, 'statusesBy', itemIndex, 'By') ?? 'pair';
	if (by !== 'pair' && by !== 'tag') {
		throw invalidInput('statusesBy', `By must be "pair" or "tag", not ${JSON.stringify(by)}`);
	}
	return by;
}

/**
 * The statuses of many SMS: by message ID and number, up to 500 items per request
 * (one output item per input item, paired), or by tag (one output item per
 * recipient, paired with the item that named the tag). Every item is checked
 * before the first request.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
): Promise<BatchResults> {
	const results: BatchResults = new Map();
	const pairs: Pair[] = [];
	const tagged: Tagged[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			const by = getStatusesBy.call(this, itemIndex);
			if (by === 'tag') {
				const tag = getStatusTag.call(this, itemIndex);
				tagged.push({ itemIndex, tag, options: getRequestOptions.call(this, itemIndex) });
			} else {
				const messageId = getMessageId.call(this, itemIndex);
				const phoneNumber = getPhoneNumber.call(this, itemIndex);
				const options = getRequestOptions.call(this, itemIndex);
				pairs.push({ itemIndex, messageId, phoneNumber, options });
			}
		} catch (error) {
			results.set(itemIndex, error as Error);
			if (!this.continueOnFail()) return results;
		}
	}

	for (const batch of batchesOf(pairs, (pair) => pair.options.timeout, MAX_RECIPIENTS)) {
		try {
			const statuses = await fetchMultiStatus.call(
				this,
				batch.map(({ messageId, phoneNumber }) => ({ messageId, phoneNumber })),
				batch[0].options,
			);
			for (const [position, pair] of batch.entries()) {
				const status = statuses[position];
				results.set(
					pair.itemIndex,
					status instanceof Error
						? status
						: [{ json: { ...status }, pairedItem: { item: pair.itemIndex } }],
				);
			}
		} catch (error) {
			for (const pair of batch) results.set(pair.itemIndex, error as Error);
		}
		const failed = batch.some((pair) => results.get(pair.itemIndex) instanceof Error);
		if (failed && !this.continueOnFail()) return results;
	}

	for (const { itemIndex, tag, options } of tagged) {
		try {
			const statuses = await fetchStatusesByTag.call(this, tag, options);
			results.set(
				itemIndex,
				statuses.map((status) => ({ json: { tag, ...status }, pairedItem: { item: itemIndex } })),
			);
		} catch (error) {
			results.set(itemIndex, error as Error);
			if (!this.continueOnFail()) return results;
		}
	}
	return results;
}
