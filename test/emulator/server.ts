/**
 * An LLMStack-compatible HTTP server for tests and the demo, following the source-grounded
 * API spec per server generation, quirks included: errors as HTTP 200, unknown apps as a 500
 * page, empty 403s, the session ID's move from URL to body, dead or broken streaming, the
 * bundled nginx's 413/504 pages. Listens on 127.0.0.1 only and records every request.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import { APPS, APP_IDS, InvalidDataUri, OTHER, OWNER, ProcessorFailure } from './apps';
import type { AppDefinition } from './apps';
import { GENERATIONS } from './generations';
import { createResources } from './resources';
import type { ResourceOptions } from './resources';
import type { Generation, GenerationProfile } from './generations';
import {
	CSRF_403,
	DJANGO_500,
	nginxPage,
	pythonRepr,
	renderServerTemplate,
	seededRandom,
	splitBytes,
} from './wire';

export const TOKENS = {
	owner: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
	other: '9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d',
};

export interface FaultOptions {
	/** Share of runs answered 503 by the gateway before the app starts. */
	rate503?: number;
	rate429?: number;
	/** Share of connections reset as soon as they open, before the request is read (no run starts). */
	rateResetBeforeRead?: number;
	/** Share of runs that start after the request was read, then lose their connection (reset, no answer). */
	rateResetAfterRead?: number;
	retryAfterSeconds?: number;
	seed?: number;
}

export interface EmulatorOptions {
	generation?: Generation;
	port?: number;
	/** Added to every run, like a model's answer time. */
	latencyMs?: number;
	faults?: FaultOptions;
	/** Split every response body into pieces of 1..maxPiece bytes; false writes it whole. */
	split?: { maxPiece: number; seed?: number } | false;
	/** The bundled nginx in front of LLMStack; false talks to Django directly. */
	gateway?: { maxBodyBytes: number; timeoutMs: number } | false;
	/** Answer every run with a redirect to this URL (for token-leak tests). */
	redirectRunsTo?: string;
	/** Data sources, history and session files (see resources.ts). */
	resources?: Partial<ResourceOptions>;
}

export interface RecordedRequest {
	id: number;
	method: string;
	path: string;
	appId?: string;
	authorization?: string;
	contentType?: string;
	body?: unknown;
	/** The session the server used for the run. */
	sessionId?: string;
	status?: number;
	fault?: 'reset' | '503' | '429';
	startedAt: number;
	endedAt?: number;
}

export interface Emulator {
	url: string;
	port: number;
	profile: GenerationProfile;
	tokens: typeof TOKENS;
	requests: RecordedRequest[];
	/** runs: runs the server started (including those whose connection it then reset). */
	stats: { inFlight: number; maxInFlight: number; runs: number; resetBeforeRead: number };
	/** Forget recorded requests, counters and sessions. */
	reset(): void;
	close(): Promise<void>;
}

const USERS: Record<string, string> = { [TOKENS.owner]: OWNER, [TOKENS.other]: OTHER };
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const DJANGO_MAX_BODY = 25 * 1024 * 1024;

class HttpAnswer {
	constructor(
		readonly status: number,
		readonly body: string | Buffer | object | null,
		readonly headers: Record<string, string> = {},
	) {}
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const profile = GENERATIONS[options.generation ?? 'v0.2.6'];
	const gateway =
		options.gateway === false
			? undefined
			: (options.gateway ?? { maxBodyBytes: 1024 * 1024, timeoutMs: 60_000 });
	const split = options.split === false ? undefined : (options.split ?? { maxPiece: 7, seed: 1 });
	const faults = options.faults ?? {};
	let faultRandom = seededRandom(faults.seed ?? 42);
	let splitRandom = seededRandom(split?.seed ?? 1);
	const sessions = new Map<string, Record<string, unknown>>();
	const requests: RecordedRequest[] = [];
	const stats = { inFlight: 0, maxInFlight: 0, runs: 0, resetBeforeRead: 0 };
	let nextId = 1;

