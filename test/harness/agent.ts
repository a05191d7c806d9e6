/**
 * A stand-in for n8n's AI Agent: it takes the tools connected to its Tool input the way the
 * agent does (n8n-core builds them from the node: name, description, `$fromAI()` schema), and
 * calls each one with the arguments an item holds, as a model would. It outputs what the model
 * would read: each tool's name, description, argument names and answer.
 */
import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';

interface ConnectedTool {
	name: string;
	description: string;
	schema: { shape?: Record<string, unknown> };
	invoke(args: Record<string, unknown>): Promise<unknown>;
}

export class ScriptedAgent implements INodeType {
	description = {
		displayName: 'Scripted Agent',
		name: 'scriptedAgent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tools with the arguments each item holds',
		defaults: { name: 'Agent' },
		inputs: ['main', 'ai_tool'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions) {
		const connected = (await this.getInputConnectionData('ai_tool' as never, 0)) as
			ConnectedTool | ConnectedTool[];
		const tools = Array.isArray(connected) ? connected : [connected];
		const out = [];
		for (const [index, item] of this.getInputData().entries()) {
			for (const tool of tools) {
				const answer = await tool.invoke(item.json.toolArgs as Record<string, unknown>);
				out.push({
					json: {
						name: tool.name,
						description: tool.description,
						arguments: Object.keys(tool.schema.shape ?? {}),
						answer: String(answer),
					},
					pairedItem: { item: index },
				});
			}
		}
		return [out];
	}
}

/** The node as n8n offers it to agents: the `<name>Tool` type, with an AI tool output only. */
export function asToolType(node: INodeType): INodeType {
	const description = {
		...node.description,
		name: `${node.description.name}Tool`,
		displayName: `${node.description.displayName} Tool`,
		inputs: [],
		outputs: ['ai_tool'],
	} as unknown as INodeTypeDescription;
	return Object.assign(Object.create(node) as INodeType, { description });
}
