import { z } from 'zod';
import { CONNECTION_KINDS, type Catalog, type ConnectionInfo, type ConnectionTestResult, type Preview } from '../../model/connection';
import { defineService, method, noParams, type ServiceOf } from '../contract';
import { id } from './common';

/** How a file source is read, set on its connection (connectors/files/file-config.ts; CLI `--encoding`…). */
export interface FileReadOptions {
  encoding?: string;
  delimiter?: string;
  quote?: string;
  headerRow?: number;
  recordPath?: string;
}

const fileReadOptions = z
  .object({ encoding: z.string().min(1).max(64), delimiter: z.string().min(1).max(16), quote: z.string().min(1).max(4), headerRow: z.number().int().min(1).max(1_000_000), recordPath: z.string().min(1).max(1000) })
  .partial()
  .strict();

/** Source connections of the open project. */
export const connectionsContract = defineService({
  list: method(noParams).returns<ConnectionInfo[]>(),
  /**
   * Add a connection from a connection string or a path; a password in it goes to the vault.
   * `options`: how a file is read (CSV encoding, delimiter, quote, header row; an XML or JSON record path), kept in the connection's config.
   */
  add: method(z.object({ name: z.string().min(1).max(200), kind: z.enum(CONNECTION_KINDS).optional(), location: z.string().min(1).max(4096), options: fileReadOptions.optional() }).strict()).returns<ConnectionInfo>(),
  remove: method(z.object({ id }).strict()).returns<void>(),
  /** Enter or replace a connection's password; it goes to the vault and is never shown back. */
  setSecret: method(z.object({ id, secret: z.string().min(1).max(4096) }).strict()).returns<ConnectionInfo>(),
  test: method(z.object({ id }).strict()).returns<ConnectionTestResult>(),
  /** Discover streams and save the catalog in the project. */
  discover: method(z.object({ id }).strict()).returns<Catalog>(),
  /** The last saved catalog, without touching the source. */
  catalog: method(z.object({ id }).strict()).returns<Catalog | null>(),
  preview: method(z.object({ id, stream: z.string().min(1).max(1000), limit: z.number().int().min(1).max(10_000).optional() }).strict()).returns<Preview>(),
});

export type ConnectionsService = ServiceOf<typeof connectionsContract>;
