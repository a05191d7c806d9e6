/**
 * Get History: the turns of one session, oldest first, every page. Both the app and the session
 * go to LLMStack, and rows of other apps are dropped here too: LLMStack ignores the app filter
 * unless the token's user may edit the app. The history is written by a background job a
 * moment after each run, so a turn that just ran is waited for, briefly.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { RESOURCE_LIMITS } from '../../constants';
import { inputFailure } from '../../failure';
import { normaliseAppId } from '../../helpers/appId';
import { isPlainObject } from '../../helpers/object';
import type { RunEnvironment } from '../../run/types';
import { getAllPages } from '../../transport/api';
import {
	PICK_APP,
	readCallOptions,
	readSessionId,
	readUuid,
	requestOptions,
	sessionIdField,
	sleepWithin,
	withinDeadline,
} from '../shared';
import { turnJson } from './turns';

const show = { resource: ['session'], operation: ['getHistory'] };

export const description: INodeProperties[] = [
	sessionIdField(show, 'The session to read, as returned by Run App (sessionId) or a Chat Trigger'),
	requestOptions(show, 60, [
		{
			displayName: 'Minimum Turns',
			name: 'minTurns',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1,
			description:
				'LLMStack writes a turn to its history a moment after the run. While the session has fewer turns than this, the node reads again every second, up to Wait for History.',
		},
		{
			displayName: 'Wait for History (Seconds)',
			name: 'waitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description:
				'How long to wait for Minimum Turns; when it passes, the turns there are are output',
		},
	]),
];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject[]> {
	const appId = readUuid(ctx, itemIndex, env, 'app', 'an app ID', PICK_APP);
	const sessionId = readSessionId(
		ctx,
		itemIndex,
		env,
		inputFailure(
			'No session ID to read',
			'Session ID is empty for this item. Map it from Run App or a Chat Trigger, for example {{ $json.sessionId }}.',
		),
	);
	const options = readCallOptions(ctx, itemIndex, env, 60);
	const more = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const minTurns = typeof more.minTurns === 'number' ? more.minTurns : 1;
	const waitMs = (typeof more.waitSeconds === 'number' ? more.waitSeconds : 10) * 1000;
	return await withinDeadline(ctx, env, itemIndex, options, async (deadline) => {
		for (;;) {
			const rows = await getAllPages(
				ctx,
				'/api/history',
				{ app_uuid: appId, session_key: sessionId, detail: 'true' },
				'history',
				deadline,
				options,
			);
			const turns = rows
				.filter(isPlainObject)
				.filter((row) => normaliseAppId(row.app_uuid) === appId && row.session_key === sessionId)
				.reverse();
			// The wait starts with the item's deadline, so the deadline's clock measures it.
			const waited = deadline.timeoutMs - deadline.remainingMs();
			if (turns.length >= minTurns || waited + RESOURCE_LIMITS.pollEveryMs > waitMs)
				return turns.map((row, index) => turnJson(row, index + 1));
			await sleepWithin(deadline, RESOURCE_LIMITS.pollEveryMs, options);
		}
	});
}
