/**
 * A history row as a turn of the conversation. LLMStack stores the run's input and output as
 * Python's `str()` of a dict (v0.2.6 on: the input, and `{'output': …}`; up to v0.2.5: the whole
 * request body, and the rendered text), so both are read as Python literals, never evaluated,
 * and kept as text when they cannot be read.
 */
import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../helpers/object';
import { parsePythonLiteral } from '../../helpers/pythonLiteral';

const REQUEST_KEYS = new Set(['input', 'stream', 'session_id', 'detailed_response']);

export function turnJson(row: Record<string, unknown>, turn: number): IDataObject {
	return {
		turn,
		input: readInput(row.request_body),
		output: readOutput(row.response_body),
		createdAt: typeof row.created_at === 'string' ? row.created_at : null,
		requestId: typeof row.request_uuid === 'string' ? row.request_uuid : null,
		sessionId: typeof row.session_key === 'string' ? row.session_key : null,
		appId: typeof row.app_uuid === 'string' ? row.app_uuid : null,
	} as IDataObject;
}

function readInput(text: unknown): unknown {
	if (typeof text !== 'string') return text ?? null;
	const parsed = parsePythonLiteral(text);
	if (!parsed.ok || !isPlainObject(parsed.value)) return text;
	const value = parsed.value;
	// Up to v0.2.5 the whole request body was stored: the input is inside it.
	const isRequest =
		isPlainObject(value.input) && Object.keys(value).every((key) => REQUEST_KEYS.has(key));
	return isRequest ? value.input : value;
}

function readOutput(text: unknown): unknown {
	if (typeof text !== 'string') return text ?? null;
	const parsed = parsePythonLiteral(text);
	if (!parsed.ok || !isPlainObject(parsed.value)) return text;
	const keys = Object.keys(parsed.value);
	return keys.length === 1 && typeof parsed.value.output === 'string'
		? parsed.value.output
		: parsed.value;
}
