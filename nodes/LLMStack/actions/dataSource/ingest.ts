/**
 * Adding to a data source, the way every LLMStack version accepts it: read the data source
 * (its type decides the fields), send the entry's data under both body keys servers have read
 * (`source_data` from v0.2.1, `entry_data` before) with `extra_data` (v0.2.4 on fails without
 * it), then find the new entries by listing the entries before and after (LLMStack answers
 * with neither their IDs nor their state), matched by ID and name, and watch them until done.
 *
 * Waiting, the data goes to the synchronous route: it is the one that answers a missing
 * permission, wrong fields or a full account with an error, where the asynchronous one (which
 * looks nothing up) only ends its background job without a word. When a proxy gives up on a
 * long request (504), the server carries on, and the node watches the entries instead.
 * Without waiting, the asynchronous route answers at once with a job ID.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { RESOURCE_LIMITS, LIMITS } from '../../constants';
import { FailureError, inputFailure, noWritePermission } from '../../failure';
import type { Failure } from '../../failure';
import type { Deadline, StopReason } from '../../helpers/deadline';
import { isPlainObject } from '../../helpers/object';
import type { RunEnvironment } from '../../run/types';
import { callApi } from '../../transport/api';
import type { ApiAnswer, CallOptions } from '../../transport/api';
import { readCallOptions, readUuid, withinDeadline } from '../shared';
import { entryJson, entryTextCall, readDataSource, readEntries } from './entries';
import type { DataSourceInfo, Entry } from './entries';

/** What one item adds: the bodies to send (one request each) and the entry names they make. */
export interface Addition {
	requests: Array<Record<string, unknown>>;
	names: string[];
	/** Items LLMStack would skip without a word, and why (shown in the output). */
	skipped?: Array<{ value: string; reason: string }>;
}

export type AdditionBuilder = (dataSource: DataSourceInfo) => Addition | Failure;

export const DATA_SOURCE_TIMEOUT_SECONDS = 600;

export async function addToDataSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
	build: AdditionBuilder,
): Promise<IDataObject> {
	const id = readUuid(ctx, itemIndex, env, 'dataSource', 'a data source ID', PICK_DATA_SOURCE);
	const wait = ctx.getNodeParameter('waitForProcessing', itemIndex, true) as boolean;
	const options = readCallOptions(ctx, itemIndex, env, DATA_SOURCE_TIMEOUT_SECONDS);
	return await withinDeadline(ctx, env, itemIndex, options, async (deadline) => {
		const dataSource = await getDataSource(ctx, id, deadline, options);
		const addition = build(dataSource);
		if ('message' in addition) throw new FailureError(addition);
		// Said before sending: the asynchronous route would accept the data and drop it.
		if (dataSource.canWrite === false) throw new FailureError(noWritePermission());
		const before = new Set((await listEntries(ctx, id, deadline, options)).map((e) => e.uuid));
		const jobIds: string[] = [];
		for (const sourceData of addition.requests) {
			const jobId = await send(ctx, id, sourceData, wait, deadline, options);
			if (jobId) jobIds.push(jobId);
		}
		const summary: IDataObject = { dataSourceId: id, dataSourceName: dataSource.name };
		if (addition.skipped?.length) summary.skipped = addition.skipped;
		if (!wait && jobIds.length) {
			return {
				...summary,
				status: 'PROCESSING',
				names: addition.names,
				jobIds,
				note: 'LLMStack is processing the new entries in the background. List Entries shows when they are READY or FAILED.',
			};
		}
		// From here on the data is LLMStack's: running out of time is not a failed request.
		const entries = await waitForEntries(ctx, id, before, addition.names, deadline, options).catch(
			(error: unknown) => {
				if (deadline.signal.aborted)
					throw new FailureError(waitFailure(deadline.reason(), options));
				throw error;
			},
		);
		const failed = entries.filter((entry) => entry.status === 'FAILED');
		if (failed.length) throw new FailureError(processingFailure(failed, entries.length));
		return {
			...summary,
			entries: await markPlaceholders(ctx, entries, dataSource, deadline, options),
		};
	});
}

export const PICK_DATA_SOURCE =
	"Pick the data source from the list, or copy its ID from LLMStack's Data page.";

export async function getDataSource(
	ctx: IExecuteFunctions,
	id: string,
	deadline: Deadline,
	options: CallOptions,
): Promise<DataSourceInfo> {
	const answer = await callApi(
		ctx,
		{ method: 'GET', path: `/api/datasources/${id}`, subject: 'dataSource' },
		deadline,
		options,
	);
	return readDataSource(answer.json, id);
}

export async function listEntries(
	ctx: IExecuteFunctions,
	id: string,
	deadline: Deadline,
	options: CallOptions,
): Promise<Entry[]> {
	const answer = await callApi(
		ctx,
		{ method: 'GET', path: `/api/datasources/${id}/entries`, subject: 'dataSource' },
		deadline,
		options,
	);
	return readEntries(answer.json);
}

