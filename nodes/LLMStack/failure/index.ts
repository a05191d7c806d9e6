/**
 * Failures in words, the node's one vocabulary for what went wrong. Everything on the way to an
 * answer (an HTTP status, the network, the deadline, cancellation, the body's framing, the app's
 * own errors, the node's parameters) becomes a Failure here, which also decides whether the run
 * may be sent again; every Failure becomes an n8n error in `toNodeError`, the only place where
 * text reaches the user: it removes the token, caps the length and keeps n8n from replacing the
 * message.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { LIMITS } from '../constants';
import { StoppedError } from '../helpers/deadline';
import type { StopReason } from '../helpers/deadline';
import { CollectorError } from '../response/collector';
import { ProcessorError, UnexpectedResponseError } from '../response/runResult';
import { classifyNetworkError } from './network';
import type { ServerText } from './serverText';
import type { Failure } from './types';

export { describeHttpFailure } from './httpAnswer';
export { describeResourceFailure, noWritePermission } from './resourceAnswer';
export type { Subject } from './resourceAnswer';
export { ServerText } from './serverText';
export { FailureError } from './types';
export type { Failure } from './types';

/**
 * Words n8n looks for in an error message and, when found, replaces the whole message with a
 * generic text of its own (NodeError.setDescriptiveErrorMessage, both majors).
 */
const REWRITTEN_BY_N8N =
	/ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|ERRADDRINUSE|EADDRNOTAVAIL|ECONNABORTED|EHOSTUNREACH|EAI_AGAIN|ENOENT|EISDIR|ENOTDIR|EACCES|EEXIST|EPERM|GETADDRINFO/i;

/** The error the user sees: token-free, bounded, and a message n8n shows as it is. */
export function toNodeError(
	node: INode,
	failure: Failure,
	serverText: ServerText,
	itemIndex?: number,
	tries = 1,
): NodeApiError | NodeOperationError {
	let message = serverText.clean(failure.message);
	let description = failure.description;
	if (REWRITTEN_BY_N8N.test(message)) {
		// Only server text can carry such a word: move it into the description.
		const colon = message.indexOf(': ');
		const said = colon > 0 ? message.slice(colon + 2) : message;
		message = colon > 0 ? message.slice(0, colon) : 'LLMStack reported an error';
		description = `LLMStack said: ${said} ${description}`;
	}
	if (tries > 1) description = `${description} (Tried ${tries} times.)`;
	description = serverText.clean(description, LIMITS.descriptionChars);
	if (failure.input) return new NodeOperationError(node, message, { description, itemIndex });
	const response: JsonObject = { message, description };
	if (failure.httpCode) response.httpCode = failure.httpCode;
	return new NodeApiError(node, response, {
		message,
		description,
		httpCode: failure.httpCode ? String(failure.httpCode) : undefined,
		itemIndex,
	});
}

export function stopFailure(reason: StopReason, timeoutSeconds: number): Failure {
	if (reason === 'cancelled') {
		return {
			message: 'The execution was cancelled',
			description: 'The run was stopped because the workflow execution was cancelled.',
			retryable: false,
		};
	}
	return {
		message: `No complete answer from LLMStack within ${timeoutSeconds} s (the node's timeout)`,
		description:
			"The node stopped waiting; the run may still finish on the server, so it is not retried. Raise the Timeout option for slow apps. (A 504 error instead would be LLMStack's own gateway timing out.)",
		retryable: false,
	};
}

/** A request that failed without an HTTP answer, before or while the body arrived. */
export function networkFailure(
	error: unknown,
	during: 'request' | 'body' | 'stream',
	isRun = true,
): Failure {
	const { kind, code } = classifyNetworkError(error);
	const codeNote = code ? ` (${code})` : '';
	if (kind === 'bad-http') {
		return {
			message: 'LLMStack answered with something that is not valid HTTP',
			description: `The server's answer could not be read as HTTP${codeNote}. Check that the Base URL points at LLMStack and uses the right scheme (http:// or https://) and port.`,
			retryable: false,
		};
	}
	if (kind === 'not-sent') {
		return {
			message: 'Could not reach LLMStack',
			description: `No connection could be made${isRun ? ', so the run did not start' : ''}${codeNote}. Check the Base URL in the credential and that the LLMStack server is running.`,
			retryable: true,
		};
	}
	const streamNote =
		during === 'stream'
			? ' LLMStack v0.1.0 to v0.2.5 break off streamed answers like this. Turn off the Stream option: every LLMStack version answers in one piece without it.'
			: '';
	if (during === 'request' && !isRun) {
		return {
			message: 'The connection to LLMStack broke before it answered',
			description: `The connection closed without an answer${codeNote}. Check that the Base URL points at LLMStack and that the server is running.`,
			retryable: false,
		};
	}
	if (during === 'request') {
		return {
			message: 'The connection to LLMStack broke before it answered',
			description: `The request was sent, then the connection closed without an answer${codeNote}. The run may have started on the server, so it is not sent again: check in LLMStack whether it ran.`,
			retryable: false,
		};
	}
	return {
		message: 'The connection to LLMStack broke while the answer was arriving',
		description: `The connection closed before the answer was complete${codeNote}.${streamNote} The run may have finished on the server, so it is not retried.`,
		retryable: false,
	};
}

