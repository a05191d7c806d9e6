/** Workflow fixtures and the small edits tests make to them. */
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import chatWorkflow from '../workflows/chat.workflow.json';
import runAppWorkflow from '../workflows/run-app.workflow.json';

export const fixtures = {
	runApp: runAppWorkflow as unknown as IWorkflowBase,
	chat: chatWorkflow as unknown as IWorkflowBase,
};

/** A copy of the workflow with one node's parameters merged with `patch` (one level deep). */
export function withParameters(
	workflow: IWorkflowBase,
	nodeName: string,
	patch: IDataObject,
): IWorkflowBase {
	const copy = JSON.parse(JSON.stringify(workflow)) as IWorkflowBase;
	const node = copy.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`No node ${nodeName}`);
	const parameters = node.parameters as IDataObject;
	for (const [key, value] of Object.entries(patch)) {
		const current = parameters[key];
		parameters[key] =
			value &&
			typeof value === 'object' &&
			!Array.isArray(value) &&
			current &&
			typeof current === 'object' &&
			!('__rl' in value)
				? { ...(current as IDataObject), ...(value as IDataObject) }
				: (value as IDataObject);
	}
	return copy;
}

export function withSettings(
	workflow: IWorkflowBase,
	nodeName: string,
	settings: IDataObject,
): IWorkflowBase {
	const copy = JSON.parse(JSON.stringify(workflow)) as IWorkflowBase;
	const node = copy.nodes.find((n) => n.name === nodeName)!;
	Object.assign(node, settings);
	return copy;
}

export const appRef = (id: string) => ({ __rl: true, mode: 'id', value: id });
