import type { EntityMapping, FieldMapping } from '../../../shared/model/mapping';

/**
 * One sentence saying what changed between two versions of a mapping, for its history and the
 * audit trail. It names fields, columns and parts of the spec, never row values.
 */
export function describeMappingChange(before: EntityMapping | null, after: EntityMapping | null): string {
  if (!before && after) return `Created ${after.stream} → ${after.entity} with ${after.fields.length} field(s), key ${after.keyColumns.join('+') || 'none'}.`;
  if (before && !after) return `Deleted ${before.stream} → ${before.entity}.`;
  if (!before || !after) return 'No change.';
  const parts: string[] = [];
  if (before.entity !== after.entity) parts.push(`entity ${before.entity} → ${after.entity}`);
  if (before.connectionId !== after.connectionId || before.stream !== after.stream) parts.push(`source ${before.stream} → ${after.stream}`);
  if (same(before.keyColumns, after.keyColumns) === false) parts.push(`key ${before.keyColumns.join('+') || 'none'} → ${after.keyColumns.join('+') || 'none'}`);
  const old = new Map(before.fields.map((f) => [f.field, f]));
  const now = new Map(after.fields.map((f) => [f.field, f]));
  const added = [...now.keys()].filter((f) => !old.has(f));
  const removed = [...old.keys()].filter((f) => !now.has(f));
  const changed = [...now.keys()].filter((f) => old.has(f) && !sameField(old.get(f)!, now.get(f)!));
  if (added.length) parts.push(`fields added: ${added.join(', ')}`);
  if (removed.length) parts.push(`fields removed: ${removed.join(', ')}`);
  if (changed.length) parts.push(`fields changed: ${changed.join(', ')}`);
  for (const key of ['skipWhen', 'joins', 'filters', 'fanOut', 'rules', 'specVersion'] as const) {
    if (!same(before[key] ?? null, after[key] ?? null)) parts.push(`${key} changed`);
  }
  if (!same(before.adoptedFixes ?? [], after.adoptedFixes ?? [])) parts.push('adopted fixes changed');
  return parts.length ? `Changed ${after.stream} → ${after.entity}: ${parts.join('; ')}.` : `Saved ${after.stream} → ${after.entity} unchanged.`;
}

function sameField(a: FieldMapping, b: FieldMapping): boolean {
  return a.column === b.column && same(a.transforms, b.transforms);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
