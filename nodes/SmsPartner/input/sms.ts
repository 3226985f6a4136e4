/**
 * What the SMS and STOP list operations take: phone numbers, the message, the
 * send options (route, sender, tag, URLs, schedule, …), ids SMS Partner gave.
 * Each field's `get*` reads it (input/parameters.ts) and checks it, in one
 * call, before anything is sent; `validate*` checks a value already read.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { MAX_RECIPIENTS } from '../api/sms';
import { describeCharacter } from '../helpers/characterNames';
import { invalidInput } from '../helpers/errors';
import {
	type PhoneProblem,
	parseLongNumber,
	parsePhoneNumber,
	splitPastedNumbers,
	splitPhoneNumbers,
} from '../helpers/phoneNumbers';
import { toParisSchedule } from '../helpers/schedule';
import { isHttpUrl } from '../helpers/shapes';
import { MAX_PARTS, plainText, previewSms, type SmsTextPreview } from '../helpers/smsText';
import type { SendFields } from '../transport/sms';
import { describeType, getParameter, getParameterOr, optionalText } from './parameters';

const PHONE_HINT =
	'Write French mobiles as 06… or 07… (or +336…, +337…), and other countries with + and the country code, e.g. +32470123456. Spaces, dots and dashes are fine.';

/** One number, in international form (+33612345678). */
export function validatePhoneNumber(
	value: unknown,
	name = 'phoneNumber',
	label = 'Phone Number',
	severalHint = 'To send one message to several numbers, use SMS › Send.',
): string {
	const text = typeof value === 'number' ? String(value) : value;
	if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) {
		throw invalidInput(name, `${label} is empty: give a mobile number, e.g. 06 12 34 56 78`);
	}
	if (typeof text !== 'string') {
		throw invalidInput(name, `${label} must be text, but it is ${describeType(value)}`);
	}
	const reading = parsePhoneNumber(text.trim());
	if ('number' in reading) return reading.number;
	const shown = `${label} "${forDisplay(text)}"`;
	const several = splitPhoneNumbers(text)?.length ?? 1;
	const count = several > 1 ? several : (splitPastedNumbers(text)?.length ?? 1);
	if (count > 1) {
		throw invalidInput(
			name,
			`${shown} looks like ${count} numbers: give one number per item`,
			`${severalHint} Nothing was sent to SMS Partner.`,
		);
	}
	throw phoneProblem(name, shown, reading.problem);
}

/** The refusal of one number that is not a mobile SMS Partner can reach, `shown` naming field and value. */
function phoneProblem(name: string, shown: string, problem: PhoneProblem) {
	if (problem === 'frenchLandline') {
		return invalidInput(
			name,
			`${shown} is a French landline or special number (01 to 05, 08, 09): it cannot receive an SMS`,
			`${PHONE_HINT} Nothing was sent to SMS Partner.`,
		);
	}
	return invalidInput(
		name,
		`${shown} is not a mobile number SMS Partner can reach`,
		`${PHONE_HINT} Nothing was sent to SMS Partner.`,
	);
}

/** A value as the user sees it in one line of an error: each run of spaces, tabs or line breaks as one space. */
function forDisplay(text: string): string {
	return text.trim().replace(/[\s\u0085]+/g, ' ');
}

