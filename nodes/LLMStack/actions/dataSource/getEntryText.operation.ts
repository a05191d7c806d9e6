/** Get Entry Text: the text LLMStack extracted from an entry (its first 20 pieces). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isPlainObject } from '../../helpers/object';
import type { RunEnvironment } from '../../run/types';
import { entryTextCall } from './entries';
import { callForEntry } from './entryById';

export const description: INodeProperties[] = [];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject> {
	const { entryId, answer } = await callForEntry(ctx, itemIndex, env, entryTextCall);
	const body = isPlainObject(answer.json) ? answer.json : {};
	return {
		uuid: entryId,
		content: typeof body.content === 'string' ? body.content : '',
		metadata: (isPlainObject(body.metadata) ? body.metadata : {}) as IDataObject,
	};
}
