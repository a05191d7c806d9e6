/**
 * The one run path shared by Run App and Continue Session: build the request, send it with
 * retries that never repeat a run that may have executed, collect the answer whatever its
 * framing, and turn it into an output item or a specific error.
 */
import type { IDataObject, IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DEFAULTS } from '../description';
import { normaliseAppId } from '../helpers/appId';
import { buildMappedInput, missingRequired, readInputFields } from '../helpers/appInputs';
import type { InputFieldSpec } from '../helpers/appInputs';
import { CollectorError, formatBytes, ResponseCollector } from '../helpers/collector';
import { describeHttpFailure } from '../helpers/httpFailure';
import { InputError, inputFromFields, inputFromItem, inputFromJson } from '../helpers/input';
import type { FieldEntry } from '../helpers/input';
import { isRetryableNetworkCode, retryDelayMs } from '../helpers/retry';
import { ProcessorError, readRunResult, UnexpectedResponseError } from '../helpers/runResult';
import type { RunResult } from '../helpers/runResult';
import { getJson, headerValue, openRequest, readText, RequestFailed } from '../transport';
import type { RawResponse } from '../transport';

export interface RunOptions {
	stream: boolean;
	outputMode: 'standard' | 'simplified' | 'raw';
	timeoutSeconds: number;
	maxTries: number;
	retryDelayMs: number;
	sessionPlacement: 'body' | 'url';
}

export interface RunEnvironment {
	cancelSignal: AbortSignal | undefined;
	random: () => number;
	/** Input schemas of the apps this execution maps inputs for, fetched once each. */
	schemas: Map<string, Promise<InputFieldSpec[]>>;
	/** Receives the partial output of streamed answers, when they are forwarded to the caller. */
	onPartialOutput?: (itemIndex: number, output: string) => void;
}

/** Django's own request size limit; anything larger cannot reach LLMStack at all. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

const MAX_RETRY_DELAY_MS = 60_000;

export function readRunOptions(ctx: IExecuteFunctions, itemIndex: number): RunOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		stream: options.stream === true,
		outputMode: outputModeOf(ctx.getNodeParameter('outputMode', itemIndex, 'standard')),
		timeoutSeconds: positive(options.timeoutSeconds, DEFAULTS.timeoutSeconds),
		maxTries: Math.max(1, Math.floor(positive(options.maxTries, DEFAULTS.maxTries))),
		retryDelayMs: nonNegative(options.retryDelayMs, DEFAULTS.retryDelayMs),
		sessionPlacement: options.sessionPlacement === 'url' ? 'url' : 'body',
	};
}

export function readAppId(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('app', itemIndex, '', { extractValue: true }) as string;
	const appId = normaliseAppId(raw);
	if (!appId) {
		throw new NodeOperationError(
			ctx.getNode(),
			raw ? `"${String(raw).slice(0, 80)}" is not an LLMStack app ID` : 'No app selected',
			{
				description:
					'Pick the app from the list, paste its URL from the LLMStack app builder (http://host/apps/<app ID>), or enter its UUID.',
				itemIndex,
			},
		);
	}
	return appId;
}

export async function readInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	appId: string,
	env: RunEnvironment,
): Promise<Record<string, unknown>> {
	const mode = ctx.getNodeParameter('inputMode', itemIndex, 'mapper') as string;
	if (mode === 'mapper') return await readMappedInput(ctx, itemIndex, appId, env);
	try {
		if (mode === 'json') return inputFromJson(ctx.getNodeParameter('inputJson', itemIndex, '{}'));
		if (mode === 'item') {
			const exclude = String(ctx.getNodeParameter('excludeFields', itemIndex, '') ?? '')
				.split(',')
				.map((name) => name.trim())
				.filter(Boolean);
			return inputFromItem(ctx.getInputData()[itemIndex]?.json, exclude);
		}
		const fields = ctx.getNodeParameter('inputFields.field', itemIndex, []) as FieldEntry[];
		return inputFromFields(fields);
	} catch (error) {
		if (error instanceof InputError) {
			throw new NodeOperationError(ctx.getNode(), error.message, {
				description: error.description,
				itemIndex,
			});
		}
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}

async function readMappedInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	appId: string,
	env: RunEnvironment,
): Promise<Record<string, unknown>> {
	const mapped = ctx.getNodeParameter('appInputs', itemIndex, {}) as { value?: Record<string, unknown> | null };
	const values = mapped.value ?? {};
	let schema = env.schemas.get(appId);
	if (!schema) {
		schema = getJson(ctx, `/api/apps/${appId}?fields=data`).then(readInputFields);
		env.schemas.set(appId, schema);
	}
	let specs: InputFieldSpec[];
	try {
		specs = await schema;
	} catch (error) {
		const failure =
			error instanceof RequestFailed
				? describeHttpFailure({ status: error.statusCode, bodyText: error.bodyText, location: error.location, sessionInUrl: false, timeoutSeconds: 30 })
				: { message: (error as Error).message, description: 'Check the Base URL in the credential.' };
		throw new NodeApiError(ctx.getNode(), { message: failure.message }, {
			message: `Could not load the app's inputs: ${failure.message}`,
			description: failure.description,
			itemIndex,
		});
	}
	const missing = missingRequired(specs, values);
	if (missing.length) {
		throw new NodeOperationError(ctx.getNode(), `Missing required app inputs: ${missing.join(', ')}`, {
			description: 'Map a value to each required input of the app under App Inputs.',
			itemIndex,
		});
	}
	return await buildMappedInput(specs, values, async (property) => {
		const binary = ctx.helpers.assertBinaryData(itemIndex, property);
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		return {
			fileName: binary.fileName ?? property,
			mimeType: binary.mimeType,
			base64: buffer.toString('base64'),
			size: buffer.length,
		};
	});
}

export interface RunRequest {
	appId: string;
	input: Record<string, unknown>;
	/** Continue Session only; Run App lets the server start a new session. */
	sessionId?: string;
	options: RunOptions;
}

