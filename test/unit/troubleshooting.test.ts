/** The README's troubleshooting table lists exactly the messages the sources can show. */
import { messagesInReadme, messagesInSources } from '../support/messages';

test('every message in the sources has a row in the troubleshooting table', () => {
	const listed = new Set(messagesInReadme());
	expect(messagesInSources().filter((message) => !listed.has(message))).toEqual([]);
});

test('every row of the troubleshooting table is a message the sources can show', () => {
	const shown = new Set(messagesInSources());
	expect(messagesInReadme().filter((message) => !shown.has(message))).toEqual([]);
});
