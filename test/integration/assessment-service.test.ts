import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { EventMessage } from '../../src/shared/api/rpc';
import { tempDir } from '../support/temp-dir';
import { mergePair } from '../../src/shared/model/survivor';
import { fillFromDuplicates, planPersonMerge } from '../../src/main/engine/pipeline/person-merge';

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
    // The demo has its source and mappings, so a completed assessment carries it on to Execution
    // (the migration status is computed from the project: docs/conventions.md `migration status`).
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

  it('reads both records of a pair side by side, masked unless revealed (audited), merged as the run would merge them', async () => {
    const result = await engine.api.assessment.get({ assessmentId });
    const candidate = result.duplicates.find((d) => d.leftTable === d.rightTable)!;
    const masked = await engine.api.assessment.pair({ assessmentId, table: candidate.table, left: candidate.left, right: candidate.right });
    expect(masked.left.found && masked.right.found).toBe(true);
    expect(masked.merge).toBe('applies');
    // The pair's left is the one decisions store first, whichever way round it was asked for.
    expect(masked.left.key < masked.right.key).toBe(true);
    expect(await engine.api.assessment.pair({ assessmentId, table: candidate.table, left: candidate.right, right: candidate.left })).toEqual(masked);
    expect((await engine.api.audit.list({ action: 'match.reveal' })).length).toBe(0);

    const shown = await engine.api.assessment.pair({ assessmentId, table: candidate.table, left: candidate.left, right: candidate.right, reveal: true });
    expect(shown.revealed).toBe(true);
    const [reveal] = await engine.api.audit.list({ action: 'match.reveal' });
    expect(reveal.summary).toContain(`${candidate.left} / ${candidate.right}`);
    const personal = masked.columns.filter((c) => c.personal);
    expect(personal.length).toBeGreaterThan(0);
    expect(personal.some((c) => masked.left.values[c.name] !== shown.left.values[c.name])).toBe(true);
    // Differences are judged on the real values: a column the same on both sides is not flagged.
    for (const c of shown.columns) if (!c.differs) expect(String(shown.left.values[c.name] ?? '').trim() || '').toBe(String(shown.right.values[c.name] ?? '').trim() || '');
    expect(shown.columns.some((c) => c.differs)).toBe(true);
    expect(shown.left.facts.filled).toBeGreaterThan(0);

    // The preview's merge is the run's: the same survivor and the same filled record, for every rule.
    for (const rule of ['most-complete', 'most-recent', 'keep-left'] as const) {
      const preview = mergePair(rule, shown.left, shown.right);
      const members = new Map([shown.left, shown.right].map((side) => [side.key, { personKey: side.key, externalId: side.key, record: side.values, facts: side.facts }]));
      const decision = { table: candidate.table, left: shown.left.key, right: shown.right.key, decision: 'same' as const, decidedAt: '2026-01-01T00:00:00Z', decidedBy: 'test' };
      const plan = planPersonMerge({ entity: 'students', table: candidate.table, rule, members, decisions: { decisions: [decision], crossTable: 0, positional: 0 } });
      const survivor = preview.survivor === 'left' ? shown.left : shown.right;
      const duplicate = preview.survivor === 'left' ? shown.right : shown.left;
      expect(plan.mergedInto.get(duplicate.key)).toBe(survivor.key);
      expect(fillFromDuplicates(survivor.values, plan.donors.get(survivor.key)!).record).toEqual(preview.record);
    }
    if (masked.left.facts.filled === masked.right.facts.filled && masked.left.facts.updated === masked.right.facts.updated) expect(mergePair('most-complete', masked.left, masked.right).survivor).toBe('left');

    await expect(engine.api.assessment.pair({ assessmentId, table: candidate.table, left: 'nope', right: 'nada' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
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
