'use strict';
/**
 * A local stand-in for SMS Partner's HTTP API (https://api.smspartner.fr/v1), for
 * the tests and for trying the node. It keeps accounts and sub-accounts in memory,
 * moves money as the real API does, and answers each control code from real
 * conditions, in JSON or in the positional XML form. It can also misbehave on
 * request (`fault`). Never exposed beyond 127.0.0.1.
 *
 * Endpoints: GET /me, POST /subaccount/credit/remove, POST /subaccount/credit/add,
 * GET /subaccount/list, POST /subaccount/create, DELETE /subaccount/remove,
 * POST /send, POST /bulk-send, POST /vn/send, GET /message-status, GET /bulk-status, POST /multi-status,
 * GET /bulk-status-by-tag, GET /message-cancel, POST /lookup, POST /hlr/notify,
 * GET /statistics/cost-resume,
 * GET /stop-sms/list, POST /stop-sms/add, GET /stop-sms/delete,
 * POST /group/add, GET /group/list, POST /group/delete (also at the French page's
 * spelling /groupe/delete; SMS Partner's pages label it DELETE but both their
 * samples send POST: both methods are served),
 * POST /contact/add (one `contact`, or a `contactsList` of up to 500), POST
 * /contact/update, POST /contact/delete, GET /contact/detail, GET /contact/list
 * (20 a page).
 *
 * Sent messages are billed and kept per account; their status turns from 'Waiting'
 * to 'Delivered' (or 'Not delivered') `deliveryMs` after their sending moment.
 *
 * It also plays SMS Partner's side of the webhooks (reference §6), calling back to
 * URLs on loopback addresses only (127.x, ::1, localhost; `remoteCallbacks: true`
 * lifts that), and logging each call in `sandbox.callbacks` as `{ kind, url, method,
 * contentType, body, status, answer?, error? }` (`body`: the fields sent, whatever
 * the encoding; `answer`: the receiver's text; `error`: why nothing came back):
 *
 * - Delivery reports (kind 'deliveryReport'), to a send's `urlDlr`, once per
 *   recipient, when the message reaches its final status (`deliveryMs` after its
 *   sending moment, or after `scheduledFor`); none for a cancelled message. SMS
 *   Partner does not document this payload (§6.4); the sandbox's guess is
 *   `messageId` (string), `phoneNumber` ('+33…'), `status` ('Delivered' or
 *   'Not delivered', the words of /message-status), `date` ('YYYY-MM-DD HH:MM:SS',
 *   Paris time, when the report is made), `cost` (that recipient's) and `tag` (when
 *   the send had one). Sent as `dlrFormat` says: 'get' (default: a GET with the
 *   fields added to the URL's query, as SMS Partner's sister Voice Partner API
 *   does), 'json' (POST application/json) or 'form' (POST
 *   application/x-www-form-urlencoded). A failed call is logged, never thrown.
 * - Replies and STOPs to the short code (kinds 'reply', 'stop'): `sandbox.reply()`
 *   POSTs `{ type, phone_number, text, message_id }` as JSON (§6.2) to the message's
 *   `urlResponse`, or else the account's dashboard `replyUrl`.
 * - HLR results (kind 'hlrResult'), to the `notifyUrl` of POST /hlr/notify, once per
 *   number, `hlrMs` after the request (or at `hlrNow()`), in the shape of SMS Partner's
 *   example: `phone`, `messageId`, `mccMnc`, `ported`, `errorGrpId`, `errorName`,
 *   `errorDesc`, `date`; the outcome per number is set with `setHlrOutcome()`. Sent as
 *   `hlrFormat` says ('json' by default: SMS Partner says POST).
 * - Messages to a rented long number (kind 'longNumber'):
 *   `sandbox.longNumberMessage()` sends `msisdn`, `to`, `messageId`, `text`,
 *   `type: 'text'`, `keyword`, `message-timestamp`, plus `concat`, `concat-ref`,
 *   `concat-total`, `concat-part` on each part of a long SMS (§6.3), as JSON, form
 *   or GET.
 *
 * Control endpoints, outside the API's /v1 (JSON bodies, JSON answers; 400
 * `{ error }` on bad input, 502 when a callback's receiver cannot be reached, 404
 * for unknown paths); they are not kept in `sandbox.calls`:
 *   POST /_sandbox/reply        { messageId?, phoneNumber, text, type?, apiKey? } → { status, body }
 *   POST /_sandbox/long-number  { url, from?, to?, text, parts?, format?, order?, repeatPart? } → [{ status, body }]
 *   POST /_sandbox/deliver      { messageId, apiKey? } → the message's delivery reports, as logged
 *   POST /_sandbox/reply-url    { url, apiKey? } (url null clears it) → { replyUrl }
 *   POST /_sandbox/dlr-format   { format } → { dlrFormat }
 *   POST /_sandbox/hlr          { campaignId } → the HLR lookup's results, as logged
 *   POST /_sandbox/hlr-outcome  { phoneNumber, outcome } → { phoneNumber, outcome }
 *   POST /_sandbox/hlr-format   { format } → { hlrFormat }
 *   GET  /_sandbox/callbacks    → sandbox.callbacks
 */
const crypto = require('node:crypto');
const http = require('node:http');

const API_PREFIX = '/v1';
const PAGE_SIZE = 20;

/** HTTP statuses used when the sandbox answers refusals "the 4xx way". */
const HTTP_STATUS_OF_CODE = {
	1: 400,
	2: 400,
	3: 400,
	5: 400,
	6: 400,
	8: 400,
	9: 400,
	11: 400,
	90: 400,
	4: 403,
	20: 403,
	30: 403,
	40: 403,
	96: 403,
	7: 404,
	404: 404,
	10: 401,
};

/** SMS Partner's own messages, per endpoint where codes differ. */
const MESSAGES = {
	1: 'API Key is required',
	2: 'Credit is required',
	3: 'The identifier of the sub-account is required',
	4: 'You do not have the permission',
	5: 'Credit to attribute must be greater than 0',
	6: 'The balance must be greater than 0',
	7: 'The sub-account does not exist',
	8: 'Insufficient credit',
	10: 'Incorrect API Key',
	11: 'Insufficient credit',
	20: 'Account disabled',
	30: 'Account blocked',
	40: 'API access denied',
	90: 'Malformed JSON',
	96: 'IP not authorized',
	404: 'Sub-account does not exist',
};
const CREATE_MESSAGES = {
	2: 'Not authorized',
	3: 'isBuyer is required',
	4: 'Type is required',
	5: 'Type does not exist',
	6: 'Email is required',
	7: 'Email already exists',
	8: 'creditToAttribute must be greater than 0',
	9: 'The balance must be greater than 0',
};

/** The SMS endpoints' codes: 2, 3, 4… mean other things there than on the sub-account ones. */
const SMS_MESSAGES = {
	2: 'Le numéro de téléphone est requis',
	3: "L'identifiant du message est requis",
	4: 'Message introuvable',
	5: 'Le SMS a déjà été annulé',
	6: "Impossible d'annuler un SMS moins de 5 minutes avant son envoi",
	7: 'Le SMS a déjà été envoyé',
	11: 'Crédit insuffisant',
	13: 'Aucun prix par défaut trouvé pour ces numéros',
	14: 'Un numéro est dans la liste STOP',
	15: 'Numéro déjà présent dans la liste',
	22: "SMS Marketing : heure d'envoi invalide, l'envoi doit se faire entre 8h et 20h",
	23: "SMS Marketing : date d'envoi invalide, pas d'envoi le dimanche ni les jours fériés",
	42: 'Un SMS Low Cost est limité à 160 caractères',
	43: 'Le message est requis',
	45: 'La date est requise',
	46: "L'heure est requise",
	48: 'La minute doit être comprise entre 0 et 55, par pas de 5',
	49: 'Date invalide',
	50: '500 numéros maximum par envoi',
	51: "La gamme Low Cost n'est pas autorisée pour ce compte",
	52: '10 SMS concaténés maximum',
};
const SMS_HTTP_STATUS = {
	...HTTP_STATUS_OF_CODE,
	4: 404,
	5: 409,
	6: 409,
	7: 409,
	11: 402,
	13: 400,
	14: 400,
	15: 409,
	22: 400,
	23: 400,
	42: 400,
	43: 400,
	45: 400,
	46: 400,
	48: 400,
	49: 400,
	50: 400,
	51: 403,
	52: 400,
};

const ACCOUNT_STATUS_CODES = { disabled: 20, blocked: 30, apiDenied: 40, ipNotAllowed: 96 };

/** Euros per HLR lookup (the Go client's fixture verify_number.json). */
const HLR_COST = 0.005;
/**
 * What an HLR result says, per outcome: SMS Partner's error group, name and words (its
 * "Send a Verification" page's example, and its error page's HLR table).
 */
const HLR_OUTCOMES = {
	reachable: { errorGrpId: 0, errorName: 'NO_ERROR', errorDesc: 'No Error' },
	absent: { errorGrpId: 1, errorName: 'EC_ABSENT_SUBSCRIBER', errorDesc: 'Absent subscriber' },
	unknownSubscriber: {
		errorGrpId: 1,
		errorName: 'EC_UNKNOWN_SUBSCRIBER',
		errorDesc: 'Unknown subscriber',
	},
};

/** /statistics/cost-resume's limit per API key (S13). */
const COST_REQUESTS_PER_MINUTE = 5;
const FRENCH_MONTHS = [
	'janvier',
	'février',
	'mars',
	'avril',
	'mai',
	'juin',
	'juillet',
	'août',
	'septembre',
	'octobre',
	'novembre',
	'décembre',
];

/** Recipients per page of /bulk-status-by-tag (undocumented: /contact/list's 20). */
const TAG_PAGE_SIZE = 20;

/** Euros kept to the thousandth, as SMS Partner does. */
const round = (amount) => Math.round(amount * 1000) / 1000;

/** Euros per SMS part, on each route. */
const PRICE = { premium: 0.045, lowCost: 0.035 };
const MAX_RECIPIENTS = 500;
const MAX_PARTS = 10;
const FIRST_MESSAGE_ID = 48213377;
/** A scheduled send can no longer be cancelled this close to its moment. */
const CANCEL_NOTICE_MS = 5 * 60 * 1000;

/** How delivery reports and long-number messages can be sent. */
const CALLBACK_FORMATS = ['get', 'json', 'form'];
/** A callback whose receiver has not answered by then is given up (and logged so). */
const CALLBACK_TIMEOUT_MS = 10_000;
/** setTimeout's longest delay; a later moment is reached in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** The rented long number, and who writes to it, when the caller does not say (§6.3's examples). */
const DEFAULT_LONG_NUMBER = '33700000000';
const DEFAULT_LONG_NUMBER_SENDER = '33612345678';
/** A long SMS's parts are numbered in one byte. */
const MAX_CONCAT_PARTS = 255;
const CONTROL_PREFIX = '/_sandbox/';

/** Bad input to a sandbox helper or control endpoint (HTTP 400 on a control endpoint). */
class SandboxInputError extends Error {}
/** A callback the caller waits for got no answer from its receiver (HTTP 502 on a control endpoint). */
class CallbackFailedError extends Error {}

/** @returns {DlrFormat} */
function checkCallbackFormat(format, name) {
	if (CALLBACK_FORMATS.includes(format)) return format;
	throw new SandboxInputError(
		`${name} must be one of ${CALLBACK_FORMATS.join(', ')} (got ${JSON.stringify(format)})`,
	);
}

/** 127.x, ::1 and localhost names: where the sandbox calls back unless told otherwise. */
function isLoopbackHost(hostname) {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
	);
}

