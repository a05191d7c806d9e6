/**
 * LLMStack's routes have no trailing slash, and `…/run/` falls through to the web app's
 * catch-all view, which answers with a 403 CSRF page. Users paste base URLs with trailing
 * slashes or with `/api` on the end, so both are removed here, once, for every request.
 */
export function normaliseBaseUrl(value: unknown): string {
	let url = typeof value === 'string' ? value.trim() : '';
	url = url.replace(/\/+$/, '');
	url = url.replace(/\/api$/i, '');
	return url.replace(/\/+$/, '');
}

/** Accepts a token pasted with its header keyword (`Token abc…`) as well as the bare key. */
export function normaliseToken(value: unknown): string {
	const token = typeof value === 'string' ? value.trim() : '';
	return token.replace(/^(token|bearer)\s+/i, '');
}
