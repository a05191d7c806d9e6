/**
 * Executes a workflow (JSON, as n8n exports it) with n8n's real engine from n8n-core:
 * WorkflowExecute, the node execution context and the real request path
 * (httpRequestWithAuthentication → axios). Only the surroundings a server would provide
 * (database, credentials store, hooks) are stand-ins.
 */
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';

import { LLMStackApi } from '../../credentials/LLMStackApi.credentials';
// With the .js suffix: a bare 'LlmStack.node' resolves to the codex file LlmStack.node.json outside jest.
import { LlmStack } from '../../nodes/LLMStack/LlmStack.node.js';
import { ScriptedAgent, asToolType } from './agent';
import { TestCredentialsHelper } from './credentials';

/** Passes its input on: the workflow's entry point, fed with the test's items. */
class ItemsNode implements INodeType {
	description = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions) {
		return [this.getInputData()];
	}
}

const NODE_TYPES: Record<string, INodeType> = {
	'n8n-nodes-llmstack.llmStack': new LlmStack(),
	// The type n8n gives the node when an AI agent uses it as a tool.
	'n8n-nodes-llmstack.llmStackTool': asToolType(new LlmStack()),
	'test.items': new ItemsNode(),
	'test.agent': new ScriptedAgent(),
};

/** Registers another node type for workflows run here (benchmarks add baselines this way). */
export function registerNodeType(type: string, node: INodeType): void {
	NODE_TYPES[type] = node;
}

const nodeTypes: INodeTypes = {
	getByName: (type) => NODE_TYPES[type],
	getByNameAndVersion: (type) => NODE_TYPES[type],
	getKnownTypes: () => ({}),
};

export interface RunOptions {
	items: IDataObject[];
	/** Items with binary data; replaces `items` when given. */
	inputItems?: INodeExecutionData[];
	credentials: ICredentialDataDecryptedObject;
	mode?: WorkflowExecuteMode;
	/** Called once the execution is under way, with a function that cancels it. */
	onStart?: (cancel: () => void) => void;
	/** Registers a sendChunk hook and turns streaming on, as a streaming Webhook trigger does. */
	onChunk?: (chunk: { type: string; content?: string; metadata: { itemIndex: number } }) => void;
}

export interface WorkflowResult {
	run: IRun;
	/** Output items of a node (first run, main output `outputIndex`). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error the execution ended with, if any. */
	error: (Error & { description?: string; context?: IDataObject }) | undefined;
}

function buildWorkflow(fixture: IWorkflowBase): {
	workflowJson: IWorkflowBase;
	workflow: Workflow;
} {
	// n8n's Workflow fills in parameter defaults in place: keep fixtures untouched.
	const workflowJson = JSON.parse(JSON.stringify(fixture)) as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowJson.id ?? 'test',
		name: workflowJson.name,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		settings: workflowJson.settings,
		active: false,
		nodeTypes,
	});
	return { workflowJson, workflow };
}

/** The context n8n gives a node's `methods` (app list, input mapper) while the editor is open. */
export function loadOptionsContext(
	fixture: IWorkflowBase,
	nodeName: string,
	credentials: ICredentialDataDecryptedObject,
): LoadOptionsContext {
	const { workflowJson, workflow } = buildWorkflow(fixture);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`No node ${nodeName}`);
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowJson);
	return new LoadOptionsContext(
		workflow,
		node,
		standInData(hooks, credentials, false, node.parameters),
		'parameters',
	);
}

export async function runWorkflow(
	fixture: IWorkflowBase,
	options: RunOptions,
): Promise<WorkflowResult> {
	const { workflowJson, workflow } = buildWorkflow(fixture);
	const hooks = new ExecutionLifecycleHooks(
		options.mode ?? 'manual',
		'test-execution',
		workflowJson,
	);
	let resolveFinished: (run: IRun) => void = () => undefined;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));
	if (options.onChunk) {
		const onChunk = options.onChunk;
		hooks.addHandler('sendChunk', (chunk) => onChunk(chunk as never));
	}
	const additionalData = standInData(hooks, options.credentials, options.onChunk !== undefined);

	const targets = new Set(
		Object.values(workflowJson.connections).flatMap((byType) =>
			Object.values(byType).flatMap((outputs) =>
				outputs.flatMap((list) => (list ?? []).map((c) => c.node)),
			),
		),
	);
	const entry = workflowJson.nodes.find((node) => !targets.has(node.name));
	const start = entry && workflow.getNode(entry.name);
	if (!start) throw new Error('The workflow has no entry node');
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{
					node: start,
					data: { main: [options.inputItems ?? options.items.map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	} as unknown as IRunExecutionData;

	const execution = new WorkflowExecute(additionalData, options.mode ?? 'manual', runExecutionData);
	const running = execution.processRunExecutionData(workflow);
	options.onStart?.(() => running.cancel());
	await running.catch(() => undefined);
	const run = await finished;
	return {
		run,
		output(nodeName: string, outputIndex = 0) {
			const task = run.data.resultData.runData[nodeName]?.[0];
			return (task?.data?.main?.[outputIndex] ?? []) as INodeExecutionData[];
		},
		error: run.data.resultData.error as WorkflowResult['error'],
	};
}

function standInData(
	hooks: ExecutionLifecycleHooks,
	credentials: ICredentialDataDecryptedObject,
	streamingEnabled: boolean,
	currentNodeParameters?: INodeParameters,
): IWorkflowExecuteAdditionalData {
	const credentialsHelper = new TestCredentialsHelper(
		{ llmStackApi: new LLMStackApi() },
		{ llmStackApi: credentials },
	);
	return serverStandIn({
		hooks,
		credentialsHelper,
		// What the editor sends with a load-options request: the node's parameters as set.
		currentNodeParameters,
		streamingEnabled,
		executionTimeoutTimestamp: undefined,
		evalLlmMockHandler: undefined,
		encryptedRunnerIdentity: undefined,
		executionId: 'test-execution',
		userId: undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		instanceBaseUrl: 'http://127.0.0.1/',
		variables: {},
	});
}

/**
 * What a server hands the engine: the given fields are real; anything else the engine asks for
 * is a function that does nothing (hooks into the database, the UI push channel and the like).
 * Works outside jest too, so benchmarks run the same path.
 */
function serverStandIn(
	fields: Partial<IWorkflowExecuteAdditionalData>,
): IWorkflowExecuteAdditionalData {
	return new Proxy(fields, {
		get: (target, key) => (key in target ? target[key as keyof typeof target] : () => undefined),
		has: () => true,
	}) as IWorkflowExecuteAdditionalData;
}
