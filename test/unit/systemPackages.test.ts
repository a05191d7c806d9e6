/** What `npm test` does about missing system packages before any test runs. */
import { planSystemPackages } from '../../e2e/lib/systemPackages';

test('nothing missing: the tests run', () => {
	expect(planSystemPackages({ missing: [], root: false, apt: false })).toEqual({ kind: 'ready' });
});

test('root with apt: the missing packages are installed', () => {
	expect(
		planSystemPackages({ missing: ['redis-server', 'chromium'], root: true, apt: true }),
	).toEqual({ kind: 'install', packages: ['redis-server', 'chromium'] });
});

test('not root: one line with the exact command, and no test runs', () => {
	expect(
		planSystemPackages({ missing: ['redis-server', 'chromium'], root: false, apt: true }),
	).toEqual({
		kind: 'stop',
		message:
			"npm test needs redis-server and chromium: run `sudo sh -c 'apt-get update && apt-get install -y redis-server chromium'` (Debian/Ubuntu; elsewhere install them with your package manager), then npm test again.",
	});
});

test('root without apt: the command to run with another package manager in mind', () => {
	expect(planSystemPackages({ missing: ['chromium'], root: true, apt: false })).toEqual({
		kind: 'stop',
		message:
			'npm test needs chromium: run `apt-get update && apt-get install -y chromium` (Debian/Ubuntu; elsewhere install them with your package manager), then npm test again.',
	});
});
