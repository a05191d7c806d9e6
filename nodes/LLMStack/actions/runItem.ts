/**
 * The one run path shared by Run App and Continue Session: build the request, send it within
 * one deadline with retries that never repeat a run that may have executed, collect the answer
 * whatever its framing, and turn it into an output item or a specific error.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULTS } from '../description';
import { normaliseAppId } from '../helpers/appId';
import { buildMappedInput, missingRequired, readInputFields } from '../helpers/appInputs';
import type { InputFieldSpec } from '../helpers/appInputs';
import { CollectorError, formatBytes, ResponseCollector } from '../helpers/collector';
import { Deadline, readBody, StoppedError } from '../helpers/deadline';
import { collectorFailure, FailureError, networkFailure, stopFailure, toNodeError } from '../helpers/failure';
import type { Failure } from '../helpers/failure';
import { describeHttpFailure } from '../helpers/httpFailure';
import { InputError, inputFromFields, inputFromItem, inputFromJson } from '../helpers/input';
import type { FieldEntry } from '../helpers/input';
import { LIMITS } from '../helpers/limits';
import { retryDelayMs } from '../helpers/retry';
import { ProcessorError, readRunResult, UnexpectedResponseError } from '../helpers/runResult';
import type { RunResult } from '../helpers/runResult';
import type { ServerText } from '../helpers/serverText';
import { isPlainObject } from '../helpers/stitch';
import { getJson, headerValue, openRequest, readText } from '../transport';
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
	/** Cleans server text for messages: this execution's token removed, lengths capped. */
	serverText: ServerText;
	/** Input schemas of the apps this execution maps inputs for, fetched once each. */
	schemas: Map<string, Promise<InputFieldSpec[]>>;
	/** Receives the partial output of streamed answers, when they are forwarded to the caller. */
	onPartialOutput?: (itemIndex: number, output: string) => void;
}


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
		const timeoutMs = Math.min(LIMITS.discoveryTimeoutMs, readRunOptions(ctx, itemIndex).timeoutSeconds * 1000);
		schema = getJson(ctx, `/api/apps/${appId}?fields=data`, { cancel: env.cancelSignal, timeoutMs }).then(readInputFields);
		env.schemas.set(appId, schema);
	}
	let specs: InputFieldSpec[];
	try {
		specs = await schema;
	} catch (error) {
		if (!(error instanceof FailureError)) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
		const { failure } = error;
		throw toNodeError(ctx.getNode(), { ...failure, message: `Could not load the app's inputs: ${failure.message}` }, env.serverText, itemIndex);
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
	const node = ctx.getNode();
	const sessionInUrl = sessionId !== undefined && options.sessionPlacement === 'url';
	if (sessionInUrl && /^\.+$/.test(sessionId)) {
		// URL parsers resolve "." and ".." (even encoded) as path steps: another endpoint.
		throw new NodeOperationError(node, `The session ID "${sessionId}" cannot be sent in the URL`, {
			description:
				'A session ID made only of dots would change which LLMStack address is called. Map the session ID returned by an earlier run, or set Session ID Placement to Body.',
			itemIndex,
		});
	}
	const url = `/api/apps/${appId}/run${sessionInUrl ? `/${encodeURIComponent(sessionId)}` : ''}`;
	const body: IDataObject = { input: request.input as IDataObject, stream: options.stream };
	if (sessionId !== undefined && !sessionInUrl) body.session_id = sessionId;
	const size = Buffer.byteLength(JSON.stringify(body));
	if (size > LIMITS.requestBytes) {
		throw new NodeOperationError(node, `The input is ${formatBytes(size)}, more than LLMStack accepts`, {
			description:
				'LLMStack refuses requests over 25 MiB, and its bundled nginx over 1 MiB. Send smaller files or text.',
			itemIndex,
		});
	}

	// One deadline for the whole run: every try, every wait between tries, every byte.
	const deadline = new Deadline(options.timeoutSeconds * 1000, env.cancelSignal);
	try {
		return await runWithRetries(ctx, itemIndex, { url, body, sessionInUrl }, request, deadline, env);
	} finally {
		deadline.dispose();
	}
}

async function runWithRetries(
	ctx: IExecuteFunctions,
	itemIndex: number,
	call: { url: string; body: IDataObject; sessionInUrl: boolean },
	{ appId, options, sessionId }: RunRequest,
	deadline: Deadline,
	env: RunEnvironment,
): Promise<IDataObject> {
	const node = ctx.getNode();
	const onOutput = env.onPartialOutput && ((text: string) => env.onPartialOutput!(itemIndex, text));
	for (let attempt = 1; ; attempt++) {
		const outcome = await attemptRun(ctx, call, deadline, options, onOutput);
		if ('result' in outcome) {
			return toOutput(node, itemIndex, appId, outcome.result, sessionId, options);
		}
		let failure = outcome.failure;
		const delay = failure.retryable
			? retryDelayMs(
					attempt,
					{ baseDelayMs: options.retryDelayMs, maxDelayMs: LIMITS.maxRetryDelayMs, random: env.random },
					failure.retryAfter,
				)
			: 0;
		if (!failure.retryable || attempt >= options.maxTries || delay >= deadline.remainingMs()) {
			if (failure.httpCode === 500) failure = await explainServerError(ctx, appId, failure, deadline);
			throw toNodeError(node, failure, env.serverText, itemIndex, attempt);
		}
		try {
			await deadline.sleep(delay);
		} catch (error) {
			throw toNodeError(node, stopped(error, options), env.serverText, itemIndex, attempt);
		}
	}
}

