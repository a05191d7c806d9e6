/**
 * Sends a request again only when its failure says that is safe, with backoff, until it
 * succeeds, the tries are used up or the next wait would pass the deadline. Shared by runs and
 * by every other LLMStack request.
 */
import { LIMITS } from '../constants';
import type { Failure } from '../failure/types';
import { retryDelayMs } from './backoff';
import type { Deadline } from './deadline';

export interface TryPolicy {
	maxTries: number;
	retryDelayMs: number;
	random: () => number;
}

export type TryOutcome<T> = { value: T } | { failure: Failure };

/** The last outcome, and how many tries it took. */
export async function tryWithin<T>(
	deadline: Deadline,
	policy: TryPolicy,
	attempt: () => Promise<TryOutcome<T>>,
	/** The Failure for a wait between tries that the deadline or a cancellation ended. */
	stoppedWaiting: (error: unknown) => Failure,
): Promise<TryOutcome<T> & { tries: number }> {
	for (let tries = 1; ; tries++) {
		const outcome = await attempt();
		if ('value' in outcome) return { ...outcome, tries };
		const { failure } = outcome;
		const delay = failure.retryable
			? retryDelayMs(
					tries,
					{
						baseDelayMs: policy.retryDelayMs,
						maxDelayMs: LIMITS.maxRetryDelayMs,
						random: policy.random,
					},
					failure.retryAfter,
				)
			: 0;
		if (!failure.retryable || tries >= policy.maxTries || delay >= deadline.remainingMs()) {
			return { failure, tries };
		}
		const stopped = await deadline.sleep(delay).then(
			() => undefined,
			(error: unknown) => stoppedWaiting(error),
		);
		if (stopped) return { failure: stopped, tries };
	}
}
