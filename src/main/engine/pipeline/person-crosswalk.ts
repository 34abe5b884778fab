import { StudioError } from '../../../shared/errors';
import type { MatchDecision, SurvivorRule } from '../../../shared/model/assessment';
import type { StreamInfo } from '../../../shared/model/connection';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { RunEventLevel } from '../../../shared/model/run';
import { recognisePeopleTables } from '../assessment/matching/person-columns';
import { showKey, tupleText } from '../values/key-text';
import type { SourceConnector } from '../connectors/connector';
import { looselySameStream } from '../mapping/adopt-fix';
import { mapRow } from '../mapping/map-row';
import type { TargetContract } from '../../../academia-api/contract';
import { decisionsForStream, keysToCollect, planPersonMerge, type DecisionsForStream, type MemberRecord, type PersonMergePlan } from './person-merge';

/** What the run needs to know to apply the person crosswalk (the project's saved decisions). */
export interface PersonDecisionSource {
  /** Reviewers' decisions on duplicate pairs of a connection's tables. */
  decisions(connectionId: string): MatchDecision[];
  /** The project's survivor rule. */
  survivorRule: SurvivorRule;
  /** The connection's last saved catalog (its declared keys name the records), or null. */
  savedStreams(connectionId: string): Promise<StreamInfo[] | null>;
}

/** A people table whose confirmed pairs the `merge-people` stage resolves while its entity is read. */
export interface PeopleTable {
  entity: string;
  table: string;
  decisions: DecisionsForStream;
  /** The person keys of every record of a `same` pair. */
  wanted: Set<string>;
  /** The columns the assessment named records by (declared key, else the mapping's key). */
  keyColumns: string[];
  /** The column saying when a record last changed (for the `most-recent` rule), if recognised. */
  updated: string | null;
  rule: SurvivorRule;
}

/**
 * The person crosswalk of one run: the plan of every people entity (duplicates → survivors), and
 * the tables whose plan the `merge-people` stage still has to make. A plan is made from the
 * run's own read of the entity (the stage holds back the few rows of confirmed pairs, then
 * decides), so the source is read once. Only an entity the run needs merged but does not read
 * itself first (it is not in the run, or an entity earlier in the run references it) is read
 * up front, once, for just those rows.
 */
export class PersonCrosswalk {
  private readonly plans = new Map<string, PersonMergePlan>();

  constructor(
    private readonly contract: TargetContract,
    private readonly pending: Map<string, PeopleTable> = new Map(),
  ) {}

  /** The table the stage must resolve for `entity` while reading it, if any. */
  people(entity: string): PeopleTable | undefined {
    return this.plans.has(entity) ? undefined : this.pending.get(entity);
  }

  plan(entity: string): PersonMergePlan | undefined {
    return this.plans.get(entity);
  }

  setPlan(plan: PersonMergePlan): void {
    this.plans.set(plan.entity, plan);
  }

  /** The fields of `entity` that reference a merged people entity, with that entity's plan. */
  referenceFields(entity: string): { field: string; plan: PersonMergePlan }[] {
    if (!this.contract.hasEntity(entity)) return [];
    return this.contract
      .entity(entity)
      .references.filter((r) => r.entity !== entity && this.plans.get(r.entity)?.mergedInto.size)
      .map((r) => ({ field: r.field, plan: this.plans.get(r.entity)! }));
  }
}

/** A run with no decisions to apply. */
export function noPersonCrosswalk(contract: TargetContract): PersonCrosswalk {
  return new PersonCrosswalk(contract);
}

/** The person key of a source row, as the assessment named it, or null when its key is blank. */
export function personKeyOf(row: Record<string, unknown>, keyColumns: readonly string[]): string | null {
  const text = tupleText(keyColumns.map((c) => row[c]));
  return text === null ? null : showKey(text);
}

/** A record of a confirmed pair, with the facts the survivor rule weighs. */
export function memberOf(personKey: string, row: Record<string, unknown>, externalId: string, record: Record<string, unknown>, updated: string | null): MemberRecord {
  let filled = 0;
  for (const v of Object.values(row)) if (v !== null && v !== undefined && String(v).trim() !== '') filled++;
  const stamp = updated ? row[updated] : null;
  return { personKey, externalId, record, facts: { filled, updated: stamp === null || stamp === undefined ? null : String(stamp) } };
}

/** What the crosswalk could not apply, said once per people entity. */
export function logUnapplied(plan: PersonMergePlan, log: (level: RunEventLevel, entity: string | null, message: string) => void): void {
  const u = plan.unapplied;
  const notes: string[] = [];
  if (u.missing) notes.push(`${u.missing} confirmed pair(s) name a record that is no longer in the source or that the mapping skips`);
  if (u.conflicts) notes.push(`${u.conflicts} decision(s) contradict others (records marked as different people would end up in one cluster)`);
  if (u.crossTable) notes.push(`${u.crossTable} pair(s) span two tables, which load as different entities and stay apart`);
  if (u.positional) notes.push(`${u.positional} pair(s) name rows by position because the table declares no key, so they cannot be found again`);
  if (notes.length) log('warning', plan.entity, `Person crosswalk: ${notes.join('; ')}. Review these pairs on the Assessment screen.`);
}

