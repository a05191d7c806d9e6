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
