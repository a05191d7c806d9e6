/** The shapes one item's run passes along the pipeline (see run/runItem.ts). */
import type { ServerText } from '../failure';
import type { InputFieldSpec } from '../helpers/appInputs';

/** The options of one item's run, read from the node's parameters. */
export interface RunOptions {
	stream: boolean;
	outputMode: 'standard' | 'simplified' | 'raw';
	timeoutSeconds: number;
	maxTries: number;
	retryDelayMs: number;
	sessionPlacement: 'body' | 'url';
	/** Fetch the files the output points at into binary properties. */
	downloadFiles: boolean;
}

/** What one item's run asks of LLMStack. */
export interface RunRequest {
	appId: string;
	input: Record<string, unknown>;
	/** Continue Session only; Run App lets the server start a new session. */
	sessionId?: string;
	options: RunOptions;
}

/** What Map App Inputs reads of an app: its inputs, and whether it can run at all. */
export interface AppSchema {
	inputs: InputFieldSpec[];
	/** LLMStack's has_live_version; undefined when the server does not say. */
	published: boolean | undefined;
}

/** What all items of one execution share. */
export interface RunEnvironment {
	cancelSignal: AbortSignal | undefined;
	random: () => number;
	/** Cleans server text for messages: this execution's token removed, lengths capped. */
	serverText: ServerText;
	/** The apps this execution maps inputs for, fetched once each. */
	schemas: Map<string, Promise<AppSchema>>;
	/** Receives the partial output of streamed answers, when they are forwarded to the caller. */
	onPartialOutput?: (itemIndex: number, output: string) => void;
}
