/** List Entries: one item per entry of a data source, optionally only those with a status. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunEnvironment } from '../../run/types';
import { limitFields, readCallOptions, readLimit, readUuid, withinDeadline } from '../shared';
import { entryJson } from './entries';
import { getDataSource, listEntries, PICK_DATA_SOURCE } from './ingest';

const show = { resource: ['dataSource'], operation: ['listEntries'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'any',
		displayOptions: { show },
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Ready', value: 'READY' },
			{ name: 'Processing', value: 'PROCESSING' },
			{ name: 'Failed', value: 'FAILED' },
		],
		description: 'Only entries with this status',
	},
	// A data source's entries come in one answer: all of them is the natural default.
	{ ...limitFields(show)[0], default: true },
	limitFields(show)[1],
];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject[]> {
	const id = readUuid(ctx, itemIndex, env, 'dataSource', 'a data source ID', PICK_DATA_SOURCE);
	const status = ctx.getNodeParameter('status', itemIndex, 'any') as string;
	const limit = readLimit(ctx, itemIndex, true);
	const options = readCallOptions(ctx, itemIndex, env, 60);
	return await withinDeadline(ctx, env, itemIndex, options, async (deadline) => {
		const dataSource = await getDataSource(ctx, id, deadline, options);
		const entries = await listEntries(ctx, id, deadline, options);
		return entries
			.filter((entry) => status === 'any' || entry.status === status)
			.slice(0, limit)
			.map((entry) => entryJson(entry, dataSource));
	});
}
