import type { ConnectionKind } from '../../../shared/model/connection';
import { createAccessConnector } from './access/access-connector';
import type { ConnectorGuard, SourceConnector } from './connector';

export type { ConnectorGuard } from './connector';
import { createDbfConnector } from './dbf/dbf-connector';
import { FILE_CONNECTOR_FACTORIES } from './files/create-file-connectors';
import { createMssqlConnector } from './mssql/mssql-connector';
import { createMySqlConnector } from './mysql/mysql-connector';
import { createPostgresConnector } from './postgres/postgres-connector';
import { SqliteConnector } from './sqlite/sqlite-connector';
import { guardSecrets } from './secret-guard';
import { createRestConnector } from './rest/rest-connector';

type Config = Record<string, string | number | boolean>;

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
  rest: (config, secret) => createRestConnector(config, secret),
};

/**
 * Builds the connector for a saved connection's kind and configuration. Every connector is
 * wrapped by the secret guard: the values of secret columns (password hashes, tokens, security
 * answers) read as null everywhere (connectors/secret-guard.ts).
 */
export function openConnector(kind: ConnectionKind, config: Config, secret: string | null, guard?: ConnectorGuard): SourceConnector {
  return guardSecrets(FACTORIES[kind](config, secret, guard));
}
