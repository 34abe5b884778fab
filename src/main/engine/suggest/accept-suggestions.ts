import type { ColumnProfile } from '../../../shared/model/assessment';
import type { ColumnInfo, StreamInfo } from '../../../shared/model/connection';
import type { FieldMapping, FieldTransform, MappingFilter, MappingJoin } from '../../../shared/model/mapping';
import type { EntityMappingInput } from '../../../shared/model/mapping-api';
import type { EntitySuggestion, SuggestionLeftOut } from '../../../shared/model/suggestion';
import type { TargetModel, TargetModelEntity, TargetModelField } from '../../../shared/model/target-model';
import { VALUE_SYNONYMS } from './dictionary';
import { lookupFeed } from './lookup-joins';
import { enumMatch, enumOverlap } from './value-fit';

/** Below this, a suggested column is not taken by `--accept` unless the caller says otherwise. */
export const DEFAULT_ACCEPT_CONFIDENCE = 0.5;

/** A code table an accepted enum field translates through, saved as a named crosswalk. */
export interface SuggestedCrosswalk {
  name: string;
  table: Record<string, string>;
  description: string;
}

export interface AcceptedSuggestions {
  mappings: EntityMappingInput[];
  crosswalks: SuggestedCrosswalk[];
  leftOut: SuggestionLeftOut[];
}

export interface AcceptInput {
  entities: readonly EntitySuggestion[];
  streams: readonly StreamInfo[];
  profiles: readonly ColumnProfile[];
  model: TargetModel;
  connectionId: string;
  /** Fields and entities below this confidence are not taken (0–1). */
  minConfidence?: number;
  /** Entities the project already maps: references to them are fed. */
  mapped?: readonly string[];
}

/**
 * Turns suggestions into mappings a run can use, the way a person would finish them: each field
 * a suggested column at or above the confidence feeds, through the transforms its target type
 * needs (a reference as the referenced entity's key text, a date read in the formats the profile
 * saw, an enum through a crosswalk of the values the profile saw, a number sent as text where the
 * target wants a decimal string, text trimmed). An entity is left out, with the reason, when its
 * own confidence is too low, it has no key, or a required field has no column: a mapping that
 * would reject every row is not a mapping. Pure: the caller saves what it decides to.
 */
