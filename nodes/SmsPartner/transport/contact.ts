/**
 * The contact calls (add a list, update, delete, detail, a group's pages), one
 * function each (fetch*): what an operation sends, and what it gets back,
 * already read and checked.
 */
import type { IDataObject } from 'n8n-workflow';

import { ALREADY_IN_GROUP_CODE, CONTACT_PAGE_SIZE, ENDPOINTS } from '../api/contact';
import { apiFailure, uncertainOutcomeAdvice, type SmsPartnerError } from '../helpers/errors';
import { parseAnswerPhoneNumber } from '../helpers/phoneNumbers';
import {
	contradictoryAnswer,
	incompleteSuccess,
	refusalOf,
	successCodeContradiction,
} from './answer';
import type { RequestOptions, SmsPartnerAnswer, SmsPartnerContext } from './call';
import { requestSmsPartner } from './request';
import { parseAnswerId, parseInteger, parseObject, parseStatusFlag, parseText } from './values';

/** What a contact holds, as SMS Partner names it in requests; only what is set is sent. */
export interface ContactFields {
	phoneNumber?: string;
	firstname?: string;
	lastname?: string;
	date?: string;
	url?: string;
	custom1?: string;
	custom2?: string;
	custom3?: string;
	custom4?: string;
}

/** One contact of a `contactsList`, as SMS Partner's line for it says. */
export interface AddedContact {
	/** Only when SMS Partner's line gives one: its page shows none. */
	contactId: string | null;
	phoneNumber: string;
	alreadyInGroup: boolean;
}

export interface Contact {
	contactId: string;
	groupId: string | null;
	phoneNumber: string | null;
	firstname: string | null;
	lastname: string | null;
	date: string | null;
	url: string | null;
	shortUrl: string | null;
	custom1: string | null;
	custom2: string | null;
	custom3: string | null;
	custom4: string | null;
	createdAt: string | null;
	stopSms: boolean | null;
}

/** A contact of `/contact/detail` or `/contact/list`, or undefined when it names none. */
function parseContact(raw: unknown, answer: SmsPartnerAnswer): Contact | undefined {
	const fields = parseObject(raw);
	const contactId = parseAnswerId(answer, fields.contactId ?? fields.id);
	if (contactId === undefined) return undefined;
	const text = (name: string) => parseText(fields[name]) ?? null;
	const phone = parseText(fields.phone ?? fields.phoneNumber);
	return {
		contactId,
		groupId: parseAnswerId(answer, fields.groupId) ?? null,
		phoneNumber: phone === undefined ? null : (parseAnswerPhoneNumber(phone) ?? phone),
		firstname: text('firstname'),
		lastname: text('lastname'),
		date: text('date'),
		url: text('url'),
		shortUrl: text('shortUrl'),
		custom1: text('custom1'),
		custom2: text('custom2'),
		custom3: text('custom3'),
		custom4: text('custom4'),
		createdAt: text('createdAt'),
		stopSms: parseStatusFlag(fields.stopSms ?? fields.stopSMS) ?? null,
	};
}

/** One line of a `contactsList` answer, already matched to the contact sent. */
function parseAddedLine(
	line: IDataObject,
	phoneNumber: string,
	answer: SmsPartnerAnswer,
): AddedContact | SmsPartnerError {
	if (line.success === false) {
		if (Number(line.code) === ALREADY_IN_GROUP_CODE)
			return { contactId: null, phoneNumber, alreadyInGroup: true };
		return refusalOf(answer.status, line, {
			controlCodes: ENDPOINTS.contactAdd.controlCodes,
			quote: answer.quote,
			unchanged: 'This contact was not added.',
			fallback: 'SMS Partner refused this contact',
		});
	}
	if (line.success !== true)
		return incompleteSuccess(answer.status, 'results[].success', ENDPOINTS.contactAdd);
	const contradiction = successCodeContradiction(line);
	if (contradiction)
		return contradictoryAnswer(
			answer.status,
			`line for ${phoneNumber} ${contradiction}`,
			line,
			answer.quote,
			ENDPOINTS.contactAdd,
		);
	return {
		contactId: parseAnswerId(answer, line.contactId) ?? null,
		phoneNumber,
		alreadyInGroup: false,
	};
}

/**
 * Each contact's line: the next one naming its number, or, where no line names a
 * number, the one in its place. A contact left without a line is an unknown outcome.
 */
function matchLines(list: unknown[], contacts: ContactFields[]): Array<IDataObject | undefined> {
	const lines = list.map(parseObject);
	// Each line's number, read once: unused lines by number, in answer order.
	const unusedByNumber = new Map<string, number[]>();
	lines.forEach((line, index) => {
		const phone = parseText(line.phoneNumber);
		const number = phone === undefined ? undefined : parseAnswerPhoneNumber(phone);
		if (number === undefined) return;
		unusedByNumber.set(number, [...(unusedByNumber.get(number) ?? []), index]);
	});
	const used = new Set<number>();
	return contacts.map((contact, position) => {
		const named = unusedByNumber.get(contact.phoneNumber ?? '')?.shift();
		const index =
			named !== undefined
				? named
				: lines.length === contacts.length &&
					  !used.has(position) &&
					  lines[position].phoneNumber === undefined
					? position
					: -1;
		if (index === -1) return undefined;
		used.add(index);
		return lines[index];
	});
}

