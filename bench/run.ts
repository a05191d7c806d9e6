/**
 * `npm run bench`: ratios, each measured side by side in this one run on this machine.
 *   1. per-item overhead: the node through n8n-core's real request path vs a bare node:http client
 *   2. batch: wall time of 1000 slow runs at concurrency 10 vs the ideal N·L/C
 *   3. stream collector: 10k vs 100k NDJSON chunks (linearity), throughput, peak memory vs output;
 *      JSON behind 1.6 vs 16 MiB of white space; against a bare split + JSON.parse loop;
 *      10k vs 100k streamed deltas forwarded to a streaming trigger through the engine
 *   4. real n8n: the LLMStack node vs n8n's HTTP Request node, same runs, same n8n
 * Prints a table and writes bench/results/latest.json. Not part of the tests.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import type { IWorkflowBase } from 'n8n-workflow';

import { ResponseCollector } from '../nodes/LLMStack/response/collector';
import { readRunResult } from '../nodes/LLMStack/response/runResult';
import { APP_IDS } from '../test/emulator/apps';
import { startEmulator, TOKENS } from '../test/emulator/server';
import type { Emulator } from '../test/emulator/server';
import { fixtures, withParameters } from '../test/harness/fixtures';
import { registerNodeType, runWorkflow } from '../test/harness/runWorkflow';
import { PlainRequest } from './plainRequest';
import { build } from '../e2e/lib/pack';
import { benchRealN8n } from './n8n';

interface Row {
	name: string;
	ratio: number;
	target: string;
	pass: boolean;
	detail: string;
}

/** The emulator in its own process, so the client being measured has a core of its own. */
interface RemoteEmulator {
	url: string;
	tokens: typeof TOKENS;
	maxInFlight(): Promise<number>;
	close(): Promise<void>;
}

async function spawnEmulator(latencyMs: number): Promise<RemoteEmulator> {
	const child: ChildProcess = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			join(__dirname, '..', 'test', 'emulator', 'cli.ts'),
			'--port',
			'0',
			'--latency-ms',
			String(latencyMs),
			'--whole-writes',
		],
		{
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const firstLine = await new Promise<string>((resolve, reject) => {
		createInterface({ input: child.stdout! }).once('line', resolve);
		child.once('exit', () => reject(new Error('the emulator exited')));
	});
	const { url } = JSON.parse(firstLine) as { url: string };
	return {
		url,
		tokens: TOKENS,
		maxInFlight: async () =>
			(
				(await (await fetch(`${url}/__emulator/requests`)).json()) as {
					stats: { maxInFlight: number };
				}
			).stats.maxInFlight,
		close: async () => {
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('exit', resolve));
		},
	};
}

const questions = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ question: `q${i}` }));

