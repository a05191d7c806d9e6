export { searchApps } from './listSearch';
export { getAppInputs } from './resourceMapping';
