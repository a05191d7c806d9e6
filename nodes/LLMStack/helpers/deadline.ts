/**
 * Deadlines that hold whatever the other side does. A promise raced against an abort signal
 * settles the moment the signal fires, even when the request or stream under it never ends
 * (a silent server, a trickling body, a stream whose destroy() does not end its iterator).
 * Timers come from AbortSignal.timeout, so nothing here needs the global setTimeout.
 */

/** Why a signal ended the wait: the run's own deadline, or the execution being cancelled. */
export type StopReason = 'timeout' | 'cancelled';

export class StoppedError extends Error {
	constructor(readonly reason: StopReason) {
		super(reason === 'timeout' ? 'The deadline passed' : 'The execution was cancelled');
		this.name = 'StoppedError';
	}
}

/** One deadline for a run, from its first byte to its last retry, plus the cancel signal. */
export class Deadline {
	readonly signal: AbortSignal;
	private readonly endsAt: number;
	private readonly controller = new AbortController();
	// Held here and listened to directly: a timeout signal that only AbortSignal.any() watches
	// can be garbage-collected before it fires, and then the deadline would never come.
	private readonly timer: AbortSignal;
	private readonly stop = () => this.controller.abort();

	constructor(
		readonly timeoutMs: number,
		private readonly cancel: AbortSignal | undefined,
		private readonly now: () => number = Date.now,
	) {
		this.endsAt = now() + timeoutMs;
		this.signal = this.controller.signal;
		this.timer = AbortSignal.timeout(timeoutMs);
		this.timer.addEventListener('abort', this.stop, { once: true });
		if (cancel?.aborted) this.stop();
		else cancel?.addEventListener('abort', this.stop, { once: true });
	}

	/** Lets go of the timer and the cancel signal once the run has ended. */
	dispose(): void {
		this.timer.removeEventListener('abort', this.stop);
		this.cancel?.removeEventListener('abort', this.stop);
	}

	remainingMs(): number {
		return Math.max(0, this.endsAt - this.now());
	}

	/** Why the signal fired; cancellation wins when both happened. */
	reason(): StopReason {
		return this.cancel?.aborted ? 'cancelled' : 'timeout';
	}

	/** Throws the StoppedError that says why, when the signal has fired. */
	check(): void {
		if (this.signal.aborted) throw new StoppedError(this.reason());
	}

	/** Settles with `promise`, or rejects with a StoppedError as soon as the signal fires. */
	async race<T>(promise: Promise<T>): Promise<T> {
		this.check();
		let onAbort: () => void = () => undefined;
		const stopped = new Promise<never>((_, reject) => {
			onAbort = () => reject(new StoppedError(this.reason()));
			this.signal.addEventListener('abort', onAbort, { once: true });
		});
		try {
			return await Promise.race([promise, stopped]);
		} finally {
			this.signal.removeEventListener('abort', onAbort);
		}
	}

	/** Waits `ms`, or less when the signal fires (then rejects with a StoppedError). */
	async sleep(ms: number): Promise<void> {
		if (ms <= 0) return;
		// The listener keeps the timer signal alive until it fires (see the constructor).
		const timer = AbortSignal.timeout(ms);
		let wake: () => void = () => undefined;
		try {
			await this.race(
				new Promise<void>((resolve) => {
					wake = resolve;
					timer.addEventListener('abort', wake, { once: true });
				}),
			);
		} finally {
			timer.removeEventListener('abort', wake);
		}
	}
}

export interface ChunkSource extends AsyncIterable<Uint8Array | string> {
	destroy?: (error?: Error) => void;
}

/**
 * Reads a body chunk by chunk, each wait raced against the deadline. When the deadline fires
 * the body is destroyed and the read ends at once with a StoppedError; when `onChunk` throws,
 * the body is destroyed too. Always leaves the body destroyed.
 */
export async function readBody(
	body: ChunkSource,
	deadline: Deadline,
	onChunk: (chunk: Uint8Array | string) => boolean | void,
): Promise<void> {
	const iterator = body[Symbol.asyncIterator]();
	try {
		for (;;) {
			const next = await deadline.race(iterator.next());
			if (next.done) return;
			// onChunk returns true when it has read enough.
			if (onChunk(next.value) === true) return;
		}
	} finally {
		body.destroy?.();
		// Not awaited: a stuck stream may never settle its return().
		void Promise.resolve(iterator.return?.()).catch(() => undefined);
	}
}