/** An http(s) URL given to a helper, or a SandboxInputError naming the field. */
function checkUrl(value, name) {
	let url;
	try {
		url = new URL(String(value));
	} catch {
		url = undefined;
	}
	if (!given(value) || !url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
		throw new SandboxInputError(`${name} must be an http(s) URL (got ${JSON.stringify(value)})`);
	return String(value);
}

/**
 * How a callback goes out: GET with the fields added to the URL's own query (its
 * fragment dropped), or POST with them as JSON or as a form.
 */
function callbackRequest(url, format, fields) {
	const strings = Object.fromEntries(
		Object.entries(fields).map(([name, value]) => [name, String(value)]),
	);
	if (format === 'get') {
		const base = url.split('#')[0];
		const separator = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
		return {
			url: `${base}${separator}${new URLSearchParams(strings)}`,
			method: 'GET',
			contentType: null,
			text: undefined,
		};
	}
	if (format === 'form')
		return {
			url,
			method: 'POST',
			contentType: 'application/x-www-form-urlencoded',
			text: String(new URLSearchParams(strings)),
		};
	return { url, method: 'POST', contentType: 'application/json', text: JSON.stringify(fields) };
}

/** Why a fetch brought no answer, in a few words (the socket's reason when there is one). */
function failureOf(error) {
	if (error?.name === 'TimeoutError') return `no answer within ${CALLBACK_TIMEOUT_MS / 1000} s`;
	if (error?.name === 'AbortError') return 'aborted: the sandbox closed';
	return error?.cause?.message ?? error?.message ?? String(error);
}

/** A long SMS cut into `count` nearly equal pieces, by characters (code points), the longer ones first. */
function cutText(text, count) {
	const characters = Array.from(text);
	const size = Math.floor(characters.length / count);
	const longer = characters.length % count;
	const pieces = [];
	let start = 0;
	for (let index = 0; index < count; index++) {
		const end = start + size + (index < longer ? 1 : 0);
		pieces.push(characters.slice(start, end).join(''));
		start = end;
	}
	return pieces;
}

/** Characters from GSM-7's extension table: an escape plus the character, so two each. */
const GSM_EXTENSION = new Set('^{}\\[~]|€');

const given = (value) => value !== undefined && value !== null && value !== '';
const isOn = (value) => value === 1 || value === '1' || value === true;

/**
 * Characters and parts of a text as SMS Partner bills them: with Unicode, UTF-16
 * units (70 a part, 67 each in a long one); otherwise GSM-7, where extension
 * characters, `:br:` and `:euro:` count 2 (160, then 153). Characters in neither
 * GSM table count 1: the platform substitutes them.
 */
function countSms(text, unicode) {
	let chars = 0;
	if (unicode) chars = text.length;
	else
		for (const [token] of text.matchAll(/:br:|:euro:|[\s\S]/gu))
			chars += token === ':br:' || token === ':euro:' || GSM_EXTENSION.has(token) ? 2 : 1;
	const [single, each] = unicode ? [70, 67] : [160, 153];
	return { chars, parts: chars <= single ? 1 : Math.ceil(chars / each) };
}

/** '+' and 8–15 digits as it is, a French mobile in national form (06…, 07…) as +33…; otherwise undefined. */
function normalisePhone(value) {
	const text = String(value ?? '').trim();
	if (/^\+\d{8,15}$/.test(text)) return text;
	if (/^0[67]\d{8}$/.test(text)) return `+33${text.slice(1)}`;
	return undefined;
}

/**
 * What /lookup says of one number (the Go client's fixture `lookup.json`): French numbers
 * in full (+33 or national 0…, mobile 06/07, landline 01–05 and 09), other countries as
 * a mobile with no network; anything else is not valid, in SMS Partner's words.
 */
function lookupLine(request) {
	const text = String(request).trim();
	const french = /^(?:\+33|0)([1-79]\d{8})$/.exec(text);
	if (french) {
		const [significant] = french.slice(1);
		const pairs = significant.slice(1).match(/\d\d/g).join(' ');
		const mobile = /^[67]/.test(significant);
		return {
			request,
			success: true,
			// A country's name, as the lookup page's sample gives it.
			countryCode: 'France',
			prefixCode: 33,
			phoneNumber: `+33${significant}`,
			type: mobile ? 'Mobile' : 'Fixed line',
			network: mobile ? (significant.startsWith('6') ? 'Orange' : 'SFR') : 'Orange',
			format: {
				e164: `+33${significant}`,
				international: `+33 ${significant[0]} ${pairs}`,
				national: `0${significant[0]} ${pairs}`,
				rfc3966: `tel:+33-${significant[0]}-${pairs.replace(/ /g, '-')}`,
			},
		};
	}
	if (/^\+[1-9]\d{7,14}$/.test(text) && !text.startsWith('+33')) {
		return {
			request,
			success: true,
			countryCode: '',
			prefixCode: Number(text.slice(1, 3)),
			phoneNumber: text,
			type: 'Mobile',
			network: '',
			format: { e164: text, international: text, national: text, rfc3966: `tel:${text}` },
		};
	}
	return {
		request,
		success: false,
		message: "Le numéro de téléphone est vide ou n'est pas valide.",
	};
}

/** A number as the long-number payload writes it: international digits without '+' (also taken as given). */
function longNumberDigits(value, name) {
	const text = String(value ?? '').trim();
	const phone = normalisePhone(text);
	if (phone) return phone.slice(1);
	if (/^[1-9]\d{7,14}$/.test(text)) return text;
	throw new SandboxInputError(`${name} must be a phone number (got ${JSON.stringify(value)})`);
}

const PARIS_CLOCK = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Paris',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
});

function parisFields(ms) {
	return Object.fromEntries(
		PARIS_CLOCK.formatToParts(new Date(ms)).map(({ type, value }) => [type, value]),
	);
}

