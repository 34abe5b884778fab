import type { Finding } from './assessment';
import type { EntityMapping } from './mapping';

/**
 * Which mapping a finding's fix goes into and whether it can go in one click: one copy for the
 * engine (src/main/engine/mapping/adopt-fix.ts, which carries the fix out) and the renderer
 * (the Assessment screen's adopt button), so the button never offers what the engine refuses.
 */

/** `dbo.Person` and `person` name the same table when the source has one schema in use. */
export function looselySameStream(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const last = (s: string) => s.slice(s.lastIndexOf('.') + 1);
  return (!x.includes('.') || !y.includes('.')) && last(x) === last(y);
}

/**
 * The mapping that reads a finding's table from a connection. Findings name tables as the
 * connector names streams (`dbo.Person`, `PUPILS`); a mapping saved with another spelling
 * (different case, or without the schema) still matches when nothing matches exactly. When several
 * mappings read the table, the one whose entity the fix names wins, then one with a field fed by
 * the finding's column.
 */
export function mappingForFinding(mappings: readonly EntityMapping[], connectionId: string, finding: Pick<Finding, 'table' | 'column' | 'fix'>): EntityMapping | null {
  const own = mappings.filter((m) => m.connectionId === connectionId);
  let reading = own.filter((m) => m.stream === finding.table);
  if (!reading.length) reading = own.filter((m) => looselySameStream(m.stream, finding.table));
  if (!reading.length) return null;
  const entity = finding.fix?.target?.entity;
  const feeds = (m: EntityMapping) => finding.column !== null && m.fields.some((f) => f.column === finding.column);
  return reading.find((m) => m.entity === entity) ?? reading.find(feeds) ?? reading[0];
}

/** Whether the mapping records the finding's fix as adopted. */
export function hasAdopted(mapping: EntityMapping, finding: Pick<Finding, 'code' | 'table' | 'column'>): boolean {
  return (mapping.adoptedFixes ?? []).some((a) => sameFinding(a, finding));
}

/** The same finding: code, table and column (an adopted fix is recorded by these three). */
export function sameFinding(a: { code: string; table: string; column: string | null }, b: { code: string; table: string; column: string | null }): boolean {
  return a.code === b.code && a.table === b.table && a.column === b.column;
}

/** True when the finding's fix is one the engine's adoption can carry out (it may still find nothing to change). */
export function isAdoptable(finding: Pick<Finding, 'fix' | 'examples' | 'count'>): boolean {
  const fix = finding.fix;
  if (!fix || fix.kind === 'review') return false;
  if (fix.kind === 'transform' || fix.kind === 'crosswalk') return Boolean(fix.transforms?.length);
  if (fix.kind === 'rule') return Boolean(fix.transforms?.length) || keyColumnsOf(fix.payload) !== null;
  return exclusionOf(finding) !== null;
}

/** The key columns a rule fix proposes (`{ key: [...] }` or `{ candidates: [first, ...] }`), or null. */
export function keyColumnsOf(payload: unknown): string[] | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as { key?: unknown; candidates?: unknown };
  if (Array.isArray(p.key) && p.key.length && p.key.every((c) => typeof c === 'string')) return p.key as string[];
  if (Array.isArray(p.candidates) && typeof p.candidates[0] === 'string') return [p.candidates[0]];
  return null;
}

export type Exclusion = { kind: 'drop-columns'; columns: string[] } | { kind: 'skip'; rules: { column: string; values: string[] }[] } | { kind: 'incomplete'; reason: string };

/**
 * What an exclusion fix asks for, from its payload (see assessment/findings and
 * relationships/relationship-findings): leave empty columns out, skip rows without a key, or skip
 * orphan rows. Orphans can be skipped by their reference values only when the finding lists every
 * orphan row; otherwise the reason says why not.
 */
export function exclusionOf(finding: Pick<Finding, 'fix' | 'examples' | 'count'>): Exclusion | null {
  const payload = finding.fix?.payload;
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as { columns?: unknown; rule?: unknown };
  const columns = Array.isArray(p.columns) ? p.columns.filter((c): c is string => typeof c === 'string') : [];
  if (!columns.length) return null;
  if (p.rule === undefined) return { kind: 'drop-columns', columns };
  if (p.rule === 'blank-key') return { kind: 'skip', rules: columns.map((column) => ({ column, values: [''] })) };
  if (p.rule === 'orphan') {
    if (columns.length !== 1) return { kind: 'incomplete', reason: `the reference spans several columns (${columns.join(', ')}), and a skip rule looks at one column` };
    const valueKey = columns.join(', ');
    const values = finding.examples.map((e) => e[valueKey]).filter((v) => v !== null && v !== undefined && String(v).trim() !== '').map((v) => String(v).trim());
    if (finding.examples.length < finding.count || values.length < finding.examples.length) {
      return { kind: 'incomplete', reason: `the assessment lists ${finding.examples.length} of the ${finding.count} orphan rows, so a skip rule could not name them all` };
    }
    return { kind: 'skip', rules: [{ column: columns[0], values: [...new Set(values)] }] };
  }
  return null;
}
