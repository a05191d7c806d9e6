/** A failure in the node's words, before it becomes an n8n error (see failure/index.ts). */
export interface Failure {
	message: string;
	description: string;
	httpCode?: number;
	/** Safe to send again: the server provably did not start the run. */
	retryable: boolean;
	retryAfter?: string;
	/** A problem with the node's own parameters or the item (an operation error in n8n's terms). */
	input?: boolean;
	/** LLMStack does not show the app to the token's user: unknown ID, or not shared (404 or 403). */
	appNotVisible?: boolean;
}

/** Carries a Failure through code that only knows exceptions (discovery, load-options). */
export class FailureError extends Error {
	constructor(
		readonly failure: Failure,
		readonly tries = 1,
	) {
		super(failure.message);
		this.name = 'FailureError';
	}
}
