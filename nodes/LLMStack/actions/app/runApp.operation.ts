/** Run App: a new session each time; the server picks the session ID and returns it. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runItem } from '../../run/runItem';
import type { RunEnvironment } from '../../run/types';
import type { WithBinary } from '../types';
import { readRunRequest } from './parameters';

export const description: INodeProperties[] = [];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject | WithBinary> {
	return await runItem(ctx, itemIndex, await readRunRequest(ctx, itemIndex, env), env);
}
