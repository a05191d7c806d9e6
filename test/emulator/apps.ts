/**
 * The emulator's apps: each stands for a kind of LLMStack app a node user meets. A run gets
 * the input and the session's memory and returns processor outputs (keyed by processor id,
 * as LLMStack's `chunks`) or throws a processor error (which LLMStack reports with HTTP 200).
 */
export interface InputField {
	name: string;
	title?: string;
	description?: string;
	type: string;
	required?: boolean;
	options?: Array<{ label: string; value: string }>;
}

export interface RunContext {
	input: Record<string, unknown>;
	/** Per-session processor memory, like LLMStack's `app_session_<id>` cache entry. */
	memory: Record<string, unknown>;
	sleep: (ms: number) => Promise<void>;
	/** Stores a file the app made and returns its `objref://sessionfiles/<uuid>`. */
	storeFile: (name: string, type: string, bytes: Buffer) => string;
}

export interface AppDefinition {
	uuid: string;
	name: string;
	description: string;
	typeSlug: 'web' | 'text-chat' | 'agent';
	typeName: string;
	owner: string;
	sharedWith?: string[];
	visibility: 0 | 1 | 2 | 3;
	published: boolean;
	inputFields: InputField[];
	template: string;
	run: (ctx: RunContext) => Promise<Record<string, Record<string, unknown>>>;
	/** Agent apps answer with extra `agent_*` keys next to `output`. */
	agentOutput?: (outputs: Record<string, Record<string, unknown>>) => Record<string, string>;
}

export class ProcessorFailure extends Error {}

/** Thrown by the file app for a value the real server's data-URI regex rejects (a 500 there). */
export class InvalidDataUri extends Error {}

export const OWNER = 'owner@example.com';
export const OTHER = 'other@example.com';

export const APP_IDS = {
	echo: '11111111-1111-4111-8111-111111111111',
	chat: '22222222-2222-4222-8222-222222222222',
	failing: '33333333-3333-4333-8333-333333333333',
	agent: '44444444-4444-4444-8444-444444444444',
	file: '55555555-5555-4555-8555-555555555555',
	draft: '66666666-6666-4666-8666-666666666666',
	slow: '77777777-7777-4777-8777-777777777777',
	private: '88888888-8888-4888-8888-888888888888',
	shared: '99999999-9999-4999-8999-999999999999',
	image: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
	chart: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
};

/** A 1×1 PNG, what the image and chart apps make. */
export const PNG_BYTES = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

/** The same regex LLMStack's `validate_parse_data_uri` applies with `re.match`. */
const DATA_URI = /^data:([\w/\-.]+);name=(.*?);base64,(.*)$/s;

const text = (value: unknown): string =>
	value === undefined || value === null ? '' : String(value);

/** Most apps are the owner's, private and published. */
const ownApp = (
	app: Omit<AppDefinition, 'owner' | 'visibility' | 'published'> & Partial<AppDefinition>,
): AppDefinition => ({
	owner: OWNER,
	visibility: 0,
	published: true,
	...app,
});

