/**
 * The secret a callback URL carries. SMS Partner signs nothing it posts, so the URL is
 * the only thing that tells its callbacks from anyone else's posts: the secret makes it
 * unguessable, and is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_MIN_LENGTH = 16;
const SECRET = /^[A-Za-z0-9_-]{16,128}$/;

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
