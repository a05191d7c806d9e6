/**
 * The node's promises against servers that try to break them, through n8n's engine and
 * request path (this file runs on n8n-core 2.x and 1.x): the Timeout holds whatever the
 * server does, nothing runs twice, the token never leaves the host or shows in any output,
 * and every text built from server data is bounded.
 */
import type { IDataObject } from 'n8n-workflow';

import { APP_IDS } from '../emulator/apps';
import type { Emulator } from '../emulator/server';
import { withEmulator } from '../harness/emulator';
import { appRef, fixtures, withParameters, withSettings } from '../harness/fixtures';
import { freePort, json, startHostile, withHostile } from '../harness/hostile';
import type { HostileHandler } from '../harness/hostile';
import { credentialsFor, runApp, runAppWorkflow } from '../harness/run';
import { loadOptionsContext, runWorkflow } from '../harness/runWorkflow';
import { searchApps } from '../../nodes/LLMStack/methods/listSearch';

const TOKEN = '5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e';
const TIMEOUT_S = 2;
/** What the engine and a loaded machine may add to a deadline. */
const MARGIN_MS = 3000;

/** The hostile servers here check the token they receive: every run sends TOKEN. */
const run = (
	url: string,
	parameters: IDataObject = {},
	items: IDataObject[] = [{ question: 'x' }],
	settings?: IDataObject,
) => runApp({ url }, parameters, items, { settings, apiToken: TOKEN });
const workflow = runAppWorkflow;

const withTimeout = { options: { timeoutSeconds: TIMEOUT_S } };
const noResponse: HostileHandler = () => undefined;

describe('the Timeout holds whatever the server does', () => {
	const silent: Array<[string, HostileHandler]> = [
		['no answer at all', noResponse],
		[
			'200 headers, then silence',
			(_req, res) =>
				res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"output": "par'),
		],
		[
			'a 500 whose body never ends',
			(_req, res) =>
				res.writeHead(500, { 'Content-Type': 'text/html' }).write('<html><title>Server'),
		],
		[
			'a body that trickles a byte every 100 ms',
			(_req, res, tools) => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				tools.trickle(res, ' ', 100, 100);
			},
		],
		[
			'headers at 1.9 s, then a trickle',
			(_req, res, tools) =>
				tools.later(1900, () => {
					res.writeHead(200, { 'Content-Type': 'application/json' });
					tools.trickle(res, ' ', 100, 100);
				}),
		],
	];
	test.each(silent)('%s: the item fails within the Timeout and says so', async (_name, handler) => {
		await withHostile(handler, async (server) => {
			const { error, elapsed } = await run(server.url, withTimeout);
			expect(error?.message).toBe(
				`No complete answer from LLMStack within ${TIMEOUT_S} s (the node's timeout)`,
			);
			expect(elapsed).toBeLessThan(TIMEOUT_S * 1000 + MARGIN_MS);
			// …and not before it: the deadline, not some other error, ended the item.
			expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 50);
			expect(server.requests).toHaveLength(1);
		});
	});

	test("the app inputs schema (Map App Inputs) is loaded within the run's Timeout", async () => {
		await withHostile(
			(req, res) =>
				req.url?.includes('fields=data')
					? res.writeHead(200).write('{"data": {"input_fi')
					: json(res, 200, { output: 'x' }),
			async (server) => {
				const { error, elapsed } = await run(server.url, { inputMode: 'mapper', ...withTimeout });
				expect(error?.message).toBe(
					`Could not load the app's inputs: LLMStack did not answer within ${TIMEOUT_S} s`,
				);
				expect(elapsed).toBeLessThan(TIMEOUT_S * 1000 + MARGIN_MS);
			},
		);
	});

	test('the app list gives up after 30 s when the body stops halfway', async () => {
		await withHostile(
			(_req, res) =>
				res.writeHead(200, { 'Content-Type': 'application/json' }).write('[{"uuid": "'),
			async (server) => {
				const ctx = loadOptionsContext(fixtures.runApp, 'Run App', credentialsFor(server, TOKEN));
				const started = Date.now();
				const error = await searchApps.call(ctx).then(
					() => undefined,
					(e: Error) => e,
				);
				expect(error?.message).toBe('LLMStack did not answer within 30 s');
				expect(Date.now() - started).toBeLessThan(30_000 + MARGIN_MS);
			},
		);
	}, 45_000);

	test('cancelling the execution ends a wait for Retry-After: 20 at once', async () => {
		await withHostile(
			(_req, res) => json(res, 503, { detail: 'busy' }, { 'Retry-After': '20' }),
			async (server) => {
				let cancelledAt = 0;
				const result = await runWorkflow(
					workflow({ options: { maxTries: 3, timeoutSeconds: 60 } }),
					{
						items: [{ question: 'x' }],
						credentials: credentialsFor(server, TOKEN),
						onStart: (cancel) => {
							// Cancel once the first answer (the 503) has been sent.
							const poll = setInterval(() => {
								if (server.requests.length === 0) return;
								clearInterval(poll);
								cancelledAt = Date.now();
								cancel();
							}, 20);
						},
					},
				);
				expect(result.run.status).toBe('canceled');
				expect(Date.now() - cancelledAt).toBeLessThan(MARGIN_MS);
				expect(server.requests).toHaveLength(1);
			},
		);
	});
});

