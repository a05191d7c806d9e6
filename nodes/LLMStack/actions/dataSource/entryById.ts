/** Get Entry Text and Delete Entry: requests about one entry, addressed by its ID. */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { RunEnvironment } from '../../run/types';
import { callApi } from '../../transport/api';
import type { ApiAnswer, ApiCall } from '../../transport/api';
import { readCallOptions, readUuid, withinDeadline } from '../shared';

export async function callForEntry(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
	call: (entryId: string) => ApiCall,
): Promise<{ entryId: string; answer: ApiAnswer }> {
	const entryId = readUuid(
		ctx,
		itemIndex,
		env,
		'entryId',
		'an entry ID',
		'Map the uuid field of List Entries or of an Add operation.',
	);
	const options = readCallOptions(ctx, itemIndex, env, 60);
	const answer = await withinDeadline(ctx, env, itemIndex, options, async (deadline) =>
		callApi(ctx, call(entryId), deadline, options),
	);
	return { entryId, answer };
}
