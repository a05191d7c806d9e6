/** The App Inputs mapper: one field per input of the selected app. */
import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { normaliseAppId } from '../helpers/appId';
import { readInputFields, toResourceMapperFields } from '../helpers/appInputs';
import { getJson } from '../transport';
import { editorError } from './discoveryError';

export async function getAppInputs(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const appId = normaliseAppId(this.getCurrentNodeParameter('app', { extractValue: true }));
	if (!appId) return { fields: [], emptyFieldsNotice: 'Select an app first' };
	let app: unknown;
	try {
		app = await getJson(this, `/api/apps/${appId}?fields=data`);
	} catch (error) {
		throw await editorError(this, error);
	}
	const fields = toResourceMapperFields(readInputFields(app));
	return fields.length ? { fields } : { fields, emptyFieldsNotice: 'This app has no inputs' };
}
