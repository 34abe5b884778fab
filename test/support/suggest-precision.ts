import type { SourceConnector } from '../../src/main/engine/connectors/connector';
import { sampleProfiles } from '../../src/main/engine/assessment/profiling/sample-profiles';
import { suggestMappings } from '../../src/main/engine/suggest/suggest-mappings';
import { loadTargetModel } from '../../src/main/engine/academia/target-model';
import type { SuggestionResult } from '../../src/shared/model/suggestion';
import type { SourceKey } from './suggest-answer-keys';

export interface Precision {
  source: string;
  items: number;
  top1: number;
  top3: number;
  entityTop1: number;
  fieldTop1: number;
  misses: string[];
}

/** Discovers, samples and suggests, as the CLI does. */
export async function suggestFor(connector: SourceConnector, now = new Date('2025-03-21T12:00:00Z')): Promise<SuggestionResult> {
  const streams = await connector.discover();
  const { profiles } = await sampleProfiles(connector, streams, { now });
  return suggestMappings({ streams, profiles, model: loadTargetModel('v1') });
}

const accepted = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/**
 * Scores suggestions against an answer key. Items are the key's entities (right table, and the
 * right role filter when the key has one) and fields (right column, only counted when the
 * entity's table is right). top-1: the first choice; top-3: among the first three.
 */
export function precision(key: SourceKey, result: SuggestionResult): Precision {
  let items = 0;
  let top1 = 0;
  let top3 = 0;
  let entityHits = 0;
  let fieldItems = 0;
  let fieldHits = 0;
  const misses: string[] = [];
  for (const k of key.entities) {
    const s = result.entities.find((e) => e.entity === k.entity);
    items++;
    const filterOk = !k.filter || (s?.filter?.column === k.filter.column && (s.filter.values ?? []).some((v) => v.toLowerCase() === k.filter!.value.toLowerCase()));
    const tableOk = s?.table === k.table;
    if (tableOk && filterOk) {
      top1++;
      entityHits++;
    } else misses.push(`${k.entity}: ${s ? `${s.table}${s.filter ? ` [${s.filter.column}]` : ''}` : 'none'} (want ${k.table}${k.filter ? ` [${k.filter.column}=${k.filter.value}]` : ''})`);
    if (s && s.streams.slice(0, 3).some((c) => c.stream === k.table)) top3++;
    for (const [field, want] of Object.entries(k.fields)) {
      items++;
      fieldItems++;
      const f = s && tableOk ? s.fields.find((x) => x.field === field) : undefined;
      if (f?.column && accepted(want).includes(f.column)) {
        top1++;
        fieldHits++;
      } else misses.push(`${k.entity}.${field}: ${f?.column ?? 'none'} (want ${accepted(want).join('|')})`);
      if (f && f.candidates.slice(0, 3).some((c) => accepted(want).includes(c.column))) top3++;
    }
  }
  return { source: key.source, items, top1: top1 / items, top3: top3 / items, entityTop1: entityHits / key.entities.length, fieldTop1: fieldItems ? fieldHits / fieldItems : 1, misses };
}

export function printPrecision(p: Precision): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`suggestions, ${p.source}: top-1 ${pct(p.top1)} · top-3 ${pct(p.top3)} over ${p.items} items (entities ${pct(p.entityTop1)}, fields ${pct(p.fieldTop1)})${p.misses.length ? `\n  misses: ${p.misses.join('; ')}` : ''}`);
}
