/** LLMStack's data source and entry objects, read into the node's output shape. */
import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../helpers/object';
import type { ApiCall } from '../../transport/api';

export interface DataSourceInfo {
	id: string;
	name: string;
	/** `pipeline.source.slug` (v0.2.1 on) or `type.slug` (older); undefined when neither says. */
	sourceType: string | undefined;
	/** False for destination-only data sources; undefined when the server does not say. */
	hasSource: boolean | undefined;
	/** The caller's write permission; undefined before v0.2.1. */
	canWrite: boolean | undefined;
}

export function readDataSource(value: unknown, id: string): DataSourceInfo {
	const object = isPlainObject(value) ? value : {};
	const pipeline = isPlainObject(object.pipeline) ? object.pipeline : undefined;
	const source = pipeline && isPlainObject(pipeline.source) ? pipeline.source : undefined;
	const type = isPlainObject(object.type) ? object.type : undefined;
	const slug = source?.slug ?? type?.slug;
	return {
		id,
		name: typeof object.name === 'string' ? object.name : id,
		sourceType: typeof slug === 'string' ? slug : undefined,
		hasSource:
			object.is_destination_only === true || object.has_source === false
				? false
				: pipeline
					? source !== undefined
					: undefined,
		canWrite:
			typeof object.has_write_permission === 'boolean' ? object.has_write_permission : undefined,
	};
}

export interface Entry {
	uuid: string;
	name: string;
	status: string;
	size: number | null;
	createdAt: string | null;
	updatedAt: string | null;
	/** LLMStack never saves a reason (v0.2.1 on); servers up to v0.1.x kept one. */
	processingErrors: IDataObject | string | null;
}

export function readEntries(value: unknown): Entry[] {
	return (Array.isArray(value) ? value : []).filter(isPlainObject).map((entry) => {
		const config = isPlainObject(entry.config) ? entry.config : {};
		const legacyErrors = isPlainObject(config.errors) ? config.errors.message : undefined;
		return {
			uuid: String(entry.uuid ?? ''),
			name: typeof entry.name === 'string' ? entry.name : '',
			status: typeof entry.status === 'string' ? entry.status : 'UNKNOWN',
			size: typeof entry.size === 'number' ? entry.size : null,
			createdAt: typeof entry.created_at === 'string' ? entry.created_at : null,
			updatedAt: typeof entry.updated_at === 'string' ? entry.updated_at : null,
			processingErrors: (config.processing_errors ??
				legacyErrors ??
				null) as Entry['processingErrors'],
		};
	});
}

export function entryJson(entry: Entry, dataSource: DataSourceInfo): IDataObject {
	return { ...entry, dataSourceId: dataSource.id, dataSourceName: dataSource.name };
}

/** The request for the text LLMStack extracted from an entry (its first 20 pieces). */
export function entryTextCall(entryId: string): ApiCall {
	return {
		method: 'GET',
		path: `/api/datasource_entries/${entryId}/text_content`,
		subject: 'entry',
	};
}
