import type { Catalog, CatalogDrift, StreamInfo } from '../../../shared/model/connection';
import type { EntityMapping } from '../../../shared/model/mapping';
import { transformReads } from '../../../shared/transforms/registry';

/**
 * Compares a new discovery with the previous one: streams added/removed, columns added, removed
 * or retyped (by native type, which is what a legacy system changes), and which mappings read
 * something that is gone or changed. Returns null when nothing changed.
 */
export function catalogDrift(previous: Catalog, current: StreamInfo[], mappings: EntityMapping[]): CatalogDrift | null {
  const before = new Map(previous.streams.map((s) => [s.name, s]));
  const after = new Map(current.map((s) => [s.name, s]));
  const drift: CatalogDrift = {
    previousAt: previous.discoveredAt,
    addedStreams: [...after.keys()].filter((n) => !before.has(n)).sort(),
    removedStreams: [...before.keys()].filter((n) => !after.has(n)).sort(),
    changedStreams: [],
    affectedMappings: [],
  };
  for (const [name, now] of after) {
    const old = before.get(name);
    if (!old) continue;
    const oldCols = new Map(old.columns.map((c) => [c.name, c]));
    const newCols = new Map(now.columns.map((c) => [c.name, c]));
    const change = {
      stream: name,
      addedColumns: [...newCols.keys()].filter((c) => !oldCols.has(c)),
      removedColumns: [...oldCols.keys()].filter((c) => !newCols.has(c)),
      retypedColumns: [...newCols.values()]
        .filter((c) => oldCols.has(c.name) && oldCols.get(c.name)!.nativeType !== c.nativeType)
        .map((c) => ({ column: c.name, from: oldCols.get(c.name)!.nativeType, to: c.nativeType })),
    };
    if (change.addedColumns.length || change.removedColumns.length || change.retypedColumns.length) drift.changedStreams.push(change);
  }
  for (const m of mappings) {
    const used = new Set([...m.keyColumns, ...m.fields.flatMap((f) => [f.column, ...f.transforms.flatMap(transformReads)]).filter((c): c is string => Boolean(c))]);
    if (drift.removedStreams.includes(m.stream)) {
      drift.affectedMappings.push({ mappingId: m.id, entity: m.entity, stream: m.stream, columns: [], reason: `The table ${m.stream} no longer exists in the source.` });
      continue;
    }
    const change = drift.changedStreams.find((c) => c.stream === m.stream);
    if (!change) continue;
    const gone = change.removedColumns.filter((c) => used.has(c));
    const retyped = change.retypedColumns.filter((c) => used.has(c.column));
    if (gone.length || retyped.length) {
      const parts = [gone.length ? `removed: ${gone.join(', ')}` : '', retyped.length ? `retyped: ${retyped.map((r) => `${r.column} ${r.from} → ${r.to}`).join(', ')}` : ''].filter(Boolean);
      drift.affectedMappings.push({ mappingId: m.id, entity: m.entity, stream: m.stream, columns: [...gone, ...retyped.map((r) => r.column)], reason: `Columns the ${m.entity} mapping reads changed (${parts.join('; ')}).` });
    }
  }
  const changed = drift.addedStreams.length || drift.removedStreams.length || drift.changedStreams.length;
  return changed ? drift : null;
}
