/**
 * How each LLMStack server generation behaves over HTTP, from the source-grounded API spec.
 * One entry per behaviour class; the names are the newest tag of each class.
 */
export type Generation = 'head' | 'v0.2.6' | 'v0.2.5' | 'v0.2.4' | 'v0.0.31' | 'v0.0.11';

export interface GenerationProfile {
	name: Generation;
	label: string;
	/** `{"output": "..."}` from v0.2.6 on; a plain string before. */
	outputIsObject: boolean;
	/** Where the server reads the session ID to continue. */
	session: 'url-then-body' | 'body-only' | 'url-only';
	/** v0.2.6's `run(self, request, uid)` has no session kwarg: the URL form is a 500. */
	urlSessionFails: boolean;
	stream: 'ignored' | 'truncated' | 'python-repr' | 'ndjson';
	processorError: 'errors-200' | 'empty-output' | 'output-errors';
	/** Legacy servers let anonymous callers run published public apps. */
	anonymousRuns: boolean;
	/** Legacy servers answer run exceptions with 400 {"errors": [...]}; new ones with a 500 page. */
	legacyBadRequest: boolean;
	/** v0.2.6 keeps the first final response, HEAD the last. */
	includesChunks: boolean;
	detailedResponse: boolean;
}

export const GENERATIONS: Record<Generation, GenerationProfile> = {
	head: {
		name: 'head',
		label: 'HEAD (master, 2024-12)',
		outputIsObject: true,
		session: 'url-then-body',
		urlSessionFails: false,
		stream: 'ignored',
		processorError: 'errors-200',
		anonymousRuns: false,
		legacyBadRequest: false,
		includesChunks: true,
		detailedResponse: false,
	},
	'v0.2.6': {
		name: 'v0.2.6',
		label: 'v0.2.6 (pip install llmstack default)',
		outputIsObject: true,
		session: 'body-only',
		urlSessionFails: true,
		stream: 'ignored',
		processorError: 'errors-200',
		anonymousRuns: false,
		legacyBadRequest: false,
		includesChunks: true,
		detailedResponse: false,
	},
	'v0.2.5': {
		name: 'v0.2.5',
		label: 'v0.2.5',
		outputIsObject: false,
		session: 'url-only',
		urlSessionFails: false,
		stream: 'truncated',
		processorError: 'empty-output',
		anonymousRuns: true,
		legacyBadRequest: true,
		includesChunks: false,
		detailedResponse: true,
	},
	'v0.2.4': {
		name: 'v0.2.4',
		label: 'v0.1.0 to v0.2.4',
		outputIsObject: false,
		session: 'url-only',
		urlSessionFails: false,
		stream: 'truncated',
		processorError: 'output-errors',
		anonymousRuns: true,
		legacyBadRequest: true,
		includesChunks: false,
		detailedResponse: false,
	},
	'v0.0.31': {
		name: 'v0.0.31',
		label: 'v0.0.12 to v0.0.31 (Python-repr streams)',
		outputIsObject: false,
		session: 'url-only',
		urlSessionFails: false,
		stream: 'python-repr',
		processorError: 'output-errors',
		anonymousRuns: true,
		legacyBadRequest: true,
		includesChunks: false,
		detailedResponse: false,
	},
	'v0.0.11': {
		name: 'v0.0.11',
		label: 'v0.0.1 to v0.0.11 (NDJSON streams)',
		outputIsObject: false,
		session: 'url-only',
		urlSessionFails: false,
		stream: 'ndjson',
		processorError: 'output-errors',
		anonymousRuns: true,
		legacyBadRequest: true,
		includesChunks: false,
		detailedResponse: false,
	},
};

export function isGeneration(value: string): value is Generation {
	return value in GENERATIONS;
}
