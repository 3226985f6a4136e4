/**
 * What the webhook trigger remembers between callbacks, in this n8n process: the
 * callbacks it saw lately (SMS Partner documents no retry policy, so the same callback
 * may come twice), and the parts of long SMS still missing a part. Both are bounded.
 * n8n's static data is not used: it is saved only after an execution ends, so two
 * copies of a callback arriving together would both pass it.
 */
import type { LongNumberPart, CallbackFields } from '../transport/callbacks';
import { abortableSleep } from '../transport/exchange';

/** Per trigger node: at most this many callbacks remembered; the oldest is forgotten first. */
export const MAX_REMEMBERED = 10_000;
/** At most this many trigger nodes remembered per process. */
const MAX_NODES = 1_000;
/** At most this many long SMS waiting for parts, per process. */
export const MAX_PENDING_MESSAGES = 1_000;

const seen = new Map<string, Map<string, number>>();

/**
 * Whether this callback came within the last `windowMs` (then it is a repeat); if not,
 * it is remembered until `now + windowMs`.
 */
export function isRepeat(
	nodeKey: string,
	fingerprint: string,
	windowMs: number,
	now: number,
): boolean {
	if (windowMs <= 0) return false;
	let remembered = seen.get(nodeKey);
	if (!remembered) {
		if (seen.size >= MAX_NODES) seen.delete(seen.keys().next().value as string);
		remembered = new Map();
		seen.set(nodeKey, remembered);
	}
	const expiresAt = remembered.get(fingerprint);
	if (expiresAt !== undefined && expiresAt > now) return true;
	remembered.delete(fingerprint);
	for (const [oldest, until] of remembered) {
		if (until > now && remembered.size < MAX_REMEMBERED) break;
		remembered.delete(oldest);
	}
	remembered.set(fingerprint, now + windowMs);
	return false;
}

export interface ReceivedPart {
	part: LongNumberPart;
	raw: CallbackFields;
}

interface PendingMessage {
	parts: Map<number, ReceivedPart>;
	total: number;
	/** Settles when the message is complete (or emitted incomplete), to release the waiting first part. */
	settle: () => void;
	settled: Promise<void>;
	done: boolean;
}

const pending = new Map<string, PendingMessage>();
/** Messages already emitted, for a while: a part of theirs that comes late starts no new message. */
const finished = new Map<string, number>();
const FINISHED_FOR_MS = 60 * 60 * 1000;

function markFinished(messageKey: string, now: number): void {
	finished.delete(messageKey);
	finished.set(messageKey, now + FINISHED_FOR_MS);
	for (const [oldest, until] of finished) {
		if (until > now && finished.size <= MAX_REMEMBERED) break;
		finished.delete(oldest);
	}
}

export type PartOutcome =
	/** Every part is here: this request emits the message. */
	| { complete: ReceivedPart[] }
	/** The first part of a message: this request waits for the rest (see waitForParts). */
	| { first: string }
	/** A later part, stored: the request that holds the first part emits. */
	| { stored: true }
	/** A part of a message already emitted. */
	| { late: true };

/** Adds a part of a long SMS; `messageKey` names the message (node, sender, `concat-ref`). */
export function addPart(messageKey: string, received: ReceivedPart, now: number): PartOutcome {
	const concat = received.part.concat;
	if (!concat) return { complete: [received] };
	if ((finished.get(messageKey) ?? 0) > now) return { late: true };
	let message = pending.get(messageKey);
	const isFirst = message === undefined;
	if (!message) {
		if (pending.size >= MAX_PENDING_MESSAGES) return { complete: [received] };
		let settle = () => {};
		const settled = new Promise<void>((resolve) => (settle = resolve));
		message = { parts: new Map(), total: concat.total, settle, settled, done: false };
		pending.set(messageKey, message);
	}
	if (!message.parts.has(concat.part)) message.parts.set(concat.part, received);
	if (message.parts.size >= message.total) {
		pending.delete(messageKey);
		markFinished(messageKey, now);
		message.done = true;
		message.settle();
		return { complete: inOrder(message) };
	}
	return isFirst ? { first: messageKey } : { stored: true };
}

function inOrder(message: PendingMessage): ReceivedPart[] {
	return [...message.parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
}

/**
 * Waits up to `waitMs` for the rest of a message whose first part this request holds.
 * Gives the parts received when the wait ends with parts still missing (the message is
 * then emitted incomplete, once), or undefined when another request completed it.
 */
export async function waitForParts(
	messageKey: string,
	waitMs: number,
): Promise<ReceivedPart[] | undefined> {
	const message = pending.get(messageKey);
	if (!message) return undefined;
	const stopTimer = new AbortController();
	const timedOut = abortableSleep(waitMs, stopTimer.signal).then(
		() => true,
		() => false,
	);
	await Promise.race([message.settled, timedOut]);
	stopTimer.abort(new Error('The message settled before the wait ended'));
	if (message.done) return undefined;
	message.done = true;
	pending.delete(messageKey);
	markFinished(messageKey, Date.now());
	message.settle();
	return inOrder(message);
}
