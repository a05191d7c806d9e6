/**
 * The package inside a real n8n, loaded as n8n loads community packages, in the ways users run
 * it: manual/CLI runs, a scheduled batch, a webhook pipeline and (on 2.x) queue mode with a
 * worker, each checked on the values it produced.
 */
import { randomUUID } from 'node:crypto';

import batchWorkflow from '../../examples/batch.workflow.json';
import chatWorkflow from '../../examples/chat-demo.workflow.json';
import agentWorkflow from '../../examples/agent-tool.workflow.json';
import agentChatWorkflow from '../../examples/agent-chat.workflow.json';
import chatUiWorkflow from '../../examples/chat-ui.workflow.json';
import streamWorkflow from '../../examples/stream.workflow.json';
import webhookWorkflow from '../../examples/webhook.workflow.json';
import knowledgeWorkflow from '../../examples/knowledge-base-sync.workflow.json';
import historyWorkflow from '../../examples/history-and-files.workflow.json';
import streamingWebhookWorkflow from '../../examples/webhook-streaming.workflow.json';
import { ensureInstalled } from '../../e2e/lib/install';
import { N8nInstance } from '../../e2e/lib/n8n';
import type { ExecutionResult } from '../../e2e/lib/n8n';
import { pack } from '../../e2e/lib/pack';
import { RedisServer } from '../../e2e/lib/redis';
import { N8N } from '../../e2e/lib/versions';
import type { Major } from '../../e2e/lib/versions';
import { APP_IDS } from '../emulator/apps';
import { startEmulator } from '../emulator/server';
import type { Emulator } from '../emulator/server';
import { json, startHostile } from '../harness/hostile';
import { startScriptedModel } from '../harness/openai';
import type { ScriptedModel } from '../harness/openai';
import type { Hostile } from '../harness/hostile';

/** A token as LLMStack makes them; the echoing server sends it back in its error. */
const ECHOED_TOKEN = '7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a';

