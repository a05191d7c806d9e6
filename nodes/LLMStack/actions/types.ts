/** What the router asks of every operation. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RunEnvironment } from '../run/types';

/** One operation on one item: its output item's JSON, or a thrown n8n error. */
export type OperationExecute = (
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
) => Promise<IDataObject>;
