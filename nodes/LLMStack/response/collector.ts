/**
 * Turns the bytes of one LLMStack run response into one result, whatever the server generation
 * sent: a single JSON document (v0.2.6+, which ignores `stream`), NDJSON lines (v0.0.1–v0.0.11),
 * `data:` SSE lines, or the v0.0.x delta protocol (a first record with `session` and `template`,
 * then deltas to stitch and a template to render client-side). Python-repr streams
 * (v0.0.12–v0.0.31), empty or truncated bodies (v0.1.0–v0.2.5 break mid-stream) and non-JSON
 * bodies end in a CollectorError, never in a hang or a guess.
 *
 * Pure: bytes in, result out. Work is incremental and linear in the input: each byte is decoded
 * once, lines are assembled from parts, and raw text is only kept while the body could still be
 * one multi-line JSON document.
 */
import { parseJson } from '../helpers/json';
import { LIMITS } from '../constants';
import { isPlainObject } from '../helpers/object';
import { StitchedState } from './stitch';
import { renderTemplate } from './template';

export type CollectorFailure = 'empty' | 'truncated' | 'python-repr' | 'malformed' | 'too-large';

export class CollectorError extends Error {
	constructor(
		readonly reason: CollectorFailure,
		message: string,
	) {
		super(message);
		this.name = 'CollectorError';
	}
}

export interface CollectorOptions {
	/** Fail once the body grows past this many bytes (protects n8n's memory). */
	maxBytes?: number;
	/**
	 * Called with the output rendered so far as deltas of a v0.0.x stream arrive (rendering
	 * costs, so use it only where partial answers are forwarded).
	 */
	onOutput?: (output: string) => void;
	now?: () => number;
}

/** Keys of a stream's records that describe the stream rather than the output. */
const HEADER_KEYS = new Set(['session', 'csp']);
const PREVIEW_CHARS = 60;

type Mode = 'detect' | 'lines' | 'document' | 'sse';

export class ResponseCollector {
	private readonly decoder = new TextDecoder('utf-8');
	private readonly maxBytes: number;
	private readonly onOutput?: (output: string) => void;
	private mode: Mode = 'detect';
	private bytes = 0;
	private head = '';
	/** How far decideMode has looked past the opening bracket. */
	private scannedTo = 1;
	private linePending: string[] = [];
	/** Raw text, kept only while the body may be a single (possibly multi-line) JSON document. */
	private raw: string[] | null = [];
	private sseData: string[] = [];
	private records = 0;
	private last: unknown = undefined;
	private delta: {
		template: string;
		session: unknown;
		state: StitchedState;
		errors: unknown[];
	} | null = null;
	private finished = false;
	private readonly now: () => number;
	/** The last partial output handed to onOutput: stream size then, time, cost. */
	private forwarded = { bytes: 0, at: 0, cost: 0 };

	constructor(options: CollectorOptions = {}) {
		this.maxBytes = options.maxBytes ?? LIMITS.responseBytes;
		this.onOutput = options.onOutput;
		this.now = options.now ?? Date.now;
	}

	push(chunk: Uint8Array | string): void {
		if (this.finished) throw new Error('push() after finish()');
		const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
		this.bytes += size;
		if (this.bytes > this.maxBytes) {
			throw new CollectorError(
				'too-large',
				`The response is larger than ${formatBytes(this.maxBytes)}; it was not read further`,
			);
		}
		const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		if (text) this.feed(text);
	}

	/** The response in the API's non-streaming shape: `output`, `session`, `errors`, `chunks`. */
	finish(): unknown {
		if (this.finished) throw new Error('finish() called twice');
		this.finished = true;
		const tail = this.decoder.decode();
		if (tail) this.feed(tail);
		if (this.mode === 'detect') this.decideMode(true);

		if (this.mode === 'lines') this.finishLines();
		else if (this.mode === 'sse') this.finishSse();
		else this.finishDocument();

		if (this.records === 0) {
			throw new CollectorError('empty', 'The server sent an empty response body');
		}
		return this.document();
	}

