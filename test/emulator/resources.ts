/**
 * The emulator's data sources, run history and session files, per the spec's §11 and per
 * generation: v0.2.1 and newer (`source_data`, `extra_data` required from v0.2.4, an
 * asynchronous route that checks nothing, entries that are PROCESSING a while, a FAILED entry
 * without a reason, an unreachable URL READY with placeholder text, history written a moment
 * after each successful run as Python `str()` text) and the v0.0.x/v0.1.x shapes (`entry_data`,
 * owner-only lookups, `{"status":"success"}`, history with the whole request body).
 */
import { randomUUID } from 'node:crypto';

import { APPS, OTHER, OWNER } from './apps';
import type { GenerationProfile } from './generations';
import { DJANGO_500, pythonRepr } from './wire';

export interface Answer {
	status: number;
	body: string | Buffer | object | null;
	headers?: Record<string, string>;
}

export const DATA_SOURCE_IDS = {
	text: 'd1111111-1111-4111-8111-111111111111',
	url: 'd2222222-2222-4222-8222-222222222222',
	file: 'd3333333-3333-4333-8333-333333333333',
	pdf: 'd4444444-4444-4444-8444-444444444444',
	vectorStore: 'd5555555-5555-4555-8555-555555555555',
	/** OTHER's, shared with OWNER for reading only. */
	readOnly: 'd6666666-6666-4666-8666-666666666666',
	/** OTHER's, not shared. */
	foreign: 'd7777777-7777-4777-8777-777777777777',
	/** OWNER's, with no storage left. */
	full: 'd8888888-8888-4888-8888-888888888888',
};

interface DataSource {
	uuid: string;
	name: string;
	slug: string | undefined;
	owner: string;
	readers: string[];
	full?: boolean;
}

interface EntryRecord {
	uuid: string;
	dataSource: string;
	name: string;
	status: 'PROCESSING' | 'READY' | 'FAILED';
	size: number;
	text: string;
	createdAt: string;
}

interface HistoryRow {
	request_uuid: string;
	app_uuid: string;
	session_key: string;
	created_at: string;
	request_user_email: string;
	request_body: string;
	response_body: string;
	owner: string;
}

interface StoredFile {
	name: string;
	type: string;
	bytes: Buffer;
	session: string;
	owner: string;
}

const DATA_SOURCES: DataSource[] = [
	{ uuid: DATA_SOURCE_IDS.text, name: 'Handbook', slug: 'text', owner: OWNER, readers: [] },
	{ uuid: DATA_SOURCE_IDS.url, name: 'Docs site', slug: 'url', owner: OWNER, readers: [] },
	{ uuid: DATA_SOURCE_IDS.file, name: 'Uploads', slug: 'file', owner: OWNER, readers: [] },
	{ uuid: DATA_SOURCE_IDS.pdf, name: 'Contracts', slug: 'pdf', owner: OWNER, readers: [] },
	{
		uuid: DATA_SOURCE_IDS.vectorStore,
		name: 'Weaviate',
		slug: undefined,
		owner: OWNER,
		readers: [],
	},
	{
		uuid: DATA_SOURCE_IDS.readOnly,
		name: 'Team notes',
		slug: 'text',
		owner: OTHER,
		readers: [OWNER],
	},
	{ uuid: DATA_SOURCE_IDS.foreign, name: 'Private', slug: 'text', owner: OTHER, readers: [] },
	{ uuid: DATA_SOURCE_IDS.full, name: 'Full', slug: 'text', owner: OWNER, readers: [], full: true },
];

const DATA_URI = /^data:([\w/\-.]+);name=(.*);base64,(.*)$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const NODE_BYTES = 1536;
const PLACEHOLDER = 'Could not extract text from URL';
const html500 = (): Answer => ({
	status: 500,
	body: DJANGO_500,
	headers: { 'Content-Type': 'text/html' },
});

class Refused extends Error {}

