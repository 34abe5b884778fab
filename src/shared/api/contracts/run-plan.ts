import { z } from 'zod';

/**
 * The plan shown before a run starts (issue 18 points 1 and 9): the entities in load order, the
 * rows each would read, and how long the run should take, from the target's announced limits
 * (`GET /api/<version>`: requests per minute and per hour) and the latency measured on earlier
 * calls (monitoring). Kept in a module of its own (schemas and types together) so runs.ts only
 * names it.
 */
export const runPlanRequestSchema = z.object({ entities: z.array(z.string().min(1).max(200)).optional(), dryRun: z.boolean().optional() }).strict();

/** One entity of the plan. */
export interface RunPlanEntity {
  entity: string;
  /** The stream it reads (`connection stream`), as the mapping names it. */
  stream: string;
  /** Rows the source holds (a file's are estimated from its size and a sample); null when the source cannot say before reading. */
  rows: number | null;
  /** Whether `rows` is an estimate (a file) rather than a count. */
  estimated: boolean;
  /** Requests the run would send for it (pushes in batches, reads for pre-images and the read-back). */
  requests: number;
  /** Seconds it should take. */
  seconds: number;
}

/** What the estimate was made from. */
export interface RunPlanBasis {
  /** The target's announced limits (null: not known, the target never answered `GET /api/<version>`). */
  perMinute: number | null;
  perHour: number | null;
  /** Typical time of one call (the median of the calls measured over the last 7 days), ms. */
  latencyMs: number;
  /** `measured` from monitoring, `check` from the target's last connection test, `assumed` when neither had anything. */
  latencySource: 'measured' | 'check' | 'assumed';
  /** Records per push request and requests in flight at once. */
  batchSize: number;
  inFlight: number;
  /** Rows a second the studio reads, maps, validates and stages (the local part of the run). */
  localRowsPerSecond: number;
}

/** `runs.plan`: the plan and the time it should take. */
export interface RunPlanPreview {
  dryRun: boolean;
  entities: RunPlanEntity[];
  rows: number;
  requests: number;
  /** Seconds the whole run should take. */
  seconds: number;
  /** Of those, seconds spent waiting for the target's rate limit (0 when the limits allow the run at full speed). */
  rateLimitedSeconds: number;
  basis: RunPlanBasis;
  /** When the estimate was made (ISO 8601). */
  estimatedAt: string;
}
