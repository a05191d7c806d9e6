/**
 * One try of a run: send it, read the status, then either the error body (to explain it) or
 * the answer through the collector, every wait within the run's deadline. Never throws: the
 * outcome is a result or a Failure that says whether another try is safe.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { describeHttpFailure, networkFailure, responseFailure, stopFailure } from '../failure';
import type { Failure } from '../failure';
import { readBody, StoppedError } from '../helpers/deadline';
import type { Deadline } from '../helpers/deadline';
import { ResponseCollector } from '../response/collector';
import { readRunResult } from '../response/runResult';
import type { RunResult } from '../response/runResult';
import { headerValue, openRequest, readText } from '../transport';
import type { RawResponse } from '../transport';
import type { RunCall } from './request';
import type { RunOptions } from './types';

export type Attempt = { result: RunResult } | { failure: Failure };

export async function attemptRun(
	ctx: IExecuteFunctions,
	{ url, body, sessionInUrl }: RunCall,
	deadline: Deadline,
	options: RunOptions,
	onOutput?: (output: string) => void,
): Promise<Attempt> {
	let response: RawResponse;
	try {
		response = await openRequest(ctx, 'POST', url, deadline, body);
	} catch (error) {
		return { failure: failureOf(error, options, 'request') };
	}

	const { statusCode, headers } = response;
	if (statusCode < 200 || statusCode >= 300) {
		let bodyText = '';
		try {
			bodyText = await readText(response.body, deadline);
		} catch (error) {
			// A body that never ends: the deadline has passed, and that is what the user must know.
			if (error instanceof StoppedError) return { failure: failureOf(error, options, 'body') };
		}
		const failure = describeHttpFailure({
			status: statusCode,
			bodyText,
			location: headerValue(headers, 'location'),
			retryAfter: headerValue(headers, 'retry-after'),
			sessionInUrl,
			timeoutSeconds: options.timeoutSeconds,
		});
		return { failure };
	}

	const collector = new ResponseCollector({ onOutput });
	try {
		await readBody(response.body, deadline, (chunk) => collector.push(chunk));
		return { result: readRunResult(collector.finish()) };
	} catch (error) {
		return {
			failure:
				responseFailure(error, options.stream) ??
				failureOf(error, options, options.stream ? 'stream' : 'body'),
		};
	}
}

/** The Failure for a wait that the deadline or a cancellation ended, else for the network. */
export function failureOf(
	error: unknown,
	options: RunOptions,
	during: 'request' | 'body' | 'stream',
): Failure {
	if (error instanceof StoppedError) return stopFailure(error.reason, options.timeoutSeconds);
	return networkFailure(error, during);
}
