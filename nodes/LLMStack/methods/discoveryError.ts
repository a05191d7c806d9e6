/** Editor methods (load-options) show discovery failures in the words runs use. */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { FailureError, toNodeError } from '../failure';
import { serverTextFor } from '../transport';

/** A discovery failure in the words a run would use, so the editor shows them too. */
export async function editorError(ctx: ILoadOptionsFunctions, error: unknown): Promise<Error> {
	if (!(error instanceof FailureError)) return error as Error;
	return toNodeError(ctx.getNode(), error.failure, await serverTextFor(ctx));
}
