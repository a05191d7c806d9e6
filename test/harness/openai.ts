/**
 * A scripted OpenAI-compatible chat model on 127.0.0.1 for the AI Agent tests: the first
 * completion calls the first tool it is offered (filling every parameter the tool's schema
 * names with `argument`), the next one answers with what the tool returned. It records every
 * request, so tests can read what the model was shown.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatRequest {
	stream?: boolean;
	messages: Array<{ role: string; content?: unknown }>;
	tools?: Array<{
		function: {
			name: string;
			description?: string;
			parameters?: { properties?: Record<string, unknown> };
		};
	}>;
}

export interface ScriptedModel {
	/** The base URL to put in n8n's OpenAI credential. */
	url: string;
	requests: ChatRequest[];
	close(): Promise<void>;
}

export async function startScriptedModel(argument: string): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			if (!req.url?.endsWith('/chat/completions')) {
				res.writeHead(404).end();
				return;
			}
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			requests.push(body);
			const toolResult = body.messages.find((message) => message.role === 'tool');
			const tool = body.tools?.[0]?.function;
			const message = toolResult
				? { role: 'assistant', content: `The app answered: ${String(toolResult.content)}` }
				: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: 'call_1',
								type: 'function',
								function: {
									name: tool?.name ?? 'missing_tool',
									arguments: JSON.stringify(
										Object.fromEntries(
											Object.keys(tool?.parameters?.properties ?? {}).map((key) => [key, argument]),
										),
									),
								},
							},
						],
					};
			const finish = toolResult ? 'stop' : 'tool_calls';
			if (body.stream) {
				res.writeHead(200, { 'Content-Type': 'text/event-stream' });
				const delta = toolResult
					? { role: 'assistant', content: message.content }
					: {
							role: 'assistant',
							tool_calls: (message.tool_calls as object[]).map((call, index) => ({
								index,
								...call,
							})),
						};
				res.write(
					`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
				);
				res.write(
					`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`,
				);
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({
					id: 'c',
					object: 'chat.completion',
					created: 0,
					model: 'scripted',
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
