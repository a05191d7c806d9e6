/**
 * Runs before the tests (`npm test`): everything they need beyond npm packages is set up here,
 * with progress, so the test run itself starts with nothing left to install: the system packages
 * (see lib/systemPackages.ts) and the two n8n versions, installed once into their ignored folders
 * and reused.
 */
import { spawnSync } from 'node:child_process';

import { chromiumAvailable } from './lib/editor';
import { ensureInstalled, isInstalled } from './lib/install';
import { redisAvailable } from './lib/redis';
import { planSystemPackages } from './lib/systemPackages';
import { N8N } from './lib/versions';

function aptInstall(packages: string[]): void {
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
				`[prepare] apt-get ${args.join(' ')} failed: run \`apt-get install -y ${packages.join(' ')}\` yourself, then npm test again.`,
			);
			process.exit(1);
		}
	}
}

const plan = planSystemPackages({
	missing: [
		...(redisAvailable() ? [] : ['redis-server']),
		...(chromiumAvailable() ? [] : ['chromium']),
	],
	root: typeof process.getuid === 'function' && process.getuid() === 0,
	apt: spawnSync('apt-get', ['--version']).status === 0,
});
if (plan.kind === 'stop') {
	console.error(plan.message);
	process.exit(1);
}
if (plan.kind === 'install') aptInstall(plan.packages);

for (const major of [2, 1] as const) {
	const version = N8N[major];
	if (isInstalled(version)) console.log(`[prepare] n8n ${version.version}: installed, reused`);
	else ensureInstalled(version);
}
