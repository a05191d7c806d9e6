/**
 * Runs the chosen operation for every input item with bounded concurrency and turns each
 * outcome into exactly one output item, in input order, paired with its input.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DEFAULTS } from '../description';
import { runBatch } from '../helpers/batch';
import type { ServerText } from '../helpers/serverText';
import { serverTextFor } from '../transport';
import { continueSession } from './continueSession.operation';
import { runApp } from './runApp.operation';
import type { RunEnvironment } from './runItem';

type Operation = (ctx: IExecuteFunctions, itemIndex: number, env: RunEnvironment) => Promise<IDataObject>;

const operations: Record<string, Operation> = { runApp, continueSession };

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`);
	}

	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const cancelSignal = getCancelSignal(this);
	const continueOnFail = this.continueOnFail();
	let failed = false;
	const serverText = await serverTextFor(this);
	const env: RunEnvironment = { cancelSignal, random: Math.random, schemas: new Map(), serverText };

	const streaming = canStream(this);
	// What each item has sent to the caller so far: deltas of streamed answers (v0.0.x servers).
	const sent = new Map<number, string>();
	const forward = (index: number, output: string) => {
		const before = sent.get(index) ?? '';
		// Partial outputs arrive at most at a rate that keeps this comparison linear overall.
		if (output.length > before.length && output.startsWith(before)) {
			this.sendChunk('item', index, output.slice(before.length));
			sent.set(index, output);
		}
	};
	if (streaming) env.onPartialOutput = forward;
	const job = async (index: number) => {
		if (streaming) this.sendChunk('begin', index);
		try {
			const json = await operation(this, index, env);
			if (streaming) {
				// Answers that did not stream (v0.2.6+ never do) go as one chunk here.
				forward(index, typeof json.output === 'string' ? json.output : '');
				this.sendChunk('end', index);
				sent.delete(index);
			}
			return json;
		} catch (error) {
			failed = true;
			const nodeError = toNodeError(this, error, index, serverText);
			if (streaming) this.sendChunk('error', index, nodeError.message);
			throw nodeError;
		}
	};
	const results = await runBatch(items.length, job, {
		concurrency: typeof options.concurrency === 'number' ? options.concurrency : DEFAULTS.concurrency,
		pauseMs: typeof options.batchPauseMs === 'number' ? options.batchPauseMs : 0,
		sleep,
		// Without continueOnFail the first failure fails the node: start nothing more.
		shouldStop: () => Boolean(cancelSignal?.aborted) || (!continueOnFail && failed),
	});

	const output: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const result = results[index];
		if (result?.ok) {
			output.push({ json: result.value, pairedItem: { item: index } });
			continue;
		}
		// Jobs only ever fail with node errors (see `job`).
		const error = result
			? (result.error as NodeApiError | NodeOperationError)
			: new NodeOperationError(this.getNode(), 'The execution was cancelled before this item ran', {
					itemIndex: index,
				});
		if (!continueOnFail) throw error;
		output.push({
			json: {
				error: error.message,
				...(error.description ? { description: error.description } : {}),
				...(error instanceof NodeApiError && error.httpCode ? { httpCode: error.httpCode } : {}),
			},
			// The engine routes items carrying `error` to the error output ("Continue (using error output)").
			error,
			pairedItem: { item: index },
		});
	}
	return [output];
}

/**
 * Whether a Webhook or Chat Trigger with response mode Streaming waits for chunks
 * (n8n 1.105.2 and newer; older versions have no isStreaming).
 */
function canStream(ctx: IExecuteFunctions): boolean {
	return 'isStreaming' in ctx && typeof ctx.isStreaming === 'function' && ctx.isStreaming();
}

function getCancelSignal(ctx: IExecuteFunctions): AbortSignal | undefined {
	return typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
}

/** Every error leaves the node as an n8n error without the token in it. */
function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	serverText: ServerText,
): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	nodeError.message = serverText.clean(nodeError.message);
	if (nodeError.description) nodeError.description = serverText.clean(nodeError.description, 4000);
	return nodeError;
}
