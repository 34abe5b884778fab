import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { EventMessage } from '../../src/shared/api/rpc';
import { StudioError } from '../../src/shared/errors';
import { tempDir } from '../support/temp-dir';

/**
 * The header's stepper and `migration status` are computed from the project: a demo never
 * assessed does not show Assessment as done, and a reconciled run on an assessed project
 * reaches Completed (both were wrong when the status was moved by hand).
 */
describe('migration status on the demo school', () => {
  const dir = tempDir();
  let engine: Engine;
  const changes: string[] = [];

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    engine.onEvent((m: EventMessage) => {
      if (m.event === 'project.changed') changes.push((m.payload as { migrationStatus: string }).migrationStatus);
    });
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 300 });
  }, 120_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('a fresh demo (a source and mappings, never assessed) stands in Assessment, asking for the assessment', async () => {
    const progress = await engine.api.migration.status();
    expect(progress).toMatchObject({ status: 'Assessment', stage: 'assess-sources', go: false });
    expect(progress.stages.map((s) => s.state)).toEqual(['done', 'current', 'upcoming', 'upcoming', 'upcoming']);
    expect((await engine.api.projects.current())?.migrationStatus).toBe('Assessment');
  });

  it('a completed run does not skip the assessment', async () => {
    await engine.api.runs.start({ dryRun: false });
    await engine.idle();
    const [run] = await engine.api.runs.list({ limit: 1 });
    expect(run.status).toBe('Completed');
    expect((await engine.api.migration.status()).status).toBe('Assessment');
  }, 120_000);

  it('once every source is assessed, the reconciled run carries it to Completed; go/no-go stays NO-GO on the planted problems', async () => {
    const [connection] = await engine.api.connections.list();
    await engine.api.assessment.start({ connectionId: connection.id });
    await engine.idle();
    const progress = await engine.api.migration.status();
    const [run] = await engine.api.runs.list({ limit: 1 });
    expect(run.reconciliation.every((l) => l.mismatches === 0)).toBe(true);
    expect(progress).toMatchObject({ status: 'Completed', stage: 'done' });
    expect((await engine.api.projects.current())?.migrationStatus).toBe('Completed');
    expect(changes).toContain('Completed');
    const item = (name: string) => progress.checklist.find((c) => c.item === name)!;
    // The demo plants data problems: errors stay open and the rehearsal rejects rows.
    expect(item('no-error-findings').ok).toBe(false);
    expect(item('rehearsal-clean').ok).toBe(false);
    expect(item('rehearsal-clean').detail).toContain(run.runId);
    expect(progress.go).toBe(false);
  }, 180_000);

  it('sets the plan it is measured against, refuses a window that ends before it starts, and audits the change', async () => {
    const error = await engine.api.migration.setPlan({ freezeWindow: { from: '2027-07-23T08:00:00Z', to: '2027-07-20T18:00:00Z' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('MIGRATION_PLAN_INVALID');
    const progress = await engine.api.migration.setPlan({ readinessThreshold: 0, rejectLimit: 1, freezeWindow: { from: '2027-07-20T18:00:00Z', to: '2027-07-23T08:00:00Z' } });
    const item = (name: string) => progress.checklist.find((c) => c.item === name)!;
    expect(item('freeze-window').ok).toBe(true);
    expect(item('readiness').ok).toBe(true);
    expect(item('rehearsal-clean').ok).toBe(true);
    const [entry] = await engine.api.audit.list({ action: 'migration.plan' });
    expect(entry.summary).toContain('freeze window 2027-07-20T18:00:00Z');
  });
});
