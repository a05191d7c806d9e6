/**
 * Explains a non-2xx answer from LLMStack's data source, history and session file routes.
 * Their statuses mislead in their own ways (a data source the user may not read is a 404 with
 * an empty body, a missing write permission an empty 403, wrong fields a 500 page), so each is
 * told in the words of what was asked for; answers these routes share with runs (token,
 * redirect, proxy, rate limit) keep the run's words.
 */
import { isPlainObject } from '../helpers/object';
import { parseJson } from '../helpers/json';
import { joinMessages } from '../helpers/text';
import { describeHttpFailure, summarise } from './httpAnswer';
import type { Failure } from './types';

/** What a request was about. */
export type Subject =
	'dataSource' | 'addEntry' | 'entry' | 'deleteEntry' | 'history' | 'sessions' | 'asset';

export interface ResourceFailureContext {
	status: number;
	bodyText: string;
	location?: string;
	retryAfter?: string;
	timeoutSeconds: number;
	subject: Subject;
}

const NOT_VISIBLE = {
	dataSource: [
		"The data source is not visible to the token's user",
		"LLMStack shows a data source only to its owner, to users it is shared with for reading, and to members of its organisation when it is shared with the organisation (a user it is shared with for writing only cannot read it). Share it with the token's user in LLMStack, or use the owner's token.",
	],
	entry: [
		"The entry is not visible to the token's user",
		"Entries of a private data source are visible to its owner only, even when the data source is shared. Use the owner's token.",
	],
} as const;

export function describeResourceFailure(ctx: ResourceFailureContext): Failure {
	const { status, subject } = ctx;
	const json = ctx.bodyText.trim() ? parseJson(ctx.bodyText.trim()) : undefined;
	const body = json?.ok ? json.value : undefined;
	const detail = isPlainObject(body) && typeof body.detail === 'string' ? body.detail : undefined;
	const errors = isPlainObject(body) && Array.isArray(body.errors) ? body.errors : undefined;
	const isEntry = subject === 'entry' || subject === 'deleteEntry';
	const said = summarise(ctx.bodyText);
	const fail = (message: string, description: string): Failure => ({
		message,
		description,
		httpCode: status,
		retryable: false,
	});

	if (status === 404 && !ctx.bodyText.trim() && subject !== 'history' && subject !== 'sessions') {
		const [message, description] = NOT_VISIBLE[isEntry ? 'entry' : 'dataSource'];
		return fail(message, description);
	}
	if (status === 404 && detail?.startsWith('No ')) {
		return isEntry
			? fail(
					'No entry with this ID on this server',
					`LLMStack said: ${detail} Check the entry ID, for example with List Entries.`,
				)
			: fail(
					'No data source with this ID on this server',
					`LLMStack said: ${detail} Check the ID; pick the data source from the list to be sure. LLMStack up to v0.2.0 finds only data sources the token's user owns.`,
				);
	}
	if (status === 403 && !ctx.bodyText.trim()) {
		if (subject === 'addEntry') return { ...noWritePermission(), httpCode: status };
		if (subject === 'deleteEntry') {
			return fail(
				'No permission to delete this entry',
				"Deleting an entry needs write permission on its data source. Share the data source with write access in LLMStack, or use the owner's token.",
			);
		}
		if (subject === 'sessions') {
			return fail(
				'No permission to list the sessions of this app',
				"LLMStack lists an app's sessions only to users who may edit the app: its owner and users it is shared with for writing (it answers the same for an app ID it does not know). Use the owner's token, or read one session with Get History, which needs no such permission.",
			);
		}
	}
	if (status === 400 && errors) {
		const listed = joinMessages(errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))));
		return fail(
			`LLMStack refused the entry: ${listed}`,
			'LLMStack answers 400 when the request has no data for the entry, when the data source is external, or when the account has no storage left for it. Free space by deleting entries, or check the item.',
		);
	}
	if (status === 500) {
		const descriptions: Record<Subject, string> = {
			addEntry:
				"LLMStack answers 500 when the entry's data does not fit the data source's type, when a URL list is longer than 1600 characters, when a file is not a valid data URI or its name cannot be stored, or when the data source has no source to add to (destination-only). Check the data source's type in LLMStack and the item's data, and look at LLMStack's log.",
			dataSource: "Check the data source ID (a UUID) and look at LLMStack's log.",
			entry: "Check the entry ID (a UUID) and look at LLMStack's log.",
			deleteEntry: "Check the entry ID (a UUID) and look at LLMStack's log.",
			history:
				"LLMStack answers 500 when the app ID is not an app's UUID. Check the app ID and look at LLMStack's log.",
			sessions:
				"LLMStack answers 500 when the app ID is empty or not a UUID. Check the app ID and look at LLMStack's log.",
			asset: "Look at LLMStack's log.",
		};
		return fail(
			'LLMStack failed with an internal server error (500)',
			`${descriptions[subject]}${said ? ` LLMStack said: ${said}` : ''}`,
		);
	}
	if (status === 404) {
		return fail(
			'LLMStack has no such route (404)',
			`${detail ?? said ?? 'The answer had no body.'} Check that the Base URL points at LLMStack; servers older than v0.2.0 do not have this route.`,
		);
	}
	const generic = describeHttpFailure({
		status,
		bodyText: ctx.bodyText,
		location: ctx.location,
		retryAfter: ctx.retryAfter,
		sessionInUrl: false,
		timeoutSeconds: ctx.timeoutSeconds,
	});
	// The run's words for a refusal name running an app: say what was refused instead.
	if (generic.appNotVisible) {
		const what = isEntry ? 'entry' : subject === 'history' ? 'app' : 'data source';
		return fail(
			`LLMStack refused the request (${status})`,
			`${detail ?? said ?? 'LLMStack gave no reason.'} Check that the token's user may use this ${what}.`,
		);
	}
	return generic;
}

/** The token's user may read the data source but not add to it. */
export function noWritePermission(): Failure {
	return {
		message: 'No permission to add to this data source',
		description:
			"The token's user may read this data source but not write to it. Share it with write access in LLMStack, or use the owner's token.",
		retryable: false,
	};
}
