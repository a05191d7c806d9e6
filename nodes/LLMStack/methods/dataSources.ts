/** The data source picker: the token's user's data sources and their organisation's. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { isPlainObject } from '../helpers/object';
import { getJson } from '../transport';
import { editorError } from './discoveryError';

export async function searchDataSources(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	let listed: unknown;
	try {
		listed = await getJson(this, '/api/datasources');
	} catch (error) {
		throw await editorError(this, error);
	}
	const needle = filter?.trim().toLowerCase() ?? '';
	const seen = new Set<string>();
	const results = [];
	for (const source of Array.isArray(listed) ? listed.filter(isPlainObject) : []) {
		const id = typeof source.uuid === 'string' ? source.uuid : undefined;
		// Organisation data sources of the user's own appear twice in LLMStack's list.
		if (!id || seen.has(id)) continue;
		seen.add(id);
		const name = typeof source.name === 'string' ? source.name : id;
		if (needle && !name.toLowerCase().includes(needle) && !id.includes(needle)) continue;
		const pipeline = isPlainObject(source.pipeline) ? source.pipeline : undefined;
		const sourceSlug =
			pipeline && isPlainObject(pipeline.source) ? pipeline.source.slug : undefined;
		const typeSlug = isPlainObject(source.type) ? source.type.slug : undefined;
		const type = sourceSlug ?? (pipeline ? undefined : typeSlug);
		const notes = [
			typeof type === 'string' ? type : 'no source',
			source.is_user_owned === false ? 'shared' : undefined,
		].filter(Boolean);
		results.push({ name: `${name} (${notes.join(', ')})`, value: id });
	}
	return { results };
}
