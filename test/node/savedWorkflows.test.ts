/** Workflows saved before the Resource parameter existed keep running App operations. */
import { fixtures } from '../harness/fixtures';
import { withEmulator } from '../harness/emulator';
import { runApp } from '../harness/run';

test('a Run App node saved without a resource runs the app as before', async () => {
	const node = fixtures.runApp.nodes.find((n) => n.name === 'Run App')!;
	expect('resource' in node.parameters).toBe(false);
	await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
		const { items } = await runApp(emulator, {}, [{ question: 'still here' }]);
		expect(items[0].json.output).toBe('Echo: still here');
	});
});
