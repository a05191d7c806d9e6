export { searchApps } from './listSearch';
