import type { SandboxEndpointStats } from '../shared/model/target';

/** Latency samples kept per endpoint (the most recent ones). */
const SAMPLES = 2048;

interface EndpointFigures {
  operationId: string;
  method: string;
  path: string;
  apiVersion: string;
  calls: number;
  clientErrors: number;
  serverErrors: number;
  rateLimited: number;
  dropped: number;
  statusCounts: Record<string, number>;
  latencies: Float64Array;
  samples: number;
  latencySum: number;
  lastCalledAt: number | null;
}

/** Figures of one endpoint, as the admin API's monitoring shows them (the studio's own shape). */
export type EndpointStats = SandboxEndpointStats;

/**
 * Per-endpoint monitoring (the seed's API_MANAGEMENT view): calls, errors by kind, and latency
 * percentiles over a ring of recent samples. In memory only; it starts afresh with the sandbox.
 */
export class EndpointMonitor {
  private readonly figures = new Map<string, EndpointFigures>();

  constructor(readonly startedAt: number) {}

  /** One call; `status` null when no answer was sent (an injected timeout or reset). */
  record(endpoint: { operationId: string; method: string; path: string; apiVersion: string }, status: number | null, latencyMs: number, at: number): void {
    const key = `${endpoint.apiVersion} ${endpoint.operationId}`;
    let f = this.figures.get(key);
    if (!f) {
      f = { ...endpoint, calls: 0, clientErrors: 0, serverErrors: 0, rateLimited: 0, dropped: 0, statusCounts: {}, latencies: new Float64Array(SAMPLES), samples: 0, latencySum: 0, lastCalledAt: null };
      this.figures.set(key, f);
    }
    f.calls++;
    f.lastCalledAt = at;
    if (status === null) f.dropped++;
    else {
      f.statusCounts[String(status)] = (f.statusCounts[String(status)] ?? 0) + 1;
      if (status >= 500) f.serverErrors++;
      else if (status >= 400) f.clientErrors++;
      if (status === 429) f.rateLimited++;
    }
    f.latencies[f.samples % SAMPLES] = latencyMs;
    f.samples++;
    f.latencySum += latencyMs;
  }

  /** Every endpoint called at least once, busiest first. */
  stats(): EndpointStats[] {
    return [...this.figures.values()].sort((a, b) => b.calls - a.calls || a.operationId.localeCompare(b.operationId)).map(toStats);
  }
}

function toStats(f: EndpointFigures): EndpointStats {
  const n = Math.min(f.samples, SAMPLES);
  const sorted = Array.from(f.latencies.subarray(0, n)).sort((a, b) => a - b);
  const pct = (p: number) => (n === 0 ? 0 : round(sorted[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)]));
  return {
    operationId: f.operationId,
    method: f.method,
    path: f.path,
    apiVersion: f.apiVersion,
    calls: f.calls,
    errors: f.clientErrors + f.serverErrors + f.dropped,
    clientErrors: f.clientErrors,
    serverErrors: f.serverErrors,
    rateLimited: f.rateLimited,
    dropped: f.dropped,
    statusCounts: { ...f.statusCounts },
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: n ? round(sorted[n - 1]) : 0, mean: f.samples ? round(f.latencySum / f.samples) : 0 },
    lastCalledAt: f.lastCalledAt === null ? null : new Date(f.lastCalledAt).toISOString(),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
