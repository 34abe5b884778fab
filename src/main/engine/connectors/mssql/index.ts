export { MssqlConnector, createMssqlConnector } from './mssql-connector';
export { readMssqlSettings, type MssqlSettings } from './mssql-config';
