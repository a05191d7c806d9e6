/** Add Text: one entry from a text, in a data source of the Text type. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputFailure } from '../../failure';
import type { RunEnvironment } from '../../run/types';
import { addToDataSource } from './ingest';
import { wrongType } from './sourceTypes';

const show = { resource: ['dataSource'], operation: ['addText'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Entry Name',
		name: 'entryName',
		type: 'string',
		default: 'Untitled',
		displayOptions: { show },
		description: 'The name the entry gets in the data source',
	},
	{
		displayName: 'Text',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		displayOptions: { show },
		description: 'The text to add',
	},
];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject> {
	const name = String(ctx.getNodeParameter('entryName', itemIndex, '') ?? '').trim() || 'Untitled';
	const content = ctx.getNodeParameter('content', itemIndex, '') as unknown;
	const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
	return await addToDataSource(ctx, itemIndex, env, (dataSource) => {
		if (dataSource.sourceType !== undefined && dataSource.sourceType !== 'text')
			return wrongType(dataSource, 'Add Text');
		if (!text.trim())
			return inputFailure('The text is empty', 'Set Text to what the entry should hold.');
		// LLMStack turns the name into a file name inside a data URI: a line break there is a 500.
		if (/[\r\n]/.test(name))
			return inputFailure('The entry name has a line break', 'Use a name on one line.');
		return {
			requests: [{ name, content: text, extra_data: [] }],
			names: [name],
		};
	});
}
