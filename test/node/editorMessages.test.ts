/**
 * What the editor's methods (the app list, the App Inputs mapper) say when setting up goes
 * wrong: the same words a run would use, on n8n-core 2.x and 1.x.
 */
import { APP_IDS } from '../emulator/apps';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters } from '../harness/fixtures';
import { credentialsFor } from '../harness/run';
import { loadOptionsContext } from '../harness/runWorkflow';
import { getAppInputs, searchApps } from '../../nodes/LLMStack/methods';

const WRONG_TOKEN = 'ffffffffffffffffffffffffffffffffffffffff';
const mapperFor = (appId: string) =>
	withParameters(fixtures.runApp, 'Run App', { app: appRef(appId), inputMode: 'mapper' });

test('the app list with a wrong token says what a run says', async () => {
	await withEmulator({}, async (emulator) => {
		const ctx = loadOptionsContext(
			fixtures.runApp,
			'Run App',
			credentialsFor(emulator, WRONG_TOKEN),
		);
		const error = await searchApps.call(ctx).then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expect(error?.message).toBe('LLMStack rejected the API token');
		expect(error?.description).toMatch(
			/^The token in the LLMStack credential is not valid on this server/,
		);
	});
});

test('the mapper with a wrong token shows a notice instead of vanishing', async () => {
	await withEmulator({}, async (emulator) => {
		const ctx = loadOptionsContext(
			mapperFor(APP_IDS.echo),
			'Run App',
			credentialsFor(emulator, WRONG_TOKEN),
		);
		const { fields, emptyFieldsNotice } = await getAppInputs.call(ctx);
		expect(fields).toEqual([]);
		expect(emptyFieldsNotice).toMatch(
			/^Could not load the app's inputs: LLMStack rejected the API token\. The token in the LLMStack credential is not valid/,
		);
	});
});

test('the mapper for an app ID the server does not know says so', async () => {
	const unknown = '12345678-1234-4234-8234-123456789abc';
	await withEmulator({}, async (emulator) => {
		const ctx = loadOptionsContext(mapperFor(unknown), 'Run App', credentialsFor(emulator));
		const { emptyFieldsNotice } = await getAppInputs.call(ctx);
		expect(emptyFieldsNotice).toBe(
			`No app with ID ${unknown}, or it is not shared with this token's user. Pick the app from the list.`,
		);
	});
});

test('the mapper for an app of another user says so too', async () => {
	await withEmulator({}, async (emulator) => {
		const ctx = loadOptionsContext(mapperFor(APP_IDS.private), 'Run App', credentialsFor(emulator));
		const { emptyFieldsNotice } = await getAppInputs.call(ctx);
		expect(emptyFieldsNotice).toBe(
			`No app with ID ${APP_IDS.private}, or it is not shared with this token's user. Pick the app from the list.`,
		);
	});
});
