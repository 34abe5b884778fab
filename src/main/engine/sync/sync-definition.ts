import { Cron } from 'croner';
import type { TargetContract } from '../../../academia-api/contract';
import { StudioError } from '../../../shared/errors';
import type { StreamInfo } from '../../../shared/model/connection';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { SyncDefinitionInput, SyncEntity, SyncSchedule, SyncType } from '../../../shared/model/sync';
import type { DefinitionSettings } from '../project/sync-repo';
import { isTimeZone } from '../pipeline/stages/cursor/cursor-values';
import { DEFAULT_GATE } from './change-gate';
import { normaliseEventSettings } from './events/event-settings';
import { withdrawalFields } from './withdrawal';
import { checkTwoWay } from './two-way/two-way-definition';

export const DEFAULT_SCHEDULE: SyncSchedule = { cron: null, timezone: 'UTC', blackouts: [], missedPolicy: 'skip' };

/** What a definition is checked against: the mappings, the target's model and the saved catalogs. */
export interface DefinitionEnv {
  mappings: EntityMapping[];
  contract: TargetContract;
  /** The last discovery of a connection (null: never discovered, so columns are checked when read). */
  catalog(connectionId: string): StreamInfo[] | null;
}

/** An entity's mode: its own, or the definition's type. */
export function modeOf(def: { type: SyncType }, e: SyncEntity): SyncType {
  return e.mode ?? def.type;
}

/**
 * A definition as stored: defaults filled in (one-way, UTC, no schedule, the gate's defaults,
 * delete policy `delete`), and every part checked against the project so a sync that cannot run
 * is refused when it is defined, with the place and what to do (SYNC_INVALID): each entity
 * mapped and known to the target, once; an incremental entity with a cursor column its stream
 * has; a withdraw policy the model can carry out; time zones Intl knows; a cron croner reads;
 * blackout windows that end after they start; event settings a receiver and a feed can use
 * (events/event-settings.ts).
 */
export function normaliseDefinition(input: SyncDefinitionInput, env: DefinitionEnv): DefinitionSettings {
  const seen = new Set<string>();
  const entities: SyncEntity[] = input.entities.map((e) => {
    if (seen.has(e.entity)) throw invalid(`The sync names ${e.entity} twice.`, 'Give each entity once, with its mode.');
    seen.add(e.entity);
    if (!env.contract.hasEntity(e.entity)) throw invalid(`Academia Pro API ${env.contract.version} has no entity "${e.entity}".`, `Entities: ${env.contract.entities.map((x) => x.name).join(', ')}.`);
    const mapping = env.mappings.find((m) => m.entity === e.entity);
    if (!mapping) throw invalid(`No mapping feeds ${e.entity}, so there is nothing to sync it from.`, `Map a source table onto ${e.entity} first, or leave it out. Mapped: ${env.mappings.map((m) => m.entity).join(', ') || 'none'}.`);
    const mode = modeOf(input, e);
    if (mode === 'Incremental') {
      if (!e.cursor) throw invalid(`${e.entity} is incremental but has no cursor column.`, 'Give the column that grows with each change (updated_at, a rowversion, an auto-increment id), or use Delta, which needs none.');
      const columns = env.catalog(mapping.connectionId)?.find((s) => s.name === mapping.stream)?.columns;
      if (columns && !columns.some((c) => c.name === e.cursor!.column)) {
        throw new StudioError('SYNC_INVALID', `${mapping.stream} has no column "${e.cursor.column}" to follow ${e.entity}'s changes by.`, `Its columns: ${columns.map((c) => c.name).join(', ')}.`, { where: { table: mapping.stream, column: e.cursor.column } });
      }
    }
    const deletes = e.deletes ?? { policy: 'delete' as const };
    if (deletes.policy === 'withdraw') withdrawalFields(env.contract.entity(e.entity), deletes);
    const twoWay = checkTwoWay(e, mapping, env.contract);
    return { entity: e.entity, mode, ...(e.cursor ? { cursor: e.cursor } : {}), deletes, ...(twoWay ? { twoWay } : {}) };
  });
  const sourceTimeZone = input.sourceTimeZone ?? 'UTC';
  if (!isTimeZone(sourceTimeZone)) throw invalid(`"${sourceTimeZone}" is not a time zone.`, 'Give an IANA zone such as Europe/London or America/New_York.');
  const schedule: SyncSchedule = { ...DEFAULT_SCHEDULE, ...input.schedule, cron: input.schedule?.cron ?? null, blackouts: input.schedule?.blackouts ?? [] };
  if (!isTimeZone(schedule.timezone)) throw invalid(`"${schedule.timezone}" is not a time zone.`, 'Give an IANA zone such as Europe/London for the schedule.');
  if (schedule.cron) {
    try {
      new Cron(schedule.cron, { paused: true, timezone: schedule.timezone });
    } catch (err) {
      throw invalid(`"${schedule.cron}" is not a schedule: ${err instanceof Error ? err.message : String(err)}.`, 'Give a cron expression such as "0 2 * * *" (every night at 02:00).');
    }
  }
  for (const b of schedule.blackouts) {
    const from = Date.parse(b.from);
    const to = Date.parse(b.to);
    if (Number.isNaN(from) || Number.isNaN(to)) throw invalid(`The blackout "${b.label}" (${b.from} – ${b.to}) is not two dates.`, 'Give both ends as ISO 8601 dates, e.g. 2027-07-20.');
    if (to < from) throw invalid(`The blackout "${b.label}" ends before it starts.`, 'Give its start first.');
  }
  return {
    name: input.name,
    type: input.type,
    direction: input.direction ?? 'one-way',
    entities,
    sourceTimeZone,
    schedule,
    gate: { default: { ...DEFAULT_GATE, ...input.gate?.default }, ...(input.gate?.entities ? { entities: input.gate.entities } : {}) },
    events: normaliseEventSettings(input.events),
  };
}

function invalid(message: string, hint: string): StudioError {
  return new StudioError('SYNC_INVALID', message, hint);
}
