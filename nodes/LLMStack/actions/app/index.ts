/** The App resource: running apps, in a new session or an existing one. */
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Operation } from '../types';
import * as continueSession from './continueSession.operation';
import { appFields, runFields } from './fields';
import * as runApp from './runApp.operation';
import { toolDescription } from './toolDescription';

export const operations: Record<string, Operation> = {
	runApp: { execute: runApp.execute },
	continueSession: { execute: continueSession.execute },
};

const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'runApp',
		options: [
			{
				name: 'Run App',
				value: 'runApp',
				action: 'Run an app',
				description: 'Run an app in a new session',
			},
			{
				name: 'Continue Session',
				value: 'continueSession',
				action: 'Continue a session',
				description:
					'Run an app again in an existing session, so a chat app remembers earlier turns',
			},
		],
	},
	toolDescription,
	...appFields,
	...runApp.description,
	...continueSession.description,
	...runFields,
];

export const description = updateDisplayOptions({ show: { resource: ['app'] } }, properties);
