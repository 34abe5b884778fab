import { z } from 'zod';
import { CONNECTION_KINDS } from '../model/connection';
import type { ServiceName } from './services';

/**
 * Request schemas, one per method. The engine validates every request against these at its
 * edge, so a malformed request gets a typed BAD_REQUEST instead of reaching the services.
 * Methods without parameters take no argument.
 */
const none = z.undefined().or(z.object({}).strict());
const id = z.string().min(1).max(200);
const path = z.string().min(1).max(4096);

export const requestSchemas = {
  projects: {
    current: none,
    create: z.object({ path, name: z.string().min(1).max(200).optional() }).strict(),
    open: z.object({ path }).strict(),
    openDemo: z.object({ path: path.optional() }).strict(),
    close: none,
    recent: none,
    export: z.object({ path }).strict(),
  },
  connections: {
    list: none,
    add: z
      .object({
        name: z.string().min(1).max(200),
        kind: z.enum(CONNECTION_KINDS).optional(),
        location: z.string().min(1).max(4096),
        options: z.object({ encoding: z.string().min(1).max(64), delimiter: z.string().min(1).max(16), quote: z.string().min(1).max(4), headerRow: z.number().int().min(1).max(1_000_000), recordPath: z.string().min(1).max(1000) }).partial().strict().optional(),
      })
      .strict(),
    remove: z.object({ id }).strict(),
    setSecret: z.object({ id, secret: z.string().min(1).max(4096) }).strict(),
    test: z.object({ id }).strict(),
    discover: z.object({ id }).strict(),
    catalog: z.object({ id }).strict(),
    preview: z.object({ id, stream: z.string().min(1).max(1000), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  },
  mappings: {
    list: none,
    get: z.object({ id }).strict(),
    adoptFix: z.object({ assessmentId: id, code: z.string().min(1).max(100), table: z.string().min(1).max(300), column: z.string().min(1).max(300).nullable() }).strict(),
  },
  runs: {
    start: z.object({ entities: z.array(z.string().min(1)).optional(), dryRun: z.boolean().optional() }).strict(),
    list: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    get: z.object({ runId: id }).strict(),
    cancel: z.object({ runId: id }).strict(),
    events: z.object({ runId: id, afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  },
  settings: {
    get: none,
    update: z
      .object({
        theme: z.enum(['light', 'dark', 'system']).optional(),
        maskPersonalData: z.boolean().optional(),
        batchSize: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    target: none,
  },
  targets: {
    get: none,
    save: z
      .object({
        name: z.string().min(1).max(200),
        kind: z.enum(['embedded-sandbox', 'remote']),
        baseUrl: z.string().url().max(2000).nullable(),
        apiVersion: z.enum(['v1', 'v2']),
        auth: z.enum(['oauth2', 'api-key', 'jwt']),
        clientId: z.string().min(1).max(200).nullable(),
        schoolId: z.string().min(1).max(200),
      })
      .strict(),
    setSecret: z.object({ secret: z.string().min(1).max(4096) }).strict(),
    forgetSecret: none,
    test: none,
    history: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    requestStats: z.object({ runId: id }).strict(),
  },
  sandboxAdmin: {
    overview: none,
    setAdminToken: z.object({ token: z.string().min(1).max(4096) }).strict(),
    setVersionStatus: z.object({ version: z.string().min(1).max(20), status: z.enum(['Development', 'Testing', 'Production', 'Deprecated']), sunsetAt: z.string().datetime({ offset: true }).optional() }).strict(),
    revokeClient: z.object({ clientId: id }).strict(),
    updateThrottleRule: z.object({ id, perMinute: z.number().int().min(1).max(1_000_000), perHour: z.number().int().min(1).max(100_000_000), description: z.string().max(500).optional() }).strict(),
    createThrottleException: z
      .object({
        clientId: id,
        perMinute: z.number().int().min(1).max(1_000_000),
        perHour: z.number().int().min(1).max(100_000_000),
        startsAt: z.string().datetime({ offset: true }),
        endsAt: z.string().datetime({ offset: true }),
        reason: z.string().max(500).optional(),
      })
      .strict(),
    deleteThrottleException: z.object({ id }).strict(),
  },
  assessment: {
    start: z.object({ connectionId: id }).strict(),
    list: none,
    get: z.object({ assessmentId: id }).strict(),
    cancel: z.object({ assessmentId: id }).strict(),
    decide: z
      .object({ assessmentId: id, table: z.string().min(1).max(300), left: z.string().min(1).max(600), right: z.string().min(1).max(600), decision: z.enum(['same', 'different']).nullable() })
      .strict(),
    setSurvivorRule: z.object({ rule: z.enum(['most-recent', 'most-complete', 'keep-left']) }).strict(),
    report: z.object({ assessmentId: id, format: z.enum(['html', 'pdf', 'csv']) }).strict(),
  },
  audit: {
    list: z
      .object({
        action: z.string().max(100).optional(),
        object: z.string().max(300).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        beforeSeq: z.number().int().min(1).optional(),
      })
      .strict(),
    verify: none,
  },
  system: {
    info: none,
  },
  files: {
    browse: z.object({ path: path.optional() }).strict(),
    grant: z.object({ path }).strict(),
  },
} satisfies Record<ServiceName, Record<string, z.ZodType>>;
