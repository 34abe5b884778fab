import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTargetContract } from '../../../../src/academia-api/contract';
import { certifyEntity, type CertificateClient } from '../../../../src/main/engine/pipeline/reconciliation/certify-entity';
import { createProjectFile, type ProjectFile } from '../../../../src/main/engine/project/project-file';
import { Project } from '../../../../src/main/engine/project/project';
import { ReconciliationRepo } from '../../../../src/main/engine/project/reconciliation-repo';
import { StagingRepo } from '../../../../src/main/engine/project/staging-repo';
import { canonicalJson } from '../../../../src/shared/canonical-json';
import { tempDir } from '../../../support/temp-dir';

const contract = loadTargetContract('v1');
const RUN = 'run-1';
const PUSHED_AT = '2026-03-01T10:00:00.000Z';

/** A guardian as staged: externalId G00000…, names from the number. */
const guardian = (i: number) => ({ externalId: `G${String(i).padStart(5, '0')}`, firstName: `First${i}`, lastName: `Last${i}`, email: i % 3 === 0 ? null : `g${i}@school.example` });

/**
 * A target whose list pages are oldest first with a cursor, that honours `updatedSince`, and that
 * adds what a real one adds (id, version, timestamps) and drops nulls, as the sandbox stores them.
 */
function fakeTarget(records: Record<string, unknown>[], updatedAt: (r: Record<string, unknown>) => string) {
  const requests: { updatedSince?: string; limit?: number }[] = [];
  const held = records.map((r, i) => {
    const out: Record<string, unknown> = { id: `uuid-${i}`, version: 1, createdAt: updatedAt(r), updatedAt: updatedAt(r), deleted: false };
    for (const [k, v] of Object.entries(r)) if (v !== null) out[k] = v;
    return out;
  });
  const client: CertificateClient = {
    async list(_entity, options = {}) {
      requests.push({ updatedSince: options.updatedSince, limit: options.limit });
      const matching = held.filter((r) => !options.updatedSince || String(r.updatedAt) >= options.updatedSince);
      const start = Number(options.cursor ?? 0);
      const limit = options.limit ?? 100;
      const data = matching.slice(start, start + limit);
      return { data, nextCursor: start + limit < matching.length ? String(start + limit) : null, total: options.updatedSince ? matching.length : held.length } as never;
    },
    async get(_entity, externalId) {
      return (held.find((r) => r.externalId === externalId) as never) ?? null;
    },
  };
  return { client, held, requests };
}

describe('certifyEntity: one entity’s certificate, page by page', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: ProjectFile;
  let repo: ReconciliationRepo;
  const n = 2_345;
  const staged = Array.from({ length: n }, (_, i) => guardian(i));

  beforeEach(() => {
    dir = tempDir();
    file = createProjectFile(join(dir.path, 'p.apstudio'), 'test', { name: 'P' });
    file.db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, counters_json) VALUES (?, 'Migration', 'Completed', 0, ?, '{}')").run(RUN, PUSHED_AT);
    const project = new Project(file);
    const staging = new StagingRepo(project);
    const records = staged.map((payload) => {
      const json = canonicalJson(payload);
      return { externalId: payload.externalId, payload, json, hash: createHash('sha256').update(json).digest('hex') };
    });
    staging.stage(RUN, 'guardians', records);
    // The last record was never answered (the push stopped); the one before it the target refused.
    const answered = records.slice(0, n - 2).map((r) => ({ externalId: r.externalId, status: 'created' as const, targetId: 'x', version: 1 }));
    staging.recordReceipts(RUN, 'guardians', 'key', [...answered, { externalId: records[n - 2].externalId, status: 'rejected', targetId: null, version: null }], new Date(PUSHED_AT));
    repo = new ReconciliationRepo(project);
  });
  afterEach(() => {
    file.close();
    dir.cleanup();
  });

  const counts = { source: n, rejected: 1, filtered: 0, merged: 0 };

  it('hashes both sides alike across pages, reading only what changed since the run’s first write', async () => {
    // The target holds every acknowledged record (not the refused one), plus an older record of its own.
    const older = { externalId: 'HAND-1', firstName: 'Entered', lastName: 'ByHand', email: null };
    const target = fakeTarget([older, ...staged.slice(0, n - 2)], (r) => (r === older ? '2025-01-01T00:00:00.000Z' : PUSHED_AT));
    const line = await certifyEntity({ runId: RUN, entity: 'guardians', dryRun: false, store: repo, client: target.client, contract, counts });
    expect(line).toMatchObject({ staged: n, pushed: n - 2, readBack: n - 2, target: n - 1, checksumMismatches: 0 });
    // The never-answered record is missing from the target: a mismatch, and so the checksums differ.
    expect(line.mismatches).toBe(1);
    expect(line.targetChecksum).not.toBe(line.sourceChecksum);
    expect(repo.mismatchPage(RUN, 10, 0)).toEqual([{ entity: 'guardians', externalId: staged[n - 1].externalId, field: null, source: { firstName: `First${n - 1}`, lastName: `Last${n - 1}`, email: `g${n - 1}@school.example` }, target: null, kind: 'missing' }]);
    // One page of 1 for the total, then the changed-since window only, in the largest pages.
    expect(target.requests.slice(1).every((r) => r.updatedSince && r.limit === contract.limits.maxPageSize)).toBe(true);
    expect(target.requests).toHaveLength(1 + Math.ceil((n - 2) / contract.limits.maxPageSize));
  });

  it('lists a changed field once with both values, and equal checksums when nothing differs', async () => {
    const answered = staged.slice(0, n - 1);
    const clean = await certifyEntity({ runId: RUN, entity: 'guardians', dryRun: false, store: repo, client: fakeTarget([...answered.slice(0, n - 2), staged[n - 1]], () => PUSHED_AT).client, contract, counts });
    expect(clean.mismatches).toBe(0);
    expect(clean.targetChecksum).toBe(clean.sourceChecksum);

    const changed = staged.slice(0, n - 2).map((r, i) => (i === 1500 ? { ...r, lastName: 'Changed' } : r));
    const line = await certifyEntity({ runId: RUN, entity: 'guardians', dryRun: false, store: repo, client: fakeTarget([...changed, staged[n - 1]], () => PUSHED_AT).client, contract, counts });
    expect(line.checksumMismatches).toBe(1);
    expect(line.targetChecksum).not.toBe(line.sourceChecksum);
    expect(line.sourceChecksum).toBe(clean.sourceChecksum);
    // Reconciling again replaces the entity's mismatches rather than adding to them.
    expect(repo.mismatchPage(RUN, 10, 0)).toEqual([{ entity: 'guardians', externalId: staged[1500].externalId, field: 'lastName', source: 'Last1500', target: 'Changed', kind: 'field' }]);
  });

  it('reads the whole entity only for records the changed-since window missed', async () => {
    // The target's clock is an hour behind: every record looks older than the run's first write.
    const target = fakeTarget(staged.slice(0, n - 2), () => '2026-03-01T09:00:00.000Z');
    const line = await certifyEntity({ runId: RUN, entity: 'guardians', dryRun: false, store: repo, client: target.client, contract, counts });
    expect(line.readBack).toBe(n - 2);
    expect(line.checksumMismatches).toBe(0);
    expect(target.requests.some((r) => r.updatedSince === undefined && r.limit === contract.limits.maxPageSize)).toBe(true);
  });
});
