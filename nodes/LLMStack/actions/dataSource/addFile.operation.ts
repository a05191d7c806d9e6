/** Add File: one entry per file from the item's binary data, in a File or PDF data source. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputFailure } from '../../failure';
import type { Failure } from '../../failure';
import { serverMimeType } from '../../helpers/appInputs';
import type { RunEnvironment } from '../../run/types';
import { addToDataSource } from './ingest';
import { wrongType } from './sourceTypes';

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Fields',
		name: 'binaryProperties',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'data, attachment_1',
		displayOptions: { show: { resource: ['dataSource'], operation: ['addFile'] } },
		description:
			"The item's binary properties holding the files, comma-separated; each file becomes one entry named after its file name",
	},
];

interface FileToAdd {
	name: string;
	mimeType: string;
	bytes: Buffer;
}

export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
): Promise<IDataObject> {
	const properties = String(ctx.getNodeParameter('binaryProperties', itemIndex, 'data'))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const files: FileToAdd[] = [];
	for (const property of properties) {
		const binary = ctx.helpers.assertBinaryData(itemIndex, property);
		files.push({
			name: entryFileName(binary.fileName, property, binary.fileExtension),
			mimeType: serverMimeType(binary.mimeType),
			bytes: await ctx.helpers.getBinaryDataBuffer(itemIndex, property),
		});
	}
	return await addToDataSource(ctx, itemIndex, env, (dataSource) => {
		const type = dataSource.sourceType;
		if (type !== undefined && type !== 'file' && type !== 'pdf')
			return wrongType(dataSource, 'Add File');
		if (files.length === 0)
			return inputFailure(
				'No file to add',
				"Set Input Binary Fields to the item's binary properties.",
			);
		for (const file of files) {
			const refused = refusal(file, type);
			if (refused) return refused;
		}
		const uris = files.map(
			(file) => `data:${file.mimeType};name=${file.name};base64,${file.bytes.toString('base64')}`,
		);
		return {
			// A PDF data source reads one file per request; a File data source a `|`-joined list.
			requests:
				type === 'pdf'
					? uris.map((uri) => ({ file: uri, extra_data: [] }))
					: [{ file: uris.join('|'), extra_data: [] }],
			names: files.map((file) => file.name),
		};
	});
}

/**
 * A file name LLMStack can carry in a data URI and store: one line, no `|` (it separates
 * files), never empty.
 */
export function entryFileName(
	fileName: string | undefined,
	property: string,
	extension?: string,
): string {
	const cleaned = (fileName ?? '').replace(/[\x00-\x1f\x7f|]/g, '_').trim();
	return cleaned || `${property}${extension ? `.${extension}` : ''}`;
}

/** Files LLMStack accepts and then fails on, said before anything is sent. */
function refusal(file: FileToAdd, sourceType: string | undefined): Failure | undefined {
	const kind = file.mimeType.split('/')[0];
	if (sourceType === 'pdf' && file.mimeType !== 'application/pdf') {
		return inputFailure(
			`"${file.name}" is not a PDF (${file.mimeType})`,
			'A PDF data source reads PDF files only. Pick a data source of the File type for other files.',
		);
	}
	if (kind === 'audio' || kind === 'video' || file.mimeType === 'application/vnd.ms-powerpoint') {
		return inputFailure(
			`LLMStack cannot read "${file.name}" (${file.mimeType})`,
			'LLMStack cannot extract text from audio, video or .ppt files: the entry would end FAILED. Convert the file to text, PDF or .pptx first.',
		);
	}
	const textual =
		kind === 'text' || file.mimeType === 'application/json' || file.mimeType === 'application/csv';
	if (textual && !isUtf8(file.bytes)) {
		return inputFailure(
			`"${file.name}" is not UTF-8 text`,
			'LLMStack reads text, JSON and CSV files as UTF-8 only: the entry would end FAILED. Convert the file to UTF-8 first (for example with the Extract From File and Convert to File nodes).',
		);
	}
	return undefined;
}

function isUtf8(bytes: Buffer): boolean {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}
