import type { ColumnType, StreamInfo } from '../../../../src/shared/model/connection';
import type { ReadOptions, Row, SourceConnector } from '../../../../src/main/engine/connectors/connector';

/** A table held in memory for tests: its shape as discovery would report it, and its rows. */
export interface MemoryTable {
  name: string;
  columns: [name: string, type: ColumnType][];
  primaryKey?: string[];
  foreignKeys?: StreamInfo['foreignKeys'];
  rows: unknown[][];
}

/** A source connector over in-memory tables, reading in batches like a real one. */
export class MemoryConnector implements SourceConnector {
  readonly kind = 'sqlite' as const;
  reads = 0;

  constructor(private readonly tables: MemoryTable[]) {}

  async check() {
    return { ok: true, at: new Date().toISOString(), message: 'in memory' };
  }

  async discover(): Promise<StreamInfo[]> {
    return this.tables.map((t) => ({
      name: t.name,
      columns: t.columns.map(([name, type]) => ({ name, type, nativeType: type, nullable: true })),
      primaryKey: t.primaryKey ?? [],
      foreignKeys: t.foreignKeys ?? [],
      rowEstimate: t.rows.length,
    }));
  }

  async count(stream: string): Promise<number> {
    return this.table(stream).rows.length;
  }

  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    this.reads++;
    const t = this.table(stream);
    const names = t.columns.map(([n]) => n);
    const wanted = options.columns ?? names;
    for (let i = 0; i < t.rows.length; i += options.batchSize) {
      yield t.rows.slice(i, i + options.batchSize).map((values) => Object.fromEntries(wanted.map((c) => [c, values[names.indexOf(c)]])));
    }
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const out: Row[] = [];
    for await (const b of this.read(stream, { batchSize: n })) out.push(...b);
    return out.slice(0, n);
  }

  async close(): Promise<void> {}

  private table(name: string): MemoryTable {
    const t = this.tables.find((x) => x.name === name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  }
}
