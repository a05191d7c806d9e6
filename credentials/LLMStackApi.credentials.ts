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

	// Every answer counts as a response, and rules on its body decide: n8n 1.x ignores status-code
	// rules (its failed requests lose the response) and n8n hands the rules only the body, on
	// both majors. Only LLMStack's own answer, {"user": "<email>"}, passes.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/api$/i, "")}}',
			url: '/api/me',
			method: 'GET',
			// A redirect could carry the token to another host: the test stops at it instead.
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			detailRule(
				'Invalid token.',
				'LLMStack rejected the API token. Copy the token again from the Settings page of LLMStack, and check that the Base URL is the same server.',
			),
			detailRule(
				'Invalid token header. No credentials provided.',
				"The API token is empty. Paste the token from LLMStack's Settings page.",
			),
			detailRule(
				'Invalid token header. Token string should not contain spaces.',
				"The API token contains spaces. Paste only the token from LLMStack's Settings page.",
			),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'user',
					value: undefined,
					message:
						"The Base URL answers, but not like LLMStack (GET /api/me should name the token's user). Use the address you open LLMStack at, like http://localhost:3000. The test follows no redirects, so the token never travels elsewhere: if the server moved (to https:// for example), use its new address.",
				},
			},
		],
	};
}

/** LLMStack's 403 answers carry a `detail` that says what is wrong with the token. */
function detailRule(detail: string, message: string) {
	return {
		type: 'responseSuccessBody' as const,
		properties: { key: 'detail', value: detail, message },
	};
}
