/** Continue Session: Run App with the session ID of an earlier run. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runItem } from '../../run/runItem';
import type { RunEnvironment } from '../../run/types';
import { sessionIdField } from '../shared';
import type { WithBinary } from '../types';
import { readRunRequest, readSessionId } from './parameters';

export const description: INodeProperties[] = [
	sessionIdField(
		{ operation: ['continueSession'] },
		'The session to continue, as returned by an earlier LLMStack node (sessionId) or a Chat Trigger',
		'Chat apps remember earlier turns of the same session for one hour of inactivity',
	),
];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject | WithBinary> {
	const sessionId = readSessionId(ctx, itemIndex, env);
	return await runItem(ctx, itemIndex, await readRunRequest(ctx, itemIndex, env, sessionId), env);
}