export async function runItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: RunRequest,
	env: RunEnvironment,
): Promise<IDataObject> {
	const { appId, options, sessionId } = request;
	const sessionInUrl = sessionId !== undefined && options.sessionPlacement === 'url';
	const url = `/api/apps/${appId}/run${sessionInUrl ? `/${encodeURIComponent(sessionId)}` : ''}`;
	const body: IDataObject = { input: request.input as IDataObject, stream: options.stream };
	if (sessionId !== undefined && !sessionInUrl) body.session_id = sessionId;
	const size = Buffer.byteLength(JSON.stringify(body));
	if (size > MAX_BODY_BYTES) {
		throw new NodeOperationError(ctx.getNode(), `The input is ${formatBytes(size)}, more than LLMStack accepts`, {
			description:
				"LLMStack refuses requests over 25 MiB, and its bundled nginx over 1 MiB. Send smaller files or text.",
			itemIndex,
		});
	}

	const node = ctx.getNode();
	const timeoutMs = options.timeoutSeconds * 1000;
	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(node, env, itemIndex);
		const onOutput = env.onPartialOutput && ((text: string) => env.onPartialOutput!(itemIndex, text));
		const outcome = await attemptRun(ctx, url, body, timeoutMs, options, sessionInUrl, onOutput);
		if (outcome.kind === 'done') {
			return toOutput(node, itemIndex, appId, outcome.result, sessionId, options);
		}
		if (!outcome.retryable || attempt >= options.maxTries) {
			throw apiError(node, itemIndex, outcome, attempt);
		}
		const delay = retryDelayMs(
			attempt,
			{ baseDelayMs: options.retryDelayMs, maxDelayMs: MAX_RETRY_DELAY_MS, random: env.random },
			outcome.retryAfter,
		);
		if (delay > 0) await sleep(delay);
	}
}

