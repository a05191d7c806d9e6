/** Every number and name the node holds to, in one place. */

export const CREDENTIAL_TYPE = 'llmStackApi';

/** Sizes and times the node holds to, whatever a server sends. */
export const LIMITS = {
	/** A run's answer; also the longest output text the node builds from it. */
	responseBytes: 64 * 1024 * 1024,
	/** Discovery answers (app list, app schema). */
	discoveryBytes: 32 * 1024 * 1024,
	/** How much of an error body is read: enough for any JSON detail or an HTML title. */
	errorBodyBytes: 16 * 1024,
	/** Any text from a server in an error message. */
	messageChars: 1000,
	/** An error's description, server text included. */
	descriptionChars: 4000,
	/** Django's own request size limit; anything larger cannot reach LLMStack at all. */
	requestBytes: 25 * 1024 * 1024,
	/** Discovery requests (app list, app schema, the app check after a failed run). */
	discoveryTimeoutMs: 30_000,
	maxRetryDelayMs: 60_000,
	/** n8n's own request timeout runs this much past the Deadline, to tidy up sockets it left. */
	socketGraceMs: 1000,
	/** Partial outputs of streamed answers are forwarded at least this often. */
	forwardEveryMs: 100,
};

/** Data sources, history and session files. */
export const RESOURCE_LIMITS = {
	/** LLMStack's limit for one request's URL list (longer lists are split into several). */
	urlListChars: 1600,
	/** How often the entries are read while waiting for processing. */
	pollEveryMs: 1000,
	/** Pages of history or sessions read at most (20 rows each). */
	maxPages: 1000,
	/** An entry this size or smaller holds one piece of text: a URL's placeholder, maybe. */
	oneNodeBytes: 1536,
	/** LLMStack's text for a URL it could not fetch (it stores it as the entry's text). */
	urlPlaceholder: 'Could not extract text from URL',
};