/** Manual Trigger → one LLMStack node that fails, for the messages n8n shows. */
function failingWorkflow(id: string, credentialId: string, parameters: Record<string, unknown>) {
	return {
		id,
		name: `LLMStack fault: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-t`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-n`,
				name: 'Run App',
				type: 'n8n-nodes-llmstack.llmStack',
				typeVersion: 1,
				position: [220, 0],
				credentials: { llmStackApi: { id: credentialId, name: credentialId } },
				parameters: {
					operation: 'runApp',
					app: { __rl: true, mode: 'id', value: APP_IDS.slow },
					inputMode: 'json',
					inputJson: '{"question": "x", "delay_ms": 5000}',
					...parameters,
				},
			},
		],
		connections: { Start: { main: [[{ node: 'Run App', type: 'main', index: 0 }]] } },
	};
}

/** The chunks one node sent in a streamed response (n8n writes one JSON object a line). */
function chunksOf(body: string, nodeName: string) {
	return body
		.split('\n')
		.filter((line) => line.trim())
		.map(
			(line) =>
				JSON.parse(line) as { type: string; content?: string; metadata?: { nodeName?: string } },
		)
		.filter((chunk) => chunk.metadata?.nodeName === nodeName);
}

/** The chat UI example, pointed elsewhere: another id, webhook, credential, placement or mode. */
function chatUiVariant(
	id: string,
	webhookId: string,
	credentialId: string,
	sessionPlacement: string,
	responseMode: string,
) {
	const workflow = JSON.parse(JSON.stringify(chatUiWorkflow)) as typeof chatUiWorkflow;
	workflow.id = id;
	const [trigger, node] = workflow.nodes as Array<Record<string, any>>;
	trigger.webhookId = webhookId;
	trigger.parameters.options.responseMode = responseMode;
	// Streaming response mode came with version 1.3 of the Chat Trigger.
	if (responseMode === 'streaming') trigger.typeVersion = 1.3;
	node.parameters.options.sessionPlacement = sessionPlacement;
	node.credentials = { llmStackApi: { id: credentialId, name: credentialId } };
	return workflow;
}

/** The agent example with the app that fails (a provider key LLMStack's owner has wrong). */
const failingAgentWorkflow = (() => {
	const workflow = JSON.parse(JSON.stringify(agentWorkflow)) as typeof agentWorkflow;
	workflow.id = 'llmsAgentToolBad';
	const tool = workflow.nodes.find((node) => node.name === 'Ask LLMStack') as {
		parameters: { app: { value: string } };
	};
	tool.parameters.app.value = APP_IDS.failing;
	return workflow;
})();

const CHATS = {
	v026: chatUiWorkflow,
	legacy: chatUiVariant(
		'llmsChatUiLegacy',
		'llmstack-chat-legacy',
		'llmsCredLegacy01',
		'url',
		'lastNode',
	),
	streaming: chatUiVariant(
		'llmsChatUiStream',
		'llmstack-chat-stream',
		'llmsCredential01',
		'body',
		'streaming',
	),
};

const FAULTS = {
	reset: failingWorkflow('llmsFaultReset01', 'llmsCredResets01', {
		options: { maxTries: 3, retryDelayMs: 0 },
	}),
	timeout: failingWorkflow('llmsFaultTimeout', 'llmsCredential01', {
		options: { timeoutSeconds: 1 },
	}),
	echo: failingWorkflow('llmsFaultEcho001', 'llmsCredEchoes01', {}),
};

const SLOW = 300_000;

function items(result: ExecutionResult, node: string) {
	const runs = result.data.resultData.runData[node];
	if (!runs)
		throw new Error(
			`${node} did not run: ${JSON.stringify(result.data.resultData.error ?? {}).slice(0, 500)}`,
		);
	return runs[0].data!.main[0];
}

export function defineE2eSuite(major: Major, options: { queue: boolean }) {
	const version = N8N[major];
	describe(`n8n ${version.version}`, () => {
		let n8n: N8nInstance;
		let v026: Emulator;
		let ndjson: Emulator;
		let resets: Emulator;
		let legacy: Emulator;
		let head: Emulator;
		let model: ScriptedModel;
		let echo: Hostile;
		let redirect: Hostile;
		let elsewhere: Hostile;

		beforeAll(async () => {
			ensureInstalled(version);
			v026 = await startEmulator({ generation: 'v0.2.6' });
			ndjson = await startEmulator({ generation: 'v0.0.11' });
			// Every run starts, then the connection is reset before any answer.
			legacy = await startEmulator({ generation: 'v0.2.5' });
			head = await startEmulator({ generation: 'head' });
			model = await startScriptedModel('What is n8n?');
			resets = await startEmulator({
				generation: 'v0.2.6',
				split: false,
				faults: { rateResetAfterRead: 1 },
			});
			echo = await startHostile((req, res) =>
				json(res, 400, { detail: `JSON parse error - ${String(req.headers.authorization)}` }),
			);
			elsewhere = await startHostile((_req, res) => json(res, 200, { user: 'thief@example.com' }));
			redirect = await startHostile((_req, res) =>
				res.writeHead(302, { Location: `${elsewhere.url}/api/me` }).end(),
			);
			n8n = new N8nInstance(version, pack(`n8n${major}`));
			await n8n.importCredentials([
				{
					id: 'llmsCredential01',
					name: 'LLMStack',
					type: 'llmStackApi',
					data: { baseUrl: `${v026.url}/`, apiToken: v026.tokens.owner },
				},
				{
					id: 'llmsCredNdjson01',
					name: 'LLMStack (NDJSON server)',
					type: 'llmStackApi',
					data: { baseUrl: ndjson.url, apiToken: ndjson.tokens.owner },
				},
				{
					id: 'llmsOpenAiCred01',
					name: 'Scripted model',
					type: 'openAiApi',
					data: { apiKey: 'sk-scripted-model', url: model.url },
				},
				{
					id: 'llmsCredLegacy01',
					name: 'LLMStack (v0.2.5)',
					type: 'llmStackApi',
					data: { baseUrl: legacy.url, apiToken: legacy.tokens.owner },
				},
				{
					id: 'llmsCredHead0001',
					name: 'LLMStack (HEAD)',
					type: 'llmStackApi',
					data: { baseUrl: head.url, apiToken: head.tokens.owner },
				},
				{
					id: 'llmsCredResets01',
					name: 'LLMStack (resets)',
					type: 'llmStackApi',
					data: { baseUrl: resets.url, apiToken: resets.tokens.owner },
				},
				{
					id: 'llmsCredEchoes01',
					name: 'LLMStack (echoes)',
					type: 'llmStackApi',
					data: { baseUrl: echo.url, apiToken: ECHOED_TOKEN },
				},
				{
					id: 'llmsCredRedirect',
					name: 'LLMStack (redirects)',
					type: 'llmStackApi',
					data: { baseUrl: redirect.url, apiToken: ECHOED_TOKEN },
				},
			]);
			await n8n.importWorkflows([
				chatWorkflow,
				webhookWorkflow,
				batchWorkflow,
				streamWorkflow,
				streamingWebhookWorkflow,
				...Object.values(FAULTS),
				...Object.values(CHATS),
				agentWorkflow,
				failingAgentWorkflow,
				agentChatWorkflow,
				knowledgeWorkflow,
				historyWorkflow,
			]);
		}, 900_000);

		afterAll(async () => {
			await n8n?.dispose();
			await v026?.close();
			await ndjson?.close();
			await resets?.close();
			await legacy?.close();
			await head?.close();
			await model?.close();
			await echo?.close();
			await redirect?.close();
			await elsewhere?.close();
		});

		test(
			'n8n lists the LLMStack node with its credential',
			async () => {
				const node = (await n8n.nodeTypes()).find(
					(type) => type.name === 'n8n-nodes-llmstack.llmStack',
				);
				expect(node).toBeDefined();
				expect(node!.credentials?.map((c) => c.name)).toEqual(['llmStackApi']);
			},
			SLOW,
		);

		test(
			'manual run: Run App then Continue Session keeps the session',
			async () => {
				const result = await n8n.execute(chatWorkflow.id);
				expect(result.status).toBe('success');
				const first = items(result, 'Run App')[0].json;
				const second = items(result, 'Continue Session')[0].json;
				expect(first.output).toBe(
					'Turn 1: you said "Hello from n8n" (first message: "Hello from n8n")',
				);
				expect(second.output).toBe(
					'Turn 2: you said "Do you remember what I said first?" (first message: "Hello from n8n")',
				);
				expect(second.sessionId).toBe(first.sessionId);
				expect(v026.requests.at(-1)?.authorization).toBe(`Token ${v026.tokens.owner}`);
			},
			SLOW,
		);

		test(
			'scheduled batch: 200 items in order, paired, a failing item does not stop the others',
			async () => {
				v026.reset();
				const result = await n8n.execute(batchWorkflow.id);
				const out = items(result, 'Run App');
				expect(out).toHaveLength(200);
				out.forEach((item, i) => {
					expect(item.pairedItem).toEqual({ item: i });
					if (i === 57)
						expect(item.json.error).toBe(
							'The app failed: Incorrect API key provided (error code 401)',
						);
					else expect(item.json.output).toBe(`Echo: q${i}`);
				});
				expect(v026.stats.maxInFlight).toBeLessThanOrEqual(10);
				expect(v026.requests.filter((r) => r.appId === APP_IDS.echo)).toHaveLength(199);
			},
			SLOW,
		);

		test(
			'streaming: NDJSON deltas (v0.0.11) and v0.2.6 (stream ignored) give the same output',
			async () => {
				const result = await n8n.execute(streamWorkflow.id);
				const expected = 'Echo: Grüße, 日本 🌍';
				expect(items(result, 'v0.2.6 Stream')[0].json.output).toBe(expected);
				expect(items(result, 'NDJSON Stream')[0].json.output).toBe(expected);
				expect(items(result, 'NDJSON No Stream')[0].json.output).toBe(expected);
				expect(
					ndjson.requests.filter((r) => (r.body as { stream?: boolean }).stream === true),
				).toHaveLength(1);
			},
			SLOW,
		);

		test(
			'webhooks: Webhook → Run App → Respond to Webhook, and a streaming Webhook receiving the chunks',
			async () => {
				await n8n.activate(webhookWorkflow.id);
				await n8n.activate(streamingWebhookWorkflow.id);
				await n8n.start();
				try {
					const response = await n8n.webhook('llmstack-e2e', { question: 'from a webhook' });
					expect(response.status).toBe(200);
					const body = (await response.json()) as { answer: string; sessionId: string };
					expect(body.answer).toBe('Echo: from a webhook');
					expect(body.sessionId).toMatch(/^[0-9a-f-]{36}$/);

					// Response mode Streaming: the node sends the answer on as chunks (begin, item, end).
					const streamed = await n8n.webhook('llmstack-stream', { question: 'from a stream' });
					expect(streamed.status).toBe(200);
					const ours = chunksOf(await streamed.text(), 'Run App');
					expect(ours.map((chunk) => chunk.type)).toEqual(['begin', 'item', 'end']);
					expect(ours[1].content).toBe('Echo: from a stream');
				} finally {
					await n8n.stop();
				}
			},
			SLOW,
		);

		test(
			"an AI Agent calls the node as a tool with the model's arguments and answers from the app",
			async () => {
				v026.reset();
				const result = await n8n.execute(agentWorkflow.id);
				const answer = String(items(result, 'AI Agent')[0].json.output);
				// The scripted model answers with what the tool returned: the app's output.
				expect(answer.startsWith('The app answered: ')).toBe(true);
				const fromTool = JSON.parse(answer.slice('The app answered: '.length)) as Array<{
					output: string;
				}>;
				expect(fromTool.map((entry) => entry.output)).toEqual(['Echo: What is n8n?']);
				// What the model read: n8n 2.x evaluates the node's description, 1.x sends it as typed.
				expect(model.requests[0].tools?.map((tool) => tool.function.description)).toEqual([
					major === 2
						? "Runs an LLMStack app with its inputs question and returns the app's answer as output, with a sessionId that continues the conversation"
						: "Runs an LLMStack app with the inputs given to it and returns the app's answer as output, with a sessionId that continues the conversation",
				]);
				const runs = v026.requests.filter((r) => r.path.endsWith('/run'));
				expect(runs.map((r) => (r.body as { input: unknown }).input)).toEqual([
					{ question: 'What is n8n?' },
				]);
			},
			SLOW,
		);

		test(
			'a failing app comes back to the model as text it can act on, and the workflow goes on',
			async () => {
				const result = await n8n.execute(failingAgentWorkflow.id);
				expect(result.status).toBe('success');
				const answer = String(items(result, 'AI Agent')[0].json.output);
				expect(answer).toContain('The app failed: Incorrect API key provided (error code 401)');
			},
			SLOW,
		);

		test(
			"an AI Agent in a streaming chat: the chat gets the agent's reply, built from the tool, and nothing from the tool itself",
			async () => {
				v026.reset();
				await n8n.activate(agentChatWorkflow.id);
				await n8n.start();
				try {
					const response = await n8n.webhook(`${agentChatWorkflow.nodes[0].webhookId}/chat`, {
						action: 'sendMessage',
						sessionId: randomUUID(),
						chatInput: 'What is n8n?',
					});
					expect(response.status).toBe(200);
					const body = await response.text();
					const reply = chunksOf(body, 'AI Agent')
						.filter((chunk) => chunk.type === 'item')
						.map((chunk) => chunk.content)
						.join('');
					expect({
						fromTool: chunksOf(body, 'Ask LLMStack'),
						reply,
						sent: v026.requests
							.filter((r) => r.path.endsWith('/run'))
							.map((r) => (r.body as { input: unknown }).input),
					}).toEqual({
						fromTool: [],
						reply: expect.stringMatching(
							/^The app answered: \[\{"output":"Echo: What is n8n\?","sessionId":"[0-9a-f-]{36}"\}\]$/,
						),
						sent: [{ question: 'What is n8n?' }],
					});
				} finally {
					await n8n.stop();
				}
			},
			SLOW,
		);

		test(
			'a hosted chat in two nodes remembers the conversation (v0.2.6, and v0.2.5 with the session in the URL)',
			async () => {
				const chats =
					major === 2 ? [CHATS.v026, CHATS.legacy, CHATS.streaming] : [CHATS.v026, CHATS.legacy];
				for (const workflow of chats) await n8n.activate(workflow.id);
				await n8n.start();
				try {
					// What n8n's chat widget sends: one session ID for the whole conversation.
					const say = async (
						workflow: typeof chatUiWorkflow,
						sessionId: string,
						chatInput: string,
					) => {
						const webhookId = (workflow.nodes[0] as { webhookId: string }).webhookId;
						const response = await n8n.webhook(`${webhookId}/chat`, {
							action: 'sendMessage',
							sessionId,
							chatInput,
						});
						expect(response.status).toBe(200);
						return await response.text();
					};
					for (const workflow of [CHATS.v026, CHATS.legacy]) {
						const sessionId = randomUUID();
						await say(workflow, sessionId, 'hello');
						const second = JSON.parse(await say(workflow, sessionId, 'again')) as {
							output: string;
							sessionId: string;
						};
						expect(second).toEqual({
							output: 'Turn 2: you said "again" (first message: "hello")',
							sessionId,
						});
					}
					if (major === 2) {
						const sessionId = randomUUID();
						await say(CHATS.streaming, sessionId, 'hello');
						const ours = chunksOf(
							await say(CHATS.streaming, sessionId, 'again'),
							'Continue Session',
						);
						expect(ours.map((chunk) => chunk.type)).toEqual(['begin', 'item', 'end']);
						expect(ours[1].content).toBe('Turn 2: you said "again" (first message: "hello")');
					}
				} finally {
					await n8n.stop();
				}
			},
			SLOW,
		);

		test(
			'data source: text and a file added and READY, the file listed',
			async () => {
				v026.reset();
				const result = await n8n.execute(knowledgeWorkflow.id);
				const entryOf = (node: string) =>
					(items(result, node)[0].json.entries as Array<Record<string, unknown>>).map((e) => [
						e.name,
						e.status,
					]);
				expect({
					status: result.status,
					text: entryOf('Add Text'),
					file: entryOf('Add File'),
					listed: items(result, 'List Entries').map((i) => i.json.name),
				}).toEqual({
					status: 'success',
					text: [['Refund policy', 'READY']],
					file: [['refund-policy.txt', 'READY']],
					listed: ['refund-policy.txt'],
				});
			},
			SLOW,
		);

		test(
			'a chat read back with Get History, and an image that arrives as binary',
			async () => {
				head.reset();
				const result = await n8n.execute(historyWorkflow.id);
				const image = items(result, 'Make Image')[0];
				expect({
					status: result.status,
					turns: items(result, 'Get History').map((i) => [i.json.turn, i.json.input]),
					image: [image.binary?.file_0?.fileName, image.binary?.file_0?.mimeType],
				}).toEqual({
					status: 'success',
					turns: [
						[1, { message: 'Hello' }],
						[2, { message: 'And again' }],
					],
					image: ['a lighthouse 1.png', 'image/png'],
				});
			},
			SLOW,
		);

		describe('what a user sees when the server misbehaves', () => {
			test(
				"a connection reset after the run started: the node's message, and the run is not sent again",
				async () => {
					const { result } = await n8n.executeFailing(FAULTS.reset.id);
					expect(result.data.resultData.error?.message).toBe(
						'The connection to LLMStack broke before it answered',
					);
					expect(resets.stats.runs).toBe(1);
				},
				SLOW,
			);

			test(
				"a run slower than the Timeout: the message names the node's timeout",
				async () => {
					const started = Date.now();
					const { result } = await n8n.executeFailing(FAULTS.timeout.id);
					expect(result.data.resultData.error?.message).toBe(
						"No complete answer from LLMStack within 1 s (the node's timeout)",
					);
					// One CLI boot (seconds) plus the 1 s Timeout, far below the app's 5 s.
					expect(Date.now() - started).toBeLessThan(60_000);
				},
				SLOW,
			);

			test(
				"a server that echoes the token: not in the message, the execution or n8n's log",
				async () => {
					const { result, output } = await n8n.executeFailing(FAULTS.echo.id);
					expect(result.data.resultData.error?.message).toBe(
						'LLMStack could not read the request (400)',
					);
					expect(echo.requests[0]?.authorization).toBe(`Token ${ECHOED_TOKEN}`);
					expect(output).not.toContain(ECHOED_TOKEN);
				},
				SLOW,
			);

			test(
				"the credential test (the editor's Test button): the texts a person sees, and no redirect followed",
				async () => {
					await n8n.start();
					try {
						const test = async (baseUrl: string, apiToken: string) => {
							const { json: body } = await n8n.rest('POST', '/rest/credentials/test', {
								credentials: {
									id: 'llmsCredRedirect',
									name: 'LLMStack',
									type: 'llmStackApi',
									data: { baseUrl, apiToken },
								},
							});
							return (body as { data: { status: string; message: string } }).data;
						};
						const notLLMStack =
							"The Base URL answers, but not like LLMStack (GET /api/me should name the token's user). Use the address you open LLMStack at, like http://localhost:3000. The test follows no redirects, so the token never travels elsewhere: if the server moved (to https:// for example), use its new address.";
						expect(await test(redirect.url, ECHOED_TOKEN)).toEqual({
							status: 'Error',
							message: notLLMStack,
						});
						expect(redirect.requests).toHaveLength(1);
						expect(elsewhere.connections).toBe(0);
						expect(await test(v026.url, ECHOED_TOKEN)).toEqual({
							status: 'Error',
							message:
								'LLMStack rejected the API token. Copy the token again from the Settings page of LLMStack, and check that the Base URL is the same server.',
						});
						// n8n's own address answers /api/me too, but not as LLMStack does.
						expect(await test(n8n.url, ECHOED_TOKEN)).toEqual({
							status: 'Error',
							message: notLLMStack,
						});
						expect((await test(`${v026.url}/`, v026.tokens.owner)).status).toBe('OK');
					} finally {
						await n8n.stop();
					}
				},
				SLOW,
			);
		});

		if (options.queue) {
			test(
				'queue mode: the webhook workflow and a manual execution from the editor run on a worker',
				async () => {
					const redis = new RedisServer(version.portBase + 10);
					await redis.start();
					const queue = {
						EXECUTIONS_MODE: 'queue',
						QUEUE_BULL_REDIS_HOST: '127.0.0.1',
						QUEUE_BULL_REDIS_PORT: String(version.portBase + 10),
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						// The editor's manual executions go to the workers too (n8n 3.0's default).
						OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
					};
					try {
						await n8n.start('main', queue);
						await n8n.start('worker', {
							...queue,
							QUEUE_HEALTH_CHECK_PORT: String(version.portBase + 2),
							N8N_RUNNERS_BROKER_PORT: String(version.portBase + 3),
						});
						for (const question of ['q1', 'q2', 'q3']) {
							const response = await n8n.webhook('llmstack-e2e', { question });
							expect(response.status).toBe(200);
							expect(((await response.json()) as { answer: string }).answer).toBe(
								`Echo: ${question}`,
							);
						}

						// The editor's Execute Workflow button: POST /rest/workflows/<id>/run.
						const trigger = chatWorkflow.nodes[0].name;
						const { json: started } = await n8n.rest(
							'POST',
							`/rest/workflows/${chatWorkflow.id}/run`,
							{ triggerToStartFrom: { name: trigger } },
						);
						const executionId = (started as { data: { executionId: string } }).data.executionId;
						const execution = await n8n.finishedExecution(executionId);
						expect({
							mode: execution.mode,
							status: execution.status,
							onWorker: n8n.logs('worker').includes(`Worker finished execution ${executionId} `),
							// n8n stores run data flattened: the outputs are among its strings.
							secondTurn: execution.data.includes(
								'Turn 2: you said \\"Do you remember what I said first?\\" (first message: \\"Hello from n8n\\")',
							),
						}).toEqual({ mode: 'manual', status: 'success', onWorker: true, secondTurn: true });
					} finally {
						await n8n.stop();
						await redis.stop();
					}
				},
				SLOW,
			);
		}
	});
}
