/**
 * Batch behaviour under load and faults: bounded concurrency, retries that never repeat a run
 * that may have executed, cancellation, and no token in anything the node produces.
 */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Emulator, EmulatorOptions } from '../emulator/server';
import { withEmulator as withFreshEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters, withSettings } from '../harness/fixtures';
import { credentialsFor } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

// Whole bodies, no split writes: these tests are about counts and timing, not framing.
const withEmulator = <T>(options: EmulatorOptions, body: (emulator: Emulator) => Promise<T>) =>
	withFreshEmulator({ split: false, ...options }, body);

const questions = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ question: `q${i}` }));

test('1000 items with 5% injected 503s: one output each, in order; only 503-answered runs were sent again', async () => {
	await withEmulator({ faults: { rate503: 0.05, seed: 7 } }, async (emulator) => {
		const workflow = withParameters(fixtures.runApp, 'Run App', {
			options: { concurrency: 10, maxTries: 6, retryDelayMs: 0 },
		});
		const result = await runWorkflow(workflow, {
			items: questions(1000),
			credentials: credentialsFor(emulator),
		});
		expect(result.error).toBeUndefined();
		const out = result.output('Run App');
		expect(out).toHaveLength(1000);
		out.forEach((item, i) => {
			expect(item.json.output).toBe(`Echo: q${i}`);
			expect(item.pairedItem).toEqual({ item: i });
		});
		const faulted = emulator.requests.filter((r) => r.fault);
		expect(faulted.length).toBeGreaterThan(20);
		expect(faulted.every((r) => r.fault === '503' && r.status === 503)).toBe(true);
		const ran = emulator.requests
			.filter((r) => !r.fault)
			.map((r) => ((r.body as IDataObject).input as IDataObject).question);
		expect(ran).toHaveLength(1000);
		expect(new Set(ran).size).toBe(1000);
	});
}, 120_000);

test('a 500 is not sent again (resets: see hostile.test.ts)', async () => {
	await withEmulator({}, async (emulator) => {
		const workflow = withParameters(fixtures.runApp, 'Run App', {
			app: appRef('12345678-1234-4234-8234-123456789abc'),
			options: { maxTries: 5, retryDelayMs: 0 },
		});
		await runWorkflow(workflow, {
			items: [{ question: 'x' }],
			credentials: credentialsFor(emulator),
		});
		expect(emulator.requests.filter((r) => r.path.endsWith('/run'))).toHaveLength(1);
	});
});

test('429 honours Retry-After', async () => {
	await withEmulator(
		{ faults: { rate429: 0.5, retryAfterSeconds: 0, seed: 11 } },
		async (emulator) => {
			const workflow = withParameters(fixtures.runApp, 'Run App', {
				options: { maxTries: 10, retryDelayMs: 60_000 },
			});
			const started = Date.now();
			const result = await runWorkflow(workflow, {
				items: questions(10),
				credentials: credentialsFor(emulator),
			});
			expect(result.output('Run App')).toHaveLength(10);
			expect(emulator.requests.some((r) => r.fault === '429')).toBe(true);
			// Retry-After: 0 overrides the 60 s retry delay.
			expect(Date.now() - started).toBeLessThan(20_000);
		},
	);
});

test.each([1, 3, 8])('the emulator never sees more than %i runs in flight', async (concurrency) => {
	await withEmulator({ latencyMs: 30 }, async (emulator) => {
		const workflow = withParameters(fixtures.runApp, 'Run App', { options: { concurrency } });
		await runWorkflow(workflow, { items: questions(24), credentials: credentialsFor(emulator) });
		expect(emulator.stats.maxInFlight).toBe(concurrency);
		expect(emulator.stats.runs).toBe(24);
	});
});

test('cancelling the execution aborts in-flight runs and starts no new ones', async () => {
	await withEmulator({ latencyMs: 300 }, async (emulator) => {
		const workflow = withParameters(fixtures.runApp, 'Run App', { options: { concurrency: 2 } });
		const result = await runWorkflow(workflow, {
			items: questions(40),
			credentials: credentialsFor(emulator),
			onStart: (cancel) => {
				// Cancel once both slots hold a run: nothing else may start after that.
				const poll = setInterval(() => {
					if (emulator.stats.inFlight < 2) return;
					clearInterval(poll);
					cancel();
				}, 5);
			},
		});
		expect(result.run.status).toBe('canceled');
		expect(emulator.requests).toHaveLength(2);
	});
});

test('the token appears in no output or error, whatever goes wrong', async () => {
	await withEmulator({ gateway: { maxBodyBytes: 1 << 20, timeoutMs: 100 } }, async (emulator) => {
		const apps = [
			APP_IDS.failing,
			APP_IDS.private,
			APP_IDS.draft,
			'12345678-1234-4234-8234-123456789abc',
			APP_IDS.slow,
			'bad',
		];
		let workflow = withParameters(fixtures.runApp, 'Run App', {
			app: { __rl: true, mode: 'id', value: '={{ $json.app }}' },
			inputMode: 'item',
			excludeFields: 'app',
			options: { stream: true },
		});
		workflow = withSettings(workflow, 'Run App', { onError: 'continueRegularOutput' });
		const items = [
			...apps.map((app) => ({ app, delay_ms: 300 })),
			{ app: APP_IDS.echo, question: 'x'.repeat(1_100_000) },
		];
		const result = await runWorkflow(workflow, { items, credentials: credentialsFor(emulator) });
		const out = result.output('Run App');
		expect(out).toHaveLength(items.length);
		expect(out.every((item) => typeof item.json.error === 'string')).toBe(true);
		const everything =
			JSON.stringify(result.run) +
			out
				.map((item) =>
					JSON.stringify(item.error ?? {}, Object.getOwnPropertyNames(item.error ?? {})),
				)
				.join('');
		expect(everything).not.toContain(emulator.tokens.owner);
	});
});
