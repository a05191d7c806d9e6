/** A run's result as the item n8n outputs, in the chosen Output shape. */
import type { IDataObject } from 'n8n-workflow';

import { inputFailure } from '../failure';
import type { Failure } from '../failure';
import type { RunResult } from '../response/runResult';
import type { RunRequest } from './types';

export function toOutput(
	{ appId, sessionId: sentSessionId, options }: RunRequest,
	result: RunResult,
): { json: IDataObject } | { failure: Failure } {
	if (
		sentSessionId !== undefined &&
		result.sessionId !== undefined &&
		result.sessionId !== sentSessionId
	) {
		const other = options.sessionPlacement === 'url' ? 'Body' : 'URL';
		return {
			failure: inputFailure(
				'LLMStack ignored the session ID and started a new session',
				`The node sent session ${sentSessionId} in the ${options.sessionPlacement === 'url' ? 'URL' : 'body'}, and LLMStack answered with session ${result.sessionId}, so the app did not see the earlier turns. Set the Session ID Placement option to ${other} (servers up to v0.2.5 read only the URL; v0.2.6 reads only the body).`,
			),
		};
	}
	const sessionId = result.sessionId ?? sentSessionId ?? '';
	if (options.outputMode === 'simplified') return { json: { output: result.output, sessionId } };
	const json: IDataObject = {
		output: result.output,
		session: { id: sessionId },
		sessionId,
		appId,
	};
	if (options.outputMode === 'raw') {
		Object.assign(json, result.agent);
		json.chunks = (result.chunks ?? null) as IDataObject;
		json.raw = result.document as IDataObject;
	}
	return { json };
}
