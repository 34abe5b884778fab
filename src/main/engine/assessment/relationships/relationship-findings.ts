import type { Finding, Relationship } from '../../../../shared/model/assessment';
import { showKey } from '../../values/key-text';
import type { TableKeys } from './table-keys';

/**
 * Finding codes of the keys and relationships analysis (count = affected rows):
 * - DUPLICATE_KEY (error): rows whose declared key value — or, for a table with no declared and
 *   no candidate key, the value of the column that would be its key — is shared with another
 *   row. Every copy counts (two rows sharing key 5 count 2). Examples: the values and their rows.
 * - MISSING_KEY (error): rows with a blank (NULL, empty, spaces) part in the declared key.
 * - NO_PRIMARY_KEY (warning): a table with rows but no declared key, no unique never-blank
 *   column and no unique pair of columns; count = its rows (none can be told apart reliably).
 * - CANDIDATE_KEY (info): a table with no declared key whose rows are told apart by a column or
 *   pair of columns (unique, never blank); count 0 — nothing to repair, a key to adopt.
 * - ORPHAN_REFERENCE (error for declared references and inferred ones of confidence ≥ 0.8,
 *   else warning): child rows whose non-blank reference value matches no key value of the parent
 *   (exact text). Examples: the child row's key and the value that matched nothing. The message
 *   and `fix.payload.orphanRate` give the orphan rate (orphans ÷ rows holding a reference): a
 *   reference is decided from names, types and partial containment, so a high rate is reported,
 *   not hidden by a low confidence.
 */
export const RELATIONSHIP_FINDING_CODES = ['DUPLICATE_KEY', 'MISSING_KEY', 'NO_PRIMARY_KEY', 'CANDIDATE_KEY', 'ORPHAN_REFERENCE'] as const;

/** Inferred relationships below this confidence do not raise orphan findings (too unsure). */
export const ORPHAN_FINDING_MIN_CONFIDENCE = 0.6;

const n = (x: number) => x.toLocaleString('en-GB');

export function keyFindings(k: TableKeys): Finding[] {
  const out: Finding[] = [];
  if (k.declaredDuplicates) {
    const d = k.declaredDuplicates;
    out.push({
      code: 'DUPLICATE_KEY',
      severity: 'error',
      table: k.table,
      column: d.columns.join(', '),
      count: d.rows,
      message: `${n(d.rows)} rows of ${k.table} share their primary key (${d.columns.join(', ')}) with another row: ${n(d.values)} values are used more than once.`,
      examples: d.examples.map((e) => ({ key: showKey(e.key), rows: e.rows })),
      fix: { kind: 'review', description: 'Decide which row of each duplicated key is the real one; exclude or renumber the others before migrating.', payload: { table: k.table, columns: d.columns, values: d.examples.map((e) => showKey(e.key)) } },
    });
  }
  if (k.declaredBlanks > 0) {
    out.push({
      code: 'MISSING_KEY',
      severity: 'error',
      table: k.table,
      column: k.declared.join(', '),
      count: k.declaredBlanks,
      message: `${n(k.declaredBlanks)} rows of ${k.table} have a blank primary key (${k.declared.join(', ')}), so they cannot be told apart or referenced.`,
      examples: [],
      fix: { kind: 'exclusion', description: 'Exclude rows without a key, or give them one in the source first.', payload: { table: k.table, columns: k.declared, rule: 'blank-key' } },
    });
  }
  if (!k.declared.length && k.rows > 0) {
    if (k.nearKeyDuplicates) {
      const d = k.nearKeyDuplicates;
      out.push({
        code: 'DUPLICATE_KEY',
        severity: 'error',
        table: k.table,
        column: d.columns.join(', '),
        count: d.rows,
        message: `${k.table} has no declared key and ${d.columns.join(', ')} would be it, but ${n(d.rows)} rows share their value with another row (${n(d.values)} values used more than once).`,
        examples: d.examples.map((e) => ({ key: showKey(e.key), rows: e.rows })),
        fix: { kind: 'review', description: `Resolve the repeated ${d.columns.join(', ')} values, then use it as the key.`, payload: { table: k.table, columns: d.columns, values: d.examples.map((e) => showKey(e.key)) } },
      });
    } else if (k.candidates.length) {
      const key = k.candidates[0];
      out.push({
        code: 'CANDIDATE_KEY',
        severity: 'info',
        table: k.table,
        column: key.join(', '),
        count: 0,
        message: `${k.table} declares no primary key; ${key.join(' + ')} ${key.length > 1 ? 'are' : 'is'} unique and never blank in all ${n(k.rows)} rows and can serve as its key.`,
        examples: k.candidates.slice(0, 5).map((c) => ({ columns: c.join(', ') })),
        fix: { kind: 'rule', description: `Use ${key.join(' + ')} as the record's external id.`, payload: { table: k.table, key } },
      });
    } else if (k.rows > 1) {
      out.push({
        code: 'NO_PRIMARY_KEY',
        severity: 'warning',
        table: k.table,
        column: null,
        count: k.rows,
        message: `${k.table} has no declared primary key, and no column or pair of columns tells its ${n(k.rows)} rows apart, so a re-run cannot tell a changed row from a new one.`,
        examples: [],
        fix: { kind: 'rule', description: 'Use a hash of the whole row as the external id, or ask the source owner which columns identify a row.', payload: { table: k.table, key: 'row-hash' } },
      });
    }
  }
  return out;
}

/** `orphanValues`: the reference values of `rel.orphanExamples`' rows, in the same order. */
export function orphanFinding(rel: Relationship, childKeys: TableKeys, orphanValues: string[]): Finding | null {
  if (rel.orphans === 0 || (!rel.declared && rel.confidence < ORPHAN_FINDING_MIN_CONFIDENCE)) return null;
  const from = rel.fromColumns.join(', ');
  const to = `${rel.toTable}.${rel.toColumns.join(', ')}`;
  const keyName = childKeys.key?.join('|') ?? 'row';
  const lowerBound = rel.orphansExact === false ? ' at least' : '';
  const referencing = rel.referencingRows ?? 0;
  const rate = referencing > 0 ? rel.orphans / referencing : 0;
  const percent = `${rate >= 0.1 ? Math.round(rate * 100) : (Math.round(rate * 1000) / 10).toString()} %`;
  return {
    code: 'ORPHAN_REFERENCE',
    severity: rel.declared || rel.confidence >= 0.8 ? 'error' : 'warning',
    table: rel.fromTable,
    column: from,
    count: rel.orphans,
    message: `${lowerBound ? 'At least ' : ''}${n(rel.orphans)} of ${n(referencing)} ${rel.fromTable} rows (${percent}) have a ${from} that matches no ${to}${rel.declared ? '' : ` (an inferred reference, confidence ${rel.confidence.toFixed(2)})`}.`,
    examples: rel.orphanExamples.map((key, i) => ({ [keyName]: key, [from]: orphanValues[i] ?? null })),
    fix: { kind: 'exclusion', description: `Skip these ${rel.fromTable} rows, or restore the missing ${rel.toTable} records before migrating.`, payload: { table: rel.fromTable, columns: rel.fromColumns, references: { table: rel.toTable, columns: rel.toColumns }, rule: 'orphan', orphanRate: Math.round(rate * 10000) / 10000 } },
  };
}