describe('a run is never started twice', () => {
	const questions = (count: number) =>
		Array.from({ length: count }, (_, i) => ({ question: `q${i}` }));
	const sentQuestions = (requests: Array<{ path: string; body?: unknown }>) =>
		requests
			.filter((r) => r.path.endsWith('/run'))
			.map((r) => ((r.body as IDataObject).input as IDataObject).question);

	/** 1000 items at concurrency 20, up to 8 tries each, failed items kept in place. */
	const thousandItems = (emulator: Emulator) =>
		runWorkflow(
			runAppWorkflow(
				{ options: { concurrency: 20, maxTries: 8, retryDelayMs: 0 } },
				{ onError: 'continueRegularOutput' },
			),
			{ items: questions(1000), credentials: credentialsFor(emulator) },
		);

	test('1000 items, concurrency 20, resets after the request was read: each run started once, failures in place', async () => {
		await withEmulator(
			{ split: false, faults: { rateResetAfterRead: 0.1, seed: 5 } },
			async (emulator) => {
				const result = await thousandItems(emulator);
				const out = result.output('Run App');
				const reset = emulator.requests.filter((r) => r.fault === 'reset').length;
				expect(reset).toBeGreaterThan(50);
				expect(emulator.stats.runs).toBe(1000);
				expect(new Set(sentQuestions(emulator.requests)).size).toBe(1000);
				expect(out.map((item) => item.pairedItem)).toEqual(
					questions(1000).map((_, i) => ({ item: i })),
				);
				expect(
					out.filter(
						(item) => item.json.error === 'The connection to LLMStack broke before it answered',
					),
				).toHaveLength(reset);
			},
		);
	}, 120_000);

	test('1000 items, concurrency 20, resets as connections open: no input runs twice, every item answered or failed in place', async () => {
		await withEmulator(
			{ split: false, faults: { rateResetBeforeRead: 0.1, seed: 5 } },
			async (emulator) => {
				const result = await thousandItems(emulator);
				const out = result.output('Run App');
				const answered = out.filter((item) => item.json.error === undefined);
				const failed = out.filter((item) => item.json.error !== undefined);
				expect(emulator.stats.resetBeforeRead).toBeGreaterThan(50);
				expect(new Set(sentQuestions(emulator.requests)).size).toBe(
					sentQuestions(emulator.requests).length,
				);
				expect(emulator.stats.runs).toBe(answered.length);
				expect(answered.map((item) => item.json.output)).toEqual(
					out.flatMap((item, i) => (item.json.error === undefined ? [`Echo: q${i}`] : [])),
				);
				expect(new Set(failed.map((item) => item.json.error))).toEqual(
					new Set(['The connection to LLMStack broke before it answered']),
				);
			},
		);
	}, 120_000);

	test('a refused connection is tried again, and the run happens once the server is up', async () => {
		const port = await freePort();
		let server: Awaited<ReturnType<typeof startHostile>> | undefined;
		const starting = new Promise<void>((resolve) =>
			setTimeout(() => {
				void startHostile(
					(_req, res) => json(res, 200, { output: 'up now', session: { id: 's' } }),
					undefined,
					port,
				).then((s) => {
					server = s;
					resolve();
				});
			}, 600),
		);
		try {
			const { items, error, elapsed } = await run(`http://127.0.0.1:${port}`, {
				options: { maxTries: 6, retryDelayMs: 400 },
			});
			expect(error).toBeUndefined();
			expect(items[0].json.output).toBe('up now');
			expect(elapsed).toBeGreaterThanOrEqual(600);
			expect(server?.requests).toHaveLength(1);
		} finally {
			await starting;
			await server?.close();
		}
	});

	test('a 502 from the proxy is not sent again: the app may have run', async () => {
		await withHostile(
			(_req, res) =>
				res
					.writeHead(502, { 'Content-Type': 'text/html' })
					.end('<html><title>502 Bad Gateway</title></html>'),
			async (server) => {
				const { error } = await run(server.url, { options: { maxTries: 5, retryDelayMs: 0 } });
				expect(error?.message).toBe(
					'The proxy in front of LLMStack lost the connection to it (502)',
				);
				expect(server.requests).toHaveLength(1);
			},
		);
	});

	test('a retry that would start after the Timeout is not made', async () => {
		await withHostile(
			(_req, res) => json(res, 503, { detail: 'busy' }, { 'Retry-After': '5' }),
			async (server) => {
				const { error, elapsed } = await run(server.url, {
					options: { maxTries: 3, timeoutSeconds: 2 },
				});
				expect(error?.message).toBe('LLMStack is not available (503)');
				expect(elapsed).toBeLessThan(MARGIN_MS);
				expect(server.requests).toHaveLength(1);
			},
		);
	});
});

