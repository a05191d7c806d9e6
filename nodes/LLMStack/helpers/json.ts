/** JSON.parse without exceptions, so callers decide which error to raise. */
export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJson(text: string): Parsed {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, reason: (error as Error).message };
	}
}
