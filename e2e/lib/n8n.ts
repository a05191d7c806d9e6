/**
 * One throwaway n8n instance: a user folder with the package installed the way n8n installs
 * community packages, and the CLI and server commands the tests and the demo drive.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
	appendFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { n8nBin, n8nEnvironment } from './versions';
import type { N8nVersion } from './versions';

export const PACKAGE_NAME = 'n8n-nodes-llmstack';
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'E2eTestPassw0rd!',
};
const BROWSER_ID = 'e2e-browser';

export interface ExecutionResult {
	status: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: {
						main: Array<
							Array<{
								json: Record<string, unknown>;
								pairedItem?: unknown;
								binary?: Record<string, { fileName?: string; mimeType?: string }>;
							}>
						>;
					};
				}>
			>;
			error?: { message: string };
		};
	};
}

export class N8nInstance {
	readonly work: string;
	readonly userFolder: string;
	private readonly processes: ChildProcess[] = [];
	private cookie: string | undefined;

	constructor(
		readonly version: N8nVersion,
		packageTarball: string,
	) {
		this.work = mkdtempSync(join(tmpdir(), `llmstack-n8n${version.major}-`));
		this.userFolder = join(this.work, 'home');
		const target = join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		mkdirSync(target, { recursive: true });
		const untar = spawnSync('tar', ['xzf', packageTarball, '-C', target, '--strip-components=1']);
		if (untar.status !== 0) throw new Error(`Could not unpack ${packageTarball}: ${untar.stderr}`);
	}

	get url(): string {
		return `http://127.0.0.1:${this.version.portBase}`;
	}

	env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		return { ...n8nEnvironment(this.version, this.userFolder), ...extra };
	}

	/**
	 * Runs one CLI command (each boots n8n: seconds) and returns its output. Asynchronous on
	 * purpose: an emulator in this process must keep answering while n8n runs.
	 */
	async cli(
		args: string[],
		extraEnv: NodeJS.ProcessEnv = {},
	): Promise<{ status: number; output: string }> {
		const child = spawn(n8nBin(this.version), args, {
			env: this.env(extraEnv),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		const chunks: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
		const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 240_000);
		const status = await new Promise<number>((resolve) =>
			child.on('close', (code) => resolve(code ?? -1)),
		);
		clearTimeout(timer);
		return { status, output: Buffer.concat(chunks).toString('utf8') };
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		const file = join(this.work, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		await this.mustSucceed(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		const dir = join(this.work, 'workflows');
		mkdirSync(dir, { recursive: true });
		workflows.forEach((workflow, index) =>
			writeFileSync(join(dir, `${index}.json`), JSON.stringify(workflow)),
		);
		await this.mustSucceed(['import:workflow', '--separate', `--input=${dir}`]);
	}

	async activate(workflowId: string): Promise<void> {
		if (this.version.major === 2)
			await this.mustSucceed(['publish:workflow', `--id=${workflowId}`]);
		else await this.mustSucceed(['update:workflow', `--id=${workflowId}`, '--active=true']);
	}

	/** The node types n8n loaded, and the credential types those nodes use. */
	async nodeTypes(): Promise<Array<{ name: string; credentials?: Array<{ name: string }> }>> {
		const file = join(this.work, 'nodes.json');
		await this.mustSucceed(['export:nodes', `--output=${file}`]);
		return JSON.parse(readFileSync(file, 'utf8')) as Array<{
			name: string;
			credentials?: Array<{ name: string }>;
		}>;
	}

	/** `n8n execute --id`: the run's JSON is printed between log lines. */
	async execute(workflowId: string): Promise<ExecutionResult> {
		const { output } = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const lines = output.split('\n');
		const start = lines.findIndex((line) => line === '{');
		const end = lines.lastIndexOf('}');
		if (start < 0 || end < start)
			throw new Error(`No execution result in the output:\n${output.slice(-3000)}`);
		return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionResult;
	}

	/** `n8n execute --id` of a workflow that fails: n8n logs the run's JSON, then the error. */
	async executeFailing(workflowId: string): Promise<{ result: ExecutionResult; output: string }> {
		const { output } = await this.cli(['execute', `--id=${workflowId}`]);
		const lines = output.split('\n');
		const start = lines.findIndex((line) => line === '{');
		const end = lines.findIndex((line, index) => index > start && line === '}');
		if (start < 0 || end < start)
			throw new Error(`No execution result in the output:\n${output.slice(-3000)}`);
		return {
			result: JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionResult,
			output,
		};
	}

	/** Starts `n8n start` (or a worker) in its own process group and waits until it is ready. */
	async start(kind: 'main' | 'worker' = 'main', extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
		const log = join(this.work, `${kind}.log`);
		const args = kind === 'main' ? ['start'] : ['worker', '--concurrency=5'];
		const child = spawn(n8nBin(this.version), args, {
			env: this.env(extraEnv),
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.processes.push(child);
		let text = '';
		writeFileSync(log, '');
		const collect = (chunk: Buffer) => {
			text += chunk.toString();
			appendFileSync(log, chunk);
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		const ready =
			kind === 'main' ? /Editor is now accessible via/ : /worker is now ready|Worker started/i;
		const deadline = Date.now() + 180_000;
		while (!ready.test(text)) {
			if (child.exitCode !== null) throw new Error(`n8n ${kind} exited:\n${text.slice(-3000)}`);
			if (Date.now() > deadline)
				throw new Error(`n8n ${kind} not ready after 180 s:\n${text.slice(-3000)}`);
			await delay(250);
		}
		if (kind === 'main') {
			while (Date.now() < deadline) {
				const ok = await fetch(`${this.url}/healthz`).then(
					(r) => r.ok,
					() => false,
				);
				if (ok) return;
				await delay(250);
			}
		}
	}

	/**
	 * A REST call as the editor makes it: the owner is set up and logged in once (the session
	 * cookie is bound to a browser ID, sent with every call).
	 */
	async rest(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; json: unknown }> {
		const headers = { 'content-type': 'application/json', 'browser-id': BROWSER_ID };
		if (!this.cookie) {
			await fetch(`${this.url}/rest/owner/setup`, {
				method: 'POST',
				headers,
				body: JSON.stringify(OWNER),
			});
			const login = await fetch(`${this.url}/rest/login`, {
				method: 'POST',
				headers,
				body: JSON.stringify({
					emailOrLdapLoginId: OWNER.email,
					email: OWNER.email,
					password: OWNER.password,
				}),
			});
			const cookie = login.headers.get('set-cookie');
			if (!login.ok || !cookie)
				throw new Error(`Login failed (${login.status}): ${await login.text()}`);
			this.cookie = cookie.split(';')[0];
		}
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: { ...headers, cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
	}

	/** Waits (at most two minutes) for an execution started over REST to end; its stored record. */
	async finishedExecution(
		executionId: string,
	): Promise<{ mode: string; status: string; data: string }> {
		const deadline = Date.now() + 120_000;
		for (;;) {
			const { json } = await this.rest('GET', `/rest/executions/${executionId}`);
			const execution = (json as { data?: { mode: string; status: string; data: string } }).data;
			if (execution && !['new', 'running', 'waiting'].includes(execution.status)) return execution;
			if (Date.now() > deadline)
				throw new Error(`Execution ${executionId} still ${execution?.status} after 120 s`);
			await delay(500);
		}
	}

	logs(kind: 'main' | 'worker'): string {
		try {
			return readFileSync(join(this.work, `${kind}.log`), 'utf8');
		} catch {
			return '';
		}
	}

	/** Calls a production webhook, retrying while n8n has not registered it yet (a 404 runs nothing). */
	async webhook(
		path: string,
		body: unknown,
		headers: Record<string, string> = {},
	): Promise<Response> {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const response = await fetch(`${this.url}/webhook/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(body),
			});
			if (response.status !== 404 || Date.now() > deadline) return response;
			await response.arrayBuffer();
			await delay(250);
		}
	}

	async stop(): Promise<void> {
		this.cookie = undefined;
		for (const child of this.processes) {
			if (child.exitCode === null && child.pid) {
				try {
					process.kill(-child.pid, 'SIGTERM');
				} catch {
					// already gone
				}
			}
		}
		const deadline = Date.now() + 15_000;
		while (
			this.processes.some((c) => c.exitCode === null && c.signalCode === null) &&
			Date.now() < deadline
		)
			await delay(200);
		for (const child of this.processes) {
			if (child.exitCode === null && child.signalCode === null && child.pid) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
		}
		this.processes.length = 0;
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.work, { recursive: true, force: true });
	}

	private async mustSucceed(args: string[]): Promise<string> {
		const { status, output } = await this.cli(args);
		if (status !== 0)
			throw new Error(`n8n ${args.join(' ')} failed (${status}):\n${output.slice(-3000)}`);
		return output;
	}
}
