import { createHash, randomBytes } from 'node:crypto';
import type { Project } from './project';
import type { RecordKey } from './person-records';

/**
 * The keys erased on request, as salted hashes (project/privacy-migration.ts). A salted hash is
 * the least the project can keep and still recognise the record when the source sends it again;
 * someone holding the file could still test a guessed key against it, which docs/security.md says.
 */
export class ErasedPeopleRepo {
  constructor(private readonly project: Project) {}

  /** Remembers the records (the erased person and the records about them), idempotently. */
  remember(keys: RecordKey[], at: Date): void {
    const insert = this.project.db.prepare('INSERT INTO erased_people (entity, key_hash, erased_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    const salt = this.salt();
    this.project.db.transaction(() => {
      for (const k of keys) insert.run(k.entity, hashKey(salt, k.externalId), at.toISOString());
    })();
  }

  /** How many keys of each entity are held out; an empty map when nobody was erased. */
  counts(): Map<string, number> {
    const rows = this.project.db.prepare('SELECT entity, count(*) AS n FROM erased_people GROUP BY entity').all() as { entity: string; n: number }[];
    return new Map(rows.map((r) => [r.entity, r.n]));
  }

  /** A test for "was this key erased?", reading the hashes once (null when nobody was erased). */
  matcher(): ((entity: string, externalId: string) => boolean) | null {
    const rows = this.project.db.prepare('SELECT entity, key_hash FROM erased_people').raw().all() as [string, string][];
    if (!rows.length) return null;
    const byEntity = new Map<string, Set<string>>();
    for (const [entity, hash] of rows) {
      let set = byEntity.get(entity);
      if (!set) byEntity.set(entity, (set = new Set()));
      set.add(hash);
    }
    const salt = this.salt();
    return (entity, externalId) => byEntity.get(entity)?.has(hashKey(salt, externalId)) ?? false;
  }

  private salt(): string {
    let salt = this.project.meta('erasureSalt');
    if (!salt) {
      salt = randomBytes(16).toString('hex');
      this.project.setMeta('erasureSalt', salt);
    }
    return salt;
  }
}

function hashKey(salt: string, externalId: string): string {
  return createHash('sha256').update(salt).update('\u0000').update(externalId).digest('hex');
}
