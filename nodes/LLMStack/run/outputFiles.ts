/**
 * Download Output Files: the files an app's output points at, as n8n binary data. LLMStack
 * refers to files it stored as `objref://sessionfiles/<uuid>` (resolved through its assets
 * route into a URL) and some processors put files inline as `data:<type>;base64,…` URIs. The
 * token goes only to the credential's own host: files on other hosts (object storage) are
 * fetched without it. A file that cannot be had is reported in the item, not failed on: the
 * run itself succeeded.
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE, LIMITS } from '../constants';
import { normaliseBaseUrl } from '../helpers/baseUrl';
import type { Deadline } from '../helpers/deadline';
import { readBody, StoppedError } from '../helpers/deadline';
import { FailureError, networkFailure, stopFailure } from '../failure';
import { isPlainObject } from '../helpers/object';
import { callApi } from '../transport/api';
import type { CallOptions } from '../transport/api';
import { openRequest } from '../transport';

const OBJREF = /objref:\/\/sessionfiles\/([0-9a-fA-F-]{32,36})/g;
const DATA_URI =
	/data:([\w.+-]+\/[\w.+-]+)((?:;[\w-]+=[^;,\s)"'<>]*)*);base64,([A-Za-z0-9+/]+={0,2})/g;
/** More files than any output shows; a hostile output cannot make the node fetch without end. */
const MAX_FILES = 100;

export interface FileReport extends IDataObject {
	source: string;
	binaryProperty: string | null;
	fileName: string | null;
	mimeType: string | null;
	size: number | null;
	error: string | null;
}

/** The files' binary data and a report line per file found in `text`. */
export async function downloadOutputFiles(
	ctx: IExecuteFunctions,
	text: string,
	deadline: Deadline,
	options: CallOptions,
): Promise<{ files: FileReport[]; binary: IBinaryKeyData }> {
	const files: FileReport[] = [];
	const binary: IBinaryKeyData = {};
	const found = [
		...[...text.matchAll(OBJREF)].map((match) => ({ kind: 'objref' as const, match })),
		...[...text.matchAll(DATA_URI)].map((match) => ({ kind: 'inline' as const, match })),
	]
		.sort((a, b) => a.match.index - b.match.index)
		.slice(0, MAX_FILES);
	// Read once: every objref's URL is resolved against the credential's base URL.
	const base = found.some((file) => file.kind === 'objref')
		? new URL(normaliseBaseUrl((await ctx.getCredentials(CREDENTIAL_TYPE)).baseUrl))
		: undefined;
	const seen = new Set<string>();
	for (const { kind, match } of found) {
		const key = kind === 'objref' ? match[1].toLowerCase() : match[0];
		if (seen.has(key)) continue;
		seen.add(key);
		const got =
			kind === 'objref'
				? await fromObjref(ctx, match[1], base!, deadline, options)
				: fromDataUri(match, files.length);
		const report: FileReport = {
			// Inline files are named by type only: the output keeps the data itself.
			source: kind === 'objref' ? match[0] : `data:${match[1]} (inline)`,
			binaryProperty: null,
			fileName: null,
			mimeType: null,
			size: null,
			error: null,
		};
		if ('error' in got) {
			report.error = got.error;
		} else {
			const property = `file_${Object.keys(binary).length}`;
			binary[property] = await ctx.helpers.prepareBinaryData(got.bytes, got.name, got.mimeType);
			Object.assign(report, {
				binaryProperty: property,
				fileName: got.name,
				mimeType: got.mimeType,
				size: got.bytes.length,
			});
		}
		files.push(report);
	}
	return { files, binary };
}

type Got = { bytes: Buffer; name: string; mimeType: string } | { error: string };

async function fromObjref(
	ctx: IExecuteFunctions,
	uuid: string,
	base: URL,
	deadline: Deadline,
	options: CallOptions,
): Promise<Got> {
	const asset = await callApi(
		ctx,
		{ method: 'GET', path: `/api/assets/sessionfiles/${uuid.toLowerCase()}`, subject: 'asset' },
		deadline,
		options,
		(answer) => answer.status === 404,
	);
	if (asset.status === 404 || !isPlainObject(asset.json) || typeof asset.json.url !== 'string') {
		return {
			error:
				"LLMStack has no such file for the token's user (it was deleted, or only the user who ran the app and the app's editors may read it)",
		};
	}
	let url: URL;
	try {
		url = new URL(asset.json.url, base);
	} catch {
		return {
			error: `LLMStack gave an address the node cannot read: ${asset.json.url.slice(0, 200)}`,
		};
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return { error: `The file's address is not http(s): ${url.protocol}` };
	}
	const sameHost = url.origin === base.origin;
	const download = async (): Promise<Buffer | { error: string }> => {
		const response = await openRequest(
			ctx,
			'GET',
			sameHost ? url.pathname + url.search : url.href,
			deadline,
			undefined,
			!sameHost,
		);
		if (response.statusCode < 200 || response.statusCode >= 300) {
			response.body.destroy?.();
			return { error: `The file could not be downloaded: HTTP ${response.statusCode}` };
		}
		const parts: Buffer[] = [];
		let size = 0;
		await readBody(response.body, deadline, (chunk) => {
			const piece = Buffer.from(chunk);
			size += piece.length;
			if (size <= LIMITS.responseBytes) parts.push(piece);
			return size > LIMITS.responseBytes;
		});
		if (size > LIMITS.responseBytes) {
			return {
				error: `The file is larger than ${LIMITS.responseBytes / (1024 * 1024)} MiB, the most the node keeps in memory`,
			};
		}
		return Buffer.concat(parts);
	};
	const bytes = await download().catch((error: unknown) => {
		// Running out of time fails the item like any other wait; a broken download is reported.
		if (error instanceof StoppedError)
			throw new FailureError(stopFailure(error.reason, options.timeoutSeconds));
		return { error: `The download broke off: ${networkFailure(error, 'body', false).description}` };
	});
	if (!Buffer.isBuffer(bytes)) return bytes;
	const name =
		typeof asset.json.name === 'string' && asset.json.name
			? asset.json.name
			: decodeURIComponent(url.pathname.split('/').pop() || uuid);
	const mimeType =
		typeof asset.json.type === 'string' && asset.json.type
			? asset.json.type
			: 'application/octet-stream';
	return { bytes, name, mimeType };
}

function fromDataUri(match: RegExpMatchArray, index: number): Got {
	const mimeType = match[1].toLowerCase();
	const named = /;name=([^;]*)/.exec(match[2])?.[1];
	let name = `file_${index}.${mimeType.split('/')[1].replace(/\+.*$/, '')}`;
	if (named) {
		try {
			name = decodeURIComponent(named);
		} catch {
			name = named;
		}
	}
	return { bytes: Buffer.from(match[3], 'base64'), name, mimeType };
}
