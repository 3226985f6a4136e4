'use strict';
/**
 * A local stand-in for SMS Partner's HTTP API (https://api.smspartner.fr/v1), for
 * the tests and for trying the node. It keeps accounts and sub-accounts in memory,
 * moves money as the real API does, and answers each control code from real
 * conditions, in JSON or in the positional XML form. It can also misbehave on
 * request (`fault`). Never exposed beyond 127.0.0.1.
 *
 * Endpoints: GET /me, POST /subaccount/credit/remove, POST /subaccount/credit/add,
 * GET /subaccount/list, POST /subaccount/create, DELETE /subaccount/remove.
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

const ACCOUNT_STATUS_CODES = { disabled: 20, blocked: 30, apiDenied: 40, ipNotAllowed: 96 };

/** Euros kept to the thousandth, as SMS Partner does. */
const round = (amount) => Math.round(amount * 1000) / 1000;

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
	return `<?xml version="1.0" encoding="UTF-8"?>\n<result>${Object.values(answer).map(xmlEntry).join('')}</result>`;
}

/**
 * @typedef {{ credits?: any, balance?: any, omit?: string[] }} Listed what the list says of a sub-account, when it says something odd
 * @typedef {{ token: string, credit: number, email?: string, id?: number, type?: string, apiKey?: string, createdAt?: string, listed?: Listed }} Subaccount
 * @typedef {{ apiKey: string, username: string, credit: number, subaccountsEnabled: boolean, status: string, subaccounts: Subaccount[] }} Account
 * @typedef {{ accounts: Account[] }} State
 */

/**
 * @param {object} [options]
 * @param {number} [options.port] 0 (default) for a free port
 * @param {State} [options.state] accounts to start with (default: a demo account)
 * @param {'200'|'4xx'} [options.errorStatus] how refusals are sent: always HTTP 200, or with a 4xx status
 * @param {boolean} [options.balancesAsStrings] answer credit moves' balances as "61.800" strings
 * @param {number} [options.answerDelayMs] wait this long before answering (a slow network)
 * @param {string} [options.host] a loopback address to listen on (default 127.0.0.1; e.g. 127.0.0.2 for a second host)
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
		/** @type {Array<{ method: string, path: string, query: Record<string, string>, body: any, contentType?: string }>} Every request received. */
		calls: [],
		/** Requests being handled right now, and the most there ever were at once. */
		inFlight: 0,
		peakInFlight: 0,
	};
	for (const account of sandbox.state.accounts) account.subaccounts.forEach(completeSubaccount);

	const amount = (value) => (sandbox.balancesAsStrings ? round(value).toFixed(3) : round(value));

	function accountOf(apiKey) {
		return sandbox.state.accounts.find((account) => account.apiKey === apiKey);
	}

	function findSubaccount(token, apiKey) {
		const account = apiKey === undefined ? sandbox.state.accounts[0] : accountOf(apiKey);
		return account?.subaccounts.find((sub) => sub.token === token);
	}

	function refuse(code, message, messages = MESSAGES) {
		return {
			status:
				sandbox.errorStatus === '4xx' || code === 404 ? (HTTP_STATUS_OF_CODE[code] ?? 400) : 200,
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
				creditSms: Math.floor(account.credit / 0.045),
				creditSmsECO: Math.floor(account.credit / 0.035),
				creditHlr: Math.floor(account.credit / 0.005),
				toSend: 0,
				balance: round(account.credit).toFixed(3),
				currency: 'EUR',
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

	const routes = {
		'GET /me': me,
		'POST /subaccount/credit/remove': (params) => moveCredit(params, 'remove'),
		'POST /subaccount/credit/add': (params) => moveCredit(params, 'add'),
		'GET /subaccount/list': list,
		'POST /subaccount/create': create,
		'DELETE /subaccount/remove': remove,
	};

	function readBody(request) {
		return new Promise((resolve, reject) => {
			const chunks = [];
			request.on('data', (chunk) => chunks.push(chunk));
			request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
			request.on('error', reject);
		});
	}

	function takeFault(keys) {
		const key = keys.find((candidate) => candidate !== undefined && sandbox.faults.has(candidate));
		if (key === undefined) return undefined;
		const fault = sandbox.faults.get(key);
		if (fault.times !== undefined && --fault.times <= 0) sandbox.faults.delete(key);
		return fault;
	}

	async function handle(request, response) {
		const url = new URL(request.url, 'http://sandbox.local');
		const query = Object.fromEntries(url.searchParams);
		const text = await readBody(request);
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
		sandbox.calls.push({
			method: request.method,
			path: path ?? url.pathname,
			query,
			body,
			contentType: request.headers['content-type'],
		});

		const route = path === null ? undefined : routes[`${request.method} ${path}`];
		if (!route) {
			response.writeHead(404, { 'Content-Type': 'text/html' });
			response.end('<html><body><h1>404 Not Found</h1></body></html>');
			return;
		}
		const params = request.method === 'GET' ? query : { ...query, ...(body ?? {}) };
		const format = params._format === 'xml' ? 'xml' : 'json';
		const fault = takeFault([params.tokenSubaccount, params.token, path]);
		const outcome = malformed
			? refuse(90)
			: fault && !fault.act
				? { status: 200, answer: undefined }
				: route(params);
		const delayMs = fault?.delayMs ?? sandbox.answerDelayMs;
		if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
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
		 * Makes requests for a sub-account token (or, for calls without one, a path
		 * such as '/subaccount/list') misbehave:
		 * - `answer` (an object, sent as JSON or XML like any answer) or `body` (raw text),
		 *   with `status`, `contentType`, `headers` (e.g. Retry-After);
		 * - `reset`: drop the connection instead of answering;
		 * - `delayMs`: answer late;
		 * - `act`: carry the real call out first (money moves), then misbehave;
		 * - `trickleMs`: send the whole answer (status line and headers too) one byte at a time;
		 * - `padBytes`: put that many bytes of spaces before the body; `endless`: filler forever;
		 * - `times`: only for the next N requests (default: all).
		 */
		fault: (key, fault) => sandbox.faults.set(key, { ...fault }),
		/** Answers this control code for the token or path (for codes no real condition gives). */
		forceCode: (key, code, message) => {
			const { status, answer } = refuse(code, message);
			sandbox.faults.set(key, { status, answer });
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	});
}

module.exports = { startSandbox, defaultState, demoAccount, MESSAGES };
