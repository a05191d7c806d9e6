/**
 * What a failed request tells about the run, read from every shape n8n hands over: on n8n 2.x
 * the socket error sits in the `cause` chain of n8n's NodeApiError; on 1.x the chain is gone
 * and the code survives only as `httpCode` and in `messages` ("connect ECONNREFUSED …").
 */

export type NetworkFailureKind =
	/** The request provably never reached the server: it cannot have started a run. */
	| 'not-sent'
	/** The connection broke after the request may have been read: the run may have started. */
	| 'broken'
	/** The server's answer was not valid HTTP. */
	| 'bad-http'
	| 'other';

export interface NetworkFailure {
	kind: NetworkFailureKind;
	/** The socket error code, for the description (never the message: n8n rewrites those). */
	code?: string;
}

/** Codes that mean no connection was ever made, so nothing was sent. */
const NOT_CONNECTED = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);
const CODE = /\b(E[A-Z_]{3,}|HPE_[A-Z_]+|ERR_[A-Z_]+)\b/;

export function classifyNetworkError(error: unknown): NetworkFailure {
	const { codes, texts, requestWritten } = collect(error);
	const code = codes.find((c) => c !== 'ERR_BAD_RESPONSE' && c !== 'ERR_BAD_REQUEST') ?? codes[0];
	if (codes.some((c) => NOT_CONNECTED.has(c))) return { kind: 'not-sent', code };
	// The connect() or a write() call failed, or the request was not written out whole: the
	// server cannot have read a complete request, and LLMStack starts nothing before it has one.
	if (
		texts.some((t) => /^(connect|write) E[A-Z]+/.test(t)) ||
		codes.includes('EPIPE') ||
		requestWritten === false
	) {
		return { kind: 'not-sent', code };
	}
	if (codes.some((c) => c.startsWith('HPE_')) || texts.some((t) => /^Parse Error/i.test(t))) {
		return { kind: 'bad-http', code: codes.find((c) => c.startsWith('HPE_')) ?? code };
	}
	if (codes.some((c) => c === 'ECONNRESET' || c === 'ECONNABORTED' || c === 'ETIMEDOUT')) {
		return { kind: 'broken', code };
	}
	if (texts.some((t) => /socket hang up|aborted|premature close/i.test(t)))
		return { kind: 'broken', code };
	return { kind: 'other', code };
}

interface Collected {
	codes: string[];
	texts: string[];
	/** Whether the request was handed to the socket whole (known on n8n 2.x only). */
	requestWritten?: boolean;
}

function collect(error: unknown): Collected {
	const found: Collected = { codes: [], texts: [] };
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const e = current as {
			code?: unknown;
			httpCode?: unknown;
			message?: unknown;
			messages?: unknown;
			request?: { writableFinished?: unknown };
			cause?: unknown;
		};
		for (const value of [e.code, e.httpCode]) {
			if (typeof value === 'string' && CODE.test(value)) found.codes.push(value);
		}
		const texts = [e.message, ...(Array.isArray(e.messages) ? e.messages : [])];
		for (const text of texts) {
			if (typeof text !== 'string') continue;
			found.texts.push(text);
			const match = CODE.exec(text);
			if (match) found.codes.push(match[1]);
		}
		if (typeof e.request?.writableFinished === 'boolean') {
			found.requestWritten = e.request.writableFinished;
		}
		current = e.cause;
	}
	return found;
}
