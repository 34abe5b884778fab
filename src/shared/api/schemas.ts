import { z } from 'zod';
import { CONNECTION_KINDS } from '../model/connection';
import { CROSSWALK_NAME_MAX } from '../model/crosswalk';
import type { EntityMapping } from '../model/mapping';
import { fieldTransformSchema } from '../transforms/registry';
import { entityMappingInputSchema } from '../model/mapping-schema';
import type { ServiceName } from './services';
import { auditFileRequestSchemas } from './audit-files-contract';
import { sourcesRequestSchemas } from './sources-contract';
import { vaultRequestSchemas } from './vault-contract';

/**
 * Request schemas, one per method. The engine validates every request against these at its
 * edge, so a malformed request gets a typed BAD_REQUEST instead of reaching the services.
 * Methods without parameters take no argument.
 */
const none = z.undefined().or(z.object({}).strict());
const id = z.string().min(1).max(200);
const path = z.string().min(1).max(4096);
const crosswalkName = z.string().trim().min(1).max(CROSSWALK_NAME_MAX);

/**
 * A saved entity mapping (src/shared/model/mapping.ts). Its transforms are the discriminated union
 * derived from the registered transforms (src/shared/transforms/registry.ts), so a new transform
 * is accepted here without touching this file, and an unknown kind is refused by name.
 */
export const entityMappingSchema: z.ZodType<EntityMapping> = z.object({
  id,
  entity: z.string().min(1).max(200),
  connectionId: id,
  stream: z.string().min(1).max(1000),
  keyColumns: z.array(z.string().min(1).max(300)),
  fields: z.array(z.object({ field: z.string().min(1).max(300), column: z.string().min(1).max(300).nullable(), transforms: z.array(fieldTransformSchema) })),
  skipWhen: z.array(z.object({ column: z.string().min(1).max(300), values: z.array(z.string()) })).optional(),
  adoptedFixes: z.array(z.object({ code: z.string(), table: z.string(), column: z.string().nullable(), at: z.string() })).optional(),
  updatedAt: z.string(),
  // The plan's members (spec version 2), shaped as an edit carries them.
  specVersion: entityMappingInputSchema.shape.specVersion,
  joins: entityMappingInputSchema.shape.joins,
  filters: entityMappingInputSchema.shape.filters,
  fanOut: entityMappingInputSchema.shape.fanOut,
  rules: entityMappingInputSchema.shape.rules,
});

export const requestSchemas = {
  projects: {
    current: none,
    create: z.object({ path, name: z.string().min(1).max(200).optional() }).strict(),
    open: z.object({ path }).strict(),
    openDemo: z.object({ path: path.optional(), pupils: z.number().int().min(1).max(10_000_000).optional() }).strict(),
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
    crosswalks: none,
    crosswalk: z.object({ name: crosswalkName }).strict(),
    putCrosswalk: z
      .object({ name: crosswalkName, table: z.record(z.string().max(1000), z.string().max(1000)).refine((t) => Object.keys(t).length <= 100_000, 'A crosswalk holds at most 100,000 codes.'), description: z.string().max(1000).optional() })
      .strict(),
    create: z.object({ mapping: entityMappingInputSchema }).strict(),
    update: z.object({ id, mapping: entityMappingInputSchema }).strict(),
    delete: z.object({ id }).strict(),
    history: z.object({ id }).strict(),
    signOff: z.object({ id }).strict(),
    validate: z.union([z.object({ id }).strict(), z.object({ mapping: entityMappingInputSchema }).strict()]),
    describeOutput: z.union([z.object({ id }).strict(), z.object({ mapping: entityMappingInputSchema }).strict()]),
    byExample: z
      .object({
        examples: z.array(z.object({ input: z.string().max(1000), output: z.string().max(1000) }).strict()).min(1).max(3),
        rows: z.array(z.string().max(1000)).max(500),
      })
      .strict(),
    import: z.object({ mappings: z.array(entityMappingInputSchema.extend({ updatedAt: z.string().max(40).optional() })).min(1).max(1000), connectionId: id.optional() }).strict(),
    preview: z.union([z.object({ id, limit: z.number().int().min(1).max(1000).optional() }).strict(), z.object({ mapping: entityMappingInputSchema, limit: z.number().int().min(1).max(1000).optional() }).strict()]),
    suggest: z.object({ connectionId: id }).strict(),
    acceptSuggestions: z.object({ connectionId: id, minConfidence: z.number().min(0).max(1).optional() }).strict(),
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
        displayName: z.string().min(1).max(200).optional(),
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
    ...auditFileRequestSchemas,
  },
  system: {
    info: none,
  },
  files: {
    browse: z.object({ path: path.optional() }).strict(),
    grant: z.object({ path }).strict(),
  },
  migration: {
    status: none,
    setPlan: z
      .object({
        readinessThreshold: z.number().int().min(0).max(100).optional(),
        rejectLimit: z.number().min(0).max(1).optional(),
        freezeWindow: z.object({ from: z.string().max(40), to: z.string().max(40) }).strict().nullable().optional(),
      })
      .strict(),
  },
  sources: sourcesRequestSchemas,
  vault: vaultRequestSchemas,
} satisfies Record<ServiceName, Record<string, z.ZodType>>;