export interface ResourceOptions {
	/** How long an entry stays PROCESSING. */
	processingMs: number;
	/** How long after a run its history row appears. */
	historyDelayMs: number;
	/** Where stored files are served from; the emulator's own `/media/assets` when undefined. */
	assetBaseUrl?: string;
}

export function createResources(profile: GenerationProfile, options: ResourceOptions) {
	const legacy = profile.name === 'v0.0.31' || profile.name === 'v0.0.11';
	const needsExtraData = !legacy;
	const entries: EntryRecord[] = [];
	const history: HistoryRow[] = [];
	const files = new Map<string, StoredFile>();
	const timers = new Set<NodeJS.Timeout>();
	let clock = Date.parse('2024-11-04T09:00:00Z');

	const later = (ms: number, task: () => void) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			task();
		}, ms);
		timers.add(timer);
	};
	// DRF's datetimes have microseconds: 2024-11-04T09:00:01.000000Z.
	const now = () => new Date((clock += 1000)).toISOString().replace(/Z$/, '000Z');

	const canRead = (ds: DataSource, user: string) =>
		legacy ? ds.owner === user : ds.owner === user || ds.readers.includes(user);
	const canWrite = (ds: DataSource, user: string) => ds.owner === user;

	const dataSourceObject = (ds: DataSource, user: string): object => {
		const size = entries
			.filter((e) => e.dataSource === ds.uuid)
			.reduce((sum, e) => sum + e.size, 0);
		if (legacy) {
			return {
				name: ds.name,
				type: ds.slug ? { slug: ds.slug, name: ds.slug } : null,
				uuid: ds.uuid,
				size,
				created_at: '2024-11-01T09:00:00.000000Z',
				updated_at: '2024-11-01T09:00:00.000000Z',
				visibility: 0,
				owner_email: ds.owner,
			};
		}
		return {
			name: ds.name,
			type: { slug: ds.slug ?? 'weaviate', name: ds.slug ?? 'weaviate' },
			uuid: ds.uuid,
			size,
			created_at: '2024-11-01T09:00:00.000000Z',
			updated_at: '2024-11-01T09:00:00.000000Z',
			visibility: 0,
			owner_email: ds.owner,
			pipeline: ds.slug
				? {
						source: { data: {}, slug: ds.slug, provider_slug: 'promptly' },
						embedding: {},
						destination: {},
						transformations: [],
					}
				: { destination: { slug: 'weaviate' } },
			refresh_interval: null,
			has_source: ds.slug !== undefined,
			is_destination_only: ds.slug === undefined,
			has_read_permission: canRead(ds, user),
			has_write_permission: canWrite(ds, user),
			is_user_owned: ds.owner === user,
			access_permission: canWrite(ds, user) ? 1 : 0,
		};
	};

	const entryObject = (entry: EntryRecord, user: string): object => ({
		uuid: entry.uuid,
		datasource: dataSourceObject(
			DATA_SOURCES.find((ds) => ds.uuid === entry.dataSource)!,
			user,
		),
		config: legacy
			? { input: { name: entry.name }, document_ids: [] }
			: {
					name: entry.name,
					metadata: {},
					mimetype: 'text/plain',
					node_ids: [],
					processing_errors: null,
				},
		name: entry.name,
		size: entry.size,
		status: entry.status,
		created_at: entry.createdAt,
		updated_at: entry.createdAt,
	});

	/** The documents a request makes, or Refused (a 500 on the real server). */
	const documents = (ds: DataSource, data: Record<string, unknown>) => {
		if (ds.slug === undefined) throw new Refused();
		if (needsExtraData && !Array.isArray(data.extra_data)) throw new Refused();
		if (ds.slug === 'text') {
			if (typeof data.content !== 'string') throw new Refused();
			const name = typeof data.name === 'string' ? data.name : 'Untitled';
			if (/\n/.test(name)) throw new Refused();
			return [{ name, text: data.content, fails: false }];
		}
		if (ds.slug === 'url') {
			if (typeof data.urls !== 'string' || data.urls.length > 1600) throw new Refused();
			const urls = [
				...new Set(
					data.urls
						.split(/[\n,]/)
						.map((u) => u.trim())
						.filter(Boolean),
				),
			];
			return urls
				.filter((url) => !url.endsWith('.xml'))
				.map((url) => ({
					name: url,
					text: /\.invalid(\/|$)/.test(new URL(url).hostname + '/') ? PLACEHOLDER : `Page ${url}`,
					fails: false,
				}));
		}
		if (typeof data.file !== 'string') throw new Refused();
		const uris = ds.slug === 'pdf' ? [data.file] : data.file.split('|');
		return uris.map((uri) => {
			const match = DATA_URI.exec(uri);
			if (!match || !match[2]) throw new Refused();
			const bytes = Buffer.from(match[3], 'base64');
			// pdfminer cannot parse what is not a PDF: the entry fails.
			const isPdf = match[1] === 'application/pdf';
			return {
				name: match[2],
				text: bytes.toString('utf8'),
				fails: isPdf && !bytes.subarray(0, 5).equals(Buffer.from('%PDF-')),
			};
		});
	};

	/** Processes documents one after another, as LLMStack's add_entry does. */
	const addEntries = (ds: DataSource, docs: ReturnType<typeof documents>, sync: boolean) => {
		const made: EntryRecord[] = [];
		const finish = (entry: EntryRecord, fails: boolean) => {
			entry.status = fails ? 'FAILED' : 'READY';
			entry.size = fails ? 0 : Math.max(1, Math.ceil(entry.text.length / 1000)) * NODE_BYTES;
		};
		const create = (doc: (typeof docs)[number]): EntryRecord => {
			const entry: EntryRecord = {
				uuid: randomUUID(),
				dataSource: ds.uuid,
				name: doc.name,
				status: 'PROCESSING',
				size: 0,
				text: doc.text,
				createdAt: now(),
			};
			entries.push(entry);
			made.push(entry);
			return entry;
		};
		if (sync) {
			for (const doc of docs) finish(create(doc), doc.fails);
			return made;
		}
		const next = (index: number) => {
			if (index >= docs.length) return;
			const entry = create(docs[index]);
			later(options.processingMs, () => {
				finish(entry, docs[index].fails);
				next(index + 1);
			});
		};
		next(0);
		return made;
	};

	return {
		/** Handles the resource routes; undefined for any other path. */
		handle(method: string, url: URL, user: string | undefined, body: unknown): Answer | undefined {
			const path = url.pathname;
			const ds =
				/^\/api\/datasources(?:\/([^/]+)(?:\/(entries|add_entry|add_entry_async))?)?$/.exec(path);
			const entry = /^\/api\/datasource_entries\/([^/]+)(\/text_content)?$/.exec(path);
			const hist = /^\/api\/history(\/sessions)?$/.exec(path);
			const asset = /^\/api\/assets\/([^/]+)\/([^/]+)$/.exec(path);
			const media = /^\/media\/assets\/app_sessions\/([^/]+)\/([^/]+)$/.exec(path);
			if (media && method === 'GET') {
				const file = [...files.values()].find(
					(f) => f.session === decodeURIComponent(media[1]) && storedName(f.name) === media[2],
				);
				return file
					? { status: 200, body: file.bytes, headers: { 'Content-Type': file.type } }
					: { status: 404, body: 'Not Found' };
			}
			if (!ds && !entry && !hist && !asset) return undefined;
			if (legacy && method === 'POST' && ds?.[2] === 'add_entry_async') return undefined;
			if (!user)
				return { status: 403, body: { detail: 'Authentication credentials were not provided.' } };

			if (asset && method === 'GET') {
				const file = asset[1] === 'sessionfiles' ? files.get(asset[2].toLowerCase()) : undefined;
				if (!file || file.owner !== user) return { status: 404, body: null };
				const base = options.assetBaseUrl ?? '';
				return {
					status: 200,
					body: {
						url: `${base}/media/assets/app_sessions/${encodeURIComponent(file.session)}/${storedName(file.name)}`,
						name: file.name,
						type: file.type,
						size: file.bytes.length,
					},
				};
			}
			if (hist && method === 'GET') return historyAnswer(url, user, hist[1] !== undefined);
			if (ds && !ds[1]) {
				if (method !== 'GET') return undefined;
				const listed = DATA_SOURCES.filter((d) => d.owner === user);
				return { status: 200, body: listed.map((d) => dataSourceObject(d, user)) };
			}
			if (ds) {
				if (!UUID.test(ds[1])) return html500();
				const found = DATA_SOURCES.find((d) => d.uuid === ds[1].toLowerCase());
				if (!found)
					return { status: 404, body: { detail: 'No DataSource matches the given query.' } };
				const route = ds[2];
				if (route === 'add_entry_async' && method === 'POST') {
					// No lookup, no permission check: failures only end the background job.
					later(10, () => {
						const data = (body as Record<string, unknown> | undefined)?.source_data;
						if (!canWrite(found, user) || found.full || typeof data !== 'object' || !data) return;
						try {
							addEntries(found, documents(found, data as Record<string, unknown>), false);
						} catch {
							// The job ends; nothing is recorded.
						}
					});
					return { status: 202, body: { job_id: randomUUID() } };
				}
				if (!canRead(found, user)) {
					if (legacy)
						return { status: 404, body: { detail: 'No DataSource matches the given query.' } };
					if (!(route === 'add_entry' && method === 'POST' && canWrite(found, user)))
						return { status: 404, body: null };
				}
				if (route === 'entries' && method === 'GET') {
					return {
						status: 200,
						body: entries
							.filter((e) => e.dataSource === found.uuid)
							.map((e) => entryObject(e, user)),
					};
				}
				if (route === 'add_entry' && method === 'POST') {
					if (!canWrite(found, user)) return { status: 403, body: null };
					const key = legacy ? 'entry_data' : 'source_data';
					const data = (body as Record<string, unknown> | undefined)?.[key];
					if (!data) return { status: 400, body: { errors: [`No ${key} provided`] } };
					if (found.full)
						return { status: 400, body: { errors: ['Storage quota exceeded for this account'] } };
					try {
						addEntries(found, documents(found, data as Record<string, unknown>), true);
					} catch (error) {
						if (error instanceof Refused) return html500();
						throw error;
					}
					return {
						status: 200,
						body: legacy ? { status: 'success' } : dataSourceObject(found, user),
					};
				}
				if (!route && method === 'GET') return { status: 200, body: dataSourceObject(found, user) };
				return undefined;
			}
			if (entry) {
				if (!UUID.test(entry[1])) return html500();
				const found = entries.find((e) => e.uuid === entry[1].toLowerCase());
				if (!found)
					return { status: 404, body: { detail: 'No DataSourceEntry matches the given query.' } };
				const parent = DATA_SOURCES.find((d) => d.uuid === found.dataSource)!;
				if (!canRead(parent, user) || (parent.owner !== user && !legacy))
					return { status: 404, body: null };
				if (entry[2] && method === 'GET') {
					return {
						status: 200,
						body: { content: found.status === 'READY' ? found.text : '', metadata: {} },
					};
				}
				if (!entry[2] && method === 'DELETE') {
					if (!canWrite(parent, user)) return { status: 403, body: null };
					entries.splice(entries.indexOf(found), 1);
					return { status: 202, body: null };
				}
				if (!entry[2] && method === 'GET') return { status: 200, body: entryObject(found, user) };
			}
			return undefined;
		},

		/** A finished run: its history row appears a moment later (never for processor errors from v0.2.6 on). */
		recordRun(run: {
			appUuid: string;
			appOwner: string;
			sessionId: string;
			user: string | undefined;
			requestBody: Record<string, unknown>;
			input: Record<string, unknown>;
			output: string | undefined;
			error?: string;
		}) {
			const current = profile.outputIsObject;
			if (current && run.error !== undefined) return;
			const row: HistoryRow = {
				request_uuid: randomUUID(),
				app_uuid: run.appUuid,
				session_key: run.sessionId,
				created_at: '',
				request_user_email: run.user ?? '',
				request_body: pythonRepr(current ? run.input : run.requestBody),
				response_body: current
					? pythonRepr({ output: run.output ?? '' })
					: run.error !== undefined
						? pythonRepr({ errors: [run.error] })
						: (run.output ?? ''),
				owner: run.appOwner,
			};
			later(options.historyDelayMs, () => {
				row.created_at = now();
				history.push(row);
			});
		},

		/** An app's processor stores a file, as LLMStack's `_upload_asset_from_url` does. */
		storeFile(name: string, type: string, bytes: Buffer, session: string, owner: string): string {
			const id = randomUUID();
			files.set(id, { name, type, bytes, session, owner });
			return `objref://sessionfiles/${id}`;
		},

		reset() {
			entries.length = 0;
			history.length = 0;
			files.clear();
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
		},
	};

	function historyAnswer(url: URL, user: string, sessions: boolean): Answer {
		const params = url.searchParams;
		const appUuid = params.get('app_uuid') ?? '';
		const page = params.get('page') ?? '1';
		if (!/^\d+$/.test(page)) return { status: 404, body: { detail: 'Invalid page.' } };
		if (appUuid && appUuid !== 'null' && !UUID.test(appUuid)) return html500();
		let rows: Array<Record<string, unknown>>;
		if (sessions) {
			if (!appUuid || appUuid === 'null') return html500();
			if (profile.outputIsObject && appOwners.get(appUuid) !== user)
				return { status: 403, body: null };
			const groups = new Map<string, Record<string, unknown>>();
			for (const row of [...history].reverse()) {
				if (row.app_uuid !== appUuid || (!profile.outputIsObject && row.owner !== user)) continue;
				const key = `${row.session_key}|${row.request_user_email}`;
				if (!groups.has(key)) {
					groups.set(key, {
						session_key: row.session_key,
						app_uuid: row.app_uuid,
						request_user_email: row.request_user_email,
						latest_created_at: row.created_at.replace('Z', '+00:00'),
					});
				}
			}
			rows = [...groups.values()];
		} else {
			const session = params.get('session_key');
			// The app filter applies only for the app's writers (v0.2.6 on); others' is dropped.
			const appFilter = appUuid && appOwners.get(appUuid) === user ? appUuid : undefined;
			rows = [...history]
				.reverse()
				.filter((row) => (session ? row.session_key === session : row.owner === user))
				.filter((row) => !appFilter || row.app_uuid === appFilter)
				.map(({ owner: _owner, ...row }) => ({
					...row,
					app_detail: { name: 'App', path: `/apps/${row.app_uuid}` },
					response_status: 200,
					response_content_type: 'text/markdown',
				}));
		}
		const size = 20;
		const number = Number(page);
		const pages = Math.max(1, Math.ceil(rows.length / size));
		if (number < 1 || number > pages) return { status: 404, body: { detail: 'Invalid page.' } };
		const link = (n: number) => {
			const next = new URLSearchParams(params);
			next.set('page', String(n));
			const sorted = new URLSearchParams(
				[...next.entries()].sort(([a], [b]) => a.localeCompare(b)),
			);
			return `http://llmstack.internal${url.pathname}?${sorted}`;
		};
		return {
			status: 200,
			body: {
				count: rows.length,
				next: number < pages ? link(number + 1) : null,
				previous: number > 1 ? link(number - 1) : null,
				results: rows.slice((number - 1) * size, number * size),
			},
		};
	}
}

/** Apps' owners: LLMStack applies history's app filter and lists sessions only for them. */
const appOwners = new Map(APPS.map((app) => [app.uuid, app.owner]));

/** Django's get_valid_filename: spaces to underscores, other characters outside [-\w.] dropped. */
function storedName(name: string): string {
	return name
		.trim()
		.replace(/ /g, '_')
		.replace(/[^-\w.]/g, '');
}
