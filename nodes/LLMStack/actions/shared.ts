/**
 * What the operations beyond Run App share: their per-item request options, the ID fields they
 * check before anything is sent, and the way a failure leaves an operation.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FailureError, inputFailure, stopFailure, toNodeError } from '../failure';
import type { Failure } from '../failure';
import { normaliseAppId } from '../helpers/appId';
import { Deadline } from '../helpers/deadline';
import type { RunEnvironment } from '../run/types';
import type { CallOptions } from '../transport/api';

/** Shared with Run App's options, which say the same about its retries. */
export const retryDelayOption: INodeProperties = {
	displayName: 'Retry Delay (Milliseconds)',
	name: 'retryDelayMs',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 1000,
	description:
		"The first retry's delay; each further retry doubles it, with jitter. A Retry-After header from the server wins.",
};

/** Maximum Tries, in the words of the operation (a run and other requests retry alike). */
export function maxTriesOption(description: string): INodeProperties {
	return {
		displayName: 'Maximum Tries',
		name: 'maxTries',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 3,
		description,
	};
}

/** The Session ID field: Chat Triggers and earlier LLMStack nodes both output `sessionId`. */
export function sessionIdField(
	show: Record<string, string[]>,
	description: string,
	hint?: string,
): INodeProperties {
	return {
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '={{ $json.sessionId }}',
		required: true,
		displayOptions: { show },
		description,
		...(hint ? { hint } : {}),
	};
}

/**
 * Maximum Tries, Retry Delay and Timeout for requests that are not runs, after any options of
 * the operation's own.
 */
export function requestOptions(
	show: Record<string, string[]>,
	timeoutDefault: number,
	own: INodeProperties[] = [],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			...own,
			maxTriesOption(
				'How often a request is sent at most. It is sent again only when it provably did not reach LLMStack (no connection could be made) or LLMStack or its proxy answered 429 or 503.',
			),
			retryDelayOption,
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: timeoutDefault,
				description:
					'How long one item may take, every request, retry and wait included. The item fails when it passes, whatever the server does.',
			},
		],
	};
}

/** Return All (off unless the operation turns it on) and Limit, n8n's fields for lists. */
export function limitFields(show: Record<string, string[]>): [INodeProperties, INodeProperties] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { ...show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** How many results the item asks for (Infinity for Return All). */
export function readLimit(
	ctx: IExecuteFunctions,
	itemIndex: number,
	returnAllDefault: boolean,
): number {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, returnAllDefault) as boolean;
	return returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}

export function readCallOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
	timeoutDefault: number,
): CallOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const number = (value: unknown, fallback: number, min: number) =>
		typeof value === 'number' && value >= min ? value : fallback;
	return {
		timeoutSeconds: number(options.timeoutSeconds, timeoutDefault, 1),
		maxTries: Math.floor(number(options.maxTries, 3, 1)),
		retryDelayMs: number(options.retryDelayMs, 1000, 0),
		random: env.random,
	};
}

export const PICK_APP =
	'Pick the app from the list, paste its URL from the LLMStack app builder, or enter its UUID.';

/** A UUID parameter in its canonical form; anything else fails the item before a request. */
export function readUuid(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
	name: string,
	what: string,
	howToFind: string,
): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	// Apps may be given by their builder URL; other IDs are bare UUIDs.
	const id =
		typeof raw === 'string' && (name === 'app' || !raw.includes('/'))
			? normaliseAppId(raw)
			: undefined;
	if (!id) {
		const shown = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
		throw failWith(
			ctx,
			env,
			itemIndex,
			inputFailure(
				shown ? `"${shown.slice(0, 80)}" is not ${what}` : `No ${what.replace(/^an? /, '')} given`,
				`${howToFind} It is a UUID like 2f6a0c2e-8f0b-4f4e-9a51-3b1d2c4e5f60.`,
			),
		);
	}
	return id;
}

/** The n8n error for a Failure, or for a FailureError thrown by the transport. */
export function failWith(
	ctx: IExecuteFunctions,
	env: RunEnvironment,
	itemIndex: number,
	failure: Failure | FailureError,
) {
	return failure instanceof FailureError
		? toNodeError(ctx.getNode(), failure.failure, env.serverText, itemIndex, failure.tries)
		: toNodeError(ctx.getNode(), failure, env.serverText, itemIndex);
}

/**
 * Runs one item's requests within its Timeout (or a cancellation); FailureErrors from the
 * transport become the item's n8n error.
 */
export async function withinDeadline<T>(
	ctx: IExecuteFunctions,
	env: RunEnvironment,
	itemIndex: number,
	options: CallOptions,
	body: (deadline: Deadline) => Promise<T>,
): Promise<T> {
	const deadline = new Deadline(options.timeoutSeconds * 1000, env.cancelSignal);
	try {
		return await body(deadline).catch((error: unknown) => {
			throw error instanceof FailureError ? failWith(ctx, env, itemIndex, error) : error;
		});
	} finally {
		deadline.dispose();
	}
}

/** The item's Session ID, trimmed; an empty one fails the item with `missing`. */
export function readSessionId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
	missing: Failure,
): string {
	const raw = ctx.getNodeParameter('sessionId', itemIndex, '') as unknown;
	const sessionId =
		typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!sessionId) throw failWith(ctx, env, itemIndex, missing);
	return sessionId;
}

/** Waits between reads; the deadline or a cancellation ends the wait with the usual words. */
export async function sleepWithin(
	deadline: Deadline,
	ms: number,
	options: CallOptions,
): Promise<void> {
	await deadline.sleep(ms).catch(() => {
		throw new FailureError(stopFailure(deadline.reason(), options.timeoutSeconds));
	});
}
