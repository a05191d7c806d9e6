import { classifyNetworkError } from '../../nodes/LLMStack/helpers/networkError';
import { normaliseAppId } from '../../nodes/LLMStack/helpers/appId';
import { normaliseBaseUrl, normaliseToken } from '../../nodes/LLMStack/helpers/baseUrl';
import { runBatch } from '../../nodes/LLMStack/helpers/batch';
import { describeHttpFailure, summarise } from '../../nodes/LLMStack/helpers/httpFailure';
import { inputFromFields, inputFromJson, InputError } from '../../nodes/LLMStack/helpers/input';
import { parseRetryAfter, retryDelayMs } from '../../nodes/LLMStack/helpers/retry';
import { stitch, StitchedState } from '../../nodes/LLMStack/helpers/stitch';
import { seededRandom } from '../emulator/wire';
import { renderTemplate } from '../../nodes/LLMStack/helpers/template';
import { DEFAULTS, nodeProperties } from '../../nodes/LLMStack/description';

describe('stitch (LLMStack stitch_model_objects)', () => {
	test('dicts merge per key, lists index-wise, strings concatenate, else newer if truthy', () => {
		expect(stitch({ a: 'x', b: [1, { c: 'p' }] }, { a: 'y', b: [null, { c: 'q' }, 3], d: 1 })).toEqual({
			a: 'xy',
			b: [1, { c: 'pq' }, 3],
			d: 1,
		});
		expect(stitch(5, 0)).toBe(5);
		expect(stitch('a', null)).toBe('a');
		expect(stitch(false, true)).toBe(true);
	});

	test('the in-place StitchedState gives what folding stitch gives, for random delta streams', () => {
		const random = seededRandom(5);
		const leaf = (): unknown => {
			const pick = Math.floor(random() * 7);
			return ['ab', '', 'é🌍', 0, 3, null, true][pick];
		};
		const delta = (depth: number): unknown => {
			if (depth > 2 || random() < 0.3) return leaf();
			if (random() < 0.3) return Array.from({ length: Math.floor(random() * 3) }, () => delta(depth + 1));
			const keys = ['a', 'b', 'c'].filter(() => random() < 0.6);
			return Object.fromEntries(keys.map((k) => [k, delta(depth + 1)]));
		};
		for (let round = 0; round < 300; round++) {
			const deltas = Array.from({ length: 1 + Math.floor(random() * 600) }, () => ({ p: delta(0) }));
			const state = new StitchedState();
			let folded: unknown = {};
			for (const d of deltas) {
				state.add(JSON.parse(JSON.stringify(d)) as Record<string, unknown>);
				folded = stitch(folded, d);
			}
			expect(state.value()).toEqual(folded);
		}
	});
});

describe('template rendering', () => {
	test('paths with indexes, whitespace control, unknown paths empty, filters ignored', () => {
		const context = { a: { b: [{ c: 'X' }] }, n: 3 };
		expect(renderTemplate('[{{ a.b[0].c }}]', context)).toBe('[X]');
		expect(renderTemplate('A  {{- a.b[0].c -}}  B', context)).toBe('AXB');
		expect(renderTemplate('{{ missing.path }}|{{ n | plus: 1 }}', context)).toBe('|3');
		expect(renderTemplate('{% if x %}y{% endif %}', context)).toBe('y');
	});
});

describe('app IDs, base URLs and tokens', () => {
	test('UUIDs from IDs and builder URLs, normalised', () => {
		expect(normaliseAppId(' 11111111-1111-4111-8111-111111111111 ')).toBe('11111111-1111-4111-8111-111111111111');
		expect(normaliseAppId('11111111111141118111111111111111')).toBe('11111111-1111-4111-8111-111111111111');
		expect(normaliseAppId('https://llm.example.com/apps/ABCDEFAB-1111-4111-8111-111111111111/preview')).toBe(
			'abcdefab-1111-4111-8111-111111111111',
		);
		expect(normaliseAppId('my-app')).toBeUndefined();
		expect(normaliseAppId('')).toBeUndefined();
	});

	test('trailing slashes and a pasted /api are removed; token keywords stripped', () => {
		expect(normaliseBaseUrl(' http://h:3000/api/ ')).toBe('http://h:3000');
		expect(normaliseBaseUrl('https://h/llm//')).toBe('https://h/llm');
		expect(normaliseToken('Token abc')).toBe('abc');
		expect(normaliseToken(' bearer abc ')).toBe('abc');
	});
});

describe('input building', () => {
	test('fields, JSON and rejections before any request', () => {
		expect(inputFromFields([{ name: ' q ', value: 1 }])).toEqual({ q: 1 });
		expect(() => inputFromFields([{ name: '', value: 1 }])).toThrow(InputError);
		expect(inputFromJson('{"a": [1]}')).toEqual({ a: [1] });
		expect(inputFromJson({ a: 1 })).toEqual({ a: 1 });
		expect(() => inputFromJson('[1]')).toThrow('must be an object, not a list');
		expect(() => inputFromJson('"x"')).toThrow('not a string');
		expect(() => inputFromJson('{bad')).toThrow('not valid JSON');
	});
});

