/** Byte-level helpers: how the emulator frames and splits what it writes. */

/** Deterministic PRNG (mulberry32) so a failing split or fault pattern can be replayed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Python's `repr()` of JSON-like data: what Django wrote for v0.0.12–v0.0.31 streams. */
export function pythonRepr(value: unknown): string {
	if (value === null || value === undefined) return 'None';
	if (value === true) return 'True';
	if (value === false) return 'False';
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') {
		const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
		const escaped = value
			.replace(/\\/g, '\\\\')
			.replace(/\n/g, '\\n')
			.replace(/\r/g, '\\r')
			.replace(/\t/g, '\\t')
			.replace(new RegExp(quote, 'g'), `\\${quote}`);
		return `${quote}${escaped}${quote}`;
	}
	if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
	const entries = Object.entries(value as Record<string, unknown>);
	return `{${entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
}

/** Cuts bytes into pieces of 1..maxPiece bytes, anywhere: inside tokens and UTF-8 characters. */
export function splitBytes(bytes: Buffer, random: () => number, maxPiece: number): Buffer[] {
	const pieces: Buffer[] = [];
	for (let at = 0; at < bytes.length;) {
		const size = 1 + Math.floor(random() * maxPiece);
		pieces.push(bytes.subarray(at, at + size));
		at += size;
	}
	return pieces;
}

/** The server-side Liquid rendering of an output template (only `{{ path }}` is used here). */
export function renderServerTemplate(template: string, context: Record<string, unknown>): string {
	return template.replace(/\{\{\s*([\w./[\]-]+)\s*\}\}/g, (_m, path: string) => {
		let current: unknown = context;
		for (const key of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
			if (current === null || typeof current !== 'object') return '';
			current = (current as Record<string, unknown>)[key];
		}
		if (current === undefined || current === null) return '';
		return typeof current === 'object' ? JSON.stringify(current) : String(current);
	});
}

export const DJANGO_500 =
	'<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n';

export const CSRF_403 =
	'<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta http-equiv="content-type" content="text/html; charset=utf-8">\n  <meta name="robots" content="NONE,NOARCHIVE">\n  <title>403 Forbidden</title>\n</head>\n<body>\n<div id="summary">\n  <h1>Forbidden <span>(403)</span></h1>\n  <p>CSRF verification failed. Request aborted.</p>\n</div>\n</body>\n</html>\n';

export const nginxPage = (status: number, reason: string): string =>
	`<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n`;
