/** The credential's own test request and authentication. */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Generation } from '../emulator/generations';
import type { EmulatorOptions } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters } from '../harness/fixtures';
import { credentialsFor as credentials, runApp } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

describe('credential', () => {
	test('the credential test request authenticates against /api/me', async () => {
		const { LLMStackApi } = await import('../../credentials/LLMStackApi.credentials');
		const credential = new LLMStackApi();
		await withEmulator({}, async (emulator) => {
			const send = async (apiToken: string) => {
				const options = await credential.authenticate(
					{ baseUrl: `${emulator.url}/`, apiToken },
					{ url: credential.test.request.url!, method: 'GET' },
				);
				const response = await fetch(`${options.baseURL}${options.url}`, {
					headers: options.headers as Record<string, string>,
				});
				return { status: response.status, body: await response.text() };
			};
			expect(await send(emulator.tokens.owner)).toEqual({
				status: 200,
				body: '{"user": "owner@example.com"}',
			});
			expect((await send('bad')).status).toBe(403);
			const rule = credential.test.rules?.find(
				(r) => r.type === 'responseCode' && r.properties.value === 403,
			);
			expect(rule).toBeDefined();
		});
	});
});
