import { describe, expect, it } from 'vitest';
import { errorsReport, runsReport } from '../../../src/main/engine/reports/operations-report';
import { renderReportCsv, renderReportHtml } from '../../../src/main/engine/reports/render-report';
import { emptyCounters } from '../../../src/shared/model/counters';
import type { RunInfo } from '../../../src/shared/model/run';

const run = (over: Partial<RunInfo>): RunInfo => ({
  runId: 'run_a',
  operation: 'Migration',
  status: 'Completed',
  dryRun: false,
  counters: emptyCounters(),
  steps: [],
  reconciliation: [],
  startedAt: '2026-12-01T08:00:00.000Z',
  endedAt: '2026-12-01T08:01:00.000Z',
  durationMs: 60_000,
  ...over,
});
const context = { projectName: 'Greenfield', generatedAt: '2026-12-07T10:00:00.000Z', period: {} };

/** Issue 20, item 5: reports of runs and errors (the engine's PDF is tested after a demo run in notify/notifications-service.test.ts). */
describe('run and error reports', () => {
  it('counts runs, success rate and records; lists errors by code; escapes what the data says', () => {
    const runs = [
      run({ runId: 'run_a', counters: { ...emptyCounters(), read: 10, created: 8, rejected: 2 } }),
      run({ runId: 'run_b', status: 'Failed', error: { code: 'TARGET_UNREACHABLE', message: 'The target <b>did not</b> answer.', hint: 'h' } }),
    ];
    const report = runsReport(runs, context);
    expect(report.summary).toEqual(expect.arrayContaining([{ label: 'Success rate', value: '50.0 %' }, { label: 'Records created', value: '8' }, { label: 'Rows rejected', value: '2' }]));
    const errors = errorsReport(runs, () => [{ code: '=HYPERLINK("x")', count: 2 }], context);
    expect(errors.rows.map((r) => [r.runId, r.kind, r.code, r.count])).toEqual([
      ['run_a', 'rows rejected', '=HYPERLINK("x")', 2],
      ['run_b', 'run failed', 'TARGET_UNREACHABLE', 1],
    ]);
    const html = renderReportHtml(errors);
    expect(html).toContain('The target &lt;b&gt;did not&lt;/b&gt; answer.');
    expect(html).not.toMatch(/<script|https?:\/\//);
    const csv = renderReportCsv(errors);
    expect(csv.startsWith('\uFEFFrunId,startedAt,kind,code,count,message\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")",2,`);
  });
});
