/** Delete Entry: removes one entry (and its share of the data source's size). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunEnvironment } from '../../run/types';
import { callForEntry } from './entryById';

export const description: INodeProperties[] = [];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject> {
	const { entryId } = await callForEntry(ctx, itemIndex, env, (id) => ({
		method: 'DELETE',
		path: `/api/datasource_entries/${id}`,
		subject: 'deleteEntry',
	}));
	return { uuid: entryId, deleted: true };
}