/**
 * `POST /contact/add` with a `contactsList` of up to 500: one outcome per
 * contact, in order. A refusal of the whole request, or an answer without its
 * lines, throws (every contact of the request gets it).
 */
export async function fetchAddContacts(
	this: SmsPartnerContext,
	groupId: string,
	contacts: ContactFields[],
	options: RequestOptions,
): Promise<Array<AddedContact | SmsPartnerError>> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.contactAdd,
		fields: { groupId, contactsList: contacts },
		...options,
		format: 'json',
	});
	const { results } = answer.fields;
	if (!Array.isArray(results))
		throw incompleteSuccess(answer.status, 'results', ENDPOINTS.contactAdd);
	return matchLines(results, contacts).map((line, index) =>
		line === undefined
			? incompleteSuccess(
					answer.status,
					`results[] line for ${contacts[index].phoneNumber}`,
					ENDPOINTS.contactAdd,
				)
			: parseAddedLine(line, contacts[index].phoneNumber ?? '', answer),
	);
}

/** `POST /contact/update`: what is set in `contact` replaces what SMS Partner holds. */
export async function fetchUpdateContact(
	this: SmsPartnerContext,
	contactId: string,
	contact: ContactFields,
	options: RequestOptions,
): Promise<void> {
	await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.contactUpdate,
		fields: { contactId, contact },
		...options,
		format: 'json',
	});
}

/** `POST /contact/delete`. */
export async function fetchDeleteContact(
	this: SmsPartnerContext,
	contactId: string,
	options: RequestOptions,
): Promise<void> {
	await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.contactDelete,
		fields: { contactId },
		...options,
	});
}

/** `GET /contact/detail`. */
export async function fetchContact(
	this: SmsPartnerContext,
	contactId: string,
	options: RequestOptions,
): Promise<Contact> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.contactDetail,
		fields: { contactId },
		...options,
		format: 'json',
	});
	const contact = parseContact(answer.fields.contact, answer);
	if (contact === undefined)
		throw incompleteSuccess(answer.status, 'contact.contactId', ENDPOINTS.contactDetail);
	return contact;
}

/** `GET /contact/list`: one page of a group's contacts (20 a page). */
export async function fetchContactPage(
	this: SmsPartnerContext,
	groupId: string,
	page: number,
	options: RequestOptions,
): Promise<{ contacts: Contact[]; total: number | undefined }> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.contactList,
		fields: { groupId, page },
		...options,
		format: 'json',
	});
	const { datas } = answer.fields;
	if (!Array.isArray(datas)) throw incompleteSuccess(answer.status, 'datas', ENDPOINTS.contactList);
	const contacts = datas.map((raw) => parseContact(raw, answer));
	if (contacts.includes(undefined))
		throw incompleteSuccess(answer.status, 'datas[].contactId', ENDPOINTS.contactList);
	// The list's contacts carry no group ID (G12): they are the group's asked for.
	return {
		contacts: (contacts as Contact[]).map((contact) => ({
			...contact,
			groupId: contact.groupId ?? groupId,
		})),
		total: parseInteger(answer.fields.total),
	};
}

/** A stop against an answer that would page forever: 1,000,000 contacts. */
const MAX_PAGES = 50_000;

function repeatedPage(page: number) {
	return apiFailure({
		message: `SMS Partner sent page ${page} of the group's contacts the same as page ${page - 1}: the list was not read to its end`,
		description: `It seems to ignore the page asked for, so the rest of the list cannot be read. ${uncertainOutcomeAdvice(ENDPOINTS.contactList)}`,
		code: null,
		httpStatus: null,
		outcome: 'unknown',
	});
}

/** A group's contacts in SMS Partner's order, page after page, up to `limit` (all without one). */
export async function fetchContacts(
	this: SmsPartnerContext,
	groupId: string,
	options: RequestOptions,
	limit = Infinity,
): Promise<Contact[]> {
	const contacts: Contact[] = [];
	let previousPage = '';
	for (let page = 1; page <= MAX_PAGES; page++) {
		const { contacts: onPage, total } = await fetchContactPage.call(this, groupId, page, options);
		const ids = JSON.stringify(onPage.map((contact) => contact.contactId));
		if (onPage.length > 0 && ids === previousPage) throw repeatedPage(page);
		previousPage = ids;
		for (const contact of onPage) {
			contacts.push(contact);
			if (contacts.length >= limit) return contacts;
		}
		if (
			onPage.length === 0 ||
			onPage.length < CONTACT_PAGE_SIZE ||
			(total !== undefined && contacts.length >= total)
		)
			break;
	}
	return contacts;
}
