/**
 * The app's input schema (`data.input_fields`) as n8n resource-mapper fields, and the mapped
 * values back into LLMStack's input object: names verbatim, files as the data URIs the server's
 * parser accepts, `multi` inputs always as `{text, files}` (a plain string there can crash it).
 */
import type { ResourceMapperField } from 'n8n-workflow';

import { isPlainObject } from './object';

export interface InputFieldSpec {
	name: string;
	title?: string;
	description?: string;
	type?: string;
	required?: boolean;
	options?: Array<{ label?: string; value?: string }>;
}

/** The extra mapper field that carries a `multi` input's binary properties. */
export const filesFieldId = (name: string) => `${name} (files)`;

export function readInputFields(app: unknown): InputFieldSpec[] {
	const data = isPlainObject(app) && isPlainObject(app.data) ? app.data : undefined;
	const fields = data && Array.isArray(data.input_fields) ? data.input_fields : [];
	return fields.filter(
		(f): f is InputFieldSpec => isPlainObject(f) && typeof f.name === 'string' && f.name !== '',
	);
}

export function toResourceMapperFields(specs: InputFieldSpec[]): ResourceMapperField[] {
	const fields: ResourceMapperField[] = [];
	for (const spec of specs) {
		const title = spec.title || spec.name;
		const base = {
			id: spec.name,
			defaultMatch: false,
			display: true,
			required: spec.required === true,
		};
		switch (spec.type) {
			case 'number':
				fields.push({ ...base, displayName: title, type: 'number' });
				break;
			case 'boolean':
				fields.push({ ...base, displayName: title, type: 'boolean' });
				break;
			case 'select':
				fields.push({
					...base,
					displayName: title,
					type: 'options',
					options: (spec.options ?? []).map((o) => ({
						name: o.label ?? String(o.value),
						value: String(o.value ?? ''),
					})),
				});
				break;
			case 'file':
				fields.push({
					...base,
					displayName: `${title} (file: the item's binary property, like data)`,
					type: 'string',
				});
				break;
			case 'multi':
				fields.push({ ...base, displayName: `${title} (text)`, type: 'string' });
				fields.push({
					...base,
					id: filesFieldId(spec.name),
					displayName: `${title} (files: the item's binary properties, comma-separated)`,
					type: 'string',
					required: false,
				});
				break;
			default:
				fields.push({ ...base, displayName: title, type: 'string' });
		}
	}
	return fields;
}

export interface FileData {
	fileName: string;
	mimeType: string;
	base64: string;
	size: number;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

export function missingRequired(
	specs: InputFieldSpec[],
	values: Record<string, unknown>,
): InputFieldSpec[] {
	return specs.filter((spec) => spec.required === true && isEmpty(values[spec.name]));
}

/** Binary property names from a mapper value: `data` or `data, attachment_1`. */
function propertyNames(value: unknown): string[] {
	return isEmpty(value)
		? []
		: String(value)
				.split(',')
				.map((name) => name.trim())
				.filter(Boolean);
}

/**
 * LLMStack parses `data:<mime>;name=<file>;base64,<data>` and accepts only `[\w/\-.]` in the
 * type; anything else makes the run fail with a 500. Parameters go, `+json`/`+xml` types
 * become their base type, other characters a dash.
 */
export function serverMimeType(mimeType: string | undefined): string {
	let type = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (!type) return 'application/octet-stream';
	if (type.endsWith('+json')) return 'application/json';
	if (type.endsWith('+xml')) return type.startsWith('image/') ? 'image/svg' : 'application/xml';
	type = type.replace(/[^\w/\-.]/g, '-');
	return type;
}

export function dataUri(file: FileData): string {
	return `data:${serverMimeType(file.mimeType)};name=${encodeURIComponent(file.fileName)};base64,${file.base64}`;
}

/** The input object for the mapped values; files come from `readFile(propertyName)`. */
export async function buildMappedInput(
	specs: InputFieldSpec[],
	values: Record<string, unknown>,
	readFile: (propertyName: string) => Promise<FileData>,
): Promise<Record<string, unknown>> {
	const input: Record<string, unknown> = {};
	const handled = new Set<string>();
	for (const spec of specs) {
		handled.add(spec.name);
		const value = values[spec.name];
		if (spec.type === 'file') {
			const [property] = propertyNames(value);
			if (property) input[spec.name] = dataUri(await readFile(property));
			continue;
		}
		if (spec.type === 'multi') {
			handled.add(filesFieldId(spec.name));
			const files = [];
			for (const property of propertyNames(values[filesFieldId(spec.name)])) {
				const file = await readFile(property);
				files.push({
					data: dataUri(file),
					name: file.fileName,
					size: file.size,
					type: serverMimeType(file.mimeType),
				});
			}
			input[spec.name] = { text: isEmpty(value) ? '' : String(value), files };
			continue;
		}
		if (!isEmpty(value)) input[spec.name] = value;
	}
	// Inputs the schema no longer lists (the app changed since the node was set up) go as they are.
	for (const [key, value] of Object.entries(values)) {
		if (!handled.has(key) && !isEmpty(value)) input[key] = value;
	}
	return input;
}
