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
import { Deadline } from '../../helpers/deadline';
import { isPlainObject } from '../../helpers/object';
import type { RunEnvironment } from '../../run/types';
import { getAllPages } from '../../transport/api';
import { failWith, inWords, readCallOptions, readUuid, sleepWithin } from '../shared';
import { PICK_APP } from './listSessions.operation';
import { turnJson } from './turns';

const show = { resource: ['session'], operation: ['getHistory'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '={{ $json.sessionId }}',
		required: true,
		displayOptions: { show },
		description: 'The session to read, as returned by Run App (sessionId) or a Chat Trigger',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
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
			{
				displayName: 'Maximum Tries',
				name: 'maxTries',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 3,
				description:
					'How often a request is sent at most. It is sent again only when it provably did not reach LLMStack (no connection could be made) or LLMStack or its proxy answered 429 or 503.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description:
					'How long one item may take, every page, retry and wait included. The item fails when it passes, whatever the server does.',
			},
		],
	},
];

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject[]> {
	const appId = readUuid(ctx, itemIndex, env, 'app', 'an app ID', PICK_APP);
	const rawSession = ctx.getNodeParameter('sessionId', itemIndex, '') as unknown;
	const sessionId =
		typeof rawSession === 'string' || typeof rawSession === 'number'
			? String(rawSession).trim()
			: '';
	if (!sessionId) {
		throw failWith(
			ctx,
			env,
			itemIndex,
			inputFailure(
				'No session ID to read',
				'Session ID is empty for this item. Map it from Run App or a Chat Trigger, for example {{ $json.sessionId }}.',
			),
		);
	}
	const options = readCallOptions(ctx, itemIndex, env, 60);
	const more = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const minTurns = typeof more.minTurns === 'number' ? more.minTurns : 1;
	const waitMs = (typeof more.waitSeconds === 'number' ? more.waitSeconds : 10) * 1000;
	const deadline = new Deadline(options.timeoutSeconds * 1000, env.cancelSignal);
	const waitUntil = Date.now() + waitMs;
	try {
		return await inWords(ctx, env, itemIndex, async () => {
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
				if (turns.length >= minTurns || Date.now() + RESOURCE_LIMITS.pollEveryMs > waitUntil)
					return turns.map((row, index) => turnJson(row, index + 1));
				await sleepWithin(deadline, RESOURCE_LIMITS.pollEveryMs, options);
			}
		});
	} finally {
		deadline.dispose();
	}
}