/** The numbers of a Send, in international form, each once, at most 500. */
export function validatePhoneNumbers(value: unknown): string[] {
	const label = 'Phone Numbers';
	const raw = splitPhoneNumbers(value);
	if (raw === undefined) {
		throw invalidInput(
			'phoneNumbers',
			`${label} must be text or a list of numbers, but it is ${describeType(value)}`,
		);
	}
	if (raw.length === 0) {
		throw invalidInput(
			'phoneNumbers',
			`${label} is empty: give one or more mobile numbers separated by commas`,
		);
	}
	const numbers: string[] = [];
	for (const [index, text] of raw.entries()) {
		const reading = parsePhoneNumber(text);
		if ('problem' in reading) {
			const shown = `${label}: "${forDisplay(text)}" (number ${index + 1} of ${raw.length})`;
			const several = splitPastedNumbers(text);
			if (several === undefined) throw phoneProblem('phoneNumbers', shown, reading.problem);
			throw invalidInput(
				'phoneNumbers',
				`${shown} looks like ${several.length} numbers: separate numbers with commas`,
				'Phone Numbers takes numbers separated by commas, semicolons or line breaks; a space or a tab is read as part of a number. Nothing was sent to SMS Partner.',
			);
		}
		const normalised = reading.number;
		if (!numbers.includes(normalised)) numbers.push(normalised);
	}
	if (numbers.length > MAX_RECIPIENTS) {
		throw invalidInput(
			'phoneNumbers',
			`${label} holds ${numbers.length} numbers: SMS Partner takes at most ${MAX_RECIPIENTS} per send`,
			`Split them into items of at most ${MAX_RECIPIENTS} numbers (n8n's Loop Over Items node does it), or use Send Many with one item per number. Nothing was sent to SMS Partner.`,
		);
	}
	return numbers;
}

export type Route = 'premium' | 'lowCost';

/**
 * The message, counted as SMS Partner will count it; refused when empty or too long for the
 * route. `unicodeOffered`: whether the operation has a Unicode option to point to.
 */
export function validateMessage(
	value: unknown,
	unicode: boolean,
	route: Route,
	unicodeOffered = true,
): SmsTextPreview {
	const label = 'Message';
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw invalidInput('message', `${label} is empty: write the text to send`);
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw invalidInput('message', `${label} must be text, but it is ${describeType(value)}`);
	}
	const preview = previewSms(String(value), unicode);
	if (preview.unsupported.length > 0) {
		const characters = [...plainText(String(value))];
		const shown = preview.unsupported
			.slice(0, 10)
			.map(
				(character) =>
					`${describeCharacter(character)} at character ${characters.indexOf(character) + 1}`,
			)
			.join(', ');
		const more =
			preview.unsupported.length > 10 ? ` and ${preview.unsupported.length - 10} more` : '';
		throw invalidInput(
			'message',
			`${label} holds characters an SMS cannot carry without Unicode: ${shown}${more}`,
			unicodeOffered
				? 'Remove them, or turn on the Unicode option (70 characters per SMS instead of 160; SMS Partner must have enabled Unicode on the account). Nothing was sent to SMS Partner.'
				: 'Remove them: SMS Partner documents no Unicode for this send. Nothing was sent to SMS Partner.',
		);
	}
	if (preview.partsPerRecipient > MAX_PARTS) {
		throw invalidInput(
			'message',
			`${label} is ${preview.characters} characters (${preview.encoding}), ${preview.partsPerRecipient} SMS: SMS Partner sends at most ${MAX_PARTS} SMS per message`,
			'Shorten the message. Nothing was sent to SMS Partner.',
		);
	}
	if (route === 'lowCost' && preview.partsPerRecipient > 1) {
		throw invalidInput(
			'message',
			`${label} is ${preview.characters} characters (${preview.encoding}), ${preview.partsPerRecipient} SMS: the Low Cost route sends a single SMS (160 characters, 70 in Unicode)`,
			'Shorten the message, or choose the Premium route. Nothing was sent to SMS Partner.',
		);
	}
	return preview;
}

const SENDER = /^[A-Za-z0-9]{3,11}$/;

export function validateSender(value: unknown): string | undefined {
	const text = optionalText(value);
	if (text === undefined) return undefined;
	if (!SENDER.test(text)) {
		throw invalidInput(
			'sender',
			`Sender "${text}" must be 3 to 11 letters or digits, with no spaces, accents or signs`,
			"SMS Partner refuses other senders, and phones show them badly. Leave Sender empty to send from SMS Partner's short number. Nothing was sent to SMS Partner.",
		);
	}
	return text;
}

const TAG = /^[a-z0-9_-]{1,20}$/;

