/** The Data Source resource: keep an app's knowledge base in step with other systems. */
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { requestOptions } from '../shared';
import * as addFile from './addFile.operation';
import * as addText from './addText.operation';
import * as addUrls from './addUrls.operation';
import * as deleteEntry from './deleteEntry.operation';
import * as getEntryText from './getEntryText.operation';
import { DATA_SOURCE_TIMEOUT_SECONDS } from './ingest';
import * as listEntries from './listEntries.operation';

export const operations: Record<string, Operation> = {
	addText: { execute: addText.execute, oneAtATime: true },
	addUrls: { execute: addUrls.execute, oneAtATime: true },
	addFile: { execute: addFile.execute, oneAtATime: true },
	listEntries: { execute: listEntries.execute },
	getEntryText: { execute: getEntryText.execute },
	deleteEntry: { execute: deleteEntry.execute },
};

const ADDING = ['addText', 'addUrls', 'addFile'];
const BY_ENTRY = ['getEntryText', 'deleteEntry'];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dataSource'] } },
		default: 'addText',
		options: [
			{
				name: 'Add File',
				value: 'addFile',
				action: 'Add files to a data source',
				description: "Add the item's files (File or PDF data sources)",
			},
			{
				name: 'Add Text',
				value: 'addText',
				action: 'Add text to a data source',
				description: 'Add a text as one entry (Text data sources)',
			},
			{
				name: 'Add URLs',
				value: 'addUrls',
				action: 'Add web pages to a data source',
				description: 'Add one entry per web page (URL data sources)',
			},
			{
				name: 'Delete Entry',
				value: 'deleteEntry',
				action: 'Delete an entry of a data source',
			},
			{
				name: 'Get Entry Text',
				value: 'getEntryText',
				action: 'Get the text of a data source entry',
				description: 'The text LLMStack extracted from an entry (its first 20 pieces)',
			},
			{
				name: 'List Entries',
				value: 'listEntries',
				action: 'List the entries of a data source',
			},
		],
	},
	{
		displayName: 'Data Source',
		name: 'dataSource',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show: { resource: ['dataSource'], operation: [...ADDING, 'listEntries'] } },
		description: 'The LLMStack data source',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a data source...',
				typeOptions: { searchListMethod: 'searchDataSources', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '2f6a0c2e-8f0b-4f4e-9a51-3b1d2c4e5f60',
				hint: "The data source's UUID",
				validation: [
					{
						type: 'regex',
						properties: {
							regex:
								'^\\s*[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\s*$',
							errorMessage:
								'Not a data source ID: it is a UUID like 2f6a0c2e-8f0b-4f4e-9a51-3b1d2c4e5f60',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Entry ID',
		name: 'entryId',
		type: 'string',
		default: '={{ $json.uuid }}',
		required: true,
		displayOptions: { show: { resource: ['dataSource'], operation: BY_ENTRY } },
		description: 'The entry, as listed by List Entries or an Add operation (uuid)',
	},
	...addText.description,
	...addUrls.description,
	...addFile.description,
	...listEntries.description,
	...getEntryText.description,
	...deleteEntry.description,
	{
		displayName: 'Wait for Processing',
		name: 'waitForProcessing',
		type: 'boolean',
		default: true,
		displayOptions: { show: { resource: ['dataSource'], operation: ADDING } },
		description:
			'Whether to wait until LLMStack has processed the new entries (READY or FAILED) and output them; a FAILED entry fails the item. Off: output what LLMStack accepted while it processes in the background.',
	},
	requestOptions({ resource: ['dataSource'], operation: ADDING }, DATA_SOURCE_TIMEOUT_SECONDS),
	requestOptions({ resource: ['dataSource'], operation: ['listEntries', ...BY_ENTRY] }, 60),
];
