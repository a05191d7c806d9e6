/**
 * LLMStack's `stitch_model_objects` (llmstack/play/output_stream.py) as the v0.0.x streaming
 * client had to apply it (deltas only make sense when merged with exactly the server's rule),
 * applied in place to a growing state.
 */
import { isPlainObject } from '../helpers/object';

/** Python truthiness, which is what the server's `newer or older` uses. */
function isTruthy(value: unknown): boolean {
	if (value === null || value === undefined || value === false || value === 0 || value === '') {
		return false;
	}
	if (Array.isArray(value)) return value.length > 0;
	if (isPlainObject(value)) return Object.keys(value).length > 0;
	return true;
}

/**
 * The stitched state of a delta stream: merged in place, no copy of the state per delta, and strings are kept as pieces joined in blocks, so memory stays
 * close to the size of the text and time stays linear in the number of deltas.
 */
export class StitchedState {
	private readonly root: Record<string, unknown> = {};

	/** Merges one delta; top-level keys in `skip` are left out. */
	add(delta: Record<string, unknown>, skip?: Set<string>): void {
		const root = this.root;
		for (const [key, value] of Object.entries(delta)) {
			if (skip?.has(key)) continue;
			root[key] = key in root ? merge(root[key], value) : adopt(value);
		}
	}

	value(): unknown {
		return materialise(this.root);
	}
}

const JOIN_EVERY = 256;

/**
 * A string being assembled from deltas: small pieces are joined into blocks of JOIN_EVERY
 * (never into the whole text, which would copy it again and again), blocks once at the end.
 */
class TextParts {
	private blocks: string[] = [];
	private pieces: string[];

	constructor(first: string) {
		this.pieces = [first];
	}

	append(text: string): void {
		this.pieces.push(text);
		if (this.pieces.length >= JOIN_EVERY) {
			this.blocks.push(this.pieces.join(''));
			this.pieces = [];
		}
	}

	toString(): string {
		return this.blocks.join('') + this.pieces.join('');
	}
}

function merge(older: unknown, newer: unknown): unknown {
	if (older instanceof TextParts) {
		if (typeof newer === 'string') {
			older.append(newer);
			return older;
		}
		return isTruthy(newer) ? adopt(newer) : older;
	}
	if (isPlainObject(older) && isPlainObject(newer)) {
		for (const [key, value] of Object.entries(newer)) {
			older[key] = key in older ? merge(older[key], value) : adopt(value);
		}
		return older;
	}
	if (Array.isArray(older) && Array.isArray(newer)) {
		newer.forEach((value, i) => {
			older[i] = i < older.length ? merge(older[i], value) : adopt(value);
		});
		return older;
	}
	return isTruthy(newer) ? adopt(newer) : older;
}

/** Takes a delta value into the state as a copy, so the caller's records stay as received. */
function adopt(value: unknown): unknown {
	if (typeof value === 'string') return new TextParts(value);
	if (Array.isArray(value)) return value.map(adopt);
	if (isPlainObject(value)) {
		const copy: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) copy[key] = adopt(item);
		return copy;
	}
	return value;
}

function materialise(value: unknown): unknown {
	if (value instanceof TextParts) return value.toString();
	if (Array.isArray(value)) return value.map(materialise);
	if (isPlainObject(value)) {
		const out: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) out[key] = materialise(item);
		return out;
	}
	return value;
}
