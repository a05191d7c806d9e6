/** The App Inputs mapper: one field per input of the selected app. */
import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { normaliseAppId } from '../helpers/appId';
import { readInputFields, toResourceMapperFields } from '../helpers/appInputs';
import { getJson } from '../transport';

export async function getAppInputs(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const appId = normaliseAppId(this.getCurrentNodeParameter('app', { extractValue: true }));
	if (!appId) return { fields: [], emptyFieldsNotice: 'Select an app first' };
	const app = await getJson(this, `/api/apps/${appId}?fields=data`);
	const fields = toResourceMapperFields(readInputFields(app));
	return fields.length ? { fields } : { fields, emptyFieldsNotice: 'This app has no inputs' };
}
