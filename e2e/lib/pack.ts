/** Packs the built package exactly as npm would publish it; returns the tarball path. */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export function build(): void {
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

/** `npm pack` of the current dist/ into `.cache/pack-<label>` (one folder per caller, so packs never collide). */
export function pack(label: string): string {
	const out = join(ROOT, '.cache', `pack-${label}`);
	mkdirSync(out, { recursive: true });
	const listing = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', `--pack-destination=${out}`], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	) as Array<{ filename: string }>;
	return join(out, listing[0].filename);
}
