import type { RunsService } from '../../../shared/api/services';
import type { ReconciliationDocument } from '../../../shared/api/contracts/reconcile';
import { StudioError } from '../../../shared/errors';
import type { RunInfo } from '../../../shared/model/run';
import { printHtmlToPdfBuffer } from '../assessment/report/print-pdf';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { resolveTarget } from '../core/target-resolver';
import { certifyEntity } from '../pipeline/reconciliation/certify-entity';
import { ReconciliationRepo } from '../project/reconciliation-repo';
import { renderReconciliationCsv, renderReconciliationHtml } from './reconciliation-report';

/** The reconciliation methods of the runs service (its contract: src/shared/api/contracts/runs.ts). */
type RunsReconcileMethods = Pick<RunsService, 'reconcile' | 'reconciliation' | 'reconciliationReport'>;

/**
 * `runs.reconcile`, `runs.reconciliation` and `runs.reconciliationReport`: the certificate of a
 * run (docs/reconciliation.md). A run reconciles itself as its last stage; `reconcile` reads the
 * target back again later (after someone changed a record in Academia Pro, say) and replaces the
 * stored certificate; the other two only read what is stored.
 */
export function runsReconcileMethods(state: EngineState): RunsReconcileMethods {
  return {
    async reconcile({ runId }, options) {
      const s = requireSession(state);
      const run = s.runs.get(runId);
      if (state.activeRun?.runId === runId) {
        throw new StudioError('RUN_ALREADY_ACTIVE', `Run ${runId} is still in progress; it reconciles itself when it ends.`, 'Wait for the run to finish, then reconcile it again if you need a fresh read of the target.');
      }
      const repo = new ReconciliationRepo(s.project);
      if (run.reconciliation.length) {
        const target = await resolveTarget(s, state.target);
        const lines = [];
        for (const line of run.reconciliation) {
          lines.push(
            await certifyEntity({
              runId,
              entity: line.entity,
              dryRun: run.dryRun,
              store: repo,
              client: target.client,
              contract: target.contract,
              counts: { source: line.source, rejected: line.rejected, filtered: line.filtered ?? 0, merged: line.merged ?? 0 },
              signal: options?.signal,
            }),
          );
        }
        s.runs.setReconciliation(runId, lines);
        repo.setCheckedAt(runId, state.now());
        const mismatches = lines.reduce((n, l) => n + l.mismatches + (l.checksumMismatches ?? 0), 0);
        s.audit.append({ action: 'run.reconcile', object: `run:${runId}`, summary: `Reconciled ${lines.length} ${lines.length === 1 ? 'entity' : 'entities'} against the target: ${mismatches} mismatch(es).` });
      }
      return documentOf(s, s.runs.get(runId), repo);
    },
    async reconciliation({ runId, limit, offset }) {
      const s = requireSession(state);
      return documentOf(s, s.runs.get(runId), new ReconciliationRepo(s.project), limit, offset);
    },
    async reconciliationReport({ runId, format }) {
      const s = requireSession(state);
      const run = s.runs.get(runId);
      const repo = new ReconciliationRepo(s.project);
      const base = `reconciliation-${runId}`;
      const mismatches = () => repo.iterateMismatches(runId);
      if (format === 'csv') return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: renderReconciliationCsv(run, mismatches()), encoding: 'utf8' };
      const html = renderReconciliationHtml({ project: s.project.info().name, run, checkedAt: repo.checkedAt(runId), mismatches: mismatches(), mismatchesTotal: repo.mismatchCount(runId) });
      if (format === 'html') return { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: html, encoding: 'utf8' };
      // Printed exactly as the assessment report is: the same HTML laid out by Chromium.
      const pdf = await printHtmlToPdfBuffer(html);
      return { filename: `${base}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' };
    },
  };
}

function documentOf(_s: ProjectSession, run: RunInfo, repo: ReconciliationRepo, limit?: number, offset = 0): ReconciliationDocument {
  const total = repo.mismatchCount(run.runId);
  return {
    runId: run.runId,
    status: run.status,
    reconciliation: run.reconciliation,
    mismatches: limit === undefined && offset === 0 ? [...repo.iterateMismatches(run.runId)] : repo.mismatchPage(run.runId, limit ?? total, offset),
    checkedAt: repo.checkedAt(run.runId),
    mismatchesTotal: total,
    dryRun: run.dryRun,
  };
}
