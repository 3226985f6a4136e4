import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class SmsPartnerApi implements ICredentialType {
	name = 'smsPartnerApi';

	displayName = 'SMS Partner API';

	icon: Icon = {
		light: 'file:../nodes/SmsPartner/smsPartner.svg',
		dark: 'file:../nodes/SmsPartner/smsPartner.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-smspartner#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "Your SMS Partner account's API key (main account, not a sub-account)",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.smspartner.fr/v1',
			description: 'Leave as it is for SMS Partner; change it only to point at a test sandbox',
		},
	];

	/**
	 * SMS Partner has no header authentication: the key travels in the JSON body of
	 * POST and DELETE calls and in the query string of GET calls only.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const apiKey = credentials.apiKey as string;
		const method = (requestOptions.method ?? 'GET').toUpperCase();
		if (method === 'GET') {
			return { ...requestOptions, qs: { ...(requestOptions.qs ?? {}), apiKey } };
		}
		const body = (requestOptions.body ?? {}) as Record<string, unknown>;
		return { ...requestOptions, body: { ...body, apiKey } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/me',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message: 'Invalid API key',
				},
			},
		],
	};
}
