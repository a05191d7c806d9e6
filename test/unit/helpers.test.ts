/** The pure helpers: app IDs, base URLs, input building, backoff, bounded batches. */
import { normaliseAppId } from '../../nodes/LLMStack/helpers/appId';
import { parseRetryAfter, retryDelayMs } from '../../nodes/LLMStack/helpers/backoff';
import { normaliseBaseUrl, normaliseToken } from '../../nodes/LLMStack/helpers/baseUrl';
import { runBatch } from '../../nodes/LLMStack/helpers/batch';
import { inputFromFields, inputFromJson, InputError } from '../../nodes/LLMStack/helpers/input';

describe('app IDs, base URLs and tokens', () => {
	test('UUIDs from IDs and builder URLs, normalised', () => {
		expect(normaliseAppId(' 11111111-1111-4111-8111-111111111111 ')).toBe(
			'11111111-1111-4111-8111-111111111111',
		);
		expect(normaliseAppId('11111111111141118111111111111111')).toBe(
			'11111111-1111-4111-8111-111111111111',
		);
		expect(
			normaliseAppId('https://llm.example.com/apps/ABCDEFAB-1111-4111-8111-111111111111/preview'),
		).toBe('abcdefab-1111-4111-8111-111111111111');
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

describe('retry policy', () => {
	test('Retry-After wins; otherwise exponential with jitter in [d/2, d]', () => {
		const policy = { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 1 };
		expect(retryDelayMs(1, policy)).toBe(100);
		expect(retryDelayMs(3, policy)).toBe(400);
		expect(retryDelayMs(3, { ...policy, random: () => 0 })).toBe(200);
		expect(retryDelayMs(1, policy, '2')).toBe(2000);
		expect(
			parseRetryAfter('Thu, 01 Jan 2099 00:00:10 GMT', Date.parse('Thu, 01 Jan 2099 00:00:00 GMT')),
		).toBe(10_000);
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
		expect(results.map((r) => (r?.ok ? r.value : -1))).toEqual(
			Array.from({ length: 40 }, (_, i) => i * 2),
		);
	});

	test('pauses fall between batches, and a stop starts nothing new', async () => {
		const pauses: number[] = [];
		const started: number[] = [];
		await runBatch(
			7,
			async (i) => {
				started.push(i);
			},
			{
				concurrency: 3,
				pauseMs: 50,
				sleep: async (ms) => void pauses.push(ms),
				shouldStop: () => started.length >= 5,
			},
		);
		expect(pauses).toEqual([50]);
		expect(started).toEqual([0, 1, 2, 3, 4, 5]);
	});
});