function collectorFailure(error: CollectorError, stream: boolean): Failure {
	const turnOffStream = stream
		? ' Turn off the Stream option: every LLMStack version answers in one piece without it.'
		: '';
	const descriptions: Record<CollectorError['reason'], string> = {
		'python-repr': `This server version cannot stream over HTTP in a form any client can read.${turnOffStream}`,
		truncated: stream
			? `The connection closed before the answer was complete. LLMStack v0.1.0 to v0.2.5 break off streamed answers like this.${turnOffStream}`
			: 'The connection closed before the answer was complete. The run may have finished on the server, so it is not retried.',
		empty: stream
			? `LLMStack v0.1.0 to v0.2.5 send an empty body when asked to stream.${turnOffStream}`
			: 'LLMStack answered the run with HTTP 200 and nothing else. Check that the Base URL points at LLMStack, and look at the server log.',
		malformed:
			'The answer is not what LLMStack sends. Check that the Base URL points at an LLMStack server.',
		'too-large': `The answer was larger than the node keeps in memory (${LIMITS.responseBytes / (1024 * 1024)} MiB). Make the app return less text.`,
	};
	return { message: error.message, description: descriptions[error.reason], retryable: false };
}

/** What the body of a 200 answer turned out to be, when it is not a result. */
export function responseFailure(error: unknown, stream: boolean): Failure | undefined {
	if (error instanceof CollectorError) return collectorFailure(error, stream);
	if (error instanceof ProcessorError) {
		const lifted = providerMessage(error.message);
		return {
			message: `The app failed: ${lifted ?? error.message}`,
			description: `${lifted ? `LLMStack said: ${error.message} ` : ''}LLMStack ran the app, and a processor in it reported this error (LLMStack answers such errors with HTTP 200). Check the app and its provider keys in LLMStack.`,
			retryable: false,
		};
	}
	if (error instanceof UnexpectedResponseError) {
		return {
			message: error.message,
			description: 'Check that the Base URL points at an LLMStack server.',
			retryable: false,
		};
	}
	return undefined;
}

/** A problem with the node's parameters or the item, found before anything is sent. */
export function inputFailure(message: string, description: string): Failure {
	return { message, description, retryable: false, input: true };
}

/**
 * Providers' errors reach LLMStack's answer as Python text, like
 * `Error code: 401 - {'error': {'message': 'Incorrect API key provided', …}}`: the human part,
 * with the code, or undefined when the text has no such shape.
 */
function providerMessage(text: string): string | undefined {
	const shaped = /^Error code: (\d{3}) - \{[\s\S]*?['"]message['"]: (['"])([\s\S]*?)\2[,}]/.exec(
		text,
	);
	return shaped ? `${shaped[3]} (error code ${shaped[1]})` : undefined;
}

/** LLMStack runs only an app's published version; this one has none. */
export function unpublishedFailure(): Failure {
	return {
		message: 'The app has no published version',
		description:
			'LLMStack runs only the published version of an app, and this app has none. Open the app in LLMStack and publish it (Save, then Publish), then run again.',
		retryable: false,
	};
}

/** A discovery request (app list, app details) that ended without an answer. */
export function discoveryFailure(error: unknown, seconds: number): Failure {
	if (error instanceof StoppedError && error.reason === 'timeout') {
		return {
			message: `LLMStack did not answer within ${seconds} s`,
			description: `LLMStack did not send the app list or the app's details within ${seconds} s. Check that the LLMStack server is running and not overloaded.`,
			retryable: false,
		};
	}
	if (error instanceof StoppedError) return stopFailure(error.reason, seconds);
	return networkFailure(error, 'request', false);
}

/** A discovery answer that is not JSON: the Base URL is not LLMStack's. */
export function notJsonFailure(): Failure {
	return {
		message: 'LLMStack answered with something that is not JSON',
		description:
			'Check that the Base URL in the credential is the address you open LLMStack at, like http://localhost:3000.',
		retryable: false,
	};
}

/** An answer larger than the node reads for anything but a run. */
export function tooLargeFailure(): Failure {
	return {
		message: 'LLMStack answered with more data than the node reads',
		description: `The answer was larger than ${LIMITS.discoveryBytes / (1024 * 1024)} MiB. Use a filter or a limit, or delete entries LLMStack no longer needs.`,
		retryable: false,
	};
}