/** SMS Partner's tag: up to 20 characters, no spaces; sent in lower case (some of its pages require it). */
export function validateTag(value: unknown): string | undefined {
	const given = optionalText(value);
	if (given === undefined) return undefined;
	const text = given.toLowerCase();
	if (!TAG.test(text)) {
		throw invalidInput('tag', `Tag "${given}" ${tagProblem(text)}`);
	}
	return text;
}

/** What is wrong with a tag, the likeliest first: French words bring accents. */
function tagProblem(text: string): string {
	const rule = 'must be 1 to 20 letters, digits, dashes or underscores';
	const accented = [...new Set(text.normalize('NFC').match(/\p{Letter}/gu) ?? [])].filter(
		(letter) => !/[a-z]/.test(letter),
	);
	if (accented.length > 0) {
		const plain = text.normalize('NFD').replace(/\p{Mark}/gu, '');
		const instead = TAG.test(plain) ? `, e.g. "${plain}"` : '';
		return `has ${accented.map((letter) => `"${letter}"`).join(', ')}: no accents or other alphabets (${rule}${instead})`;
	}
	if (/\s/.test(text)) return `has a space: ${rule}, with no spaces`;
	if (text.length > 20) return `is ${text.length} characters long: ${rule}`;
	return `${rule}, with no spaces or other signs`;
}

/** An http(s) address SMS Partner will call, e.g. an n8n Webhook node's production URL. */
export function validateCallbackUrl(
	value: unknown,
	name: string,
	label: string,
): string | undefined {
	const text = optionalText(value);
	if (text === undefined) return undefined;
	if (!isHttpUrl(text)) {
		throw invalidInput(
			name,
			`${label} "${text}" is not an http(s) address, e.g. https://n8n.example.com/webhook/sms-replies`,
		);
	}
	return text;
}

/** SMS Partner's ids are opaque: digits for a send, a UUID for a long number's message, … */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * An id SMS Partner gave (a message's, a STOP list entry's): kept as text, sent
 * exactly as given (a number of 16 digits or more is no longer exact: refused).
 */
export function validateId(value: unknown, name: string, label: string): string {
	const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
	if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) {
		throw invalidInput(name, `${label} is empty: give the ID SMS Partner gave`);
	}
	if (typeof text !== 'string' || !ID.test(text.trim())) {
		throw invalidInput(
			name,
			`${label} ${JSON.stringify(value)} is not an SMS Partner ID: give it as SMS Partner gave it, as text (letters, digits, - _ . :), e.g. 48213377`,
		);
	}
	return text.trim();
}

/** Send's Phone Numbers field, checked. */
export function getPhoneNumbers(this: IExecuteFunctions, itemIndex: number): string[] {
	return validatePhoneNumbers(getParameter(this, 'phoneNumbers', itemIndex, 'Phone Numbers'));
}

/** The Phone Number field (Send Many, Get Status, STOP list), checked. */
export function getPhoneNumber(this: IExecuteFunctions, itemIndex: number): string {
	return validatePhoneNumber(getParameter(this, 'phoneNumber', itemIndex, 'Phone Number'));
}

/** Get Status's Phone Number: undefined when left empty (every recipient). */
export function getOptionalPhoneNumber(
	this: IExecuteFunctions,
	itemIndex: number,
): string | undefined {
	const number = getParameter(this, 'phoneNumber', itemIndex, 'Phone Number');
	return optionalText(number) === undefined ? undefined : validatePhoneNumber(number);
}

/** The Message ID field of the operations that follow a send, checked. */
export function getMessageId(this: IExecuteFunctions, itemIndex: number): string {
	return validateId(
		getParameter(this, 'messageId', itemIndex, 'Message ID'),
		'messageId',
		'Message ID',
	);
}

/** STOP list › Remove's ID field, checked. */
export function getStopListId(this: IExecuteFunctions, itemIndex: number): string {
	return validateId(getParameter(this, 'id', itemIndex, 'ID'), 'id', 'ID');
}

