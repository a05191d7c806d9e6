/** Which operation adds to which type of data source, and the words when they do not match. */
import { inputFailure } from '../../failure';
import type { Failure } from '../../failure';
import type { DataSourceInfo } from './entries';

const OPERATION_FOR: Record<string, string> = {
	text: 'Add Text',
	url: 'Add URLs',
	file: 'Add File',
	pdf: 'Add File',
};

export function wrongType(dataSource: DataSourceInfo, operation: string): Failure {
	const fitting = dataSource.sourceType ? OPERATION_FOR[dataSource.sourceType] : undefined;
	if (dataSource.hasSource === false) {
		return inputFailure(
			`The data source "${dataSource.name}" has nothing to add to`,
			'It only points at an external vector store (a destination-only data source). Add data to that store directly, or pick a data source of the Text, URL, File or PDF type.',
		);
	}
	return inputFailure(
		`The data source "${dataSource.name}" is of the ${dataSource.sourceType} type: ${operation} cannot add to it`,
		fitting
			? `Use ${fitting} for this data source, or pick a data source of the type ${operation} adds to.`
			: `The node adds to data sources of the Text, URL, File and PDF types. Add to this one in LLMStack itself.`,
	);
}
