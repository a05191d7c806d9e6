/**
 * Renders the output templates that v0.0.x servers sent at the start of a stream. Only the
 * Liquid subset those templates use is supported: `{{ path.to[0].field }}` output tags with
 * optional `-` whitespace control. Filters are ignored and `{% %}` tags render empty, so a
 * template using more never fails, it just shows less. Unknown paths render empty, as Liquid does.
 */
// White space around a tag is handled by hand: a leading `\s*` in the pattern would rescan
// long runs of white space from every position.
const TAG = /\{(\{|%)(-?)([\s\S]*?)(-?)(\}|%)\}/g;

/**
 * Renders `template`, or gives undefined as soon as the text passes `maxChars` (a short
 * template can repeat a long value many times).
 */
export function renderTemplate(
	template: string,
	context: unknown,
	maxChars = Infinity,
): string | undefined {
	const parts: string[] = [];
	let length = 0;
	const add = (text: string) => {
		length += text.length;
		parts.push(text);
		return length <= maxChars;
	};
	const tag = new RegExp(TAG.source, 'g');
	let literal = '';
	let match: RegExpExecArray | null;
	let from = 0;
	while ((match = tag.exec(template)) !== null) {
		const [whole, open, trimLeft, body, trimRight] = match;
		literal += template.slice(from, match.index);
		if (!add(trimLeft ? literal.trimEnd() : literal)) return undefined;
		if (open === '{' && !add(stringify(lookup(context, body.split('|')[0].trim()))))
			return undefined;
		from = match.index + whole.length;
		literal = '';
		if (trimRight) {
			while (from < template.length && /\s/.test(template[from])) from++;
		}
	}
	return add(literal + template.slice(from)) ? parts.join('') : undefined;
}

function lookup(context: unknown, path: string): unknown {
	let current: unknown = context;
	for (const key of parsePath(path)) {
		if (current === null || current === undefined) return undefined;
		if (Array.isArray(current) && typeof key === 'number') {
			current = current[key < 0 ? current.length + key : key];
		} else if (typeof current === 'object') {
			current = Object.prototype.hasOwnProperty.call(current, key)
				? (current as Record<string, unknown>)[String(key)]
				: undefined;
		} else {
			return undefined;
		}
	}
	return current;
}

function parsePath(path: string): Array<string | number> {
	const keys: Array<string | number> = [];
	const segment = /([^.[\]]+)|\[\s*(-?\d+)\s*\]|\[\s*["']([^"']*)["']\s*\]/g;
	let match: RegExpExecArray | null;
	while ((match = segment.exec(path)) !== null) {
		if (match[1] !== undefined) keys.push(match[1].trim());
		else if (match[2] !== undefined) keys.push(Number(match[2]));
		else keys.push(match[3]);
	}
	return keys;
}

function stringify(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}
