/**
 * Runs an operation for every input item with bounded concurrency and turns each outcome into
 * exactly one output item, in input order, paired with its input; failed items become error
 * items when the node continues on fail.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { LIMITS } from '../constants';
import type { ServerText } from '../failure';
import { runBatch } from '../helpers/batch';
import type { RunEnvironment } from '../run/types';
import { serverTextFor } from '../transport';
import { DEFAULTS } from './app/fields';
import { ItemStream } from './streaming';
import { WithBinary } from './types';
import type { Operation } from './types';

export async function runItems(
	ctx: IExecuteFunctions,
	operation: Operation,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	if (items.length === 0) return [[]];
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const cancelSignal =
		typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
	// n8n runs a node that an AI agent uses as a tool under the type `<name>Tool`. A tool's
	// output is for the model: its failures become items the model can read (as n8n 2.x does for
	// tools anyway; 1.x would stop the whole execution), and nothing streams to the chat.
	const asTool = ctx.getNode().type.endsWith('Tool');
	const continueOnFail = asTool || ctx.continueOnFail();
	const serverText = await serverTextFor(ctx);
	const env: RunEnvironment = { cancelSignal, random: Math.random, schemas: new Map(), serverText };
	const stream = !asTool && ItemStream.wanted(ctx) ? new ItemStream(ctx) : undefined;
	if (stream) env.onPartialOutput = (index, output) => stream.forward(index, output);

	let failed = false;
	const job = async (index: number) => {
		stream?.begin(index);
		try {
			const result = await operation.execute(ctx, index, env);
			const json = result instanceof WithBinary ? result.json : result;
			stream?.end(index, Array.isArray(json) ? undefined : json.output);
			return result;
		} catch (error) {
			failed = true;
			const nodeError = cleanNodeError(ctx, error, index, serverText);
			stream?.error(index, nodeError.message);
			throw nodeError;
		}
	};
	const results = await runBatch(items.length, job, {
		concurrency: operation.oneAtATime
			? 1
			: typeof options.concurrency === 'number'
				? options.concurrency
				: DEFAULTS.concurrency,
		pauseMs: typeof options.batchPauseMs === 'number' ? options.batchPauseMs : 0,
		sleep,
		// Without continueOnFail the first failure fails the node: start nothing more.
		shouldStop: () => Boolean(cancelSignal?.aborted) || (!continueOnFail && failed),
	});

	const output: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const result = results[index];
		if (result?.ok) {
			const { value } = result;
			const pairedItem = { item: index };
			if (value instanceof WithBinary) output.push({ ...value, pairedItem });
			else if (Array.isArray(value)) output.push(...value.map((json) => ({ json, pairedItem })));
			else output.push({ json: value, pairedItem });
			continue;
		}
		// Jobs only ever fail with node errors (see `job`).
		const error = result
			? (result.error as NodeApiError | NodeOperationError)
			: new NodeOperationError(ctx.getNode(), 'The execution was cancelled before this item ran', {
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
 * Every error leaves the node as an n8n error without the token in it: the failure module's own
 * errors are clean already; this catches the rest (n8n's helpers, unexpected ones).
 */
function cleanNodeError(
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
	if (nodeError.description) {
		nodeError.description = serverText.clean(nodeError.description, LIMITS.descriptionChars);
	}
	return nodeError;
}
