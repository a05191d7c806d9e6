/**
 * Run as an AI agent's tool, through n8n-core's own tool building (`llmStackTool`, the
 * `$fromAI()` schema, the description): what the model reads, what it sends, and that the
 * output is for the model only.
 */
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import { withEmulator } from '../harness/emulator';
import { credentialsFor } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';
import { PLAIN_DESCRIPTION } from '../../nodes/LLMStack/actions/app/toolDescription';

/** Whether this project runs n8n 2.x (n8n-workflow 1.x is mapped in for the 1.x project). */
const ENGINE_MAJOR = require.resolve('n8n-workflow').includes('n8n-workflow-v1') ? 1 : 2;

const QUESTION = "={{ $fromAI('question', 'The question to ask the app', 'string') }}";

/** Items → Agent, with the node as the agent's tool. */
function agentWorkflow(parameters: IDataObject): IWorkflowBase {
	return {
		id: 'agentTool0000001',
		name: 'Agent with the LLMStack tool',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'a1',
				name: 'Items',
				type: 'test.items',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a2',
				name: 'Agent',
				type: 'test.agent',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
			{
				id: 'a3',
				name: 'Ask LLMStack',
				type: 'n8n-nodes-llmstack.llmStackTool',
				typeVersion: 1,
				position: [220, 200],
				parameters: {
					operation: 'runApp',
					app: {
						__rl: true,
						mode: 'list',
						value: APP_IDS.echo,
						cachedResultName: 'Echo',
					},
					inputMode: 'fields',
					inputFields: { field: [{ name: 'question', value: QUESTION }] },
					outputMode: 'simplified',
					options: {},
					...parameters,
				},
				credentials: { llmStackApi: { id: 'cred1', name: 'LLMStack' } },
			},
		],
		connections: {
			Items: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
			'Ask LLMStack': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
		},
	} as unknown as IWorkflowBase;
}

async function callTool(
	parameters: IDataObject,
	toolArgs: IDataObject,
	more: { onChunk?: (chunk: { type: string }) => void } = {},
) {
	return await withEmulator({}, async (emulator) => {
		const result = await runWorkflow(agentWorkflow(parameters), {
			items: [{ toolArgs }],
			credentials: credentialsFor(emulator),
			...more,
		});
		const runs = emulator.requests.filter((r) => r.path.endsWith('/run'));
		return { result, seen: result.output('Agent')[0]?.json, runs };
	});
}

test('the model is offered a tool named after the node, with the $fromAI() arguments, and the app runs with what it sends', async () => {
	const { seen, runs } = await callTool({}, { question: 'What is n8n?' });
	expect({
		name: seen?.name,
		arguments: seen?.arguments,
		sent: runs.map((r) => (r.body as { input: unknown }).input),
		answer: JSON.parse(String(seen?.answer)),
	}).toEqual({
		name: 'Ask_LLMStack',
		arguments: ['question'],
		sent: [{ question: 'What is n8n?' }],
		answer: [{ output: 'Echo: What is n8n?', sessionId: expect.any(String) }],
	});
});

/** What the model reads: on n8n 2.x this sentence, evaluated; n8n 1.x gets the plain text. */
const readByModel = (onTwo: string) => (ENGINE_MAJOR === 2 ? onTwo : PLAIN_DESCRIPTION);

const ANSWER =
	"returns the app's answer as output, with a sessionId that continues the conversation";

test.each([
	[
		'Define Fields Below names its inputs',
		{},
		`Runs an LLMStack app with its inputs question and ${ANSWER}`,
	],
	[
		'Continue Session with App Inputs mapped names the conversation and the mapped inputs',
		{
			operation: 'continueSession',
			sessionId: "={{ $fromAI('sessionId', 'The sessionId of the conversation', 'string') }}",
			inputMode: 'mapper',
			appInputs: { mappingMode: 'defineBelow', value: { question: QUESTION, topic: 'n8n' } },
		},
		`Continues a conversation (by its sessionId) with an LLMStack app with its inputs question, topic and ${ANSWER}`,
	],
	[
		'input written as JSON names no inputs',
		{ inputMode: 'json', inputJson: "={{ { question: $fromAI('question') } }}" },
		`Runs an LLMStack app and ${ANSWER}`,
	],
])('the tool description: %s', async (_case, parameters: IDataObject, onTwo) => {
	const { seen } = await callTool(parameters, {
		question: 'x',
		sessionId: 'f0f0f0f0-0000-4000-8000-000000000000',
	});
	expect(seen?.description).toBe(readByModel(onTwo));
});

test('a description the user wrote is what the model reads', async () => {
	const { seen } = await callTool(
		{ toolDescription: 'Answers questions about our refund policy' },
		{ question: 'x' },
	);
	expect(seen?.description).toBe('Answers questions about our refund policy');
});

test('a failing app comes back to the model as text it can act on, and the execution goes on', async () => {
	const { result, seen } = await callTool(
		{ app: { __rl: true, mode: 'id', value: APP_IDS.failing } },
		{ question: 'x' },
	);
	expect({ error: result.error, answer: String(seen?.answer) }).toEqual({
		error: undefined,
		answer: expect.stringContaining('The app failed: Incorrect API key provided (error code 401)'),
	});
});

test('behind a streaming chat, the tool sends nothing to the chat itself', async () => {
	const chunks: string[] = [];
	const { seen } = await callTool(
		{},
		{ question: 'for the model' },
		{
			onChunk: (chunk) => chunks.push(chunk.type),
		},
	);
	expect({ answer: JSON.parse(String(seen?.answer))[0].output, chunks }).toEqual({
		answer: 'Echo: for the model',
		chunks: [],
	});
});
