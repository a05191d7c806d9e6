/**
 * Seen by a person: the n8n 2.x editor in headless Chromium opens a workflow with the LLMStack
 * node, the app list loads from the emulator, the selected app's inputs appear in the mapper,
 * and a run from the editor shows the answer; with a wrong token, the list, the mapper and a run
 * say what to change. Screenshots for the README are written to docs/ only when asked for
 * (UPDATE_SCREENSHOTS=1), so ordinary runs leave the repository as it is.
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
const WRONG_TOKEN = 'ffffffffffffffffffffffffffffffffffffffff';

async function screenshot(page: Page, name: string): Promise<void> {
	if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(DOCS, name) });
}

/** The same workflow with a credential whose token LLMStack rejects, and an empty required input. */
const wrongTokenWorkflow = (() => {
	const workflow = JSON.parse(JSON.stringify(editorWorkflow)) as typeof editorWorkflow;
	workflow.id = 'llmsEditorWrong1';
	workflow.name = 'LLMStack with a wrong token';
	const node = workflow.nodes[1] as { credentials?: { llmStackApi: { id: string; name: string } } };
	node.credentials = { llmStackApi: { id: 'llmsCredWrong001', name: 'LLMStack (wrong token)' } };
	return workflow;
})();

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
			{
				id: 'llmsCredWrong001',
				name: 'LLMStack (wrong token)',
				type: 'llmStackApi',
				data: { baseUrl: emulator.url, apiToken: WRONG_TOKEN },
			},
		]);
		await n8n.importWorkflows([editorWorkflow, wrongTokenWorkflow]);
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
		// A required input can't be removed from the mapper (n8n offers no remove button for it).
		expect(await page.locator('[data-test-id="remove-field-button-question"]').count()).toBe(0);
		await screenshot(page, 'editor-node.png');

		// The app list comes from /api/apps and /api/apps/shared.
		await page.locator('[data-test-id="rlc-input"]').first().click();
		await page.getByText('Shared translator (Web App)').first().waitFor({ timeout: 30_000 });
		await page.getByText('Chat with memory (Text Chat)').first().waitFor({ timeout: 30_000 });
		expect(emulator.requests.some((r) => r.path.startsWith('/api/apps/shared'))).toBe(true);
		await screenshot(page, 'editor-app-list.png');
		await page.keyboard.press('Escape');
	}, 180_000);

	test('running the node from the editor shows the answer', async () => {
		await page.locator('[data-test-id="node-execute-button"]').first().click();
		await page.getByText('Echo: What is n8n?').first().waitFor({ timeout: 60_000 });
		await screenshot(page, 'editor-output.png');
	}, 180_000);

	test('the canvas subtitle names the operation, with nothing dangling after it', async () => {
		await page.goto(`${n8n.url}/workflow/${editorWorkflow.id}`, { waitUntil: 'domcontentloaded' });
		const node = page
			.locator('[data-test-id="canvas-node"]')
			.filter({ hasText: 'Run App' })
			.first();
		await node.waitFor({ timeout: 60_000 });
		const text = await node.innerText();
		expect(text.split('\n').map((line) => line.trim())).toContain('Run App');
		expect(text).not.toContain('Run App:');
	}, 180_000);

	test('with a wrong token, the mapper and the app list say what a run says', async () => {
		await openNode(page, n8n.url, wrongTokenWorkflow.id, 'Run App');
		await page
			.getByText(
				"Could not load the app's inputs: LLMStack rejected the API token. The token in the LLMStack credential is not valid on this server. Copy it again from the Settings page of LLMStack and check that the Base URL points at the same server.",
				{ exact: true },
			)
			.waitFor({ timeout: 30_000 });
		await page.locator('[data-test-id="rlc-input"]').first().click();
		// n8n puts the status before the node's message: "Could not load list", then this line.
		await page
			.getByText('403 - LLMStack rejected the API token', { exact: true })
			.waitFor({ timeout: 30_000 });
		await page.keyboard.press('Escape');
	}, 180_000);

	test('a run with a wrong token shows the explained error in the panel', async () => {
		await page.locator('[data-test-id="node-execute-button"]').first().click();
		// The output panel's error title (the mapper's notice above says more, so not exactly this).
		await page
			.getByText("Could not load the app's inputs: LLMStack rejected the API token", {
				exact: true,
			})
			.first()
			.waitFor({ timeout: 60_000 });
	}, 180_000);
});