describe('the token never leaves the host or shows in anything the execution produced', () => {
	const echo = (req: { headers: { authorization?: string } }) => String(req.headers.authorization);
	const echoes: Array<[string, HostileHandler]> = [
		['a DRF 403 detail', (req, res) => json(res, 403, { detail: `Invalid token: ${echo(req)}` })],
		['a 400 detail', (req, res) => json(res, 400, { detail: echo(req) })],
		['a legacy errors list', (req, res) => json(res, 400, { errors: [echo(req), echo(req)] })],
		[
			'a 500 page title',
			(req, res) =>
				res
					.writeHead(500, { 'Content-Type': 'text/html' })
					.end(`<html><title>${echo(req)}</title></html>`),
		],
		[
			'a processor error with HTTP 200',
			(req, res) =>
				json(res, 200, { errors: [{ message: `bad key ${echo(req)}` }], session: { id: 's' } }),
		],
		[
			'a non-JSON 200 body',
			(req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`oops ${echo(req)}`),
		],
		[
			'a redirect to a location carrying it',
			(req, res) => res.writeHead(302, { Location: `http://127.0.0.1:9/${echo(req)}` }).end(),
		],
	];
	test.each(echoes)(
		'%s: message, description, Continue On Fail item and execution data are clean',
		async (_name, handler) => {
			await withHostile(handler, async (server) => {
				const stopped = await run(server.url);
				const continued = await run(server.url, {}, [{ question: 'x' }], {
					onError: 'continueRegularOutput',
				});
				expect(server.requests[0].authorization).toBe(`Token ${TOKEN}`);
				expect(stopped.error?.message).toBeTruthy();
				const error = stopped.error!;
				const seen = [
					error.message,
					String(error.description),
					JSON.stringify(stopped.result.run),
					JSON.stringify(continued.items),
					JSON.stringify(continued.result.run),
				].join('\n');
				expect(seen).not.toContain(TOKEN);
			});
		},
	);

	test('a redirect of the run to another origin: that origin receives nothing', async () => {
		await withHostile(
			(_req, res) => json(res, 200, { output: 'stolen' }),
			async (other) => {
				await withHostile(
					(_req, res) => res.writeHead(307, { Location: `${other.url}/api/apps/x/run` }).end(),
					async (server) => {
						const { error } = await run(server.url);
						expect(error?.message).toBe('LLMStack answered with a redirect (307)');
						expect(other.connections).toBe(0);
					},
				);
			},
		);
	});

	test.each(['.', '..', ' .. '])(
		'session ID %j in the URL fails before any request',
		async (sessionId) => {
			await withHostile(
				(_req, res) => json(res, 200, { output: 'x', session: { id: sessionId } }),
				async (server) => {
					const { error } = await run(server.url, {
						operation: 'continueSession',
						sessionId,
						options: { sessionPlacement: 'url' },
					});
					expect(error?.message).toBe(
						`The session ID "${sessionId.trim()}" cannot be sent in the URL`,
					);
					expect(server.connections).toBe(0);
				},
			);
		},
	);

	test('a session ID with slashes and query characters stays one path segment', async () => {
		await withHostile(
			(_req, res) => json(res, 200, { output: 'x', session: { id: 'a/../b?c#d' } }),
			async (server) => {
				const { error } = await run(server.url, {
					operation: 'continueSession',
					sessionId: 'a/../b?c#d',
					options: { sessionPlacement: 'url' },
				});
				expect(error).toBeUndefined();
				expect(server.requests[0].path).toBe(`/api/apps/${APP_IDS.echo}/run/a%2F..%2Fb%3Fc%23d`);
			},
		);
	});
});

