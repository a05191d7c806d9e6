import {
	buildMappedInput,
	dataUri,
	filesFieldId,
	missingRequired,
	readInputFields,
	serverMimeType,
	toResourceMapperFields,
} from '../../nodes/LLMStack/helpers/appInputs';
import type { InputFieldSpec } from '../../nodes/LLMStack/helpers/appInputs';

const SPECS: InputFieldSpec[] = [
	{ name: 'question', title: 'Question', type: 'string', required: true },
	{ name: 'count', type: 'number' },
	{ name: 'strict', type: 'boolean' },
	{ name: 'lang', title: 'Language', type: 'select', options: [{ label: 'French', value: 'fr' }] },
	{ name: 'doc', title: 'Document', type: 'file', required: true },
	{ name: 'chat', title: 'Chat', type: 'multi' },
];

/** The regex LLMStack's server applies to data URIs. */
const SERVER_DATA_URI = /^data:(?<mime>[\w/\-.]+);name=(?<filename>.*);base64,(?<data>.*)$/;

test('input fields become mapper fields with names verbatim and types mapped', () => {
	const fields = toResourceMapperFields(SPECS);
	expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([
		['question', 'string', true],
		['count', 'number', false],
		['strict', 'boolean', false],
		['lang', 'options', false],
		['doc', 'string', true],
		['chat', 'string', false],
		[filesFieldId('chat'), 'string', false],
	]);
	expect(fields[3].options).toEqual([{ name: 'French', value: 'fr' }]);
	expect(fields[4].displayName).toBe("Document (file: the item's binary property, like data)");
	expect(
		readInputFields({
			data: { input_fields: [{ name: 'a', type: 'string' }, { title: 'no name' }] },
		}),
	).toEqual([{ name: 'a', type: 'string' }]);
});

test('required inputs left empty are named', () => {
	expect(missingRequired(SPECS, { question: '', doc: 'data' }).map((spec) => spec.name)).toEqual([
		'question',
	]);
	expect(missingRequired(SPECS, { question: 'q', doc: 'data' })).toEqual([]);
});

test('MIME types become what the server parser accepts', () => {
	expect(serverMimeType('text/plain; charset=utf-8')).toBe('text/plain');
	expect(serverMimeType('application/vnd.api+json')).toBe('application/json');
	expect(serverMimeType('image/svg+xml')).toBe('image/svg');
	expect(serverMimeType(undefined)).toBe('application/octet-stream');
	expect(serverMimeType('weird/ty pe')).toBe('weird/ty-pe');
	const uri = dataUri({
		fileName: 'my report.pdf',
		mimeType: 'application/pdf; x=1',
		base64: 'QUJD',
		size: 3,
	});
	expect(uri).toMatch(SERVER_DATA_URI);
	expect(uri).toBe('data:application/pdf;name=my%20report.pdf;base64,QUJD');
});

test('mapped values become the input: files as data URIs, multi always as {text, files}', async () => {
	const read = async (property: string) => ({
		fileName: `${property}.txt`,
		mimeType: 'text/plain',
		base64: 'aGk=',
		size: 2,
	});
	const input = await buildMappedInput(
		SPECS,
		{
			question: 'q',
			count: 0,
			doc: 'data',
			chat: 'hello',
			[filesFieldId('chat')]: 'a, b',
			extra: 'kept',
		},
		read,
	);
	expect(input).toEqual({
		question: 'q',
		count: 0,
		doc: 'data:text/plain;name=data.txt;base64,aGk=',
		chat: {
			text: 'hello',
			files: [
				{
					data: 'data:text/plain;name=a.txt;base64,aGk=',
					name: 'a.txt',
					size: 2,
					type: 'text/plain',
				},
				{
					data: 'data:text/plain;name=b.txt;base64,aGk=',
					name: 'b.txt',
					size: 2,
					type: 'text/plain',
				},
			],
		},
		extra: 'kept',
	});
	expect(await buildMappedInput(SPECS, { chat: '' }, read)).toEqual({
		chat: { text: '', files: [] },
	});
});
