/** A RunRequest as the HTTP call LLMStack expects: the path, the body, where the session goes. */
import type { IDataObject } from 'n8n-workflow';

import { LIMITS } from '../constants';
import { inputFailure } from '../failure';
import type { Failure } from '../failure';
import { formatBytes } from '../response/collector';
import type { RunRequest } from './types';

export interface RunCall {
	url: string;
	body: IDataObject;
	sessionInUrl: boolean;
}

export function buildRunCall({
	appId,
	input,
	sessionId,
	options,
}: RunRequest): RunCall | { failure: Failure } {
	const sessionInUrl = sessionId !== undefined && options.sessionPlacement === 'url';
	if (sessionInUrl && /^\.+$/.test(sessionId)) {
		// URL parsers resolve "." and ".." (even encoded) as path steps: another endpoint.
		return {
			failure: inputFailure(
				`The session ID "${sessionId}" cannot be sent in the URL`,
				'A session ID made only of dots would change which LLMStack address is called. Map the session ID returned by an earlier run, or set Session ID Placement to Body.',
			),
		};
	}
	const url = `/api/apps/${appId}/run${sessionInUrl ? `/${encodeURIComponent(sessionId)}` : ''}`;
	const body: IDataObject = { input: input as IDataObject, stream: options.stream };
	if (sessionId !== undefined && !sessionInUrl) body.session_id = sessionId;
	const size = Buffer.byteLength(JSON.stringify(body));
	if (size > LIMITS.requestBytes) {
		return {
			failure: inputFailure(
				`The input is ${formatBytes(size)}, more than LLMStack accepts`,
				'LLMStack refuses requests over 25 MiB, and its bundled nginx over 1 MiB. Send smaller files or text.',
			),
		};
	}
	return { url, body, sessionInUrl };
}
