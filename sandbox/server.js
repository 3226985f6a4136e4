'use strict';
/**
 * A local stand-in for SMS Partner's HTTP API (https://api.smspartner.fr/v1), for
 * the tests and for trying the node. It keeps accounts and sub-accounts in memory,
 * moves money as the real API does, and answers each control code from real
 * conditions, in JSON or in the positional XML form. Never exposed beyond 127.0.0.1.
 */
const http = require('node:http');

const API_PREFIX = '/v1';

/** HTTP statuses used when the sandbox answers refusals "the 4xx way". */
const HTTP_STATUS_OF_CODE = {
	1: 400, 2: 400, 3: 400, 5: 400, 6: 400, 8: 400, 11: 400, 90: 400,
	4: 403, 20: 403, 30: 403, 40: 403, 96: 403,
	7: 404,
	10: 401,
};

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
};

const ACCOUNT_STATUS_CODES = { disabled: 20, blocked: 30, apiDenied: 40, ipNotAllowed: 96 };

/** Euros kept to the thousandth, as SMS Partner does. */
const round = (amount) => Math.round(amount * 1000) / 1000;

function defaultState() {
	return {
		accounts: [
			{
				apiKey: 'sandbox-main-key-7f3a9c',
				username: 'demo@sandbox.local',
				credit: 1000,
				subaccountsEnabled: true,
				status: 'active',
				subaccounts: [
					{ token: 'sub-alpha', email: 'alpha@sandbox.local', credit: 150 },
					{ token: 'sub-beta', email: 'beta@sandbox.local', credit: 20.5 },
					{ token: 'sub-empty', email: 'empty@sandbox.local', credit: 0 },
				],
			},
		],
	};
}

function xmlEntry(value) {
	if (typeof value === 'string') return `<entry><![CDATA[${value}]]></entry>`;
	return `<entry>${String(value)}</entry>`;
}

/** SMS Partner's XML drops names: each top-level value becomes an <entry>, in JSON order. */
function toXml(answer) {
	const entries = Object.values(answer)
		.filter((value) => value === null || typeof value !== 'object')
		.map(xmlEntry)
		.join('');
	return `<?xml version="1.0" encoding="UTF-8"?>\n<result>${entries}</result>`;
}

/**
 * @param {object} [options]
 * @param {number} [options.port] 0 (default) for a free port
 * @param {object} [options.state] accounts to start with (default: a demo account)
 * @param {'200'|'4xx'} [options.errorStatus] how refusals are sent: always HTTP 200, or with a 4xx status
 * @param {boolean} [options.balancesAsStrings] answer balances as "61.800" strings
 * @param {number} [options.answerDelayMs] wait this long before answering (a slow network)
 */
