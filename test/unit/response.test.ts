/** The pure response reader's parts: LLMStack's stitch rule and the output templates. */
import { StitchedState } from '../../nodes/LLMStack/response/stitch';
import { renderTemplate } from '../../nodes/LLMStack/response/template';
import { seededRandom } from '../emulator/wire';
import { stitch } from './stitchOracle';

describe('stitch (LLMStack stitch_model_objects)', () => {
	test('dicts merge per key, lists index-wise, strings concatenate, else newer if truthy', () => {
		expect(
			stitch({ a: 'x', b: [1, { c: 'p' }] }, { a: 'y', b: [null, { c: 'q' }, 3], d: 1 }),
		).toEqual({
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
			if (random() < 0.3)
				return Array.from({ length: Math.floor(random() * 3) }, () => delta(depth + 1));
			const keys = ['a', 'b', 'c'].filter(() => random() < 0.6);
			return Object.fromEntries(keys.map((k) => [k, delta(depth + 1)]));
		};
		for (let round = 0; round < 300; round++) {
			const deltas = Array.from({ length: 1 + Math.floor(random() * 600) }, () => ({
				p: delta(0),
			}));
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