describe('HTTP failures', () => {
	const base = { bodyText: '', sessionInUrl: false, timeoutSeconds: 300 };
	test('each LLMStack quirk gets its own explanation', () => {
		expect(describeHttpFailure({ ...base, status: 403, bodyText: '{"detail":"Invalid token."}' }).message).toMatch(/rejected the API token/);
		expect(describeHttpFailure({ ...base, status: 403 }).message).toMatch(/No permission/);
		expect(describeHttpFailure({ ...base, status: 500, bodyText: '<title>Server Error (500)</title>' }).description).toMatch(/app ID does not exist/);
		expect(describeHttpFailure({ ...base, status: 500, sessionInUrl: true }).description).toMatch(/Session ID Placement to Body/);
		expect(describeHttpFailure({ ...base, status: 413 }).description).toMatch(/1 MiB/);
		expect(describeHttpFailure({ ...base, status: 504 }).description).toMatch(/not the node's \(300 s\)/);
		expect(describeHttpFailure({ ...base, status: 503 }).retryable).toBe(true);
		expect(describeHttpFailure({ ...base, status: 500 }).retryable).toBe(false);
		expect(describeHttpFailure({ ...base, status: 400, bodyText: '{"errors":["App not found"]}' }).message).toMatch(/App not found/);
		expect(describeHttpFailure({ ...base, status: 302, location: 'https://h/x' }).description).toMatch(/https:\/\/h\/x/);
	});

	test('HTML bodies are summarised to their title', () => {
		expect(summarise(`<html><head><title>504 Gateway Time-out</title></head><body>${'x'.repeat(5000)}</body></html>`)).toBe(
			'504 Gateway Time-out',
		);
		expect(summarise('y'.repeat(5000))!.length).toBeLessThanOrEqual(201);
	});
});

describe('retry policy', () => {
	test('Retry-After wins; otherwise exponential with jitter in [d/2, d]', () => {
		const policy = { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 1 };
		expect(retryDelayMs(1, policy)).toBe(100);
		expect(retryDelayMs(3, policy)).toBe(400);
		expect(retryDelayMs(3, { ...policy, random: () => 0 })).toBe(200);
		expect(retryDelayMs(1, policy, '2')).toBe(2000);
		expect(parseRetryAfter('Thu, 01 Jan 2099 00:00:10 GMT', Date.parse('Thu, 01 Jan 2099 00:00:00 GMT'))).toBe(10_000);
		expect(parseRetryAfter('soon')).toBeUndefined();
	});
});

describe('bounded batches', () => {
	const immediate = async () => undefined;
	test('never more than `concurrency` in flight, results in input order', async () => {
		let inFlight = 0;
		let peak = 0;
		const results = await runBatch(
			40,
			async (i) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
				inFlight--;
				return i * 2;
			},
			{ concurrency: 4, pauseMs: 0, sleep: immediate, shouldStop: () => false },
		);
		expect(peak).toBe(4);
		expect(results.map((r) => (r?.ok ? r.value : -1))).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
	});

	test('pauses fall between batches, and a stop starts nothing new', async () => {
		const pauses: number[] = [];
		const started: number[] = [];
		await runBatch(
			7,
			async (i) => {
				started.push(i);
			},
			{ concurrency: 3, pauseMs: 50, sleep: async (ms) => void pauses.push(ms), shouldStop: () => started.length >= 5 },
		);
		expect(pauses).toEqual([50]);
		expect(started).toEqual([0, 1, 2, 3, 4, 5]);
	});
});

describe('node description', () => {
	test("option defaults match the runtime fallbacks", () => {
		const options = nodeProperties.find((p) => p.name === 'options')!.options as Array<{ name: string; default: unknown }>;
		const byName = Object.fromEntries(options.map((o) => [o.name, o.default]));
		expect(byName.concurrency).toBe(DEFAULTS.concurrency);
		expect(byName.maxTries).toBe(DEFAULTS.maxTries);
		expect(byName.retryDelayMs).toBe(DEFAULTS.retryDelayMs);
		expect(byName.timeoutSeconds).toBe(DEFAULTS.timeoutSeconds);
	});
});

describe('network errors from both n8n majors', () => {
	// Shapes recorded from n8n-core 2.41.1 (cause chain) and 1.122.48 (httpCode and messages only).
	const v2 = (code: string, message: string, written?: boolean) => ({
		name: 'NodeApiError',
		httpCode: code,
		messages: [message],
		cause: { code, message, request: written === undefined ? undefined : { writableFinished: written } },
	});
	const v1 = (code: string, message: string) => ({ name: 'NodeApiError', httpCode: code, messages: [message, message] });
	test.each([
		['2.x refused', v2('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', false), 'not-sent'],
		['1.x refused', v1('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'not-sent'],
		['2.x reset during connect', v2('ECONNRESET', 'connect ECONNRESET 127.0.0.1:4'), 'not-sent'],
		['1.x reset during connect', v1('ECONNRESET', 'connect ECONNRESET 127.0.0.1:4'), 'not-sent'],
		['2.x reset before the request was written whole', v2('ECONNRESET', 'write ECONNRESET', false), 'not-sent'],
		['1.x write EPIPE', v1('EPIPE', 'write EPIPE'), 'not-sent'],
		['2.x reset after the request was written', v2('ECONNRESET', 'read ECONNRESET', true), 'broken'],
		['1.x reset after the request was written', v1('ECONNRESET', 'read ECONNRESET'), 'broken'],
		['1.x socket hang up', v1('ECONNRESET', 'socket hang up'), 'broken'],
		['2.x DNS failure', v2('ENOTFOUND', 'getaddrinfo ENOTFOUND llmstack.invalid', false), 'not-sent'],
		['2.x HTTP parser error', v2('HPE_INVALID_CONTENT_LENGTH', 'Parse Error: Invalid character in Content-Length', true), 'bad-http'],
	])('%s', (_name, error, kind) => {
		expect(classifyNetworkError(error).kind).toBe(kind);
	});
});

test('1.x: a failed write means the request never arrived whole', () => {
	expect(classifyNetworkError({ httpCode: 'ECONNRESET', messages: ['write ECONNRESET'] }).kind).toBe('not-sent');
});