type Attempt =
	| { kind: 'done'; result: RunResult }
	| {
			kind: 'failed';
			message: string;
			description: string;
			httpCode?: number;
			retryable: boolean;
			retryAfter?: string;
	  };

async function attemptRun(
	ctx: IExecuteFunctions,
	url: string,
	body: IDataObject,
	timeoutMs: number,
	options: RunOptions,
	sessionInUrl: boolean,
	onOutput?: (output: string) => void,
): Promise<Attempt> {
	let response: RawResponse;
	try {
		response = await openRequest(ctx, 'POST', url, { body, timeoutMs });
	} catch (error) {
		return networkFailure(error, options.timeoutSeconds);
	}

	const { statusCode } = response;
	if (statusCode < 200 || statusCode >= 300) {
		const bodyText = await readText(response.body).catch(() => '');
		const failure = describeHttpFailure({
			status: statusCode,
			bodyText,
			location: headerValue(response.headers, 'location'),
			sessionInUrl,
			timeoutSeconds: options.timeoutSeconds,
		});
		return {
			kind: 'failed',
			...failure,
			httpCode: statusCode,
			retryAfter: headerValue(response.headers, 'retry-after'),
		};
	}

	const collector = new ResponseCollector({ onOutput });
	const deadline = AbortSignal.timeout(timeoutMs);
	let timedOut = false;
	const stop = () => {
		timedOut = deadline.aborted;
		response.body.destroy?.(new Error('aborted'));
	};
	deadline.addEventListener('abort', stop, { once: true });
	try {
		for await (const chunk of response.body) collector.push(chunk);
		return { kind: 'done', result: readRunResult(collector.finish().document) };
	} catch (error) {
		if (timedOut) return timeoutFailure(options.timeoutSeconds);
		if (error instanceof CollectorError) return collectorFailure(error, options.stream);
		if (error instanceof ProcessorError) {
			return {
				kind: 'failed',
				message: `The app failed: ${error.message}`,
				description:
					'LLMStack ran the app, and a processor in it reported this error (LLMStack answers such errors with HTTP 200). Check the app and its provider keys in LLMStack.',
				retryable: false,
			};
		}
		if (error instanceof UnexpectedResponseError) {
			return { kind: 'failed', message: error.message, description: 'Check that the Base URL points at an LLMStack server.', retryable: false };
		}
		return networkFailure(error, options.timeoutSeconds, options.stream ? 'stream' : 'body');
	} finally {
		deadline.removeEventListener('abort', stop);
		response.body.destroy?.();
	}
}

function collectorFailure(error: CollectorError, stream: boolean): Attempt {
	const turnOffStream = stream ? ' Turn off the Stream option: every LLMStack version answers in one piece without it.' : '';
	const descriptions: Record<CollectorError['reason'], string> = {
		'python-repr': `This server version cannot stream over HTTP in a form any client can read.${turnOffStream}`,
		truncated: `The connection closed before the answer was complete. LLMStack v0.1.0 to v0.2.5 break off streamed answers like this.${turnOffStream}`,
		empty: `LLMStack v0.1.0 to v0.2.5 send an empty body when asked to stream.${turnOffStream}`,
		malformed: 'The answer is not what LLMStack sends. Check that the Base URL points at an LLMStack server.',
		'too-large': 'The answer was too large to keep in memory. Make the app return less text.',
	};
	return { kind: 'failed', message: error.message, description: descriptions[error.reason], retryable: false };
}

