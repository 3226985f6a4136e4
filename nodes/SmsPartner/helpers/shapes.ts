/**
 * What a text looks like: an email address, an http(s) address. Pure tests,
 * shared by the input checks (input/) and the reading of answers and
 * credentials (transport/).
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a text is shaped like an email address: what the user gives, and what SMS Partner answers. */
export function isEmailAddress(text: string): boolean {
	return EMAIL.test(text);
}

/** Whether a text is an http(s) address. */
export function isHttpUrl(text: string): boolean {
	try {
		const { protocol } = new URL(text);
		return protocol === 'https:' || protocol === 'http:';
	} catch {
		return false;
	}
}
