import { StudioError } from '../../../shared/errors';
import type { MatchDecision, SurvivorRule } from '../../../shared/model/assessment';
import type { StreamInfo } from '../../../shared/model/connection';
import type { EntityMapping } from '../../../shared/model/mapping';
import { recognisePeopleTables } from '../assessment/matching/person-columns';
import { showKey, tupleText } from '../assessment/relationships/key-text';
import type { SourceConnector } from '../connectors/connector';
import { looselySameStream } from '../mapping/adopt-fix';
import { mapRow } from '../mapping/map-row';
import type { TargetContract } from '../target/contract';
import { decisionsForStream, keysToCollect, planPersonMerge, type MemberRecord, type PersonMergePlan } from './person-merge';

/** What the run needs to know to apply the person crosswalk (the project's saved decisions). */
export interface PersonDecisionSource {
  /** Reviewers' decisions on duplicate pairs of a connection's tables. */
  decisions(connectionId: string): MatchDecision[];
  /** The project's survivor rule. */
  survivorRule: SurvivorRule;
  /** The connection's last saved catalog (its declared keys name the records), or null. */
  savedStreams(connectionId: string): Promise<StreamInfo[] | null>;
}

/** The plans of a run, by entity, and how each entity's reference fields reach them. */
export interface RunPersonMerges {
  plans: Map<string, PersonMergePlan>;
  /** The fields of `entity` that reference a merged people entity, with that entity's plan. */
  referenceFields(entity: string): { field: string; plan: PersonMergePlan }[];
}

/**
 * Prepares the person crosswalk for a run, before any entity is read: for each mapping whose
 * table has confirmed duplicate pairs, and whose entity is in the run or referenced by an entity
 * in it, one streamed read collects just the rows of the confirmed pairs (a few per cluster, so
 * memory stays small whatever the table's size) and turns the decisions into a plan. The read
 * stops as soon as every wanted row was seen.
 */
export async function preparePersonMerges(input: {
  mappings: EntityMapping[];
  entities: string[];
  contract: TargetContract;
  source: PersonDecisionSource;
  openSource(connectionId: string): Promise<SourceConnector>;
  readBatchSize: number;
  signal: AbortSignal;
}): Promise<RunPersonMerges> {
  const { contract } = input;
  const referenced = new Set(input.entities.flatMap((e) => (contract.hasEntity(e) ? contract.entity(e).references.map((r) => r.entity) : [])));
  const plans = new Map<string, PersonMergePlan>();
  for (const mapping of input.mappings) {
    if (!input.entities.includes(mapping.entity) && !referenced.has(mapping.entity)) continue;
    const all = input.source.decisions(mapping.connectionId);
    const table = [...new Set(all.map((d) => d.table))].find((t) => t === mapping.stream) ?? [...new Set(all.map((d) => d.table))].find((t) => looselySameStream(t, mapping.stream));
    if (table === undefined) continue;
    const decisions = decisionsForStream(all, table);
    const wanted = keysToCollect(decisions.decisions);
    if (!wanted.size) {
      if (decisions.crossTable || decisions.positional) plans.set(mapping.entity, planPersonMerge({ entity: mapping.entity, table, decisions, rule: input.source.survivorRule, members: new Map() }));
      continue;
    }
    const members = await collectMembers(input, mapping, table, wanted);
    plans.set(mapping.entity, planPersonMerge({ entity: mapping.entity, table, decisions, rule: input.source.survivorRule, members }));
  }
  return {
    plans,
    referenceFields(entity) {
      if (!contract.hasEntity(entity)) return [];
      return contract
        .entity(entity)
        .references.filter((r) => r.entity !== entity && plans.get(r.entity)?.mergedInto.size)
        .map((r) => ({ field: r.field, plan: plans.get(r.entity)! }));
    },
  };
}

async function collectMembers(input: Parameters<typeof preparePersonMerges>[0], mapping: EntityMapping, table: string, wanted: Set<string>): Promise<Map<string, MemberRecord>> {
  const members = new Map<string, MemberRecord>();
  const source = await input.openSource(mapping.connectionId);
  try {
    const stream = await streamInfo(input.source, source, mapping.connectionId, mapping.stream, table);
    // The assessment named records by the declared key; without one, by the mapping's key.
    const keyColumns = stream?.primaryKey.length ? stream.primaryKey : mapping.keyColumns;
    const updated = stream ? (recognisePeopleTables([stream])[0]?.updated ?? null) : null;
    for await (const batch of source.read(mapping.stream, { batchSize: input.readBatchSize, signal: input.signal })) {
      if (input.signal.aborted) throw new StudioError('CANCELLED', 'The run was cancelled.', 'Start it again when ready; nothing pushed is lost.');
      for (const row of batch) {
        const text = tupleText(keyColumns.map((c) => row[c]));
        if (text === null) continue;
        const personKey = showKey(text);
        if (!wanted.has(personKey) || members.has(personKey)) continue;
        const mapped = mapRow(mapping, row);
        // A row the mapping skips (an applicant, say) cannot survive or be merged: its pairs stay apart.
        if (mapped.skipped || !mapped.externalId) continue;
        let filled = 0;
        for (const v of Object.values(row)) if (v !== null && v !== undefined && String(v).trim() !== '') filled++;
        const stamp = updated ? row[updated] : null;
        members.set(personKey, { personKey, externalId: mapped.externalId, record: mapped.record, facts: { filled, updated: stamp === null || stamp === undefined ? null : String(stamp) } });
      }
      if (members.size === wanted.size) break;
    }
  } finally {
    await source.close();
  }
  return members;
}

async function streamInfo(decisions: PersonDecisionSource, source: SourceConnector, connectionId: string, stream: string, table: string): Promise<StreamInfo | null> {
  const pick = (streams: StreamInfo[]) => streams.find((s) => s.name === stream) ?? streams.find((s) => s.name === table) ?? null;
  const saved = await decisions.savedStreams(connectionId);
  const fromCatalog = saved ? pick(saved) : null;
  return fromCatalog ?? pick(await source.discover());
}
