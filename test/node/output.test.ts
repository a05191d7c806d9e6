/** The Output shapes. */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import type { EmulatorOptions } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters } from '../harness/fixtures';
import { credentialsFor as credentials, runApp } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

describe('details and agents', () => {
	test('Output: Raw adds agent_* keys, chunks and the raw response', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { items } = await runApp(
				emulator,
				{ app: appRef(APP_IDS.agent), inputMode: 'item', outputMode: 'raw' },
				[{ task: 'n8n' }],
			);
			const json = items[0].json;
			expect(json.output).toBe('Final answer about n8n');
			expect(json.agent_output__1).toBe('Final answer about n8n');
			expect(Object.keys(json).filter((k) => k.startsWith('agent_tool_call'))).toHaveLength(2);
			expect((json.chunks as IDataObject)._inputs0).toEqual({ task: 'n8n' });
			expect((json.raw as IDataObject).session).toEqual({ id: json.sessionId });
		});
	});

	test('Output: Simplified keeps only output and sessionId', async () => {
		await withEmulator({}, async (emulator) => {
			const { items } = await runApp(emulator, { outputMode: 'simplified' }, [
				{ question: 'short' },
			]);
			expect(Object.keys(items[0].json)).toEqual(['output', 'sessionId']);
			expect(items[0].json.output).toBe('Echo: short');
		});
	});
});
