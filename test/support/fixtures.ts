import { demoAccount, startSandbox } from '../../sandbox/server';
import { allText, runWorkflow, type RunOptions, type RunResult } from './harness';

export const KEY = 'test-main-key-5d1e0b7c';
/** A second account with the same sub-accounts and balances, so two runs can be compared. */
export const TWIN_KEY = 'test-twin-key-92c4e1aa';
/** Accounts whose state makes SMS Partner refuse: each key gives its control code. */
export const KEYS = {
	noSubaccounts: 'test-key-no-subaccounts-4',
	disabled: 'test-key-disabled-20',
	blocked: 'test-key-blocked-30',
	apiDenied: 'test-key-api-denied-40',
	ipNotAllowed: 'test-key-ip-96',
};
export const ALL_KEYS = [KEY, TWIN_KEY, ...Object.values(KEYS)];

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Refusals any call gets from the state of the account behind the key: code, meaning, that key. */
export const ACCOUNT_REFUSALS = [
	{ code: 1, message: 'The API key is required', apiKey: '' },
	{ code: 10, message: 'Invalid API key', apiKey: 'wrong-key-0000' },
	{ code: 20, message: 'The SMS Partner account is disabled', apiKey: KEYS.disabled },
	{ code: 30, message: 'The SMS Partner account is blocked', apiKey: KEYS.blocked },
	{ code: 40, message: 'API access is denied for this account', apiKey: KEYS.apiDenied },
	{
		code: 96,
		message: "This server's IP address is not authorized for the API key",
		apiKey: KEYS.ipNotAllowed,
	},
];

function otherAccount(apiKey: string, overrides: object) {
	return {
		apiKey,
		username: `other-${Object.keys(overrides).join('-')}@sandbox.local`,
		credit: 10,
		subaccountsEnabled: true,
		status: 'active',
		subaccounts: [{ token: 'sub-alpha', email: 'x@sandbox.local', credit: 100 }],
		...overrides,
	};
}

export async function startTestSandbox(
	options: Parameters<typeof startSandbox>[0] = {},
): Promise<Sandbox> {
	return await startSandbox({
		state: {
			accounts: [
				demoAccount(KEY, 'main@sandbox.local'),
				demoAccount(TWIN_KEY, 'twin@sandbox.local'),
				otherAccount(KEYS.noSubaccounts, { subaccountsEnabled: false }),
				otherAccount(KEYS.disabled, { status: 'disabled' }),
				otherAccount(KEYS.blocked, { status: 'blocked' }),
				otherAccount(KEYS.apiDenied, { status: 'apiDenied' }),
				otherAccount(KEYS.ipNotAllowed, { status: 'ipNotAllowed' }),
			],
		},
		...options,
	});
}

export const REMOVE_CREDIT = '/subaccount/credit/remove';

/** The node's parameters for one operation. */
export function operation(
	resource: string,
	name: string,
	parameters: Record<string, unknown> = {},
) {
	return { resource, operation: name, ...parameters };
}

export function removeCredit(parameters: Record<string, unknown> = {}) {
	return {
		resource: 'subAccount',
		operation: 'removeCredit',
		subaccount: '={{ $json.token }}',
		credit: '={{ $json.amount }}',
		...parameters,
	};
}

/** The spellings of a key a hostile server may echo: any case, URL-encoded, JSON-escaped. */
export function keySpellings(key: string): string[] {
	return [key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1)].map((spelling) =>
		spelling.toLowerCase(),
	);
}

/** Runs the workflow against the sandbox and checks that no API key shows up anywhere in the run record, in any spelling. */
export async function run(
	sandbox: Sandbox,
	options: Omit<RunOptions, 'credentials'> & {
		apiKey?: string;
		testMode?: boolean | string | number;
	},
): Promise<RunResult> {
	const { apiKey = KEY, testMode, ...rest } = options;
	const result = await runWorkflow({
		...rest,
		credentials: {
			apiKey,
			baseUrl: sandbox.baseUrl,
			...(testMode !== undefined ? { testMode } : {}),
		},
	});
	const record = allText(result.run).toLowerCase();
	for (const key of [...ALL_KEYS, apiKey]) {
		if (key.length < 4) continue;
		for (const spelling of keySpellings(key)) {
			if (record.includes(spelling))
				throw new Error(`The API key ${key} appears in the run record (as ${spelling})`);
		}
	}
	return result;
}

/** Every sub-account's own API key in the sandbox: secrets the node must not output unasked. */
export function allSubaccountKeys(sandbox: Sandbox): string[] {
	return sandbox.state.accounts[0].subaccounts.map((sub) => sub.apiKey ?? '');
}
