/**
 * `npm run demo`: builds the package, starts real n8n (2.x) with it installed the way n8n
 * installs community packages, configures the credential, imports the example workflows, runs
 * the chat demo (Run App → Continue Session) and prints what the nodes returned.
 *
 * Against the embedded LLMStack emulator by default; set LLMSTACK_URL, LLMSTACK_TOKEN and
 * LLMSTACK_APP_ID (a chat app; LLMSTACK_INPUT_FIELD names its input, default "message") to use
 * a real LLMStack. `npm run demo -- --keep` leaves n8n running at http://127.0.0.1:5678.
 */
import chatWorkflow from '../examples/chat-demo.workflow.json';
import webhookWorkflow from '../examples/webhook.workflow.json';
import { ensureInstalled } from './lib/install';
import { N8nInstance } from './lib/n8n';
import { build, pack } from './lib/pack';
import { N8N } from './lib/versions';
import { startEmulator } from '../test/emulator/server';
import type { Emulator } from '../test/emulator/server';

const step = (text: string) => console.log(`\n▶ ${text}`);

async function main() {
	const keep = process.argv.includes('--keep');
	const real = process.env.LLMSTACK_URL && process.env.LLMSTACK_TOKEN;
	if (process.env.LLMSTACK_URL && !process.env.LLMSTACK_TOKEN)
		throw new Error('LLMSTACK_URL is set but LLMSTACK_TOKEN is not');
	if (real && !process.env.LLMSTACK_APP_ID)
		throw new Error('With a real LLMStack, set LLMSTACK_APP_ID to a chat app of yours');

	step('Building and packing n8n-nodes-llmstack');
	build();
	const tarball = pack('demo');

	const version = { ...N8N[2], portBase: 5678 };
	step(`Preparing n8n ${version.version} (installed once into e2e/n8n-2, reused afterwards)`);
	ensureInstalled(version);

	let emulator: Emulator | undefined;
	let baseUrl = process.env.LLMSTACK_URL ?? '';
	let token = process.env.LLMSTACK_TOKEN ?? '';
	if (!real) {
		step('Starting the embedded LLMStack emulator (v0.2.6 behaviour)');
		emulator = await startEmulator({ generation: 'v0.2.6' });
		baseUrl = emulator.url;
		token = emulator.tokens.owner;
		console.log(`  LLMStack emulator at ${baseUrl}`);
	} else {
		console.log(`  Using the LLMStack at ${baseUrl}`);
	}

	const workflow = JSON.parse(JSON.stringify(chatWorkflow)) as typeof chatWorkflow;
	if (real) {
		const field = process.env.LLMSTACK_INPUT_FIELD ?? 'message';
		for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-llmstack.llmStack')) {
			const parameters = node.parameters as {
				app: { value: string };
				inputFields: { field: Array<{ name: string }> };
			};
			parameters.app.value = process.env.LLMSTACK_APP_ID!;
			parameters.inputFields.field[0].name = field;
		}
	}

	const n8n = new N8nInstance(version, tarball);
	const cleanup = async () => {
		await n8n.dispose();
		await emulator?.close();
	};
	process.on('SIGINT', () => void cleanup().then(() => process.exit(0)));
	try {
		step('Importing the LLMStack credential and the example workflows into n8n');
		await n8n.importCredentials([
			{
				id: 'llmsCredential01',
				name: 'LLMStack',
				type: 'llmStackApi',
				data: { baseUrl, apiToken: token },
			},
		]);
		await n8n.importWorkflows([workflow, webhookWorkflow]);
		const loaded = (await n8n.nodeTypes()).some(
			(type) => type.name === 'n8n-nodes-llmstack.llmStack',
		);
		if (!loaded) throw new Error('n8n did not load the LLMStack node');
		console.log('  n8n loaded the LLMStack node');

		step(`Running "${workflow.name}" in n8n`);
		const result = await n8n.execute(workflow.id);
		const runData = result.data.resultData.runData;
		for (const name of ['Run App', 'Continue Session']) {
			const json = runData[name]?.[0]?.data?.main[0][0]?.json;
			console.log(`\n  ${name}:`);
			console.log(`    output:    ${String(json?.output ?? '(none)')}`);
			console.log(`    sessionId: ${String(json?.sessionId ?? '(none)')}`);
		}
		if (result.status !== 'success') {
			console.log(
				`\n  The execution ended with: ${result.data.resultData.error?.message ?? result.status}`,
			);
			process.exitCode = 1;
		}

		if (keep) {
			step(
				'Starting n8n: open http://127.0.0.1:5678 (first visit: create the owner account), Ctrl-C stops everything',
			);
			await n8n.start();
			await new Promise(() => undefined);
		}
	} finally {
		if (!keep) await cleanup();
	}
}

main().catch((error: Error) => {
	console.error(`\n✖ ${error.message}`);
	process.exit(1);
});
