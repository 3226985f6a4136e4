/**
 * The run's credential: read once per execution (or poll), its Base URL checked,
 * its API key for masking, its Test Mode.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CREDENTIAL_TYPE, DEFAULT_BASE_URL } from '../api/common';
import { invalidInput } from '../helpers/errors';
import { isHttpUrl } from '../helpers/shapes';
import type { SmsPartnerContext } from './call';
import { unreadableCredential } from './failures';

/** The last Base URL checked, and its checked form: every request of a run uses the same one. */
let lastBaseUrl: { stored: unknown; checked: string } | undefined;

export function validateBaseUrl(value: unknown): string {
	if (lastBaseUrl && lastBaseUrl.stored === value) return lastBaseUrl.checked;
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_BASE_URL;
	if (!isHttpUrl(text)) {
		throw invalidInput(
			'baseUrl',
			`The Base URL "${text}" in the 'SMS Partner API' credential is not an http(s) address`,
		);
	}
	lastBaseUrl = { stored: value, checked: text.replace(/\/+$/, '') };
	return lastBaseUrl.checked;
}

/**
 * The credential, decrypted once per node execution and handed to n8n's request
 * helper, which would otherwise decrypt it (a database read in n8n's server)
 * again for every request. Keyed by the execution's own context object, so
 * nothing outlives it or crosses between executions.
 */
const credentialsOfRun = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();
/** The same credential once read: a request then takes it without waiting a turn. */
const readCredentialsOfRun = new WeakMap<object, ICredentialDataDecryptedObject>();

function runCredentials(context: SmsPartnerContext): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialsOfRun.get(context);
	if (!credentials) {
		credentials = context.getCredentials(CREDENTIAL_TYPE);
		credentialsOfRun.set(context, credentials);
		credentials.then(
			(read) => readCredentialsOfRun.set(context, read),
			() => credentialsOfRun.delete(context),
		);
	}
	return credentials;
}

/**
 * Forgets the credential read for this context: a trigger's poll context may live
 * as long as the activation, and each poll reads the credential afresh.
 */
export function forgetCredentials(context: SmsPartnerContext): void {
	credentialsOfRun.delete(context);
	readCredentialsOfRun.delete(context);
}

/** The credential this execution has already read, if it has. */
export function credentialsAlreadyRead(
	context: SmsPartnerContext,
): ICredentialDataDecryptedObject | undefined {
	return readCredentialsOfRun.get(context);
}

/** The credential for a request: its failure to be read is the request's, nothing sent. */
export async function credentialsForRequest(
	context: SmsPartnerContext,
): Promise<ICredentialDataDecryptedObject> {
	try {
		return await runCredentials(context);
	} catch (error) {
		throw unreadableCredential(error);
	}
}

/** The API key of this execution's credential, once it has been read (for masking). */
export async function apiKeyOfRun(context: SmsPartnerContext): Promise<string | undefined> {
	const credentials = credentialsOfRun.get(context);
	if (!credentials) return undefined;
	try {
		const { apiKey } = await credentials;
		// The key as sent: the credential trims what was pasted around it.
		return typeof apiKey === 'string' ? apiKey.trim() : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Whether this execution's credential is in Test Mode; false when it cannot be
 * read (each request then says why).
 */
export async function testModeOfRun(context: SmsPartnerContext): Promise<boolean> {
	try {
		return getTestMode(await runCredentials(context));
	} catch {
		return false;
	}
}

/**
 * The credential's Test Mode: on or off, as saved, or as an expression in the credential gave it
 * (`true`/`false`, also as text). Anything else (an expression that gave nothing, say) is refused
 * rather than read as off, which would send for real.
 */
export function getTestMode(credentials: ICredentialDataDecryptedObject): boolean {
	const value: unknown = credentials.testMode;
	if (value === undefined || typeof value === 'boolean') return value === true;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	throw invalidInput(
		'testMode',
		`The 'SMS Partner API' credential's Test Mode is ${JSON.stringify(value) ?? String(value)}, neither on nor off`,
		'An expression in the credential probably gave nothing. Set Test Mode on or off in the credential (or make its expression give true or false). Nothing was sent to SMS Partner.',
	);
}
