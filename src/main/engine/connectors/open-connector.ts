import { StudioError } from '../../../shared/errors';
import type { ConnectionKind } from '../../../shared/model/connection';
import type { SourceConnector } from './connector';
import { SqliteConnector } from './sqlite/sqlite-connector';

/** Builds the connector for a saved connection's kind and configuration. */
export function openConnector(kind: ConnectionKind, config: Record<string, string | number | boolean>, _secret: string | null): SourceConnector {
  switch (kind) {
    case 'sqlite':
      return new SqliteConnector(String(config.file));
    default:
      throw new StudioError('SOURCE_UNSUPPORTED', `Reading ${kind} sources is not available in this version of the studio yet.`, 'Export the data to a SQLite file for now, or update the studio.');
  }
}
