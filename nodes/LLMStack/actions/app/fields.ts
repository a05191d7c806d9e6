/** The App operations' parameters, shared by Run App and Continue Session (UI only). */
import type { INodeProperties } from 'n8n-workflow';

import { APP_ID_REGEX, APP_URL_REGEX } from '../../helpers/appId';
import { maxTriesOption, retryDelayOption } from '../shared';

export const appLocator: INodeProperties = {
	displayName: 'App',
	name: 'app',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The LLMStack app to run',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an app...',
			typeOptions: { searchListMethod: 'searchApps', searchable: true },
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'http://localhost:3000/apps/2f6a0c2e-8f0b-4f4e-9a51-3b1d2c4e5f60',
			hint: "The app's address in the LLMStack app builder",
			extractValue: { type: 'regex', regex: APP_URL_REGEX },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: APP_URL_REGEX,
						errorMessage:
							"Not an LLMStack app URL: use the app's address from the LLMStack app builder, like http://localhost:3000/apps/2f6a0c2e-8f0b-4f4e-9a51-3b1d2c4e5f60",
					},
				},
			],
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '2f6a0c2e-8f0b-4f4e-9a51-3b1d2c4e5f60',
			hint: 'The app UUID, shown in the app builder URL and on its API tab',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `^\\s*${APP_ID_REGEX}\\s*$`,
						errorMessage: 'Not an app ID: it is a UUID like 2f6a0c2e-8f0b-4f4e-9a51-3b1d2c4e5f60',
					},
				},
			],
		},
	],
};

const inputMode: INodeProperties = {
	displayName: 'Input',
	name: 'inputMode',
	type: 'options',
	default: 'mapper',
	options: [
		{
			name: 'Map App Inputs',
			value: 'mapper',
			description:
				"One field per input of the selected app, loaded from LLMStack; files come from the item's binary data",
		},
		{
			name: 'Define Fields Below',
			value: 'fields',
			description: 'Set each app input by name; values can be expressions',
		},
		{
			name: 'JSON',
			value: 'json',
			description: 'Write the whole input object as JSON or an expression',
		},
		{
			name: 'All Item Fields',
			value: 'item',
			description: 'Send every field of the incoming item as an app input',
		},
	],
	description: "How the item's data becomes the app's input",
};

const appInputs: INodeProperties = {
	displayName: 'App Inputs',
	name: 'appInputs',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	required: true,
	displayOptions: { show: { inputMode: ['mapper'] } },
	typeOptions: {
		loadOptionsDependsOn: ['app.value'],
		resourceMapper: {
			resourceMapperMethod: 'getAppInputs',
			// 'add' is the mode in which n8n marks required fields and offers no way to remove them.
			mode: 'add',
			fieldWords: { singular: 'input', plural: 'inputs' },
			addAllFields: true,
			multiKeyMatch: false,
			supportAutoMap: false,
			allowEmptyValues: true,
			noFieldsError: 'This app has no inputs, or the app could not be loaded',
		},
	},
};

const inputFields: INodeProperties = {
	displayName: 'Input Fields',
	name: 'inputFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Input Field',
	default: {},
	displayOptions: { show: { inputMode: ['fields'] } },
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'question',
					description:
						"The input's name in the app (LLMStack shows it in the app's input settings)",
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: '={{ $json.question }}',
				},
			],
		},
	],
};

const inputJson: INodeProperties = {
	displayName: 'Input JSON',
	name: 'inputJson',
	type: 'json',
	default: '{\n  "question": "What is n8n?"\n}',
	displayOptions: { show: { inputMode: ['json'] } },
	description: "The app's input object",
};

const excludeFields: INodeProperties = {
	displayName: 'Fields to Leave Out',
	name: 'excludeFields',
	type: 'string',
	default: '',
	placeholder: 'sessionId, ID',
	displayOptions: { show: { inputMode: ['item'] } },
	description: 'Comma-separated item fields not to send',
};

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 5,
			description: 'How many runs are in flight at once; 1 runs items strictly one after another',
		},
		{
			displayName: 'Download Output Files',
			name: 'downloadFiles',
			type: 'boolean',
			default: false,
			description:
				"Whether to download the files the app's output points at (LLMStack's objref://sessionfiles/… references and inline data: URIs, as image and chart processors return them) into binary properties file_0, file_1, …; the output's files field lists them. The API token is sent only to the credential's host, never to object storage.",
		},
		maxTriesOption(
			"How often a run is sent at most. A run is sent again only when it provably did not start: no connection could be made (refused, unknown host, reset while connecting or before the request was written whole), or LLMStack or its proxy answered 429 or 503. A connection that breaks after the request was sent, a 502, 500 or 504 and the app's own errors are never retried, because the app may have run and each run costs money. Retries and their waits count against the Timeout. n8n's Settings → Retry On Fail, by contrast, runs the whole node again for any error.",
		),
		{
			displayName: 'Pause Between Batches (Milliseconds)',
			name: 'batchPauseMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Wait this long between batches of Concurrency items; 0 keeps every slot busy without pauses',
		},
		retryDelayOption,
		{
			displayName: 'Session ID Placement',
			name: 'sessionPlacement',
			type: 'options',
			default: 'body',
			displayOptions: { show: { '/operation': ['continueSession'] } },
			options: [
				{
					name: 'Body (LLMStack v0.2.6 and Newer)',
					value: 'body',
					description: 'Sends session_id in the request body',
				},
				{
					name: 'URL (LLMStack up to v0.2.5)',
					value: 'url',
					description: 'Sends the session in the URL, /run/&lt;session ID&gt;',
				},
			],
			description:
				'Where the session ID goes. v0.2.6 only reads the body; servers up to v0.2.5 only read the URL.',
		},
		{
			displayName: 'Stream',
			name: 'stream',
			type: 'boolean',
			default: false,
			description:
				'Whether to ask LLMStack to stream the answer. The node collects the stream into one result either way; v0.2.6 and newer always answer in one piece.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description:
				'How long one item may take, from the first connection to the last byte of the answer, retries and their waits included. The item fails when it passes, whatever the server does. Runs are slow: LLMStack sends nothing until the app has finished.',
		},
	],
};

/** Before the operation's own fields: which app. */
export const appFields: INodeProperties[] = [appLocator];

/** After the operation's own fields: the input, the output and the options. */
export const runFields: INodeProperties[] = [
	inputMode,
	appInputs,
	inputFields,
	inputJson,
	excludeFields,
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		default: 'standard',
		options: [
			{
				name: 'Standard',
				value: 'standard',
				description:
					"The output, the session ID (in the API's session field and in sessionId) and the app ID",
			},
			{
				name: 'Simplified',
				value: 'simplified',
				description: 'Only output and sessionId: the least an AI agent needs to read',
			},
			{
				name: 'Raw',
				value: 'raw',
				description:
					"Standard fields plus the processors' outputs (chunks), an agent's steps (agent_* fields) and the whole response",
			},
		],
	},
	options,
];

/**
 * The options' defaults, read from the options above (n8n's lint wants literal defaults there),
 * for options left empty or never added.
 */
export const DEFAULTS = {
	timeoutSeconds: numberDefault('timeoutSeconds'),
	concurrency: numberDefault('concurrency'),
	maxTries: numberDefault('maxTries'),
	retryDelayMs: numberDefault('retryDelayMs'),
};

function numberDefault(name: string): number {
	const option = (options.options as INodeProperties[]).find((o) => o.name === name);
	return option!.default as number;
}
