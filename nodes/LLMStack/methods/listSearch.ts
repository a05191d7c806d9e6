/** The app picker: apps the token's user owns plus apps shared with them. */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { getJson } from '../transport';
import { editorError } from './discoveryError';

interface AppSummary {
	uuid?: string;
	name?: string;
	app_type_name?: string;
	app_type_slug?: string;
	has_live_version?: boolean;
	is_published?: boolean;
}

export async function searchApps(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const fields = 'uuid,name,app_type_name,app_type_slug,has_live_version,is_published';
	let owned: unknown;
	let shared: unknown;
	try {
		[owned, shared] = await Promise.all([
			getJson(this, `/api/apps?fields=${fields}`),
			getJson(this, '/api/apps/shared').catch(() => []),
		]);
	} catch (error) {
		throw await editorError(this, error);
	}
	const seen = new Set<string>();
	const runnable: INodeListSearchItems[] = [];
	const unpublished: INodeListSearchItems[] = [];
	const needle = filter?.trim().toLowerCase() ?? '';
	for (const app of [...asList(owned), ...asList(shared)]) {
		if (!app.uuid || seen.has(app.uuid)) continue;
		seen.add(app.uuid);
		const name = app.name ?? app.uuid;
		if (needle && !name.toLowerCase().includes(needle) && !app.uuid.includes(needle)) continue;
		const type = app.app_type_name ?? app.app_type_slug;
		// Runs use the latest published version; without one the run fails with a 500.
		const label = `${name}${type ? ` (${type})` : ''}`;
		if (app.has_live_version === false) {
			unpublished.push({ name: `${label} — not published, cannot run`, value: app.uuid });
		} else {
			runnable.push({ name: label, value: app.uuid });
		}
	}
	return { results: [...runnable, ...unpublished] };
}

function asList(value: unknown): AppSummary[] {
	return Array.isArray(value) ? (value as AppSummary[]) : [];
}
