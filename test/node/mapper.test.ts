/** The App Inputs mapper and file inputs, in n8n's engine against the emulator. */
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters } from '../harness/fixtures';
import { credentialsFor } from '../harness/run';
import { loadOptionsContext, runWorkflow } from '../harness/runWorkflow';
import { getAppInputs, searchApps } from '../../nodes/LLMStack/methods';

const mapped = (appId: string, value: IDataObject): IWorkflowBase =>
	withParameters(fixtures.runApp, 'Run App', {
		app: appRef(appId),
		inputMode: 'mapper',
		appInputs: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] },
	});

test('the editor lists owned and shared apps, unpublished ones marked and last', async () => {
	await withEmulator({}, async (emulator) => {
		const ctx = loadOptionsContext(fixtures.runApp, 'Run App', credentialsFor(emulator));
		const { results } = await searchApps.call(ctx);
		const names = results.map((r) => r.name);
		expect(names).toContain('Shared translator (Web App)');
		expect(names).toContain('Chat with memory (Text Chat)');
		expect(names.at(-1)).toBe('Unpublished draft (Web App) — not published, cannot run');
		expect(names).not.toContain("Someone else's app (Web App)");
		expect((await searchApps.call(ctx, 'chat')).results.map((r) => r.value)).toEqual([
			APP_IDS.chat,
		]);
	});
});

test("the mapper loads the selected app's inputs", async () => {
	await withEmulator({}, async (emulator) => {
		const workflow = withParameters(fixtures.runApp, 'Run App', {
			app: appRef(APP_IDS.shared),
			inputMode: 'mapper',
		});
		const ctx = loadOptionsContext(workflow, 'Run App', credentialsFor(emulator));
		const { fields } = await getAppInputs.call(ctx);
		expect(fields.map((f) => [f.id, f.type])).toEqual([
			['language', 'options'],
			['text', 'string'],
		]);
		expect(fields[0].options).toEqual([
			{ name: 'French', value: 'fr' },
			{ name: 'German', value: 'de' },
		]);
	});
});

test('mapped inputs run the app; a missing required input fails before any run', async () => {
	await withEmulator({}, async (emulator) => {
		const credentials = credentialsFor(emulator);
		const ok = await runWorkflow(mapped(APP_IDS.echo, { question: '={{ $json.q }}' }), {
			items: [{ q: 'mapped' }],
			credentials,
		});
		expect(ok.output('Run App')[0].json.output).toBe('Echo: mapped');
		const missing = await runWorkflow(mapped(APP_IDS.echo, { question: '' }), {
			items: [{}],
			credentials,
		});
		expect(missing.error?.message).toBe('A required app input is empty: Question');
		expect(emulator.requests.filter((r) => r.path.endsWith('/run'))).toHaveLength(1);
	});
});

test("file inputs are read from the item's binary data and sent as data URIs the server accepts", async () => {
	await withEmulator({}, async (emulator) => {
		const result = await runWorkflow(
			mapped(APP_IDS.file, { file: 'attachment', note: 'quarterly' }),
			{
				items: [],
				inputItems: [
					{
						json: {},
						binary: {
							attachment: {
								data: Buffer.from('hello world').toString('base64'),
								mimeType: 'text/plain; charset=utf-8',
								fileName: 'report 1.txt',
							},
						},
					},
				],
				credentials: credentialsFor(emulator),
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Run App')[0].json.output).toBe(
			'Received report%201.txt (11 bytes, text/plain): quarterly',
		);
	});
});

test('an app without a published version is named before any run is sent', async () => {
	await withEmulator({}, async (emulator) => {
		const result = await runWorkflow(mapped(APP_IDS.draft, { question: 'x' }), {
			items: [{}],
			credentials: credentialsFor(emulator),
		});
		expect(result.error?.message).toBe('The app has no published version');
		expect(emulator.requests.filter((r) => r.path.endsWith('/run'))).toHaveLength(0);
	});
});
