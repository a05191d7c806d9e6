/**
 * The one place that talks HTTP to LLMStack. Every request goes through n8n's
 * `httpRequestWithAuthentication`, so proxies, TLS settings and the credential's
 * `authenticate` (base URL + `Token` header) apply as users expect.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'llmStackApi';

/** How much of an error body is read: enough for any JSON detail or an HTML title. */
const ERROR_BODY_LIMIT = 16 * 1024;

export interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: StreamBody;
}

export interface StreamBody extends AsyncIterable<Uint8Array | string> {
	destroy?: (error?: Error) => void;
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
	options: { body?: IDataObject; timeoutMs?: number } = {},
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
		timeout: options.timeoutMs,
	};
	if (options.body !== undefined) {
		request.body = options.body;
		request.json = true;
		request.headers = { ...request.headers, 'Content-Type': 'application/json' };
	}
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(
		ctx,
		CREDENTIAL_TYPE,
		request,
	)) as { statusCode: number; headers?: RawResponse['headers']; body: StreamBody };
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/** Reads at most `limit` bytes of a body as text, then lets the rest go. */
export async function readText(body: StreamBody, limit = ERROR_BODY_LIMIT): Promise<string> {
	const decoder = new TextDecoder('utf-8');
	let text = '';
	let bytes = 0;
	try {
		for await (const chunk of body) {
			if (typeof chunk === 'string') {
				text += chunk;
				bytes += chunk.length;
			} else {
				text += decoder.decode(chunk, { stream: true });
				bytes += chunk.byteLength;
			}
			if (bytes >= limit) break;
		}
	} finally {
		body.destroy?.();
	}
	return text + decoder.decode();
}

/** GET a JSON document (discovery endpoints); non-2xx answers become a `RequestFailed`. */
export async function getJson(ctx: RequestContext, url: string, timeoutMs = 30_000): Promise<unknown> {
	const response = await openRequest(ctx, 'GET', url, { timeoutMs });
	const text = await readText(response.body, 32 * 1024 * 1024);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw new RequestFailed(response.statusCode, text, headerValue(response.headers, 'location'));
	}
	return JSON.parse(text);
}

export class RequestFailed extends Error {
	constructor(
		readonly statusCode: number,
		readonly bodyText: string,
		readonly location?: string,
	) {
		super(`HTTP ${statusCode}`);
		this.name = 'RequestFailed';
	}
}

export function headerValue(headers: RawResponse['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}
