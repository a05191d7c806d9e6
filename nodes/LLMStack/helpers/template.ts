/**
 * Renders the output templates that v0.0.x servers sent at the start of a stream. Only the
 * Liquid subset those templates use is supported: `{{ path.to[0].field }}` output tags with
 * optional `-` whitespace control. Filters are ignored and `{% %}` tags render empty, so a
 * template using more never fails, it just shows less. Unknown paths render empty, as Liquid does.
 */
const TAG = /(\s*)\{(\{|%)(-?)([\s\S]*?)(-?)(\}|%)\}(\s*)/g;

export function renderTemplate(template: string, context: unknown): string {
	return template.replace(
		TAG,
		(_match, before: string, open: string, trimLeft: string, body: string, trimRight: string, _close: string, after: string) => {
			const value = open === '{' ? stringify(lookup(context, body.split('|')[0].trim())) : '';
			return (trimLeft ? '' : before) + value + (trimRight ? '' : after);
		},
	);
}

export function lookup(context: unknown, path: string): unknown {
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
