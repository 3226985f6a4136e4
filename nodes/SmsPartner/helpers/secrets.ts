/**
 * Masks the API key in whatever the node outputs. A hostile or broken server can
 * echo the key back in another spelling, or a long piece of it, so any run of
 * WINDOW or more consecutive characters of the key is masked, in any letter case,
 * whether written as is or through percent-escapes (UTF-8, form-style `+`, double
 * encoding), JSON escapes and HTML character references, mixed as they come.
 */
import {
	asWritten,
	decodeOnce,
	ESCAPE_CHARACTERS,
	ESCAPE_STARTS,
	type SpelledText,
} from './escapes';

export const MASK = '***';

/** Keys shorter than this are not masked: masking "ab" would garble every text. */
const SHORTEST_MASKED = 4;
/** A run of this many characters of the key is masked; a shorter key is masked whole. */
const WINDOW = 12;
/** Layers of encoding read through: `%252541` is A encoded three times. */
const DEEPEST_ENCODING = 4;
/** Masking joins what stood around a run; a key holding `*` could form a run again across a mask. */
const MOST_PASSES = 4;

export interface Redactor {
	text(value: string): string;
	/** The JSON value with every string masked: the value itself when nothing needed masking, else a copy. */
	json<T>(value: T): T;
}

/** Form-style encoding writes a space as `+`: the two are read as one character. */
const fold = (char: string) => (char === ' ' ? '+' : char.toLowerCase());

const classEscape = (char: string) => `\\u{${char.codePointAt(0)!.toString(16)}}`;

interface Span {
	start: number;
	end: number;
}

/** What is looked for: every WINDOW-long piece of each key (a short key whole), as folded characters. */
class KeyPieces {
	/** Each folded character of the keys as one UTF-16 unit, so pieces are plain strings. */
	private readonly alphabet = new Map<string, string>();
	private readonly piecesByLength = new Map<number, Set<string>>();
	readonly shortest: number;
	/** Runs that may hold a piece as written, and runs that may hold one once decoded. */
	private readonly plainRuns: RegExp;
	private readonly escapedRuns: RegExp;

	constructor(keys: string[]) {
		for (const key of keys) {
			const folded = this.lettersOf([...key].map(fold), true);
			const length = Math.min(WINDOW, folded.length);
			const pieces = this.piecesByLength.get(length) ?? new Set<string>();
			for (let start = 0; start + length <= folded.length; start++) {
				pieces.add(folded.slice(start, start + length));
			}
			this.piecesByLength.set(length, pieces);
		}
		this.shortest = Math.min(...this.piecesByLength.keys());
		const keyChars = new Set(
			keys.flatMap((key) =>
				[...key].flatMap((char) => [char, char.toLowerCase(), char.toUpperCase()]),
			),
		);
		if (keyChars.has(' ') || keyChars.has('+')) keyChars.add(' ').add('+');
		const written = [...keyChars]
			.filter((char) => [...char].length === 1)
			.map(classEscape)
			.join('');
		this.plainRuns = new RegExp(`[${written}]{${this.shortest},}`, 'giu');
		this.escapedRuns = new RegExp(`[${written}${ESCAPE_CHARACTERS}]{${this.shortest},}`, 'giu');
	}

	private lettersOf(folded: string[], learn: boolean): string {
		return folded
			.map((char) => {
				let letter = this.alphabet.get(char);
				if (letter === undefined && learn) {
					letter = String.fromCharCode(this.alphabet.size + 1);
					this.alphabet.set(char, letter);
				}
				return letter ?? '\0';
			})
			.join('');
	}

	private runsFor(text: string): RegExp {
		const runs = ESCAPE_STARTS.test(text) ? this.escapedRuns : this.plainRuns;
		runs.lastIndex = 0;
		return runs;
	}

	/** Whether the text has a run of characters a piece can be written with: most texts have none. */
	mayHoldPiece(text: string): boolean {
		return this.runsFor(text).test(text);
	}

	/** The parts of the text that may hold a piece: runs of characters a piece can be written with. */
	*candidates(text: string): Generator<RegExpExecArray> {
		const runs = this.runsFor(text);
		for (let run = runs.exec(text); run !== null; run = runs.exec(text)) yield run;
	}

