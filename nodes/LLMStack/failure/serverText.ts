/**
 * The one gate between text a server sent and text a user sees. Servers echo the request back
 * (a DRF detail, an error list, an HTML page title, a processor error), so whatever passes
 * through here loses the credential's token and anything shaped like a DRF token header, and
 * is cut to a length a message can carry.
 */
import { LIMITS } from '../constants';
import { cut } from '../helpers/text';

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