function networkFailure(
	error: unknown,
	timeoutSeconds: number,
	during: 'request' | 'body' | 'stream' = 'request',
): Attempt {
	const code = errorCode(error);
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout of \d+ms exceeded/i.test(messageOf(error))) {
		return timeoutFailure(timeoutSeconds);
	}
	if (code === 'ERR_CANCELED' || code === 'ABORT_ERR') {
		return { kind: 'failed', message: 'The execution was cancelled', description: 'The run was stopped because the workflow execution was cancelled.', retryable: false };
	}
	if (during !== 'request') {
		return {
			kind: 'failed',
			message: `The connection to LLMStack broke while the answer was arriving${code ? ` (${code})` : ''}`,
			description:
				(during === 'stream'
					? 'LLMStack v0.1.0 to v0.2.5 break off streamed answers like this. Turn off the Stream option: every LLMStack version answers in one piece without it. '
					: '') + 'The run may have finished on the server, so it is not retried.',
			retryable: false,
		};
	}
	return {
		kind: 'failed',
		message: `Could not reach LLMStack${code ? ` (${code})` : ''}`,
		description: 'Check the Base URL in the credential and that the LLMStack server is running.',
		retryable: isRetryableNetworkCode(code),
	};
}

function timeoutFailure(timeoutSeconds: number): Attempt {
	return {
		kind: 'failed',
		message: `No complete answer from LLMStack within ${timeoutSeconds} s (the node's timeout)`,
		description:
			"The node stopped waiting; the run may still finish on the server, so it is not retried. Raise the Timeout option for slow apps. (A 504 error instead would be LLMStack's own gateway timing out.)",
		retryable: false,
	};
}

function toOutput(
	node: INode,
	itemIndex: number,
	appId: string,
	result: RunResult,
	sentSessionId: string | undefined,
	options: RunOptions,
): IDataObject {
	if (sentSessionId !== undefined && result.sessionId !== undefined && result.sessionId !== sentSessionId) {
		const other = options.sessionPlacement === 'url' ? 'Body' : 'URL';
		throw new NodeOperationError(node, 'LLMStack ignored the session ID and started a new session', {
			description: `The node sent session ${sentSessionId} in the ${options.sessionPlacement === 'url' ? 'URL' : 'body'}, and LLMStack answered with session ${result.sessionId}, so the app did not see the earlier turns. Set the Session ID Placement option to ${other} (servers up to v0.2.5 read only the URL; v0.2.6 reads only the body).`,
			itemIndex,
		});
	}
	const sessionId = result.sessionId ?? sentSessionId ?? '';
	if (options.outputMode === 'simplified') return { output: result.output, sessionId };
	const json: IDataObject = {
		output: result.output,
		session: { id: sessionId },
		sessionId,
		appId,
	};
	if (options.outputMode === 'raw') {
		Object.assign(json, result.agent);
		json.chunks = (result.chunks ?? null) as IDataObject;
		json.raw = result.document as IDataObject;
	}
	return json;
}

function apiError(node: INode, itemIndex: number, failure: Extract<Attempt, { kind: 'failed' }>, tries: number) {
	const description = tries > 1 ? `${failure.description} (Tried ${tries} times.)` : failure.description;
	const response: JsonObject = { message: failure.message, description };
	if (failure.httpCode) response.httpCode = failure.httpCode;
	return new NodeApiError(node, response, {
		message: failure.message,
		description,
		httpCode: failure.httpCode ? String(failure.httpCode) : undefined,
		itemIndex,
	});
}

function throwIfCancelled(node: INode, env: RunEnvironment, itemIndex: number): void {
	if (env.cancelSignal?.aborted) {
		throw new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
	}
}

function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function messageOf(error: unknown): string {
	let current: unknown = error;
	const parts: string[] = [];
	for (let depth = 0; depth < 5 && current; depth++) {
		const message = (current as { message?: unknown }).message;
		if (typeof message === 'string') parts.push(message);
		current = (current as { cause?: unknown }).cause;
	}
	return parts.join(' | ');
}

function outputModeOf(value: unknown): RunOptions['outputMode'] {
	return value === 'simplified' || value === 'raw' ? value : 'standard';
}

function positive(value: unknown, fallback: number): number {
	return typeof value === 'number' && value > 0 ? value : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
	return typeof value === 'number' && value >= 0 ? value : fallback;
}
