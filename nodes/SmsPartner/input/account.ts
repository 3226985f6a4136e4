/**
 * What the account and subaccount operations (and the trigger's threshold)
 * take: euro amounts, the subaccount token, an email address. Each field's
 * `get*` reads it (input/parameters.ts) and checks it (`validate*`), in one call.
 */
import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { CREDIT_DECIMALS } from '../api/common';
import { invalidInput } from '../helpers/errors';
import { isEmailAddress } from '../helpers/shapes';
import type { CostPeriod } from '../transport/account';
import { describeType, getParameter, getPollParameter } from './parameters';

/** No subaccount holds this much; a larger value is a typo or a wrong expression. */
export const MAX_CREDIT = 1_000_000;

// C0 and C1 controls, and the Unicode line and paragraph separators.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
const COMMA_DECIMAL = /^\d+,\d+$/;
/** "1,000" reads as one thousand in English and as one in French. */
const COMMA_THOUSANDS = /^\d{1,3}(,\d{3})+$/;
const CURRENCY_MARK = /€|\bEUR\b|\beuros?\b/i;

/** The subaccount token, trimmed; refused when blank, not text, or holding control characters. */
export function validateSubaccountToken(value: unknown, field = 'Subaccount Token'): string {
	if (value === undefined || value === null || value === '') {
		throw invalidInput('subaccount', `${field} is empty: give the subaccount's token`);
	}
	if (typeof value !== 'string') {
		throw invalidInput(
			'subaccount',
			`${field} must be text, but it is ${describeType(value)} (${JSON.stringify(value)})`,
		);
	}
	const token = value.trim();
	if (token === '') {
		throw invalidInput('subaccount', `${field} is blank: give the subaccount's token`);
	}
	if (CONTROL_CHARACTERS.test(token)) {
		// JSON shows the invisible character (\n, \u2028, ...) the user has to remove.
		throw invalidInput(
			'subaccount',
			`${field} ${JSON.stringify(token)} contains a control character (such as a line break): a token is a single word`,
		);
	}
	return token;
}

function decimalsOf(amount: number): number {
	const text = String(amount);
	if (text.includes('e')) return Infinity;
	const point = text.indexOf('.');
	return point === -1 ? 0 : text.length - point - 1;
}

/** Why a text amount is not a plain dot decimal, and how to write it. */
function amountTextProblem(text: string, label: string, value: string): string {
	if (COMMA_THOUSANDS.test(text)) {
		return `${label} "${value}" is ambiguous: a comma is a decimal point in French and a thousands separator in English. Write the amount with no thousands separator and a dot for decimals, e.g. 1000 or 1.25`;
	}
	if (COMMA_DECIMAL.test(text)) {
		return `${label} "${value}" uses a comma: write the decimal with a dot, e.g. ${text.replace(',', '.')}`;
	}
	const bare = text.replace(CURRENCY_MARK, '').trim();
	if (bare !== text && (PLAIN_DECIMAL.test(bare) || COMMA_DECIMAL.test(bare))) {
		return `${label} "${value}" holds a currency sign: write the number of euros alone, with a dot for decimals, e.g. ${bare.replace(',', '.')}`;
	}
	if (/^-\s*\d/.test(text)) return `${label} must be greater than 0, but it is ${text}`;
	return `${label} "${value}" is not a number of euros: write it with a dot for decimals and no thousands separator, e.g. 12.50`;
}

/**
 * The amount in euros. Numbers, and text holding a plain decimal with a dot
 * ("12.5", as the amount fields and expressions give it), are accepted; a comma
 * is refused rather than guessed at.
 */
export function validateAmount(value: unknown, label = 'Credit (EUR)', name = 'credit'): number {
	let amount: number;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw invalidInput(name, `${label} is empty: give the amount in euros, e.g. 12.50`);
	} else if (typeof value === 'number') {
		amount = value;
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (!PLAIN_DECIMAL.test(text)) throw invalidInput(name, amountTextProblem(text, label, value));
		amount = Number(text);
	} else {
		throw invalidInput(name, `${label} must be a number, but it is ${describeType(value)}`);
	}

	if (!Number.isFinite(amount)) {
		throw invalidInput(name, `${label} must be a finite number of euros, not ${amount}`);
	}
	if (amount <= 0) {
		throw invalidInput(name, `${label} must be greater than 0, but it is ${amount}`);
	}
	if (amount > MAX_CREDIT) {
		throw invalidInput(
			name,
			`${label} ${amount} is more than ${MAX_CREDIT.toLocaleString('en-US')} EUR: check the value`,
		);
	}
	if (decimalsOf(amount) > CREDIT_DECIMALS) {
		throw invalidInput(
			name,
			`${label} ${amount} has more than ${CREDIT_DECIMALS} decimals: SMS Partner counts credit to the thousandth of a euro`,
		);
	}
	return amount;
}

