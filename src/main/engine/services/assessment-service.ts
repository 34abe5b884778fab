import { projectSchoolYear, syncMigrationStatus } from './migration-service';
import { randomUUID } from 'node:crypto';
import type { AssessmentService } from '../../../shared/api/services';
import { StudioError, toErrorShape } from '../../../shared/errors';
import type { AssessmentResult, SurvivorRule } from '../../../shared/model/assessment';
import { assessSource } from '../assessment/assess-source';
import { readDuplicatePair } from '../pipeline/read-duplicate-pair';
import { renderAssessmentHtml } from '../assessment/report/render-html';
import { renderFindingsCsv } from '../assessment/report/render-csv';
import { printHtmlToPdfBuffer } from '../assessment/report/print-pdf';
import { requireSession, type EngineState } from '../core/engine-state';
import { currentActor } from '../security/actor';
import { resolveTarget } from '../core/target-resolver';
import type { PushAssumptions } from '../assessment/readiness/push-estimate';

const PROGRESS_INTERVAL_MS = 200;

export function assessmentService(state: EngineState): AssessmentService {
  return {
    async start({ connectionId }) {
      const s = requireSession(state);
      if (state.activeAssessment) {
        throw new StudioError('ASSESSMENT_ALREADY_ACTIVE', `Assessment ${state.activeAssessment.assessmentId} is still running.`, 'Wait for it to finish or cancel it, then start again.');
      }
      const connection = await s.connections.get(connectionId, () => 'missing');
      const assessmentId = `assess-${state.now().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
      s.assessments.create({ id: assessmentId, connectionId, connectionName: connection.name, now: state.now() });
      s.audit.append({ action: 'assessment.start', object: `assessment:${assessmentId}`, summary: `Assessment of "${connection.name}" started.` });
      const publish = () => state.bus.emit({ kind: 'event', event: 'assessment.updated', payload: s.assessments.summary(assessmentId) });
      publish();

      const controller = new AbortController();
      let lastProgress = 0;
      const tablesDone = new Set<string>();
      const done = (async () => {
        const connector = await s.openSource(connectionId);
        try {
          const streams = await connector.discover();
          const push = await targetLimits(state);
          const result = await assessSource(connector, {
            push,
            sourceLabel: `${connection.name} (${connection.location})`,
            signal: controller.signal,
            mappings: (await s.mappings.list()).filter((m) => m.connectionId === connectionId),
            now: state.now,
            schoolYear: projectSchoolYear(s),
            onProgress: (p) => {
              if (p.rowsTotal !== null && p.rowsDone >= p.rowsTotal) tablesDone.add(p.table);
              const at = state.now().getTime();
              if (at - lastProgress < PROGRESS_INTERVAL_MS) return;
              lastProgress = at;
              state.bus.emit({ kind: 'event', event: 'assessment.progress', payload: { assessmentId, ...p, tablesDone: tablesDone.size, tablesTotal: streams.length } });
            },
          });
          s.assessments.finish(assessmentId, 'Completed', state.now(), result);
          s.audit.append({ action: 'assessment.finish', object: `assessment:${assessmentId}`, summary: `Completed: readiness ${result.readiness.score}/100, ${result.findings.length} findings.` });
          await syncMigrationStatus(state, s);
        } catch (err) {
          const cancelled = controller.signal.aborted;
          const shape = toErrorShape(err);
          s.assessments.finish(assessmentId, cancelled ? 'Cancelled' : 'Failed', state.now(), null, cancelled ? undefined : { code: shape.code, message: shape.message, hint: shape.hint });
        } finally {
          await connector.close();
          publish();
        }
      })().finally(() => {
        if (state.activeAssessment?.assessmentId === assessmentId) state.activeAssessment = null;
      });
      state.activeAssessment = { assessmentId, controller, done };
      return { assessmentId };
    },
    async list() {
      return requireSession(state).assessments.list();
    },
    async get({ assessmentId }) {
      const s = requireSession(state);
      const result = s.assessments.result(assessmentId);
      const decisions = s.assessments.decisions(s.assessments.connectionOf(assessmentId));
      const byPair = new Map(decisions.map((d) => [`${d.table}\u0000${d.left}\u0000${d.right}`, d.decision]));
      const duplicates = result.duplicates.map((d) => {
        const [l, r] = d.left <= d.right ? [d.left, d.right] : [d.right, d.left];
        return { ...d, decision: byPair.get(`${d.table}\u0000${l}\u0000${r}`) ?? null };
      });
      return { ...result, duplicates, assessmentId, decisions, survivorRule: survivorRuleOf(s.project.meta('survivorRule')) };
    },
    async cancel({ assessmentId }) {
      if (state.activeAssessment?.assessmentId !== assessmentId) {
        throw new StudioError('ASSESSMENT_NOT_FOUND', `Assessment ${assessmentId} is not running.`, 'Only a running assessment can be cancelled.');
      }
      state.activeAssessment.controller.abort();
      await state.activeAssessment.done.catch(() => undefined);
    },
    async decide({ assessmentId, table, left, right, decision }) {
      const s = requireSession(state);
      const result = s.assessments.result(assessmentId);
      const known = result.duplicates.some((d) => d.table === table && ((d.left === left && d.right === right) || (d.left === right && d.right === left)));
      if (!known) throw new StudioError('BAD_REQUEST', `The assessment has no candidate pair ${left} / ${right} in ${table}.`, 'Refresh the review queue; decisions apply to the pairs the assessment found.');
      const connectionId = s.assessments.connectionOf(assessmentId);
      s.assessments.decide({ connectionId, table, left, right, decision, at: state.now(), by: currentActor() });
      s.audit.append({ action: 'match.decide', object: `match:${table}`, summary: `Pair ${left} / ${right}: ${decision ?? 'decision withdrawn'}.` });
      return s.assessments.decisions(connectionId);
    },
    async setSurvivorRule({ rule }) {
      const s = requireSession(state);
      s.project.setMeta('survivorRule', rule);
      s.audit.append({ action: 'match.survivor-rule', object: 'project', summary: `Survivor rule for confirmed duplicates: ${rule}.` });
    },
    async pair({ assessmentId, table, left, right, reveal }) {
      const s = requireSession(state);
      const result = s.assessments.result(assessmentId);
      const candidate = result.duplicates.find((d) => d.table === table && ((d.left === left && d.right === right) || (d.left === right && d.right === left)));
      if (!candidate) throw new StudioError('BAD_REQUEST', `The assessment has no candidate pair ${left} / ${right} in ${table}.`, 'Refresh the review queue; only the pairs the assessment found can be compared.');
      const connectionId = s.assessments.connectionOf(assessmentId);
      const connector = await s.openSource(connectionId);
      try {
        const streams = (await s.connections.latestCatalog(connectionId))?.streams ?? (await connector.discover());
        const pair = await readDuplicatePair(connector, streams, candidate, Boolean(reveal));
        // Showing a person's unmasked values is recorded, as a preview's reveal is.
        if (reveal) s.audit.append({ action: 'match.reveal', object: `match:${table}`, summary: `Revealed the personal data of the pair ${candidate.left} / ${candidate.right} in ${table} to compare them.` });
        return pair;
      } finally {
        await connector.close();
      }
    },
    async report({ assessmentId, format }) {
      const s = requireSession(state);
      const result: AssessmentResult = s.assessments.result(assessmentId);
      const base = `assessment-${assessmentId}`;
      const title = `Data readiness — ${s.project.info().name}`;
      if (format === 'csv') return { filename: `${base}-findings.csv`, contentType: 'text/csv; charset=utf-8', content: renderFindingsCsv(result), encoding: 'utf8' };
      const html = renderAssessmentHtml(result, { title });
      if (format === 'html') return { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: html, encoding: 'utf8' };
      const pdf = await printHtmlToPdfBuffer(html);
      return { filename: `${base}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' };
    },
  };
}

/**
 * The target's announced rate limits for the push-time estimate. Without a reachable target the
 * assessment still completes and says why it could not estimate.
 */
async function targetLimits(state: EngineState): Promise<PushAssumptions | undefined> {
  const session = state.session;
  if (!session) return undefined;
  try {
    const target = await resolveTarget(session, state.target);
    const info = await target.client.info();
    return { perMinute: info.limits.perMinute, perHour: info.limits.perHour, batchSize: info.limits.maxBatchRecords };
  } catch {
    return undefined;
  }
}

function survivorRuleOf(value: string | null): SurvivorRule {
  return value === 'most-recent' || value === 'most-complete' || value === 'keep-left' ? value : 'most-complete';
}
