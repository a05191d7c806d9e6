/**
 * Builds the app's `input` object. LLMStack accepts only a JSON object there (anything else is
 * a 500 on v0.2.6+ and a 400 before), so every mode is checked before a request is sent.
 */
import { parseJson } from './json';
import { isPlainObject } from './object';

export class InputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}

export interface FieldEntry {
	name?: unknown;
	value?: unknown;
}

export function inputFromFields(entries: FieldEntry[]): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	entries.forEach((entry, position) => {
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		if (!name) {
			throw new InputError(
				`Input field ${position + 1} has no name`,
				"Give every input field the name the app uses (shown in the app's input settings in LLMStack, like 'question').",
			);
		}
		input[name] = entry.value ?? '';
	});
	return input;
}

export function inputFromJson(value: unknown): Record<string, unknown> {
	let parsed = value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (!text) return {};
		const result = parseJson(text);
		if (!result.ok) {
			throw new InputError(
				'Input JSON is not valid JSON',
				`${result.reason}. Write an object like {"question": "What is n8n?"}.`,
			);
		}
		parsed = result.value;
	}
	if (!isPlainObject(parsed)) {
		throw new InputError(
			`Input JSON must be an object, not ${describeType(parsed)}`,
			'LLMStack expects the app input as an object of field names and values, like {"question": "What is n8n?"}.',
		);
	}
	return parsed;
}

export function inputFromItem(json: unknown, exclude: string[] = []): Record<string, unknown> {
	if (!isPlainObject(json)) {
		throw new InputError(
			'The incoming item has no fields to send',
			'Send an item with fields, or define the input below.',
		);
	}
	const input: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(json)) {
		if (!exclude.includes(key)) input[key] = value;
	}
	return input;
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}
