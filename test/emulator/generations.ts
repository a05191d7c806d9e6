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
	detailedResponse: boolean;
}

/** v0.2.6 and HEAD: the new app runner (Nov 2024). */
const CURRENT = {
	outputIsObject: true,
	stream: 'ignored',
	processorError: 'errors-200',
	anonymousRuns: false,
	legacyBadRequest: false,
	detailedResponse: false,
} as const;

/** Up to v0.2.5: string output, session in the URL only, anonymous runs of public apps. */
const LEGACY = {
	outputIsObject: false,
	session: 'url-only',
	urlSessionFails: false,
	processorError: 'output-errors',
	anonymousRuns: true,
	legacyBadRequest: true,
	detailedResponse: false,
} as const;

export const GENERATIONS: Record<Generation, GenerationProfile> = {
	head: {
		...CURRENT,
		name: 'head',
		label: 'HEAD (master, 2024-12)',
		session: 'url-then-body',
		urlSessionFails: false,
	},
	'v0.2.6': {
		...CURRENT,
		name: 'v0.2.6',
		label: 'v0.2.6 (pip install llmstack default)',
		session: 'body-only',
		urlSessionFails: true,
	},
	'v0.2.5': {
		...LEGACY,
		name: 'v0.2.5',
		label: 'v0.2.5',
		stream: 'truncated',
		processorError: 'empty-output',
		detailedResponse: true,
	},
	'v0.2.4': { ...LEGACY, name: 'v0.2.4', label: 'v0.1.0 to v0.2.4', stream: 'truncated' },
	'v0.0.31': {
		...LEGACY,
		name: 'v0.0.31',
		label: 'v0.0.12 to v0.0.31 (Python-repr streams)',
		stream: 'python-repr',
	},
	'v0.0.11': {
		...LEGACY,
		name: 'v0.0.11',
		label: 'v0.0.1 to v0.0.11 (NDJSON streams)',
		stream: 'ndjson',
	},
};

export function isGeneration(value: string): value is Generation {
	return value in GENERATIONS;
}