	private feed(text: string): void {
		if (this.mode === 'detect') {
			// Leading white space means nothing in any framing; dropping it keeps detection linear.
			this.head += this.head ? text : text.trimStart();
			if (!this.decideMode(false)) return;
			text = this.head;
			this.head = '';
		}
		if (this.raw) this.raw.push(text);
		if (this.mode === 'lines' || this.mode === 'sse') this.splitLines(text);
	}

	/** Picks the format from the first meaningful characters; false while there are too few. */
	private decideMode(final: boolean): boolean {
		if (!this.head) {
			if (final) this.mode = 'document';
			return final;
		}
		const first = this.head[0];
		if (first === '{' || first === '[') {
			// The character after the bracket tells JSON from a Python repr ({'key': …}); the
			// scan resumes where it stopped, so white space after the bracket is read once.
			let next = this.scannedTo;
			while (next < this.head.length && /\s/.test(this.head[next])) next++;
			this.scannedTo = next;
			if (next >= this.head.length && !final) return false;
			if (this.head[next] === "'") {
				throw new CollectorError(
					'python-repr',
					'The server streamed Python objects instead of JSON (LLMStack v0.0.12 to v0.0.31 do this when streaming)',
				);
			}
			this.mode = 'lines';
			return true;
		}
		const sse = /^(data|event|id|retry)?:/.test(this.head);
		if (sse || this.head.length > 6) {
			this.mode = sse ? 'sse' : 'document';
			return true;
		}
		if (final) this.mode = 'document';
		return final;
	}

	private splitLines(text: string): void {
		// split() runs in the engine's native code: the cheapest way through long streams.
		const lines = text.split('\n');
		const rest = lines.pop() ?? '';
		for (let i = 0; i < lines.length; i++) {
			let line = lines[i];
			if (i === 0 && this.linePending.length) {
				this.linePending.push(line);
				line = this.linePending.join('');
				this.linePending = [];
			}
			this.onLine(line);
			if (this.mode !== 'lines' && this.mode !== 'sse') return;
		}
		if (rest) this.linePending.push(rest);
	}

	private onLine(line: string): void {
		if (this.mode === 'sse') {
			this.onSseLine(line.endsWith('\r') ? line.slice(0, -1) : line);
			return;
		}
		// JSON.parse skips white space itself; only blank lines need telling apart.
		if (line.length === 0 || (line.charCodeAt(0) <= 32 && !line.trim())) return;
		const parsed = parseJson(line);
		if (!parsed.ok) {
			if (this.records === 0) {
				// Not one record a line: the body is one multi-line document; parse it whole at the end.
				this.mode = 'document';
				this.linePending = [];
				return;
			}
			throw new CollectorError(
				'malformed',
				`Record ${this.records + 1} of the stream is not valid JSON: ${preview(line.trim())}`,
			);
		}
		this.raw = null;
		this.onRecord(parsed.value);
	}

	private onSseLine(line: string): void {
		if (line === '') {
			this.dispatchSse(false);
			return;
		}
		if (line.startsWith(':')) return;
		const colon = line.indexOf(':');
		const field = colon < 0 ? line : line.slice(0, colon);
		if (field !== 'data') return;
		let value = colon < 0 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		this.sseData.push(value);
	}

	private dispatchSse(atEnd: boolean): void {
		if (this.sseData.length === 0) return;
		const data = this.sseData.join('\n');
		this.sseData = [];
		this.raw = null;
		const trimmed = data.trim();
		if (!trimmed || trimmed === '[DONE]') return;
		const parsed = parseJson(trimmed);
		if (!parsed.ok) {
			throw new CollectorError(
				atEnd ? 'truncated' : 'malformed',
				atEnd
					? `The stream ended in the middle of an event: ${preview(trimmed)}`
					: `Event ${this.records + 1} of the stream is not valid JSON: ${preview(trimmed)}`,
			);
		}
		this.onRecord(parsed.value);
	}

