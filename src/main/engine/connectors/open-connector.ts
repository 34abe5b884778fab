import type { ConnectionKind } from '../../../shared/model/connection';
import { createAccessConnector } from './access/access-connector';
import type { SourceConnector } from './connector';
import { createDbfConnector } from './dbf/dbf-connector';
import { FILE_CONNECTOR_FACTORIES } from './files/create-file-connectors';
import { createMssqlConnector } from './mssql/mssql-connector';
import { createMySqlConnector } from './mysql/mysql-connector';
import { createPostgresConnector } from './postgres/postgres-connector';
import { SqliteConnector } from './sqlite/sqlite-connector';

type Config = Record<string, string | number | boolean>;
/** What a connector must not read although its location was granted (see security/path-grants.ts). */
export interface ConnectorGuard {
  /** True for a file a folder or zip source leaves out: `onDisk` false for an entry inside a zip. */
  excludeFile?: (path: string, onDisk: boolean) => boolean;
}

type Factory = (config: Config, secret: string | null, guard?: ConnectorGuard) => SourceConnector;

/** One factory per source kind; every connector implements the same SourceConnector contract. */
const FACTORIES: Record<ConnectionKind, Factory> = {
  sqlite: (config) => new SqliteConnector(String(config.file ?? config.path)),
  mysql: createMySqlConnector,
  postgres: createPostgresConnector,
  mssql: createMssqlConnector,
  access: createAccessConnector,
  dbf: createDbfConnector,
  ...FILE_CONNECTOR_FACTORIES,
};

/** Builds the connector for a saved connection's kind and configuration. */
export function openConnector(kind: ConnectionKind, config: Config, secret: string | null, guard?: ConnectorGuard): SourceConnector {
  return FACTORIES[kind](config, secret, guard);
}
