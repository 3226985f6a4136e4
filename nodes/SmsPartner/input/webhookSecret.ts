/**
 * The secret a callback URL carries. SMS Partner signs nothing it posts, so the URL is
 * the only thing that tells its callbacks from anyone else's posts: the secret makes it
 * unguessable, and is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_MIN_LENGTH = 16;
const SECRET = /^[A-Za-z0-9_-]{16,128}$/;

/** The query parameter that carries the secret on the URL without it in its path. */
export const SECRET_QUERY_PARAMETER = 'secret';
/** The trigger's path after its webhook id; the secret follows it, or comes as ?secret=. */
export const CALLBACK_PATH = 'sms';
/** What stands for a secret in what the node outputs. */
const SECRET_MASK = '***';

/** 32 random URL-safe characters (192 bits). */
export function generateSecret(): string {
	return randomBytes(24).toString('base64url');
}

/** Why a configured secret cannot guard a URL, or undefined when it can. */
export function validateSecret(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '')
		return `Secret is empty: paste this one, generated for you: ${generateSecret()}`;
	if (!SECRET.test(value))
		return `Secret must be ${SECRET_MIN_LENGTH} to 128 letters, digits, - or _ (it goes in the URL); it has ${value.length} characters${/[^A-Za-z0-9_-]/.test(value) ? ', some of them others' : ''}. For example: ${generateSecret()}`;
	return undefined;
}

/** Whether `given` is the secret, in time that does not depend on where they differ. */
export function secretMatches(given: unknown, secret: string): boolean {
	if (typeof given !== 'string') return false;
	const digest = (text: string) => createHash('sha256').update(text).digest();
	return timingSafeEqual(digest(given), digest(secret)) && given.length === secret.length;
}

export interface MaskedCallbackUrl {
	/** The URL with the trigger's secret (and any password in it) masked. */
	url: string;
	/** Whether it has the shape of an SMS Partner Webhook Trigger's URL: …/sms/<secret>, or …/sms?secret=. */
	isWebhookTriggerUrl: boolean;
}

/**
 * A URL a callback goes to, fit for an output: the Webhook Trigger's secret in its path
 * (`…/sms/<secret>`) or its query (`?secret=`), and a password before its host, are masked.
 * The secret is what keeps forged callbacks out; an output goes to execution logs and, for
 * an AI Agent, to its model.
 */
export function maskCallbackUrl(address: string): MaskedCallbackUrl {
	let url: URL;
	try {
		url = new URL(address);
	} catch {
		return { url: address, isWebhookTriggerUrl: false };
	}
	if (url.password !== '') url.password = SECRET_MASK;
	const segments = url.pathname.split('/');
	const last = segments.length - 1;
	const secretInPath =
		last >= 1 && segments[last - 1] === CALLBACK_PATH && SECRET.test(segments[last]);
	if (secretInPath) segments[last] = SECRET_MASK;
	url.pathname = segments.join('/');
	const secretInQuery = url.searchParams.has(SECRET_QUERY_PARAMETER);
	if (secretInQuery) url.searchParams.set(SECRET_QUERY_PARAMETER, SECRET_MASK);
	return {
		// URLSearchParams writes * as is; the mask stays readable.
		url: url.toString(),
		isWebhookTriggerUrl: secretInPath || (secretInQuery && segments[last] === CALLBACK_PATH),
	};
}
