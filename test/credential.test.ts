/** The "SMS Partner API" credential, as built: where the key goes, and its Test request against the sandbox. */
import type { ICredentialType, IHttpRequestOptions } from 'n8n-workflow';

import { startSandbox } from '../sandbox/server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SmsPartnerApi } = require('../dist/credentials/SmsPartnerApi.credentials.js') as {
	SmsPartnerApi: new () => ICredentialType;
};
const credential = new SmsPartnerApi();
const authenticate = credential.authenticate as (
	credentials: Record<string, unknown>,
	request: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;

test('names and fields are the public contract', () => {
	expect(credential.name).toBe('smsPartnerApi');
	expect(credential.displayName).toBe('SMS Partner API');
	const [apiKey, baseUrl] = credential.properties;
	expect(apiKey).toMatchObject({ name: 'apiKey', type: 'string', typeOptions: { password: true } });
	expect(baseUrl).toMatchObject({ name: 'baseUrl', default: 'https://api.smspartner.fr/v1' });
});

test('the key goes into the JSON body of a POST and the query of a GET, never both', async () => {
	const post = await authenticate({ apiKey: 'k' }, { method: 'POST', url: '/x', body: { credit: 1 } });
	expect(post.body).toEqual({ credit: 1, apiKey: 'k' });
	expect(post.qs).toBeUndefined();

	const get = await authenticate({ apiKey: 'k' }, { method: 'GET', url: '/me', qs: { page: 2 } });
	expect(get.qs).toEqual({ page: 2, apiKey: 'k' });
	expect(get.body).toBeUndefined();
});

describe("the credential's Test request", () => {
	async function testCredential(apiKey: string) {
		const sandbox = await startSandbox();
		try {
			const { request } = credential.test!;
			const authenticated = await authenticate({ apiKey }, { method: request.method, url: request.url! });
			const url = new URL(`${sandbox.baseUrl}${authenticated.url}`);
			for (const [name, value] of Object.entries(authenticated.qs ?? {})) url.searchParams.set(name, String(value));
			const body = (await (await fetch(url)).json()) as Record<string, unknown>;
			const failed = credential.test!.rules!.find(
				(rule) => rule.type === 'responseSuccessBody' && body[rule.properties.key as string] === rule.properties.value,
			);
			return failed ? (failed.properties as { message: string }).message : 'OK';
		} finally {
			await sandbox.close();
		}
	}

	test('passes with the right key', async () => {
		expect(await testCredential('sandbox-main-key-7f3a9c')).toBe('OK');
	});

	test('says "Invalid API key" with a wrong one', async () => {
		expect(await testCredential('wrong')).toBe('Invalid API key');
	});
});
