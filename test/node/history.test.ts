/** The Session resource: a conversation read back turn by turn, and an app's sessions listed. */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures } from '../harness/fixtures';
import { credentialsFor, runOperation } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

const getHistory = (extra: IDataObject = {}) => ({
	resource: 'session',
	operation: 'getHistory',
	app: appRef(APP_IDS.chat),
	sessionId: '={{ $json.sessionId }}',
	options: { minTurns: 2, waitSeconds: 5 },
	...extra,
});

/** Two turns of the chat fixture; the session's ID. */
async function chatTwice(
	target: { url: string; tokens: { owner: string } },
	generation: Generation,
) {
	const workflow = JSON.parse(JSON.stringify(fixtures.chat));
	if (['v0.2.5', 'v0.2.4', 'v0.0.31', 'v0.0.11'].includes(generation)) {
		const node = workflow.nodes.find((n: { name: string }) => n.name === 'Continue Session');
		node.parameters.options = { sessionPlacement: 'url' };
	}
	const result = await runWorkflow(workflow, {
		items: [{ first: "it's me", second: 'again' }],
		credentials: credentialsFor(target),
	});
	return result.output('Continue Session')[0].json.sessionId as string;
}

describe('Session: Get History', () => {
	test.each<Generation>(['head', 'v0.2.6', 'v0.2.5', 'v0.0.11'])(
		'%s: both turns, oldest first, inputs as objects and outputs as text',
		async (generation) => {
			await withEmulator({ generation }, async (emulator) => {
				const sessionId = await chatTwice(emulator, generation);
				const { items, error } = await runOperation(emulator, getHistory(), [{ sessionId }]);
				expect(error).toBeUndefined();
				expect(items.map((i) => [i.json.turn, i.json.input, i.json.output])).toEqual([
					[1, { message: "it's me" }, `Turn 1: you said "it's me" (first message: "it's me")`],
					[2, { message: 'again' }, `Turn 2: you said "again" (first message: "it's me")`],
				]);
			});
		},
	);

	test('history written a moment after the run is waited for', async () => {
		await withEmulator(
			{ generation: 'v0.2.6', resources: { historyDelayMs: 1500 } },
			async (emulator) => {
				const sessionId = await chatTwice(emulator, 'v0.2.6');
				const { items } = await runOperation(emulator, getHistory(), [{ sessionId }]);
				expect(items).toHaveLength(2);
			},
		);
	});

	test('every page is read (LLMStack pages by 20) on the base URL, never at the host its next links name', async () => {
		await withEmulator(
			{ generation: 'v0.2.6', resources: { historyDelayMs: 0 } },
			async (emulator) => {
				const sessionId = await chatTwice(emulator, 'v0.2.6');
				const more = Array.from({ length: 23 }, (_, i) => ({ message: `m${i}` }));
				const workflow = JSON.parse(JSON.stringify(fixtures.chat));
				await runWorkflow(
					{
						...workflow,
						nodes: workflow.nodes.filter((n: { name: string }) => n.name !== 'Run App'),
						connections: {
							Items: { main: [[{ node: 'Continue Session', type: 'main', index: 0 }]] },
						},
					},
					{
						items: more.map((m) => ({ ...m, sessionId, second: m.message })),
						credentials: credentialsFor(emulator),
					},
				);
				const { items } = await runOperation(emulator, getHistory({ options: { minTurns: 25 } }), [
					{ sessionId },
				]);
				expect({
					turns: items.length,
					last: items[items.length - 1]?.json.turn,
					paired: items.every((i) => JSON.stringify(i.pairedItem) === JSON.stringify({ item: 0 })),
					requests: emulator.requests.filter((r) => r.path.startsWith('/api/history')).length >= 2,
				}).toEqual({ turns: 25, last: 25, paired: true, requests: true });
			},
		);
	});

	test('no session ID: the item fails before any request', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { error } = await runOperation(emulator, getHistory(), [{}]);
			expect({ message: error?.message, requests: emulator.requests.length }).toEqual({
				message: 'No session ID to read',
				requests: 0,
			});
		});
	});
});

describe('Session: List Sessions', () => {
	test("lists the app's sessions", async () => {
		await withEmulator(
			{ generation: 'v0.2.6', resources: { historyDelayMs: 0 } },
			async (emulator) => {
				const sessionId = await chatTwice(emulator, 'v0.2.6');
				const { items } = await runOperation(emulator, {
					resource: 'session',
					operation: 'listSessions',
					app: appRef(APP_IDS.chat),
				});
				expect(items.map((i) => i.json.sessionId)).toEqual([sessionId]);
			},
		);
	});

	test('without write permission on the app: says what is needed', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { error } = await runOperation(emulator, {
				resource: 'session',
				operation: 'listSessions',
				app: appRef(APP_IDS.shared),
			});
			expect(error?.message).toBe('No permission to list the sessions of this app');
		});
	});
});
