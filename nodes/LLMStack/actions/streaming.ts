/**
 * Behind a Webhook or Chat Trigger whose response mode is Streaming (n8n 1.105.2 and newer),
 * each item's answer goes to the caller as chunks: `begin`, the text (as it arrives, when the
 * server streams), `end`, or `error`.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

export class ItemStream {
	/** What each item has sent so far. */
	private readonly sent = new Map<number, string>();

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** Whether a streaming trigger waits for chunks (older n8n versions have no isStreaming). */
	static wanted(ctx: IExecuteFunctions): boolean {
		return 'isStreaming' in ctx && typeof ctx.isStreaming === 'function' && ctx.isStreaming();
	}

	begin(itemIndex: number): void {
		this.ctx.sendChunk('begin', itemIndex);
	}

	/**
	 * Sends what `output` adds to what the item sent before. The collector hands over partial
	 * outputs only as often as keeps this comparison linear over the whole answer.
	 */
	forward(itemIndex: number, output: string): void {
		const before = this.sent.get(itemIndex) ?? '';
		if (output.length > before.length && output.startsWith(before)) {
			this.ctx.sendChunk('item', itemIndex, output.slice(before.length));
			this.sent.set(itemIndex, output);
		}
	}

	/** Answers that did not stream (v0.2.6+ never do) go as one chunk here. */
	end(itemIndex: number, output: unknown): void {
		this.forward(itemIndex, typeof output === 'string' ? output : '');
		this.ctx.sendChunk('end', itemIndex);
		this.sent.delete(itemIndex);
	}

	error(itemIndex: number, message: string): void {
		this.ctx.sendChunk('error', itemIndex, message);
		this.sent.delete(itemIndex);
	}
}
