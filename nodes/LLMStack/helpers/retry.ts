/**
 * When to send a run again. A run costs the user money and may have executed even when the
 * answer was an error, so only answers that prove the server did not start it are retried:
 * connection refused/reset before any response, 429 and 502/503. Never processor errors,
 * other 4xx, 500 or 504.
 */
export const RETRYABLE_STATUS = new Set([429, 502, 503]);

/** Socket errors that happen before the server could have read the request. */
const RETRYABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

export function isRetryableNetworkCode(code: string | undefined): boolean {
	return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

export interface BackoffPolicy {
	baseDelayMs: number;
	maxDelayMs: number;
	random: () => number;
}

/** Exponential backoff with full jitter in [delay/2, delay]; `Retry-After` wins when given. */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, retryAfter?: string): number {
	const fromHeader = parseRetryAfter(retryAfter);
	if (fromHeader !== undefined) return Math.min(fromHeader, policy.maxDelayMs);
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
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
