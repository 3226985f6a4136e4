/**
 * Items that can share one request: those with the same `keyOf` (what the request
 * carries once for all of them), at most `size` a batch, in input order within
 * each key, keys in the order they first appear.
 */
export function batchesOf<T>(items: T[], keyOf: (item: T) => unknown, size: number): T[][] {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = JSON.stringify(keyOf(item));
		const group = groups.get(key) ?? [];
		group.push(item);
		groups.set(key, group);
	}
	const batches: T[][] = [];
	for (const group of groups.values()) {
		for (let start = 0; start < group.length; start += size) {
			batches.push(group.slice(start, start + size));
		}
	}
	return batches;
}
