/** The App Inputs mapper: one field per input of the selected app. */
import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { normaliseAppId } from '../helpers/appId';
import { readInputFields, toResourceMapperFields } from '../helpers/appInputs';
import { LIMITS } from '../constants';
import { getJson, serverTextFor } from '../transport';
import { FailureError } from '../failure';
import type { Failure } from '../failure';
import { editorError } from './discoveryError';

export async function getAppInputs(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const appId = normaliseAppId(this.getCurrentNodeParameter('app', { extractValue: true }));
	if (!appId) return { fields: [], emptyFieldsNotice: 'Select an app first' };
	// A notice instead of an error: n8n hides the whole inputs section when this method throws.
	const app = await getJson(this, `/api/apps/${appId}?fields=data`).catch(
		(error: unknown) => error,
	);
	if (app instanceof FailureError) {
		return { fields: [], emptyFieldsNotice: await notice(this, app.failure, appId) };
	}
	if (app instanceof Error) throw await editorError(this, app);
	const fields = toResourceMapperFields(readInputFields(app));
	return fields.length ? { fields } : { fields, emptyFieldsNotice: 'This app has no inputs' };
}

async function notice(
	ctx: ILoadOptionsFunctions,
	failure: Failure,
	appId: string,
): Promise<string> {
	if (failure.appNotVisible) {
		return `No app with ID ${appId}, or it is not shared with this token's user. Pick the app from the list.`;
	}
	const text = await serverTextFor(ctx);
	return text.clean(
		`Could not load the app's inputs: ${failure.message}. ${failure.description}`,
		LIMITS.descriptionChars,
	);
}
