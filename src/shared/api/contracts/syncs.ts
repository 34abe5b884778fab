import { z } from 'zod';
import { CHANGE_KINDS, CONFLICT_POLICIES, CURSOR_KINDS, FIELD_OWNERS, SYNC_DIRECTIONS, SYNC_TYPES, type SyncChangePage, type SyncConflict, type SyncDefinition, type SyncDefinitionInput, type SyncOutcome, type SyncRunInfo, type SyncWriteBack } from '../../model/sync';
import type { SyncEventsOverview } from '../../model/sync-events';
import { defineService, method, type ServiceOf } from '../contract';
import { id } from './common';

const name = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, space, dot, underscore and hyphen, starting with a letter or digit');
const entityName = z.string().min(1).max(80);
const share = z.number().min(0).max(1).nullable();
const thresholds = z.object(Object.fromEntries(CHANGE_KINDS.map((k) => [k, share.optional()])) as Record<(typeof CHANGE_KINDS)[number], z.ZodOptional<typeof share>>).strict();
const fieldName = z.string().min(1).max(120);

const twoWay = z
  .object({
    owners: z.record(fieldName, z.enum(FIELD_OWNERS)).optional(),
    defaultOwner: z.enum(FIELD_OWNERS).optional(),
    policy: z.enum(CONFLICT_POLICIES).optional(),
    sourceChangedAt: z.string().min(1).max(200).optional(),
    writeBack: z.array(fieldName).max(200).optional(),
  })
  .strict();

const syncEntity = z
  .object({
    entity: entityName,
    twoWay: twoWay.optional(),
    mode: z.enum(SYNC_TYPES).optional(),
    cursor: z.object({ column: z.string().min(1).max(200), kind: z.enum(CURSOR_KINDS), lookBack: z.number().min(0).max(1e15) }).strict().optional(),
    deletes: z
      .discriminatedUnion('policy', [
        z.object({ policy: z.literal('delete') }).strict(),
        z.object({ policy: z.literal('withdraw'), dateField: fieldName.optional(), statusField: fieldName.optional(), statusValue: z.string().min(1).max(120).optional() }).strict(),
      ])
      .optional(),
  })
  .strict();

const schedule = z
  .object({
    cron: z.string().min(1).max(200).nullable().optional(),
    timezone: z.string().min(1).max(80).optional(),
    blackouts: z.array(z.object({ from: z.string().min(4).max(40), to: z.string().min(4).max(40), label: z.string().max(200) }).strict()).max(100).optional(),
    missedPolicy: z.enum(['skip', 'runOnce']).optional(),
  })
  .strict();

/** Event-driven settings; addresses, ports and intervals are checked by the engine (SYNC_INVALID, naming the field). */
const events = z
  .object({
    webhook: z
      .object({ host: z.string().min(1).max(255).optional(), port: z.number().int().min(0).max(65535).optional(), path: z.string().min(1).max(200).optional() })
      .strict()
      .nullable()
      .optional(),
    feed: z.object({ intervalSeconds: z.number().int().min(1).max(86_400).optional() }).strict().nullable().optional(),
  })
  .strict();

export const syncDefinitionSchema = z
  .object({
    name,
    type: z.enum(SYNC_TYPES),
    direction: z.enum(SYNC_DIRECTIONS).optional(),
    entities: z.array(syncEntity).min(1).max(50),
    sourceTimeZone: z.string().min(1).max(80).optional(),
    schedule: schedule.optional(),
    gate: z.object({ default: thresholds.optional(), entities: z.record(entityName, thresholds).optional() }).strict().optional(),
    events: events.nullable().optional(),
  })
  .strict() satisfies z.ZodType<SyncDefinitionInput, unknown>;

/** Ongoing syncs (issue 19): definitions kept in the project file, runs with their change sets, and the change gate. */
export const syncsContract = defineService({
  /** Saves a new sync definition (SYNC_INVALID when its entities, cursors or delete policies do not fit the mappings and the target's model). Audited. */
  define: method(syncDefinitionSchema).returns<SyncDefinition>(),
  /** Replaces a definition's settings (its run history and cursors are kept). Audited. */
  update: method(syncDefinitionSchema).returns<SyncDefinition>(),
  list: method(z.object({}).strict()).returns<SyncDefinition[]>(),
  get: method(z.object({ name }).strict()).returns<SyncDefinition>(),
  /** Removes a definition and its cursors; its runs stay in the history. Audited. */
  remove: method(z.object({ name }).strict()).returns<void>(),
  /**
   * Runs a sync now and answers when it ended or was held by its change gate (status `Paused`,
   * `held` says why in plain words). Progress arrives as `run.*` events under the run id.
   */
  run: method(z.object({ name }).strict()).returns<SyncOutcome>(),
  /** Approves a held run's category (`students.deletes`), or every held category; once none is left the held change set is pushed. Audited. */
  approve: method(z.object({ runId: id, category: z.string().min(1).max(200).optional() }).strict()).returns<SyncOutcome>(),
  /** The sync runs, newest first (of one definition with `name`). */
  runs: method(z.object({ name: name.optional(), limit: z.number().int().min(1).max(1000).optional() }).strict()).returns<SyncRunInfo[]>(),
  /** A page of a run's change set (of one entity with `entity`); personal values masked as in previews. */
  changeSet: method(z.object({ runId: id, entity: entityName.optional(), limit: z.number().int().min(1).max(1000).optional(), offset: z.number().int().min(0).optional() }).strict()).returns<SyncChangePage>(),
  /**
   * Two-way conflicts, newest first: `pending` (default: open and decided, not applied yet),
   * `open`, `decided` or `applied` (also those a policy settled); of one definition with `name`.
   */
  conflicts: method(z.object({ name: name.optional(), status: z.enum(['pending', 'open', 'decided', 'applied']).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict()).returns<SyncConflict[]>(),
  /**
   * A person's decision on a conflict: keep the source's value, Academia Pro's, or a typed one
   * (`keep: 'value'` with `value`). The next run of the sync gives it to both sides. Audited.
   */
  resolve: method(z.object({ conflictId: z.string().min(1).max(80), keep: z.enum(['source', 'target', 'value']), value: z.unknown().optional() }).strict()).returns<SyncConflict>(),
  /** What a two-way run wrote back (or is to write back) into the legacy source. */
  writeBacks: method(z.object({ runId: id }).strict()).returns<SyncWriteBack[]>(),
  /** The event-driven syncs' receivers (address, state), the events feed, each sync's last event, and the events refused lately. */
  events: method(z.object({}).strict()).returns<SyncEventsOverview>(),
  /**
   * Stores the secret Academia Pro signs a sync's webhook deliveries with, in the project's vault
   * (the receiver starts, or takes it at once). Never answered back. Audited (without the value).
   */
  setEventSecret: method(z.object({ name, secret: z.string().min(16).max(500) }).strict()).returns<void>(),
});

export type SyncsService = ServiceOf<typeof syncsContract>;
