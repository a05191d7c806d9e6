/**
 * How long to wait before sending a run again (whether to send it again is the failure
 * module's decision: see failure/).
 */
export interface BackoffPolicy {
	baseDelayMs: number;
	maxDelayMs: number;
	random: () => number;
}

/** Exponential backoff with full jitter in [delay/2, delay]; `Retry-After` wins when given. */
export function retryDelayMs(
	attempt: number,
	policy: BackoffPolicy,
	retryAfter?: string,
	now = Date.now(),
): number {
	const fromHeader = parseRetryAfter(retryAfter, now);
	if (fromHeader !== undefined) return Math.min(fromHeader, policy.maxDelayMs);
	const exponential = Math.min(
		policy.maxDelayMs,
		policy.baseDelayMs * 2 ** Math.max(0, attempt - 1),
	);
	return Math.round(exponential / 2 + (policy.random() * exponential) / 2);
}

/** `Retry-After` as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
