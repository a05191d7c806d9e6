/**
 * Explains a non-2xx answer from LLMStack. The server's status codes mislead on their own
 * (an unknown app is a 500, a missing permission an empty 403, a slow run a 504 from the
 * bundled nginx), so each case says what most likely happened and what to change.
 * Bodies are summarised, never passed on whole: HTML error pages can be megabytes long.
 */
import { isPlainObject } from '../helpers/object';
import { joinMessages } from '../helpers/text';
import { parseJson } from '../helpers/json';
import type { Failure } from './types';

/**
 * Answers that prove the run did not start: 429 (refused before running) and 503 (the server or
 * its proxy could not take it). Never 502 (nginx answers it when the app server closed, possibly
 * mid-run), 500, 504 or other statuses.
 */
const RETRYABLE_STATUS = new Set([429, 503]);

export interface HttpFailureContext {
	status: number;
	/** Up to a few KiB of the body, already decoded. */
	bodyText: string;
	location?: string;
	retryAfter?: string;
	/** The session ID travelled in the URL (the only form v0.2.6 rejects with a 500). */
	sessionInUrl: boolean;
	timeoutSeconds: number;
}

const SUMMARY_CHARS = 200;

export function describeHttpFailure(ctx: HttpFailureContext): Failure {
	return {
		...explain(ctx),
		httpCode: ctx.status,
		retryable: RETRYABLE_STATUS.has(ctx.status),
		retryAfter: ctx.retryAfter,
	};
}

type Explanation = Pick<Failure, 'message' | 'description' | 'appNotVisible'>;

