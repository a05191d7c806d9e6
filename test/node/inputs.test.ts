/** The input modes, and input that is refused before any request. */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import type { EmulatorOptions } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters } from '../harness/fixtures';
import { credentialsFor as credentials, runApp } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

describe('input modes', () => {
	test('JSON, all item fields (minus excluded ones) and defined fields', async () => {
		await withEmulator({}, async (emulator) => {
			await runApp(
				emulator,
				{ inputMode: 'json', inputJson: '={{ { question: $json.q, extra: [1, 2] } }}' },
				[{ q: 'a' }],
			);
			await runApp(emulator, { inputMode: 'item', excludeFields: 'sessionId, junk' }, [
				{ question: 'b', sessionId: 's', junk: 1 },
			]);
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
