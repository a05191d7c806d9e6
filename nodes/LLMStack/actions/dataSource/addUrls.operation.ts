/** Add URLs: one entry per web page, in a data source of the URL type. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { RESOURCE_LIMITS } from '../../constants';
import { inputFailure } from '../../failure';
import type { RunEnvironment } from '../../run/types';
import { addToDataSource } from './ingest';
import { wrongType } from './sourceTypes';

export const description: INodeProperties[] = [
	{
		displayName: 'URLs',
		name: 'urls',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'https://example.com/docs, https://example.com/faq',
		displayOptions: { show: { resource: ['dataSource'], operation: ['addUrls'] } },
		description:
			'One or more web pages, separated by commas or new lines (or a list from an expression). LLMStack fetches each page and adds it as one entry. Long lists are sent in several requests.',
	},
];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject> {
	const raw = ctx.getNodeParameter('urls', itemIndex, '') as unknown;
	const { urls, skipped } = splitUrls(raw);
	return await addToDataSource(ctx, itemIndex, env, (dataSource) => {
		if (dataSource.sourceType !== undefined && dataSource.sourceType !== 'url')
			return wrongType(dataSource, 'Add URLs');
		if (urls.length === 0 && skipped.length === 0)
			return inputFailure('No URL to add', 'Set URLs to one or more web pages.');
		const tooLong = urls.find((url) => url.length > RESOURCE_LIMITS.urlListChars);
		if (tooLong) {
			return inputFailure(
				`A URL is longer than ${RESOURCE_LIMITS.urlListChars} characters`,
				`LLMStack accepts at most ${RESOURCE_LIMITS.urlListChars} characters of URLs per request: ${tooLong.slice(0, 100)}…`,
			);
		}
		return {
			requests: batches(urls).map((batch) => ({
				urls: batch.join('\n'),
				connection_id: null,
				extra_data: [],
			})),
			names: urls,
			skipped,
		};
	});
}

/**
 * The URLs as LLMStack will read them (split on commas and new lines, trimmed, once each), and
 * those it would skip without a word (sitemaps: `.xml`), to be shown instead.
 */
export function splitUrls(raw: unknown): {
	urls: string[];
	skipped: Array<{ value: string; reason: string }>;
} {
	const values = Array.isArray(raw) ? raw.map(String) : [String(raw ?? '')];
	const all = values.flatMap((value) => value.split(/[\n,]/)).map((url) => url.trim());
	const unique = [...new Set(all.filter(Boolean))];
	return {
		urls: unique.filter((url) => !url.toLowerCase().endsWith('.xml')),
		skipped: unique
			.filter((url) => url.toLowerCase().endsWith('.xml'))
			.map((value) => ({
				value,
				reason: 'LLMStack skips .xml addresses (sitemaps): add the pages they list instead',
			})),
	};
}

/** Groups URLs into lists that fit LLMStack's 1600 characters per request. */
export function batches(urls: string[]): string[][] {
	const out: string[][] = [];
	let current: string[] = [];
	let length = 0;
	for (const url of urls) {
		const added = (current.length ? 1 : 0) + url.length;
		if (current.length && length + added > RESOURCE_LIMITS.urlListChars) {
			out.push(current);
			current = [];
			length = 0;
		}
		length += (current.length ? 1 : 0) + url.length;
		current.push(url);
	}
	if (current.length) out.push(current);
	return out;
}
