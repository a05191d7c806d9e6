/** The Stream option across generations, and answers sent on to streaming triggers. */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import type { EmulatorOptions } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters, withSettings } from '../harness/fixtures';
import { credentialsFor as credentials, runApp } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

describe('streaming', () => {
	test.each(['head', 'v0.2.6', 'v0.0.11'] as Generation[])(
		'%s: Stream on gives the same output as Stream off, whatever framing and split',
		async (generation) => {
			await withEmulator({ generation, split: { maxPiece: 3, seed: 9 } }, async (emulator) => {
				const questions = [{ question: 'Grüße aus 日本 🌍 — streamed' }, { question: 'second' }];
				const off = await runApp(emulator, {}, questions);
				const on = await runApp(emulator, { options: { stream: true } }, questions);
				expect(on.error).toBeUndefined();
				expect(on.items.map((i) => i.json.output)).toEqual(off.items.map((i) => i.json.output));
				expect(on.items[0].json.output).toBe('Echo: Grüße aus 日本 🌍 — streamed');
				const streamed = emulator.requests.filter(
					(r) => (r.body as IDataObject | undefined)?.stream === true,
				);
				expect(streamed).toHaveLength(2);
			});
		},
	);

	test.each([
		['v0.0.31', /Python objects instead of JSON/],
		['v0.2.5', /empty response body/],
		[
			'v0.2.4',
			/^The connection to LLMStack broke while the answer was arriving The connection closed before the answer was complete \(ECONNRESET\)\. LLMStack v0\.1\.0 to v0\.2\.5 break off streamed answers/,
		],
	] as Array<[Generation, RegExp]>)(
		'%s: an unusable stream fails with a clear error and a way out',
		async (generation, message) => {
			await withEmulator({ generation }, async (emulator) => {
				const { error } = await runApp(emulator, { options: { stream: true } }, [
					{ question: 'x' },
				]);
				expect(error).toBeDefined();
				expect(`${error!.message} ${error!.description}`).toMatch(message);
				expect(error!.description).toMatch(/Turn off the Stream option/);
			});
		},
	);
});

describe('streaming triggers', () => {
	test('behind a streaming trigger each item sends begin, its output, end (or error); the items still come out', async () => {
		await withEmulator({}, async (emulator) => {
			const chunks: Array<{ type: string; content?: string; item: number }> = [];
			const workflow = withSettings(
				withParameters(fixtures.runApp, 'Run App', {
					app: { __rl: true, mode: 'id', value: '={{ $json.app }}' },
				}),
				'Run App',
				{ onError: 'continueRegularOutput' },
			);
			const result = await runWorkflow(workflow, {
				items: [
					{ app: APP_IDS.echo, question: 'one' },
					{ app: APP_IDS.failing, question: 'two' },
				],
				credentials: credentials(emulator),
				onChunk: (chunk) =>
					chunks.push({ type: chunk.type, content: chunk.content, item: chunk.metadata.itemIndex }),
			});
			expect(chunks.filter((c) => c.item === 0).map((c) => [c.type, c.content])).toEqual([
				['begin', undefined],
				['item', 'Echo: one'],
				['end', undefined],
			]);
			expect(chunks.filter((c) => c.item === 1).map((c) => c.type)).toEqual(['begin', 'error']);
			expect(result.output('Run App').map((i) => i.json.output ?? i.json.error)).toEqual([
				'Echo: one',
				expect.stringMatching(/The app failed/),
			]);
		});
	});
});

test('a streamed v0.0.x answer reaches a streaming trigger delta by delta', async () => {
	await withEmulator({ generation: 'v0.0.11' }, async (emulator) => {
		const items: string[] = [];
		const result = await runWorkflow(
			withParameters(fixtures.runApp, 'Run App', { options: { stream: true } }),
			{
				items: [{ question: 'a longer answer, streamed' }],
				credentials: credentials(emulator),
				onChunk: (chunk) => {
					if (chunk.type === 'item') items.push(chunk.content ?? '');
				},
			},
		);
		expect(result.output('Run App')[0].json.output).toBe('Echo: a longer answer, streamed');
		expect(items.length).toBeGreaterThan(3);
		expect(items.join('')).toBe('Echo: a longer answer, streamed');
	});
});
