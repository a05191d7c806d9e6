/**
 * The node executed by n8n's engine (n8n-core) against the LLMStack emulator over real HTTP,
 * for every server generation.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import type { Emulator, EmulatorOptions } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters, withSettings } from '../harness/fixtures';
import { runWorkflow } from '../harness/runWorkflow';

const ALL: Generation[] = ['head', 'v0.2.6', 'v0.2.5', 'v0.2.4', 'v0.0.31', 'v0.0.11'];
const LEGACY: Generation[] = ['v0.2.5', 'v0.2.4', 'v0.0.31', 'v0.0.11'];


const credentials = (emulator: Emulator, token = emulator.tokens.owner) => ({ baseUrl: emulator.url, apiToken: token });

async function runApp(emulator: Emulator, parameters: IDataObject, items: IDataObject[], settings?: IDataObject) {
	let workflow: IWorkflowBase = withParameters(fixtures.runApp, 'Run App', parameters);
	if (settings) workflow = withSettings(workflow, 'Run App', settings);
	const result = await runWorkflow(workflow, { items, credentials: credentials(emulator) });
	return { result, items: result.output('Run App'), error: result.error };
}

describe.each(ALL)('LLMStack %s', (generation) => {
	test('Run App returns output as a string, session.id and sessionId, paired to each item', async () => {
		await withEmulator({ generation }, async (emulator) => {
			const { items, error } = await runApp(emulator, {}, [{ question: 'hi' }, { question: 'zwei ✓' }]);
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.output)).toEqual(['Echo: hi', 'Echo: zwei ✓']);
			expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			for (const item of items) {
				expect(item.json.sessionId).toEqual((item.json.session as IDataObject).id);
				expect(item.json.appId).toBe(APP_IDS.echo);
			}
			const sent = emulator.requests.filter((r) => r.path.endsWith('/run'));
			expect(sent.map((r) => r.sessionId)).toEqual(items.map((i) => i.json.sessionId));
			expect(sent[0].authorization).toBe(`Token ${emulator.tokens.owner}`);
			expect(sent[0].body).toEqual({ input: { question: 'hi' }, stream: false });
		});
	});

	const placement = generation === 'v0.2.6' ? 'body' : generation === 'head' ? 'body' : 'url';
	test(`Continue Session keeps the conversation (session ID in the ${placement})`, async () => {
		await withEmulator({ generation }, async (emulator) => {
			const workflow = withParameters(fixtures.chat, 'Continue Session', { options: { sessionPlacement: placement } });
			const result = await runWorkflow(workflow, {
				items: [{ first: 'hello', second: 'again' }, { first: 'bonjour', second: 'encore' }],
				credentials: credentials(emulator),
			});
			expect(result.error).toBeUndefined();
			const first = result.output('Run App');
			const second = result.output('Continue Session');
			expect(second.map((i) => i.json.output)).toEqual([
				'Turn 2: you said "again" (first message: "hello")',
				'Turn 2: you said "encore" (first message: "bonjour")',
			]);
			expect(second.map((i) => i.json.sessionId)).toEqual(first.map((i) => i.json.sessionId));
		});
	});
});

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
				const streamed = emulator.requests.filter((r) => (r.body as IDataObject | undefined)?.stream === true);
				expect(streamed).toHaveLength(2);
			});
		},
	);

	test.each([
		['v0.0.31', /Python objects instead of JSON/],
		['v0.2.5', /empty response body/],
		['v0.2.4', /LLMStack v0.1.0 to v0.2.5 break off streamed answers|connection broke/],
	] as Array<[Generation, RegExp]>)('%s: an unusable stream fails with a clear error and a way out', async (generation, message) => {
		await withEmulator({ generation }, async (emulator) => {
			const { error } = await runApp(emulator, { options: { stream: true } }, [{ question: 'x' }]);
			expect(error).toBeDefined();
			expect(`${error!.message} ${error!.description}`).toMatch(message);
			expect(error!.description).toMatch(/Turn off the Stream option/);
		});
	});
});

describe('sessions across generations', () => {
	test('v0.2.6 rejects the session in the URL with a 500: the error names the option to change', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const workflow = withParameters(fixtures.chat, 'Continue Session', { options: { sessionPlacement: 'url' } });
			const result = await runWorkflow(workflow, { items: [{ first: 'a', second: 'b' }], credentials: credentials(emulator) });
			expect(result.error?.message).toMatch(/internal server error \(500\)/);
			expect(result.error?.description).toMatch(/Session ID Placement to Body/);
		});
	});

	test.each(LEGACY)('%s ignores a session in the body: the item fails instead of losing the conversation', async (generation) => {
		await withEmulator({ generation }, async (emulator) => {
			const result = await runWorkflow(fixtures.chat, { items: [{ first: 'a', second: 'b' }], credentials: credentials(emulator) });
			expect(result.error?.message).toBe('LLMStack ignored the session ID and started a new session');
			expect(result.error?.description).toMatch(/Session ID Placement option to URL/);
		});
	});

	test('HEAD reads the session from the URL as well', async () => {
		await withEmulator({ generation: 'head' }, async (emulator) => {
			const workflow = withParameters(fixtures.chat, 'Continue Session', { options: { sessionPlacement: 'url' } });
			const result = await runWorkflow(workflow, { items: [{ first: 'a', second: 'b' }], credentials: credentials(emulator) });
			expect(result.output('Continue Session')[0].json.output).toMatch(/^Turn 2/);
		});
	});

	test('an empty session ID fails before any request', async () => {
		await withEmulator({}, async (emulator) => {
			const workflow = withParameters(fixtures.runApp, 'Run App', { operation: 'continueSession', sessionId: '={{ $json.nope }}' });
			const result = await runWorkflow(workflow, { items: [{ question: 'x' }], credentials: credentials(emulator) });
			expect(result.error?.message).toBe('No session ID to continue');
			expect(emulator.requests).toHaveLength(0);
		});
	});
});

describe('input modes', () => {
	test('JSON, all item fields (minus excluded ones) and defined fields', async () => {
		await withEmulator({}, async (emulator) => {
			await runApp(emulator, { inputMode: 'json', inputJson: '={{ { question: $json.q, extra: [1, 2] } }}' }, [{ q: 'a' }]);
			await runApp(emulator, { inputMode: 'item', excludeFields: 'sessionId, junk' }, [{ question: 'b', sessionId: 's', junk: 1 }]);
			await runApp(emulator, { inputMode: 'json', inputJson: '{"question": "c"}' }, [{}]);
			expect(emulator.requests.map((r) => (r.body as IDataObject).input)).toEqual([
				{ question: 'a', extra: [1, 2] },
				{ question: 'b' },
				{ question: 'c' },
			]);
		});
	});

	test('input that is not an object fails before any request', async () => {
		await withEmulator({}, async (emulator) => {
			const { error } = await runApp(emulator, { inputMode: 'json', inputJson: '["a"]' }, [{}]);
			expect(error?.message).toBe('Input JSON must be an object, not a list');
			const bad = await runApp(emulator, { app: appRef('={{ "not-a-uuid" }}') }, [{}]);
			expect(bad.error?.message).toMatch(/is not an LLMStack app ID/);
			expect(emulator.requests).toHaveLength(0);
		});
	});
});

describe('errors', () => {
	test.each(['head', 'v0.2.6', 'v0.2.4', 'v0.0.11'] as Generation[])(
		'%s: a processor error reported with HTTP 200 fails the item with the server message',
		async (generation) => {
			await withEmulator({ generation }, async (emulator) => {
				const { error } = await runApp(emulator, { app: appRef(APP_IDS.failing) }, [{ question: 'x' }]);
				expect(error?.message).toMatch(/^The app failed: Error code: 401 - .*Incorrect API key provided/);
			});
		},
	);

	const cases: Array<[string, EmulatorOptions, IDataObject, IDataObject, RegExp, string?]> = [
		['unknown app (500 page)', {}, { app: appRef('12345678-1234-4234-8234-123456789abc') }, { question: 'x' }, /^No app with ID 12345678-1234-4234-8234-123456789abc \(or it is not shared with this token's user\)$/, '500'],
		['unpublished app', {}, { app: appRef(APP_IDS.draft) }, { question: 'x' }, /^The app has no published version$/, '500'],
		['app not shared with the user (empty 403)', {}, { app: appRef(APP_IDS.private) }, { question: 'x' }, /No permission to run this app/, '403'],
		['legacy: app not visible (400 errors)', { generation: 'v0.2.5' }, { app: appRef(APP_IDS.private) }, { question: 'x' }, /App not found/, '400'],
		['input over the gateway limit (413)', {}, {}, { question: 'x'.repeat(1_100_000) }, /too large/, '413'],
		['run longer than the gateway allows (504)', { gateway: { maxBodyBytes: 1 << 20, timeoutMs: 100 } }, { app: appRef(APP_IDS.slow), inputMode: 'item' }, { delay_ms: 300 }, /gateway timed out \(504\)/, '504'],
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
				credentials: { baseUrl: emulator.url, apiToken: 'ffffffffffffffffffffffffffffffffffffffff' },
			});
			expect(result.error?.message).toBe('LLMStack rejected the API token');
			expect(JSON.stringify(result.run)).not.toContain('ffffffffffffffffffffffffffffffffffffffff');
		});
	});

	test('a pasted /api/ base URL and a "Token " prefix still work', async () => {
		await withEmulator({}, async (emulator) => {
			const result = await runWorkflow(fixtures.runApp, {
				items: [{ question: 'x' }],
				credentials: { baseUrl: `${emulator.url}/api/`, apiToken: `Token ${emulator.tokens.owner}` },
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
				{ onError: 'continueRegularOutput' },
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
				{ onError: 'continueErrorOutput' },
			);
			expect(result.output('Run App', 0).map((i) => i.json.output)).toEqual(['Echo: ok']);
			expect(result.output('Run App', 1).map((i) => i.json.error)).toEqual([expect.stringMatching(/The app failed/)]);
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
			const { error } = await runApp(emulator, { app: appRef(APP_IDS.slow), inputMode: 'item', options: { timeoutSeconds: 1 } }, [{ delay_ms: 2500 }]);
			expect(error?.message).toBe("No complete answer from LLMStack within 1 s (the node's timeout)");
		});
	});
});

describe('details and agents', () => {
	test('Output: Raw adds agent_* keys, chunks and the raw response', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { items } = await runApp(emulator, { app: appRef(APP_IDS.agent), inputMode: 'item', outputMode: 'raw' }, [{ task: 'n8n' }]);
			const json = items[0].json;
			expect(json.output).toBe('Final answer about n8n');
			expect(json.agent_output__1).toBe('Final answer about n8n');
			expect(Object.keys(json).filter((k) => k.startsWith('agent_tool_call'))).toHaveLength(2);
			expect((json.chunks as IDataObject)._inputs0).toEqual({ task: 'n8n' });
			expect((json.raw as IDataObject).session).toEqual({ id: json.sessionId });
		});
	});
});

describe('credential', () => {
	test('the credential test request authenticates against /api/me', async () => {
		const { LLMStackApi } = await import('../../credentials/LLMStackApi.credentials');
		const credential = new LLMStackApi();
		await withEmulator({}, async (emulator) => {
			const send = async (apiToken: string) => {
				const options = await credential.authenticate({ baseUrl: `${emulator.url}/`, apiToken }, { url: credential.test.request.url!, method: 'GET' });
				const response = await fetch(`${options.baseURL}${options.url}`, { headers: options.headers as Record<string, string> });
				return { status: response.status, body: await response.text() };
			};
			expect(await send(emulator.tokens.owner)).toEqual({ status: 200, body: '{"user": "owner@example.com"}' });
			expect((await send('bad')).status).toBe(403);
			const rule = credential.test.rules?.find((r) => r.type === 'responseCode' && r.properties.value === 403);
			expect(rule).toBeDefined();
		});
	});
});

describe('output modes and streaming to the trigger', () => {
	test('Output: Simplified keeps only output and sessionId', async () => {
		await withEmulator({}, async (emulator) => {
			const { items } = await runApp(emulator, { outputMode: 'simplified' }, [{ question: 'short' }]);
			expect(Object.keys(items[0].json)).toEqual(['output', 'sessionId']);
			expect(items[0].json.output).toBe('Echo: short');
		});
	});

	test('behind a streaming trigger each item sends begin, its output, end (or error); the items still come out', async () => {
		await withEmulator({}, async (emulator) => {
			const chunks: Array<{ type: string; content?: string; item: number }> = [];
			const workflow = withSettings(
				withParameters(fixtures.runApp, 'Run App', { app: { __rl: true, mode: 'id', value: '={{ $json.app }}' } }),
				'Run App',
				{ onError: 'continueRegularOutput' },
			);
			const result = await runWorkflow(workflow, {
				items: [
					{ app: APP_IDS.echo, question: 'one' },
					{ app: APP_IDS.failing, question: 'two' },
				],
				credentials: credentials(emulator),
				onChunk: (chunk) => chunks.push({ type: chunk.type, content: chunk.content, item: chunk.metadata.itemIndex }),
			});
			expect(chunks.filter((c) => c.item === 0).map((c) => [c.type, c.content])).toEqual([
				['begin', undefined],
				['item', 'Echo: one'],
				['end', undefined],
			]);
			expect(chunks.filter((c) => c.item === 1).map((c) => c.type)).toEqual(['begin', 'error']);
			expect(result.output('Run App').map((i) => i.json.output ?? i.json.error)).toEqual(['Echo: one', expect.stringMatching(/The app failed/)]);
		});
	});
});

test('a streamed v0.0.x answer reaches a streaming trigger delta by delta', async () => {
	await withEmulator({ generation: 'v0.0.11' }, async (emulator) => {
		const items: string[] = [];
		const result = await runWorkflow(withParameters(fixtures.runApp, 'Run App', { options: { stream: true } }), {
			items: [{ question: 'a longer answer, streamed' }],
			credentials: credentials(emulator),
			onChunk: (chunk) => {
				if (chunk.type === 'item') items.push(chunk.content ?? '');
			},
		});
		expect(result.output('Run App')[0].json.output).toBe('Echo: a longer answer, streamed');
		expect(items.length).toBeGreaterThan(3);
		expect(items.join('')).toBe('Echo: a longer answer, streamed');
	});
});