export const APPS: AppDefinition[] = [
	ownApp({
		uuid: APP_IDS.echo,
		name: 'Echo',
		description: 'Repeats the question',
		typeSlug: 'web',
		typeName: 'Web App',
		inputFields: [
			{
				name: 'question',
				title: 'Question',
				description: 'Ask anything',
				type: 'string',
				required: true,
			},
		],
		template: 'Echo: {{echo1.output_str}}',
		run: async ({ input }) => ({ echo1: { output_str: text(input.question) } }),
	}),
	ownApp({
		uuid: APP_IDS.chat,
		name: 'Chat with memory',
		description: 'Counts the turns of a session and remembers the first message',
		typeSlug: 'text-chat',
		typeName: 'Text Chat',
		inputFields: [{ name: 'message', title: 'Message', type: 'text', required: true }],
		template: '{{chat1.output_str}}',
		run: async ({ input, memory }) => {
			const history = (memory.chat1 as string[] | undefined) ?? [];
			history.push(text(input.message));
			memory.chat1 = history;
			return {
				chat1: {
					output_str: `Turn ${history.length}: you said "${history[history.length - 1]}" (first message: "${history[0]}")`,
					text: text(input.message),
					objref: null,
				},
			};
		},
	}),
	ownApp({
		uuid: APP_IDS.failing,
		name: 'Broken provider',
		description: 'A processor whose provider key is wrong',
		typeSlug: 'web',
		typeName: 'Web App',
		inputFields: [{ name: 'question', type: 'string' }],
		template: '{{llm1.output_str}}',
		run: async () => {
			throw new ProcessorFailure(
				"Error code: 401 - {'error': {'message': 'Incorrect API key provided', 'code': 'invalid_api_key'}}",
			);
		},
	}),
	ownApp({
		uuid: APP_IDS.agent,
		name: 'Research agent',
		description: 'An agent that calls a search tool, then answers',
		typeSlug: 'agent',
		typeName: 'Agent',
		inputFields: [{ name: 'task', title: 'Task', type: 'string', required: true }],
		template: '{{agent.output}}',
		run: async ({ input }) => ({
			agent: { output: `Final answer about ${text(input.task)}` },
			'web_search/0/call_abc': { results: [`result for ${text(input.task)}`] },
		}),
		agentOutput: (outputs) => ({
			agent_tool_calls__0__web_search__call_abc: JSON.stringify({
				query: text((outputs['web_search/0/call_abc'].results as string[])[0]),
			}),
			agent_tool_call_output__0__web_search__call_abc: JSON.stringify(
				outputs['web_search/0/call_abc'].results,
			),
			agent_output__1: text(outputs.agent.output),
		}),
	}),
	ownApp({
		uuid: APP_IDS.file,
		name: 'Describe a file',
		description: 'Reports the name, type and size of an uploaded file',
		typeSlug: 'web',
		typeName: 'Web App',
		inputFields: [
			{ name: 'file', title: 'File', type: 'file', required: true },
			{ name: 'note', title: 'Note', type: 'string' },
		],
		template: '{{describe1.output_str}}',
		run: async ({ input }) => {
			const match = DATA_URI.exec(text(input.file));
			if (!match) throw new InvalidDataUri('Invalid data URI');
			const bytes = Buffer.from(match[3], 'base64').length;
			return {
				describe1: {
					output_str: `Received ${match[2]} (${bytes} bytes, ${match[1]})${input.note ? `: ${text(input.note)}` : ''}`,
				},
			};
		},
	}),
	ownApp({
		uuid: APP_IDS.draft,
		name: 'Unpublished draft',
		description: 'Saved only as a draft: runs fail',
		typeSlug: 'web',
		typeName: 'Web App',
		published: false,
		inputFields: [{ name: 'question', type: 'string' }],
		template: '',
		run: async () => ({}),
	}),
	ownApp({
		uuid: APP_IDS.slow,
		name: 'Slow app',
		description: 'Waits delay_ms before answering',
		typeSlug: 'web',
		typeName: 'Web App',
		inputFields: [
			{ name: 'delay_ms', title: 'Delay (ms)', type: 'number' },
			{ name: 'question', type: 'string' },
		],
		template: 'Done after {{slow1.waited}} ms: {{slow1.output_str}}',
		run: async ({ input, sleep }) => {
			const waited = Number(input.delay_ms) || 0;
			await sleep(waited);
			return { slow1: { waited, output_str: text(input.question) } };
		},
	}),
	ownApp({
		uuid: APP_IDS.private,
		name: "Someone else's app",
		description: 'Owned by another user and not shared',
		typeSlug: 'web',
		typeName: 'Web App',
		owner: OTHER,
		inputFields: [{ name: 'question', type: 'string' }],
		template: '{{p1.output_str}}',
		run: async () => ({ p1: { output_str: 'private' } }),
	}),
	ownApp({
		uuid: APP_IDS.shared,
		name: 'Shared translator',
		description: 'Owned by another user, shared with the owner',
		typeSlug: 'web',
		typeName: 'Web App',
		owner: OTHER,
		sharedWith: [OWNER],
		inputFields: [
			{
				name: 'language',
				title: 'Language',
				type: 'select',
				options: [
					{ label: 'French', value: 'fr' },
					{ label: 'German', value: 'de' },
				],
			},
			{ name: 'text', title: 'Text', type: 'text' },
		],
		template: '[{{t1.language}}] {{t1.output_str}}',
		run: async ({ input }) => ({
			t1: { language: text(input.language), output_str: text(input.text) },
		}),
	}),
	ownApp({
		uuid: APP_IDS.image,
		name: 'Image generator',
		description: 'Makes an image and stores it as a session file',
		typeSlug: 'web',
		typeName: 'Web App',
		inputFields: [{ name: 'prompt', title: 'Prompt', type: 'string', required: true }],
		template: '<pa-asset url="{{image1.answer}}" type="image/png"></pa-asset>',
		run: async ({ input, storeFile }) => ({
			image1: {
				answer: storeFile(`${text(input.prompt) || 'image'} 1.png`, 'image/png', PNG_BYTES),
			},
		}),
	}),
	ownApp({
		uuid: APP_IDS.chart,
		name: 'Chart maker',
		description: 'Draws a chart and returns it inline, as the code interpreter does',
		typeSlug: 'web',
		typeName: 'Web App',
		inputFields: [{ name: 'data', title: 'Data', type: 'string' }],
		template: 'Here is the chart: ![Image](data:image/png;base64,{{code1.image}})',
		run: async () => ({ code1: { image: PNG_BYTES.toString('base64') } }),
	}),
];
