/**
 * A baseline node for the overhead benchmark: per item, one expression and one POST through
 * `httpRequestWithAuthentication` with the LLMStack credential, and nothing else.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export class PlainRequest implements INodeType {
	description = {
		displayName: 'Plain Request',
		name: 'plainRequest',
		group: ['transform'],
		version: 1,
		description: 'Benchmark baseline',
		defaults: { name: 'Plain Request' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'llmStackApi', required: true }],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Question', name: 'question', type: 'string', default: '' },
		],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'llmStackApi', {
				method: 'POST',
				url: this.getNodeParameter('url', i) as string,
				body: {
					input: { question: this.getNodeParameter('question', i) as string },
					stream: false,
				},
				json: true,
			})) as { output: { output: string } };
			out.push({ json: { output: response.output.output }, pairedItem: { item: i } });
		}
		return [out];
	}
}
