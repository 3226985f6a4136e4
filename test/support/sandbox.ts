/**
 * The local SMS Partner sandbox as the tests use it: the test accounts, the
 * credential that points at a sandbox, and the fixture that starts sandboxes and
 * always closes them. It loads no n8n code, so the sandbox's own tests use it too;
 * engine tests get all of it through fixtures.ts.
 */
import { demoAccount, startSandbox } from '../../sandbox/server';

export type TestSandbox = Awaited<ReturnType<typeof startSandbox>>;
export type SandboxOptions = NonNullable<Parameters<typeof startSandbox>[0]>;

export const KEY = 'test-main-key-5d1e0b7c';
/** A second account with the same subaccounts and balances, so two runs can be compared. */
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

/** Starts a sandbox with the test accounts, unless `options.state` gives others. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
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

/** The credential's fields for a key, pointing at a sandbox (or any address that stands for one). */
export function credentialsFor(sandbox: Pick<TestSandbox, 'baseUrl'>, apiKey = KEY) {
	return { apiKey, baseUrl: sandbox.baseUrl };
}

/** Every subaccount's own API key in the sandbox: secrets the node must not output unasked. */
export function allSubaccountKeys(sandbox: TestSandbox): string[] {
	return sandbox.state.accounts[0].subaccounts.map((sub) => sub.apiKey ?? '');
}

export interface SandboxFixture {
	/**
	 * Starts a sandbox (see startTestSandbox). Started in a test or a beforeEach, it
	 * is closed when that test ends; started in a beforeAll, when the file's tests are done.
	 */
	start(options?: SandboxOptions): Promise<TestSandbox>;
	/** Starts a sandbox before each test, or once before all of them; the function returned gives it. */
	startBefore(hook: 'each' | 'all', options?: SandboxOptions): () => TestSandbox;
}

/**
 * The sandboxes of a test file, each closed after the test or the file that
 * started it, whether it passed, failed or closed the sandbox itself. Call it at
 * the top of the file (or of a describe), before hooks that start sandboxes.
 */
export function sandboxFixture(): SandboxFixture {
	const ofTest: TestSandbox[] = [];
	const ofFile: TestSandbox[] = [];
	let inTest = false;
	beforeEach(() => {
		inTest = true;
	});
	afterEach(async () => {
		inTest = false;
		await closeAll(ofTest);
	});
	afterAll(async () => {
		await closeAll(ofFile);
	});

	async function start(options: SandboxOptions = {}): Promise<TestSandbox> {
		// Whose it is depends on when it was asked for, not on when it is ready.
		const owner = inTest ? ofTest : ofFile;
		const sandbox = await startTestSandbox(options);
		owner.push(sandbox);
		return sandbox;
	}

	function startBefore(hook: 'each' | 'all', options: SandboxOptions = {}): () => TestSandbox {
		let sandbox: TestSandbox | undefined;
		(hook === 'each' ? beforeEach : beforeAll)(async () => {
			// A copy each time: the sandbox changes the accounts it is given.
			sandbox = await start(structuredClone(options));
		});
		return () => {
			if (!sandbox)
				throw new Error('The sandbox starts before the tests: read it in a test or hook');
			return sandbox;
		};
	}

	return { start, startBefore };
}

async function closeAll(sandboxes: TestSandbox[]): Promise<void> {
	await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
}
