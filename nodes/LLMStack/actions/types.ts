/** What the router asks of every operation. */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RunEnvironment } from '../run/types';

/** An output item that carries files next to its JSON. */
export class WithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/**
 * One operation on one item: its output item's JSON (or several, for lists, all paired with
 * the item), or a thrown n8n error.
 */
export type OperationExecute = (
	ctx: IExecuteFunctions,
	itemIndex: number,
	env: RunEnvironment,
) => Promise<IDataObject | IDataObject[] | WithBinary>;

export interface Operation {
	execute: OperationExecute;
	/** Items run one after another (additions to a data source must not mix their entries). */
	oneAtATime?: boolean;
}
