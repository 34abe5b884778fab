import type { SqliteDatabase } from '../platform/open-sqlite';

/** An attachment's metadata (its bytes are read separately). */
export interface StoredAttachment {
  school: string;
  entity: string;
  externalId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: number;
  updatedAt: number;
}

/** Files kept with people records, keyed by (school, entity, externalId, name). */
export class AttachmentStore {
  constructor(private readonly db: SqliteDatabase) {}

  find(school: string, entity: string, externalId: string, name: string): StoredAttachment | undefined {
    const row = this.db
      .prepare('SELECT school, entity, external_id, name, content_type, size, sha256, created_at, updated_at FROM attachments WHERE school = ? AND entity = ? AND external_id = ? AND name = ?')
      .get(school, entity, externalId, name) as AttachmentRow | undefined;
    return row && toAttachment(row);
  }

  content(school: string, entity: string, externalId: string, name: string): Buffer | undefined {
    const row = this.db.prepare('SELECT data FROM attachments WHERE school = ? AND entity = ? AND external_id = ? AND name = ?').get(school, entity, externalId, name) as { data: Buffer } | undefined;
    return row?.data;
  }

  list(school: string, entity: string, externalId: string): StoredAttachment[] {
    const rows = this.db
      .prepare('SELECT school, entity, external_id, name, content_type, size, sha256, created_at, updated_at FROM attachments WHERE school = ? AND entity = ? AND external_id = ? ORDER BY name')
      .all(school, entity, externalId) as AttachmentRow[];
    return rows.map(toAttachment);
  }

  /** Stores or replaces; says which. */
  save(a: StoredAttachment, data: Buffer): 'created' | 'replaced' {
    const existing = this.find(a.school, a.entity, a.externalId, a.name);
    this.db
      .prepare(
        `INSERT INTO attachments (school, entity, external_id, name, content_type, size, sha256, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (school, entity, external_id, name) DO UPDATE SET content_type = excluded.content_type, size = excluded.size, sha256 = excluded.sha256, data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(a.school, a.entity, a.externalId, a.name, a.contentType, a.size, a.sha256, data, existing?.createdAt ?? a.createdAt, a.updatedAt);
    return existing ? 'replaced' : 'created';
  }

  remove(school: string, entity: string, externalId: string, name: string): boolean {
    return this.db.prepare('DELETE FROM attachments WHERE school = ? AND entity = ? AND external_id = ? AND name = ?').run(school, entity, externalId, name).changes > 0;
  }
}

interface AttachmentRow {
  school: string;
  entity: string;
  external_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: number;
  updated_at: number;
}

function toAttachment(row: AttachmentRow): StoredAttachment {
  return {
    school: row.school,
    entity: row.entity,
    externalId: row.external_id,
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