/** 'YYYY-MM-DD HH:MM:SS' on Paris clocks, as SMS Partner prints dates. */
function parisText(ms) {
	const f = parisFields(ms);
	return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}:${f.second}`;
}

/** The instant Paris clocks show this date and time: the same wall time in UTC, less Paris's offset then. */
function parisInstant(year, month, day, hour, minute) {
	const wall = Date.UTC(year, month - 1, day, hour, minute);
	const offsetAt = (ms) => {
		const f = parisFields(ms);
		return Date.UTC(+f.year, +f.month - 1, +f.day, +f.hour, +f.minute, +f.second) - ms;
	};
	return wall - offsetAt(wall - offsetAt(wall));
}

/**
 * An account with sub-accounts to try every case on: one with credit to spare,
 * one with little, one empty.
 * @returns {Account}
 */
function demoAccount(apiKey, username) {
	return {
		apiKey,
		username,
		credit: 1000,
		subaccountsEnabled: true,
		status: 'active',
		stopList: [],
		groups: [{ id: 52011, name: 'Customers', createdAt: '2026-01-15T09:30:00+01:00' }],
		lowCostEnabled: true,
		marketing: false,
		subaccounts: [
			{ token: 'sub-alpha', email: 'alpha@sandbox.local', credit: 150 },
			{ token: 'sub-beta', email: 'beta@sandbox.local', credit: 20.5 },
			{ token: 'sub-empty', email: 'empty@sandbox.local', credit: 0 },
		],
	};
}

/** @returns {State} */
function defaultState() {
	return { accounts: [demoAccount('sandbox-main-key-7f3a9c', 'demo@sandbox.local')] };
}

let nextId = 1;

/** Fills in what a sub-account has on SMS Partner: id, type, its own API key, creation date. */
function completeSubaccount(sub) {
	sub.id ??= nextId++;
	sub.type ??= 'simple';
	sub.email ??= `${sub.token}@sandbox.local`;
	sub.apiKey ??= `subkey-${crypto.randomBytes(8).toString('hex')}`;
	sub.createdAt ??= '2026-01-15T09:30:00+01:00';
	return sub;
}

function xmlEntry(value) {
	if (Array.isArray(value)) return `<entry>${value.map(xmlEntry).join('')}</entry>`;
	if (value !== null && typeof value === 'object')
		return `<entry>${Object.values(value).map(xmlEntry).join('')}</entry>`;
	if (typeof value === 'string') return `<entry><![CDATA[${value}]]></entry>`;
	return `<entry>${String(value)}</entry>`;
}

/** SMS Partner's XML drops names: each value becomes an <entry>, in JSON order, nested for objects and lists. */
function toXml(answer) {
	if (answer?.success === true && answer.user && answer.credits) return meXml(answer);
	if (answer?.success === false && answer.code === 9 && Array.isArray(answer.errors))
		return validationXml(answer.errors);
	return `<?xml version="1.0" encoding="UTF-8"?>\n<result>${Object.values(answer).map(xmlEntry).join('')}</result>`;
}

const escapeXml = (text) =>
	String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * `/me` as SMS Partner documents it in XML (its 2024 and 2025 pages), layout
 * included: `user` as named elements, and the credits' string values in CDATA on
 * their own lines (the balance twice: `balance`, then `solde`).
 */
function meXml({ user, credits }) {
	const text = (value) => `        <entry>\n            <![CDATA[${value}]]>\n        </entry>\n`;
	const number = (value) => `        <entry>${value}</entry>\n`;
	return (
		"<?xml version='1.0' encoding='UTF-8'?>\n<result>\n" +
		'    <entry>true</entry>\n    <entry>200</entry>\n    <entry>\n' +
		`        <username>${escapeXml(user.username)}</username>\n` +
		`        <firstname>${escapeXml(user.firstname)}</firstname>\n` +
		`        <lastname>${escapeXml(user.lastname)}</lastname>\n` +
		'    </entry>\n    <entry>\n' +
		number(credits.creditSms) +
		number(credits.creditSmsECO) +
		number(credits.creditHlr) +
		number(credits.toSend) +
		text(credits.balance) +
		text(credits.currency) +
		text(credits.solde) +
		'    </entry>\n</result>\n'
	);
}

/** Code 9 as the send page documents it in XML: `[elementId, message]` pairs, as plain text, indented. */
function validationXml(errors) {
	const pairs = errors.map(
		({ elementId, message }) =>
			`                <entry>\n                  <entry>${escapeXml(elementId)}</entry>\n` +
			`                  <entry>${escapeXml(message)}</entry>\n                </entry>\n`,
	);
	return (
		"<?xml version='1.0' encoding='UTF-8'?>\n <result>\n" +
		'          <entry>false</entry>\n          <entry>9</entry>\n          <entry>\n' +
		pairs.join('') +
		'      </entry>\n</result>\n'
	);
}

/**
 * @typedef {{ credits?: any, balance?: any, omit?: string[] }} Listed what the list says of a sub-account, when it says something odd
 * @typedef {{ token: string, credit: number, email?: string, id?: number, type?: string, apiKey?: string, createdAt?: string, listed?: Listed }} Subaccount
 * @typedef {{ id?: number | string, phoneNumber: string, createdAt?: string }} StopEntry a number on the STOP list (createdAt 'YYYY-MM-DD HH:MM:SS'; a text id only as tests set it)
 * @typedef {{ phoneNumber: string, text: string, parts: number, cost: number, undeliverable?: boolean }} Recipient
 * @typedef {{ id: number, recipients: Recipient[], text: string | null, parts: number | null, nbSms: number, cost: number, sandbox: boolean, scheduledFor: number | null, cancelled: boolean, sentAt: number, tag?: string, urlResponse?: string, urlDlr?: string, from?: string }} SentMessage a send: times in epoch ms; `text` and its `parts` null for a bulk send (each recipient has its own); `nbSms` and `cost` over all recipients; `from` the long number (digits) of a /vn/send
 * @typedef {{ contactId: number, phoneNumber: string, firstname?: string, lastname?: string, date?: string, url?: string, custom1?: string, custom2?: string, custom3?: string, custom4?: string, createdAt: string }} Contact a contact of a group
 * @typedef {{ id?: number | string, name: string, createdAt?: string, contacts?: Contact[] }} Group a contact group
 * @typedef {{ apiKey: string, username: string, credit: number, subaccountsEnabled: boolean, status: string, subaccounts: Subaccount[], stopList?: StopEntry[], groups?: Group[], lowCostEnabled?: boolean, marketing?: boolean, longNumbers?: string[], messages?: SentMessage[], replyUrl?: string }} Account
 * `marketing`: the quiet hours (codes 22, 23) apply to its scheduled sends; `longNumbers`: the long numbers it rents, digits
 * (default ['33700000000']), which /vn/send may send from; `messages`: what it sent, kept by the sandbox;
 * `replyUrl`: the dashboard's "URL de réception des réponses", used for replies to a send without urlResponse
 * @typedef {{ accounts: Account[] }} State
 * @typedef {'get' | 'json' | 'form'} DlrFormat how a callback's fields travel: GET query, POST JSON, POST form
 * @typedef {'reachable' | 'absent' | 'unknownSubscriber'} HlrOutcome what an HLR lookup finds: live, phone off, no such subscriber
 * @typedef {{ campaignId: string, numbers: string[], notifyUrl: string }} HlrRequest an HLR lookup asked (numbers as given)
 * @typedef {{ kind: 'reply' | 'stop' | 'deliveryReport' | 'longNumber' | 'hlrResult', url: string, method: 'GET' | 'POST', contentType: string | null, body: Record<string, string | number>, status: number | null, answer?: string, error?: string }} CallbackRecord
 * one callback: `url` as requested (with the fields in it for a GET), `body` the fields sent (whatever the
 * encoding), `status` and `answer` what the receiver answered, or `status` null and `error` why there was no answer
 * @typedef {{ messageId?: number | string, phoneNumber: string, text: string, type?: 'response' | 'stop', apiKey?: string }} Reply
 * @typedef {{ url: string, from?: string, to?: string, text: string, parts?: number, format?: DlrFormat, order?: 'inOrder' | 'reverse', repeatPart?: number }} LongNumberMessage
 */

/**
 * @param {object} [options]
 * @param {number} [options.port] 0 (default) for a free port
 * @param {State} [options.state] accounts to start with (default: a demo account)
 * @param {'200'|'4xx'} [options.errorStatus] how refusals are sent: always HTTP 200, or with a 4xx status
 * @param {boolean} [options.balancesAsStrings] answer credit moves' balances as "61.800" strings
 * @param {number} [options.answerDelayMs] wait this long before answering (a slow network)
 * @param {string} [options.host] a loopback address to listen on (default 127.0.0.1; e.g. 127.0.0.2 for a second host)
 * @param {number} [options.deliveryMs] how long a sent message stays 'Waiting' before its final status (default 2000)
 * @param {DlrFormat} [options.dlrFormat] how delivery reports are sent to `urlDlr` (default 'get'); see setDlrFormat()
 * @param {boolean} [options.remoteCallbacks] also call back to addresses beyond loopback (default false: those are logged, not called)
 * @param {number} [options.hlrMs] how long after `POST /hlr/notify` its results are posted to `notifyUrl` (default 1000)
 * @param {DlrFormat} [options.hlrFormat] how HLR results are sent (default 'json', a POST as SMS Partner says); see setHlrFormat()
 */
async function startSandbox(options = {}) {
	const host = options.host ?? '127.0.0.1';
	if (!host.startsWith('127.')) throw new Error('The sandbox listens on loopback addresses only');
	const sandbox = {
		state: options.state ?? defaultState(),
		errorStatus: options.errorStatus ?? '200',
		balancesAsStrings: options.balancesAsStrings ?? false,
		answerDelayMs: options.answerDelayMs ?? 0,
		/** Misbehaviour switched on per sub-account token or per path: see `fault()` below. */
		faults: new Map(),
		/** @type {HlrRequest[]} The HLR lookups asked (POST /hlr/notify), oldest first. */
		hlrRequests: [],
		/** How long after its request an HLR lookup's results are posted; tests may set it. */
		hlrMs: options.hlrMs ?? 1000,
		/** How HLR results go to `notifyUrl`: see `setHlrFormat()`. */
		hlrFormat: checkCallbackFormat(options.hlrFormat ?? 'json', 'hlrFormat'),
		/** @type {Map<string, HlrOutcome>} Numbers (normalised) whose HLR lookups find other than `reachable`: see `setHlrOutcome()`. */
		hlrOutcomes: new Map(),
		/** @type {Array<{ method: string, path: string, query: Record<string, string>, body: any, contentType?: string }>} Every request received, but those to the /_sandbox/ controls. */
		calls: [],
		/**
		 * Called with each API request's record (as kept in `calls`) once the sandbox has
		 * acted on it (money moved, message recorded), before it answers; when it returns
		 * a promise, the answer waits for it too (after `answerDelayMs`). A test's way to
		 * keep chosen requests unanswered until it has seen what it needs. Null: none.
		 * @type {null | ((call: { method: string, path: string, query: Record<string, string>, body: any, contentType?: string }) => Promise<unknown> | undefined)}
		 */
		beforeAnswer: null,
		/** Requests being handled right now, and the most there ever were at once. */
		inFlight: 0,
		peakInFlight: 0,
		/** How long after its sending moment a message stays 'Waiting'; tests may set it. */
		deliveryMs: options.deliveryMs ?? 2000,
		/** Numbers (normalised) marked undeliverable: see `markUndeliverable()`. */
		undeliverable: new Set(),
		/** How delivery reports go to `urlDlr`: see `setDlrFormat()`. */
		dlrFormat: checkCallbackFormat(options.dlrFormat ?? 'get', 'dlrFormat'),
		/** Whether callbacks may go beyond loopback addresses. */
		remoteCallbacks: options.remoteCallbacks === true,
		/** @type {CallbackRecord[]} Every callback made (replies, STOPs, delivery reports, long-number messages), in the order they ended. */
		callbacks: [],
	};
	/** The recipients whose delivery report is made or being made: each gets one. */
	const reported = new WeakSet();
	/** @type {Map<SentMessage, ReturnType<typeof setTimeout>>} each message's delivery-report timer */
	const reportTimers = new Map();
	/** @type {Map<SentMessage, Promise<void>>} each message's delivery reports being posted, one after another */
	const reportsInFlight = new Map();
	/** @type {WeakMap<SentMessage, CallbackRecord[]>} each message's delivery reports, as logged */
	const reportsOf = new WeakMap();
	/**
	 * Each HLR lookup's results: one per number, with its outcome fixed when asked, its
	 * timer, and its posting under way. A result is posted once, by the timer or hlrNow().
	 * @type {Map<string, { request: HlrRequest, results: Array<{ phoneNumber: string, messageId: string, outcome: HlrOutcome, posted: boolean }>, timer?: ReturnType<typeof setTimeout>, posting: Promise<void>, records: CallbackRecord[] }>}
	 */
	const hlrLookups = new Map();
	/** Callbacks under way, for close() to wait for; aborted when the sandbox closes. */
	const callbacksInFlight = new Set();
	const closing = new AbortController();
	let nextInboundId = 1;
	let nextConcatRef = 171;
	let nextMessageId = FIRST_MESSAGE_ID;
	/** When each API key asked /statistics/cost-resume, for its limit. */
	const costRequests = new Map();
	let nextHlrId = 2271467;
	// A loop, not Math.max(...ids): a seeded list of 100,000 entries would overflow the call's arguments.
	let nextStopId = 1;
	for (const account of sandbox.state.accounts)
		for (const entry of account.stopList ?? [])
			if (Number.isSafeInteger(entry.id) && entry.id >= nextStopId) nextStopId = entry.id + 1;
	let nextGroupId =
		1 +
		Math.max(
			52010,
			...sandbox.state.accounts.flatMap((account) =>
				(account.groups ?? []).map((group) => Number(group.id) || 0),
			),
		);
	sandbox.state.accounts.forEach(completeAccount);

	/** Fills in what the SMS endpoints keep on an account given without it. */
	function completeAccount(account) {
		account.subaccounts.forEach(completeSubaccount);
		account.stopList ??= [];
		account.groups ??= [];
		for (const group of account.groups) {
			group.id ??= nextGroupId++;
			group.createdAt ??= new Date().toISOString();
			group.contacts ??= [];
		}
		account.lowCostEnabled ??= true;
		account.marketing ??= false;
		account.longNumbers ??= [DEFAULT_LONG_NUMBER];
		account.messages ??= [];
		for (const entry of account.stopList) {
			entry.phoneNumber = normalisePhone(entry.phoneNumber) ?? entry.phoneNumber;
			entry.id ??= nextStopId++;
			entry.createdAt ??= parisText(Date.now());
		}
	}

	const amount = (value) => (sandbox.balancesAsStrings ? round(value).toFixed(3) : round(value));

	function accountOf(apiKey) {
		return sandbox.state.accounts.find((account) => account.apiKey === apiKey);
	}

	function pickAccount(apiKey) {
		const account = apiKey === undefined ? sandbox.state.accounts[0] : accountOf(apiKey);
		if (!account) throw new SandboxInputError(`The sandbox has no account with key ${apiKey}`);
		return account;
	}

	function findSubaccount(token, apiKey) {
		const account = apiKey === undefined ? sandbox.state.accounts[0] : accountOf(apiKey);
		return account?.subaccounts.find((sub) => sub.token === token);
	}

	function refuse(code, message, messages = MESSAGES, statuses = HTTP_STATUS_OF_CODE) {
		return {
			status: sandbox.errorStatus === '4xx' || code === 404 ? (statuses[code] ?? 400) : 200,
			answer: {
				success: false,
				code,
				message: message ?? messages[code] ?? MESSAGES[code] ?? 'Error',
			},
		};
	}

	const ok = (fields) => ({ status: 200, answer: { success: true, code: 200, ...fields } });

	/** The checks every authenticated call makes, in order. */
	function authenticate(apiKey) {
		if (apiKey === undefined || apiKey === null || apiKey === '') return { refusal: refuse(1) };
		const account = accountOf(apiKey);
		if (!account) return { refusal: refuse(10) };
		const statusCode = ACCOUNT_STATUS_CODES[account.status];
		if (statusCode) return { refusal: refuse(statusCode) };
		return { account };
	}

	function me(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		return ok({
			user: { username: account.username, firstname: 'Demo', lastname: 'Sandbox' },
			credits: {
				creditSms: Math.floor(account.credit / PRICE.premium),
				creditSmsECO: Math.floor(account.credit / PRICE.lowCost),
				creditHlr: Math.floor(account.credit / 0.005),
				toSend: 0,
				balance: round(account.credit).toFixed(3),
				currency: 'EUR',
				solde: round(account.credit).toFixed(3),
			},
		});
	}

	/** Both directions check the same things; `from` is the side the credit leaves. */
	function moveCredit(params, direction) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (params.credit === undefined || params.credit === null || params.credit === '')
			return refuse(2);
		if (!params.tokenSubaccount) return refuse(3);
		if (!account.subaccountsEnabled) return refuse(4);
		const credit = Number(params.credit);
		if (!Number.isFinite(credit) || credit <= 0) return refuse(5);
		const subaccount = account.subaccounts.find((sub) => sub.token === params.tokenSubaccount);
		if (!subaccount) return refuse(7);
		const from = direction === 'remove' ? subaccount : account;
		if (from.credit <= 0) return refuse(6);
		if (round(credit) > round(from.credit)) return refuse(8);
		const signed = direction === 'remove' ? credit : -credit;
		subaccount.credit = round(subaccount.credit - signed);
		account.credit = round(account.credit + signed);
		return ok({
			credit: amount(account.credit),
			subaccountCredit: amount(subaccount.credit),
			currency: 'EUR',
		});
	}

	function list(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		const page = Math.max(1, Number.parseInt(params.page ?? '1', 10) || 1);
		const data = account.subaccounts.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(listEntry);
		return ok({ total: account.subaccounts.length, nb_per_page: PAGE_SIZE, page, data });
	}

	/**
	 * A sub-account as the list shows it. `listed` (on the sub-account) overrides
	 * what the list says of it: `{ credits: <any> }` replaces its credits object
	 * (undefined: left out), `{ balance: <any> }` its balance text, `{ omit: ['createdAt'] }`
	 * drops fields — so the list can carry unreadable balances or short XML entries.
	 */
	function listEntry(sub) {
		const listed = sub.listed ?? {};
		const entry = {
			id: sub.id,
			email: sub.email,
			type: sub.type,
			token: sub.token,
			apiKey: sub.apiKey,
			createdAt: sub.createdAt,
			credits: {
				balance: 'balance' in listed ? listed.balance : round(sub.credit).toFixed(3),
				currency: 'EUR',
			},
		};
		if ('credits' in listed) entry.credits = listed.credits;
		for (const name of listed.omit ?? []) delete entry[name];
		return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
	}

	function create(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		const refuseCreate = (code) => refuse(code, undefined, CREATE_MESSAGES);
		if (!account.subaccountsEnabled) return refuseCreate(2);
		if (!params.type) return refuseCreate(4);
		if (params.type !== 'simple' && params.type !== 'advanced') return refuseCreate(5);
		const parameters = params.parameters ?? {};
		if (!parameters.email) return refuseCreate(6);
		const everyEmail = sandbox.state.accounts.flatMap((a) => [
			a.username,
			...a.subaccounts.map((sub) => sub.email),
		]);
		if (everyEmail.includes(parameters.email)) return refuseCreate(7);
		if (params.type === 'advanced' && parameters.isBuyer === undefined) return refuseCreate(3);
		const credit = Number(parameters.creditToAttribute);
		if (!Number.isFinite(credit) || credit <= 0) return refuseCreate(8);
		if (account.credit <= 0 || round(credit) > round(account.credit)) return refuseCreate(9);
		const subaccount = completeSubaccount({
			token: crypto.randomBytes(6).toString('hex'),
			email: parameters.email,
			type: params.type,
			credit: round(credit),
			createdAt: new Date().toISOString(),
		});
		account.subaccounts.push(subaccount);
		account.credit = round(account.credit - credit);
		return ok({
			subaccount: { email: subaccount.email, token: subaccount.token },
			sendConfirmMailTo: subaccount.email,
			parent_email: account.username,
		});
	}

	/** What becomes of credit left on a deleted sub-account is not documented: here it goes with it. */
	function remove(params) {
		if (!params.token) return refuse(1, 'Token is required');
		// This endpoint's page gives code 10 for a missing key, and 1 for a missing token.
		if (!params.apiKey) return refuse(10, 'API key is required');
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		const index = account.subaccounts.findIndex((sub) => sub.token === params.token);
		if (index === -1) return refuse(404);
		account.subaccounts.splice(index, 1);
		return ok({});
	}

	const refuseSms = (code, message) => refuse(code, message, SMS_MESSAGES, SMS_HTTP_STATUS);

	/** Code 9: validation failures come as a list of form errors, with no `message`. */
	function invalid(field, message) {
		return {
			status: refuseSms(9).status,
			answer: {
				success: false,
				code: 9,
				errors: [{ elementId: `children[${field}].data`, message }],
			},
		};
	}

	function checkSender(sender) {
		if (!given(sender) || /^[A-Za-z0-9]{3,11}$/.test(String(sender))) return undefined;
		return invalid('sender', "L'émetteur doit compter de 3 à 11 lettres ou chiffres");
	}

	/**
	 * A deferred send's moment, read as Paris wall time: `{ at, text }`, `{}` for an
	 * immediate send, or `{ refusal }`. The quiet hours only bind marketing accounts.
	 */
	function readSchedule(params, account) {
		const hasDate = given(params.scheduledDeliveryDate);
		const hasTime = given(params.time);
		if (!hasDate && !hasTime) return {};
		if (!hasTime) return { refusal: refuseSms(46) };
		if (!hasDate) return { refusal: refuseSms(45) };
		if (!given(params.minute)) return { refusal: invalid('minute', 'La minute est requise') };
		const minute = Number(params.minute);
		if (!Number.isInteger(minute) || minute < 0 || minute > 55 || minute % 5 !== 0)
			return { refusal: refuseSms(48) };
		const hour = Number(params.time);
		if (!Number.isInteger(hour) || hour < 0 || hour > 23)
			return { refusal: invalid('time', "L'heure est invalide") };
		const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(String(params.scheduledDeliveryDate).trim());
		const [day, month, year] = match ? match.slice(1).map(Number) : [];
		const calendar = new Date(Date.UTC(year, month - 1, day));
		if (!match || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
			return { refusal: refuseSms(49) };
		const at = parisInstant(year, month, day, hour, minute);
		if (at <= Date.now()) return { refusal: refuseSms(49) };
		if (account.marketing && (hour < 8 || hour >= 20)) return { refusal: refuseSms(22) };
		if (account.marketing && calendar.getUTCDay() === 0) return { refusal: refuseSms(23) };
		return { at, text: parisText(at) };
	}

	/** A text's parts on a route, or the code (42, 52) that refuses it. */
	function measure(text, unicode, lowCost) {
		const { chars, parts } = countSms(text, unicode);
		if (lowCost && (chars > 160 || parts > 1)) return { code: 42 };
		if (parts > MAX_PARTS) return { code: 52 };
		return { parts };
	}

	const onStopList = (account, phoneNumber) =>
		account.stopList.some((entry) => entry.phoneNumber === phoneNumber);
	const unpriced = (phoneNumber) => phoneNumber.startsWith('+99');

	/** Debits a send (not in sandbox mode) and records it; code 11 when the credit falls short. */
	function record(account, params, { text, parts }, recipients, schedule) {
		const test = isOn(params.sandbox);
		const cost = round(recipients.reduce((sum, recipient) => sum + recipient.cost, 0));
		if (!test && cost > round(account.credit)) return { refusal: refuseSms(11) };
		if (!test) account.credit = round(account.credit - cost);
		const message = {
			id: nextMessageId++,
			recipients: recipients.map((recipient) =>
				sandbox.undeliverable.has(recipient.phoneNumber)
					? { ...recipient, undeliverable: true }
					: recipient,
			),
			text,
			parts,
			nbSms: recipients.reduce((sum, recipient) => sum + recipient.parts, 0),
			cost,
			sandbox: test,
			scheduledFor: schedule.at ?? null,
			cancelled: false,
			sentAt: schedule.at ?? Date.now(),
			tag: params.tag,
			urlResponse: params.urlResponse,
			urlDlr: params.urlDlr,
		};
		account.messages.push(message);
		if (given(message.urlDlr)) armReports(message);
		return { message };
	}

	const scheduled = (schedule) => (schedule.text ? { scheduledDeliveryDate: schedule.text } : {});

	function send(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (typeof params.phoneNumbers !== 'string' || params.phoneNumbers.trim() === '')
			return refuseSms(2);
		if (typeof params.message !== 'string' || params.message === '') return refuseSms(43);
		const numbers = [];
		for (const asGiven of params.phoneNumbers.split(',').map((number) => number.trim())) {
			const number = normalisePhone(asGiven);
			if (!number) return invalid('phoneNumbers', `Le numéro ${asGiven} est invalide`);
			numbers.push(number);
		}
		if (numbers.length > MAX_RECIPIENTS) return refuseSms(50);
		const senderRefusal = checkSender(params.sender);
		if (senderRefusal) return senderRefusal;
		const lowCost = Number(params.gamme) === 2;
		if (lowCost && !account.lowCostEnabled) return refuseSms(51);
		const { parts, code } = measure(params.message, isOn(params.isUnicode), lowCost);
		if (code) return refuseSms(code);
		const schedule = readSchedule(params, account);
		if (schedule.refusal) return schedule.refusal;
		if (numbers.some((number) => onStopList(account, number))) return refuseSms(14);
		if (numbers.some(unpriced)) return refuseSms(13);
		const cost = round(parts * (lowCost ? PRICE.lowCost : PRICE.premium));
		const recipients = numbers.map((phoneNumber) => ({
			phoneNumber,
			text: params.message,
			parts,
			cost,
		}));
		const sent = record(account, params, { text: params.message, parts }, recipients, schedule);
		if (sent.refusal) return sent.refusal;
		return ok({
			message_id: sent.message.id,
			nb_sms: sent.message.nbSms,
			cost: sent.message.cost,
			currency: 'EUR',
			...scheduled(schedule),
		});
	}

	/**
	 * `POST /vn/send`: one message to `to` from the account's rented long number `from`
	 * (digits, 336…/337…), answered as /send (S5, W2). Its own refusals are undocumented:
	 * a missing `from`, or a number the account does not rent, is code 9 on `from` here (a
	 * guess). No route, sender or schedule: billed at the Premium price, sent at once.
	 * Recorded with its `from`, so Get Status, delivery reports and replies work as for /send.
	 */
	function longNumberSend(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.to) || typeof params.to !== 'string' || params.to.trim() === '')
			return refuseSms(2);
		if (typeof params.message !== 'string' || params.message === '') return refuseSms(43);
		const number = normalisePhone(params.to);
		if (!number) return invalid('to', `Le numéro ${params.to} est invalide`);
		const from = String(params.from ?? '').trim();
		if (from === '') return invalid('from', 'Le numéro virtuel est requis');
		if (!account.longNumbers.includes(from))
			return invalid('from', `Le numéro virtuel ${from} n'appartient pas à votre compte`);
		const { parts, code } = measure(params.message, false, false);
		if (code) return refuseSms(code);
		if (onStopList(account, number)) return refuseSms(14);
		if (unpriced(number)) return refuseSms(13);
		const cost = round(parts * PRICE.premium);
		const recipients = [{ phoneNumber: number, text: params.message, parts, cost }];
		const sent = record(account, params, { text: params.message, parts }, recipients, {});
		if (sent.refusal) return sent.refusal;
		sent.message.from = from;
		return ok({
			message_id: sent.message.id,
			nb_sms: sent.message.nbSms,
			cost: sent.message.cost,
			currency: 'EUR',
		});
	}

	/** One line of a bulk send: accepted (a recipient and its answer) or refused (its answer alone). */
	function bulkLine(account, line, unicode, lowCost) {
		const asGiven = line?.phoneNumber;
		const refused = (code, message) => ({
			answer: {
				success: false,
				code,
				phoneNumber: asGiven,
				message: message ?? SMS_MESSAGES[code],
			},
		});
		const phoneNumber = normalisePhone(asGiven);
		if (!phoneNumber) return refused(9, 'Numéro invalide');
		if (onStopList(account, phoneNumber)) return refused(14, 'Numéro en liste STOP');
		const text = line.message;
		if (typeof text !== 'string' || text === '') return refused(43);
		const { parts, code } = measure(text, unicode, lowCost);
		if (code) return refused(code);
		if (unpriced(phoneNumber)) return refused(13);
		const cost = round(parts * (lowCost ? PRICE.lowCost : PRICE.premium));
		return {
			recipient: { phoneNumber, text, parts, cost },
			answer: { success: true, code: 200, nbSms: parts, cost, phoneNumber },
		};
	}

	/** Refused lines are reported in the list; the accepted ones make one message, billed as a whole. */
	function bulkSend(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		const list = params.SMSList;
		if (!Array.isArray(list) || list.length === 0) return refuseSms(2);
		if (list.length > MAX_RECIPIENTS) return refuseSms(50);
		const senderRefusal = checkSender(params.sender);
		if (senderRefusal) return senderRefusal;
		const lowCost = Number(params.gamme) === 2;
		if (lowCost && !account.lowCostEnabled) return refuseSms(51);
		const schedule = readSchedule(params, account);
		if (schedule.refusal) return schedule.refusal;
		const unicode = isOn(params.isUnicode);
		const lines = list.map((line) => bulkLine(account, line, unicode, lowCost));
		const recipients = lines.flatMap((line) => (line.recipient ? [line.recipient] : []));
		const sent = record(account, params, { text: null, parts: null }, recipients, schedule);
		if (sent.refusal) return sent.refusal;
		return ok({
			message_id: sent.message.id,
			currency: 'EUR',
			cost: sent.message.cost,
			nbSMS: sent.message.nbSms,
			SMSResponse_List: lines.map((line) => line.answer),
			...scheduled(schedule),
		});
	}

	const findMessage = (account, messageId) =>
		account.messages.find((message) => String(message.id) === String(messageId).trim());

	function findRecipient(message, phoneNumber) {
		const number = normalisePhone(phoneNumber) ?? String(phoneNumber).trim();
		return message.recipients.find((recipient) => recipient.phoneNumber === number);
	}

	/** Whether a message's moment has come and `deliveryMs` has passed since its sending moment. */
	function isFinal(message, now = Date.now()) {
		return (message.scheduledFor ?? 0) <= now && now - message.sentAt >= sandbox.deliveryMs;
	}

	/** 'Waiting' until `deliveryMs` after the sending moment, then the final word; a cancelled message never arrives. */
	function statusOf(message, recipient) {
		if (message.cancelled) return 'Not delivered';
		if (!isFinal(message)) return 'Waiting';
		return recipient.undeliverable ? 'Not delivered' : 'Delivered';
	}

	/**
	 * Calls a receiver back and logs it; never throws. Off-loopback URLs (unless
	 * `remoteCallbacks`), non-http(s) URLs and calls after close() are logged with
	 * an `error` instead of being made.
	 * @param {CallbackRecord['kind']} kind
	 * @param {DlrFormat} format
	 * @returns {Promise<CallbackRecord>}
	 */
	async function callBack(kind, target, format, fields) {
		const request = callbackRequest(String(target), format, fields);
		/** @type {CallbackRecord} */
		const entry = {
			kind,
			url: request.url,
			method: request.method,
			contentType: request.contentType,
			body: fields,
			status: null,
		};
		let url;
		try {
			url = new URL(request.url);
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
			entry.error = 'not called: not an http(s) URL';
		else if (!sandbox.remoteCallbacks && !isLoopbackHost(url.hostname))
			entry.error = `not called: ${url.hostname} is not a loopback address (see remoteCallbacks)`;
		else if (closing.signal.aborted) entry.error = 'not called: the sandbox is closed';
		else {
			const call = (async () => {
				try {
					const response = await fetch(request.url, {
						method: request.method,
						headers: request.contentType ? { 'Content-Type': request.contentType } : {},
						body: request.text,
						redirect: 'manual',
						signal: AbortSignal.any([closing.signal, AbortSignal.timeout(CALLBACK_TIMEOUT_MS)]),
					});
					entry.status = response.status;
					entry.answer = await response.text();
				} catch (error) {
					entry.error = failureOf(error);
				}
			})();
			callbacksInFlight.add(call);
			await call;
			callbacksInFlight.delete(call);
		}
		sandbox.callbacks.push(entry);
		return entry;
	}

	/** A recipient's delivery report: the documented guess (see the header). */
	function reportFields(message, recipient) {
		return {
			messageId: String(message.id),
			phoneNumber: recipient.phoneNumber,
			status: statusOf(message, recipient),
			date: parisText(Date.now()),
			cost: recipient.cost,
			...(given(message.tag) ? { tag: String(message.tag) } : {}),
		};
	}

	function disarmReports(message) {
		clearTimeout(reportTimers.get(message));
		reportTimers.delete(message);
	}

	/**
	 * Sets the timer that sends a message's delivery reports when it reaches its final
	 * status. The delay is read now; if the moment has moved later when it fires
	 * (a larger deliveryMs, a later scheduledFor), it waits again.
	 */
	function armReports(message) {
		disarmReports(message);
		if (closing.signal.aborted || message.cancelled || !given(message.urlDlr)) return;
		const finalAt = Math.max(message.scheduledFor ?? 0, message.sentAt + sandbox.deliveryMs);
		const delay = Math.min(Math.max(0, finalAt - Date.now()), MAX_TIMER_MS);
		const timer = setTimeout(() => {
			reportTimers.delete(message);
			if (message.cancelled) return;
			if (!isFinal(message)) armReports(message);
			else void postReports(message);
		}, delay);
		reportTimers.set(message, timer);
	}

	/**
	 * Posts the reports of the message's recipients that have none yet, one after
	 * another, after any still under way for it. Never rejects.
	 */
	function postReports(message) {
		const due = message.recipients.filter((recipient) => !reported.has(recipient));
		for (const recipient of due) reported.add(recipient);
		if (!reportsOf.has(message)) reportsOf.set(message, []);
		const before = reportsInFlight.get(message) ?? Promise.resolve();
		const posting = before.then(async () => {
			for (const recipient of due) {
				const entry = await callBack(
					'deliveryReport',
					message.urlDlr,
					sandbox.dlrFormat,
					reportFields(message, recipient),
				);
				reportsOf.get(message)?.push(entry);
			}
		});
		const settled = posting.catch(() => undefined);
		reportsInFlight.set(message, settled);
		void settled.then(() => {
			if (reportsInFlight.get(message) === settled) reportsInFlight.delete(message);
		});
		return settled;
	}

	function messageStatus(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.messageId)) return refuseSms(3);
		if (!given(params.phoneNumber)) return refuseSms(2);
		const message = findMessage(account, params.messageId);
		const recipient = message && findRecipient(message, params.phoneNumber);
		if (!recipient) return refuseSms(4);
		return ok({
			number: recipient.phoneNumber,
			messageId: String(message.id),
			stopSms: onStopList(account, recipient.phoneNumber),
			date: parisText(message.sentAt),
			statut: statusOf(message, recipient),
			cost: recipient.cost,
			countryCode: recipient.phoneNumber.startsWith('+33') ? 'FR' : 'XX',
			currency: 'EUR',
		});
	}

	/** Unlike /message-status: `status`, `stopSMS`, and the date in unix seconds, as a string. */
	function bulkStatus(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.messageId)) return refuseSms(3);
		const message = findMessage(account, params.messageId);
		if (!message) return refuseSms(4);
		return ok({
			message_id: String(message.id),
			StatutResponse_List: message.recipients.map((recipient) => ({
				phoneNumber: recipient.phoneNumber,
				status: statusOf(message, recipient),
				stopSMS: onStopList(account, recipient.phoneNumber),
				date: String(Math.floor(message.sentAt / 1000)),
				cost: recipient.cost,
			})),
		});
	}

	/**
	 * `SMSStatut_List` of up to 500 { phoneNumber (international), messageId }: one line
	 * each, in order; a pair not found is a line with `success: false`, code 4 and
	 * SMS Partner's French words. `status`, `date` in unix seconds as text, `stopSms` and
	 * `isSpam` as "0"/"1" (S10, GO multi_status.json).
	 */
	function multiStatus(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		const list = params.SMSStatut_List;
		if (!Array.isArray(list) || list.length === 0) return refuseSms(5);
		if (list.length > 500) return refuseSms(50);
		const lines = [];
		for (const pair of list) {
			const phoneNumber = pair && typeof pair.phoneNumber === 'string' ? pair.phoneNumber : '';
			if (!phoneNumber.startsWith('+') || !normalisePhone(phoneNumber)) return refuseSms(6);
			const message = given(pair.messageId) ? findMessage(account, pair.messageId) : undefined;
			const recipient = message && findRecipient(message, phoneNumber);
			if (!recipient) {
				lines.push({
					success: false,
					code: 4,
					phoneNumber,
					messageId: pair.messageId,
					status: 'Numéro introuvable',
				});
				continue;
			}
			lines.push({
				success: true,
				code: 200,
				phoneNumber: recipient.phoneNumber,
				messageId: message.id,
				status: statusOf(message, recipient),
				date: String(Math.floor(message.sentAt / 1000)),
				stopSms: onStopList(account, recipient.phoneNumber) ? '1' : '0',
				isSpam: '0',
			});
		}
		return ok({ StatutResponse_List: lines });
	}

	/** Recipients of every message sent with the tag, TAG_PAGE_SIZE a page (`page`, from 1), with `currentPage` and `total` (S12). */
	function bulkStatusByTag(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.tag)) return refuseSms(3);
		const tag = String(params.tag).trim();
		const recipients = account.messages
			.filter((message) => given(message.tag) && String(message.tag) === tag)
			.flatMap((message) => message.recipients.map((recipient) => ({ message, recipient })));
		if (recipients.length === 0) return refuseSms(4);
		const page = Math.max(1, Number.parseInt(String(params.page ?? '1'), 10) || 1);
		const slice = recipients.slice((page - 1) * TAG_PAGE_SIZE, page * TAG_PAGE_SIZE);
		return ok({
			currentPage: page,
			total: recipients.length,
			StatutResponse_List: slice.map(({ message, recipient }) => ({
				messageId: String(message.id),
				phoneNumber: recipient.phoneNumber,
				status: statusOf(message, recipient),
				stopSMS: onStopList(account, recipient.phoneNumber),
				date: String(Math.floor(message.sentAt / 1000)),
			})),
		});
	}

	/**
	 * The account's sends, month by month on Paris clocks (S13): `interval` last_month
	 * (the calendar month before this one), last_twelve_months (the twelve before this
	 * one) or custom with `from` and `to` as dd-mm-yyyy. At most COST_REQUESTS_PER_MINUTE
	 * answers a minute per API key; more get HTTP 429.
	 */
	function costResume(params) {
		const now = Date.now();
		const key = String(params.apiKey ?? '');
		const recent = (costRequests.get(key) ?? []).filter((at) => now - at < 60_000);
		if (recent.length >= COST_REQUESTS_PER_MINUTE) {
			costRequests.set(key, recent);
			return {
				status: 429,
				answer: { success: false, code: 429, message: 'Too many requests' },
			};
		}
		costRequests.set(key, [...recent, now]);
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		const { year, month } = parisFields(now);
		const monthIndex = (y, m) => Number(y) * 12 + (Number(m) - 1);
		const current = monthIndex(year, month);
		let first;
		let last;
		if (params.interval === 'last_month') [first, last] = [current - 1, current - 1];
		else if (params.interval === 'last_twelve_months') [first, last] = [current - 12, current - 1];
		else if (params.interval === 'custom') {
			const day = /^(\d{2})-(\d{2})-(\d{4})$/;
			const from = day.exec(String(params.from ?? ''));
			const to = day.exec(String(params.to ?? ''));
			if (!from) return invalid('from', 'La date de début est invalide (jj-mm-aaaa)');
			if (!to) return invalid('to', 'La date de fin est invalide (jj-mm-aaaa)');
			[first, last] = [monthIndex(from[3], from[2]), monthIndex(to[3], to[2])];
		} else return invalid('interval', "L'intervalle est invalide");
		const datas = [];
		for (let index = first; index <= last; index++) {
			const y = Math.floor(index / 12);
			const m = (index % 12) + 1;
			const sent = account.messages.filter((message) => {
				const at = parisFields(message.sentAt);
				return !message.sandbox && monthIndex(at.year, at.month) === index;
			});
			datas.push({
				month: FRENCH_MONTHS[m - 1],
				year: String(y),
				m: String(m),
				date: Math.floor(parisInstant(y, m, 1, 0, 0) / 1000),
				type: 'month',
				cost: round(sent.reduce((sum, message) => sum + message.cost, 0)).toFixed(3),
				nb_send: String(sent.reduce((sum, message) => sum + message.nbSms, 0)),
			});
		}
		return { status: 200, answer: { success: true, datas } };
	}

	/**
	 * An HLR lookup, asynchronous (GO verify.go, verify_number.json): HLR_COST per number,
	 * debited from the credit (code 11 when short); answers `campaign_id`, `number`,
	 * `cost`, `currency`. The sandbox records the request (`hlrRequests`) and, `hlrMs`
	 * later, posts one result per number to `notifyUrl` (see hlrResultFields).
	 */
	function hlrNotify(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (typeof params.phoneNumbers !== 'string' || params.phoneNumbers.trim() === '')
			return refuseSms(2);
		const numbers = params.phoneNumbers.split(',').map((number) => number.trim());
		for (const number of numbers)
			if (!normalisePhone(number))
				return invalid('phoneNumbers', `Le numéro ${number} est invalide`);
		const cost = round(numbers.length * HLR_COST);
		if (cost > round(account.credit)) return refuseSms(11);
		account.credit = round(account.credit - cost);
		const campaignId = `HLR${nextHlrId++}`;
		// notifyUrl is optional on SMS Partner's page: without it, the result goes nowhere.
		const notifyUrl = given(params.notifyUrl) ? String(params.notifyUrl) : null;
		const request = { campaignId, numbers, notifyUrl };
		sandbox.hlrRequests.push(request);
		hlrLookups.set(campaignId, {
			request,
			results: numbers.map((number) => {
				const phoneNumber = normalisePhone(number);
				return {
					phoneNumber,
					messageId: crypto.randomUUID(),
					outcome: sandbox.hlrOutcomes.get(phoneNumber) ?? 'reachable',
					posted: false,
				};
			}),
			posting: Promise.resolve(),
			records: [],
		});
		if (notifyUrl !== null) armHlr(campaignId);
		return ok({ campaign_id: campaignId, number: numbers.length, cost, currency: 'EUR' });
	}

	/**
	 * One number's HLR result, in the shape of SMS Partner's example ("Send a Verification"):
	 * `phone`, `messageId`, `mccMnc` (French mobiles: 20801 for 06, 20810 for 07, as /lookup
	 * names their networks; none for others), `ported`, `errorGrpId`, `errorName`,
	 * `errorDesc`, `date` (ISO, UTC, written +0000 as the example does).
	 */
	function hlrResultFields({ phoneNumber, messageId, outcome }) {
		const mccMnc = phoneNumber.startsWith('+336')
			? '20801'
			: phoneNumber.startsWith('+337')
				? '20810'
				: undefined;
		return {
			phone: phoneNumber,
			messageId,
			...(mccMnc ? { mccMnc } : {}),
			ported: 0,
			...HLR_OUTCOMES[outcome],
			date: new Date().toISOString().replace('Z', '+0000'),
		};
	}

	function armHlr(campaignId) {
		const lookup = hlrLookups.get(campaignId);
		if (!lookup || closing.signal.aborted) return;
		clearTimeout(lookup.timer);
		lookup.timer = setTimeout(
			() => {
				lookup.timer = undefined;
				void postHlrResults(lookup);
			},
			Math.min(Math.max(0, sandbox.hlrMs), MAX_TIMER_MS),
		);
	}

	/** Posts the results not posted yet, one after another, after any under way. Never rejects. */
	function postHlrResults(lookup) {
		const due = lookup.results.filter((result) => !result.posted);
		for (const result of due) result.posted = true;
		lookup.posting = lookup.posting
			.then(async () => {
				for (const result of due)
					lookup.records.push(
						await callBack(
							'hlrResult',
							lookup.request.notifyUrl,
							sandbox.hlrFormat,
							hlrResultFields(result),
						),
					);
			})
			.catch(() => undefined);
		return lookup.posting;
	}

	/** `phoneNumbers`, comma-separated: one `lookup` line each, in order. */
	function lookup(params) {
		const { refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (typeof params.phoneNumbers !== 'string' || params.phoneNumbers.trim() === '')
			return refuseSms(2);
		return ok({ lookup: params.phoneNumbers.split(',').map(lookupLine) });
	}

	function cancel(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.messageId)) return refuseSms(3);
		const message = findMessage(account, params.messageId);
		if (!message) return refuseSms(4);
		if (message.cancelled) return refuseSms(5);
		const now = Date.now();
		if (message.scheduledFor === null || message.scheduledFor <= now) return refuseSms(7);
		if (message.scheduledFor - now < CANCEL_NOTICE_MS) return refuseSms(6);
		message.cancelled = true;
		disarmReports(message);
		if (!message.sandbox) account.credit = round(account.credit + message.cost);
		return ok({ message: "L'envoi du SMS a été annulé." });
	}

	function addStopEntry(account, phoneNumber) {
		const entry = { id: nextStopId++, phoneNumber, createdAt: parisText(Date.now()) };
		account.stopList.push(entry);
		return entry;
	}

	function stopList(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		return ok({
			nbData: account.stopList.length,
			data: account.stopList.map(({ id, phoneNumber, createdAt }) => ({
				id,
				phoneNumber,
				createdAt,
			})),
		});
	}

	function stopAdd(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.phoneNumber)) return refuseSms(2);
		const phoneNumber = normalisePhone(params.phoneNumber);
		if (!phoneNumber) return invalid('phoneNumber', `Le numéro ${params.phoneNumber} est invalide`);
		if (onStopList(account, phoneNumber)) return refuseSms(15);
		return ok({ stopId: addStopEntry(account, phoneNumber).id });
	}

	function stopDelete(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.id)) return refuseSms(3, "L'identifiant est requis");
		const index = account.stopList.findIndex(
			(entry) => String(entry.id) === String(params.id).trim(),
		);
		if (index === -1) return refuseSms(4, 'Numéro introuvable dans la liste STOP');
		account.stopList.splice(index, 1);
		return ok({});
	}

	/** `POST /group/add`: answers `{ success, code, name, groupId }` with code 2, as both its pages' samples do (S19 p1). */
	function groupAdd(params) {
		// This page gives code 2 to a missing key, and 1 to a missing name.
		if (!given(params.apiKey)) return refuse(2, 'La Clé API est requise');
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.name)) return refuse(1, 'Le nom est requis');
		const group = {
			id: nextGroupId++,
			name: String(params.name),
			createdAt: new Date().toISOString(),
			contacts: [],
		};
		account.groups.push(group);
		return {
			status: 200,
			answer: { success: true, code: 2, name: group.name, groupId: String(group.id) },
		};
	}

	/**
	 * `GET /group/list`: every group, unpaged, in the shape both its pages print (S19 p7):
	 * `success: false` and no code beside the list.
	 */
	function groupList(params) {
		if (!given(params.apiKey)) return refuse(10, 'La Clé API est requise');
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		const groups = account.groups.map((group) => ({
			id: String(group.id),
			name: group.name,
			createdAt: group.createdAt,
			isSpecialFile: false,
			isLocationFile: false,
		}));
		return { status: 200, answer: { success: false, groups } };
	}

	function findGroup(account, groupId) {
		return account.groups.find((group) => String(group.id) === String(groupId).trim());
	}

	/** Group delete: code 1 without a group ID, 10 for the key, 404 for an unknown group. */
	function groupDelete(params) {
		if (!params.apiKey) return refuse(10, 'La Clé API est requise');
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.groupId)) return refuse(1, 'groupId est requis');
		const group = findGroup(account, params.groupId);
		if (!group) return refuse(404, "Le groupe n'existe pas");
		account.groups.splice(account.groups.indexOf(group), 1);
		return ok({});
	}

	let nextContactId = 871234;
	const CONTACT_KEYS = [
		'firstname',
		'lastname',
		'date',
		'url',
		'custom1',
		'custom2',
		'custom3',
		'custom4',
	];
	const CONTACT_DATE = /^\d{4}-\d{2}-\d{2}$/;

	/** Why a contact's fields are refused (the `rapport.errors` key and the line's message), or undefined. */
	function contactProblem(contact) {
		for (const name of ['firstname', 'lastname'])
			if (given(contact[name]) && [...String(contact[name])].length > 32)
				return { code: 9, message: `${name} : 32 caractères maximum`, key: 'empty' };
		if (given(contact.date) && !CONTACT_DATE.test(String(contact.date)))
			return { code: 9, message: 'Date invalide', key: 'dateInvalide' };
		if (given(contact.url) && !/^https?:\/\//.test(String(contact.url)))
			return { code: 9, message: 'URL invalide', key: 'urlInvalide' };
		return undefined;
	}

	function findContact(account, contactId) {
		for (const group of account.groups) {
			const contact = group.contacts.find(
				(entry) => String(entry.contactId) === String(contactId).trim(),
			);
			if (contact) return { group, contact };
		}
		return undefined;
	}

	/**
	 * A contact as /contact/detail shows it (S19 p9: its group ID a JSON number), or,
	 * without the group, as /contact/list does (G12).
	 */
	function contactView(group, contact) {
		return {
			contactId: String(contact.contactId),
			phone: contact.phoneNumber,
			firstname: contact.firstname ?? '',
			lastname: contact.lastname ?? '',
			url: contact.url ?? '',
			shortUrl: '',
			date: contact.date ?? '',
			custom1: contact.custom1 ?? '',
			custom2: contact.custom2 ?? '',
			custom3: contact.custom3 ?? '',
			custom4: contact.custom4 ?? '',
			createdAt: contact.createdAt,
			stopSms: false,
			...(group === undefined ? {} : { groupId: Number(group.id) || String(group.id) }),
		};
	}

	/**
	 * One line of a contactsList: `{ success, code, phoneNumber, message? }`, counted in
	 * the `rapport` (S19 p4). Its page shows only refused lines, none with a contact ID: a
	 * line that added its contact is `{ success: true, code: 200, phoneNumber }`.
	 */
	function addContactLine(account, group, raw, rapport) {
		const fields = raw !== null && typeof raw === 'object' ? raw : {};
		const phoneNumber = normalisePhone(fields.phoneNumber);
		const shown = phoneNumber ?? String(fields.phoneNumber ?? '');
		const refused = (code, message, key) => {
			rapport.errors[key]++;
			return { success: false, code, phoneNumber: shown, message };
		};
		if (!given(fields.phoneNumber)) return refused(2, 'Numéro requis', 'empty');
		if (!phoneNumber) return refused(9, 'Numéro invalide', 'invalidePhone');
		if (onStopList(account, phoneNumber)) return refused(14, 'Numéro en liste STOP', 'stopSms');
		if (group.contacts.some((contact) => contact.phoneNumber === phoneNumber))
			return refused(15, 'Le numéro est déjà dans le groupe', 'allreadyInGroupe');
		const problem = contactProblem(fields);
		if (problem) return refused(problem.code, problem.message, problem.key);
		const contact = {
			contactId: nextContactId++,
			phoneNumber,
			createdAt: new Date().toISOString(),
		};
		for (const name of CONTACT_KEYS) if (given(fields[name])) contact[name] = String(fields[name]);
		group.contacts.push(contact);
		rapport.nbline_imported++;
		return { success: true, code: 200, phoneNumber, contact };
	}

	/** `POST /contact/add`: one `contact` (code 15 when its number is in the group), or a `contactsList`. */
	function contactAdd(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.groupId)) return refuse(1, 'groupId est requis');
		const group = findGroup(account, params.groupId);
		if (!group) return refuse(404, "Le groupe n'existe pas");
		if (Array.isArray(params.contactsList)) {
			if (params.contactsList.length > MAX_RECIPIENTS) return refuse(50, '500 contacts maximum');
			const rapport = {
				nbline: params.contactsList.length,
				nbline_imported: 0,
				nbline_updated: 0,
				errors: {
					stopSms: 0,
					invalidePhone: 0,
					duplicatePhone: 0,
					allreadyInGroupe: 0,
					urlInvalide: 0,
					dateInvalide: 0,
					empty: 0,
					unactivated: 0,
					dateInvalid: 0,
				},
			};
			const results = params.contactsList.map((raw) => {
				const { contact, ...line } = addContactLine(account, group, raw, rapport);
				return line;
			});
			// SMS Partner's page shows this answer without `success` or `code`.
			return {
				status: 200,
				answer: { groupe: { name: group.name, token: String(group.id) }, results, rapport },
			};
		}
		const contact = params.contact;
		if (contact === null || typeof contact !== 'object') return refuse(2, 'Contact requis');
		const line = addContactLine(account, group, contact, { errors: {}, nbline_imported: 0 });
		if (!line.success) return refuse(line.code, line.message);
		return ok({ contact: { ...contact, contactId: String(line.contact.contactId) } });
	}

	function contactUpdate(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.contactId)) return refuse(1, 'contactId est requis');
		const changes = params.contact;
		if (changes === null || typeof changes !== 'object') return refuse(2, 'Contact requis');
		const found = findContact(account, params.contactId);
		if (!found) return refuse(404, "Le contact n'existe pas");
		const problem = contactProblem(changes);
		if (problem) return refuse(problem.code, problem.message);
		if (given(changes.phoneNumber)) {
			const phoneNumber = normalisePhone(changes.phoneNumber);
			if (!phoneNumber) return refuse(9, 'Numéro invalide');
			const taken = found.group.contacts.some(
				(contact) => contact !== found.contact && contact.phoneNumber === phoneNumber,
			);
			if (taken) return refuse(15, 'Le numéro est déjà dans le groupe');
			found.contact.phoneNumber = phoneNumber;
		}
		for (const name of CONTACT_KEYS)
			if (changes[name] !== undefined) found.contact[name] = String(changes[name]);
		return ok({ contact: { ...changes, contactId: String(found.contact.contactId) } });
	}

	function contactDelete(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.contactId)) return refuse(1, 'contactId est requis');
		const found = findContact(account, params.contactId);
		if (!found) return refuse(404, "Le contact n'existe pas");
		found.group.contacts.splice(found.group.contacts.indexOf(found.contact), 1);
		return ok({});
	}

	function contactDetail(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.contactId)) return refuse(1, 'contactId est requis');
		const found = findContact(account, params.contactId);
		if (!found) return refuse(404, "Le contact n'existe pas");
		return ok({ contact: contactView(found.group, found.contact) });
	}

	/** `GET /contact/list`: 20 contacts a page (W3), `{ currentPage, total, datas }`, `total` as text (G12, W3). */
	function contactList(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (!given(params.groupId)) return refuse(1, 'groupId est requis');
		const group = findGroup(account, params.groupId);
		if (!group) return refuse(404, "Le groupe n'existe pas");
		const page = Math.max(1, Number.parseInt(params.page ?? '1', 10) || 1);
		const datas = group.contacts
			.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
			.map((contact) => contactView(undefined, contact));
		return ok({ currentPage: page, total: String(group.contacts.length), datas });
	}

	const routes = {
		'GET /me': me,
		'POST /subaccount/credit/remove': (params) => moveCredit(params, 'remove'),
		'POST /subaccount/credit/add': (params) => moveCredit(params, 'add'),
		'GET /subaccount/list': list,
		'POST /subaccount/create': create,
		'DELETE /subaccount/remove': remove,
		'POST /send': send,
		'POST /bulk-send': bulkSend,
		'POST /vn/send': longNumberSend,
		'GET /message-status': messageStatus,
		'GET /bulk-status': bulkStatus,
		'POST /multi-status': multiStatus,
		'GET /bulk-status-by-tag': bulkStatusByTag,
		'POST /lookup': lookup,
		'POST /hlr/notify': hlrNotify,
		'GET /statistics/cost-resume': costResume,
		'GET /message-cancel': cancel,
		'GET /stop-sms/list': stopList,
		'POST /stop-sms/add': stopAdd,
		'GET /stop-sms/delete': stopDelete,
		'POST /group/add': groupAdd,
		'GET /group/list': groupList,
		'POST /group/delete': groupDelete,
		'POST /groupe/delete': groupDelete,
		// Both pages label it DELETE (their samples send POST).
		'DELETE /group/delete': groupDelete,
		'DELETE /groupe/delete': groupDelete,
		'POST /contact/add': contactAdd,
		'POST /contact/update': contactUpdate,
		'POST /contact/delete': contactDelete,
		'GET /contact/detail': contactDetail,
		'GET /contact/list': contactList,
	};

	function readBody(request) {
		return new Promise((resolve, reject) => {
			const chunks = [];
			request.on('data', (chunk) => chunks.push(chunk));
			request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
			request.on('error', reject);
		});
	}

	/** Fault keys are strings: a message id may come as a number in a JSON body. */
	function takeFault(keys) {
		const key = keys
			.filter(given)
			.map(String)
			.find((candidate) => sandbox.faults.has(candidate));
		if (key === undefined) return undefined;
		const fault = sandbox.faults.get(key);
		if (fault.times !== undefined && --fault.times <= 0) sandbox.faults.delete(key);
		return fault;
	}

	/** Picks the known fields of a control body; an unknown one (a typo) is bad input. */
	function fieldsOf(body, names) {
		const unknown = Object.keys(body).filter((name) => !names.includes(name));
		if (unknown.length > 0)
			throw new SandboxInputError(
				`Unknown field ${unknown.join(', ')} (this control takes ${names.join(', ')})`,
			);
		return body;
	}

	/** The control endpoints: method, and what they do with the JSON body; the answer is sent as JSON. */
	const controls = {
		reply: {
			method: 'POST',
			run: (body) =>
				sandbox.reply(fieldsOf(body, ['messageId', 'phoneNumber', 'text', 'type', 'apiKey'])),
		},
		'long-number': {
			method: 'POST',
			run: (body) =>
				sandbox.longNumberMessage(
					fieldsOf(body, ['url', 'from', 'to', 'text', 'parts', 'format', 'order', 'repeatPart']),
				),
		},
		deliver: {
			method: 'POST',
			run: (body) => {
				const { messageId, apiKey } = fieldsOf(body, ['messageId', 'apiKey']);
				if (!given(messageId)) throw new SandboxInputError('messageId is required');
				return sandbox.deliverNow(messageId, apiKey);
			},
		},
		'reply-url': {
			method: 'POST',
			run: (body) => {
				const { url, apiKey } = fieldsOf(body, ['url', 'apiKey']);
				sandbox.setReplyUrl(url, apiKey);
				return { replyUrl: pickAccount(apiKey).replyUrl ?? null };
			},
		},
		'dlr-format': {
			method: 'POST',
			run: (body) => ({ dlrFormat: sandbox.setDlrFormat(fieldsOf(body, ['format']).format) }),
		},
		hlr: {
			method: 'POST',
			run: (body) => {
				const { campaignId } = fieldsOf(body, ['campaignId']);
				if (!given(campaignId)) throw new SandboxInputError('campaignId is required');
				return sandbox.hlrNow(campaignId);
			},
		},
		'hlr-outcome': {
			method: 'POST',
			run: (body) => {
				const { phoneNumber, outcome } = fieldsOf(body, ['phoneNumber', 'outcome']);
				return sandbox.setHlrOutcome(phoneNumber, outcome);
			},
		},
		'hlr-format': {
			method: 'POST',
			run: (body) => ({ hlrFormat: sandbox.setHlrFormat(fieldsOf(body, ['format']).format) }),
		},
		callbacks: { method: 'GET', run: () => sandbox.callbacks },
	};

	/** /_sandbox/…: drives the sandbox over HTTP (see the header). */
	async function control(request, response, pathname, text) {
		const answer = (status, value, headers = {}) => {
			response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
			response.end(JSON.stringify(value));
		};
		const name = pathname.slice(CONTROL_PREFIX.length);
		const action = Object.hasOwn(controls, name) ? controls[name] : undefined;
		if (!action) return answer(404, { error: `No sandbox control at ${pathname}` });
		if (request.method !== action.method)
			return answer(
				405,
				{ error: `${pathname} takes ${action.method}, not ${request.method}` },
				{ Allow: action.method },
			);
		let body = {};
		if (action.method === 'POST' && text.trim() !== '') {
			try {
				body = JSON.parse(text);
			} catch {
				return answer(400, { error: 'The body is not JSON' });
			}
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body))
			return answer(400, { error: 'The body must be a JSON object' });
		try {
			answer(200, (await action.run(body)) ?? {});
		} catch (error) {
			const status =
				error instanceof SandboxInputError ? 400 : error instanceof CallbackFailedError ? 502 : 500;
			answer(status, { error: error instanceof Error ? error.message : String(error) });
		}
	}

	async function handle(request, response) {
		const url = new URL(request.url, 'http://sandbox.local');
		const query = Object.fromEntries(url.searchParams);
		const text = await readBody(request);
		if (url.pathname.startsWith(CONTROL_PREFIX))
			return control(request, response, url.pathname, text);
		let body;
		let malformed = false;
		if (text !== '') {
			try {
				body = JSON.parse(text);
			} catch {
				malformed = true;
			}
		}
		const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : null;
		const call = {
			method: request.method,
			path: path ?? url.pathname,
			query,
			body,
			contentType: request.headers['content-type'],
		};
		sandbox.calls.push(call);

		const route = path === null ? undefined : routes[`${request.method} ${path}`];
		if (!route) {
			response.writeHead(404, { 'Content-Type': 'text/html' });
			response.end('<html><body><h1>404 Not Found</h1></body></html>');
			return;
		}
		const params = request.method === 'GET' ? query : { ...query, ...(body ?? {}) };
		const format = params._format === 'xml' ? 'xml' : 'json';
		const firstNumber =
			typeof params.phoneNumbers === 'string'
				? params.phoneNumbers.split(',')[0].trim()
				: undefined;
		const firstPair = Array.isArray(params.SMSStatut_List) ? params.SMSStatut_List[0] : undefined;
		const fault = takeFault([
			params.tokenSubaccount,
			params.token,
			params.messageId,
			firstNumber,
			params.phoneNumber,
			typeof params.to === 'string' ? params.to : undefined,
			firstPair?.phoneNumber,
			params.tag,
			path,
		]);
		const outcome = malformed
			? refuse(90)
			: fault && !fault.act
				? { status: 200, answer: undefined }
				: route(params);
		const held = sandbox.beforeAnswer?.(call);
		const delayMs = fault?.delayMs ?? sandbox.answerDelayMs;
		if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
		if (held) await held;
		if (fault?.reset) {
			request.socket.destroy();
			return;
		}
		const answer = fault?.answer ?? outcome.answer;
		const reply =
			fault?.body ??
			(answer === undefined ? '' : format === 'xml' ? toXml(answer) : JSON.stringify(answer));
		const status = fault?.status ?? outcome.status;
		const headers = {
			'Content-Type':
				fault?.contentType ??
				(format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json'),
			...(fault?.headers ?? {}),
		};
		if (fault?.trickleMs) return trickle(request.socket, status, headers, reply, fault.trickleMs);
		if (fault?.trickleBodyMs)
			return trickleBody(response, status, headers, reply, fault.trickleBodyMs);
		if (fault?.padBytes || fault?.endless)
			return sendLarge(response, status, headers, reply, fault);
		response.writeHead(status, headers);
		response.end(reply);
	}

	/** The whole answer, status line and headers included, one byte every `intervalMs`, until done or the client leaves. */
	async function trickle(socket, status, headers, body, intervalMs) {
		const head = [
			`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Status'}`,
			'Connection: close',
		];
		for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
		head.push(`Content-Length: ${Buffer.byteLength(body)}`, '', '');
		const bytes = Buffer.from(head.join('\r\n') + body, 'utf8');
		for (const byte of bytes) {
			if (socket.destroyed) return;
			socket.write(Buffer.from([byte]));
			await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
		}
		socket.end();
	}

	/** The status and headers at once, then the body one byte every `intervalMs`, until done or the client leaves. */
	async function trickleBody(response, status, headers, body, intervalMs) {
		const bytes = Buffer.from(body, 'utf8');
		response.writeHead(status, { ...headers, 'Content-Length': bytes.length });
		response.flushHeaders();
		for (const byte of bytes) {
			await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
			if (response.destroyed) return;
			response.write(Buffer.from([byte]));
		}
		response.end();
	}

	/**
	 * A body past any sane size: the answer with `padBytes` of spaces before it
	 * (still valid JSON or XML), or, with `endless`, filler until the client leaves.
	 */
	async function sendLarge(response, status, headers, body, fault) {
		response.writeHead(status, headers);
		const chunk = Buffer.alloc(64 * 1024, ' ');
		let sent = 0;
		while (!response.destroyed && (fault.endless || sent < fault.padBytes)) {
			const ok = response.write(chunk);
			sent += chunk.length;
			if (!ok) await new Promise((resolve) => response.once('drain', resolve));
		}
		if (!response.destroyed) response.end(body);
	}

	const server = http.createServer((request, response) => {
		sandbox.inFlight++;
		sandbox.peakInFlight = Math.max(sandbox.peakInFlight, sandbox.inFlight);
		handle(request, response)
			.catch(() => {
				response.writeHead(500);
				response.end();
			})
			.finally(() => sandbox.inFlight--);
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, resolve);
	});
	const { port } = server.address();

	return Object.assign(sandbox, {
		port,
		host,
		baseUrl: `http://${host}:${port}${API_PREFIX}`,
		/** How many requests reached a path (e.g. '/subaccount/credit/remove'); all paths without one. */
		callCount: (path) =>
			sandbox.calls.filter((call) => path === undefined || call.path === path).length,
		/** @returns {Account} the account with this key */
		account: (apiKey) => {
			const account = accountOf(apiKey);
			if (!account) throw new Error(`The sandbox has no account with key ${apiKey}`);
			return account;
		},
		/** @returns {Subaccount} a sub-account of the given account (default: the first one) */
		subaccount: (token, apiKey) => {
			const sub = findSubaccount(token, apiKey);
			if (!sub) throw new Error(`The sandbox has no sub-account ${token}`);
			return sub;
		},
		hasSubaccount: (token, apiKey) => findSubaccount(token, apiKey) !== undefined,
		/** Adds a sub-account to an account (default: the first one). */
		addSubaccount: (sub, apiKey) => {
			const account = apiKey === undefined ? sandbox.state.accounts[0] : accountOf(apiKey);
			account?.subaccounts.push(completeSubaccount({ credit: 0, ...sub }));
		},
		/**
		 * Makes requests for a sub-account token, a message id, a phone number (the
		 * first of `phoneNumbers`, or `phoneNumber`, or the first pair's of /multi-status,
		 * as sent), a tag or, failing those, a path
		 * such as '/subaccount/list' misbehave:
		 * - `answer` (an object, sent as JSON or XML like any answer) or `body` (raw text),
		 *   with `status`, `contentType`, `headers` (e.g. Retry-After);
		 * - `reset`: drop the connection instead of answering;
		 * - `delayMs`: answer late;
		 * - `act`: carry the real call out first (money moves), then misbehave;
		 * - `trickleMs`: send the whole answer (status line and headers too) one byte at a time;
		 * - `trickleBodyMs`: send the status and headers at once, then the body one byte at a time;
		 * - `padBytes`: put that many bytes of spaces before the body; `endless`: filler forever;
		 * - `times`: only for the next N requests (default: all).
		 */
		fault: (key, fault) => sandbox.faults.set(String(key), { ...fault }),
		/** Answers this control code for the key (as in `fault`), for codes no real condition gives. */
		forceCode: (key, code, message) => {
			const { status, answer } = refuse(code, message ?? MESSAGES[code] ?? SMS_MESSAGES[code]);
			sandbox.faults.set(String(key), { status, answer });
		},
		/**
		 * The messages an account sent (default: the first account), oldest first. These
		 * are the live records: a test may move `scheduledFor` or `sentAt` to reach a case.
		 * @returns {SentMessage[]}
		 */
		messages: (apiKey) => pickAccount(apiKey).messages,
		/** Makes every message to this number (any form), sent or to come, end 'Not delivered'. */
		markUndeliverable: (phoneNumber) => {
			const number = normalisePhone(phoneNumber) ?? String(phoneNumber).trim();
			sandbox.undeliverable.add(number);
			for (const account of sandbox.state.accounts)
				for (const message of account.messages)
					for (const recipient of message.recipients)
						if (recipient.phoneNumber === number) recipient.undeliverable = true;
		},
		/**
		 * Puts a number (any form) on an account's STOP list (default: the first account).
		 * @returns {number} its id in the list (the existing one if it is already there)
		 */
		addStop: (phoneNumber, apiKey) => {
			const account = pickAccount(apiKey);
			const number = normalisePhone(phoneNumber);
			if (!number) throw new Error(`Not a phone number: ${phoneNumber}`);
			const listed = account.stopList.find((entry) => entry.phoneNumber === number);
			return (listed ?? addStopEntry(account, number)).id;
		},
		/**
		 * Appends `count` numbers to an account's STOP list (default: the first account), new
		 * ids in order, without the one-by-one duplicate check: a list of 100,000 for the
		 * bench and the scale tests. Numbers run from +33600000000 up, after `firstNumber`.
		 * @param {number} count
		 * @param {{ apiKey?: string, firstNumber?: number }} [options]
		 * @returns {number[]} the new entries' ids
		 */
		seedStops: (count, { apiKey, firstNumber = 0 } = {}) => {
			const account = pickAccount(apiKey);
			const createdAt = parisText(Date.now());
			const ids = [];
			for (let n = 0; n < count; n++) {
				const entry = {
					id: nextStopId++,
					phoneNumber: `+336${String(firstNumber + n).padStart(8, '0')}`,
					createdAt,
				};
				account.stopList.push(entry);
				ids.push(entry.id);
			}
			return ids;
		},
		/**
		 * Appends `count` subaccounts (default: the first account), tokens `${prefix}${n}`,
		 * each with `credit` euros: 1,000 make the 50 pages of the bench and the scale tests.
		 * @param {number} count
		 * @param {{ apiKey?: string, prefix?: string, credit?: number }} [options]
		 */
		seedSubaccounts: (count, { apiKey, prefix = 'seeded-sub-', credit = 100 } = {}) => {
			const account = pickAccount(apiKey);
			for (let n = 0; n < count; n++)
				account.subaccounts.push(completeSubaccount({ token: `${prefix}${n}`, credit }));
		},
		/**
		 * A recipient answers a message: posts SMS Partner's reply payload (JSON,
		 * `{ type, phone_number, text, message_id }`) to the message's `urlResponse`,
		 * or else to the account's `replyUrl` (see setReplyUrl), as SMS Partner does for
		 * replies to the short code. A reply to a message sent from a long number
		 * (/vn/send) goes to the same URL as a message to that long number instead
		 * (see longNumberMessage; `type` is refused there, and a STOP is only text). Without `messageId`, the latest message sent to
		 * that number (any form) that has gone out (not cancelled, not still scheduled).
		 * `type: 'stop'` (or a text of STOP) also puts the number on the STOP list, as
		 * an opt-out does. Logged in `callbacks` (kind 'reply' or 'stop').
		 * @param {Reply} reply
		 * @returns {Promise<{ status: number, body: string }>} what the reply URL answered
		 * (any status); throws when it cannot be reached, or on bad input
		 */
		reply: async ({ messageId, phoneNumber, text, type, apiKey }) => {
			const account = pickAccount(apiKey);
			const number = normalisePhone(phoneNumber);
			if (!number)
				throw new SandboxInputError(
					`phoneNumber must be a phone number (got ${JSON.stringify(phoneNumber)})`,
				);
			if (typeof text !== 'string') throw new SandboxInputError('text is required');
			if (type !== undefined && type !== 'response' && type !== 'stop')
				throw new SandboxInputError(`type must be response or stop (got ${JSON.stringify(type)})`);
			const sentTo = (message) =>
				message.recipients.some((recipient) => recipient.phoneNumber === number);
			let message;
			if (given(messageId)) {
				message = findMessage(account, messageId);
				if (!message) throw new SandboxInputError(`The sandbox sent no message ${messageId}`);
				if (!sentTo(message))
					throw new SandboxInputError(`${phoneNumber} is not a recipient of message ${messageId}`);
			} else {
				const now = Date.now();
				message = [...account.messages]
					.reverse()
					.find((sent) => sentTo(sent) && !sent.cancelled && (sent.scheduledFor ?? 0) <= now);
				if (!message)
					throw new SandboxInputError(
						`The sandbox has sent no message to ${phoneNumber} yet (cancelled and still scheduled ones do not count)`,
					);
			}
			const url = given(message.urlResponse) ? message.urlResponse : account.replyUrl;
			if (!given(url))
				throw new SandboxInputError(
					`Message ${message.id} was sent without a urlResponse, and the account has no replyUrl`,
				);
			if (given(message.from)) {
				// A reply to a long-number send is a message to that long number (§6.3): no
				// type, no message_id; whether a STOP there joins the STOP list is undocumented.
				if (type !== undefined)
					throw new SandboxInputError(
						`Message ${message.id} went from the long number ${message.from}: its replies have no type`,
					);
				const [answer] = await sandbox.longNumberMessage({
					url,
					from: number,
					to: message.from,
					text,
				});
				return answer;
			}
			const kind = type ?? (/^\s*stop\s*$/i.test(text) ? 'stop' : 'response');
			if (kind === 'stop') sandbox.addStop(number, apiKey);
			const entry = await callBack(kind === 'stop' ? 'stop' : 'reply', url, 'json', {
				type: kind,
				phone_number: number,
				text,
				message_id: message.id,
			});
			if (entry.status === null)
				throw new CallbackFailedError(`The reply to ${entry.url} got no answer: ${entry.error}`);
			return { status: entry.status, body: entry.answer ?? '' };
		},
		/**
		 * Sets an account's dashboard reply URL ("URL de réception des réponses"),
		 * where replies to sends without urlResponse go; null or '' clears it.
		 * @param {string | null} url
		 * @param {string} [apiKey] the account (default: the first one)
		 */
		setReplyUrl: (url, apiKey) => {
			const account = pickAccount(apiKey);
			if (url === null || url === '') delete account.replyUrl;
			else if (url === undefined) throw new SandboxInputError('url is required (null clears it)');
			else account.replyUrl = checkUrl(url, 'url');
		},
		/**
		 * How delivery reports go from now on (reports already under way keep theirs).
		 * @param {DlrFormat} format 'get', 'json' or 'form'
		 * @returns {DlrFormat}
		 */
		setDlrFormat: (format) => {
			sandbox.dlrFormat = checkCallbackFormat(format, 'format');
			return sandbox.dlrFormat;
		},
		/**
		 * Makes a message final now (moves its `sentAt`, and a `scheduledFor` still to
		 * come, back) and posts the delivery reports its recipients do not have yet,
		 * waiting for them and for any under way. No report is ever posted twice.
		 * @param {number | string} messageId
		 * @param {string} [apiKey] the account that sent it (default: the first one)
		 * @returns {Promise<CallbackRecord[]>} the message's delivery reports as logged, one per
		 * recipient, whether this call or its timer posted them; none without urlDlr
		 */
		deliverNow: async (messageId, apiKey) => {
			const message = findMessage(pickAccount(apiKey), messageId);
			if (!message) throw new SandboxInputError(`The sandbox sent no message ${messageId}`);
			if (message.cancelled)
				throw new SandboxInputError(`Message ${messageId} was cancelled: it is never delivered`);
			const now = Date.now();
			if (message.scheduledFor !== null && message.scheduledFor > now) message.scheduledFor = now;
			message.sentAt = Math.min(message.sentAt, now - sandbox.deliveryMs);
			disarmReports(message);
			if (!given(message.urlDlr)) return [];
			await postReports(message);
			return [...(reportsOf.get(message) ?? [])];
		},
		/** @returns {number[]} the messages whose delivery reports wait on a timer */
		pendingReports: () => [...reportTimers.keys()].map((message) => message.id),
		/**
		 * What HLR lookups of this number (any form) find from now on (lookups already
		 * asked keep theirs): 'reachable' (the default), 'absent' (phone off) or
		 * 'unknownSubscriber' (no such number).
		 * @param {string} phoneNumber
		 * @param {HlrOutcome} outcome
		 * @returns {{ phoneNumber: string, outcome: HlrOutcome }}
		 */
		setHlrOutcome: (phoneNumber, outcome) => {
			const number = normalisePhone(phoneNumber);
			if (!number)
				throw new SandboxInputError(
					`phoneNumber must be a phone number (got ${JSON.stringify(phoneNumber)})`,
				);
			if (!Object.hasOwn(HLR_OUTCOMES, outcome))
				throw new SandboxInputError(
					`outcome must be one of ${Object.keys(HLR_OUTCOMES).join(', ')} (got ${JSON.stringify(outcome)})`,
				);
			if (outcome === 'reachable') sandbox.hlrOutcomes.delete(number);
			else sandbox.hlrOutcomes.set(number, outcome);
			return { phoneNumber: number, outcome };
		},
		/**
		 * How HLR results go from now on.
		 * @param {DlrFormat} format 'get', 'json' or 'form'
		 * @returns {DlrFormat}
		 */
		setHlrFormat: (format) => {
			sandbox.hlrFormat = checkCallbackFormat(format, 'format');
			return sandbox.hlrFormat;
		},
		/** @returns {string[]} the HLR lookups whose results wait on a timer */
		pendingHlr: () =>
			[...hlrLookups.entries()]
				.filter(([, lookup]) => lookup.timer !== undefined)
				.map(([campaignId]) => campaignId),
		/**
		 * Posts an HLR lookup's results now (those not posted yet), waiting for them and
		 * for any under way; its timer is cleared. No result is ever posted twice.
		 * @param {string} campaignId
		 * @returns {Promise<CallbackRecord[]>} the lookup's results as logged, one per number
		 */
		hlrNow: async (campaignId) => {
			const lookup = hlrLookups.get(String(campaignId).trim());
			if (!lookup) throw new SandboxInputError(`The sandbox made no HLR lookup ${campaignId}`);
			clearTimeout(lookup.timer);
			lookup.timer = undefined;
			await postHlrResults(lookup);
			return [...lookup.records];
		},
		/**
		 * Someone writes to a rented long number: posts SMS Partner's long-number
		 * payload (§6.3) to `url`, one request per part, one after another. `from`
		 * (default 33612345678) and `to` (default 33700000000) are sent as digits
		 * without '+'. With `parts` > 1 the text is cut into that many nearly equal
		 * parts, each with `concat: 'true'` and its `concat-ref` (the same for all parts,
		 * new for each message), `concat-total` and `concat-part` (1-based). `format`:
		 * 'json' (default), 'form' or 'get'; `order`: 'inOrder' (default) or 'reverse';
		 * `repeatPart`: that part (1-based) is posted twice, identical. Logged in
		 * `callbacks` (kind 'longNumber').
		 * @param {LongNumberMessage} message
		 * @returns {Promise<Array<{ status: number, body: string }>>} what the URL answered to
		 * each request, in the order posted; throws when it cannot be reached, or on bad input
		 */
		longNumberMessage: async ({
			url,
			from = DEFAULT_LONG_NUMBER_SENDER,
			to = DEFAULT_LONG_NUMBER,
			text,
			parts = 1,
			format = 'json',
			order = 'inOrder',
			repeatPart,
		}) => {
			checkUrl(url, 'url');
			const msisdn = longNumberDigits(from, 'from');
			const longNumber = longNumberDigits(to, 'to');
			if (typeof text !== 'string' || text.trim() === '')
				throw new SandboxInputError('text is required');
			const most = Math.min(MAX_CONCAT_PARTS, Array.from(text).length);
			const count = Number(parts);
			if (!Number.isInteger(count) || count < 1 || count > most)
				throw new SandboxInputError(
					`parts must be a whole number from 1 to ${most} for this text (got ${JSON.stringify(parts)})`,
				);
			checkCallbackFormat(format, 'format');
			if (order !== 'inOrder' && order !== 'reverse')
				throw new SandboxInputError(
					`order must be inOrder or reverse (got ${JSON.stringify(order)})`,
				);
			const repeated = repeatPart === undefined ? undefined : Number(repeatPart);
			if (
				repeated !== undefined &&
				(!Number.isInteger(repeated) || repeated < 1 || repeated > count)
			)
				throw new SandboxInputError(
					`repeatPart must be a part number from 1 to ${count} (got ${JSON.stringify(repeatPart)})`,
				);
			const keyword = text.trim().split(/\s+/)[0].toUpperCase();
			const timestamp = parisText(Date.now());
			const concatRef = String(nextConcatRef++);
			const payloads = cutText(text, count).map((piece, index) => ({
				msisdn,
				to: longNumber,
				messageId: `0200000${String(nextInboundId++).padStart(10, '0')}`,
				text: piece,
				type: 'text',
				keyword,
				'message-timestamp': timestamp,
				...(count > 1
					? {
							concat: 'true',
							'concat-ref': concatRef,
							'concat-total': String(count),
							'concat-part': String(index + 1),
						}
					: {}),
			}));
			const ordered = order === 'reverse' ? [...payloads].reverse() : payloads;
			const sequence = ordered.flatMap((payload) =>
				payload === payloads[(repeated ?? 0) - 1] ? [payload, payload] : [payload],
			);
			const results = [];
			for (const payload of sequence) {
				const entry = await callBack('longNumber', url, format, payload);
				if (entry.status === null)
					throw new CallbackFailedError(
						`The long-number message to ${entry.url} got no answer: ${entry.error}`,
					);
				results.push({ status: entry.status, body: entry.answer ?? '' });
			}
			return results;
		},
		/** Stops the delivery-report and HLR timers, aborts the callbacks under way, and stops listening. */
		close: async () => {
			for (const message of [...reportTimers.keys()]) disarmReports(message);
			for (const lookup of hlrLookups.values()) {
				clearTimeout(lookup.timer);
				lookup.timer = undefined;
			}
			closing.abort();
			await Promise.allSettled([
				...callbacksInFlight,
				...reportsInFlight.values(),
				...[...hlrLookups.values()].map((lookup) => lookup.posting),
			]);
			await new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			});
		},
	});
}

module.exports = { startSandbox, defaultState, demoAccount, MESSAGES };
