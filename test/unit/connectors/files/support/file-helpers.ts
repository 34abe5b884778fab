import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row, SourceConnector } from '../../../../../src/main/engine/connectors/connector';
import { StudioError } from '../../../../../src/shared/errors';

/** Writes a file into a test folder and returns its path. */
export function put(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Every row of a stream, read in small batches so batching is exercised too. */
export async function readAll(connector: SourceConnector, stream: string, batchSize = 7): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of connector.read(stream, { batchSize })) {
    if (batch.length === 0 || batch.length > batchSize) throw new Error(`bad batch of ${batch.length}`);
    rows.push(...batch);
  }
  return rows;
}

/** The StudioError a promise rejects with (fails the test when it resolves or throws anything else). */
export async function studioError(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof StudioError) return err;
    throw err;
  }
  throw new Error('expected a StudioError, but the call succeeded');
}
