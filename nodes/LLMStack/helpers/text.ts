/** Texts of bounded length, however long what they are built from. */
import { LIMITS } from '../constants';

/** Cuts a text to `maxChars` characters, saying how much was left out. */
export function cut(text: string, maxChars: number): string {
	if (text.length <= maxChars) return text;
	return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/**
 * Joins a list of server messages into one line of bounded length without reading more of the
 * list than fits: a list of 400,000 errors costs as much as one of ten.
 */
export function joinMessages(
	messages: readonly unknown[],
	maxChars: number = LIMITS.messageChars / 2,
): string {
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
