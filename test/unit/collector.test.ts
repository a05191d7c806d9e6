import { CollectorError, ResponseCollector } from '../../nodes/LLMStack/response/collector';
import { readRunResult } from '../../nodes/LLMStack/response/runResult';
import { pythonRepr, seededRandom, splitBytes } from '../emulator/wire';

const bytes = (text: string) => Buffer.from(text, 'utf8');

const V026 =
	'{"output":{"output":"Echo: hi ✓ 日本"},"chunks":{"_inputs0":{"question":"hi"}},"session":{"id":"s-1"}}';

const NDJSON_DELTAS = [
	{
		session: { id: 's-2' },
		csp: 'frame-ancestors self',
		template: 'A: {{- _inputs1.choices[0].content -}} !',
	},
	{ _inputs1: { choices: [{ content: 'Hel' }] } },
	{ _inputs1: { choices: [{ content: 'lo ' }] } },
	{ _inputs1: { choices: [{ content: 'wörld 🌍' }] } },
]
	.map((record) => `${JSON.stringify(record)}\n`)
	.join('');

/** The response document of a body that arrives in these pieces. */
function collectResponse(
	chunks: Iterable<Uint8Array | string>,
	options?: ConstructorParameters<typeof ResponseCollector>[0],
): unknown {
	const collector = new ResponseCollector(options);
	for (const chunk of chunks) collector.push(chunk);
	return collector.finish();
}

function collectionFailure(run: () => unknown): CollectorError {
	try {
		run();
	} catch (error) {
		if (error instanceof CollectorError) return error;
		throw error;
	}
	throw new Error('expected a CollectorError');
}

describe('response collector', () => {
	test('a single JSON document (v0.2.6+, which ignores stream)', () => {
		const result = collectResponse([bytes(V026)]);
		expect(readRunResult(result).output).toBe('Echo: hi ✓ 日本');
		expect(readRunResult(result).sessionId).toBe('s-1');
	});

	test('a pretty-printed multi-line JSON document', () => {
		const pretty = JSON.stringify(JSON.parse(V026), null, 2);
		const result = collectResponse([bytes(pretty)]);
		expect(readRunResult(result).output).toBe('Echo: hi ✓ 日本');
	});

	test('v0.0.x NDJSON deltas are stitched and the template rendered with whitespace control', () => {
		const result = collectResponse([bytes(NDJSON_DELTAS)]);
		const run = readRunResult(result);
		expect(run.output).toBe('A:Hello wörld 🌍!');
		expect(run.sessionId).toBe('s-2');
	});

	test('SSE data: lines with multi-line events, comments and [DONE]', () => {
		const sse = [
			': keep-alive',
			`data: ${JSON.stringify({ session: { id: 's-3' }, template: '{{x.y}}' })}`,
			'',
			'event: message',
			'data: {"x":',
			'data:  {"y": "ab"}}',
			'',
			'data: {"x": {"y": "cd"}}',
			'',
			'data: [DONE]',
			'',
		].join('\r\n');
		const result = collectResponse([bytes(sse)]);
		expect(readRunResult(result).output).toBe('abcd');
	});

	test('an error record in a delta stream becomes a processor error', () => {
		const text = `${JSON.stringify({ session: { id: 's' }, template: '{{a}}' })}\n{"errors": ["quota exceeded"]}\n`;
		expect(() => readRunResult(collectResponse([bytes(text)]))).toThrow('quota exceeded');
	});

	test('Python-repr streams (v0.0.12 to v0.0.31) fail clearly', () => {
		const repr =
			pythonRepr({ session: { id: 's' }, csp: 'x', template: '{{a}}' }) + pythonRepr({ a: 'b' });
		expect(collectionFailure(() => collectResponse([bytes(repr)])).reason).toBe('python-repr');
	});

	test('a Python-repr stream is recognised even when the first chunk is one byte', () => {
		const repr = pythonRepr({ session: { id: 's' } });
		const collector = new ResponseCollector();
		const error = collectionFailure(() => {
			for (const ch of repr) collector.push(bytes(ch));
			collector.finish();
		});
		expect(error.reason).toBe('python-repr');
	});

	test('empty and truncated bodies (v0.1.0 to v0.2.5 streaming) fail clearly', () => {
		expect(collectionFailure(() => collectResponse([])).reason).toBe('empty');
		expect(collectionFailure(() => collectResponse([bytes('  \n')])).reason).toBe('empty');
		expect(collectionFailure(() => collectResponse([bytes('{"session": {"id": "x"')])).reason).toBe(
			'truncated',
		);
		const cut = NDJSON_DELTAS.slice(0, NDJSON_DELTAS.length - 5);
		expect(collectionFailure(() => collectResponse([bytes(cut)])).reason).toBe('truncated');
	});

	test('non-JSON bodies and a bad record mid-stream fail as malformed, with a short preview', () => {
		const html = `<!doctype html><html><head><title>Oops</title></head><body>${'x'.repeat(10_000)}</body></html>`;
		const error = collectionFailure(() => collectResponse([bytes(html)]));
		expect(error.reason).toBe('malformed');
		expect(error.message.length).toBeLessThan(200);
		const mid = `${JSON.stringify({ session: { id: 's' }, template: '' })}\nnot json\n{"a":1}\n`;
		expect(collectionFailure(() => collectResponse([bytes(mid)])).reason).toBe('malformed');
	});

	test('responses over the size limit stop being read', () => {
		const collector = new ResponseCollector({ maxBytes: 100 });
		expect(() => collector.push(bytes('{"output": "' + 'x'.repeat(200)))).toThrow(
			/larger than 100 bytes/,
		);
	});

	describe('fuzz: the same stream split at thousands of random boundaries', () => {
		const streams: Record<string, string> = {
			'single document': V026,
			'pretty document': JSON.stringify(JSON.parse(V026), null, 2),
			'NDJSON deltas': NDJSON_DELTAS,
			SSE: NDJSON_DELTAS.split('\n')
				.filter(Boolean)
				.map((line) => `data: ${line}\n\n`)
				.join(''),
		};
		for (const [name, text] of Object.entries(streams)) {
			test(name, () => {
				const expected = readRunResult(collectResponse([bytes(text)])).output;
				const random = seededRandom(name.length * 7919);
				for (let round = 0; round < 1500; round++) {
					const pieces = splitBytes(bytes(text), random, 1 + Math.floor(random() * 16));
					const result = collectResponse(pieces);
					expect(readRunResult(result).output).toBe(expected);
				}
			});
		}
	});
});

