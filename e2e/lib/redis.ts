/** A Redis server on loopback for n8n's queue mode (Debian's redis-server). */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export function redisAvailable(): boolean {
	return spawnSync('redis-server', ['--version']).status === 0;
}

export class RedisServer {
	private child?: ChildProcess;
	private readonly dir = mkdtempSync(join(tmpdir(), 'llmstack-redis-'));

	constructor(readonly port: number) {}

	async start(): Promise<void> {
		if (!redisAvailable()) {
			throw new Error(
				'redis-server is not installed: queue mode needs it (Debian: apt-get install -y redis-server)',
			);
		}
		this.child = spawn(
			'redis-server',
			[
				'--bind',
				'127.0.0.1',
				'--port',
				String(this.port),
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				this.dir,
			],
			{
				stdio: 'ignore',
			},
		);
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			const up = await new Promise<boolean>((resolve) => {
				const socket = connect(this.port, '127.0.0.1', () => {
					socket.end();
					resolve(true);
				});
				socket.on('error', () => resolve(false));
			});
			if (up) return;
			await delay(100);
		}
		throw new Error(`redis-server did not listen on ${this.port}`);
	}

	async stop(): Promise<void> {
		this.child?.kill('SIGTERM');
		await delay(200);
		rmSync(this.dir, { recursive: true, force: true });
	}
}
