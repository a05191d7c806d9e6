/** List Sessions: one item per session of an app, newest first. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Deadline } from '../../helpers/deadline';
import { isPlainObject } from '../../helpers/object';
import type { RunEnvironment } from '../../run/types';
import { getAllPages } from '../../transport/api';
import { inWords, readCallOptions, readUuid } from '../shared';

const show = { resource: ['session'], operation: ['listSessions'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
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
	const appId = readUuid(ctx, itemIndex, env, 'app', 'an app ID', PICK_APP);
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const options = readCallOptions(ctx, itemIndex, env, 60);
	const deadline = new Deadline(options.timeoutSeconds * 1000, env.cancelSignal);
	try {
		const rows = await inWords(ctx, env, itemIndex, async () =>
			getAllPages(
				ctx,
				'/api/history/sessions',
				{ app_uuid: appId },
				'sessions',
				deadline,
				options,
				limit,
			),
		);
		return rows.filter(isPlainObject).map((row) => ({
			sessionId: typeof row.session_key === 'string' ? row.session_key : null,
			appId: typeof row.app_uuid === 'string' ? row.app_uuid : appId,
			userEmail: typeof row.request_user_email === 'string' ? row.request_user_email : null,
			latestCreatedAt: typeof row.latest_created_at === 'string' ? row.latest_created_at : null,
		}));
	} finally {
		deadline.dispose();
	}
}

export const PICK_APP =
	'Pick the app from the list, paste its URL from the LLMStack app builder, or enter its UUID.';
