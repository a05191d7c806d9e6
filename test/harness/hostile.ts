/**
 * Servers that try to break the node's promises: they go silent, trickle, reset, redirect,
 * echo the token back, send bombs. Each is a plain node:http server on 127.0.0.1 that records
 * what it received; every timer it starts is cleared on close, and every trickle is bounded.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HostileRequest {
	method: string;
	path: string;
	authorization?: string;
	body: string;
}

export interface Hostile {
	url: string;
	requests: HostileRequest[];
	/** Connections accepted, including those reset before their request was read. */
	connections: number;
	close(): Promise<void>;
}

export interface HostileTools {
	/** Runs `fn` later unless the server closed first. */
	later(ms: number, fn: () => void): void;
	/** Writes `piece` every `everyMs`, at most `times` times, then ends the response. */
	trickle(res: ServerResponse, piece: string, everyMs: number, times: number): void;
}

export type HostileHandler = (
	req: IncomingMessage & { text: string },
	res: ServerResponse,
	tools: HostileTools,
) => void;

/**
 * `onConnection` may take the socket (reset it before anything is read) by returning true;
 * `handler` gets each request with its whole body read.
 */
export async function startHostile(
	handler: HostileHandler,
	onConnection?: (socket: Socket, index: number) => boolean,
	port = 0,
): Promise<Hostile> {
	const timers = new Set<NodeJS.Timeout>();
	const sockets = new Set<Socket>();
	const requests: HostileRequest[] = [];
	let closed = false;
	const tools: HostileTools = {
		later(ms, fn) {
			const timer = setTimeout(() => {
				timers.delete(timer);
				if (!closed) fn();
			}, ms);
			timers.add(timer);
		},
		trickle(res, piece, everyMs, times) {
			let left = times;
			const step = () => {
				if (res.destroyed) return;
				if (left-- <= 0) return void res.end();
				res.write(piece);
				tools.later(everyMs, step);
			};
			step();
		},
	};
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			requests.push({
				method: req.method ?? '',
				path: req.url ?? '',
				authorization: req.headers.authorization,
				body: text,
			});
			handler(Object.assign(req, { text }), res, tools);
		});
	});
	const hostile: Hostile = {
		url: '',
		requests,
		connections: 0,
		async close() {
			closed = true;
			for (const timer of timers) clearTimeout(timer);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		const index = hostile.connections++;
		if (onConnection?.(socket, index)) socket.resetAndDestroy();
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
	hostile.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return hostile;
}

/** A loopback port nothing listens on (yet): connections to it are refused. */
export async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
	const { port } = probe.address() as AddressInfo;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}

/** Runs a test body against a hostile server and always closes it. */
export async function withHostile<T>(
	handler: HostileHandler,
	body: (server: Hostile) => Promise<T>,
	onConnection?: (socket: Socket, index: number) => boolean,
): Promise<T> {
	const server = await startHostile(handler, onConnection);
	try {
		return await body(server);
	} finally {
		await server.close();
	}
}

export function json(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