export function acceptSuggestions(input: AcceptInput): AcceptedSuggestions {
  const min = input.minConfidence ?? DEFAULT_ACCEPT_CONFIDENCE;
  const streams = new Map(input.streams.map((s) => [s.name, s]));
  const profiles = new Map(input.profiles.map((p) => [`${p.table}\u0000${p.column}`, p]));
  const mappings: EntityMappingInput[] = [];
  const crosswalks: SuggestedCrosswalk[] = [];
  const leftOut: SuggestionLeftOut[] = [];
  const accepted = new Map<string, EntityMappingInput>();

  for (const suggestion of input.entities) {
    const entity = input.model.entities.find((e) => e.name === suggestion.entity);
    const stream = streams.get(suggestion.table);
    if (!entity || !stream) continue;
    const leave = (reason: string) => leftOut.push({ entity: suggestion.entity, table: suggestion.table, reason });
    if (suggestion.confidence < min) {
      leave(`${suggestion.table} is only ${suggestion.confidence.toFixed(2)} likely to hold ${entity.name} (below ${min}).`);
      continue;
    }
    const keyColumns = suggestion.keyColumns.length ? suggestion.keyColumns : uniqueKey(stream, profiles);
    if (!keyColumns.length) {
      leave(`${suggestion.table} has no column that identifies a row, so its records would have no externalId.`);
      continue;
    }
    if (accepted.has(entity.name)) continue;
    const fields: FieldMapping[] = [];
    const unfed: string[] = [];
    const entityCrosswalks: SuggestedCrosswalk[] = [];
    // Streams the suggestion joins for fields the table has no column for (OneRoster's demographics).
    const joins: MappingJoin[] = (suggestion.joins ?? []).filter((j) => streams.has(j.stream)).map((j) => ({ ...j, on: j.on.map((o) => ({ ...o })) }));
    const profileOf = (table: string, column: string) => profiles.get(`${table}\u0000${column}`);
    const lookupContext = { streams, profile: profileOf };
    for (const f of entity.fields) {
      if (f.readOnly || f.name === 'externalId') continue;
      const s = suggestion.fields.find((x) => x.field === f.name);
      const found = s?.column && s.confidence >= min ? columnOf(s.column, stream, joins, streams, profileOf) : undefined;
      const column = found?.info;
      const columnProfile = found?.profile;
      // An enum the column's own values do not fit may be a code: its values live in a code table.
      if (f.enum?.length && !f.references && (!column || enumShare(f, columnProfile) < 0.5)) {
        const lookup = lookupFeed(f, stream, keyColumns, lookupContext, new Set(joins.map((j) => j.as)));
        if (lookup) {
          joins.push(...lookup.joins);
          const last = lookup.joins[lookup.joins.length - 1];
          const joinedName = lookup.column.slice(last.as.length + 1);
          const joined = streams.get(last.stream)?.columns.find((c) => c.name === joinedName);
          const shaped = fieldFor(entity, f, { name: lookup.column, type: joined?.type ?? 'string' }, profileOf(last.stream, joinedName));
          if (shaped.crosswalk) entityCrosswalks.push(shaped.crosswalk);
          fields.push(shaped.field);
          continue;
        }
        // An optional field whose values are not the target's would reject every row: leave it unmapped.
        if (column && !f.required) continue;
      }
      if (!column) {
        if (f.required) unfed.push(f.name);
        continue;
      }
      const shaped = fieldFor(entity, f, column, columnProfile);
      if (shaped.crosswalk) entityCrosswalks.push(shaped.crosswalk);
      fields.push(shaped.field);
    }
    if (unfed.length) {
      leave(`No column is likely enough for the required field${unfed.length === 1 ? '' : 's'} ${unfed.join(', ')} in ${suggestion.table}; map ${unfed.length === 1 ? 'it' : 'them'} by hand.`);
      continue;
    }
    const filters = filterFor(suggestion);
    if (filters === null) {
      leave(`${suggestion.table} is shared by several roles and told apart by membership in ${suggestion.filter?.inStream}, which a mapping cannot yet express without a join; map it by hand.`);
      continue;
    }
    // A join no field reads (its field's column was not likely enough) is left out.
    const read = joins.filter((j) => fields.some((f) => f.column?.startsWith(`${j.as}.`) || JSON.stringify(f.transforms).includes(`"${j.as}.`)) || joins.some((o) => o.on.some((x) => x.column.startsWith(`${j.as}.`))));
    joins.splice(0, joins.length, ...read);
    const mapping: EntityMappingInput = {
      entity: entity.name,
      connectionId: input.connectionId,
      stream: stream.name,
      keyColumns: [...keyColumns],
      fields,
      ...(joins.length ? { joins } : {}),
      ...(filters.length ? { filters } : {}),
      ...(joins.length || filters.length ? { specVersion: 2 as const } : {}),
    };
    accepted.set(entity.name, mapping);
    mappings.push(mapping);
    crosswalks.push(...entityCrosswalks);
  }
  const kept = referencesFed(mappings, input.model, new Set(input.mapped ?? []), leftOut);
  const used = new Set(kept.flatMap((m) => m.fields.flatMap((f) => f.transforms.flatMap((t) => (t.kind === 'crosswalk' && t.crosswalk ? [t.crosswalk] : [])))));
  return { mappings: kept, crosswalks: crosswalks.filter((c) => used.has(c.name)), leftOut };
}

/**
 * A reference must point at an entity some mapping feeds, or every record's reference points at
 * nothing: an optional one is dropped, an entity whose required one cannot be fed is left out —
 * and, as that can strand others, until nothing changes.
 */
function referencesFed(mappings: EntityMappingInput[], model: TargetModel, mapped: ReadonlySet<string>, leftOut: SuggestionLeftOut[]): EntityMappingInput[] {
  let current = mappings;
  for (;;) {
    const fed = new Set([...mapped, ...current.map((m) => m.entity)]);
    const next: EntityMappingInput[] = [];
    for (const m of current) {
      const entity = model.entities.find((e) => e.name === m.entity)!;
      const unfedRefs = m.fields.filter((f) => {
        const target = entity.fields.find((x) => x.name === f.field);
        return target?.references !== undefined && !fed.has(target.references);
      });
      const required = unfedRefs.filter((f) => entity.fields.find((x) => x.name === f.field)?.required);
      if (required.length) {
        const names = required.map((f) => `${f.field} (${entity.fields.find((x) => x.name === f.field)!.references})`);
        leftOut.push({ entity: m.entity, table: m.stream, reason: `It references ${names.join(', ')}, which no mapping feeds; map ${required.length === 1 ? 'that entity' : 'those entities'} first.` });
        continue;
      }
      next.push(unfedRefs.length ? { ...m, fields: m.fields.filter((f) => !unfedRefs.includes(f)) } : m);
    }
    if (next.length === current.length && next.every((m, i) => m === current[i])) return next;
    current = next;
  }
}

/**
 * A stream without a declared key (a CSV file) is keyed by a column the whole sample holds once
 * per row and never empty, one named as an identifier first (`sourcedId`, `id`, `StudentID`).
 */
function uniqueKey(stream: StreamInfo, profiles: ReadonlyMap<string, ColumnProfile>): string[] {
  const unique = stream.columns.filter((c) => {
    const p = profiles.get(`${stream.name}\u0000${c.name}`);
    return p !== undefined && p.rows > 0 && p.nulls === 0 && p.blanks === 0 && p.distinctExact && p.distinct === p.rows;
  });
  const named = unique.find((c) => /(^|[^a-z])id$|Id$|ID$|^id$/.test(c.name));
  return named ? [named.name] : [];
}

