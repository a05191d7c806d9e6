/** The credential's own test request and authentication. */
import { LLMStackApi } from '../../credentials/LLMStackApi.credentials';
import { withEmulator } from '../harness/emulator';

describe('credential', () => {
	test('the credential test request authenticates against /api/me', async () => {
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
		});
	});

	test("every answer but LLMStack's own user meets a rule with a message (n8n hands the rules the body, on both majors)", () => {
		const credential = new LLMStackApi();
		const ruleFor = (body: unknown) =>
			credential.test.rules?.find((rule) => {
				if (rule.type !== 'responseSuccessBody') return false;
				const { key, value } = rule.properties;
				return (body as Record<string, unknown> | undefined)?.[key] === value;
			})?.properties.message;
		expect(ruleFor({ user: 'owner@example.com' })).toBeUndefined();
		expect(ruleFor({ detail: 'Invalid token.' })).toMatch(/^LLMStack rejected the API token\./);
		expect(ruleFor('')).toMatch(/^The Base URL answers, but not like LLMStack/);
		expect(ruleFor({ data: [] })).toMatch(/^The Base URL answers, but not like LLMStack/);
	});
});
