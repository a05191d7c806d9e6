/**
 * Runs one async job per item with at most `concurrency` in flight, keeping results in input
 * order. With a pause, items go in batches of `concurrency` and the pause falls between
 * batches (the shape rate limits expect); without one, a sliding window keeps every slot busy.
 * Stops starting jobs as soon as `shouldStop()` says so; jobs already running are awaited.
 */
export interface BatchOptions {
	concurrency: number;
	pauseMs: number;
	sleep: (ms: number) => Promise<void>;
	shouldStop: () => boolean;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown } | undefined;

export async function runBatch<T>(
	count: number,
	job: (index: number) => Promise<T>,
	options: BatchOptions,
): Promise<Array<Settled<T>>> {
	const results: Array<Settled<T>> = new Array<Settled<T>>(count);
	const concurrency = Math.max(1, Math.floor(options.concurrency) || 1);
	const settle = async (index: number) => {
		try {
			results[index] = { ok: true, value: await job(index) };
		} catch (error) {
			results[index] = { ok: false, error };
		}
	};

	if (options.pauseMs > 0) {
		for (let start = 0; start < count && !options.shouldStop(); start += concurrency) {
			if (start > 0) await options.sleep(options.pauseMs);
			if (options.shouldStop()) break;
			const batch: Array<Promise<void>> = [];
			for (let index = start; index < Math.min(count, start + concurrency); index++) {
				batch.push(settle(index));
			}
			await Promise.all(batch);
		}
		return results;
	}

	let next = 0;
	const lane = async () => {
		while (next < count && !options.shouldStop()) {
			const index = next++;
			await settle(index);
		}
	};
	const lanes: Array<Promise<void>> = [];
	for (let i = 0; i < Math.min(concurrency, count); i++) lanes.push(lane());
	await Promise.all(lanes);
	return results;
}
