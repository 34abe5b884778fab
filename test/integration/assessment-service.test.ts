import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { EventMessage } from '../../src/shared/api/rpc';
import { tempDir } from '../support/temp-dir';

/** The assessment as the studio's windows use it: start, progress, result, decisions, reports. */
describe('assessment service on the demo project', () => {
  const dir = tempDir();
  let engine: Engine;
  let assessmentId: string;
  const events: EventMessage[] = [];

  beforeAll(async () => {
    engine = createHostEngine({ host: 'web', configDir: join(dir.path, 'config') });
    engine.onEvent((m) => events.push(m));
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio') });
    const [conn] = await engine.api.connections.list();
    ({ assessmentId } = await engine.api.assessment.start({ connectionId: conn.id }));
    await engine.idle();
  }, 180_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('completes with a readiness score, findings and live progress', async () => {
    const [summary] = await engine.api.assessment.list();
    expect(summary).toMatchObject({ assessmentId, status: 'Completed' });
    expect(summary.score).toBeGreaterThanOrEqual(0);
    expect(summary.score).toBeLessThanOrEqual(100);
    expect(events.some((e) => e.event === 'assessment.progress')).toBe(true);
    const result = await engine.api.assessment.get({ assessmentId });
    expect(result.readiness.explanation.length).toBeGreaterThan(0);
    // The embedded sandbox announces its limits, so the push time can be estimated.
    expect(result.readiness.pushEstimate).toMatch(/≈/);
    const codes = new Set(result.findings.map((f) => f.code));
    for (const code of ['DUPLICATE_PERSON', 'ORPHAN_REFERENCE', 'MOJIBAKE', 'SENTINEL_DATE']) expect(codes).toContain(code);
    // Assessed, and its mappings (every entity its tables hold) in place: the assessment's exit criteria are met.
    expect((await engine.api.projects.current())!.migrationStatus).toBe('Execution');
  });

  it('saves reviewers’ decisions on duplicate pairs, and withdraws them', async () => {
    const result = await engine.api.assessment.get({ assessmentId });
    const pair = result.duplicates[0];
    const decisions = await engine.api.assessment.decide({ assessmentId, table: pair.table, left: pair.left, right: pair.right, decision: 'same' });
    expect(decisions).toHaveLength(1);
    expect(decisions[0].decision).toBe('same');
    const again = await engine.api.assessment.get({ assessmentId });
    expect(again.duplicates.find((d) => d.left === pair.left && d.right === pair.right)?.decision).toBe('same');
    expect(await engine.api.assessment.decide({ assessmentId, table: pair.table, left: pair.right, right: pair.left, decision: null })).toHaveLength(0);
    await expect(engine.api.assessment.decide({ assessmentId, table: pair.table, left: 'nope', right: 'nada', decision: 'same' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await engine.api.assessment.setSurvivorRule({ rule: 'most-recent' });
    expect((await engine.api.assessment.get({ assessmentId })).survivorRule).toBe('most-recent');
  });

  it('renders the report as HTML, CSV and PDF', async () => {
    const html = await engine.api.assessment.report({ assessmentId, format: 'html' });
    expect(html.contentType).toMatch(/text\/html/);
    expect(html.content).toMatch(/<html/i);
    const csv = await engine.api.assessment.report({ assessmentId, format: 'csv' });
    expect(csv.content.split('\n')[0]).toMatch(/severity/);
    const pdf = await engine.api.assessment.report({ assessmentId, format: 'pdf' });
    expect(Buffer.from(pdf.content, 'base64').subarray(0, 4).toString()).toBe('%PDF');
  }, 120_000);
});
