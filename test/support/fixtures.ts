/** What the engine tests share: the sandbox and its accounts (from ./sandbox), the node's parameters, runs. */
import { allText, runWorkflow, type RunOptions, type RunResult } from './harness';
import { ALL_KEYS, credentialsFor, KEY, type TestSandbox } from './sandbox';

export {
	ACCOUNT_REFUSALS,
	ALL_KEYS,
	allSubaccountKeys,
	credentialsFor,
	KEY,
	KEYS,
	sandboxFixture,
	startTestSandbox,
	TWIN_KEY,
	type TestSandbox,
} from './sandbox';

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
	sandbox: Pick<TestSandbox, 'baseUrl'>,
	options: Omit<RunOptions, 'credentials'> & {
		apiKey?: string;
		testMode?: boolean | string | number;
	},
): Promise<RunResult> {
	const { apiKey = KEY, testMode, ...rest } = options;
	const result = await runWorkflow({
		...rest,
		credentials: {
			...credentialsFor(sandbox, apiKey),
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
