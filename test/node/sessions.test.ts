/** Where the session ID goes, per generation, and what happens when a server ignores it. */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import type { EmulatorOptions } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters } from '../harness/fixtures';
import { credentialsFor as credentials, runApp } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

const LEGACY: Generation[] = ['v0.2.5', 'v0.2.4', 'v0.0.31', 'v0.0.11'];

describe('sessions across generations', () => {
	test('v0.2.6 rejects the session in the URL with a 500: the error names the option to change', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const workflow = withParameters(fixtures.chat, 'Continue Session', {
				options: { sessionPlacement: 'url' },
			});
			const result = await runWorkflow(workflow, {
				items: [{ first: 'a', second: 'b' }],
				credentials: credentials(emulator),
			});
			expect(result.error?.message).toMatch(/internal server error \(500\)/);
			expect(result.error?.description).toMatch(/Session ID Placement to Body/);
		});
	});

	test.each(LEGACY)(
		'%s ignores a session in the body: the item fails instead of losing the conversation',
		async (generation) => {
			await withEmulator({ generation }, async (emulator) => {
				const result = await runWorkflow(fixtures.chat, {
					items: [{ first: 'a', second: 'b' }],
					credentials: credentials(emulator),
				});
				expect(result.error?.message).toBe(
					'LLMStack ignored the session ID and started a new session',
				);
				expect(result.error?.description).toMatch(/Session ID Placement option to URL/);
			});
		},
	);

	test('HEAD reads the session from the URL as well', async () => {
		await withEmulator({ generation: 'head' }, async (emulator) => {
			const workflow = withParameters(fixtures.chat, 'Continue Session', {
				options: { sessionPlacement: 'url' },
			});
			const result = await runWorkflow(workflow, {
				items: [{ first: 'a', second: 'b' }],
				credentials: credentials(emulator),
			});
			expect(result.output('Continue Session')[0].json.output).toMatch(/^Turn 2/);
		});
	});

	test('an empty session ID fails before any request', async () => {
		await withEmulator({}, async (emulator) => {
			const workflow = withParameters(fixtures.runApp, 'Run App', {
				operation: 'continueSession',
				sessionId: '={{ $json.nope }}',
			});
			const result = await runWorkflow(workflow, {
				items: [{ question: 'x' }],
				credentials: credentials(emulator),
			});
			expect(result.error?.message).toBe('No session ID to continue');
			expect(emulator.requests).toHaveLength(0);
		});
	});
});