/** An email address, trimmed; refused when blank or not shaped like one. */
export function validateEmail(value: unknown, label = 'Email'): string {
	const email = typeof value === 'string' ? value.trim() : '';
	if (email === '')
		throw invalidInput('email', `${label} is empty: give the subaccount's email address`);
	if (!isEmailAddress(email))
		throw invalidInput('email', `${label} "${email}" is not an email address`);
	return email;
}

/** The Subaccount Token field, checked. */
export function getSubaccountToken(this: IExecuteFunctions, itemIndex: number): string {
	return validateSubaccountToken(getParameter(this, 'subaccount', itemIndex, 'Subaccount Token'));
}

/** The Credit (EUR) field of the credit moves, checked. */
export function getCredit(this: IExecuteFunctions, itemIndex: number): number {
	return validateAmount(getParameter(this, 'credit', itemIndex, 'Credit (EUR)'));
}

/** Create's Starting Credit (EUR), checked. */
export function getStartingCredit(this: IExecuteFunctions, itemIndex: number): number {
	return validateAmount(
		getParameter(this, 'creditToAttribute', itemIndex, 'Starting Credit (EUR)'),
		'Starting Credit (EUR)',
		'creditToAttribute',
	);
}

/** Create's Email field, checked. */
export function getEmail(this: IExecuteFunctions, itemIndex: number): string {
	return validateEmail(getParameter(this, 'email', itemIndex, 'Email'));
}

/** The trigger's Threshold (EUR), checked. */
export function getThreshold(this: IPollFunctions): number {
	const threshold = getPollParameter(this, 'threshold', '', 'Threshold (EUR)');
	return validateAmount(threshold, 'Threshold (EUR)', 'threshold');
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
const FRENCH_DAY = /^(\d{2})[-/.](\d{2})[-/.](\d{4})$/;

/** A day as the date picker, an ISO date or a French date (31/12/2026) gives it; [year, month, day]. */
function validateDay(value: unknown, name: string, label: string): [number, number, number] {
	const given =
		value !== null &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
			? (value as { toISO: () => unknown }).toISO()
			: value instanceof Date
				? value.toISOString()
				: value;
	if (given === undefined || given === null || (typeof given === 'string' && given.trim() === '')) {
		throw invalidInput(name, `${label} is empty: give a day, e.g. 2026-01-31`);
	}
	const text = typeof given === 'string' ? given.trim() : '';
	const iso = ISO_DAY.exec(text);
	const french = FRENCH_DAY.exec(text);
	const [year, month, day] = iso
		? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
		: french
			? [Number(french[3]), Number(french[2]), Number(french[1])]
			: [NaN, NaN, NaN];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (
		Number.isNaN(date.getTime()) ||
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	) {
		throw invalidInput(
			name,
			`${label} ${JSON.stringify(typeof given === 'string' ? given.slice(0, 40) : given)} is not a day: give it as 2026-01-31 (or 31/01/2026)`,
		);
	}
	return [year, month, day];
}

const dayText = ([year, month, day]: [number, number, number]) =>
	`${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-${year}`;

/** Get Costs' period: last month, the last twelve months, or From–To (days, From not after To). */
export function getCostPeriod(this: IExecuteFunctions, itemIndex: number): CostPeriod {
	const period = getParameter(this, 'period', itemIndex, 'Period');
	if (period === 'lastMonth') return { interval: 'last_month' };
	if (period === 'lastTwelveMonths') return { interval: 'last_twelve_months' };
	if (period !== 'range') {
		throw invalidInput(
			'period',
			`Period must be "lastMonth", "lastTwelveMonths" or "range", not ${JSON.stringify(period)}`,
		);
	}
	const from = validateDay(getParameter(this, 'from', itemIndex, 'From'), 'from', 'From');
	const to = validateDay(getParameter(this, 'to', itemIndex, 'To'), 'to', 'To');
	const key = (day: [number, number, number]) => day[0] * 10_000 + day[1] * 100 + day[2];
	if (key(from) > key(to)) {
		throw invalidInput(
			'to',
			`To (${dayText(to)}) is before From (${dayText(from)}): give a range that ends after it starts`,
		);
	}
	return { interval: 'custom', from: dayText(from), to: dayText(to) };
}
