import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteDatabase } from '../../../platform/open-sqlite';

/** Typed view of the project file's tables for Kysely (see migrations.ts for the DDL). */
export interface ProjectSchema {
  meta: { key: string; value: string };
  connections: { id: string; name: string; kind: string; location: string; config_json: string; created_at: string; last_test_json: string | null };
  catalogs: { id: number | undefined; connection_id: string; discovered_at: string; catalog_json: string };
  mappings: { id: string; entity: string; connection_id: string; stream: string; spec_json: string; updated_at: string };
  crosswalks: { name: string; table_json: string; description: string; updated_at: string };
  runs: {
    id: string;
    operation: string;
    status: string;
    dry_run: number;
    started_at: string;
    ended_at: string | null;
    duration_ms: number | null;
    counters_json: string;
    reconciliation_json: string;
    error_json: string | null;
    host_pid: number | null;
    host_name: string | null;
  };
  run_steps: { run_id: string; entity: string; ord: number; status: string; counters_json: string; estimate: number | null; started_at: string | null; ended_at: string | null };
  run_events: { seq: number | undefined; run_id: string; at: string; level: string; entity: string | null; message: string };
  staging_names: { no: number | undefined; kind: 'entity' | 'run'; name: string };
  staged_records: { entity_no: number; external_id: string; run_no: number; payload_json: string; row_hash: Buffer; pushed_hash: Buffer | null; target_id: string | null; target_version: number | null };
  rejects: { id: number | undefined; run_id: string; entity: string; stage: string; external_id: string | null; source_row: number | null; errors_json: string; row_json: string };
  push_receipts: { run_id: string; entity: string; external_id: string; status: string; target_id: string | null; version: number | null; idempotency_key: string; pushed_at: string };
  target_checks: {
    id: number | undefined;
    at: string;
    ok: number;
    trigger: string;
    run_id: string | null;
    base_url: string | null;
    api_version: string;
    health_json: string | null;
    info_json: string | null;
    auth_json: string | null;
    deprecation_json: string | null;
    error_json: string | null;
  };
  target_requests: { id: number | undefined; run_id: string | null; at: string; method: string; path: string; status: number | null; latency_ms: number; attempt: number; error: string | null };
}

export type ProjectDb = Kysely<ProjectSchema>;

export function kyselyFor(db: SqliteDatabase): ProjectDb {
  return new Kysely<ProjectSchema>({ dialect: new SqliteDialect({ database: db }) });
}
