/** The editor's methods: the app picker and the App Inputs mapper. */
export { searchApps } from './listSearch';
export { getAppInputs } from './resourceMapping';