function explain(ctx: HttpFailureContext): Explanation {
	const { status } = ctx;
	const json = jsonBody(ctx.bodyText);
	const detail = isPlainObject(json) && typeof json.detail === 'string' ? json.detail : undefined;
	const legacyErrors = isPlainObject(json) && Array.isArray(json.errors) ? json.errors : undefined;
	const summary = summarise(ctx.bodyText);
	const said = summary ? ` LLMStack said: ${summary}` : '';

	if (status >= 300 && status < 400) {
		return fail(
			`LLMStack answered with a redirect (${status})`,
			`The server redirected to ${ctx.location ?? 'another address'}. The node does not follow redirects, so the API token never travels to another address. Put the final address (often https:// instead of http://) in the credential's Base URL.`,
		);
	}
	if (status === 403) {
		if (detail === 'Invalid token.') {
			return fail(
				'LLMStack rejected the API token',
				'The token in the LLMStack credential is not valid on this server. Copy it again from the Settings page of LLMStack and check that the Base URL points at the same server.',
			);
		}
		if (detail?.startsWith('Invalid token header')) {
			return fail(
				'The API token is malformed',
				`${detail} Paste only the token from LLMStack's Settings page into the credential.`,
			);
		}
		if (detail === 'Authentication credentials were not provided.') {
			return fail(
				'LLMStack did not receive the API token',
				'Set an API token in the LLMStack credential.',
			);
		}
		if (detail?.startsWith('CSRF Failed') || /csrf/i.test(ctx.bodyText)) {
			return fail(
				'LLMStack refused the request as a browser form (CSRF check)',
				'This happens when the URL does not match an API route exactly (for example a trailing slash) or when a session cookie is sent. Check the Base URL in the credential: it should be the server address only, like http://localhost:3000.',
			);
		}
		return fail(
			'No permission to run this app',
			"LLMStack answered 403 without a reason. The token's user must own the app or the app must be shared with that user (LLMStack v0.2.6 and newer do not let tokens run other users' public apps). Share the app with the token's user or use the owner's token.",
			true,
		);
	}
	if (status === 401) {
		return fail(
			'LLMStack refused the credentials (401)',
			`Check the API token in the credential.${said}`,
		);
	}
	if (status === 404) {
		return fail(
			'LLMStack has no runnable version of this app',
			detail
				? `${detail} Check the app ID; pick the app from the list to be sure.`
				: 'The app exists but has no saved version. Save and publish the app in LLMStack, then run it again.',
			true,
		);
	}
	if (status === 400 && legacyErrors) {
		return fail(
			`LLMStack could not run the app: ${joinMessages(legacyErrors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))))}`,
			'Older LLMStack servers (up to v0.2.5) answer 400 when the app is not published, not shared with this user, or the input is not valid. Publish the app or check its input.',
		);
	}
	if (status === 400) {
		return fail(
			'LLMStack could not read the request (400)',
			`${detail ?? summary ?? 'The request was rejected.'} If the server runs behind a proxy, the body may exceed its limit (LLMStack's own limit is 25 MiB).`,
		);
	}
	if (status === 413) {
		return fail(
			'The input is too large for the LLMStack server (413)',
			"LLMStack's bundled nginx accepts request bodies of at most 1 MiB. Send smaller files or text, or raise client_max_body_size in the server's nginx.",
		);
	}
	if (status === 415) {
		return fail(
			'LLMStack did not accept the request format (415)',
			`${detail ?? summary ?? ''}`.trim(),
		);
	}
	if (status === 429) {
		return fail(
			'LLMStack or a proxy in front of it is rate limiting (429)',
			'Lower the Concurrency option or raise the Pause Between Batches; retries honour Retry-After.',
		);
	}
	if (status === 500) {
		const sessionHint = ctx.sessionInUrl
			? ' LLMStack v0.2.6 also answers 500 when the session ID is sent in the URL: set Session ID Placement to Body.'
			: '';
		return fail(
			'LLMStack failed with an internal server error (500)',
			`Most often the app ID does not exist on this server (LLMStack answers 500, not 404, for unknown apps), or the app has no published version, or an input is not in the form the app expects (for example a file that is not a data URI).${sessionHint} Check the app ID and publish the app.${said}`,
		);
	}
	if (status === 503) {
		return fail(
			'LLMStack is not available (503)',
			`The server or the proxy in front of it could not take the run, so it did not start and is retried (Maximum Tries).${said}`,
		);
	}
	if (status === 502) {
		return fail(
			'The proxy in front of LLMStack lost the connection to it (502)',
			`A proxy such as LLMStack's bundled nginx answers 502 when the app server closed the connection, possibly while the app was running, so the run is not sent again. Check that LLMStack is running and look at its log.${said}`,
		);
	}
	if (status === 504) {
		return fail(
			'The LLMStack gateway timed out (504)',
			`LLMStack's proxy gave up waiting for the run (its bundled nginx waits 60 seconds). This is the server's timeout, not the node's (${ctx.timeoutSeconds} s). The run may still have finished on the server, so it is not retried. Raise proxy_read_timeout in the server's nginx, or make the app faster.`,
		);
	}
	return fail(`LLMStack answered with HTTP ${status}`, summary ?? 'The response had no body.');
}

function fail(message: string, description: string, appNotVisible?: true): Explanation {
	return appNotVisible ? { message, description, appNotVisible } : { message, description };
}

function jsonBody(text: string): unknown {
	const trimmed = text.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
	const parsed = parseJson(trimmed);
	return parsed.ok ? parsed.value : undefined;
}

/** One short line from a body of any kind: the HTML title or text, or the first characters. */
export function summarise(text: string): string | undefined {
	const trimmed = text.trim();
	if (!trimmed) return undefined;
	let flat = trimmed;
	if (/^<(!doctype|html|head|body|\?xml|[a-z]+[\s>])/i.test(trimmed)) {
		const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1];
		const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(trimmed)?.[1];
		flat = (title ?? h1 ?? trimmed.replace(/<[^>]*>/g, ' ')).replace(/<[^>]*>/g, ' ');
	}
	flat = flat.replace(/\s+/g, ' ').trim();
	if (!flat) return undefined;
	return flat.length > SUMMARY_CHARS ? `${flat.slice(0, SUMMARY_CHARS)}…` : flat;
}