	private finishLines(): void {
		const line = this.linePending.join('');
		this.linePending = [];
		const trimmed = line.trim();
		if (!trimmed) return;
		const parsed = parseJson(trimmed);
		if (parsed.ok) {
			this.raw = null;
			this.onRecord(parsed.value);
			return;
		}
		if (this.records === 0) {
			this.finishDocument();
			return;
		}
		throw new CollectorError(
			'truncated',
			`The stream ended in the middle of record ${this.records + 1}: ${preview(trimmed)}`,
		);
	}

	private finishSse(): void {
		const pending = this.linePending.join('');
		this.linePending = [];
		if (pending) this.onSseLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
		this.dispatchSse(true);
	}

	private finishDocument(): void {
		const text = (this.raw ?? []).join('') + this.head;
		this.raw = null;
		const trimmed = text.trim();
		if (!trimmed) return;
		const parsed = parseJson(trimmed);
		if (!parsed.ok) {
			const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
			throw new CollectorError(
				looksJson ? 'truncated' : 'malformed',
				looksJson
					? `The response ended before its JSON was complete (${formatBytes(this.bytes)} received): ${preview(trimmed)}`
					: `The response is not JSON: ${preview(trimmed)}`,
			);
		}
		this.onRecord(parsed.value);
	}

	private onRecord(value: unknown): void {
		this.records++;
		if (this.records === 1 && isPlainObject(value) && isDeltaHeader(value)) {
			this.delta = {
				template: templateOf(value),
				session: value.session,
				state: new StitchedState(),
				errors: [],
			};
			return;
		}
		if (this.delta) {
			if (isPlainObject(value) && Array.isArray(value.errors)) {
				this.delta.errors.push(...value.errors);
				return;
			}
			if (isPlainObject(value)) {
				if (value.session !== undefined && this.delta.session === undefined)
					this.delta.session = value.session;
				this.delta.state.add(value, HEADER_KEYS);
				if (this.onOutput && this.forwardDue()) this.forward();
			}
			return;
		}
		this.last = value;
	}

	/**
	 * Whether to render the partial output again. Each render costs the whole text, so renders
	 * come when the stream has grown by an eighth since the last one (the renders' total work is
	 * a geometric series: linear in the stream) or when the last one is a while ago, and then
	 * take at most a tenth of the time.
	 */
	private forwardDue(): boolean {
		if (this.bytes * 8 >= this.forwarded.bytes * 9) return true;
		return (
			this.now() - this.forwarded.at >= Math.max(LIMITS.forwardEveryMs, 10 * this.forwarded.cost)
		);
	}

	private forward(): void {
		const started = this.now();
		const output = this.render();
		this.forwarded = { bytes: this.bytes, at: this.now(), cost: this.now() - started };
		this.onOutput?.(output);
	}

	private render(state: unknown = this.delta!.state.value()): string {
		const output = renderTemplate(this.delta!.template, state, this.maxBytes);
		if (output === undefined) {
			throw new CollectorError(
				'too-large',
				`The app's output is longer than ${formatBytes(this.maxBytes)} of text; it was not built further`,
			);
		}
		return output;
	}

	private document(): unknown {
		if (!this.delta) return this.last;
		const state = this.delta.state.value();
		const doc: Record<string, unknown> = {
			output: this.render(state),
			session: this.delta.session,
			chunks: state,
		};
		if (this.delta.errors.length) doc.errors = this.delta.errors;
		return doc;
	}
}

function isDeltaHeader(value: Record<string, unknown>): boolean {
	return (
		('template' in value && typeof value.template === 'string') ||
		('templates' in value && isPlainObject(value.templates))
	);
}

function templateOf(header: Record<string, unknown>): string {
	if (typeof header.template === 'string') return header.template;
	// Agent apps sent one template per processor; the agent's own one renders the answer.
	const templates = header.templates as Record<string, unknown>;
	const agent = templates.agent;
	if (typeof agent === 'string') return agent;
	if (isPlainObject(agent) && typeof agent.markdown === 'string') return agent.markdown;
	return '';
}

function preview(text: string): string {
	const flat = text.replace(/\s+/g, ' ');
	return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${bytes} bytes`;
}
