import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

const WHERE_THE_KEY_IS =
	"Use the main account's key, from SMS Partner's dashboard (my.smspartner.fr › Settings › API).";

const NOT_SMS_PARTNER =
	"The Base URL did not answer like SMS Partner's API. Leave it as https://api.smspartner.fr/v1 (a test sandbox's address also ends in /v1).";

/** SMS Partner's codes that say what is wrong with the key or the account. */
const CONTROL_CODE_MESSAGES: Array<[number, string]> = [
	[1, `The API key is empty. ${WHERE_THE_KEY_IS}`],
	[10, `Invalid API key. ${WHERE_THE_KEY_IS}`],
	[20, 'The key is right, but the SMS Partner account is disabled (code 20): contact SMS Partner.'],
	[30, 'The key is right, but the SMS Partner account is blocked (code 30): contact SMS Partner.'],
	[
		40,
		'The key is right, but API access is denied for this account (code 40): enable it in SMS Partner.',
	],
	[
		96,
		"The key is right, but this n8n server's IP address is not allowed to use it (code 96): allow the IP in SMS Partner's API settings.",
	],
];

/** HTTP statuses of answers that are refusals, when SMS Partner sends them that way. */
const SMS_PARTNER_REFUSALS: Array<[number, string]> = [
	[401, `Invalid API key. ${WHERE_THE_KEY_IS}`],
	[
		403,
		"SMS Partner refused access (HTTP 403): the account is disabled or blocked, API access is denied, or this server's IP address is not allowed.",
	],
	[
		404,
		`Nothing answers at this Base URL (HTTP 404). It must end in /v1: https://api.smspartner.fr/v1`,
	],
];

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
			hint: "The main account's key (not a subaccount's), from SMS Partner's dashboard: my.smspartner.fr › Settings › API",
			description: "Your SMS Partner account's API key. Spaces around it are ignored.",
		},
		{
			displayName: 'Test Mode',
			name: 'testMode',
			type: 'boolean',
			default: false,
			hint: "On: every SMS goes in SMS Partner's sandbox mode (nothing sent, nothing billed), and operations that move credit or change the account are refused",
			description:
				"Whether everything done through this credential is a test: every send goes with SMS Partner's sandbox mode whatever the node's options say, and Remove/Add Credit, Create, Delete, Cancel and the Stop List's Add and Remove are refused. Reads (balances, lists, statuses) work as usual.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.smspartner.fr/v1',
			hint: 'Leave as it is. If the Test shows ECONNREFUSED or ENOTFOUND (under "More details"), n8n cannot reach this address.',
			description: 'Change it only to point at a test sandbox; it ends in /v1',
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
		// A key pasted with a space or a line break around it is still the key.
		const apiKey = String(credentials.apiKey ?? '').trim();
		const method = (requestOptions.method ?? 'GET').toUpperCase();
		if (method === 'GET') {
			return { ...requestOptions, qs: { ...(requestOptions.qs ?? {}), apiKey } };
		}
		const body = (requestOptions.body ?? {}) as Record<string, unknown>;
		return { ...requestOptions, body: { ...body, apiKey } };
	}

	/**
	 * n8n's test rules can only compare a value for equality, and fail the test on a
	 * match. So the codes with their own meaning come first, then every way an
	 * answer can fail to be a real `success: true`: false, missing (an HTML page),
	 * or not a boolean at all (`success.constructor.name` is "String", "Number",
	 * "Object" or "Array" for the JSON values that are not).
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/me',
			method: 'GET',
		},
		rules: [
			...SMS_PARTNER_REFUSALS.map(([status, message]) => ({
				type: 'responseCode' as const,
				properties: { value: status, message },
			})),
			...CONTROL_CODE_MESSAGES.map(([code, message]) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'code', value: code, message },
			})),
			{
				type: 'responseSuccessBody',
				properties: { key: 'success', value: false, message: 'SMS Partner refused this API key' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'success', value: null, message: NOT_SMS_PARTNER },
			},
			...[undefined, 'String', 'Number', 'Object', 'Array'].map((kind) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: kind === undefined ? 'success' : 'success.constructor.name',
					value: kind,
					message: NOT_SMS_PARTNER,
				},
			})),
			// n8n's tester reads each rule by its own type; only the declared type forbids a mix.
		] as unknown as IAuthenticateRuleResponseCode[],
	};
}