	/** The original spans of the decoded characters that belong to a piece of a key. */
	spansIn(text: SpelledText): Span[] {
		const letters = this.lettersOf(text.chars.map(fold), false);
		const spans: Span[] = [];
		for (const [length, pieces] of this.piecesByLength) {
			let runStart = -1;
			let runEnd = -1;
			let nextGap = -1;
			for (let index = 0; index + length <= letters.length; index++) {
				if (nextGap < index) {
					nextGap = letters.indexOf('\0', index);
					if (nextGap === -1) nextGap = letters.length;
				}
				if (nextGap < index + length) {
					index = nextGap;
					continue;
				}
				if (!pieces.has(letters.slice(index, index + length))) continue;
				if (index > runEnd) {
					if (runEnd >= 0) spans.push({ start: text.starts[runStart], end: text.ends[runEnd - 1] });
					runStart = index;
				}
				runEnd = index + length;
			}
			if (runEnd >= 0) spans.push({ start: text.starts[runStart], end: text.ends[runEnd - 1] });
		}
		return spans;
	}
}

/** The text with each span, and spans that touch or overlap as one, replaced by MASK. */
function maskSpans(text: string, spans: Span[]): string {
	spans.sort((a, b) => a.start - b.start);
	const parts: string[] = [];
	let copied = 0;
	for (const { start, end } of spans) {
		if (parts.length === 0 || start > copied) parts.push(text.slice(copied, start), MASK);
		copied = Math.max(copied, end);
	}
	return parts.join('') + text.slice(copied);
}

function maskOnce(pieces: KeyPieces, text: string): string {
	const spans: Span[] = [];
	for (const run of pieces.candidates(text)) {
		let layer: SpelledText | undefined = asWritten(run[0], run.index);
		for (let depth = 0; layer !== undefined && depth <= DEEPEST_ENCODING; depth++) {
			spans.push(...pieces.spansIn(layer));
			layer = decodeOnce(layer);
		}
	}
	return spans.length === 0 ? text : maskSpans(text, spans);
}

function setField(target: Record<string, unknown>, key: string, value: unknown): void {
	// Assigned, "__proto__" would set the target's prototype instead of a field.
	if (key === '__proto__')
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	else target[key] = value;
}

export function redactorFor(secrets: Array<string | undefined>): Redactor {
	const keys = secrets.filter(
		(secret): secret is string => secret !== undefined && [...secret].length >= SHORTEST_MASKED,
	);
	if (keys.length === 0) return { text: (value) => value, json: (value) => value };
	const pieces = new KeyPieces(keys);
	const text = (value: string) => {
		if (value.length < pieces.shortest || !pieces.mayHoldPiece(value)) return value;
		let masked = value;
		for (let pass = 0; pass < MOST_PASSES; pass++) {
			const next = maskOnce(pieces, masked);
			if (next === masked) return masked;
			masked = next;
		}
		return maskOnce(pieces, masked) === masked ? masked : MASK;
	};
	/** The value itself when nothing in it is masked (most output is built from checked values); else a masked copy. */
	const json = (value: unknown): unknown => {
		if (typeof value === 'string') return text(value);
		if (Array.isArray(value)) {
			let copy: unknown[] | undefined;
			for (let index = 0; index < value.length; index++) {
				const inner = json(value[index]);
				if (copy === undefined && inner !== value[index]) copy = value.slice(0, index);
				copy?.push(inner);
			}
			return copy ?? value;
		}
		if (value !== null && typeof value === 'object') {
			const fields = value as Record<string, unknown>;
			const keys = Object.keys(fields);
			let copy: Record<string, unknown> | undefined;
			for (let index = 0; index < keys.length; index++) {
				const key = keys[index];
				const inner = json(fields[key]);
				const maskedKey = text(key);
				if (copy === undefined && (inner !== fields[key] || maskedKey !== key)) {
					copy = {};
					for (const earlier of keys.slice(0, index)) setField(copy, earlier, fields[earlier]);
				}
				if (copy !== undefined) setField(copy, maskedKey, inner);
			}
			return copy ?? value;
		}
		return value;
	};
	return { text, json: json as Redactor['json'] };
}
