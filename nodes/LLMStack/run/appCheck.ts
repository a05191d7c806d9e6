/**
 * LLMStack answers 500 before running anything when the app ID is unknown or the app has no
 * published version; its app endpoint tells which, so the message can say it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { LIMITS } from '../constants';
import { FailureError, unpublishedFailure } from '../failure';
import type { Failure } from '../failure';
import type { Deadline } from '../helpers/deadline';
import { isPlainObject } from '../helpers/object';
import { getJson } from '../transport';

export async function explainServerError(
	ctx: IExecuteFunctions,
	appId: string,
	failure: Failure,
	deadline: Deadline,
): Promise<Failure> {
	if (deadline.remainingMs() <= 0) return failure;
	const app = await getJson(ctx, `/api/apps/${appId}?fields=uuid,has_live_version`, {
		cancel: deadline.signal,
		timeoutMs: Math.min(deadline.remainingMs(), LIMITS.discoveryTimeoutMs),
	}).catch((error: unknown) => error);
	if (isPlainObject(app) && app.has_live_version === false) {
		return { ...unpublishedFailure(), httpCode: failure.httpCode };
	}
	if (app instanceof FailureError && app.failure.appNotVisible) {
		return {
			...failure,
			message: `No app with ID ${appId} (or it is not shared with this token's user)`,
			description:
				"LLMStack answered 500 to the run and does not show this app to the token's user. Pick the app from the list, or share it with the token's user in LLMStack.",
		};
	}
	return failure;
}
