/**
 * Benchmark 4: the LLMStack node against n8n's HTTP Request node doing the same runs in the
 * same real n8n (2.x). Both use concurrency 10 and the same emulator; the time is each node's
 * own execution time as n8n records it, so n8n's start-up is not counted.
 */
import { ensureInstalled } from '../e2e/lib/install';
import { N8nInstance } from '../e2e/lib/n8n';
import { pack } from '../e2e/lib/pack';
import { N8N } from '../e2e/lib/versions';
import { APP_IDS } from '../test/emulator/apps';
import type { Emulator } from '../test/emulator/server';

const ITEMS = 500;

function workflow(id: string, runner: Record<string, unknown>) {
	const make = {
		id: 'b0000000-0000-4000-8000-000000000002',
		name: 'Make Items',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [220, 0],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{
						id: 'l',
						name: 'list',
						type: 'array',
						value: `={{ Array.from({ length: ${ITEMS} }, (_, i) => ({ question: 'q' + i })) }}`,
					},
				],
			},
			options: {},
		},
	};
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			make,
			{
				id: 'b0000000-0000-4000-8000-000000000003',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [440, 0],
				parameters: { fieldToSplitOut: 'list', options: {} },
			},
			{ id: 'b0000000-0000-4000-8000-000000000004', name: 'Runner', position: [660, 0], ...runner },
		],
		connections: {
			Start: { main: [[{ node: 'Make Items', type: 'main', index: 0 }]] },
			'Make Items': { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Runner', type: 'main', index: 0 }]] },
		},
	};
}

export async function benchRealN8n(
	emulator: Emulator,
): Promise<{ llmstackMs: number; httpRequestMs: number; items: number }> {
	const version = { ...N8N[2], portBase: 35678 };
	ensureInstalled(version);
	const n8n = new N8nInstance(version, pack('bench'));
	try {
		await n8n.importCredentials([
			{
				id: 'benchLLMStack001',
				name: 'LLMStack',
				type: 'llmStackApi',
				data: { baseUrl: emulator.url, apiToken: emulator.tokens.owner },
			},
			{
				id: 'benchHeaderAuth1',
				name: 'Token header',
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: `Token ${emulator.tokens.owner}` },
			},
		]);
		const llmstack = workflow('benchLLMStackNode', {
			type: 'n8n-nodes-llmstack.llmStack',
			typeVersion: 1,
			parameters: {
				operation: 'runApp',
				app: { __rl: true, mode: 'id', value: APP_IDS.echo },
				inputMode: 'fields',
				inputFields: { field: [{ name: 'question', value: '={{ $json.question }}' }] },
				options: { concurrency: 10 },
			},
			credentials: { llmStackApi: { id: 'benchLLMStack001', name: 'LLMStack' } },
		});
		const http = workflow('benchHttpRequest1', {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${emulator.url}/api/apps/${APP_IDS.echo}/run`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ input: { question: $json.question }, stream: false }) }}',
				options: { batching: { batch: { batchSize: 10, batchInterval: 0 } } },
			},
			credentials: { httpHeaderAuth: { id: 'benchHeaderAuth1', name: 'Token header' } },
		});
		await n8n.importWorkflows([llmstack, http]);
		const time = async (id: string) => {
			const result = await n8n.execute(id);
			const task = result.data.resultData.runData.Runner?.[0] as
				{ executionTime?: number; data?: { main: unknown[][] } } | undefined;
			if (result.status !== 'success' || task?.data?.main[0].length !== ITEMS)
				throw new Error(`${id} did not produce ${ITEMS} items`);
			return task.executionTime ?? Number.NaN;
		};
		// Alternate, and keep each node's best of two rounds: both see the same warm emulator.
		const llmstackRuns: number[] = [];
		const httpRuns: number[] = [];
		for (let round = 0; round < 2; round++) {
			llmstackRuns.push(await time(llmstack.id));
			httpRuns.push(await time(http.id));
		}
		return {
			llmstackMs: Math.min(...llmstackRuns),
			httpRequestMs: Math.min(...httpRuns),
			items: ITEMS,
		};
	} finally {
		await n8n.dispose();
	}
}
