/** The one way tests build credentials and run the Run App fixture with changed parameters. */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeParameters,
	IWorkflowBase,
} from 'n8n-workflow';

import { fixtures, withParameters, withSettings } from './fixtures';
import { runWorkflow } from './runWorkflow';
import type { RunOptions } from './runWorkflow';

/** A server the node talks to: the emulator, or any test server with a URL. */
export interface Target {
	url: string;
	tokens?: { owner: string };
}

export function credentialsFor(
	target: Target,
	apiToken = target.tokens?.owner ?? '',
): ICredentialDataDecryptedObject {
	return { baseUrl: target.url, apiToken };
}

export function runAppWorkflow(
	parameters: IDataObject = {},
	settings?: IDataObject,
): IWorkflowBase {
	const workflow = withParameters(fixtures.runApp, 'Run App', parameters);
	return settings ? withSettings(workflow, 'Run App', settings) : workflow;
}

/** Runs the fixture's Run App node over `items`; its output, error and how long it took. */
export async function runApp(
	target: Target,
	parameters: IDataObject = {},
	items: IDataObject[] = [{ question: 'x' }],
	more: { settings?: IDataObject; apiToken?: string } & Partial<RunOptions> = {},
) {
	return await runNode(target, withParameters(fixtures.runApp, 'Run App', parameters), items, more);
}

/** Runs the fixture's node with exactly these parameters (any resource and operation). */
export async function runOperation(
	target: Target,
	parameters: IDataObject,
	items: IDataObject[] = [{}],
	more: { apiToken?: string; settings?: IDataObject } & Partial<RunOptions> = {},
) {
	const workflow = JSON.parse(JSON.stringify(fixtures.runApp)) as IWorkflowBase;
	workflow.nodes.find((n) => n.name === 'Run App')!.parameters = parameters as INodeParameters;
	return await runNode(target, workflow, items, more);
}

async function runNode(
	target: Target,
	workflow: IWorkflowBase,
	items: IDataObject[],
	more: { settings?: IDataObject; apiToken?: string } & Partial<RunOptions>,
) {
	const { settings, apiToken, ...options } = more;
	const started = Date.now();
	const result = await runWorkflow(
		settings ? withSettings(workflow, 'Run App', settings) : workflow,
		{
			items,
			credentials: credentialsFor(target, apiToken),
			...options,
		},
	);
	return {
		result,
		items: result.output('Run App'),
		error: result.error,
		elapsed: Date.now() - started,
	};
}
