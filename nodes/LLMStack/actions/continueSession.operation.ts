import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readAppId, readInput, readRunOptions, runItem } from './runItem';
import type { RunEnvironment } from './runItem';

/** Continue Session: Run App with the session ID of an earlier run. */
export async function continueSession(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject> {
	const raw = ctx.getNodeParameter('sessionId', itemIndex, '') as unknown;
	const sessionId = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!sessionId) {
		throw new NodeOperationError(ctx.getNode(), 'No session ID to continue', {
			description:
				'Session ID is empty for this item. Map it from an earlier LLMStack node or a Chat Trigger, for example {{ $json.sessionId }}, or use Run App to start a new session.',
			itemIndex,
		});
	}
	const appId = readAppId(ctx, itemIndex);
	return await runItem(
		ctx,
		itemIndex,
		{
			appId,
			input: await readInput(ctx, itemIndex, appId, env),
			sessionId,
			options: readRunOptions(ctx, itemIndex),
		},
		env,
	);
}
