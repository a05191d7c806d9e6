/** Run App and Continue Session on every LLMStack server generation the emulator knows. */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import type { EmulatorOptions } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters } from '../harness/fixtures';
import { credentialsFor as credentials, runApp } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

const ALL: Generation[] = ['head', 'v0.2.6', 'v0.2.5', 'v0.2.4', 'v0.0.31', 'v0.0.11'];

describe.each(ALL)('LLMStack %s', (generation) => {
	test('Run App returns output as a string, session.id and sessionId, paired to each item', async () => {
		await withEmulator({ generation }, async (emulator) => {
			const { items, error } = await runApp(emulator, {}, [
				{ question: 'hi' },
				{ question: 'zwei ✓' },
			]);
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
			const workflow = withParameters(fixtures.chat, 'Continue Session', {
				options: { sessionPlacement: placement },
			});
			const result = await runWorkflow(workflow, {
				items: [
					{ first: 'hello', second: 'again' },
					{ first: 'bonjour', second: 'encore' },
				],
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
