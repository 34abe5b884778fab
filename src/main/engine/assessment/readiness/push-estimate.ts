/**
 * How long pushing the data to Academia Pro will take: batch requests (records ÷ batch size,
 * per entity, rounded up) paced by the tighter of the rate limits, or by the time each request
 * takes when that is slower (the studio sends one batch at a time):
 *
 *   requests = Σ ceil(records_e / batchSize)
 *   minutes  = max(requests / perMinute, requests / perHour × 60, requests × latency / 60,000 ms)
 *
 * "1,200,000 attendance records at 600 requests/min in batches of 500 ≈ 4 min".
 */
export interface PushAssumptions {
  /** Requests per minute the target allows (its RateLimit policy, or GET /api/v1 `limits.perMinute`). */
  perMinute?: number;
  /** Requests per hour the target allows, when it has an hourly window too. */
  perHour?: number;
  /** Records per batch request; the contract's maxBatchRecords when absent. */
  batchSize?: number;
  /** Measured milliseconds per batch request; ASSUMED_LATENCY_MS (said so) when absent. */
  latencyMs?: number;
}

/** Time per batch request assumed when none was measured: a 500-record upsert over the internet. */
export const ASSUMED_LATENCY_MS = 250;

export interface PushEstimate {
  minutes: number;
  requests: number;
  records: number;
  text: string;
  /** How the figure was reached, one line per step. */
  explanation: string[];
}

/** The estimate for `volumes` (records per entity), or a reason why none can be made. */
export function estimatePush(volumes: readonly { entity: string; records: number }[], assumptions: PushAssumptions | undefined, contractBatch: number | null): PushEstimate | { reason: string } {
  const perMinute = assumptions?.perMinute;
  if (!perMinute || perMinute <= 0) {
    return { reason: "No push-time estimate: the target's request rate is not known. Connect to Academia Pro (or the sandbox) so its rate limits can be read, or give them to the assessment." };
  }
  const batch = assumptions?.batchSize ?? contractBatch;
  if (!batch || batch <= 0) return { reason: "No push-time estimate: the target's batch size is not known (the API document's x-limits.maxBatchRecords is missing)." };
  const used = volumes.filter((v) => v.records > 0).sort((a, b) => b.records - a.records);
  if (used.length === 0) return { reason: 'No push-time estimate: no table was recognised as an Academia Pro entity (map the tables to give one).' };
  const records = used.reduce((a, v) => a + v.records, 0);
  const requests = used.reduce((a, v) => a + Math.ceil(v.records / batch), 0);
  const latency = assumptions?.latencyMs ?? ASSUMED_LATENCY_MS;
  const measured = assumptions?.latencyMs !== undefined;
  const byMinute = requests / perMinute;
  const byHour = assumptions?.perHour ? (requests / assumptions.perHour) * 60 : 0;
  const byLatency = (requests * latency) / 60_000;
  const minutes = Math.max(byMinute, byHour, byLatency);
  const what = used.length === 1 ? `${fmt(records)} ${used[0].entity} records` : `${fmt(records)} records (${used.slice(0, 4).map((v) => `${fmt(v.records)} ${v.entity}`).join(', ')}${used.length > 4 ? ', …' : ''})`;
  const bound = byLatency > byMinute && byLatency >= byHour ? 'latency' : byHour > byMinute ? 'hour' : 'minute';
  const pace =
    minutes < 1 || bound === 'minute'
      ? ''
      : bound === 'latency'
        ? `; at ${measured ? 'a measured' : 'an assumed'} ${latency} ms per request the round trips, not the rate limit, set the pace`
        : `; the hourly limit of ${fmt(assumptions?.perHour ?? 0)} requests sets the pace`;
  const text = `${what} at ${fmt(perMinute)} requests/min in batches of ${fmt(batch)} ≈ ${duration(minutes)}${pace}`;
  const explanation = [
    `Push: ${fmt(requests)} batch requests of up to ${fmt(batch)} records (${used.map((v) => `${v.entity} ${fmt(Math.ceil(v.records / batch))}`).join(', ')}).`,
    `Push: rate limit ${fmt(perMinute)}/min → ${duration(byMinute)}${assumptions?.perHour ? `; ${fmt(assumptions.perHour)}/hour → ${duration(byHour)}` : ''}; ${measured ? 'measured' : 'assumed'} ${latency} ms per request, one at a time → ${duration(byLatency)}; the slowest of these is the estimate.`,
  ];
  return { minutes, requests, records, text, explanation };
}

/** "1 min" (at least), "4 min", "2 h 05 min", "3.5 days": rounded up, since a push is never quicker than its requests. */
export function duration(minutes: number): string {
  if (minutes < 60) return `${Math.max(1, Math.ceil(minutes - 1e-9))} min`;
  if (minutes < 48 * 60) {
    const total = Math.ceil(minutes);
    return `${Math.floor(total / 60)} h ${String(total % 60).padStart(2, '0')} min`;
  }
  return `${(Math.ceil((minutes / 1440) * 10) / 10).toLocaleString('en')} days`;
}

function fmt(n: number): string {
  return n.toLocaleString('en');
}
