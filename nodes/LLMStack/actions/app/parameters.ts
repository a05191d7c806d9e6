/**
 * Reads one item's RunRequest from the App operations' parameters: the app, the input in any
 * of the four input modes (the mapped one checked against the app's schema, fetched once per
 * execution), the options. Anything wrong is an input failure, before a run is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { LIMITS } from '../../constants';
import { FailureError, inputFailure, unpublishedFailure } from '../../failure';
import { normaliseAppId } from '../../helpers/appId';
import { buildMappedInput, missingRequired, readInputFields } from '../../helpers/appInputs';
import { InputError, inputFromFields, inputFromItem, inputFromJson } from '../../helpers/input';
import type { FieldEntry } from '../../helpers/input';
import { isPlainObject } from '../../helpers/object';
import { DEFAULTS } from './fields';
import { failWith, readSessionId as readItemSessionId } from '../shared';
import type { RunEnvironment, RunOptions, RunRequest } from '../../run/types';
import { getJson } from '../../transport';

/** The request for one item; `sessionId` is Continue Session's, which is all that differs. */
export async function readRunRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
	sessionId?: string,
): Promise<RunRequest> {
	const options = readRunOptions(ctx, itemIndex);
	const appId = readAppId(ctx, itemIndex, env);
	const input = await readInput(ctx, itemIndex, appId, options, env);
	return { appId, input, sessionId, options };
}

export function readSessionId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): string {
	return readItemSessionId(
		ctx,
		itemIndex,
		env,
		inputFailure(
			'No session ID to continue',
			'Session ID is empty for this item. Map it from an earlier LLMStack node or a Chat Trigger, for example {{ $json.sessionId }}, or use Run App to start a new session.',
		),
	);
}

function readRunOptions(ctx: IExecuteFunctions, itemIndex: number): RunOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const outputMode = ctx.getNodeParameter('outputMode', itemIndex, 'standard');
	return {
		stream: options.stream === true,
		outputMode: outputMode === 'simplified' || outputMode === 'raw' ? outputMode : 'standard',
		timeoutSeconds: positive(options.timeoutSeconds, DEFAULTS.timeoutSeconds),
		maxTries: Math.max(1, Math.floor(positive(options.maxTries, DEFAULTS.maxTries))),
		retryDelayMs: nonNegative(options.retryDelayMs, DEFAULTS.retryDelayMs),
		sessionPlacement: options.sessionPlacement === 'url' ? 'url' : 'body',
		downloadFiles: options.downloadFiles === true,
	};
}

function readAppId(ctx: IExecuteFunctions, itemIndex: number, env: RunEnvironment): string {
	const raw = ctx.getNodeParameter('app', itemIndex, '', { extractValue: true }) as string;
	const appId = normaliseAppId(raw);
	if (!appId) {
		const failure = inputFailure(
			raw ? `"${String(raw).slice(0, 80)}" is not an LLMStack app ID` : 'No app selected',
			'Pick the app from the list, paste its URL from the LLMStack app builder (http://host/apps/<app ID>), or enter its UUID.',
		);
		throw failWith(ctx, env, itemIndex, failure);
	}
	return appId;
}

async function readInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	appId: string,
	options: RunOptions,
	env: RunEnvironment,
): Promise<Record<string, unknown>> {
	const mode = ctx.getNodeParameter('inputMode', itemIndex, 'mapper') as string;
	if (mode === 'mapper') return await readMappedInput(ctx, itemIndex, appId, options, env);
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
		const failure =
			error instanceof InputError
				? inputFailure(error.message, error.description)
				: inputFailure((error as Error).message, '');
		throw failWith(ctx, env, itemIndex, failure);
	}
}

async function readMappedInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	appId: string,
	options: RunOptions,
	env: RunEnvironment,
): Promise<Record<string, unknown>> {
	const mapped = ctx.getNodeParameter('appInputs', itemIndex, {}) as {
		value?: Record<string, unknown> | null;
	};
	const values = mapped.value ?? {};
	let schema = env.schemas.get(appId);
	if (!schema) {
		// Loaded once per execution, within the first item's Timeout and at most 30 s.
		const timeoutMs = Math.min(LIMITS.discoveryTimeoutMs, options.timeoutSeconds * 1000);
		schema = getJson(ctx, `/api/apps/${appId}?fields=data,has_live_version`, {
			cancel: env.cancelSignal,
			timeoutMs,
		}).then((app) => ({
			inputs: readInputFields(app),
			published:
				isPlainObject(app) && typeof app.has_live_version === 'boolean'
					? app.has_live_version
					: undefined,
		}));
		env.schemas.set(appId, schema);
	}
	const loaded = await schema.catch((error: unknown) => error as Error);
	if (loaded instanceof Error) {
		const failure =
			loaded instanceof FailureError
				? {
						...loaded.failure,
						message: `Could not load the app's inputs: ${loaded.failure.message}`,
					}
				: inputFailure(loaded.message, '');
		throw failWith(ctx, env, itemIndex, failure);
	}
	// Said before any run is sent: LLMStack would answer the run with a bare 500.
	if (loaded.published === false) throw failWith(ctx, env, itemIndex, unpublishedFailure());
	const specs = loaded.inputs;
	const missing = missingRequired(specs, values);
	if (missing.length) {
		const titles = missing.map((spec) => spec.title || spec.name).join(', ');
		const failure = inputFailure(
			missing.length === 1
				? `A required app input is empty: ${titles}`
				: `Required app inputs are empty: ${titles}`,
			'Map a value to each required input under App Inputs → Values to Send, or pick an item field for it.',
		);
		throw failWith(ctx, env, itemIndex, failure);
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

function positive(value: unknown, fallback: number): number {
	return typeof value === 'number' && value > 0 ? value : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
	return typeof value === 'number' && value >= 0 ? value : fallback;
}
