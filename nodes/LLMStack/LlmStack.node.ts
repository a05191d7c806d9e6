/** The node: its description, assembled from the App resource, its editor methods and the router. */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { CREDENTIAL_TYPE } from './constants';
import { getAppInputs, searchApps, searchDataSources } from './methods';

/** What the canvas shows under the node: the operation's name. */
const SUBTITLES: Record<string, string> = {
	runApp: 'Run App',
	continueSession: 'Continue Session',
	addText: 'Add Text',
	addUrls: 'Add URLs',
	addFile: 'Add File',
	listEntries: 'List Entries',
	getEntryText: 'Get Entry Text',
	deleteEntry: 'Delete Entry',
	getHistory: 'Get History',
	listSessions: 'List Sessions',
};

// n8n finds the class by the file name, so it is LlmStack; users see the display name LLMStack.
export class LlmStack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LLMStack',
		name: 'llmStack',
		icon: { light: 'file:llmstack.svg', dark: 'file:llmstack.dark.svg' },
		group: ['transform'],
		version: 1,
		// n8n hands the subtitle the app's bare ID (never the name picked from the list): the
		// operation alone says more on the canvas.
		subtitle: `={{ ${JSON.stringify(SUBTITLES)}[$parameter["operation"]] ?? "Run App" }}`,
		description:
			'Run LLMStack apps (prompts, processors and agents), continue and read their sessions, and keep their data sources up to date',
		defaults: { name: 'LLMStack' },
		// The tool's entry in the editor's node list; what the model reads is the Tool Description
		// parameter (actions/app/toolDescription.ts).
		usableAsTool: {
			replacements: {
				description:
					'Runs an LLMStack app (a prompt, a chain of processors or an agent) with the inputs given to it and returns its answer as text (output) and a sessionId; pass the sessionId to Continue Session to keep a conversation going',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties,
	};

	methods = {
		listSearch: { searchApps, searchDataSources },
		resourceMapping: { getAppInputs },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
