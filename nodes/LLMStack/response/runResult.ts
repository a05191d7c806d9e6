/**
 * Reads a run response document of any server generation into one shape. The rule comes from
 * the servers' code, not the public doc: `output` is a string up to v0.2.5 and `{output: string}`
 * (plus `agent_*` keys for agents) from v0.2.6; processor errors arrive with HTTP 200, as
 * `errors: [{message}]` (v0.2.6+, v0.0.x streams) or `output: {errors: [string]}` (up to v0.2.4).
 */
import { isPlainObject } from '../helpers/object';
import { joinMessages } from '../helpers/text';

export interface RunResult {
	output: string;
	sessionId: string | undefined;
	/** `agent_*` keys of an agent app's output (tool calls, intermediate answers). */
	agent: Record<string, unknown>;
	chunks: unknown;
	document: Record<string, unknown>;
}

export class ProcessorError extends Error {
	constructor(messages: string[]) {
		super(joinMessages(messages) || 'The app failed without an error message');
		this.name = 'ProcessorError';
	}
}

export class UnexpectedResponseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnexpectedResponseError';
	}
}

export function readRunResult(document: unknown): RunResult {
	if (!isPlainObject(document)) {
		throw new UnexpectedResponseError(
			`LLMStack answered with ${kindOf(document)} instead of a run result`,
		);
	}
	const sessionId = sessionIdOf(document);
	const errors = errorMessages(document);
	if (errors) throw new ProcessorError(errors);

	const { output } = document;
	let text: string;
	const agent: Record<string, unknown> = {};
	if (typeof output === 'string') {
		text = output;
	} else if (isPlainObject(output) && 'output' in output) {
		text = textOf(output.output);
		for (const [key, value] of Object.entries(output)) {
			if (key.startsWith('agent_')) agent[key] = value;
		}
	} else if (output === null && 'output' in document) {
		// An app whose output template rendered nothing.
		text = '';
	} else if (output === undefined) {
		throw new UnexpectedResponseError('LLMStack answered without an output or errors');
	} else {
		// Old servers return the processors' raw outputs when the app has no output template.
		text = JSON.stringify(output);
	}
	return { output: text, sessionId, agent, chunks: document.chunks, document };
}

function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === null || value === undefined) return '';
	return JSON.stringify(value);
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return 'a bare string';
	return `a ${typeof value}`;
}

function sessionIdOf(document: Record<string, unknown>): string | undefined {
	const { session } = document;
	if (
		isPlainObject(session) &&
		(typeof session.id === 'string' || typeof session.id === 'number')
	) {
		return String(session.id);
	}
	return undefined;
}

function errorMessages(document: Record<string, unknown>): string[] | undefined {
	const direct = document.errors;
	const nested = isPlainObject(document.output) ? document.output.errors : undefined;
	const list = Array.isArray(direct) ? direct : Array.isArray(nested) ? nested : undefined;
	if (!list) return undefined;
	return list.map((entry) => {
		if (typeof entry === 'string') return entry;
		if (isPlainObject(entry) && typeof entry.message === 'string') return entry.message;
		return JSON.stringify(entry);
	});
}
