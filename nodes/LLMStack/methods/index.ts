/** The editor's methods: the app and data source pickers and the App Inputs mapper. */
export { searchApps } from './listSearch';
export { getAppInputs } from './resourceMapping';
export { searchDataSources } from './dataSources';
