/**
 * One item's run, shared by Run App and Continue Session: the request, then tries within one
 * deadline (every try, every wait between tries, every byte) until a result or a failure that
 * must not or cannot be tried again, then the output item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { WithBinary } from '../actions/types';
import { FailureError, toNodeError } from '../failure';
import { Deadline } from '../helpers/deadline';
import { tryWithin } from '../helpers/tries';
import { explainServerError } from './appCheck';
import { downloadOutputFiles } from './outputFiles';
import { attemptRun, failureOf } from './attempt';
import { toOutput } from './output';
import { buildRunCall } from './request';
import type { RunEnvironment, RunRequest } from './types';

export async function runItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: RunRequest,
	env: RunEnvironment,
): Promise<IDataObject | WithBinary> {
	const node = ctx.getNode();
	const call = buildRunCall(request);
	if ('failure' in call) throw toNodeError(node, call.failure, env.serverText, itemIndex);

	const { options } = request;
	const deadline = new Deadline(options.timeoutSeconds * 1000, env.cancelSignal);
	const onOutput = env.onPartialOutput && ((text: string) => env.onPartialOutput!(itemIndex, text));
	try {
		const outcome = await tryWithin(
			deadline,
			{ ...options, random: env.random },
			async () => {
				const attempt = await attemptRun(ctx, call, deadline, options, onOutput);
				return 'result' in attempt ? { value: attempt.result } : attempt;
			},
			(error) => failureOf(error, options, 'request'),
		);
		if ('value' in outcome) {
			const output = toOutput(request, outcome.value);
			if ('failure' in output) throw toNodeError(node, output.failure, env.serverText, itemIndex);
			if (!options.downloadFiles) return output.json;
			const text = outcome.value.output;
			const { files, binary } = await downloadOutputFiles(ctx, text, deadline, {
				...options,
				random: env.random,
			}).catch((error: unknown) => {
				throw error instanceof FailureError
					? toNodeError(node, error.failure, env.serverText, itemIndex, error.tries)
					: error;
			});
			const json = { ...output.json, files };
			return Object.keys(binary).length ? new WithBinary(json, binary) : json;
		}
		let { failure } = outcome;
		if (failure.httpCode === 500)
			failure = await explainServerError(ctx, request.appId, failure, deadline);
		throw toNodeError(node, failure, env.serverText, itemIndex, outcome.tries);
	} finally {
		deadline.dispose();
	}
}