describe('texts built from server data are bounded', () => {
	test('a streamed template that repeats a long value fails with a clear error instead of a huge item', async () => {
		const header = { session: { id: 's' }, template: '{{o}}'.repeat(30_000) };
		await withHostile(
			(_req, res) => {
				res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
				res.end(`${JSON.stringify(header)}\n${JSON.stringify({ o: 'x'.repeat(10_000) })}\n`);
			},
			async (server) => {
				const { error, items } = await run(server.url, { options: { stream: true } });
				expect(error?.message).toBe(
					"The app's output is longer than 64.0 MiB of text; it was not built further",
				);
				expect(items).toHaveLength(0);
			},
		);
	});

	test('400,000 processor errors make a message of bounded length that says how many were left out', async () => {
		const errors = Array.from({ length: 400_000 }, (_, i) => ({ message: `error ${i}` }));
		await withHostile(
			(_req, res) => json(res, 200, { errors, session: { id: 's' } }),
			async (server) => {
				const { error } = await run(server.url);
				expect(error!.message.length).toBeLessThan(1200);
				expect(error!.message).toMatch(/^The app failed: error 0; error 1; .* \(and \d+ more\)/);
			},
		);
	});
});

describe('the message says what happened', () => {
	test("a stream broken off by a legacy server keeps the node's words (n8n does not replace them)", async () => {
		await withEmulator({ generation: 'v0.2.4' }, async (emulator) => {
			const result = await runWorkflow(workflow({ options: { stream: true } }), {
				items: [{ question: 'x' }],
				credentials: credentialsFor(emulator),
			});
			expect(result.error?.message).toBe(
				'The connection to LLMStack broke while the answer was arriving',
			);
			expect(result.error?.description).toMatch(
				/^The connection closed before the answer was complete \(ECONNRESET\)\. LLMStack v0\.1\.0 to v0\.2\.5 break off/,
			);
		});
	});

	const answers: Array<[string, HostileHandler, string]> = [
		[
			'a null body',
			(_req, res) => json(res, 200, 'null'),
			'LLMStack answered with null instead of a run result',
		],
		[
			'an empty body with Stream off',
			(_req, res) => res.writeHead(200).end(),
			'The server sent an empty response body',
		],
		[
			'an answer that is not HTTP',
			(req, res) => {
				res.socket?.end('HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n{}');
				void req;
			},
			'LLMStack answered with something that is not valid HTTP',
		],
	];
	test.each(answers)('%s', async (_name, handler, message) => {
		await withHostile(handler, async (server) => {
			const { error } = await run(server.url);
			expect(error?.message).toBe(message);
			expect(error?.description).not.toMatch(/Stream/);
		});
	});

	test("an app error that names a socket code keeps the node's message (n8n would replace it)", async () => {
		await withHostile(
			(_req, res) =>
				json(res, 200, {
					errors: [{ message: 'ENOENT: no such file /tmp/x' }],
					session: { id: 's' },
				}),
			async (server) => {
				const { error } = await run(server.url);
				expect(error?.message).toBe('The app failed');
				expect(error?.description).toMatch(
					/^LLMStack said: ENOENT: no such file \/tmp\/x LLMStack ran the app/,
				);
			},
		);
	});

	test.each([
		['{"output": null}', { output: null, session: { id: 's' } }],
		['{"output": {"output": null}}', { output: { output: null }, session: { id: 's' } }],
	])('%s is an empty output', async (_name, body) => {
		await withHostile(
			(_req, res) => json(res, 200, body),
			async (server) => {
				const { items } = await run(server.url);
				expect(items[0].json.output).toBe('');
			},
		);
	});

	test('an app ID the server does not know is named in the message (after its 500)', async () => {
		await withEmulator({}, async (emulator) => {
			const result = await runWorkflow(
				workflow({ app: appRef('12345678-1234-4234-8234-123456789abc') }),
				{
					items: [{ question: 'x' }],
					credentials: credentialsFor(emulator),
				},
			);
			expect(result.error?.message).toBe(
				"No app with ID 12345678-1234-4234-8234-123456789abc (or it is not shared with this token's user)",
			);
		});
	});
});