export interface SendSettings {
	/** SMS Partner's own fields. */
	fields: SendFields;
	route: Route;
	unicode: boolean;
	sandbox: boolean;
	/** When scheduled: the moment it goes out, ISO 8601 with the Paris offset. */
	scheduledAt?: string;
	/** The same moment for a person: 'Friday 25 December 2026, 10:00 (Paris time)'. */
	scheduledAtParis?: string;
}

function flag(value: unknown, name: string, label: string): boolean {
	if (value === undefined) return false;
	if (typeof value !== 'boolean') {
		throw invalidInput(name, `${label} must be true or false, not ${JSON.stringify(value)}`);
	}
	return value;
}

/** The options of every send, /send and /vn/send alike: Tag, the two URLs, Sandbox, STOP Notice. */
function readCommonSendOptions(options: Record<string, unknown>) {
	const stopNotice = flag(options.stopNotice, 'stopNotice', 'STOP Notice');
	const sandbox = flag(options.sandbox, 'sandbox', 'Sandbox');
	const tag = validateTag(options.tag);
	const replyUrl = validateCallbackUrl(options.replyUrl, 'replyUrl', 'Reply URL');
	const deliveryReportUrl = validateCallbackUrl(
		options.deliveryReportUrl,
		'deliveryReportUrl',
		'Delivery Report URL',
	);
	const fields: SendFields = {};
	if (tag) fields.tag = tag;
	if (stopNotice) fields.isStopSms = 1;
	if (sandbox) fields.sandbox = 1;
	if (replyUrl) fields.urlResponse = replyUrl;
	if (deliveryReportUrl) fields.urlDlr = deliveryReportUrl;
	return { fields, sandbox, stopNotice };
}

/**
 * Options without an expression are one frozen object for the whole run (input/parameters.ts):
 * checked once. Never with Scheduled At, checked against the clock for every item.
 */
const checkedSendSettings = new WeakMap<object, SendSettings>();

/** The item's send options (Send, Send Many, Send and Wait for Reply), checked, as SMS Partner's fields. */
export function getSendSettings(this: IExecuteFunctions, itemIndex: number): SendSettings {
	const options = getParameterOr(this, 'options', itemIndex, {}) as Record<string, unknown>;
	const sameForEveryItem = Object.isFrozen(options) && !Object.hasOwn(options, 'scheduledAt');
	const known = sameForEveryItem ? checkedSendSettings.get(options) : undefined;
	if (known) return known;
	const settings = checkSendSettings(options);
	if (sameForEveryItem) {
		Object.freeze(settings.fields);
		checkedSendSettings.set(options, Object.freeze(settings));
	}
	return settings;
}

function checkSendSettings(options: Record<string, unknown>): SendSettings {
	const route = options.route ?? 'premium';
	if (route !== 'premium' && route !== 'lowCost') {
		throw invalidInput(
			'route',
			`Route must be "premium" or "lowCost", not ${JSON.stringify(route)}`,
		);
	}
	const { fields: common, sandbox, stopNotice } = readCommonSendOptions(options);
	if (stopNotice && route === 'lowCost') {
		throw invalidInput(
			'stopNotice',
			'STOP Notice works on the Premium route only: SMS Partner adds no notice to Low Cost SMS',
			'On Low Cost, write "NoPub=STOP" in the message yourself and turn STOP Notice off, or choose the Premium route. Nothing was sent to SMS Partner.',
		);
	}
	const unicode = flag(options.unicode, 'unicode', 'Unicode');
	const sender = validateSender(options.sender);

	const fields: SendFields = { gamme: route === 'lowCost' ? 2 : 1 };
	if (sender) fields.sender = sender;
	if (unicode) fields.isUnicode = 1;
	Object.assign(fields, common);

	let scheduledAt: string | undefined;
	let scheduledAtParis: string | undefined;
	// An added Scheduled At left empty is refused, not read as "send now".
	if (Object.hasOwn(options, 'scheduledAt')) {
		const result = toParisSchedule(options.scheduledAt, Date.now());
		if ('problem' in result) {
			throw invalidInput('scheduledAt', `Scheduled At ${result.problem}`);
		}
		const { schedule } = result;
		fields.scheduledDeliveryDate = schedule.scheduledDeliveryDate;
		fields.time = schedule.time;
		fields.minute = schedule.minute;
		scheduledAt = schedule.scheduledAt;
		scheduledAtParis = schedule.scheduledAtParis;
	}
	return { fields, route, unicode, sandbox, scheduledAt, scheduledAtParis };
}

