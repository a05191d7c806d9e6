/**
 * Starts the LLMStack emulator from the command line:
 *   npm run emulator -- [--generation v0.2.6] [--port 3000] [--latency-ms 0] [--whole-writes]
 * Prints one line with its URL, then serves until stopped (Ctrl-C or SIGTERM).
 */
import { APPS } from './apps';
import { GENERATIONS, isGeneration } from './generations';
import { startEmulator, TOKENS } from './server';

function option(name: string, fallback: string): string {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function main() {
	const generation = option('generation', 'v0.2.6');
	if (!isGeneration(generation)) {
		console.error(
			`Unknown generation "${generation}". Known: ${Object.keys(GENERATIONS).join(', ')}`,
		);
		process.exit(2);
	}
	const emulator = await startEmulator({
		generation,
		port: Number(option('port', '3000')),
		latencyMs: Number(option('latency-ms', '0')),
		// Whole writes: no splitting of bodies into small pieces (benchmarks want the plain server).
		split: process.argv.includes('--whole-writes') ? false : undefined,
	});
	console.log(
		JSON.stringify({
			url: emulator.url,
			generation,
			token: TOKENS.owner,
			apps: APPS.map((app) => ({ id: app.uuid, name: app.name })),
		}),
	);
	const stop = () => void emulator.close().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

void main();
