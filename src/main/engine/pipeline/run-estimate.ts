import type { RunPlanBasis, RunPlanPreview } from '../../../shared/api/contracts/run-plan';

/** What the estimate is made from: rows per entity, the target's limits and latency, the run's batch sizes. */
export interface EstimateInput {
  entities: { entity: string; stream: string; rows: number | null; estimated: boolean }[];
  dryRun: boolean;
  basis: RunPlanBasis;
  /** Records per page when the run reads the target (pre-images, the read-back): the target's largest page. */
  pageSize: number;
}

/**
 * How long a run should take, before it starts. Each entity costs its local work (rows ÷ the
 * studio's rate) and its requests: pushes of `batchSize` records with `inFlight` of them under
 * way at once, and reads of the target in pages of `pageSize` (once for the pre-images and once
 * for the read-back; a dry run only reads back). The requests' time is the larger of what the
 * latency allows and what the announced limits allow: a sliding window lets the first window's
 * worth through at once, then `limit` a window — so n requests under a per-minute limit L take at
 * least (n − L) ÷ L minutes, and the same per hour. Waiting for the limit is spread over the
 * entities by their share of the requests.
 */
export function estimateRun(input: EstimateInput): Omit<RunPlanPreview, 'estimatedAt'> {
  const { basis, dryRun } = input;
  const latency = basis.latencyMs / 1000;
  const lines = input.entities.map((e) => {
    const rows = e.rows ?? 0;
    const pushes = dryRun ? 0 : Math.ceil(rows / basis.batchSize);
    const reads = Math.max(1, Math.ceil(rows / input.pageSize)) * (dryRun ? 1 : 2);
    const local = rows / basis.localRowsPerSecond;
    const network = (pushes * latency) / Math.max(1, basis.inFlight) + reads * latency;
    return { ...e, requests: pushes + reads, local, network };
  });
  const requests = lines.reduce((n, l) => n + l.requests, 0);
  const network = lines.reduce((n, l) => n + l.network, 0);
  const limited = Math.max(windowBound(requests, basis.perMinute, 60), windowBound(requests, basis.perHour, 3600));
  const rateLimitedSeconds = Math.max(0, limited - network);
  const entities = lines.map((l) => ({
    entity: l.entity,
    stream: l.stream,
    rows: l.rows,
    estimated: l.estimated,
    requests: l.requests,
    seconds: round(l.local + l.network + (requests ? (rateLimitedSeconds * l.requests) / requests : 0)),
  }));
  return {
    dryRun,
    entities,
    rows: lines.reduce((n, l) => n + (l.rows ?? 0), 0),
    requests,
    seconds: round(lines.reduce((n, l) => n + l.local, 0) + network + rateLimitedSeconds),
    rateLimitedSeconds: round(rateLimitedSeconds),
    basis,
  };
}

/** The least time n requests take under `limit` requests per sliding window of `windowSeconds` (the first window's worth goes at once). */
export function windowBound(requests: number, limit: number | null, windowSeconds: number): number {
  if (limit === null || limit <= 0 || requests <= limit) return 0;
  return ((requests - limit) / limit) * windowSeconds;
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
