/**
 * Seen by a person: the n8n 2.x editor in headless Chromium opens a workflow with the LLMStack
 * node, the app list loads from the emulator, the selected app's inputs appear in the mapper,
 * and a run from the editor shows the answer. Screenshots go to docs/ for the README.
 */
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { openEditor, openNode } from '../../e2e/lib/editor';
import { ensureInstalled } from '../../e2e/lib/install';
import { N8nInstance } from '../../e2e/lib/n8n';
import { pack } from '../../e2e/lib/pack';
import { N8N } from '../../e2e/lib/versions';
import { startEmulator } from '../emulator/server';
import type { Emulator } from '../emulator/server';
import editorWorkflow from './editor.workflow.json';

const DOCS = join(__dirname, '..', '..', 'docs');

describe('n8n 2.41.1 editor', () => {
	const version = { ...N8N[2], portBase: 45678 };
	let emulator: Emulator;
	let n8n: N8nInstance;
	let browser: Browser | undefined;
	let page: Page;

	beforeAll(async () => {
		ensureInstalled(version);
		emulator = await startEmulator({ split: false });
		n8n = new N8nInstance(version, pack('editor'));
		await n8n.importCredentials([
			{
				id: 'llmsCredential01',
				name: 'LLMStack',
				type: 'llmStackApi',
				data: { baseUrl: emulator.url, apiToken: emulator.tokens.owner },
			},
		]);
		await n8n.importWorkflows([editorWorkflow]);
		await n8n.start();
		({ browser, page } = await openEditor(n8n.url));
	}, 900_000);

	afterAll(async () => {
		await browser?.close();
		await n8n?.dispose();
		await emulator?.close();
	});

	test('the node panel shows the app picker, the app list from LLMStack and the app inputs', async () => {
		await openNode(page, n8n.url, editorWorkflow.id, 'Run App');
		// The mapper loads the app's input schema from LLMStack.
		await page.getByText('Question', { exact: true }).first().waitFor({ timeout: 30_000 });
		expect(
			emulator.requests.some(
				(r) =>
					r.method === 'GET' && r.path.startsWith('/api/apps/11111111-1111-4111-8111-111111111111'),
			),
		).toBe(true);
		await page.screenshot({ path: join(DOCS, 'editor-node.png') });

		// The app list comes from /api/apps and /api/apps/shared.
		await page.locator('[data-test-id="rlc-input"]').first().click();
		await page.getByText('Shared translator (Web App)').first().waitFor({ timeout: 30_000 });
		await page.getByText('Chat with memory (Text Chat)').first().waitFor({ timeout: 30_000 });
		expect(emulator.requests.some((r) => r.path.startsWith('/api/apps/shared'))).toBe(true);
		await page.screenshot({ path: join(DOCS, 'editor-app-list.png') });
		await page.keyboard.press('Escape');
	}, 180_000);

	test('running the node from the editor shows the answer', async () => {
		await page.locator('[data-test-id="node-execute-button"]').first().click();
		await page.getByText('Echo: What is n8n?').first().waitFor({ timeout: 60_000 });
		await page.screenshot({ path: join(DOCS, 'editor-output.png') });
	}, 180_000);
});