/**
 * A suggested column: the driving stream's own, or `<as>.<column>` of a stream the suggestion
 * joins, named as the joined rows carry it, with the joined stream's profile.
 */
function columnOf(
  name: string,
  stream: StreamInfo,
  joins: readonly MappingJoin[],
  streams: ReadonlyMap<string, StreamInfo>,
  profileOf: (table: string, column: string) => ColumnProfile | undefined,
): { info: ColumnInfo; profile: ColumnProfile | undefined } | undefined {
  const own = stream.columns.find((c) => c.name === name);
  if (own) return { info: own, profile: profileOf(stream.name, own.name) };
  const join = joins.find((j) => name.startsWith(`${j.as}.`));
  const joined = join ? streams.get(join.stream)?.columns.find((c) => c.name === name.slice(join.as.length + 1)) : undefined;
  return join && joined ? { info: { ...joined, name }, profile: profileOf(join.stream, joined.name) } : undefined;
}

/** A role filter becomes a predicate; membership in another stream is not one (null). */
function filterFor(s: EntitySuggestion): MappingFilter[] | null {
  if (!s.filter) return [];
  if (s.filter.values?.length) return [{ column: s.filter.column, op: 'in', values: [...s.filter.values], label: `${s.entity} only (${s.filter.column})` }];
  return null;
}

const TEXT_TYPES = new Set(['string', 'unknown']);

/** One field: the column through what its target type needs. */
function fieldFor(entity: TargetModelEntity, f: TargetModelField, column: Pick<ColumnInfo, 'name' | 'type'>, profile: ColumnProfile | undefined): { field: FieldMapping; crosswalk?: SuggestedCrosswalk } {
  const feed = (transforms: FieldTransform[]): FieldMapping => ({ field: f.name, column: column.name, transforms });
  // A reference holds the referenced record's externalId: its key as text, trimmed, exactly as
  // the referenced mapping's keyColumns make it (an integer key sent as a number would fail).
  if (f.references) return { field: { field: f.name, column: null, transforms: [{ kind: 'concat', columns: [column.name], separator: '-' }] } };
  if (f.type === 'string' && (f.format === 'date' || f.format === 'date-time')) {
    if (column.type === 'date' || column.type === 'datetime' || f.format === 'date-time') return { field: feed([]) };
    return { field: feed([{ kind: 'parseDate', formats: dateFormats(profile) }]) };
  }
  if (f.type === 'string' && f.enum?.length) {
    const table = enumTable(f, profile);
    const name = `${entity.name}.${f.name}`;
    const crosswalk = Object.keys(table).length ? { name, table, description: `Legacy values of ${column.name} onto ${f.name}, from the values the suggestion saw.` } : undefined;
    // A code kept in a number column is read as text first (the crosswalk's codes are text).
    const text = TEXT_TYPES.has(column.type);
    const transforms: FieldTransform[] = text ? [{ kind: 'trim' }, { kind: 'emptyToNull' }] : [{ kind: 'concat', columns: [column.name], separator: '' }];
    // Unknown codes are kept: one the enum has passes, any other is rejected by validation with its value.
    if (crosswalk) transforms.push({ kind: 'crosswalk', crosswalk: name, table, fallback: 'keep' });
    return { field: text ? feed(transforms) : { field: f.name, column: null, transforms }, crosswalk };
  }
  if (f.type === 'string' && !TEXT_TYPES.has(column.type)) {
    // Numbers (a decimal is a JSON string) and codes kept in integer columns are sent as text.
    return { field: { field: f.name, column: null, transforms: [{ kind: 'concat', columns: [column.name], separator: '' }] } };
  }
  if (f.type === 'string') return { field: feed([{ kind: 'trim' }, { kind: 'emptyToNull' }]) };
  return { field: feed([]) };
}

/** The share of the sampled values that are the enum's members, or stand for one. */
function enumShare(f: TargetModelField, profile: ColumnProfile | undefined): number {
  return enumOverlap(f.enum!, profile?.topValues ?? [], VALUE_SYNONYMS[f.name]).share;
}

/** The formats the profile saw, most common first, then ISO; dates already ISO need nothing else. */
function dateFormats(profile: ColumnProfile | undefined): string[] {
  const seen = (profile?.dateFormats ?? []).map((d) => d.format);
  return [...new Set([...seen, 'yyyy-MM-dd'])];
}

/** Legacy value → enum member, for every value the profile saw that is not already a member. */
function enumTable(f: TargetModelField, profile: ColumnProfile | undefined): Record<string, string> {
  const table: Record<string, string> = {};
  for (const { value } of profile?.topValues ?? []) {
    const v = String(value).trim();
    if (!v || f.enum!.includes(v)) continue;
    const match = enumMatch(f.enum!, v, VALUE_SYNONYMS[f.name]);
    if (match?.member) table[v] = match.member;
  }
  return table;
}
