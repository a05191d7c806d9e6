/** The Session resource: read a conversation back, and list an app's sessions. */
import type { INodeProperties } from 'n8n-workflow';

import { appLocator } from '../app/fields';
import { requestOptions } from '../shared';
import type { Operation } from '../types';
import * as getHistory from './getHistory.operation';
import * as listSessions from './listSessions.operation';

export const operations: Record<string, Operation> = {
	getHistory: { execute: getHistory.execute },
	listSessions: { execute: listSessions.execute },
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		default: 'getHistory',
		options: [
			{
				name: 'Get History',
				value: 'getHistory',
				action: 'Get the history of a session',
				description: 'One item per turn of a conversation, oldest first',
			},
			{
				name: 'List Sessions',
				value: 'listSessions',
				action: 'List the sessions of an app',
				description: "The app's sessions, newest first (needs write permission on the app)",
			},
		],
	},
	{ ...appLocator, displayOptions: { show: { resource: ['session'] } } },
	...getHistory.description,
	...listSessions.description,
	requestOptions({ resource: ['session'], operation: ['listSessions'] }, 60),
];
