import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalRecord } from '../../../src/main/engine/pipeline/record-hash';
import { createProjectFile } from '../../../src/main/engine/project/project-file';
import { Project } from '../../../src/main/engine/project/project';
import { RunsRepo } from '../../../src/main/engine/project/runs-repo';
import { StagingRepo } from '../../../src/main/engine/project/staging-repo';
import { SyncRepo } from '../../../src/main/engine/project/sync-repo';
import { tempDir } from '../../support/temp-dir';

/** The sync tables (migration 10) over the staged records that are the delta's baseline. */
describe('sync repo', () => {
  let dir: ReturnType<typeof tempDir>;
  let project: Project;
  let close: () => void;
  let staging: StagingRepo;
  let sync: SyncRepo;
  const now = new Date('2026-03-01T10:00:00Z');

  /** Stages records of a migration run and marks them acknowledged, as a pushed run leaves them. */
  const migrate = (entity: string, records: Record<string, unknown>[]) => {
    staging.stage('run-1', entity, records.map((payload) => ({ externalId: String(payload.externalId), payload, ...canonicalRecord(payload) })));
    staging.recordReceipts('run-1', entity, 'k', records.map((r) => ({ externalId: String(r.externalId), status: 'created', targetId: null, version: 1 })), now);
  };

  beforeEach(() => {
    dir = tempDir();
    const created = createProjectFile(join(dir.path, 'p.apstudio'), 'test', { name: 'Sync' });
    project = new Project(created);
    close = () => created.close();
    staging = new StagingRepo(project);
    sync = new SyncRepo(project);
    new RunsRepo(project).create({ runId: 'run-1', operation: 'Migration', dryRun: false, entities: [], now });
  });
  afterEach(() => {
    close();
    dir.cleanup();
  });

  it('reads the baseline from the migration’s staged hashes, and leaves out what a sync removed', () => {
    migrate('staff', [{ externalId: 'T1' }, { externalId: 'T2' }, { externalId: 'T3' }]);
    staging.stage('run-1', 'staff', [{ externalId: 'T4', payload: { externalId: 'T4' }, ...canonicalRecord({ externalId: 'T4' }) }]);
    const base = sync.baseline('staff', ['T1', 'T4', 'T9']);
    expect(base.get('T1')).toBe(canonicalRecord({ externalId: 'T1' }).hash);
    expect(base.get('T4')).toBeNull();
    expect(base.has('T9')).toBe(false);
    expect(sync.acknowledgedCount('staff')).toBe(3);
    sync.markGone('staff', ['T2'], 'sync-1', 'delete', now);
    expect(sync.acknowledgedKeys('staff', null, 10)).toEqual(['T1', 'T3']);
    expect(sync.stagedRecords('staff', ['T3', 'T1'])).toEqual([{ externalId: 'T1', record: { externalId: 'T1' } }, { externalId: 'T3', record: { externalId: 'T3' } }]);
    expect(sync.acknowledgedCount('staff')).toBe(2);
    sync.forgetGone('staff', ['T2']);
    expect(sync.acknowledgedCount('staff')).toBe(3);
  });

  it('counts what depends on removed records by the model’s reference fields', () => {
    migrate('staff', [{ externalId: 'T1' }, { externalId: 'T2' }]);
    migrate('class-teachers', [
      { externalId: 'CT1', classExternalId: 'C1', staffExternalId: 'T1' },
      { externalId: 'CT2', classExternalId: 'C2', staffExternalId: 'T1' },
      { externalId: 'CT3', classExternalId: 'C2', staffExternalId: 'T1' },
      { externalId: 'CT4', classExternalId: 'C3', staffExternalId: 'T1' },
      { externalId: 'CT5', classExternalId: 'C4', staffExternalId: 'T2' },
    ]);
    sync.createRun('sync-1', 'nightly');
    sync.recordChanges('sync-1', 'staff', [{ externalId: 'T1', kind: 'delete', record: null }]);
    expect(sync.dependentsOfRemoved('sync-1', 'staff', 'class-teachers', 'staffExternalId', 'classExternalId')).toBe(3);
    expect(sync.dependentsOfRemoved('sync-1', 'staff', 'class-teachers', 'staffExternalId', null)).toBe(4);
  });

  it('keeps definitions with their status columns, and refuses a second one of the same name', () => {
    const settings = { name: 'nightly', type: 'Delta' as const, direction: 'one-way' as const, entities: [{ entity: 'students', mode: 'Delta' as const }], sourceTimeZone: 'UTC', schedule: { cron: '0 2 * * *', timezone: 'Europe/London', blackouts: [{ from: '2026-07-20', to: '2026-09-01', label: 'Summer' }], missedPolicy: 'runOnce' as const }, gate: { default: { deletes: 0.05 } } };
    sync.insertDefinition(settings, now);
    expect(() => sync.insertDefinition(settings, now)).toThrow(expect.objectContaining({ code: 'SYNC_INVALID' }));
    sync.recordOutcome('nightly', { status: 'Completed', runId: 'sync-1', processed: 10, failed: 1, durationMs: 1200, at: now });
    sync.setNextSync('nightly', new Date('2026-03-02T02:00:00Z'));
    expect(sync.getDefinition('nightly')).toMatchObject({ ...settings, lastStatus: 'Completed', lastRunId: 'sync-1', recordsProcessed: 10, recordsFailed: 1, durationMs: 1200, lastSyncAt: now.toISOString(), nextSyncAt: '2026-03-02T02:00:00.000Z' });
    sync.removeDefinition('nightly');
    expect(() => sync.getDefinition('nightly')).toThrow(expect.objectContaining({ code: 'SYNC_NOT_FOUND' }));
  });
});
