import type { RunsService } from '../../../shared/api/services';
import type { RunPlanBasis, RunPlanPreview } from '../../../shared/api/contracts/run-plan';
import type { TargetApiInfo } from '../../../shared/model/target';
import { StudioError } from '../../../shared/errors';
import { loadTargetContract } from '../../../academia-api/contract';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { monitorOf } from '../core/session-monitor';
import { openTargetClient } from '../core/target-resolver';
import { queryMetrics } from '../monitoring/metrics-query';
import { estimateRun } from '../pipeline/run-estimate';
import { DEFAULT_PUSH_IN_FLIGHT } from '../pipeline/stages/push/push-stage';
import { TargetChecksRepo } from '../project/target-checks-repo';
import type { SourceConnector } from '../connectors/connector';

/** The plan method of the runs service (its contract: src/shared/api/contracts/runs.ts and run-plan.ts). */
type RunsPlanMethods = Pick<RunsService, 'plan'>;

/** The studio's own rows a second (read, map, validate, stage) when nothing better is known; the demo runs well above it. */
export const LOCAL_ROWS_PER_SECOND = 20_000;
/** Latency assumed for a target never measured or tested. */
export const ASSUMED_LATENCY_MS = 100;
const WEEK_MS = 7 * 86_400_000;

/**
 * `runs.plan`: the plan a run would follow and how long it should take, before anything starts.
 * Rows come from the sources (a file's estimated from its size, as the run's own estimate is);
 * the limits from the target's last connection test (or one `GET /api/<version>`, which needs no
 * credentials); the latency from monitoring's measure of the last 7 days of calls.
 */
export function runsPlanMethods(state: EngineState): RunsPlanMethods {
  return {
    async plan({ entities, dryRun = false }) {
      const s = requireSession(state);
      const mappings = await s.mappings.list();
      if (!mappings.length) throw new StudioError('MAPPING_NOT_FOUND', 'This project has no mappings yet, so there is nothing to plan.', 'Map at least one source table onto an Academia Pro entity first.');
      const mapped = mappings.map((m) => m.entity);
      const unknown = (entities ?? []).filter((e) => !mapped.includes(e));
      if (unknown.length) throw new StudioError('MAPPING_NOT_FOUND', `No mapping feeds ${unknown.join(', ')}.`, `Mapped entities are: ${mapped.join(', ')}.`);
      const contract = loadTargetContract(s.project.target().apiVersion);
      const order = contract.loadOrder(entities?.length ? entities : mapped);
      const rows = await rowCounts(s, order.map((entity) => mappings.find((m) => m.entity === entity)!));
      const limits = await targetLimits(s);
      const basis: RunPlanBasis = {
        perMinute: limits?.perMinute ?? null,
        perHour: limits?.perHour ?? null,
        ...latencyOf(state, s),
        batchSize: Math.min(contract.limits.maxBatchRecords, 500, s.project.settings().batchSize),
        inFlight: DEFAULT_PUSH_IN_FLIGHT,
        localRowsPerSecond: LOCAL_ROWS_PER_SECOND,
      };
      const preview: RunPlanPreview = { ...estimateRun({ entities: rows, dryRun, basis, pageSize: limits?.maxPageSize ?? contract.limits.maxPageSize }), estimatedAt: state.now().toISOString() };
      return preview;
    },
  };
}

/** Each mapping's stream size, each connection opened once. */
async function rowCounts(s: ProjectSession, mappings: { entity: string; connectionId: string; stream: string }[]): Promise<{ entity: string; stream: string; rows: number | null; estimated: boolean }[]> {
  const open = new Map<string, SourceConnector>();
  try {
    const out = [];
    for (const m of mappings) {
      let source = open.get(m.connectionId);
      if (!source) {
        source = await s.openSource(m.connectionId);
        open.set(m.connectionId, source);
      }
      const estimated = source.estimate !== undefined;
      const rows = source.estimate ? await source.estimate(m.stream) : await source.count(m.stream);
      out.push({ entity: m.entity, stream: m.stream, rows, estimated });
    }
    return out;
  } finally {
    for (const source of open.values()) await source.close().catch(() => undefined);
  }
}

/** The limits the target announced at its last connection test, or asked for now (no credentials needed); null when it cannot be reached. */
async function targetLimits(s: ProjectSession): Promise<TargetApiInfo['limits'] | null> {
  const known = new TargetChecksRepo(s.project).history(20).find((c) => c.info !== null);
  if (known?.info) return known.info.limits;
  try {
    const { client } = await openTargetClient(s, { maxRetries: 1, requestTimeoutMs: 5000, tolerateMissingSecret: true });
    return (await client.info()).limits;
  } catch {
    return null;
  }
}

/** The median call to the target over the last 7 days (monitoring), else the last test's round trip, else an assumption. */
function latencyOf(state: EngineState, s: ProjectSession): Pick<RunPlanBasis, 'latencyMs' | 'latencySource'> {
  const now = state.now();
  const monitor = monitorOf(state, s);
  monitor.store.ingest();
  const measured = queryMetrics(monitor.store, { period: 'day', from: new Date(now.getTime() - WEEK_MS).toISOString(), integration: 'target' }, now).total.p50Ms;
  if (measured !== null) return { latencyMs: measured, latencySource: 'measured' };
  const check = new TargetChecksRepo(s.project).history(20).find((c) => c.health !== null);
  if (check?.health) return { latencyMs: check.health.latencyMs, latencySource: 'check' };
  return { latencyMs: ASSUMED_LATENCY_MS, latencySource: 'assumed' };
}
