/** List Entries: one item per entry of a data source, optionally only those with a status. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Deadline } from '../../helpers/deadline';
import type { RunEnvironment } from '../../run/types';
import { inWords, readCallOptions, readUuid } from '../shared';
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
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { ...show, returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject[]> {
	const id = readUuid(ctx, itemIndex, env, 'dataSource', 'a data source ID', PICK_DATA_SOURCE);
	const status = ctx.getNodeParameter('status', itemIndex, 'any') as string;
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, true) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const options = readCallOptions(ctx, itemIndex, env, 60);
	const deadline = new Deadline(options.timeoutSeconds * 1000, env.cancelSignal);
	try {
		return await inWords(ctx, env, itemIndex, async () => {
			const dataSource = await getDataSource(ctx, id, deadline, options);
			const entries = await listEntries(ctx, id, deadline, options);
			return entries
				.filter((entry) => status === 'any' || entry.status === status)
				.slice(0, limit)
				.map((entry) => entryJson(entry, dataSource));
		});
	} finally {
		deadline.dispose();
	}
}