/**
 * Prepares the person crosswalk of a run, before any entity is read. For each mapping whose table
 * has confirmed duplicate pairs, and whose entity is in the run or referenced by an entity in it:
 * pairs that cannot be applied are planned at once; pairs the run can resolve while reading the
 * entity are left to its `merge-people` stage; and only when the run needs the plan before it
 * reads the entity (or never reads it) does one streamed read collect just the rows of the
 * confirmed pairs, stopping as soon as every wanted row was seen.
 */
export async function preparePersonCrosswalk(input: {
  mappings: EntityMapping[];
  /** The run's entities, in load order. */
  entities: string[];
  contract: TargetContract;
  source: PersonDecisionSource;
  openSource(connectionId: string): Promise<SourceConnector>;
  readBatchSize: number;
  signal: AbortSignal;
  log(level: RunEventLevel, entity: string | null, message: string): void;
}): Promise<PersonCrosswalk> {
  const { contract, entities } = input;
  const referencesOf = (e: string) => (contract.hasEntity(e) ? contract.entity(e).references.map((r) => r.entity) : []);
  const referenced = new Set(entities.flatMap(referencesOf));
  const pending = new Map<string, PeopleTable>();
  const crosswalk = new PersonCrosswalk(contract, pending);
  for (const mapping of input.mappings) {
    const position = entities.indexOf(mapping.entity);
    if (position < 0 && !referenced.has(mapping.entity)) continue;
    const all = input.source.decisions(mapping.connectionId);
    const tables = [...new Set(all.map((d) => d.table))];
    const table = tables.find((t) => t === mapping.stream) ?? tables.find((t) => looselySameStream(t, mapping.stream));
    if (table === undefined) continue;
    const decisions = decisionsForStream(all, table);
    const wanted = keysToCollect(decisions.decisions);
    const rule = input.source.survivorRule;
    if (!wanted.size) {
      if (decisions.crossTable || decisions.positional) addPlan(crosswalk, planPersonMerge({ entity: mapping.entity, table, decisions, rule, members: new Map() }), input.log);
      continue;
    }
    const stream = await streamInfo(input, mapping, table);
    // The assessment named records by the declared key; without one, by the mapping's key.
    const people: PeopleTable = {
      entity: mapping.entity,
      table,
      decisions,
      wanted,
      keyColumns: stream?.primaryKey.length ? stream.primaryKey : mapping.keyColumns,
      updated: stream ? (recognisePeopleTables([stream])[0]?.updated ?? null) : null,
      rule,
    };
    const neededEarlier = position < 0 || entities.slice(0, position).some((e) => referencesOf(e).includes(mapping.entity));
    if (!neededEarlier) {
      pending.set(mapping.entity, people);
      continue;
    }
    const members = await collectMembers(input, mapping, people);
    addPlan(crosswalk, planPersonMerge({ entity: mapping.entity, table, decisions, rule, members }), input.log);
  }
  return crosswalk;
}

function addPlan(crosswalk: PersonCrosswalk, plan: PersonMergePlan, log: (level: RunEventLevel, entity: string | null, message: string) => void): void {
  crosswalk.setPlan(plan);
  logUnapplied(plan, log);
}

/** One read of an entity the run does not read (first): just the rows of its confirmed pairs. */
async function collectMembers(input: Parameters<typeof preparePersonCrosswalk>[0], mapping: EntityMapping, people: PeopleTable): Promise<Map<string, MemberRecord>> {
  const members = new Map<string, MemberRecord>();
  const source = await input.openSource(mapping.connectionId);
  try {
    for await (const batch of source.read(mapping.stream, { batchSize: input.readBatchSize, signal: input.signal })) {
      if (input.signal.aborted) throw new StudioError('CANCELLED', 'The run was cancelled.', 'Start it again when ready; nothing pushed is lost.');
      for (const row of batch) {
        const personKey = personKeyOf(row, people.keyColumns);
        if (personKey === null || !people.wanted.has(personKey) || members.has(personKey)) continue;
        const mapped = mapRow(mapping, row);
        // A row the mapping skips (an applicant, say) cannot survive or be merged: its pairs stay apart.
        if (mapped.skipped || !mapped.externalId) continue;
        members.set(personKey, memberOf(personKey, row, mapped.externalId, mapped.record, people.updated));
      }
      if (members.size === people.wanted.size) break;
    }
  } finally {
    await source.close();
  }
  return members;
}

/** The table's catalog entry: the saved catalog first; the source is asked only when there is none. */
async function streamInfo(input: Parameters<typeof preparePersonCrosswalk>[0], mapping: EntityMapping, table: string): Promise<StreamInfo | null> {
  const pick = (streams: StreamInfo[]) => streams.find((s) => s.name === mapping.stream) ?? streams.find((s) => s.name === table) ?? null;
  const saved = await input.source.savedStreams(mapping.connectionId);
  const fromCatalog = saved ? pick(saved) : null;
  if (fromCatalog) return fromCatalog;
  const source = await input.openSource(mapping.connectionId);
  try {
    return pick(await source.discover());
  } finally {
    await source.close();
  }
}
