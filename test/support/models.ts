/**
 * What the hostile property tests hold true of SMS Partner, written independently
 * of the node: which answers are a real success and what money they say moved,
 * which say "refused" (hostileRandom.engine.test.ts, hostileSms.engine.test.ts);
 * and for SMS, numbers as people write them, Send Many's batches and what the
 * sandbox billed (hostileSms.engine.test.ts).
 */
import type { TestSandbox } from './sandbox';

type SentMessage = ReturnType<TestSandbox['messages']>[number];

/** SMS Partner's paths for the balance and subaccounts. */
export const REMOVE = '/subaccount/credit/remove';
export const ADD = '/subaccount/credit/add';
export const LIST = '/subaccount/list';
export const ME = '/me';
export const CREATE = '/subaccount/create';
export const DELETE = '/subaccount/remove';

// ---------------------------------------------------------------------------
// Reading answers.

const isObject = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object';

/** The JSON object a body holds; undefined when it holds none. */
export function jsonObjectIn(body: string): Record<string, unknown> | undefined {
	const text = body.trim();
	if (!text.startsWith('{')) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return isObject(value) && !Array.isArray(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

const FLAT_XML =
	/^(?:<\?xml[^?]*\?>\s*)?<result>((?:<entry>(?:<!\[CDATA\[[\s\S]*?\]\]>|[^<]*)<\/entry>)*)<\/result>$/;

/** The values of flat positional XML, or undefined when it is not that. */
export function flatXmlValues(text: string): string[] | undefined {
	const match = FLAT_XML.exec(text);
	if (!match) return undefined;
	return [...match[1].matchAll(/<entry>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/entry>/g)].map(
		(m) => m[1] ?? m[2],
	);
}

// ---------------------------------------------------------------------------
// Money: is an answer on a path a real success of SMS Partner's, and what moved.

const isAmountValue = (value: unknown) =>
	typeof value === 'number'
		? Number.isFinite(value)
		: typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim());
const isIntegerText = (value: string) =>
	/^\d+$/.test(value.trim()) && Number.isSafeInteger(Number(value));
const isSuccessCode = (value: unknown) =>
	value === undefined ||
	(typeof value === 'number'
		? value === 200
		: typeof value === 'string' && isIntegerText(value) && Number(value) === 200);
const isTokenValue = (value: unknown) =>
	typeof value === 'number'
		? Number.isSafeInteger(value)
		: typeof value === 'string' && /^[^\s@<>"'\\]{1,128}$/.test(value);

function jsonSuccess(path: string, fields: Record<string, unknown>): boolean {
	if (fields.success !== true || !isSuccessCode(fields.code)) return false;
	if (path === REMOVE || path === ADD)
		return isAmountValue(fields.credit) && isAmountValue(fields.subaccountCredit);
	if (path === LIST)
		return (
			Array.isArray(fields.data) &&
			fields.data.every((entry) => isObject(entry) && isTokenValue(entry.token))
		);
	if (path === ME) return isObject(fields.credits) && isAmountValue(fields.credits.balance);
	if (path === CREATE) return isObject(fields.subaccount) && isTokenValue(fields.subaccount.token);
	return path === DELETE;
}

function xmlSuccess(path: string, text: string): boolean {
	const values = flatXmlValues(text);
	if (!values || (values[0] !== 'true' && values[0] !== '1')) return false;
	if (values.length < 2 || !isIntegerText(values[1]) || Number(values[1]) !== 200) return false;
	const amountText = (value: string) => /^-?\d+(\.\d+)?$/.test(value.trim());
	if (path === REMOVE || path === ADD) {
		return (
			values.length === 5 &&
			amountText(values[2]) &&
			amountText(values[3]) &&
			/^[A-Z]{3}$/.test(values[4])
		);
	}
	if (path === DELETE) return values.length === 2;
	if (path === LIST)
		return values.length === 6 && values.slice(2, 5).every(isIntegerText) && values[5] === '';
	// /me and /subaccount/create nest objects: flat entries never fit them.
	return false;
}

/** Whether a body is a real success of SMS Partner's for this path (JSON or positional XML). */
export function isRealSuccess(path: string, body: string): boolean {
	const text = body.trim();
	if (text.startsWith('{')) {
		const fields = jsonObjectIn(text);
		return fields !== undefined && jsonSuccess(path, fields);
	}
	return text.startsWith('<') && xmlSuccess(path, text);
}

/** The balances a credit move's success body gives, to compare with the output. */
export function movedBalances(body: string): { credit: number; subaccountCredit: number } {
	const text = body.trim();
	if (text.startsWith('{')) {
		const fields = jsonObjectIn(text)!;
		return { credit: Number(fields.credit), subaccountCredit: Number(fields.subaccountCredit) };
	}
	const values = flatXmlValues(text)!;
	return { credit: Number(values[2]), subaccountCredit: Number(values[3]) };
}

// ---------------------------------------------------------------------------
// Refusals.

/** A JSON refusal: `success: false`, which the node reads as SMS Partner refusing. */
export const isJsonRefusal = (body: string) => jsonObjectIn(body)?.success === false;

/** Whether the node may read the body as SMS Partner refusing (so the sandbox must not act). */
export function claimsRefusal(body: string): boolean {
	// Broad on purpose for XML: any whose first entry reads false or 0.
	return (
		isJsonRefusal(body) || /<result>\s*<entry>\s*(<!\[CDATA\[)?\s*(false|0)\b/.test(body.trim())
	);
}

// ---------------------------------------------------------------------------
// SMS: phone numbers, Send Many's batches, billing.

/** How people write a number. */
export type Spelling = 'e164' | 'national' | 'spaced' | 'dotted' | 'intl00';
export const SPELLING_KINDS: Spelling[] = ['e164', 'national', 'spaced', 'dotted', 'intl00'];

/** The k-th number of a run, normalised: +33 6 1x xx xx xx. */
export const numberOf = (k: number) => `+3361${String(k).padStart(7, '0')}`;

/** A normalised French mobile number, written the way `how` says. */
export function spell(normalised: string, how: Spelling): string {
	const national = `0${normalised.slice(3)}`;
	switch (how) {
		case 'e164':
			return normalised;
		case 'national':
			return national;
		case 'spaced':
			return national.replace(/(\d\d)(?=\d)/g, '$1 ');
		case 'dotted':
			return national.replace(/(\d\d)(?=\d)/g, '$1.');
		case 'intl00':
			return `0033 ${normalised.slice(3)}`;
	}
}

/** The most lines one /bulk-send carries. */
export const BATCH_SIZE = 500;

/** Send Many's batches: items grouped by their options (first seen, first sent), BATCH_SIZE at most. */
export function sendManyBatches<Item>(items: Item[], optionsOf: (item: Item) => string): Item[][] {
	const groups = new Map<string, Item[]>();
	for (const item of items) {
		const options = optionsOf(item);
		groups.set(options, [...(groups.get(options) ?? []), item]);
	}
	const batches: Item[][] = [];
	for (const group of groups.values()) {
		for (let start = 0; start < group.length; start += BATCH_SIZE)
			batches.push(group.slice(start, start + BATCH_SIZE));
	}
	return batches;
}

/** What an account holds after the sandbox billed these messages (sends in sandbox mode are free). */
export function creditAfter(startCredit: number, messages: SentMessage[]): number {
	const billed = messages
		.filter((message) => !message.sandbox)
		.reduce((sum, message) => sum + message.cost, 0);
	return Math.round((startCredit - billed) * 1000) / 1000;
}
