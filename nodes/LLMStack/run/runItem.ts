/**
 * One item's run, shared by Run App and Continue Session: the request, then tries within one
 * deadline (every try, every wait between tries, every byte) until a result or a failure that
 * must not or cannot be tried again, then the output item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { LIMITS } from '../constants';
import { toNodeError } from '../failure';
import { retryDelayMs } from '../helpers/backoff';
import { Deadline } from '../helpers/deadline';
import { explainServerError } from './appCheck';
import { attemptRun, failureOf } from './attempt';
import { toOutput } from './output';
import { buildRunCall } from './request';
import type { RunEnvironment, RunRequest } from './types';

export async function runItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: RunRequest,
	env: RunEnvironment,
): Promise<IDataObject> {
	const node = ctx.getNode();
	const call = buildRunCall(request);
	if ('failure' in call) throw toNodeError(node, call.failure, env.serverText, itemIndex);

	const { options } = request;
	const deadline = new Deadline(options.timeoutSeconds * 1000, env.cancelSignal);
	const onOutput = env.onPartialOutput && ((text: string) => env.onPartialOutput!(itemIndex, text));
	try {
		for (let attempt = 1; ; attempt++) {
			const outcome = await attemptRun(ctx, call, deadline, options, onOutput);
			if ('result' in outcome) {
				const output = toOutput(request, outcome.result);
				if ('failure' in output) throw toNodeError(node, output.failure, env.serverText, itemIndex);
				return output.json;
			}
			let { failure } = outcome;
			const delay = failure.retryable
				? retryDelayMs(
						attempt,
						{
							baseDelayMs: options.retryDelayMs,
							maxDelayMs: LIMITS.maxRetryDelayMs,
							random: env.random,
						},
						failure.retryAfter,
					)
				: 0;
			if (!failure.retryable || attempt >= options.maxTries || delay >= deadline.remainingMs()) {
				if (failure.httpCode === 500)
					failure = await explainServerError(ctx, request.appId, failure, deadline);
				throw toNodeError(node, failure, env.serverText, itemIndex, attempt);
			}
			const slept = await deadline.sleep(delay).then(
				() => undefined,
				(error: unknown) => failureOf(error, options, 'request'),
			);
			if (slept) throw toNodeError(node, slept, env.serverText, itemIndex, attempt);
		}
	} finally {
		deadline.dispose();
	}
}
