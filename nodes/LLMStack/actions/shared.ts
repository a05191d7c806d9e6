/**
 * What the operations beyond Run App share: their per-item request options, the ID fields they
 * check before anything is sent, and the way a failure leaves an operation.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FailureError, inputFailure, stopFailure, toNodeError } from '../failure';
import type { Failure } from '../failure';
import { normaliseAppId } from '../helpers/appId';
import type { Deadline } from '../helpers/deadline';
import type { RunEnvironment } from '../run/types';
import type { CallOptions } from '../transport/api';

/** Timeout, Maximum Tries and Retry Delay, for requests that are not runs. */
export function requestOptions(
	show: Record<string, string[]>,
	timeoutDefault: number,
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Maximum Tries',
				name: 'maxTries',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 3,
				description:
					'How often a request is sent at most. It is sent again only when it provably did not reach LLMStack (no connection could be made) or LLMStack or its proxy answered 429 or 503.',
			},
			{
				displayName: 'Retry Delay (Milliseconds)',
				name: 'retryDelayMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description:
					"The first retry's delay; each further retry doubles it, with jitter. A Retry-After header from the server wins.",
			},
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

/** Runs `body`, turning FailureErrors from the transport into the item's n8n error. */
export async function inWords<T>(
	ctx: IExecuteFunctions,
	env: RunEnvironment,
	itemIndex: number,
	body: () => Promise<T>,
): Promise<T> {
	return await body().catch((error: unknown) => {
		throw error instanceof FailureError ? failWith(ctx, env, itemIndex, error) : error;
	});
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