function bareRun(emulator: RemoteEmulator, question: string): Promise<string> {
	const body = JSON.stringify({ input: { question }, stream: false });
	return new Promise((resolve, reject) => {
		const req = request(
			`${emulator.url}/api/apps/${APP_IDS.echo}/run`,
			{
				method: 'POST',
				headers: {
					Authorization: `Token ${emulator.tokens.owner}`,
					'Content-Type': 'application/json',
					'Content-Length': Buffer.byteLength(body),
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve(
						(JSON.parse(Buffer.concat(chunks).toString()) as { output: { output: string } }).output
							.output,
					),
				);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

async function timeNode(
	emulator: RemoteEmulator | Emulator,
	workflow: IWorkflowBase,
	count: number,
): Promise<number> {
	const started = performance.now();
	const result = await runWorkflow(workflow, {
		items: questions(count),
		credentials: { baseUrl: emulator.url, apiToken: emulator.tokens.owner },
	});
	const elapsed = performance.now() - started;
	if (result.output('Run App').length !== count)
		throw new Error(`the node lost items: ${result.error?.message}`);
	return elapsed;
}

async function benchOverhead(): Promise<Row> {
	const runs = 2000;
	const emulator = await spawnEmulator(0);
	try {
		const sequential = withParameters(fixtures.runApp, 'Run App', { options: { concurrency: 1 } });
		// The same requests through n8n's request path without the node's logic: what n8n itself costs.
		registerNodeType('bench.plainRequest', new PlainRequest());
		const plainWorkflow = JSON.parse(JSON.stringify(sequential)) as IWorkflowBase;
		const runNode = plainWorkflow.nodes.find((n) => n.name === 'Run App')!;
		runNode.type = 'bench.plainRequest';
		runNode.parameters = {
			url: `/api/apps/${APP_IDS.echo}/run`,
			question: '={{ $json.question }}',
		};
		const bare = async () => {
			const started = performance.now();
			for (let i = 0; i < runs; i++) await bareRun(emulator, `q${i}`);
			return performance.now() - started;
		};
		await bare();
		await timeNode(emulator, sequential, 200);
		const nodeTimes: number[] = [];
		const bareTimes: number[] = [];
		const n8nTimes: number[] = [];
		for (let round = 0; round < 3; round++) {
			bareTimes.push(await bare());
			nodeTimes.push(await timeNode(emulator, sequential, runs));
			n8nTimes.push(await timeNode(emulator, plainWorkflow, runs));
		}
		const node = Math.min(...nodeTimes);
		const plain = Math.min(...bareTimes);
		const n8nPath = Math.min(...n8nTimes);
		const ratio = node / plain;
		return {
			name: `Per-item overhead (${runs} sequential runs, 0 ms latency)`,
			ratio,
			target: '≤ 1.10×',
			pass: ratio <= 1.1,
			detail: `node ${(node / runs).toFixed(3)} ms/run, bare node:http ${(plain / runs).toFixed(3)} ms/run, n8n's request path alone ${(n8nPath / runs).toFixed(3)} ms/run (node vs that: ${(node / n8nPath).toFixed(2)}×)`,
		};
	} finally {
		await emulator.close();
	}
}

async function benchBatch(): Promise<Row> {
	const count = 1000;
	const latency = 100;
	const concurrency = 10;
	const emulator = await spawnEmulator(latency);
	try {
		const workflow = withParameters(fixtures.runApp, 'Run App', { options: { concurrency } });
		const wall = await timeNode(emulator, workflow, count);
		const ideal = (count * latency) / concurrency;
		const ratio = wall / ideal;
		return {
			name: `Batch (${count} items, ${latency} ms latency, concurrency ${concurrency})`,
			ratio,
			target: '≤ 1.10×',
			pass: ratio <= 1.1,
			detail: `wall ${(wall / 1000).toFixed(2)} s vs ideal ${(ideal / 1000).toFixed(2)} s; max in flight ${await emulator.maxInFlight()}`,
		};
	} finally {
		await emulator.close();
	}
}

function deltaStream(chunks: number): Buffer[] {
	const header = Buffer.from(
		`${JSON.stringify({ session: { id: 's' }, csp: 'x', template: '{{llm.output_str}}' })}\n`,
	);
	const pieces = [header];
	for (let i = 0; i < chunks; i++)
		pieces.push(Buffer.from(`${JSON.stringify({ llm: { output_str: `tok${i % 10} ` } })}\n`));
	return pieces;
}

/** Time to collect a stream, and (separately, with full GCs) the peak live heap it needs. */
function collect(
	pieces: Buffer[],
	measureMemory = false,
): { ms: number; output: string; peakBytes: number } {
	const gc = (globalThis as { gc?: () => void }).gc;
	const live = () => {
		gc?.();
		return process.memoryUsage().heapUsed;
	};
	const base = measureMemory ? live() : 0;
	let peak = base;
	const started = performance.now();
	const collector = new ResponseCollector();
	pieces.forEach((piece, i) => {
		collector.push(piece);
		if (measureMemory && i % 5000 === 0) peak = Math.max(peak, live());
	});
	const collected = collector.finish();
	if (measureMemory) peak = Math.max(peak, live());
	const output = readRunResult(collected).output;
	return { ms: performance.now() - started, output, peakBytes: peak - base };
}

function benchCollector(): Row[] {
	const small = deltaStream(10_000);
	const large = deltaStream(100_000);
	collect(small);
	const smallRuns = [collect(small), collect(small), collect(small)];
	const largeRuns = [collect(large), collect(large), collect(large)];
	const smallMs = Math.min(...smallRuns.map((r) => r.ms));
	const largeMs = Math.min(...largeRuns.map((r) => r.ms));
	const bytes = large.reduce((n, b) => n + b.length, 0);
	const outputBytes = Buffer.byteLength(largeRuns[0].output);
	if (!(globalThis as { gc?: unknown }).gc)
		throw new Error('run with node --expose-gc (npm run bench does)');
	const peak = collect(large, true).peakBytes;
	const linear = largeMs / smallMs;
	return [
		{
			name: 'Collector linearity (100k vs 10k NDJSON delta chunks)',
			ratio: linear,
			target: '≤ 11×',
			pass: linear <= 11,
			detail: `${smallMs.toFixed(1)} ms vs ${largeMs.toFixed(1)} ms; ${(bytes / 1024 / 1024 / (largeMs / 1000)).toFixed(1)} MB/s`,
		},
		{
			name: 'Collector peak memory vs output size (100k chunks)',
			ratio: peak / outputBytes,
			target: '≤ 2×',
			pass: peak / outputBytes <= 2,
			detail: `peak live heap growth ${(peak / 1024).toFixed(0)} KiB, output ${(outputBytes / 1024).toFixed(0)} KiB, stream ${(bytes / 1024).toFixed(0)} KiB`,
		},
	];
}

/** A JSON answer behind `spaces` bytes of white space, in 64 KiB pieces. */
function whitespaceBody(spaces: number): Buffer[] {
	const pieces: Buffer[] = [];
	const block = Buffer.alloc(64 * 1024, ' ');
	for (let sent = 0; sent < spaces; sent += block.length) pieces.push(block);
	pieces.push(Buffer.from('{"output": "after the spaces", "session": {"id": "s"}}'));
	return pieces;
}

function bestOf(times: number, fn: () => number): number {
	fn();
	return Math.min(...Array.from({ length: times }, fn));
}

function benchWhitespace(): Row {
	const small = whitespaceBody(1.6 * 1024 * 1024);
	const large = whitespaceBody(16 * 1024 * 1024);
	const time = (pieces: Buffer[]) => () => {
		const started = performance.now();
		const collector = new ResponseCollector();
		for (const piece of pieces) collector.push(piece);
		if (readRunResult(collector.finish()).output !== 'after the spaces')
			throw new Error('wrong output');
		return performance.now() - started;
	};
	const smallMs = bestOf(3, time(small));
	const largeMs = bestOf(3, time(large));
	return {
		name: 'Collector linearity: JSON behind 16 MiB vs 1.6 MiB of white space',
		ratio: largeMs / smallMs,
		target: '≤ 11×',
		pass: largeMs / smallMs <= 11,
		detail: `${smallMs.toFixed(1)} ms vs ${largeMs.toFixed(1)} ms`,
	};
}

/** Plain NDJSON records (no deltas): the collector against the least any reader must do. */
function benchCollectorVsBare(): Row {
	const records = 100_000;
	const text = Array.from(
		{ length: records },
		(_, i) => `${JSON.stringify({ output: `line ${i} of the answer`, session: { id: 's' } })}\n`,
	).join('');
	const bytes = Buffer.from(text);
	const pieces: Buffer[] = [];
	for (let at = 0; at < bytes.length; at += 16 * 1024)
		pieces.push(bytes.subarray(at, at + 16 * 1024));
	const collector = () => {
		const started = performance.now();
		const c = new ResponseCollector();
		for (const piece of pieces) c.push(piece);
		if (readRunResult(c.finish()).output !== `line ${records - 1} of the answer`)
			throw new Error('wrong output');
		return performance.now() - started;
	};
	const bare = () => {
		const started = performance.now();
		const decoder = new TextDecoder();
		let tail = '';
		let last: unknown;
		for (const piece of pieces) {
			const lines = (tail + decoder.decode(piece, { stream: true })).split('\n');
			tail = lines.pop() ?? '';
			for (const line of lines) if (line) last = JSON.parse(line);
		}
		if ((last as { output: string }).output !== `line ${records - 1} of the answer`)
			throw new Error('wrong output');
		return performance.now() - started;
	};
	const collectorMs = bestOf(5, collector);
	const bareMs = bestOf(5, bare);
	return {
		name: `Collector vs a bare split + JSON.parse loop (${records / 1000}k NDJSON records, 16 KiB pieces)`,
		ratio: collectorMs / bareMs,
		target: '≤ 1.30×',
		pass: collectorMs / bareMs <= 1.3,
		detail: `collector ${collectorMs.toFixed(1)} ms, bare loop ${bareMs.toFixed(1)} ms`,
	};
}

/** A v0.0.x server streaming `deltas` deltas of one answer, as fast as the socket takes them. */
async function deltaServer(deltas: number): Promise<{ url: string; close: () => Promise<void> }> {
	const body = deltaStream(deltas);
	const server = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
			for (const piece of body) res.write(piece);
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function benchStreamedDeltas(): Promise<Row> {
	const workflow = withParameters(fixtures.runApp, 'Run App', { options: { stream: true } });
	const time = async (deltas: number) => {
		const server = await deltaServer(deltas);
		try {
			const runs: number[] = [];
			for (let round = 0; round < 3; round++) {
				let chunks = 0;
				const started = performance.now();
				const result = await runWorkflow(workflow, {
					items: [{ question: 'x' }],
					credentials: { baseUrl: server.url, apiToken: TOKENS.owner },
					onChunk: () => chunks++,
				});
				runs.push(performance.now() - started);
				if (!String(result.output('Run App')[0]?.json.output).startsWith('tok0 tok1'))
					throw new Error(`no output: ${result.error?.message}`);
				if (chunks < 3) throw new Error('nothing was forwarded');
			}
			return Math.min(...runs);
		} finally {
			await server.close();
		}
	};
	const smallMs = await time(10_000);
	const largeMs = await time(100_000);
	return {
		name: 'Streamed deltas forwarded to a streaming trigger: 100k vs 10k deltas',
		ratio: largeMs / smallMs,
		target: '≤ 11×',
		pass: largeMs / smallMs <= 11,
		detail: `${smallMs.toFixed(0)} ms vs ${largeMs.toFixed(0)} ms (engine, loopback HTTP and forwarding)`,
	};
}

async function benchN8n(): Promise<Row> {
	const emulator = await startEmulator({ split: false, latencyMs: 20 });
	try {
		const { llmstackMs, httpRequestMs, items } = await benchRealN8n(emulator);
		const ratio = httpRequestMs / llmstackMs;
		return {
			name: `Real n8n 2.41.1: LLMStack node vs HTTP Request node (${items} runs, 20 ms latency, concurrency 10)`,
			ratio,
			target: '≥ 1.0× throughput',
			pass: ratio >= 1,
			detail: `LLMStack ${llmstackMs} ms, HTTP Request ${httpRequestMs} ms`,
		};
	} finally {
		await emulator.close();
	}
}

async function main() {
	// --collector: only the collector rows (seconds, not minutes).
	const collectorOnly = process.argv.includes('--collector');
	const withN8n = !process.argv.includes('--no-n8n') && !collectorOnly;
	const rows: Row[] = [];
	console.log('Running benchmarks…');
	if (!collectorOnly) {
		rows.push(await benchOverhead());
		rows.push(await benchBatch());
	}
	rows.push(...benchCollector());
	rows.push(benchWhitespace());
	rows.push(benchCollectorVsBare());
	rows.push(await benchStreamedDeltas());
	if (withN8n) {
		build();
		rows.push(await benchN8n());
	}
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
	console.log(`\nMachine: ${machine}\n`);
	console.log('| Benchmark | Ratio | Target | Met | Detail |\n| --- | --- | --- | --- | --- |');
	for (const row of rows) {
		console.log(
			`| ${row.name} | ${row.ratio.toFixed(2)}× | ${row.target} | ${row.pass ? 'yes' : 'no'} | ${row.detail} |`,
		);
	}
	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'latest.json'),
		JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2),
	);
	console.log(`\nSaved bench/results/latest.json`);
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
