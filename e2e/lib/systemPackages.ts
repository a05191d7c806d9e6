/**
 * The Debian packages the tests need beyond npm (redis-server for queue mode, Chromium for the
 * editor test), and what a test run does when some are missing: install them with apt where it
 * can (root on Debian or Ubuntu), otherwise stop before any test with the one command to run.
 */
export interface SystemFacts {
	/** Packages not found on this machine. */
	missing: string[];
	/** Whether this process runs as root. */
	root: boolean;
	/** Whether apt-get is there. */
	apt: boolean;
}

export type SystemPlan =
	{ kind: 'ready' } | { kind: 'install'; packages: string[] } | { kind: 'stop'; message: string };

export function planSystemPackages(facts: SystemFacts): SystemPlan {
	if (facts.missing.length === 0) return { kind: 'ready' };
	if (facts.root && facts.apt) return { kind: 'install', packages: facts.missing };
	const install = `apt-get update && apt-get install -y ${facts.missing.join(' ')}`;
	const command = facts.root ? install : `sudo sh -c '${install}'`;
	return {
		kind: 'stop',
		message: `npm test needs ${facts.missing.join(' and ')}: run \`${command}\` (Debian/Ubuntu; elsewhere install them with your package manager), then npm test again.`,
	};
}
