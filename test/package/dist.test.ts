/** What n8n loads from the published package: runs after `npm run build` (see `npm test`). */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('published package', () => {
	test('has no runtime dependencies and n8n-workflow only as a peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
	});

	test('every node and credential n8n is told about exists in dist with its icons and codex', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
			expect(existsSync(join(root, file))).toBe(true);
		const nodeDir = join(root, 'dist/nodes/LLMStack');
		for (const file of ['llmstack.svg', 'llmstack.dark.svg', 'LlmStack.node.json'])
			expect(existsSync(join(nodeDir, file))).toBe(true);
		for (const file of ['llmstack.svg', 'llmstack.dark.svg'])
			expect(existsSync(join(root, 'dist/credentials', file))).toBe(true);
		const codex = JSON.parse(readFileSync(join(nodeDir, 'LlmStack.node.json'), 'utf8'));
		expect(codex.node).toBe(`${pkg.name}.llmStack`);
	});

	test('the compiled node loads and describes itself as the sources do', () => {
		const { LlmStack } = require(join(root, 'dist/nodes/LLMStack/LlmStack.node.js'));
		const { LlmStack: FromSource } = require('../../nodes/LLMStack/LlmStack.node');
		expect(JSON.stringify(new LlmStack().description)).toBe(
			JSON.stringify(new FromSource().description),
		);
	});

	test('the node type and credential name saved workflows refer to', () => {
		const { LlmStack } = require(join(root, 'dist/nodes/LLMStack/LlmStack.node.js'));
		const description = new LlmStack().description;
		expect(`${pkg.name}.${description.name}`).toBe('n8n-nodes-llmstack.llmStack');
		expect(description.credentials).toEqual([{ name: 'llmStackApi', required: true }]);
		const operation = description.properties.find((p: { name: string }) => p.name === 'operation');
		expect(operation.options.map((o: { value: string }) => o.value)).toEqual([
			'runApp',
			'continueSession',
		]);
	});

	test('npm pack ships only dist, README, LICENSE and package.json', () => {
		const listing = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: root,
				encoding: 'utf8',
			}),
		);
		const files: string[] = listing[0].files.map((f: { path: string }) => f.path);
		expect(
			files.every(
				(f) => f.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(f),
			),
		).toBe(true);
		expect(files).toEqual(
			expect.arrayContaining([
				'README.md',
				'LICENSE',
				'package.json',
				'dist/nodes/LLMStack/LlmStack.node.js',
			]),
		);
	});
});

test('validation messages render as plain text in the editor (n8n renders them as HTML)', () => {
	const { LlmStack } = require('../../nodes/LLMStack/LlmStack.node');
	const messages: string[] = [];
	JSON.stringify(new LlmStack().description, (key, value) => {
		if (key === 'errorMessage') messages.push(value);
		return value;
	});
	expect(messages.length).toBeGreaterThan(0);
	expect(messages.filter((message) => /[<>]/.test(message))).toEqual([]);
});
