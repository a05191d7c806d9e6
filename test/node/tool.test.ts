/**
 * Run as an AI agent's tool (n8n gives the node the type `llmStackTool`): the output is for the
 * model, so failures come back as items it can read and nothing streams to the chat.
 */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import { withEmulator } from '../harness/emulator';
import { appRef } from '../harness/fixtures';
import { credentialsFor, runAppWorkflow } from '../harness/run';
import { runWorkflow } from '../harness/runWorkflow';

function asTool(parameters: IDataObject) {
	const workflow = runAppWorkflow(parameters);
	workflow.nodes.find((node) => node.name === 'Run App')!.type = 'n8n-nodes-llmstack.llmStackTool';
	return workflow;
}

test('as a tool, a failing app comes back as an item the model reads, and the execution goes on', async () => {
	await withEmulator({}, async (emulator) => {
		const result = await runWorkflow(asTool({ app: appRef(APP_IDS.failing) }), {
			items: [{ question: 'x' }],
			credentials: credentialsFor(emulator),
		});
		expect(result.error).toBeUndefined();
		expect(result.output('Run App').map((item) => item.json.error)).toEqual([
			'The app failed: Incorrect API key provided (error code 401)',
		]);
	});
});

test('as a tool behind a streaming chat, the node sends nothing to the chat itself', async () => {
	await withEmulator({}, async (emulator) => {
		const chunks: string[] = [];
		const result = await runWorkflow(asTool({}), {
			items: [{ question: 'for the model' }],
			credentials: credentialsFor(emulator),
			onChunk: (chunk) => chunks.push(chunk.type),
		});
		expect(result.output('Run App')[0].json.output).toBe('Echo: for the model');
		expect(chunks).toEqual([]);
	});
});
