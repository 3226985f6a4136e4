/**
 * The main account's calls, one function each (fetch*): what an operation or
 * the trigger sends, and what it gets back, already read and checked.
 */
import { ENDPOINTS } from '../api/account';
import { incompleteSuccess } from './answer';
import type { RequestOptions, SmsPartnerContext } from './call';
import { requestSmsPartner } from './request';
import {
	parseAmount,
	parseCurrency,
	parseDateTime,
	parseInteger,
	parseObject,
	parseText,
} from './values';

export interface Account {
	/** The main account's balance. */
	credit: number;
	currency: string | null;
	creditSms: number | null;
	creditSmsECO: number | null;
	creditHlr: number | null;
	toSend: number | null;
	username: string | null;
	firstname: string | null;
	lastname: string | null;
}

/** `GET /me`: the main account's balance and what it buys. */
export async function fetchAccount(
	this: SmsPartnerContext,
	options: RequestOptions,
): Promise<Account> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.me,
		fields: {},
		...options,
	});
	const credits = parseObject(answer.fields.credits);
	const user = parseObject(answer.fields.user);
	const credit = parseAmount(credits.balance);
	if (credit === undefined) throw incompleteSuccess(answer.status, 'credits.balance', ENDPOINTS.me);
	return {
		credit,
		currency: parseCurrency(credits.currency) ?? null,
		creditSms: parseAmount(credits.creditSms) ?? null,
		creditSmsECO: parseAmount(credits.creditSmsECO) ?? null,
		creditHlr: parseAmount(credits.creditHlr) ?? null,
		toSend: parseAmount(credits.toSend) ?? null,
		username: parseText(user.username) ?? null,
		firstname: parseText(user.firstname) ?? null,
		lastname: parseText(user.lastname) ?? null,
	};
}

/** One month of /statistics/cost-resume: what the account spent, and how many SMS it sent. */
export interface MonthCost {
	/** The month's first day, YYYY-MM. */
	month: string;
	cost: number;
	/** SMS Partner's `nb_send`. */
	smsSent: number | null;
	/** SMS Partner's `month`: the month's name in its words. */
	monthName: string | null;
}

/** The period of /statistics/cost-resume: a named one, or a range of days (dd-mm-yyyy, as its samples write them). */
export type CostPeriod =
	| { interval: 'last_month' | 'last_twelve_months' }
	| { interval: 'custom'; from: string; to: string };

function parseMonth(fields: Record<string, unknown>): string | undefined {
	const year = parseInteger(fields.year);
	const month = parseInteger(fields.m);
	if (year !== undefined && month !== undefined && month >= 1 && month <= 12 && year >= 2000)
		return `${year}-${String(month).padStart(2, '0')}`;
	const date = parseDateTime(fields.date);
	return date?.slice(0, 7);
}

/** `GET /statistics/cost-resume`: the account's costs, month by month (SMS Partner: 5 requests a minute). */
export async function fetchCosts(
	this: SmsPartnerContext,
	period: CostPeriod,
	options: RequestOptions,
): Promise<MonthCost[]> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.costResume,
		fields: { ...period },
		...options,
		format: 'json',
	});
	const list = answer.fields.datas;
	if (!Array.isArray(list)) throw incompleteSuccess(answer.status, 'datas', ENDPOINTS.costResume);
	return list.map((entry) => {
		const fields = parseObject(entry);
		const month = parseMonth(fields);
		const cost = parseAmount(fields.cost);
		if (month === undefined)
			throw incompleteSuccess(answer.status, 'datas[].year and m', ENDPOINTS.costResume);
		if (cost === undefined || cost < 0)
			throw incompleteSuccess(answer.status, 'datas[].cost', ENDPOINTS.costResume);
		const name = parseText(fields.month);
		return {
			month,
			cost,
			smsSent: parseInteger(fields.nb_send) ?? null,
			monthName: name && name.length <= 20 ? answer.quote(name) : null,
		};
	});
}
