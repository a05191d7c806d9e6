/** The failure module: HTTP answers and network errors in words, server text made safe. */
import { describeHttpFailure } from '../../nodes/LLMStack/failure';
import { summarise } from '../../nodes/LLMStack/failure/httpAnswer';
import { classifyNetworkError } from '../../nodes/LLMStack/failure/network';
import { REDACTED, ServerText } from '../../nodes/LLMStack/failure/serverText';
import { joinMessages } from '../../nodes/LLMStack/helpers/text';

describe('HTTP failures', () => {
	const base = { bodyText: '', sessionInUrl: false, timeoutSeconds: 300 };
	test('each LLMStack quirk gets its own explanation', () => {
		expect(
			describeHttpFailure({ ...base, status: 403, bodyText: '{"detail":"Invalid token."}' })
				.message,
		).toMatch(/rejected the API token/);
		expect(describeHttpFailure({ ...base, status: 403 }).message).toMatch(/No permission/);
		expect(
			describeHttpFailure({ ...base, status: 500, bodyText: '<title>Server Error (500)</title>' })
				.description,
		).toMatch(/app ID does not exist/);
		expect(describeHttpFailure({ ...base, status: 500, sessionInUrl: true }).description).toMatch(
			/Session ID Placement to Body/,
		);
		expect(describeHttpFailure({ ...base, status: 413 }).description).toMatch(/1 MiB/);
		expect(describeHttpFailure({ ...base, status: 504 }).description).toMatch(
			/not the node's \(300 s\)/,
		);
		expect(describeHttpFailure({ ...base, status: 503 }).retryable).toBe(true);
		expect(describeHttpFailure({ ...base, status: 500 }).retryable).toBe(false);
		expect(
			describeHttpFailure({ ...base, status: 400, bodyText: '{"errors":["App not found"]}' })
				.message,
		).toMatch(/App not found/);
		expect(
			describeHttpFailure({ ...base, status: 302, location: 'https://h/x' }).description,
		).toMatch(/https:\/\/h\/x/);
	});

	test('HTML bodies are summarised to their title', () => {
		expect(
			summarise(
				`<html><head><title>504 Gateway Time-out</title></head><body>${'x'.repeat(5000)}</body></html>`,
			),
		).toBe('504 Gateway Time-out');
		expect(summarise('y'.repeat(5000))!.length).toBeLessThanOrEqual(201);
	});
});

describe('network errors from both n8n majors', () => {
	// Shapes recorded from n8n-core 2.41.1 (cause chain) and 1.122.48 (httpCode and messages only).
	const v2 = (code: string, message: string, written?: boolean) => ({
		name: 'NodeApiError',
		httpCode: code,
		messages: [message],
		cause: {
			code,
			message,
			request: written === undefined ? undefined : { writableFinished: written },
		},
	});
	const v1 = (code: string, message: string) => ({
		name: 'NodeApiError',
		httpCode: code,
		messages: [message, message],
	});
	test.each([
		['2.x refused', v2('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', false), 'not-sent'],
		['1.x refused', v1('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'not-sent'],
		['2.x reset during connect', v2('ECONNRESET', 'connect ECONNRESET 127.0.0.1:4'), 'not-sent'],
		['1.x reset during connect', v1('ECONNRESET', 'connect ECONNRESET 127.0.0.1:4'), 'not-sent'],
		[
			'2.x reset before the request was written whole',
			v2('ECONNRESET', 'write ECONNRESET', false),
			'not-sent',
		],
		['1.x write EPIPE', v1('EPIPE', 'write EPIPE'), 'not-sent'],
		[
			'2.x reset after the request was written',
			v2('ECONNRESET', 'read ECONNRESET', true),
			'broken',
		],
		['1.x reset after the request was written', v1('ECONNRESET', 'read ECONNRESET'), 'broken'],
		['1.x socket hang up', v1('ECONNRESET', 'socket hang up'), 'broken'],
		[
			'2.x DNS failure',
			v2('ENOTFOUND', 'getaddrinfo ENOTFOUND llmstack.invalid', false),
			'not-sent',
		],
		[
			'2.x HTTP parser error',
			v2('HPE_INVALID_CONTENT_LENGTH', 'Parse Error: Invalid character in Content-Length', true),
			'bad-http',
		],
	])('%s', (_name, error, kind) => {
		expect(classifyNetworkError(error).kind).toBe(kind);
	});
});

test('1.x: a failed write means the request never arrived whole', () => {
	expect(
		classifyNetworkError({ httpCode: 'ECONNRESET', messages: ['write ECONNRESET'] }).kind,
	).toBe('not-sent');
});

describe('server text', () => {
	const token = 'abcdef0123456789abcdef0123456789abcdef01';
	const text = new ServerText([token, ` ${token} `]);

	test('the credential token is removed wherever it stands', () => {
		expect(text.clean(`detail: ${token}; again ${token}`)).toBe(
			`detail: ${REDACTED}; again ${REDACTED}`,
		);
	});

	test('any Token header with 40 hex characters is removed too', () => {
		expect(text.clean('Authorization: Token 0123456789012345678901234567890123456789')).toBe(
			`Authorization: Token ${REDACTED}`,
		);
	});

	test('texts are cut to the limit, saying how much was left out', () => {
		expect(text.clean('x'.repeat(30), 10)).toBe('xxxxxxxxxx… (20 more characters)');
	});

	test('a long list is joined only as far as fits', () => {
		expect(
			joinMessages(
				Array.from({ length: 100_000 }, (_, i) => `e${i}`),
				12,
			),
		).toBe('e0; e1; e2 (and 99997 more)');
	});
});
