/**
 * Masks the API key in whatever the node outputs. A hostile or broken server can
 * echo the key back in another spelling, so every form a server or a proxy
 * commonly produces is masked, in any letter case: as sent, URL-encoded (partly or
 * wholly, form-style), and JSON-escaped the ways common encoders do it.
 */

export const MASK = '***';

/** Keys shorter than this are not masked: masking "ab" would garble every text. */
const SHORTEST_MASKED = 4;

function percentEncodeAll(text: string): string {
	return [...Buffer.from(text, 'utf8')]
		.map((byte) => `%${byte.toString(16).padStart(2, '0')}`)
		.join('');
}

function unicodeEscape(char: string): string {
	return [...char].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

/** The ways JSON encoders write a string: JavaScript's, PHP's (escaped slashes), Python's (ASCII only), every character escaped. */
function jsonSpellings(text: string): string[] {
	const plain = JSON.stringify(text).slice(1, -1);
	const asciiOnly = plain.replace(/[^\x00-\x7f]/g, (char) => unicodeEscape(char));
	return [
		plain,
		plain.replace(/\//g, '\\/'),
		asciiOnly,
		asciiOnly.replace(/\//g, '\\/'),
		text.split('').map(unicodeEscape).join(''),
	];
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every spelling of the secret to mask; longest first, so a longer form is masked whole. */
export function secretForms(secret: string): string[] {
	if (secret.length < SHORTEST_MASKED) return [];
	const urlSpellings = [
		secret,
		encodeURIComponent(secret),
		encodeURI(secret),
		new URLSearchParams({ k: secret }).toString().slice(2),
		percentEncodeAll(secret),
	];
	const forms = new Set(urlSpellings.flatMap((spelling) => [spelling, ...jsonSpellings(spelling)]));
	return [...forms].sort((a, b) => b.length - a.length);
}

export interface Redactor {
	text(value: string): string;
	/** A deep copy of a JSON value with every string masked. */
	json<T>(value: T): T;
}

export function redactorFor(secrets: Array<string | undefined>): Redactor {
	const forms = secrets.flatMap((secret) => (secret ? secretForms(secret) : []));
	if (forms.length === 0) return { text: (value) => value, json: (value) => value };
	const pattern = new RegExp(forms.map(escapeRegExp).join('|'), 'gi');
	const text = (value: string) => value.replace(pattern, MASK);
	const json = (value: unknown): unknown => {
		if (typeof value === 'string') return text(value);
		if (Array.isArray(value)) return value.map(json);
		if (value !== null && typeof value === 'object') {
			return Object.fromEntries(
				Object.entries(value).map(([key, inner]) => [text(key), json(inner)]),
			);
		}
		return value;
	};
	return { text, json: json as Redactor['json'] };
}
