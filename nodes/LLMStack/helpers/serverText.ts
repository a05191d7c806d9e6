/**
 * The one gate between text a server sent and text a user sees. Servers echo the request back
 * (a DRF detail, an error list, an HTML page title, a processor error), so whatever passes
 * through here loses the credential's token and anything shaped like a DRF token header, and
 * is cut to a length a message can carry.
 */
import { LIMITS } from './limits';

const TOKEN_HEADER = /\b(Token|Bearer)(\s+)[0-9a-f]{40}\b/gi;
export const REDACTED = '[redacted]';

export class ServerText {
	private readonly secrets: string[];

	/** `secrets`: the token as stored and as sent (trimmed, keyword removed). */
	constructor(secrets: Array<string | undefined>) {
		// Short values would redact ordinary words; a real token is 40 characters.
		this.secrets = [...new Set(secrets.filter((s): s is string => !!s && s.length >= 8))];
	}

	/** The text without secrets, at most `maxChars` characters long. */
	clean(text: string, maxChars: number = LIMITS.messageChars): string {
		let out = text;
		for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
		out = out.replace(TOKEN_HEADER, `$1$2${REDACTED}`);
		return cut(out, maxChars);
	}
}

/** Cuts a text to `maxChars` characters, saying how much was left out. */
export function cut(text: string, maxChars: number): string {
	if (text.length <= maxChars) return text;
	return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/**
 * Joins a list of server messages into one line of bounded length without reading more of the
 * list than fits: a list of 400,000 errors costs as much as one of ten.
 */
export function joinMessages(messages: readonly unknown[], maxChars: number = LIMITS.messageChars / 2): string {
	const parts: string[] = [];
	let length = 0;
	let shown = 0;
	for (const message of messages) {
		if (length >= maxChars) break;
		const text = cut(String(message), maxChars - length);
		parts.push(text);
		length += text.length + 2;
		shown++;
	}
	const rest = messages.length - shown;
	return parts.join('; ') + (rest > 0 ? ` (and ${rest} more)` : '');
}