/** Sends one addition; the job's ID when it runs in the background, else undefined. */
async function send(
	ctx: IExecuteFunctions,
	id: string,
	sourceData: Record<string, unknown>,
	wait: boolean,
	deadline: Deadline,
	options: CallOptions,
): Promise<string | undefined> {
	const body = { source_data: sourceData, entry_data: sourceData } as IDataObject;
	if (Buffer.byteLength(JSON.stringify(body)) > LIMITS.requestBytes) {
		throw new FailureError(
			inputFailure(
				'The data is too large for LLMStack',
				`LLMStack accepts requests of at most ${LIMITS.requestBytes / (1024 * 1024)} MiB (its bundled nginx only 1 MiB unless raised). Send smaller files, or fewer at once.`,
			),
		);
	}
	const post = async (route: string, accept?: (answer: ApiAnswer) => boolean) =>
		await callApi(
			ctx,
			{ method: 'POST', path: `/api/datasources/${id}/${route}`, body, subject: 'addEntry' },
			deadline,
			options,
			accept,
		);
	if (!wait) {
		// Servers up to v0.2.0 have no asynchronous route: the web app's catch-all answers instead.
		const missingRoute = (answer: ApiAnswer) =>
			(answer.status === 403 || answer.status === 404) && answer.json === undefined;
		const queued = await post('add_entry_async', missingRoute);
		if (!queued.failure) {
			const jobId = isPlainObject(queued.json) ? queued.json.job_id : undefined;
			return typeof jobId === 'string' ? jobId : 'queued';
		}
	}
	// The proxy's 504 ends the request, not the processing: the entries are watched instead.
	await post('add_entry', (answer) => answer.status === 504);
	return undefined;
}

/** The new entries with the expected names, once all exist and none is PROCESSING. */
async function waitForEntries(
	ctx: IExecuteFunctions,
	id: string,
	before: Set<string>,
	names: string[],
	deadline: Deadline,
	options: CallOptions,
): Promise<Entry[]> {
	for (;;) {
		const wanted = [...names];
		const fresh = (await listEntries(ctx, id, deadline, options)).filter((entry) => {
			if (before.has(entry.uuid)) return false;
			const at = wanted.indexOf(entry.name);
			if (at < 0) return false;
			wanted.splice(at, 1);
			return true;
		});
		const done = wanted.length === 0 && fresh.every((entry) => entry.status !== 'PROCESSING');
		if (done) return fresh;
		await deadline.sleep(RESOURCE_LIMITS.pollEveryMs);
	}
}

/** An unreachable URL is a READY entry holding LLMStack's placeholder text: say so. */
async function markPlaceholders(
	ctx: IExecuteFunctions,
	entries: Entry[],
	dataSource: DataSourceInfo,
	deadline: Deadline,
	options: CallOptions,
): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	for (const entry of entries) {
		const json = entryJson(entry, dataSource);
		if (
			dataSource.sourceType === 'url' &&
			entry.status === 'READY' &&
			(entry.size ?? 0) <= RESOURCE_LIMITS.oneNodeBytes
		) {
			const text = await callApi(ctx, entryTextCall(entry.uuid), deadline, options).catch(
				() => undefined,
			);
			const content = isPlainObject(text?.json) ? text.json.content : undefined;
			if (typeof content === 'string' && content.trim() === RESOURCE_LIMITS.urlPlaceholder) {
				json.warning = `LLMStack could not fetch this URL: the entry holds only the text "${RESOURCE_LIMITS.urlPlaceholder}". Check that the page is reachable from the LLMStack server, then delete the entry and add it again.`;
			}
		}
		out.push(json);
	}
	return out;
}

function processingFailure(failed: Entry[], total: number): Failure {
	const names = failed.map((entry) => `"${entry.name}" (${entry.uuid})`).join(', ');
	return {
		message:
			failed.length === 1
				? `LLMStack could not process the entry ${names}`
				: `LLMStack could not process ${failed.length} of ${total} entries: ${names}`,
		description:
			"LLMStack keeps no reason for a failed entry. Entries fail when a text, JSON or CSV file is not UTF-8, a PDF cannot be read, the file is a .ppt, audio or video file, or the embedding step fails (for example when the data source's owner has no OpenAI key set in LLMStack). The log of LLMStack's background worker says which. The entry stays in the data source with status FAILED: delete it before adding the data again.",
		retryable: false,
	};
}

function waitFailure(reason: StopReason, options: CallOptions): Failure {
	if (reason === 'cancelled') {
		return {
			message: 'The execution was cancelled',
			description:
				'The node stopped waiting. Whatever LLMStack had accepted keeps processing: check the data source in LLMStack before adding it again.',
			retryable: false,
		};
	}
	return {
		message: `The new entries were not processed within ${options.timeoutSeconds} s (the node's timeout)`,
		description:
			"LLMStack accepted the data and keeps processing it in the background, so do not add it again: raise the Timeout option, or turn off Wait for Processing and check later with List Entries. If no new entry appears at all, LLMStack's background worker is not running or could not read the data; its log says which.",
		retryable: false,
	};
}
