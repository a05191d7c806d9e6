/**
 * LLMStack's other routes (data sources, history, session files): one request, read within the
 * item's deadline and sent again only when that is provably safe, answered as JSON or as a
 * Failure in the words of what was asked for (see failure/resourceAnswer.ts).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { LIMITS, RESOURCE_LIMITS } from '../constants';
import {
	describeResourceFailure,
	FailureError,
	networkFailure,
	notJsonFailure,
	stopFailure,
	tooLargeFailure,
} from '../failure';
import type { Failure, Subject } from '../failure';
import { StoppedError } from '../helpers/deadline';
import type { Deadline } from '../helpers/deadline';
import { parseJson } from '../helpers/json';
import { isPlainObject } from '../helpers/object';
import { tryWithin } from '../helpers/tries';
import type { TryOutcome } from '../helpers/tries';
import { headerValue, openRequest, readText } from './index';
import type { RawResponse } from './index';

export interface CallOptions {
	timeoutSeconds: number;
	maxTries: number;
	retryDelayMs: number;
	random: () => number;
}

export interface ApiCall {
	method: IHttpRequestMethods;
	/** A path on the credential's base URL, with its query. */
	path: string;
	body?: IDataObject;
	subject: Subject;
}

export interface ApiAnswer {
	status: number;
	/** The parsed body; undefined for an empty or non-JSON one. */
	json: unknown;
	/** The raw text (LLMStack answers some errors with HTML pages). */
	text: string;
	/** What a non-2xx answer means, in the words of what was asked for. */
	failure?: Failure;
}

/**
 * The answer to a call. 2xx answers come back parsed; other statuses throw a FailureError unless
 * `accept` takes them (answers that mean something to the caller, like an old server's missing
 * route).
 */
export async function callApi(
	ctx: IExecuteFunctions,
	call: ApiCall,
	deadline: Deadline,
	options: CallOptions,
	accept: (answer: ApiAnswer) => boolean = () => false,
): Promise<ApiAnswer> {
	const outcome = await tryWithin(
		deadline,
		options,
		async () => await once(ctx, call, deadline, options),
		(error) => stoppedOrNetwork(error, options.timeoutSeconds),
	);
	if ('failure' in outcome) throw new FailureError(outcome.failure, outcome.tries);
	const answer = outcome.value;
	if (answer.failure && !accept(answer)) throw new FailureError(answer.failure, outcome.tries);
	return answer;
}

/** One request: an answer, or a Failure when there was none or it asks to be tried again. */
async function once(
	ctx: IExecuteFunctions,
	call: ApiCall,
	deadline: Deadline,
	options: CallOptions,
): Promise<TryOutcome<ApiAnswer>> {
	let status: number;
	let text: string;
	let headers: RawResponse['headers'];
	try {
		const response = await openRequest(ctx, call.method, call.path, deadline, call.body);
		({ statusCode: status, headers } = response);
		const ok = status >= 200 && status < 300;
		// One byte past the limit tells a complete answer from one that was cut.
		const limit = ok ? LIMITS.discoveryBytes + 1 : LIMITS.errorBodyBytes;
		text = await readText(response.body, deadline, limit);
		if (ok && Buffer.byteLength(text) > LIMITS.discoveryBytes)
			return { failure: tooLargeFailure() };
	} catch (error) {
		return { failure: stoppedOrNetwork(error, options.timeoutSeconds) };
	}
	const parsed = text.trim() ? parseJson(text) : undefined;
	const json = parsed?.ok ? parsed.value : undefined;
	if (status >= 200 && status < 300) {
		if (parsed && !parsed.ok) return { failure: notJsonFailure() };
		return { value: { status, json, text } };
	}
	const failure = describeResourceFailure({
		status,
		bodyText: text,
		location: headerValue(headers, 'location'),
		retryAfter: headerValue(headers, 'retry-after'),
		timeoutSeconds: options.timeoutSeconds,
		subject: call.subject,
	});
	return failure.retryable ? { failure } : { value: { status, json, text, failure } };
}

function stoppedOrNetwork(error: unknown, timeoutSeconds: number): Failure {
	if (error instanceof StoppedError) return stopFailure(error.reason, timeoutSeconds);
	return networkFailure(error, 'request', false);
}

/**
 * Every row of a paginated list (DRF's `{count, next, results}`), up to `limit`. `next` is an
 * absolute URL built from the server's Host header: only its page number is used, on the
 * credential's base URL, so requests never go elsewhere; a page seen twice ends the list.
 */
export async function getAllPages(
	ctx: IExecuteFunctions,
	path: string,
	query: Record<string, string>,
	subject: Subject,
	deadline: Deadline,
	options: CallOptions,
	limit = Infinity,
): Promise<unknown[]> {
	const rows: unknown[] = [];
	const seen = new Set<string>();
	let page: string | undefined;
	for (let pages = 0; pages < RESOURCE_LIMITS.maxPages && rows.length < limit; pages++) {
		const params = new URLSearchParams(page ? { ...query, page } : query);
		const answer = await callApi(
			ctx,
			{ method: 'GET', path: `${path}?${params}`, subject },
			deadline,
			options,
		);
		const body = isPlainObject(answer.json) ? answer.json : {};
		if (Array.isArray(answer.json)) return answer.json.slice(0, limit);
		if (Array.isArray(body.results)) rows.push(...body.results);
		page = nextPage(body.next);
		if (!page || seen.has(page)) return rows.slice(0, limit);
		seen.add(page);
	}
	if (rows.length >= limit) return rows.slice(0, limit);
	throw new FailureError({
		message: `LLMStack's list goes on past ${RESOURCE_LIMITS.maxPages} pages`,
		description: 'The node reads at most that many pages. Narrow the request down.',
		retryable: false,
	});
}

function nextPage(next: unknown): string | undefined {
	if (typeof next !== 'string' || !next) return undefined;
	try {
		return new URL(next, 'http://base').searchParams.get('page') ?? undefined;
	} catch {
		return undefined;
	}
}
