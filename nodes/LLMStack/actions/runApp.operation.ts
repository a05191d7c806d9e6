import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readAppId, readInput, readRunOptions, runItem } from './runItem';
import type { RunEnvironment } from './runItem';

/** Run App: a new session each time; the server picks the session ID and returns it. */
export async function runApp(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject> {
	const appId = readAppId(ctx, itemIndex);
	return await runItem(
		ctx,
		itemIndex,
		{
			appId,
			input: await readInput(ctx, itemIndex, appId, env),
			options: readRunOptions(ctx, itemIndex),
		},
		env,
	);
}
