/**
 * Runs `run(0 … count-1)` with at most `limit` in flight, starting them in index
 * order. After a failure no new index is started; once the ones in flight have
 * settled, the failure of the lowest index is thrown.
 */
export async function runInOrderPool(
	count: number,
	limit: number,
	run: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const failures: Array<{ index: number; error: unknown }> = [];
	const worker = async () => {
		while (next < count && failures.length === 0) {
			const index = next++;
			try {
				await run(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	if (failures.length > 0) {
		throw failures.reduce((first, failure) => (failure.index < first.index ? failure : first))
			.error;
	}
}

/**
 * Runs `task` after every earlier task queued under the same key has settled, so
 * that items touching the same subaccount keep their input order even when
 * items run concurrently.
 */
export async function inKeyOrder<T>(
	queues: Map<string, Promise<unknown>>,
	key: string,
	task: () => Promise<T>,
): Promise<T> {
	const previous = queues.get(key) ?? Promise.resolve();
	const current = previous.then(task, task);
	queues.set(
		key,
		current.catch(() => undefined),
	);
	return await current;
}
