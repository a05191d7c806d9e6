import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { normaliseBaseUrl, normaliseToken } from '../nodes/LLMStack/helpers/baseUrl';

export class LLMStackApi implements ICredentialType {
	name = 'llmStackApi';

	displayName = 'LLMStack API';

	icon: Icon = { light: 'file:llmstack.svg', dark: 'file:llmstack.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-llmstack/n8n-nodes-llmstack#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:3000',
			placeholder: 'http://localhost:3000',
			required: true,
			hint: 'The address you open LLMStack at, without a path. The hosted service (https://trypromptly.com) works too.',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: "Shown on LLMStack's Settings page",
		},
	];

	// A function rather than a header template: the base URL and token need cleaning
	// (trailing slashes, a pasted `/api`, a pasted `Token ` keyword) before LLMStack sees them,
	// and LLMStack reads only the `Token` keyword (a Bearer header counts as anonymous).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			baseURL: normaliseBaseUrl(credentials.baseUrl),
			headers: {
				...requestOptions.headers,
				Authorization: `Token ${normaliseToken(credentials.apiToken)}`,
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/api$/i, "")}}',
			url: '/api/me',
			method: 'GET',
			// A redirect could carry the token to another host: the test stops at it instead.
			disableFollowRedirect: true,
		},
		rules: [
			...[301, 302, 303, 307, 308].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `LLMStack answered with a redirect (${status}). The test does not follow redirects, so the API token never travels to another address: put the final address (often https:// instead of http://) in the Base URL.`,
				},
			})),
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'LLMStack rejected the token (403). Copy the API token again from the Settings page of LLMStack, and check that the Base URL is the same server.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No LLMStack API at this Base URL (404 on /api/me). Use the address you open LLMStack at, like http://localhost:3000.',
				},
			},
		],
	};
}
