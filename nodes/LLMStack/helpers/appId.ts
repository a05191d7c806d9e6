/** App identifiers: LLMStack addresses apps by UUID; the builder shows them as `/apps/<uuid>`. */
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export const APP_URL_REGEX =
	'https?:\\/\\/[^/]+(?:\\/[^/]+)*?\\/apps\\/([0-9a-fA-F-]{32,36})(?:[/?#].*)?';
export const APP_ID_REGEX =
	'[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}';

/** The canonical dashed, lower-case form, or undefined when the value is not a UUID. */
export function normaliseAppId(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	let candidate = value.trim();
	const fromUrl = new RegExp(`^${APP_URL_REGEX}$`).exec(candidate);
	if (fromUrl) candidate = fromUrl[1];
	if (!UUID.test(candidate)) return undefined;
	const hex = candidate.replace(/-/g, '').toLowerCase();
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
