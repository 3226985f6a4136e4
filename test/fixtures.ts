import { startSandbox } from '../sandbox/server';
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

function otherAccount(apiKey: string, overrides: object) {
	return {
		apiKey,
		username: `${apiKey}@sandbox.local`,
		credit: 10,
		subaccountsEnabled: true,
		status: 'active',
		subaccounts: [{ token: 'sub-alpha', email: 'x@sandbox.local', credit: 100 }],
		...overrides,
	};
}

function mainAccount(apiKey: string) {
	return {
		apiKey,
		username: `${apiKey}@sandbox.local`,
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

export async function startTestSandbox(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
	return await startSandbox({
		state: {
			accounts: [
				mainAccount(KEY),
				mainAccount(TWIN_KEY),
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

export function removeCredit(parameters: Record<string, unknown> = {}) {
	return {
		resource: 'subAccount',
		operation: 'removeCredit',
		tokenSubaccount: '={{ $json.token }}',
		credit: '={{ $json.amount }}',
		...parameters,
	};
}

/** Runs the workflow against the sandbox and checks that no API key shows up anywhere in the run record. */
export async function run(
	sandbox: Sandbox,
	options: Omit<RunOptions, 'credentials'> & { apiKey?: string },
): Promise<RunResult> {
	const { apiKey = KEY, ...rest } = options;
	const result = await runWorkflow({ ...rest, credentials: { apiKey, baseUrl: sandbox.baseUrl } });
	const record = allText(result.run);
	for (const key of ALL_KEYS) {
		if (key !== '' && record.includes(key)) throw new Error(`The API key ${key} appears in the run record`);
	}
	return result;
}