async function startSandbox(options = {}) {
	const sandbox = {
		state: options.state ?? defaultState(),
		errorStatus: options.errorStatus ?? '200',
		balancesAsStrings: options.balancesAsStrings ?? false,
		answerDelayMs: options.answerDelayMs ?? 0,
		/** Misbehaviour switched on per sub-account token: see `fault()` below. */
		faults: new Map(),
		/** @type {Array<{ method: string, path: string, query: Record<string, string>, body: any, contentType?: string }>} Every request received. */
		calls: [],
	};

	const amount = (value) => (sandbox.balancesAsStrings ? round(value).toFixed(3) : round(value));

	function accountOf(apiKey) {
		return sandbox.state.accounts.find((account) => account.apiKey === apiKey);
	}

	function refuse(code, message) {
		return {
			status: sandbox.errorStatus === '4xx' ? HTTP_STATUS_OF_CODE[code] ?? 400 : 200,
			answer: { success: false, code, message: message ?? MESSAGES[code] ?? 'Error' },
		};
	}

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
		return {
			status: 200,
			answer: {
				success: true,
				code: 200,
				user: { username: account.username, firstname: 'Demo', lastname: 'Sandbox' },
				credits: {
					creditSms: Math.floor(account.credit / 0.045),
					creditSmsECO: Math.floor(account.credit / 0.035),
					creditHlr: Math.floor(account.credit / 0.005),
					toSend: 0,
					balance: round(account.credit).toFixed(3),
					currency: 'EUR',
				},
			},
		};
	}

	function removeCredit(params) {
		const { account, refusal } = authenticate(params.apiKey);
		if (refusal) return refusal;
		if (params.credit === undefined || params.credit === null || params.credit === '') return refuse(2);
		if (!params.tokenSubaccount) return refuse(3);
		if (!account.subaccountsEnabled) return refuse(4);
		const credit = Number(params.credit);
		if (!Number.isFinite(credit) || credit <= 0) return refuse(5);
		const subaccount = account.subaccounts.find((sub) => sub.token === params.tokenSubaccount);
		if (!subaccount) return refuse(7);
		if (subaccount.credit <= 0) return refuse(6);
		if (round(credit) > round(subaccount.credit)) return refuse(8);
		subaccount.credit = round(subaccount.credit - credit);
		account.credit = round(account.credit + credit);
		return {
			status: 200,
			answer: {
				success: true,
				code: 200,
				credit: amount(account.credit),
				subaccountCredit: amount(subaccount.credit),
				currency: 'EUR',
			},
		};
	}

	const routes = {
		'GET /me': me,
		'POST /subaccount/credit/remove': removeCredit,
	};

	function readBody(request) {
		return new Promise((resolve, reject) => {
			const chunks = [];
			request.on('data', (chunk) => chunks.push(chunk));
			request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
			request.on('error', reject);
		});
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
		sandbox.calls.push({ method: request.method, path: path ?? url.pathname, query, body, contentType: request.headers['content-type'] });

		const route = path === null ? undefined : routes[`${request.method} ${path}`];
		if (!route) {
			response.writeHead(404, { 'Content-Type': 'text/html' });
			response.end('<html><body><h1>404 Not Found</h1></body></html>');
			return;
		}
		const params = request.method === 'GET' ? query : { ...query, ...(body ?? {}) };
		const format = params._format === 'xml' ? 'xml' : 'json';
		const fault = takeFault(params.tokenSubaccount);
		const outcome = malformed ? refuse(90) : fault && !fault.act ? { status: 200, answer: undefined } : route(params);
		const delayMs = fault?.delayMs ?? sandbox.answerDelayMs;
		if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
		if (fault?.reset) {
			request.socket.destroy();
			return;
		}
		const answer = fault?.answer ?? outcome.answer;
		const reply = fault?.body ?? (format === 'xml' ? toXml(answer) : JSON.stringify(answer));
		response.writeHead(fault?.status ?? outcome.status, {
			'Content-Type': fault?.contentType ?? (format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json'),
			...(fault?.headers ?? {}),
		});
		response.end(reply);
	}

	function takeFault(token) {
		const fault = token === undefined ? undefined : sandbox.faults.get(token);
		if (!fault) return undefined;
		if (fault.times !== undefined && --fault.times <= 0) sandbox.faults.delete(token);
		return fault;
	}

	const server = http.createServer((request, response) => {
		handle(request, response).catch(() => {
			response.writeHead(500);
			response.end();
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const { port } = server.address();

	return Object.assign(sandbox, {
		port,
		baseUrl: `http://127.0.0.1:${port}${API_PREFIX}`,
		/** How many requests reached a path (e.g. '/subaccount/credit/remove'). */
		callCount: (path) => sandbox.calls.filter((call) => path === undefined || call.path === path).length,
		account: (apiKey) => accountOf(apiKey),
		/** A sub-account of the given account (default: the first one). */
		subaccount: (token, apiKey) =>
			(apiKey === undefined ? sandbox.state.accounts[0] : accountOf(apiKey))?.subaccounts.find(
				(sub) => sub.token === token,
			),
		/**
		 * Makes requests for this sub-account token misbehave:
		 * - `answer` (an object, sent as JSON or XML like any answer) or `body` (raw text),
		 *   with `status`, `contentType`, `headers` (e.g. Retry-After);
		 * - `reset`: drop the connection instead of answering;
		 * - `delayMs`: answer late;
		 * - `act`: carry the real call out first (money moves), then misbehave;
		 * - `times`: only for the next N requests (default: all).
		 */
		fault: (token, fault) => sandbox.faults.set(token, { ...fault }),
		/** Answers this control code for the token (for codes no real condition gives). */
		forceCode: (token, code, message) => {
			const { status, answer } = refuse(code, message);
			sandbox.faults.set(token, { status, answer });
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	});
}

module.exports = { startSandbox, defaultState, MESSAGES };
