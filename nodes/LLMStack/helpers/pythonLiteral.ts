/**
 * Reads the text Python's `str()` makes of a dict (how LLMStack stores a run's input and
 * output in its history): strings in either quote, numbers, True/False/None, lists, tuples and
 * dicts. It reads, never evaluates; anything else (a call, a set, `inf`, deeper nesting than
 * any input has) makes the whole text unreadable, and the caller keeps the text as it is.
 */
const MAX_DEPTH = 64;

const ESCAPES: Record<string, string> = {
	n: '\n',
	t: '\t',
	r: '\r',
	'\\': '\\',
	"'": "'",
	'"': '"',
	a: '\x07',
	b: '\b',
	f: '\f',
	v: '\v',
	'0': '\0',
};

class Unreadable extends Error {}

export function parsePythonLiteral(text: string): { ok: true; value: unknown } | { ok: false } {
	let at = 0;

	const skipSpace = () => {
		while (at < text.length && /\s/.test(text[at])) at++;
	};
	const expect = (char: string) => {
		skipSpace();
		if (text[at] !== char) throw new Unreadable();
		at++;
	};

	const readString = (): string => {
		const quote = text[at];
		at++;
		let out = '';
		while (at < text.length && text[at] !== quote) {
			const char = text[at];
			if (char === '\n') throw new Unreadable();
			if (char !== '\\') {
				out += char;
				at++;
				continue;
			}
			const next = text[at + 1];
			if (next === undefined) throw new Unreadable();
			const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
			if (width) {
				const hex = text.slice(at + 2, at + 2 + width);
				if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new Unreadable();
				out += String.fromCodePoint(parseInt(hex, 16));
				at += 2 + width;
				continue;
			}
			if (!(next in ESCAPES)) throw new Unreadable();
			out += ESCAPES[next];
			at += 2;
		}
		if (at >= text.length) throw new Unreadable();
		at++;
		return out;
	};

	const readSequence = (close: string, depth: number): unknown[] => {
		const items: unknown[] = [];
		skipSpace();
		while (text[at] !== close) {
			items.push(readValue(depth + 1));
			skipSpace();
			if (text[at] === ',') at++;
			else if (text[at] !== close) throw new Unreadable();
			skipSpace();
		}
		at++;
		return items;
	};

	const readDict = (depth: number): Record<string, unknown> => {
		const out: Record<string, unknown> = {};
		skipSpace();
		while (text[at] !== '}') {
			const key = readValue(depth + 1);
			if (typeof key !== 'string' && typeof key !== 'number') throw new Unreadable();
			expect(':');
			// Defined as own properties: keys like __proto__ are data here, never prototypes.
			Object.defineProperty(out, String(key), {
				value: readValue(depth + 1),
				enumerable: true,
				writable: true,
				configurable: true,
			});
			skipSpace();
			if (text[at] === ',') at++;
			else if (text[at] !== '}') throw new Unreadable();
			skipSpace();
		}
		at++;
		return out;
	};

	const readValue = (depth: number): unknown => {
		if (depth > MAX_DEPTH) throw new Unreadable();
		skipSpace();
		const char = text[at];
		if (char === "'" || char === '"') return readString();
		if (char === '{') {
			at++;
			return readDict(depth);
		}
		if (char === '[') {
			at++;
			return readSequence(']', depth);
		}
		if (char === '(') {
			at++;
			return readSequence(')', depth);
		}
		const word = /^(True|False|None)\b/.exec(text.slice(at, at + 6));
		if (word) {
			at += word[1].length;
			return word[1] === 'True' ? true : word[1] === 'False' ? false : null;
		}
		const number = /^-?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/i.exec(text.slice(at, at + 400));
		if (number) {
			at += number[0].length;
			return Number(number[0]);
		}
		throw new Unreadable();
	};

	try {
		const value = readValue(0);
		skipSpace();
		if (at !== text.length) return { ok: false };
		return { ok: true, value };
	} catch {
		// Unreadable text; a deeper nesting than the stack allows is unreadable too.
		return { ok: false };
	}
}
