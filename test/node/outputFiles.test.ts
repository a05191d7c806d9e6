/** Download Output Files: session files and inline data URIs as binary, the token kept home. */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS, PNG_BYTES } from '../emulator/apps';
import { withEmulator } from '../harness/emulator';
import { startHostile } from '../harness/hostile';
import { appRef } from '../harness/fixtures';
import { runApp } from '../harness/run';

const run = (app: string, downloadFiles = true) => ({
	app: appRef(app),
	inputMode: 'json',
	inputJson: '{"prompt": "a cat", "data": "1,2"}',
	options: { downloadFiles },
});

describe('Download Output Files', () => {
	test('an objref in the output becomes a binary property with its name and type', async () => {
		await withEmulator({ generation: 'head' }, async (emulator) => {
			const { items, error } = await runApp(emulator, run(APP_IDS.image));
			expect(error).toBeUndefined();
			const binary = items[0].binary?.file_0;
			expect({
				name: binary?.fileName,
				type: binary?.mimeType,
				bytes: Buffer.from(binary?.data ?? '', 'base64').equals(PNG_BYTES),
				listed: (items[0].json.files as IDataObject[])[0].binaryProperty,
				kept: String(items[0].json.output).includes('objref://sessionfiles/'),
			}).toEqual({
				name: 'a cat 1.png',
				type: 'image/png',
				bytes: true,
				listed: 'file_0',
				kept: true,
			});
		});
	});

	test('an inline data: URI becomes a binary property too', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { items } = await runApp(emulator, run(APP_IDS.chart));
			expect({
				type: items[0].binary?.file_0?.mimeType,
				bytes: Buffer.from(items[0].binary?.file_0?.data ?? '', 'base64').equals(PNG_BYTES),
			}).toEqual({ type: 'image/png', bytes: true });
		});
	});

	test("v0.2.6 cannot store files for API runs: the item shows LLMStack's error", async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { error } = await runApp(emulator, run(APP_IDS.image));
			expect(error?.message).toBe("The app failed: 'str' object has no attribute 'objref'");
		});
	});

	test('off by default: no binary, no asset requests', async () => {
		await withEmulator({ generation: 'head' }, async (emulator) => {
			const { items } = await runApp(emulator, run(APP_IDS.image, false));
			expect({
				binary: items[0].binary,
				assets: emulator.requests.filter((r) => r.path.startsWith('/api/assets')).length,
			}).toEqual({ binary: undefined, assets: 0 });
		});
	});

	test('files on another host (object storage) are fetched without the token', async () => {
		const storage = await startHostile((_req, res) => {
			res.writeHead(200, { 'Content-Type': 'image/png' });
			res.end(PNG_BYTES);
		});
		try {
			await withEmulator(
				{ generation: 'head', resources: { assetBaseUrl: storage.url } },
				async (emulator) => {
					const { items } = await runApp(emulator, run(APP_IDS.image));
					expect({
						downloaded: items[0].binary?.file_0?.fileName,
						requests: storage.requests.length,
						tokens: storage.requests.filter((r) => r.authorization).length,
					}).toEqual({ downloaded: 'a cat 1.png', requests: 1, tokens: 0 });
				},
			);
		} finally {
			await storage.close();
		}
	});
});
