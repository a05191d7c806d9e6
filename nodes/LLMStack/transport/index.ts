/**
 * The one place that talks HTTP to LLMStack. Every request goes through n8n's
 * `httpRequestWithAuthentication`, so proxies, TLS settings and the credential's
 * `authenticate` (base URL + `Token` header) apply as users expect. Every wait (connect,
 * headers, each body chunk) is raced against a Deadline, so no server can hold a request past it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, LIMITS } from '../constants';
import {
	describeHttpFailure,
	discoveryFailure,
	FailureError,
	notJsonFailure,
	ServerText,
} from '../failure';
import { normaliseToken } from '../helpers/baseUrl';
import { Deadline, readBody } from '../helpers/deadline';
import type { ChunkSource } from '../helpers/deadline';
import { parseJson } from '../helpers/json';

export interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: ChunkSource;
}

type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * Sends a request and hands back the status, headers and the body as a stream, whatever the
 * status: LLMStack's answers must be read before they can be judged (errors arrive as 200).
 * Redirects are not followed, so the token never reaches another host.
 */
export async function openRequest(
	ctx: RequestContext,
	method: IHttpRequestMethods,
	url: string,
	deadline: Deadline,
	body?: IDataObject,
	/** For files on other hosts (object storage): sent without the credential, so no token. */
	anonymous = false,
): Promise<RawResponse> {
	const request: IHttpRequestOptions = {
		method,
		url,
		headers: { Accept: 'application/json' },
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
		timeout: deadline.remainingMs() + LIMITS.socketGraceMs,
	};
	if (body !== undefined) {
		request.body = body;
		request.json = true;
		request.headers = { ...request.headers, 'Content-Type': 'application/json' };
	}
	const pending = (
		anonymous
			? ctx.helpers.httpRequest(request)
			: ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, request)
	) as Promise<{
		statusCode: number;
		headers?: RawResponse['headers'];
		body: ChunkSource;
	}>;
	const outcome = await deadline.race(pending).then(
		(response) => ({ response }),
		(error: unknown) => ({ error }),
	);
	if ('error' in outcome) {
		// An answer that arrives after the deadline is let go unread.
		pending.then(
			(late) => late.body?.destroy?.(),
			() => undefined,
		);
		throw outcome.error;
	}
	const { response } = outcome;
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/** Reads at most `limit` bytes of a body as text within the deadline, then lets the rest go. */
export async function readText(
	body: ChunkSource,
	deadline: Deadline,
	limit: number = LIMITS.errorBodyBytes,
): Promise<string> {
	const decoder = new TextDecoder('utf-8');
	const parts: string[] = [];
	let bytes = 0;
	await readBody(body, deadline, (chunk) => {
		if (typeof chunk === 'string') {
			parts.push(chunk);
			bytes += chunk.length;
		} else {
			parts.push(decoder.decode(chunk, { stream: true }));
			bytes += chunk.byteLength;
		}
		return bytes >= limit;
	});
	parts.push(decoder.decode());
	return parts.join('');
}

/** A GET whose status and (bounded) text are read within the deadline. */
async function getText(
	ctx: RequestContext,
	url: string,
	deadline: Deadline,
): Promise<{ statusCode: number; text: string; location?: string }> {
	const response = await openRequest(ctx, 'GET', url, deadline);
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	const text = await readText(
		response.body,
		deadline,
		ok ? LIMITS.discoveryBytes : LIMITS.errorBodyBytes,
	);
	return {
		statusCode: response.statusCode,
		text,
		location: headerValue(response.headers, 'location'),
	};
}

export function headerValue(headers: RawResponse['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** The gate for server text in this execution: it knows the credential's token to remove. */
export async function serverTextFor(ctx: RequestContext): Promise<ServerText> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const stored = typeof credentials?.apiToken === 'string' ? credentials.apiToken : undefined;
	return new ServerText([stored, stored?.trim(), normaliseToken(stored)]);
}

/**
 * GET a JSON document (app list, app schema) within the discovery deadline. Every failure is
 * a FailureError in the same words a run would use.
 */
export async function getJson(
	ctx: RequestContext,
	url: string,
	{
		cancel,
		timeoutMs = LIMITS.discoveryTimeoutMs,
	}: { cancel?: AbortSignal; timeoutMs?: number } = {},
): Promise<unknown> {
	const deadline = new Deadline(timeoutMs, cancel);
	const seconds = Math.round(timeoutMs / 100) / 10;
	const answer = await getText(ctx, url, deadline)
		.catch((error: unknown) => {
			throw new FailureError(discoveryFailure(error, seconds));
		})
		.finally(() => deadline.dispose());
	const { statusCode, text, location } = answer;
	if (statusCode < 200 || statusCode >= 300) {
		throw new FailureError(
			describeHttpFailure({
				status: statusCode,
				bodyText: text,
				location,
				sessionInUrl: false,
				timeoutSeconds: seconds,
			}),
		);
	}
	const parsed = parseJson(text);
	if (!parsed.ok) {
		throw new FailureError(notJsonFailure());
	}
	return parsed.value;
}
