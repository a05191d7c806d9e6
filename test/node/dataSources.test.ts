/** The Data Source resource against the emulator: adding, waiting, listing, reading, deleting. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DATA_SOURCE_IDS } from '../emulator/resources';
import type { Generation } from '../emulator/generations';
import { withEmulator } from '../harness/emulator';
import { credentialsFor, runOperation } from '../harness/run';
import { fixtures } from '../harness/fixtures';
import { json, startHostile } from '../harness/hostile';
import { loadOptionsContext } from '../harness/runWorkflow';
import { searchDataSources } from '../../nodes/LLMStack/methods';

const ref = (id: string) => ({ __rl: true, mode: 'id', value: id });
const addText = (id: string, extra: IDataObject = {}) => ({
	resource: 'dataSource',
	operation: 'addText',
	dataSource: ref(id),
	entryName: '={{ $json.name }}',
	content: '={{ $json.text }}',
	...extra,
});
const fileItem = (name: string, mimeType: string, bytes: Buffer): INodeExecutionData => ({
	json: {},
	binary: { data: { data: bytes.toString('base64'), mimeType, fileName: name } },
});

const CURRENT: Generation[] = ['head', 'v0.2.6', 'v0.2.5', 'v0.2.4'];
const LEGACY: Generation[] = ['v0.0.31', 'v0.0.11'];

describe('Data Source: Add Text', () => {
	test.each([...CURRENT, ...LEGACY])(
		'%s: waits until the new entry is READY and outputs it',
		async (generation) => {
			await withEmulator({ generation }, async (emulator) => {
				const { items, error } = await runOperation(emulator, addText(DATA_SOURCE_IDS.text), [
					{ name: 'Refunds', text: 'Refunds take 5 days.' },
				]);
				expect(error).toBeUndefined();
				const entries = items[0].json.entries as IDataObject[];
				expect(entries.map((e) => [e.name, e.status])).toEqual([['Refunds', 'READY']]);
			});
		},
	);

	test('sends extra_data and both body keys, which every version needs', async () => {
		await withEmulator({ generation: 'head' }, async (emulator) => {
			await runOperation(emulator, addText(DATA_SOURCE_IDS.text), [{ name: 'a', text: 'b' }]);
			const sent = emulator.requests.find((r) => r.path.endsWith('/add_entry'));
			expect(sent?.body).toEqual({
				source_data: { name: 'a', content: 'b', extra_data: [] },
				entry_data: { name: 'a', content: 'b', extra_data: [] },
			});
		});
	});

	test('without waiting: the asynchronous route answers with a job and the output says processing goes on', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { items } = await runOperation(
				emulator,
				addText(DATA_SOURCE_IDS.text, { waitForProcessing: false }),
				[{ name: 'a', text: 'b' }],
			);
			expect(items[0].json).toMatchObject({ status: 'PROCESSING', names: ['a'] });
		});
	});

	test('items are added one after another, each output paired with its item', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { items } = await runOperation(emulator, addText(DATA_SOURCE_IDS.text), [
				{ name: 'one', text: 'x' },
				{ name: 'two', text: 'y' },
			]);
			expect(items.map((i) => [(i.json.entries as IDataObject[])[0].name, i.pairedItem])).toEqual([
				['one', { item: 0 }],
				['two', { item: 1 }],
			]);
		});
	});
});

describe('Data Source: Add URLs and Add File', () => {
	test('an unreachable URL comes back READY with placeholder text: the entry carries a warning', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { items } = await runOperation(emulator, {
				resource: 'dataSource',
				operation: 'addUrls',
				dataSource: ref(DATA_SOURCE_IDS.url),
				urls: 'https://docs.example.com/a,\nhttps://down.invalid/b',
			});
			const entries = items[0].json.entries as IDataObject[];
			const warned = entries.filter((e) => e.warning).map((e) => e.name);
			expect(warned).toEqual(['https://down.invalid/b']);
		});
	});

	test('a URL list longer than LLMStack takes in one request is sent in several, no URL dropped', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const urls = Array.from(
				{ length: 60 },
				(_, i) => `https://docs.example.com/page/${i}/${'x'.repeat(30)}`,
			);
			const { items } = await runOperation(emulator, {
				resource: 'dataSource',
				operation: 'addUrls',
				dataSource: ref(DATA_SOURCE_IDS.url),
				urls: urls.join('\n'),
			});
			const posts = emulator.requests.filter((r) => r.path.endsWith('/add_entry'));
			expect({
				requests: posts.length > 1,
				longest:
					Math.max(
						...posts.map(
							(p) => ((p.body as IDataObject).source_data as IDataObject).urls!.toString().length,
						),
					) <= 1600,
				entries: (items[0].json.entries as IDataObject[]).length,
			}).toEqual({ requests: true, longest: true, entries: 60 });
		});
	});

	test('sitemaps (.xml), which LLMStack skips without a word, are listed as skipped', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { items } = await runOperation(emulator, {
				resource: 'dataSource',
				operation: 'addUrls',
				dataSource: ref(DATA_SOURCE_IDS.url),
				urls: 'https://example.com/sitemap.xml, https://example.com/a',
			});
			expect((items[0].json.skipped as IDataObject[]).map((s) => s.value)).toEqual([
				'https://example.com/sitemap.xml',
			]);
		});
	});

	test("files become entries named after them, from the item's binary data", async () => {
		await withEmulator({ generation: 'head' }, async (emulator) => {
			const { items } = await runOperation(
				emulator,
				{
					resource: 'dataSource',
					operation: 'addFile',
					dataSource: ref(DATA_SOURCE_IDS.file),
					binaryProperties: 'data',
				},
				[],
				{ inputItems: [fileItem('notes 1.txt', 'text/plain', Buffer.from('héllo'))] },
			);
			expect((items[0].json.entries as IDataObject[]).map((e) => [e.name, e.status])).toEqual([
				['notes 1.txt', 'READY'],
			]);
		});
	});

	test('a file LLMStack cannot process ends FAILED: the item fails naming the entry', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { error } = await runOperation(
				emulator,
				{
					resource: 'dataSource',
					operation: 'addFile',
					dataSource: ref(DATA_SOURCE_IDS.pdf),
					binaryProperties: 'data',
				},
				[],
				{ inputItems: [fileItem('broken.pdf', 'application/pdf', Buffer.from('not a pdf'))] },
			);
			expect(error?.message).toMatch(/^LLMStack could not process the entry "broken\.pdf"/);
		});
	});

	test('a text file that is not UTF-8 is refused before anything is sent', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { error } = await runOperation(
				emulator,
				{
					resource: 'dataSource',
					operation: 'addFile',
					dataSource: ref(DATA_SOURCE_IDS.file),
					binaryProperties: 'data',
				},
				[],
				{
					inputItems: [fileItem('latin1.txt', 'text/plain', Buffer.from([0x63, 0x61, 0x66, 0xe9]))],
				},
			);
			expect({
				message: error?.message,
				posts: emulator.requests.filter((r) => r.method === 'POST').length,
			}).toEqual({
				message: '"latin1.txt" is not UTF-8 text',
				posts: 0,
			});
		});
	});
});

describe('Data Source: errors in words', () => {
	test.each([
		[
			'an operation that does not fit the type',
			DATA_SOURCE_IDS.url,
			/is of the url type: Add Text cannot add to it/,
		],
		['a destination-only data source', DATA_SOURCE_IDS.vectorStore, /has nothing to add to/],
		['read-only sharing', DATA_SOURCE_IDS.readOnly, /^No permission to add to this data source$/],
		[
			'a data source the user may not see',
			DATA_SOURCE_IDS.foreign,
			/^The data source is not visible to the token's user$/,
		],
		[
			'an unknown ID',
			'deadbeef-0000-4000-8000-000000000000',
			/^No data source with this ID on this server$/,
		],
		['a full account', DATA_SOURCE_IDS.full, /^LLMStack refused the entry: Storage quota exceeded/],
	])('%s', async (_, id, message) => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { error } = await runOperation(emulator, addText(id), [{ name: 'a', text: 'b' }]);
			expect(error?.message).toMatch(message);
		});
	});

	test('a hostile ID is refused before any request', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { error } = await runOperation(emulator, addText('={{ "../../api/apps" }}'), [
				{ name: 'a', text: 'b' },
			]);
			expect({ message: error?.message, requests: emulator.requests.length }).toEqual({
				message: '"../../api/apps" is not a data source ID',
				requests: 0,
			});
		});
	});

	test('with Continue On Fail, one failing item does not stop the others', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { items } = await runOperation(
				emulator,
				addText('={{ $json.id }}'),
				[
					{ id: DATA_SOURCE_IDS.foreign, name: 'a', text: 'b' },
					{ id: DATA_SOURCE_IDS.text, name: 'c', text: 'd' },
				],
				{ settings: { onError: 'continueRegularOutput' } },
			);
			expect(items.map((i) => (i.json.error ? 'error' : 'ok'))).toEqual(['error', 'ok']);
		});
	});
});

describe('Data Source: List Entries, Get Entry Text, Delete Entry', () => {
	test("lists one item per entry, reads an entry's text and deletes it", async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			await runOperation(emulator, addText(DATA_SOURCE_IDS.text), [
				{ name: 'a', text: 'first text' },
				{ name: 'b', text: 'second text' },
			]);
			const listed = await runOperation(emulator, {
				resource: 'dataSource',
				operation: 'listEntries',
				dataSource: ref(DATA_SOURCE_IDS.text),
			});
			const text = await runOperation(
				emulator,
				{ resource: 'dataSource', operation: 'getEntryText', entryId: '={{ $json.uuid }}' },
				listed.items.map((i) => i.json),
			);
			const deleted = await runOperation(
				emulator,
				{ resource: 'dataSource', operation: 'deleteEntry', entryId: '={{ $json.uuid }}' },
				[listed.items[0].json],
			);
			const after = await runOperation(emulator, {
				resource: 'dataSource',
				operation: 'listEntries',
				dataSource: ref(DATA_SOURCE_IDS.text),
			});
			expect({
				listed: listed.items.map((i) => i.json.name).sort(),
				texts: text.items.map((i) => i.json.content).sort(),
				deleted: deleted.items[0].json.deleted,
				left: after.items.length,
			}).toEqual({
				listed: ['a', 'b'],
				texts: ['first text', 'second text'],
				deleted: true,
				left: 1,
			});
		});
	});

	test('an unknown entry is named as such', async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const { error } = await runOperation(emulator, {
				resource: 'dataSource',
				operation: 'getEntryText',
				entryId: 'deadbeef-0000-4000-8000-000000000000',
			});
			expect(error?.message).toBe('No entry with this ID on this server');
		});
	});
});

describe('Data Source picker', () => {
	test("lists the user's data sources once each, with their type", async () => {
		await withEmulator({ generation: 'v0.2.6' }, async (emulator) => {
			const ctx = loadOptionsContext(fixtures.runApp, 'Run App', credentialsFor(emulator));
			const { results } = await searchDataSources.call(ctx, 'hand');
			expect(results).toEqual([{ name: 'Handbook (text)', value: DATA_SOURCE_IDS.text }]);
		});
	});
});

describe('Data Source: deadlines and the token', () => {
	test('a silent server: the item ends at its Timeout', async () => {
		const silent = await startHostile(() => undefined);
		try {
			const { error, elapsed } = await runOperation(
				{ url: silent.url, tokens: { owner: 'a'.repeat(40) } },
				addText(DATA_SOURCE_IDS.text, { options: { timeoutSeconds: 2 } }),
				[{ name: 'a', text: 'b' }],
			);
			expect({
				message: error?.message,
				inTime: elapsed >= 2000 && elapsed < 5000,
			}).toEqual({
				message: "No complete answer from LLMStack within 2 s (the node's timeout)",
				inTime: true,
			});
		} finally {
			await silent.close();
		}
	});

	test('a token echoed in an error never reaches the user', async () => {
		const token = '7a'.repeat(20);
		const echo = await startHostile((req, res) =>
			json(res, 403, { detail: `You (${String(req.headers.authorization)}) may not` }),
		);
		try {
			const { error, result } = await runOperation(
				{ url: echo.url, tokens: { owner: token } },
				addText(DATA_SOURCE_IDS.text),
				[{ name: 'a', text: 'b' }],
			);
			expect({
				refused: error?.message,
				leaked: JSON.stringify(result.run).includes(token),
			}).toEqual({ refused: 'LLMStack refused the request (403)', leaked: false });
		} finally {
			await echo.close();
		}
	});
});
