import type { StreamInfo } from '../../../shared/model/connection';
import type { MappingJoin } from '../../../shared/model/mapping';
import type { ColumnCandidate, EntitySuggestion, FieldSuggestion, SuggestionResult } from '../../../shared/model/suggestion';
import type { TargetModelEntity } from '../../../shared/model/target-model';
import { extensionStreams } from './extension-joins';
import { recogniseEntities, type Recognition, type RecogniseInput } from './recognise-entities';

/** Below this a field is listed with no column: a guess that weak would mislead more than help. */
const MIN_FIELD_CONFIDENCE = 0.3;

/**
 * Suggestions for a source: for each entity the source seems to have, the stream(s) it comes
 * from and, for each target field, the ranked columns with a confidence and the reasons. A
 * column feeds at most one field of an entity: the strongest pairs are taken first, so
 * `START_DATE` goes to `startDate` before `entryDate` can claim it. Only ever offered.
 */
export function suggestMappings(input: RecogniseInput): SuggestionResult {
  const recognition = recogniseEntities(input);
  const order = new Map(input.model.entities.map((e, i) => [e.name, i]));
  const entities: EntitySuggestion[] = [];
  for (const choice of [...recognition.choices].sort((a, b) => (order.get(a.entity) ?? 0) - (order.get(b.entity) ?? 0))) {
    const entity = input.model.entities.find((e) => e.name === choice.entity)!;
    const stream = input.streams.find((s) => s.name === choice.stream)!;
    const candidates = recognition.fieldCandidates(entity.name, stream.name);
    const suggestion: EntitySuggestion = {
      entity: entity.name,
      table: stream.name,
      confidence: choice.confidence,
      reasons: choice.reasons,
      streams: choice.ranked,
      keyColumns: keyColumns(stream.primaryKey, stream.columns.map((c) => c.name)),
      fields: assignFields(entity, candidates),
    };
    if (choice.filter) suggestion.filter = choice.filter;
    const joins = fieldsFromExtensions(entity, stream, suggestion.fields, input, recognition);
    if (joins.length) suggestion.joins = joins;
    entities.push(suggestion);
  }
  return { entities, recognition: recognition.streams };
}

/**
 * Fields the driving stream has no column for, read from a stream that extends it one row per
 * key (OneRoster's demographics.csv: a student's birthDate and sex under the user's sourcedId).
 * Such a field's column is `<as>.<column>`, read through the join returned (docs/mapping.md).
 */
function fieldsFromExtensions(entity: TargetModelEntity, stream: StreamInfo, fields: FieldSuggestion[], input: RecogniseInput, recognition: Recognition): MappingJoin[] {
  const missing = fields.filter((f) => f.column === null && !entity.fields.find((x) => x.name === f.field)?.references);
  if (!missing.length) return [];
  const profiles = new Map((input.profiles ?? []).map((p) => [`${p.table}\u0000${p.column}`, p]));
  const joins: MappingJoin[] = [];
  for (const ext of extensionStreams(stream, input.streams, (t, c) => profiles.get(`${t}\u0000${c}`), new Set())) {
    const candidates = recognition.fieldCandidates(entity.name, ext.stream.name);
    const used = new Set([ext.join.on[0].joinColumn]);
    let joined = false;
    for (const f of missing) {
      if (f.column !== null) continue;
      const ranked = (candidates.get(f.field) ?? []).filter((c) => !used.has(c.column));
      const best = ranked[0];
      if (!best || best.confidence < MIN_FIELD_CONFIDENCE) continue;
      used.add(best.column);
      const through = `from ${ext.stream.name}, one row per ${ext.join.on[0].column} (joined as ${ext.join.as})`;
      const prefixed = (c: ColumnCandidate) => ({ column: `${ext.join.as}.${c.column}`, confidence: c.confidence, reasons: [...c.reasons, through] });
      f.column = `${ext.join.as}.${best.column}`;
      f.confidence = best.confidence;
      f.reasons = prefixed(best).reasons;
      f.candidates = ranked.slice(0, 5).map(prefixed);
      joined = true;
    }
    if (joined) joins.push(ext.join);
  }
  return joins;
}

function keyColumns(primaryKey: string[], columns: string[]): string[] {
  return primaryKey.filter((k) => columns.includes(k));
}

function assignFields(entity: TargetModelEntity, candidates: Map<string, { column: string; confidence: number; reasons: string[] }[]>): FieldSuggestion[] {
  const fields = entity.fields.filter((f) => !f.readOnly && f.name !== 'externalId');
  const pairs: { field: string; column: string; confidence: number; reasons: string[] }[] = [];
  for (const f of fields) for (const c of candidates.get(f.name) ?? []) if (c.confidence >= MIN_FIELD_CONFIDENCE) pairs.push({ field: f.name, ...c });
  pairs.sort((a, b) => b.confidence - a.confidence || (entity.required.includes(b.field) ? 1 : 0) - (entity.required.includes(a.field) ? 1 : 0));
  const byField = new Map<string, (typeof pairs)[number]>();
  const usedColumns = new Set<string>();
  for (const p of pairs) {
    if (byField.has(p.field) || usedColumns.has(p.column)) continue;
    byField.set(p.field, p);
    usedColumns.add(p.column);
  }
  return fields.map((f) => {
    const chosen = byField.get(f.name);
    const ranked = (candidates.get(f.name) ?? []).slice(0, 5);
    // The chosen column first, then the rest in their own order: top-3 means what a person sees first.
    const ordered = chosen ? [ranked.find((c) => c.column === chosen.column) ?? { column: chosen.column, confidence: chosen.confidence, reasons: chosen.reasons }, ...ranked.filter((c) => c.column !== chosen.column)].slice(0, 5) : ranked;
    return {
      field: f.name,
      column: chosen?.column ?? null,
      confidence: chosen?.confidence ?? 0,
      reasons: chosen?.reasons ?? [ranked.length ? 'every likely column feeds another field' : 'no column looks like it'],
      required: f.required,
      candidates: ordered,
    };
  });
}
