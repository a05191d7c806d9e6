/** The node's parameters: the resource, then each resource's operations and fields. */
import type { INodeProperties } from 'n8n-workflow';

import * as app from './app';
import * as dataSource from './dataSource';
import * as session from './session';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		// Workflows saved before the resource existed have none: App keeps them running.
		default: 'app',
		options: [
			{ name: 'App', value: 'app', description: 'Run apps and continue their sessions' },
			{
				name: 'Data Source',
				value: 'dataSource',
				description: "Add to, list and delete the entries of an app's knowledge base",
			},
			{
				name: 'Session',
				value: 'session',
				description: 'Read conversations back and list sessions',
			},
		],
	},
	...app.description,
	...dataSource.description,
	...session.description,
];
