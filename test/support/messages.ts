/**
 * Every error message the package can show, read from its sources (variable parts as …), so the
 * README's troubleshooting table can be held to it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const STRING = String.raw`('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60)`;
const TERNARY = String.raw`[^?;,]*?\?\s*` + STRING + String.raw`\s*:\s*` + STRING;

/** Where a message literal stands: after these openings, plain or as both sides of a ?: */
const OPENINGS = [
	String.raw`message:\s*`,
	String.raw`\b(?:fail|inputFailure)\(\s*`,
	String.raw`new CollectorError\(\s*[^,]+,\s*`,
	String.raw`new (?:UnexpectedResponseError|InputError)\(\s*`,
	String.raw`new NodeOperationError\(\s*[^,]+,\s*`,
];

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

function literal(quoted: string): string {
	return quoted
		.slice(1, -1)
		.replace(/\$\{[^}]*\}/g, '…')
		.replace(/\\(['"`])/g, '$1');
}

export function messagesInSources(): string[] {
	const found = new Set<string>();
	const files = [...sourceFiles(join(ROOT, 'nodes')), ...sourceFiles(join(ROOT, 'credentials'))];
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		for (const opening of OPENINGS) {
			for (const match of text.matchAll(new RegExp(opening + TERNARY, 'g'))) {
				found.add(literal(match[1]));
				found.add(literal(match[2]));
			}
			for (const match of text.matchAll(new RegExp(opening + STRING, 'g')))
				found.add(literal(match[1]));
		}
		// The credential test's rules: detailRule(<LLMStack's detail>, <message>).
		for (const match of text.matchAll(
			new RegExp(String.raw`detailRule\(\s*` + STRING + String.raw`,\s*` + STRING, 'g'),
		)) {
			found.add(literal(match[2]));
		}
	}
	return [...found].filter((message) => message && message !== '…').sort();
}

export function messagesInReadme(): string[] {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('## Troubleshooting'));
	const table = section.slice(0, section.indexOf('\n## ', 3));
	return [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]).sort();
}