	const resources = createResources(profile, {
		processingMs: 150,
		historyDelayMs: 150,
		...options.resources,
	});
	let connectionRandom = seededRandom((faults.seed ?? 42) + 1);
	const server: Server = createServer((req, res) => {
		const record: RecordedRequest = {
			id: nextId++,
			method: req.method ?? 'GET',
			path: req.url ?? '/',
			authorization: req.headers.authorization,
			contentType: req.headers['content-type'],
			startedAt: Date.now(),
		};
		requests.push(record);
		handle(req, res, record).catch((error: unknown) => {
			if (!res.headersSent)
				send(res, record, new HttpAnswer(500, DJANGO_500, { 'Content-Type': 'text/html' }));
			else res.destroy(error as Error);
		});
	});

	async function handle(req: IncomingMessage, res: ServerResponse, record: RecordedRequest) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;

		if (path === '/__emulator/requests' && req.method === 'GET') {
			return send(res, record, new HttpAnswer(200, { requests: requests.slice(0, -1), stats }));
		}
		if (path === '/__emulator/reset' && req.method === 'POST') {
			api.reset();
			return send(res, record, new HttpAnswer(200, { ok: true }));
		}

		const run = /^\/api\/apps\/([^/]+)\/run(?:\/([^/]*))?$/.exec(path);
		if (run && req.method === 'POST') {
			if (run[2] === '') {
				// `…/run/` misses the API route and lands in the web app's catch-all view.
				await readBody(req, DJANGO_MAX_BODY);
				return send(
					res,
					record,
					new HttpAnswer(403, CSRF_403, { 'Content-Type': 'text/html; charset=utf-8' }),
				);
			}
			return await handleRun(
				req,
				res,
				record,
				run[1],
				run[2] === undefined ? undefined : decodeURIComponent(run[2]),
			);
		}
		if (req.method === 'GET') {
			const answer = handleGet(req, url);
			if (answer) return send(res, record, answer);
		}
		const resourceAnswer = await handleResource(req, url, record);
		if (resourceAnswer) return send(res, record, resourceAnswer);
		await readBody(req, DJANGO_MAX_BODY);
		if (req.method === 'POST')
			return send(
				res,
				record,
				new HttpAnswer(403, CSRF_403, { 'Content-Type': 'text/html; charset=utf-8' }),
			);
		return send(
			res,
			record,
			new HttpAnswer(
				200,
				'<!doctype html><html><head><title>LLMStack</title></head><body></body></html>',
				{ 'Content-Type': 'text/html' },
			),
		);
	}

	function authenticate(req: IncomingMessage): { user?: string; failure?: HttpAnswer } {
		const header = req.headers.authorization;
		if (!header) return {};
		const [keyword, ...rest] = header.split(' ');
		if (keyword.toLowerCase() !== 'token') return {};
		if (rest.length === 0 || rest.join(' ') === '') {
			return {
				failure: new HttpAnswer(403, { detail: 'Invalid token header. No credentials provided.' }),
			};
		}
		if (rest.length > 1) {
			return {
				failure: new HttpAnswer(403, {
					detail: 'Invalid token header. Token string should not contain spaces.',
				}),
			};
		}
		const user = USERS[rest[0]];
		if (!user) return { failure: new HttpAnswer(403, { detail: 'Invalid token.' }) };
		return { user };
	}

	async function handleResource(
		req: IncomingMessage,
		url: URL,
		record: RecordedRequest,
	): Promise<HttpAnswer | undefined> {
		const { user, failure } = authenticate(req);
		if (failure && !url.pathname.startsWith('/media/')) return failure;
		let body: unknown;
		if (req.method === 'POST') {
			const raw = await readBody(req, DJANGO_MAX_BODY);
			try {
				body = raw?.length ? JSON.parse(raw.toString('utf8')) : undefined;
				record.body = body;
			} catch {
				return new HttpAnswer(400, { detail: 'JSON parse error' });
			}
		}
		const answer = resources.handle(req.method ?? 'GET', url, user, body);
		return answer && new HttpAnswer(answer.status, answer.body, answer.headers);
	}

	function canRead(app: AppDefinition, user: string | undefined): boolean {
		return user !== undefined && (app.owner === user || (app.sharedWith ?? []).includes(user));
	}

	function handleGet(req: IncomingMessage, url: URL): HttpAnswer | undefined {
		const path = url.pathname;
		if (
			!['/api/me', '/api/apps', '/api/apps/shared'].includes(path) &&
			!/^\/api\/apps\/[^/]+$/.test(path)
		) {
			return undefined;
		}
		const { user, failure } = authenticate(req);
		if (failure) return failure;
		if (!user)
			return new HttpAnswer(403, { detail: 'Authentication credentials were not provided.' });
		if (path === '/api/me') {
			// LLMStack answers with plain json.dumps, hence the space after the colon.
			return new HttpAnswer(200, `{"user": "${user}"}`, { 'Content-Type': 'application/json' });
		}
		const fields = url.searchParams.get('fields')?.split(',').filter(Boolean);
		if (path === '/api/apps') {
			return new HttpAnswer(
				200,
				APPS.filter((app) => app.owner === user)
					.reverse()
					.map((app) => appObject(app, user, fields)),
			);
		}
		if (path === '/api/apps/shared') {
			const shared = APPS.filter(
				(app) => app.owner !== user && app.published && (app.sharedWith ?? []).includes(user),
			);
			return new HttpAnswer(
				200,
				shared.map((app) => appObject(app, user, fields)),
			);
		}
		const id = path.split('/')[3];
		if (!UUID.test(id)) return new HttpAnswer(500, DJANGO_500, { 'Content-Type': 'text/html' });
		const app = findApp(id);
		if (!app) return new HttpAnswer(404, { detail: 'No App matches the given query.' });
		if (!canRead(app, user)) return new HttpAnswer(403, null);
		return new HttpAnswer(200, appObject(app, user, fields));
	}

	async function handleRun(
		req: IncomingMessage,
		res: ServerResponse,
		record: RecordedRequest,
		appId: string,
		urlSession: string | undefined,
	) {
		record.appId = appId;
		if (options.redirectRunsTo) {
			await readBody(req, DJANGO_MAX_BODY);
			return send(res, record, new HttpAnswer(302, null, { Location: options.redirectRunsTo }));
		}
		const length = Number(req.headers['content-length'] ?? 0);
		if (gateway && length > gateway.maxBodyBytes) {
			req.resume();
			return send(
				res,
				record,
				new HttpAnswer(413, nginxPage(413, 'Request Entity Too Large'), {
					'Content-Type': 'text/html',
				}),
			);
		}
		const raw = await readBody(req, DJANGO_MAX_BODY);
		if (raw === undefined)
			return send(
				res,
				record,
				new HttpAnswer(400, '<h1>Bad Request (400)</h1>', { 'Content-Type': 'text/html' }),
			);

		// AuthorizationMiddleware looks the app up before anything else, unguarded.
		const app = UUID.test(appId) ? findApp(appId) : undefined;
		if (!app) return send(res, record, serverError());

		let body: Record<string, unknown> = {};
		if (raw.length > 0) {
			const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
			if (type !== 'application/json') {
				return send(
					res,
					record,
					new HttpAnswer(415, {
						detail: `Unsupported media type "${type || 'text/plain'}" in request.`,
					}),
				);
			}
			try {
				body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
			} catch (error) {
				return send(
					res,
					record,
					new HttpAnswer(400, { detail: `JSON parse error - ${(error as Error).message}` }),
				);
			}
			record.body = body;
		}
		if (typeof body !== 'object' || body === null || Array.isArray(body))
			return send(res, record, serverError());

		const { user, failure } = authenticate(req);
		if (failure) return send(res, record, failure);
		const legacyNotFound = () => new HttpAnswer(400, { errors: ['App not found'] });
		if (!profile.anonymousRuns) {
			if (!user) return send(res, record, new HttpAnswer(403, null));
			if (!canRead(app, user)) return send(res, record, new HttpAnswer(403, null));
			if (!app.published) return send(res, record, serverError());
		} else {
			const visible = app.published && (canRead(app, user) || app.visibility >= 2);
			if (!visible) return send(res, record, legacyNotFound());
		}

		let sessionId: string;
		const bodySession = body.session_id;
		if (profile.session === 'body-only') {
			if (urlSession !== undefined && profile.urlSessionFails)
				return send(res, record, serverError());
			if (bodySession !== undefined && typeof bodySession !== 'string')
				return send(res, record, serverError());
			sessionId = (bodySession as string | undefined) ?? randomUUID();
		} else if (profile.session === 'url-then-body') {
			if (
				urlSession === undefined &&
				bodySession !== undefined &&
				typeof bodySession !== 'string'
			) {
				return send(res, record, serverError());
			}
			sessionId = urlSession ?? (bodySession as string | undefined) ?? randomUUID();
		} else {
			sessionId = urlSession ?? randomUUID();
		}
		record.sessionId = sessionId;

		const input = body.input ?? {};
		if (typeof input !== 'object' || input === null || Array.isArray(input)) {
			return send(
				res,
				record,
				profile.legacyBadRequest
					? new HttpAnswer(400, { errors: ['Invalid input'] })
					: serverError(),
			);
		}

		const roll = faultRandom();
		const rate503 = faults.rate503 ?? 0;
		const rate429 = faults.rate429 ?? 0;
		const rateReset = faults.rateResetAfterRead ?? 0;
		if (roll < rateReset) {
			// The run has started (and costs money) when the connection goes.
			stats.runs++;
			record.fault = 'reset';
			record.endedAt = Date.now();
			req.socket.resetAndDestroy();
			return;
		}
		if (roll < rateReset + rate503) {
			record.fault = '503';
			return send(
				res,
				record,
				new HttpAnswer(503, nginxPage(503, 'Service Temporarily Unavailable'), {
					'Content-Type': 'text/html',
				}),
			);
		}
		if (roll < rateReset + rate503 + rate429) {
			record.fault = '429';
			return send(
				res,
				record,
				new HttpAnswer(
					429,
					{ detail: 'Request was throttled.' },
					{ 'Retry-After': String(faults.retryAfterSeconds ?? 0) },
				),
			);
		}

		stats.runs++;
		stats.inFlight++;
		stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
		const memory = sessions.get(sessionId) ?? {};
		sessions.set(sessionId, memory);
		const started = Date.now();
		let outcome: {
			outputs?: Record<string, Record<string, unknown>>;
			error?: string;
			invalidUri?: boolean;
		};
		try {
			if (options.latencyMs) await delay(options.latencyMs);
			const outputs = await app.run({
				input: input as Record<string, unknown>,
				memory,
				sleep: (ms) => delay(ms),
				storeFile: (name, type, bytes) => {
					// v0.2.6 passes no user to API runs, so processors cannot store files (§11.3).
					if (profile.name === 'v0.2.6')
						throw new ProcessorFailure("'str' object has no attribute 'objref'");
					return resources.storeFile(name, type, bytes, sessionId, user ?? '');
				},
			});
			outcome = { outputs };
		} catch (error) {
			outcome =
				error instanceof InvalidDataUri
					? { invalidUri: true }
					: { error: error instanceof ProcessorFailure ? error.message : String(error) };
		} finally {
			stats.inFlight--;
		}
		if (gateway && Date.now() - started > gateway.timeoutMs) {
			return send(
				res,
				record,
				new HttpAnswer(504, nginxPage(504, 'Gateway Time-out'), { 'Content-Type': 'text/html' }),
			);
		}
		if (outcome.invalidUri) return send(res, record, serverError());
		resources.recordRun({
			appUuid: appId,
			appOwner: app.owner,
			sessionId,
			user,
			requestBody: body,
			input: input as Record<string, unknown>,
			output: outcome.outputs ? renderServerTemplate(app.template, outcome.outputs) : undefined,
			error: outcome.error,
		});

		const stream = body.stream === true;
		if (stream && profile.stream !== 'ignored') {
			return await sendStream(
				res,
				record,
				app,
				sessionId,
				input as Record<string, unknown>,
				outcome,
			);
		}
		return send(
			res,
			record,
			new HttpAnswer(
				200,
				runDocument(
					app,
					sessionId,
					input as Record<string, unknown>,
					outcome,
					body.detailed_response === true,
				),
			),
		);
	}

	function runDocument(
		app: AppDefinition,
		sessionId: string,
		input: Record<string, unknown>,
		outcome: { outputs?: Record<string, Record<string, unknown>>; error?: string },
		detailed: boolean,
	): object {
		const rendered = outcome.outputs ? renderServerTemplate(app.template, outcome.outputs) : '';
		if (profile.outputIsObject) {
			if (outcome.error !== undefined) {
				return { errors: [{ code: null, message: outcome.error }], session: { id: sessionId } };
			}
			const output: Record<string, string> = {
				...(app.agentOutput?.(outcome.outputs!) ?? {}),
				output: rendered,
			};
			return {
				output,
				chunks: { _inputs0: input, ...outcome.outputs },
				session: { id: sessionId },
			};
		}
		let output: unknown = rendered;
		if (outcome.error !== undefined) {
			output = profile.processorError === 'empty-output' ? '' : { errors: [outcome.error] };
		}
		const document: Record<string, unknown> = {
			session: { id: sessionId },
			output,
			_id: randomUUID(),
		};
		if (detailed && profile.detailedResponse)
			document.chunks = streamRecords(app, sessionId, input, outcome).slice(1);
		return document;
	}

	/** The v0.0.x stream: a header with the template, then deltas the client stitches. */
	function streamRecords(
		app: AppDefinition,
		sessionId: string,
		input: Record<string, unknown>,
		outcome: { outputs?: Record<string, Record<string, unknown>>; error?: string },
	): object[] {
		const records: object[] = [
			{ session: { id: sessionId }, csp: 'frame-ancestors self', template: app.template },
		];
		records.push({ _inputs0: input });
		if (outcome.error !== undefined) {
			records.push({ errors: [outcome.error] });
			return records;
		}
		for (const [processor, output] of Object.entries(outcome.outputs ?? {})) {
			for (const [field, value] of Object.entries(output)) {
				if (typeof value === 'string' && value.length > 0) {
					for (let at = 0; at < value.length; at += 4)
						records.push({ [processor]: { [field]: value.slice(at, at + 4) } });
				} else {
					records.push({ [processor]: { [field]: value } });
				}
			}
		}
		return records;
	}

	async function sendStream(
		res: ServerResponse,
		record: RecordedRequest,
		app: AppDefinition,
		sessionId: string,
		input: Record<string, unknown>,
		outcome: { outputs?: Record<string, Record<string, unknown>>; error?: string },
	) {
		const records = streamRecords(app, sessionId, input, outcome);
		record.status = 200;
		res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
		if (profile.stream === 'truncated') {
			// Django 5 fails to iterate the tuple the view passes as streaming content.
			if (profile.name === 'v0.2.5') {
				res.end();
			} else {
				res.write(Buffer.from(JSON.stringify(records[0]).slice(0, 12)));
				await delay(5);
				res.socket?.destroy();
			}
			record.endedAt = Date.now();
			return;
		}
		const text =
			profile.stream === 'python-repr'
				? records.map(pythonRepr).join('')
				: records.map((r) => `${JSON.stringify(r)}\n`).join('');
		await writeBody(res, Buffer.from(text, 'utf8'));
		record.endedAt = Date.now();
	}

	async function writeBody(res: ServerResponse, bytes: Buffer) {
		if (!split) {
			res.end(bytes);
			return;
		}
		for (const piece of splitBytes(bytes, splitRandom, split.maxPiece)) {
			if (res.destroyed) return;
			res.write(piece);
			await new Promise((resolve) => setImmediate(resolve));
		}
		res.end();
	}

	function send(res: ServerResponse, record: RecordedRequest, answer: HttpAnswer) {
		record.status = answer.status;
		const headers: Record<string, string> = { ...answer.headers };
		let bytes: Buffer | undefined;
		if (answer.body === null) {
			bytes = undefined;
		} else if (Buffer.isBuffer(answer.body) || typeof answer.body === 'string') {
			bytes = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(answer.body, 'utf8');
			headers['Content-Type'] ??= 'text/plain';
		} else {
			bytes = Buffer.from(JSON.stringify(answer.body), 'utf8');
			headers['Content-Type'] = 'application/json';
			if (answer.status === 200) headers['Content-Security-Policy'] = 'frame-ancestors self';
		}
		res.writeHead(answer.status, headers);
		const done = () => (record.endedAt = Date.now());
		if (!bytes || bytes.length === 0) {
			res.end();
			done();
			return;
		}
		void writeBody(res, bytes).then(done);
	}

	const serverError = () => new HttpAnswer(500, DJANGO_500, { 'Content-Type': 'text/html' });

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.on('connection', (socket) => {
			if (connectionRandom() < (faults.rateResetBeforeRead ?? 0)) {
				stats.resetBeforeRead++;
				socket.resetAndDestroy();
			}
		});
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;

	const api: Emulator = {
		url: `http://127.0.0.1:${port}`,
		port,
		profile,
		tokens: TOKENS,
		requests,
		stats,
		reset() {
			requests.length = 0;
			stats.inFlight = 0;
			stats.maxInFlight = 0;
			stats.runs = 0;
			stats.resetBeforeRead = 0;
			sessions.clear();
			resources.reset();
			faultRandom = seededRandom(faults.seed ?? 42);
			connectionRandom = seededRandom((faults.seed ?? 42) + 1);
			splitRandom = seededRandom(split?.seed ?? 1);
		},
		close: () =>
			new Promise<void>((resolve) => {
				resources.reset();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	return api;
}

function findApp(id: string): AppDefinition | undefined {
	const wanted = id.replace(/-/g, '').toLowerCase();
	return APPS.find((app) => app.uuid.replace(/-/g, '') === wanted);
}

function appObject(app: AppDefinition, user: string, fields?: string[]): Record<string, unknown> {
	const writer = app.owner === user;
	const full: Record<string, unknown> = {
		name: app.name,
		description: app.description,
		data: {
			name: app.name,
			description: app.description,
			type_slug: app.typeSlug,
			config: {},
			input_fields: app.inputFields,
			output_template: { markdown: app.template },
			...(writer ? { processors: [] } : {}),
			version: 0,
		},
		type: {
			name: app.typeName,
			slug: app.typeSlug,
			description: '',
			config_schema: {},
			config_ui_schema: {},
		},
		uuid: app.uuid,
		published_uuid: app.uuid.replace(/^./, 'a'),
		store_uuid: null,
		is_published: app.published,
		unique_processors: [],
		created_at: '2024-11-04T10:00:00Z',
		last_updated_at: '2024-11-05T10:00:00Z',
		logo: null,
		icon: null,
		is_shareable: true,
		has_footer: false,
		domain: null,
		visibility: writer ? app.visibility : null,
		last_modified_by_email: writer ? app.owner : null,
		owner_email: app.owner,
		web_config: null,
		slack_config: null,
		discord_config: null,
		twilio_config: null,
		app_type_name: app.typeName,
		processors: [],
		template: null,
		app_type_slug: app.typeSlug,
		read_accessible_by: writer ? (app.sharedWith ?? []) : null,
		write_accessible_by: writer ? [] : null,
		has_live_version: app.published,
		access_permission: writer ? 1 : 0,
	};
	if (!fields?.length) return full;
	return Object.fromEntries(Object.entries(full).filter(([key]) => fields.includes(key)));
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limit) return undefined;
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

export { APP_IDS };