type Attempt = { result: RunResult } | { failure: Failure };

async function attemptRun(
	ctx: IExecuteFunctions,
	{ url, body, sessionInUrl }: { url: string; body: IDataObject; sessionInUrl: boolean },
	deadline: Deadline,
	options: RunOptions,
	onOutput?: (output: string) => void,
): Promise<Attempt> {
	let response: RawResponse;
	try {
		response = await openRequest(ctx, 'POST', url, deadline, body);
	} catch (error) {
		return { failure: stopped(error, options) };
	}

	const { statusCode } = response;
	if (statusCode < 200 || statusCode >= 300) {
		let bodyText = '';
		try {
			bodyText = await readText(response.body, deadline);
		} catch (error) {
			// A body that never ends: the deadline has passed, and that is what the user must know.
			if (error instanceof StoppedError) return { failure: stopped(error, options) };
		}
		const failure = describeHttpFailure({
			status: statusCode,
			bodyText,
			location: headerValue(response.headers, 'location'),
			sessionInUrl,
			timeoutSeconds: options.timeoutSeconds,
		});
		return { failure: { ...failure, httpCode: statusCode, retryAfter: headerValue(response.headers, 'retry-after') } };
	}

	const collector = new ResponseCollector({ onOutput });
	try {
		await readBody(response.body, deadline, (chunk) => collector.push(chunk));
		return { result: readRunResult(collector.finish().document) };
	} catch (error) {
		if (error instanceof StoppedError) return { failure: stopped(error, options) };
		if (error instanceof CollectorError) return { failure: collectorFailure(error, options.stream) };
		if (error instanceof ProcessorError) {
			return {
				failure: {
					message: `The app failed: ${error.message}`,
					description:
						'LLMStack ran the app, and a processor in it reported this error (LLMStack answers such errors with HTTP 200). Check the app and its provider keys in LLMStack.',
					retryable: false,
				},
			};
		}
		if (error instanceof UnexpectedResponseError) {
			return {
				failure: {
					message: error.message,
					description: 'Check that the Base URL points at an LLMStack server.',
					retryable: false,
				},
			};
		}
		return { failure: stopped(error, options, options.stream ? 'stream' : 'body') };
	}
}

/** The Failure for a wait that the deadline or a cancellation ended, else for the network. */
function stopped(error: unknown, options: RunOptions, during: 'request' | 'body' | 'stream' = 'request'): Failure {
	if (error instanceof StoppedError) return stopFailure(error.reason, options.timeoutSeconds);
	return networkFailure(error, during);
}

/**
 * LLMStack answers 500 before running anything when the app ID is unknown or the app has no
 * published version; its app endpoint tells which, so the message can say it.
 */
async function explainServerError(
	ctx: IExecuteFunctions,
	appId: string,
	failure: Failure,
	deadline: Deadline,
): Promise<Failure> {
	if (deadline.remainingMs() <= 0) return failure;
	try {
		const app = await getJson(ctx, `/api/apps/${appId}?fields=uuid,has_live_version`, {
			cancel: deadline.signal,
			timeoutMs: Math.min(deadline.remainingMs(), LIMITS.discoveryTimeoutMs),
		});
		if (isPlainObject(app) && app.has_live_version === false) {
			return {
				...failure,
				message: 'The app has no published version',
				description:
					'LLMStack runs only the published version of an app, and this app has none (LLMStack answered 500). Open the app in LLMStack and publish it (Save, then Publish), then run again.',
			};
		}
	} catch (error) {
		const status = error instanceof FailureError ? error.failure.httpCode : undefined;
		if (status === 404 || status === 403) {
			return {
				...failure,
				message: `No app with ID ${appId} (or it is not shared with this token's user)`,
				description:
					"LLMStack answered 500 to the run and does not show this app to the token's user. Pick the app from the list, or share it with the token's user in LLMStack.",
			};
		}
	}
	return failure;
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





function outputModeOf(value: unknown): RunOptions['outputMode'] {
	return value === 'simplified' || value === 'raw' ? value : 'standard';
}

function positive(value: unknown, fallback: number): number {
	return typeof value === 'number' && value > 0 ? value : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
	return typeof value === 'number' && value >= 0 ? value : fallback;
}
