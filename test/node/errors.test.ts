/** Error answers of cooperative servers, explained; Continue On Fail and the error output. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import type { EmulatorOptions } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters } from '../harness/fixtures';
import { credentialsFor as credentials, runApp } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

describe('errors', () => {
	test.each(['head', 'v0.2.6', 'v0.2.4', 'v0.0.11'] as Generation[])(
		"%s: a processor error reported with HTTP 200 fails the item with the provider's own words",
		async (generation) => {
			await withEmulator({ generation }, async (emulator) => {
				const { error } = await runApp(emulator, { app: appRef(APP_IDS.failing) }, [
					{ question: 'x' },
				]);
				expect(error?.message).toBe('The app failed: Incorrect API key provided (error code 401)');
				expect(error?.description).toMatch(
					/^LLMStack said: Error code: 401 - \{'error': \{'message': 'Incorrect API key provided'/,
				);
			});
		},
	);

	const cases: Array<[string, EmulatorOptions, IDataObject, IDataObject, RegExp, string?]> = [
		[
			'unknown app (500 page)',
			{},
			{ app: appRef('12345678-1234-4234-8234-123456789abc') },
			{ question: 'x' },
			/^No app with ID 12345678-1234-4234-8234-123456789abc \(or it is not shared with this token's user\)$/,
			'500',
		],
		[
			'unpublished app',
			{},
			{ app: appRef(APP_IDS.draft) },
			{ question: 'x' },
			/^The app has no published version$/,
			'500',
		],
		[
			'app not shared with the user (empty 403)',
			{},
			{ app: appRef(APP_IDS.private) },
			{ question: 'x' },
			/No permission to run this app/,
			'403',
		],
		[
			'legacy: app not visible (400 errors)',
			{ generation: 'v0.2.5' },
			{ app: appRef(APP_IDS.private) },
			{ question: 'x' },
			/App not found/,
			'400',
		],
		[
			'input over the gateway limit (413)',
			{},
			{},
			{ question: 'x'.repeat(1_100_000) },
			/too large/,
			'413',
		],
		[
			'run longer than the gateway allows (504)',
			{ gateway: { maxBodyBytes: 1 << 20, timeoutMs: 100 } },
			{ app: appRef(APP_IDS.slow), inputMode: 'item' },
			{ delay_ms: 300 },
			/gateway timed out \(504\)/,
			'504',
		],
	];
	test.each(cases)('%s', async (_name, options, parameters, item, message, httpCode) => {
		await withEmulator(options, async (emulator) => {
			const { error } = await runApp(emulator, parameters, [item]);
			expect(error?.message).toMatch(message);
			expect((error as unknown as { httpCode?: string }).httpCode).toBe(httpCode);
			expect(error?.description).toBeTruthy();
		});
	});

	test('an invalid token is explained, and the token never shows', async () => {
		await withEmulator({}, async (emulator) => {
			const workflow = withParameters(fixtures.runApp, 'Run App', {});
			const result = await runWorkflow(workflow, {
				items: [{ question: 'x' }],
				credentials: credentials(emulator, 'ffffffffffffffffffffffffffffffffffffffff'),
			});
			expect(result.error?.message).toBe('LLMStack rejected the API token');
			expect(JSON.stringify(result.run)).not.toContain('ffffffffffffffffffffffffffffffffffffffff');
		});
	});

	test('a pasted /api/ base URL and a "Token " prefix still work', async () => {
		await withEmulator({}, async (emulator) => {
			const result = await runWorkflow(fixtures.runApp, {
				items: [{ question: 'x' }],
				credentials: {
					baseUrl: `${emulator.url}/api/`,
					apiToken: `Token ${emulator.tokens.owner}`,
				},
			});
			expect(result.output('Run App')[0].json.output).toBe('Echo: x');
			expect(emulator.requests[0].path).toBe(`/api/apps/${APP_IDS.echo}/run`);
		});
	});

	test('continueOnFail: failing items become error items in place, the others go on', async () => {
		await withEmulator({}, async (emulator) => {
			const { items, error } = await runApp(
				emulator,
				{ app: { __rl: true, mode: 'id', value: '={{ $json.app }}' } },
				[
					{ app: APP_IDS.echo, question: 'one' },
					{ app: APP_IDS.failing, question: 'two' },
					{ app: 'nonsense', question: 'three' },
					{ app: APP_IDS.echo, question: 'four' },
				],
				{ settings: { onError: 'continueRegularOutput' } },
			);
			expect(error).toBeUndefined();
			expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			expect(items[0].json.output).toBe('Echo: one');
			expect(items[1].json.error).toMatch(/The app failed/);
			expect(items[2].json.error).toMatch(/not an LLMStack app ID/);
			expect(items[3].json.output).toBe('Echo: four');
		});
	});

	test('"continue using error output" routes failed items to the error output', async () => {
		await withEmulator({}, async (emulator) => {
			const { result } = await runApp(
				emulator,
				{ app: { __rl: true, mode: 'id', value: '={{ $json.app }}' } },
				[{ app: APP_IDS.echo, question: 'ok' }, { app: APP_IDS.failing }],
				{ settings: { onError: 'continueErrorOutput' } },
			);
			expect(result.output('Run App', 0).map((i) => i.json.output)).toEqual(['Echo: ok']);
			expect(result.output('Run App', 1).map((i) => i.json.error)).toEqual([
				expect.stringMatching(/The app failed/),
			]);
		});
	});

	test('redirects are not followed, so the token never reaches another host', async () => {
		const seen: string[] = [];
		const other = createServer((req, res) => {
			seen.push(String(req.headers.authorization));
			res.end('{}');
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		const target = `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal`;
		try {
			await withEmulator({ redirectRunsTo: target }, async (emulator) => {
				const { error } = await runApp(emulator, {}, [{ question: 'x' }]);
				expect(error?.message).toMatch(/redirect \(302\)/);
				expect(error?.description).toContain(target);
				expect(seen).toEqual([]);
			});
		} finally {
			other.close();
		}
	});

	test("the node's own timeout is told apart from the gateway's", async () => {
		await withEmulator({ gateway: false }, async (emulator) => {
			const { error } = await runApp(
				emulator,
				{ app: appRef(APP_IDS.slow), inputMode: 'item', options: { timeoutSeconds: 1 } },
				[{ delay_ms: 2500 }],
			);
			expect(error?.message).toBe(
				"No complete answer from LLMStack within 1 s (the node's timeout)",
			);
		});
	});
});
