/**
 * What New STOP remembers between polls, bounded whatever the length of the STOP
 * list (SMS Partner sends it whole, unpaged, and it only grows). SMS Partner
 * numbers its STOP entries (`"id": 19`, `stopId` from Add), a number put on the
 * list again gets a new entry: a new STOP comes with an id larger than the ids
 * before it. So the memory is a window: the STOP_WINDOW largest ids seen, one by
 * one, and below them a floor; an id at or below the floor counts as seen.
 *
 * - Never twice: an id emitted is in the window, or fell below the floor when
 *   larger ids pushed it out; the floor only rises.
 * - Never lost: an id above the floor that is not in the window is new, wherever
 *   it stands in the answer (shuffled, listed twice, late by up to STOP_WINDOW
 *   newer STOPs). The limit: an id first listed at or below the floor (one that
 *   stayed out of every answer while more than STOP_WINDOW larger ids were
 *   listed) is taken for a seen one and not reported. Reporting it would need
 *   every id ever seen kept, the unbounded memory this replaces.
 *
 * Ids stay opaque text. Their order: ids of digits by their number (however long;
 * the same number written with leading zeros after, by text), then any other id,
 * by text.
 */

/** Ids kept one by one: about 11 bytes each in the static data. */
export const STOP_WINDOW = 1000;

export interface SeenStops {
	/** Every id seen above `floor`, largest first, at most STOP_WINDOW. */
	recent: string[];
	/** The largest id pushed out of the window: it and every id below count as seen. */
	floor: string | null;
}

const DIGITS = /^\d+$/;

/** A text whose plain order (<) is the ids' order: built once per id, so sorting 100,000 is cheap. */
export function idOrderKey(id: string): string {
	if (!DIGITS.test(id)) return `1${id}`;
	const number = id.replace(/^0+(?=\d)/, '');
	return `0${number.length.toString(36).padStart(6, '0')}${number} ${id}`;
}

/** Oldest first (see the order above). */
export function compareIds(a: string, b: string): number {
	const [x, y] = [idOrderKey(a), idOrderKey(b)];
	return x < y ? -1 : x > y ? 1 : 0;
}

interface Keyed {
	id: string;
	key: string;
}

const byKeyDescending = (a: Keyed, b: Keyed) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);

/** Distinct ids above the floor (`floorKey`), the largest STOP_WINDOW kept, the floor raised past the rest. */
function windowOf(ids: Keyed[], floor: string | null, floorKey: string | null): SeenStops {
	const above = ids.filter(({ key }) => floorKey === null || key > floorKey).sort(byKeyDescending);
	const distinct = above.filter(
		(entry, index) => index === 0 || entry.key !== above[index - 1].key,
	);
	if (distinct.length <= STOP_WINDOW) return { recent: distinct.map(({ id }) => id), floor };
	return {
		recent: distinct.slice(0, STOP_WINDOW).map(({ id }) => id),
		floor: distinct[STOP_WINDOW].id,
	};
}

const keyed = (id: string): Keyed => ({ id, key: idOrderKey(id) });

/** The memory after a first poll, or after reading the memory of old versions (every id ever seen). */
export function seenStopsOf(ids: string[]): SeenStops {
	return windowOf(ids.map(keyed), null, null);
}

/**
 * The ids of this answer that are new against `previous`, oldest first, and the
 * memory to keep. Without a previous memory (the first poll) nothing is new.
 */
export function recordStops(
	previous: SeenStops | undefined,
	listed: string[],
): { fresh: string[]; memory: SeenStops } {
	if (previous === undefined) return { fresh: [], memory: seenStopsOf(listed) };
	const known = new Set(previous.recent);
	const floorKey = previous.floor === null ? null : idOrderKey(previous.floor);
	const fresh: Keyed[] = [];
	for (const id of listed) {
		// Known ids first: for the many ids already seen, no key is built.
		if (known.has(id)) continue;
		const key = idOrderKey(id);
		if (floorKey !== null && key <= floorKey) continue;
		known.add(id);
		fresh.push({ id, key });
	}
	fresh.sort((a, b) => byKeyDescending(b, a));
	const memory = windowOf([...previous.recent.map(keyed), ...fresh], previous.floor, floorKey);
	return { fresh: fresh.map(({ id }) => id), memory };
}

const isId = (value: unknown): value is string => typeof value === 'string' && value !== '';
/** Ids were stored as numbers before they were text: both are read. */
const storedId = (value: unknown): string | undefined =>
	isId(value)
		? value
		: typeof value === 'number' && Number.isSafeInteger(value) && value > 0
			? String(value)
			: undefined;

/**
 * The memory as n8n stored it: this shape, or the list of every id seen that
 * earlier versions kept (`{ ids }`, read into a window, nothing brought again).
 * Anything unreadable counts as none: the next poll only records. A floor that
 * cannot be read makes the whole memory unreadable, since without it every id
 * below the window would come again.
 */
export function restoreSeenStops(stored: unknown): SeenStops | undefined {
	if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return undefined;
	const memory = stored as Record<string, unknown>;
	if (Array.isArray(memory.recent)) {
		const floor = memory.floor === null ? null : storedId(memory.floor);
		if (floor === undefined) return undefined;
		const recent = memory.recent.map(storedId).filter((id) => id !== undefined);
		return windowOf(recent.map(keyed), floor, floor === null ? null : idOrderKey(floor));
	}
	if (Array.isArray(memory.ids)) {
		return seenStopsOf(memory.ids.map(storedId).filter((id) => id !== undefined));
	}
	return undefined;
}
