import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { COST_REQUESTS_PER_MINUTE } from '../../api/account';
import { invalidInput } from '../../helpers/errors';
import type { RequestOptions } from '../../transport/call';
import { fetchCosts, type CostPeriod } from '../../transport/account';
import { getCostPeriod } from '../../input/account';
import { getRequestOptions } from '../../input/options';
import { requestOptionsField, showOnlyFor, toolDescriptionField } from '../../shared/fields';
import type { BatchResults } from '../types';

// Not that it changes anything: SMS Partner answers it 5 times a minute, and n8n's
// retry, running every item again, would spend those answers on a run that failed.
export const refusesRetryOnFail = true;
export const retryOnFailReason = `SMS Partner answers it at most ${COST_REQUESTS_PER_MINUTE} times a minute, and n8n's retry would run every item again and spend those requests`;

const properties: INodeProperties[] = [
	toolDescriptionField(
		'Reads what the SMS Partner account spent on SMS, month by month, and how many SMS it sent: last month, the last twelve months, or a range of days. SMS Partner answers this at most 5 times a minute: call it once per question. It only reads: nothing changes.',
	),
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{ name: 'Last Month', value: 'lastMonth' },
			{ name: 'Last Twelve Months', value: 'lastTwelveMonths' },
			{ name: 'Range', value: 'range', description: 'From one day to another' },
		],
		default: 'lastMonth',
		hint: 'SMS Partner answers at most 5 requests a minute: items asking the same period share one request',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'The first day of the range',
		displayOptions: { show: { period: ['range'] } },
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'The last day of the range',
		displayOptions: { show: { period: ['range'] } },
	},
	requestOptionsField([], ['timeout']),
];

export const description = updateDisplayOptions(showOnlyFor('account', 'getCosts'), properties);

interface Asked {
	itemIndex: number;
	period: CostPeriod;
	options: RequestOptions;
}

/**
 * The account's costs, month by month: one output item per month, paired with
 * the item that asked. SMS Partner answers /statistics/cost-resume at most 5
 * times a minute, so a run makes one request per different period (usually one
 * for the whole run), never more than 5: an item that would need a sixth is
 * refused before any request, naming its Period.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	itemIndexes: number[],
): Promise<BatchResults> {
	const results: BatchResults = new Map();
	const groups = new Map<string, Asked[]>();
	for (const itemIndex of itemIndexes) {
		try {
			const period = getCostPeriod.call(this, itemIndex);
			const options = getRequestOptions.call(this, itemIndex);
			const key = JSON.stringify(period);
			if (!groups.has(key) && groups.size >= COST_REQUESTS_PER_MINUTE) {
				throw invalidInput(
					'period',
					`This item asks for a ${COST_REQUESTS_PER_MINUTE + 1}th different period in one run: SMS Partner answers Get Costs at most ${COST_REQUESTS_PER_MINUTE} times a minute`,
					'Ask for at most 5 different periods per run (items with the same period share one request), or split the items across runs a minute apart. Nothing was sent to SMS Partner.',
				);
			}
			groups.set(key, [...(groups.get(key) ?? []), { itemIndex, period, options }]);
		} catch (error) {
			results.set(itemIndex, error as Error);
			if (!this.continueOnFail()) return results;
		}
	}
	for (const asked of groups.values()) {
		const [{ period, options }] = asked;
		try {
			const months = await fetchCosts.call(this, period, options);
			for (const { itemIndex } of asked) {
				results.set(
					itemIndex,
					months.map((month) => ({
						json: { ...periodOf(period), ...month },
						pairedItem: { item: itemIndex },
					})),
				);
			}
		} catch (error) {
			for (const { itemIndex } of asked) results.set(itemIndex, error as Error);
			if (!this.continueOnFail()) return results;
		}
	}
	return results;
}

/** The period as the user chose it, beside each month. */
function periodOf(period: CostPeriod) {
	if (period.interval === 'custom') return { period: 'range', from: period.from, to: period.to };
	return { period: period.interval === 'last_month' ? 'lastMonth' : 'lastTwelveMonths' };
}