/**
 * Send From Long Number's options, checked: those `/vn/send` documents (tag, urlResponse,
 * urlDlr, isStopSms, sandbox). It has no route, sender, Unicode or schedule; its text follows
 * the Premium route's rules (up to 10 SMS).
 */
export function getLongNumberSendSettings(
	this: IExecuteFunctions,
	itemIndex: number,
): SendSettings {
	const options = getParameterOr(this, 'options', itemIndex, {}) as Record<string, unknown>;
	if (Object.hasOwn(options, 'scheduledAt'))
		throw invalidInput(
			'scheduledAt',
			'Scheduled At is not offered for Send From Long Number: SMS Partner sends long-number SMS at once',
			'Remove Scheduled At to send now, or put a Wait node before this one to send later. Nothing was sent.',
		);
	const { fields, sandbox } = readCommonSendOptions(options);
	return { fields, route: 'premium', unicode: false, sandbox };
}

const LONG_NUMBER_HINT =
	'Give the long number you rent from SMS Partner, as its dashboard shows it, in any form: +33 7 00 00 00 00, 07 00 00 00 00 or 33700000000. Nothing was sent to SMS Partner.';

/** The rented long number a send goes from, as `/vn/send` takes it: `336…`/`337…`, digits only. */
export function validateLongNumber(value: unknown): string {
	const label = 'Long Number';
	const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
	if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) {
		throw invalidInput(
			'longNumber',
			`${label} is empty: give the long number you rent from SMS Partner, e.g. +33 7 00 00 00 00`,
			LONG_NUMBER_HINT,
		);
	}
	if (typeof text !== 'string') {
		throw invalidInput('longNumber', `${label} must be text, but it is ${describeType(value)}`);
	}
	const reading = parseLongNumber(text.trim());
	if ('digits' in reading) return reading.digits;
	const shown = `${label} "${forDisplay(text)}"`;
	throw invalidInput(
		'longNumber',
		reading.problem === 'notMobileRange'
			? `${shown} is a French landline or special number: SMS Partner's long numbers are French mobile-range numbers, +33 6… or +33 7…`
			: `${shown} is not a French long number: SMS Partner's long numbers are +33 6… or +33 7… (336… or 337…)`,
		LONG_NUMBER_HINT,
	);
}

/** Send From Long Number's Long Number field, checked. */
export function getLongNumber(this: IExecuteFunctions, itemIndex: number): string {
	return validateLongNumber(getParameter(this, 'longNumber', itemIndex, 'Long Number'));
}

/**
 * The item's Message, counted for its route and encoding. `unicodeOffered`: whether the
 * operation has a Unicode option a refusal may point to.
 */
export function getMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	send: SendSettings,
	unicodeOffered = true,
): SmsTextPreview {
	return validateMessage(
		getParameter(this, 'message', itemIndex, 'Message'),
		send.unicode,
		send.route,
		unicodeOffered,
	);
}

/** Get Many Statuses' Tag: the tag a send was given, required. */
export function getStatusTag(this: IExecuteFunctions, itemIndex: number): string {
	const tag = validateTag(getParameter(this, 'tag', itemIndex, 'Tag'));
	if (tag === undefined) {
		throw invalidInput('tag', 'Tag is empty: give the tag the SMS were sent with, e.g. promo-june');
	}
	return tag;
}
