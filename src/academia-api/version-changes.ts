/**
 * Breaking changes of an API version against the one before it (the document's info.x-changes).
 * They are data, not code: the studio shows them to the user, and the sandbox uses them to serve
 * one store through every version (a record written through v2 reads correctly through v1).
 */
export type VersionChange =
  | {
      kind: 'enum-changed';
      entity: string;
      field: string;
      /** Previous value → this version's value; a one-to-one table. */
      mapping: Record<string, string>;
      description: string;
    }
  | {
      kind: 'field-renamed';
      entity: string;
      /** The field's name in the previous version. */
      from: string;
      /** Its name in this version. */
      to: string;
      description: string;
    };

/** The changes a document lists, keeping only well-formed ones. */
export function readVersionChanges(raw: unknown): VersionChange[] {
  if (!Array.isArray(raw)) return [];
  const out: VersionChange[] = [];
  for (const c of raw as Record<string, unknown>[]) {
    if (!c || typeof c !== 'object' || typeof c.entity !== 'string') continue;
    const description = typeof c.description === 'string' ? c.description : '';
    if (c.kind === 'enum-changed' && typeof c.field === 'string' && c.mapping && typeof c.mapping === 'object') {
      out.push({ kind: 'enum-changed', entity: c.entity, field: c.field, mapping: { ...(c.mapping as Record<string, string>) }, description });
    } else if (c.kind === 'field-renamed' && typeof c.from === 'string' && typeof c.to === 'string') {
      out.push({ kind: 'field-renamed', entity: c.entity, from: c.from, to: c.to, description });
    }
  }
  return out;
}

/** A record in this version's form, rewritten in the previous version's form (a copy). */
export function toPreviousVersion(changes: VersionChange[], entity: string, record: Record<string, unknown>): Record<string, unknown> {
  let out = { ...record };
  for (const change of [...changes].reverse()) {
    if (change.entity !== entity) continue;
    if (change.kind === 'field-renamed') out = rename(out, change.to, change.from);
    else out = remap(out, change.field, invert(change.mapping));
  }
  return out;
}

/** A record in the previous version's form, rewritten in this version's form (a copy). */
export function fromPreviousVersion(changes: VersionChange[], entity: string, record: Record<string, unknown>): Record<string, unknown> {
  let out = { ...record };
  for (const change of changes) {
    if (change.entity !== entity) continue;
    if (change.kind === 'field-renamed') out = rename(out, change.from, change.to);
    else out = remap(out, change.field, change.mapping);
  }
  return out;
}

/** Renames a key where it stands, so the record's key order (and what a person reads) is kept. */
function rename(record: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  if (!(from in record)) return record;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}

function remap(record: Record<string, unknown>, field: string, mapping: Record<string, string>): Record<string, unknown> {
  const value = record[field];
  if (typeof value !== 'string' || !(value in mapping)) return record;
  return { ...record, [field]: mapping[value] };
}

function invert(mapping: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([k, v]) => [v, k]));
}
