/** List Sessions: one item per session of an app, newest first. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isPlainObject } from '../../helpers/object';
import type { RunEnvironment } from '../../run/types';
import { getAllPages } from '../../transport/api';
import {
	limitFields,
	PICK_APP,
	readCallOptions,
	readLimit,
	readUuid,
	withinDeadline,
} from '../shared';

const show = { resource: ['session'], operation: ['listSessions'] };

export const description: INodeProperties[] = limitFields(show);

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject[]> {
	const appId = readUuid(ctx, itemIndex, env, 'app', 'an app ID', PICK_APP);
	const limit = readLimit(ctx, itemIndex, false);
	const options = readCallOptions(ctx, itemIndex, env, 60);
	const rows = await withinDeadline(ctx, env, itemIndex, options, async (deadline) =>
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
}
