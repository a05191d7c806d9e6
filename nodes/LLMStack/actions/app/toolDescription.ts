/**
 * What an AI agent's model reads about the node when it runs as a tool (n8n's `llmStackTool`).
 * n8n's own text names the operation only ("Run an app in LLMStack"); a model fills the tool
 * better when the text names the inputs it is sent. The app itself can only be named by the
 * node (n8n names the tool after it) or a description the user writes: n8n's expressions see a
 * picked app's ID, never the name shown in the list.
 */
import { NodeHelpers } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

/** The app inputs the node sends, by name, in the two input modes that name them. */
const INPUT_NAMES = `($parameter.inputMode === 'fields' ? (($parameter.inputFields || {}).field || []).map(f => f.name).filter(n => n) : $parameter.inputMode === 'mapper' ? Object.keys(($parameter.appInputs || {}).value || {}) : [])`;

/** Evaluated by n8n (2.x) when the agent takes its tools, so it follows the inputs the user maps. */
export const NAMING_DESCRIPTION = `={{ ($parameter.operation === 'continueSession' ? 'Continues a conversation (by its sessionId) with' : 'Runs') + ' an LLMStack app' + ((names) => (names.length ? ' with its inputs ' + names.join(', ') : ''))(${INPUT_NAMES}) + " and returns the app's answer as output, with a sessionId that continues the conversation" }}`;

/** For n8n versions that send the description as typed. */
export const PLAIN_DESCRIPTION =
	"Runs an LLMStack app with the inputs given to it and returns the app's answer as output, with a sessionId that continues the conversation";

/**
 * n8n 2.x evaluates an expression in a tool's description (it hands `getToolDescriptionForNode`
 * a resolver, its third parameter); n8n 1.x would show the model the expression's source, so
 * it gets the plain text.
 */
export function describesWithExpressions(): boolean {
	return (NodeHelpers.getToolDescriptionForNode?.length ?? 0) >= 3;
}

const asTyped: INodeProperties = {
	displayName: 'Tool Description',
	name: 'toolDescription',
	type: 'string',
	default: PLAIN_DESCRIPTION,
	typeOptions: { rows: 3 },
	// Only on the tool: n8n gives the node the type `llmStackTool` there.
	displayOptions: { show: { '@tool': [true] } },
	description:
		"What the AI agent reads about this tool to decide when to call it and what to send. By default it names the app's inputs: say what the app is for, or name the node after it (the tool takes the node's name). n8n 1.x sends this text as typed, without evaluating expressions.",
};

export const toolDescription: INodeProperties = describesWithExpressions()
	? { ...asTyped, default: NAMING_DESCRIPTION }
	: asTyped;
