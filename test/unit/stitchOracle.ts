/**
 * LLMStack's `stitch_model_objects` (llmstack/play/output_stream.py) written as plainly as the
 * server has it: the oracle the in-place StitchedState is checked against.
 */
import { isPlainObject } from '../../nodes/LLMStack/helpers/object';

export function stitch(older: unknown, newer: unknown): unknown {
	if (isPlainObject(older) && isPlainObject(newer)) {
		const merged: Record<string, unknown> = { ...older };
		for (const [key, value] of Object.entries(newer)) {
			merged[key] = key in older ? stitch(older[key], value) : value;
		}
		return merged;
	}
	if (Array.isArray(older) && Array.isArray(newer)) {
		const length = Math.max(older.length, newer.length);
		const merged: unknown[] = [];
		for (let i = 0; i < length; i++) {
			if (i >= newer.length) merged.push(older[i]);
			else if (i >= older.length) merged.push(newer[i]);
			else merged.push(stitch(older[i], newer[i]));
		}
		return merged;
	}
	if (typeof older === 'string' && typeof newer === 'string') return older + newer;
	return isTruthy(newer) ? newer : older;
}

/** Python truthiness, which is what the server's `newer or older` uses. */
function isTruthy(value: unknown): boolean {
	if (value === null || value === undefined || value === false || value === 0 || value === '')
		return false;
	if (Array.isArray(value)) return value.length > 0;
	if (isPlainObject(value)) return Object.keys(value).length > 0;
	return true;
}
