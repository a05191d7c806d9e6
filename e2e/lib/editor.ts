/**
 * The n8n editor in headless Chromium (Debian's chromium, driven by playwright-core): owner
 * account, login, and opening a workflow and a node, as a person would. Only loopback traffic
 * is let through.
 */
import { existsSync } from 'node:fs';

import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

import { OWNER } from './n8n';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
	return existsSync(CHROMIUM);
}

export async function openEditor(baseUrl: string): Promise<{ browser: Browser; page: Page }> {
	if (!chromiumAvailable())
		throw new Error(
			'Chromium is not installed: the editor test needs it (Debian: apt-get install -y chromium)',
		);
	await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-quic',
			'--no-first-run',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.route('**/*', (route) => {
		const url = new URL(route.request().url());
		return ['127.0.0.1', 'localhost'].includes(url.hostname) || url.protocol === 'data:'
			? route.continue()
			: route.abort();
	});
	const page = await context.newPage();
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	await page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]')
		.first()
		.fill(OWNER.email, { timeout: 60_000 });
	await page.locator('input[type="password"]').first().fill(OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
	return { browser, page };
}

/** Opens a workflow and the panel (NDV) of one of its nodes. */
export async function openNode(
	page: Page,
	baseUrl: string,
	workflowId: string,
	nodeName: string,
): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: nodeName }).first();
	await node.waitFor({ timeout: 60_000 });
	await node.dblclick();
	await page
		.locator('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]')
		.first()
		.waitFor({ timeout: 30_000 });
}