describe('partial outputs of long delta streams', () => {
	const header = `${JSON.stringify({ session: { id: 's' }, template: '{{llm.text}}' })}\n`;
	const delta = (i: number) => `${JSON.stringify({ llm: { text: `t${i % 10} ` } })}\n`;

	test('10,000 deltas are rendered a bounded number of times, growing, ending with the whole text', () => {
		const seen: string[] = [];
		const collector = new ResponseCollector({
			onOutput: (output) => seen.push(output),
			now: () => 0,
		});
		collector.push(header);
		for (let i = 0; i < 10_000; i++) collector.push(delta(i));
		const final = readRunResult(collector.finish()).output;
		// Every delta re-rendered would be 10,000 renders of the whole text (quadratic).
		expect(seen.length).toBeLessThan(200);
		expect(seen.every((text, i) => i === 0 || text.startsWith(seen[i - 1]))).toBe(true);
		expect(final.startsWith(seen[seen.length - 1])).toBe(true);
		expect(final).toBe(Array.from({ length: 10_000 }, (_, i) => `t${i % 10} `).join(''));
	});

	test('a slow stream is forwarded at least every 100 ms', () => {
		let clock = 0;
		const seen: string[] = [];
		const collector = new ResponseCollector({
			onOutput: (output) => seen.push(output),
			now: () => clock,
		});
		collector.push(header);
		for (let i = 0; i < 2000; i++) collector.push(delta(i));
		// Right after a render, growth alone brings the next one only an eighth of the stream later.
		const rendered = seen.length;
		while (seen.length === rendered) collector.push(delta(1));
		const after = seen.length;
		collector.push(delta(2));
		expect(seen.length).toBe(after);
		clock += 100;
		collector.push(delta(3));
		expect(seen.length).toBe(after + 1);
	});
});

test('JSON behind megabytes of white space, a byte at a time at the start', () => {
	const collector = new ResponseCollector();
	for (let i = 0; i < 1000; i++) collector.push(' ');
	collector.push(Buffer.alloc(4 * 1024 * 1024, '\n'));
	collector.push('{"output": "x", "session": {"id": "s"}}');
	expect(readRunResult(collector.finish()).output).toBe('x');
});
