/** The node's entry: resource → operation → that operation's execute, for every item. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as app from './app';
import * as dataSource from './dataSource';
import { runItems } from './items';
import * as session from './session';
import type { Operation } from './types';

const resources: Record<string, Record<string, Operation>> = {
	app: app.operations,
	dataSource: dataSource.operations,
	session: session.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Workflows saved before there was a resource parameter run App operations.
	const resource = this.getNodeParameter('resource', 0, 'app') as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported`,
		);
	}
	return await runItems(this, operation);
}
