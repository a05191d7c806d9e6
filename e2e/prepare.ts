/**
 * Runs before the tests (`npm test`): everything they need beyond npm packages is set up here,
 * with progress, so the test run itself starts with nothing left to install. The system
 * packages (redis-server for queue mode, Chromium for the editor test) come from apt when this
 * runs as root on Debian or Ubuntu; otherwise it stops before any test with the one command to
 * run. The two n8n versions are installed once into their ignored folders and reused.
 */
import { spawnSync } from 'node:child_process';

import { chromiumAvailable } from './lib/editor';
import { ensureInstalled, isInstalled } from './lib/install';
import { redisAvailable } from './lib/redis';
import { N8N } from './lib/versions';

/** Measured on a 2-core machine (see the README): a fresh install, then reruns reuse it. */
const MINUTES: Record<1 | 2, number> = { 2: 6, 1: 4 };

function missingSystemPackages(): string[] {
	const missing: string[] = [];
	if (!redisAvailable()) missing.push('redis-server');
	if (!chromiumAvailable()) missing.push('chromium');
	return missing;
}

function installSystemPackages(packages: string[]): void {
	const command = `apt-get install -y ${packages.join(' ')}`;
	const canApt =
		typeof process.getuid === 'function' &&
		process.getuid() === 0 &&
		spawnSync('apt-get', ['--version']).status === 0;
	if (!canApt) {
		console.error(
			`npm test needs ${packages.join(' and ')}: run \`sudo apt-get update && sudo ${command}\` (Debian/Ubuntu), then npm test again.`,
		);
		process.exit(1);
	}
	console.log(`[prepare] Installing ${packages.join(', ')} with apt (about a minute)…`);
	for (const args of [
		['update', '-qq'],
		['install', '-y', '-qq', ...packages],
	]) {
		const result = spawnSync('apt-get', args, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0) {
			console.error(
				`[prepare] apt-get ${args.join(' ')} failed: run \`${command}\` yourself, then npm test again.`,
			);
			process.exit(1);
		}
	}
}

const missing = missingSystemPackages();
if (missing.length) installSystemPackages(missing);

for (const major of [2, 1] as const) {
	const version = N8N[major];
	if (isInstalled(version)) {
		console.log(`[prepare] n8n ${version.version}: installed, reused`);
		continue;
	}
	console.log(
		`[prepare] n8n ${version.version} is installed once for the real-n8n tests: about ${MINUTES[major]} minutes and 2–3 GB, kept in e2e/n8n-${major}/node_modules for the next runs.`,
	);
	ensureInstalled(version);
}
