import { CREDIT_DECIMALS } from '../api';
import { invalidInput } from './errors';

/** No sub-account holds this much; a larger value is a typo or a wrong expression. */
export const MAX_CREDIT = 1_000_000;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
const COMMA_DECIMAL = /^\d+,\d+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}

/** The sub-account token, trimmed; refused when blank, not text, or holding control characters. */
export function readSubaccountToken(value: unknown, field = 'Sub-Account Token'): string {
	if (value === undefined || value === null || value === '') {
		throw invalidInput('tokenSubaccount', `${field} is empty: give the sub-account's token`);
	}
	if (typeof value !== 'string') {
		throw invalidInput(
			'tokenSubaccount',
			`${field} must be text, but it is ${describe(value)} (${JSON.stringify(value)})`,
		);
	}
	const token = value.trim();
	if (token === '') {
		throw invalidInput('tokenSubaccount', `${field} is blank: give the sub-account's token`);
	}
	if (CONTROL_CHARACTERS.test(token)) {
		throw invalidInput(
			'tokenSubaccount',
			`${field} contains a control character (such as a line break): a token is a single word`,
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

/**
 * The amount in euros. Numbers, and text holding a plain decimal with a dot
 * ("12.5", as expressions often give), are accepted; a comma decimal is refused
 * rather than guessed at.
 */
export function readCredit(value: unknown, label = 'Credit (EUR)', name = 'credit'): number {
	let amount: number;
	if (value === undefined || value === null || value === '') {
		throw invalidInput(name, `${label} is empty: give the amount in euros to move`);
	} else if (typeof value === 'number') {
		amount = value;
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (COMMA_DECIMAL.test(text)) {
			throw invalidInput(
				'credit',
				`${label} "${value}" uses a comma: write the decimal with a dot, e.g. ${text.replace(',', '.')}`,
			);
		}
		if (!PLAIN_DECIMAL.test(text)) {
			throw invalidInput(name, `${label} "${value}" is not a number of euros`);
		}
		amount = Number(text);
	} else {
		throw invalidInput(name, `${label} must be a number, but it is ${describe(value)}`);
	}

	if (!Number.isFinite(amount)) {
		throw invalidInput(name, `${label} must be a finite number of euros, not ${amount}`);
	}
	if (amount <= 0) {
		throw invalidInput(name, `${label} must be greater than 0, but it is ${amount}`);
	}
	if (amount > MAX_CREDIT) {
		throw invalidInput(
			'credit',
			`${label} ${amount} is more than ${MAX_CREDIT.toLocaleString('en-US')} EUR: check the value`,
		);
	}
	if (decimalsOf(amount) > CREDIT_DECIMALS) {
		throw invalidInput(
			'credit',
			`${label} ${amount} has more than ${CREDIT_DECIMALS} decimals: SMS Partner counts credit to the thousandth of a euro`,
		);
	}
	return amount;
}

/** A field's value; an expression that cannot be evaluated is bad input like any other, found before sending. */
export function readParameter(
	context: { getNodeParameter(name: string, itemIndex: number): unknown },
	name: string,
	itemIndex: number,
	label: string,
): unknown {
	try {
		return context.getNodeParameter(name, itemIndex);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw invalidInput(name, `${label}: its expression could not be evaluated (${reason})`);
	}
}

/** An email address, trimmed; refused when blank or not shaped like one. */
export function readEmail(value: unknown, label = 'Email'): string {
	const email = typeof value === 'string' ? value.trim() : '';
	if (email === '') throw invalidInput('email', `${label} is empty: give the sub-account's email address`);
	if (!EMAIL.test(email)) throw invalidInput('email', `${label} "${email}" is not an email address`);
	return email;
}
