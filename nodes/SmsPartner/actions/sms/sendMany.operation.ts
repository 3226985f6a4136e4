import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { MAX_RECIPIENTS } from '../../api/sms';
import type { SmsTextPreview } from '../../helpers/smsText';
import type { RequestOptions } from '../../transport/call';
import { testModeOfRun } from '../../transport/credentials';
import { fetchBulkSend } from '../../transport/sms';
import { getMaxConcurrency, getRequestOptions } from '../../input/options';
import { getMessage, getPhoneNumber, getSendSettings, type SendSettings } from '../../input/sms';
import { showOnlyFor, warningNotice, toolDescriptionField } from '../../shared/fields';
import { batchesOf } from '../../helpers/batches';
import { runInOrderPool } from '../../helpers/concurrency';
import type { BatchResults } from '../types';
import { costReport, inSandbox, sendReport } from './sendSettings';

export const refusesRetryOnFail = true;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Sends each input item its own SMS text through SMS Partner. This spends real money: every call sends again, and a sent SMS cannot be recalled. Call it once per batch the user asks for.',
	),
	warningNotice(
		'sendManyNotice',
		'Sending costs money per SMS: each incoming item is one SMS to its own number, sent again at every run. Items go to SMS Partner in batches of up to 500; a batch whose outcome is unknown goes to the error output whole and is never sent again. The node refuses to run while its "Retry On Fail" setting is on.',
	),
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.phone }}',
		hint: "This item's recipient: one mobile number",
		description: 'French mobiles as 06… or 07…, other countries with + and the country code',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		hint: "This item's text: 160 characters per SMS (153 each when longer), at most 10 SMS",
		description:
			'The text for this item. Line breaks and € are sent the way SMS Partner wants them; characters SMS cannot carry need the Unicode option.',
	},
];

export const description = updateDisplayOptions(showOnlyFor('sms', 'sendMany'), properties);

interface Line {
	itemIndex: number;
	phoneNumber: string;
	preview: SmsTextPreview;
	send: SendSettings;
	options: RequestOptions;
}

/**
 * One message per item, sent in SMS Partner's bulk requests, Max Concurrent
 * Requests batches in flight (one after the other by default), started in input
 * order. Every item is checked before the first batch goes out. A line SMS
 * Partner refuses fails alone; a batch that fails whole fails every one of its
 * items, and is never sent again.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
): Promise<BatchResults> {
	const results: BatchResults = new Map();
	const lines: Line[] = [];
	const testMode = await testModeOfRun(this);
	for (const itemIndex of itemIndexes) {
		try {
			const phoneNumber = getPhoneNumber.call(this, itemIndex);
			const asked = getSendSettings.call(this, itemIndex);
			// Through a Test Mode credential every line goes in sandbox mode, before batching.
			const send = testMode ? inSandbox(asked) : asked;
			const preview = getMessage.call(this, itemIndex, send);
			const options = getRequestOptions.call(this, itemIndex);
			lines.push({ itemIndex, phoneNumber, preview, send, options });
		} catch (error) {
			results.set(itemIndex, error as Error);
			if (!this.continueOnFail()) return results;
		}
	}

	let maxConcurrency: number;
	try {
		maxConcurrency = getMaxConcurrency.call(this);
	} catch (error) {
		for (const line of lines) results.set(line.itemIndex, error as Error);
		return results;
	}
	const batches = batchesOf(
		lines,
		(line) => [line.send.fields, line.options.timeout],
		MAX_RECIPIENTS,
	);
	// Without "On Error: Continue" a failed batch stops the run: no batch starts after it;
	// those already in flight finish, never cut short.
	let stopped = false;
	await runInOrderPool(batches.length, maxConcurrency, async (batchIndex) => {
		if (stopped) return;
		const batch = batches[batchIndex];
		await sendBatch.call(this, batch, results);
		if (
			!this.continueOnFail() &&
			batch.some((line) => results.get(line.itemIndex) instanceof Error)
		)
			stopped = true;
	});
	return results;
}

async function sendBatch(this: IExecuteFunctions, batch: Line[], results: BatchResults) {
	const [{ send, options }] = batch;
	try {
		const sent = await fetchBulkSend.call(
			this,
			batch.map((line) => ({ phoneNumber: line.phoneNumber, message: line.preview.text })),
			send.fields,
			options,
		);
		for (const [position, line] of batch.entries()) {
			const result = sent.lines[position];
			if (result instanceof Error) {
				results.set(line.itemIndex, result);
				continue;
			}
			results.set(line.itemIndex, [
				{
					json: {
						messageId: result.messageId,
						phoneNumber: result.phoneNumber,
						parts: result.parts,
						...costReport(line.send, result.cost),
						currency: sent.currency,
						...sendReport(line.send, line.preview),
					},
					pairedItem: { item: line.itemIndex },
				},
			]);
		}
	} catch (error) {
		for (const line of batch) results.set(line.itemIndex, error as Error);
	}
}
