import { StudioError } from '../../../shared/errors';
import type { Finding } from '../../../shared/model/assessment';
import type { EntityMapping, FieldMapping, FieldTransform } from '../../../shared/model/mapping';
import { exclusionOf, keyColumnsOf, sameFinding } from '../../../shared/model/fix-adoption';
import { mergeTransform, transformCleanupRank, transformIdentity } from '../../../shared/transforms/registry';

/** What adopting a fix did: the mapping as it now is, one sentence, and whether anything changed. */
export interface FixAdoption {
  mapping: EntityMapping;
  change: string;
  changed: boolean;
}

/**
 * Text clean-ups must see the raw text, so an adopted one goes before whatever converts the value
 * (a parseDate, a code crosswalk, a split). Which transforms are clean-ups, and in which order, is
 * each transform's own declaration (`cleanupRank` in src/shared/transforms/).
 */
const isCleanup = (t: FieldTransform): boolean => transformCleanupRank(t) !== null;

export { hasAdopted, isAdoptable, looselySameStream, mappingForFinding } from '../../../shared/model/fix-adoption';

/**
 * Carries a finding's suggested fix into a mapping. Pure: returns a new mapping (the given one is
 * left alone) stamped with `at` when something changed. Adopting the same fix again changes
 * nothing. Fixes the mapping model cannot express are refused with FIX_NOT_ADOPTABLE and a hint
 * saying what to do by hand.
 */
export function adoptFixIntoMapping(mapping: EntityMapping, finding: Finding, at: string): FixAdoption {
  const fix = finding.fix;
  const where = finding.column === null ? finding.table : `${finding.table}.${finding.column}`;
  if (!fix) throw refuse(`The finding ${finding.code} on ${where} suggests no fix.`, 'Decide case by case, or change the mapping by hand on the Mapping screen.', finding);
  if (fix.kind === 'review') {
    throw refuse(
      `The fix for ${finding.code} on ${where} needs a person to look at the rows; it cannot be adopted in one click.`,
      'Open the finding’s example rows (and, for duplicates, the review queue on the Assessment screen), correct the data at the source, then assess again.',
      finding,
    );
  }

  let result: { mapping: EntityMapping; change: string } | null;
  if (fix.transforms?.length) result = adoptTransforms(mapping, finding, fix.transforms);
  else if (fix.kind === 'crosswalk') {
    throw refuse(
      `The ${finding.code} fix on ${where} is made by decisions, not by a mapping change: confirmed duplicate pairs are merged by every run through the person crosswalk.`,
      'Confirm or reject the pairs in the review queue on the Assessment screen; the next run merges the confirmed ones into their survivors.',
      finding,
    );
  } else if (fix.kind === 'rule') result = adoptKeyRule(mapping, finding);
  else result = adoptExclusion(mapping, finding);

  if (!result) return { mapping, change: `The mapping ${describeMapping(mapping)} already has this fix.`, changed: false };
  const adopted = [...(result.mapping.adoptedFixes ?? []).filter((a) => !sameFinding(a, finding)), { code: finding.code, table: finding.table, column: finding.column, at }];
  return { mapping: { ...result.mapping, adoptedFixes: adopted, updatedAt: at }, change: result.change, changed: true };
}

// ---- transforms and crosswalks ------------------------------------------------------------

function adoptTransforms(mapping: EntityMapping, finding: Finding, transforms: FieldTransform[]): { mapping: EntityMapping; change: string } | null {
  const column = finding.column;
  const where = column === null ? finding.table : `${finding.table}.${column}`;
  if (column === null) throw refuse(`The ${finding.code} fix names no column of ${finding.table}, so there is no field to add it to.`, 'Add the transforms by hand on the Mapping screen.', finding);
  const fed = mapping.fields.filter((f) => f.column === column);
  const kinds = transforms.map((t) => t.kind).join(', ');

  if (!fed.length) {
    const target = finding.fix?.target;
    if (!target || target.entity !== mapping.entity) {
      throw refuse(
        `No field of the ${describeMapping(mapping)} mapping reads ${where}, and the fix does not say which Academia Pro field it feeds.`,
        `Map ${column} to a field on the Mapping screen, then adopt the fix again.`,
        finding,
      );
    }
    const taken = mapping.fields.find((f) => f.field === target.field);
    if (taken) {
      throw refuse(
        `The field ${mapping.entity}.${target.field} is already fed by ${taken.column === null ? 'a constant' : `the column ${taken.column}`}, not by ${where}.`,
        `Choose on the Mapping screen which column should feed ${target.field}, then adopt the fix again.`,
        finding,
      );
    }
    const added: FieldMapping = { field: target.field, column, transforms: structuredClone(transforms) };
    return { mapping: { ...mapping, fields: [...mapping.fields, added] }, change: `Mapped ${where} to ${mapping.entity}.${target.field} with ${kinds}.` };
  }

  const changedFields: string[] = [];
  const fields = mapping.fields.map((f) => {
    if (f.column !== column) return f;
    const next = mergeTransforms(f.transforms, transforms);
    if (!next) return f;
    changedFields.push(`${mapping.entity}.${f.field}`);
    return { ...f, transforms: next };
  });
  if (!changedFields.length) return null;
  return { mapping: { ...mapping, fields }, change: `Added ${kinds} to ${changedFields.join(', ')}.` };
}

/**
 * Places a fix's transforms in a field's chain; null when the chain already does what they do.
 * - a transform already in the chain (the same kind and settings) is not added twice;
 * - clean-ups keep the order raw text needs: fixMojibake (it needs the bytes as read), trim, a
 *   keep-unknown crosswalk (placeholders → ''), emptyToNull; each goes before the first
 *   transform that belongs after it, so all of them act before a converter sees the value;
 * - a converter of a kind the chain already has is merged into it rather than chained (a second
 *   parseDate would read the first one's ISO output with the wrong formats): a parseDate gains
 *   the formats and placeholders it lacks, a crosswalk the codes it lacks (the mapping's own
 *   entries and fallback win);
 * - any other converter goes at the end.
 */
export function mergeTransforms(existing: readonly FieldTransform[], added: readonly FieldTransform[]): FieldTransform[] | null {
  const chain = existing.map((t) => structuredClone(t));
  let changed = false;
  for (const t of added) {
    if (chain.some((c) => sameTransform(c, t))) continue;
    if (isCleanup(t)) {
      const rank = cleanupRank(t);
      const before = chain.findIndex((c) => cleanupRank(c) > rank);
      chain.splice(before < 0 ? chain.length : before, 0, structuredClone(t));
      changed = true;
      continue;
    }
    const same = chain.findIndex((c) => c.kind === t.kind && !isCleanup(c));
    if (same >= 0) {
      const merged = mergeTransform(chain[same], t);
      if (sameTransform(merged, chain[same])) continue;
      chain[same] = merged;
    } else chain.push(structuredClone(t));
    changed = true;
  }
  return changed ? chain : null;
}

/** Where a transform sits among the clean-ups; converters come after all of them. */
function cleanupRank(t: FieldTransform): number {
  return transformCleanupRank(t) ?? Number.POSITIVE_INFINITY;
}

function sameTransform(a: FieldTransform, b: FieldTransform): boolean {
  return canonical(transformIdentity(a)) === canonical(transformIdentity(b));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---- rules ---------------------------------------------------------------------------------

function adoptKeyRule(mapping: EntityMapping, finding: Finding): { mapping: EntityMapping; change: string } | null {
  const key = keyColumnsOf(finding.fix?.payload);
  if (!key) {
    throw refuse(
      `The ${finding.code} fix on ${finding.table} (“${finding.fix?.description ?? ''}”) is not something a mapping can hold by itself.`,
      'Make the change by hand on the Mapping screen (choose the key columns, or map a column to the required field).',
      finding,
    );
  }
  if (sameColumns(mapping.keyColumns, key)) return null;
  if (mapping.keyColumns.length) {
    throw refuse(
      `The ${describeMapping(mapping)} mapping already identifies rows by ${mapping.keyColumns.join(' + ')}; the finding suggests ${key.join(' + ')}.`,
      'Change the key on the Mapping screen if the suggestion is better. Records already sent under the old key would be sent again as new ones, so decide before the first run.',
      finding,
    );
  }
  return { mapping: { ...mapping, keyColumns: [...key] }, change: `Rows of ${mapping.stream} are now identified by ${key.join(' + ')}.` };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

// ---- exclusions ----------------------------------------------------------------------------

function adoptExclusion(mapping: EntityMapping, finding: Finding): { mapping: EntityMapping; change: string } | null {
  const exclusion = exclusionOf(finding);
  const where = finding.column === null ? finding.table : `${finding.table}.${finding.column}`;
  if (!exclusion) throw refuse(`The exclusion suggested for ${finding.code} on ${where} does not say which rows or columns to leave out.`, 'Add a skip rule by hand on the Mapping screen.', finding);
  if (exclusion.kind === 'incomplete') {
    throw refuse(
      `The ${finding.code} rows of ${where} cannot be skipped in one click: ${exclusion.reason}.`,
      'Restore the missing records at the source, or let the run reject these rows (each keeps its reason in the rejects list).',
      finding,
    );
  }
  if (exclusion.kind === 'drop-columns') {
    const dropped = mapping.fields.filter((f) => f.column !== null && exclusion.columns.includes(f.column));
    if (!dropped.length) return null;
    return {
      mapping: { ...mapping, fields: mapping.fields.filter((f) => !dropped.includes(f)) },
      change: `Left ${dropped.map((f) => `${mapping.entity}.${f.field}`).join(', ')} out of the mapping (${exclusion.columns.join(', ')} ${exclusion.columns.length === 1 ? 'is' : 'are'} always empty).`,
    };
  }
  const skipWhen = (mapping.skipWhen ?? []).map((r) => ({ column: r.column, values: [...r.values] }));
  let added = 0;
  for (const rule of exclusion.rules) {
    const existing = skipWhen.find((r) => r.column === rule.column);
    const target = existing ?? { column: rule.column, values: [] };
    const norm = new Set(target.values.map((v) => v.trim().toLowerCase()));
    const fresh = rule.values.filter((v) => !norm.has(v.trim().toLowerCase()));
    if (!fresh.length) continue;
    target.values.push(...fresh);
    added += fresh.length;
    if (!existing) skipWhen.push(target);
  }
  if (!added) return null;
  const columns = exclusion.rules.map((r) => r.column).join(', ');
  const what = exclusion.rules.every((r) => r.values.length === 1 && r.values[0] === '') ? `rows whose ${columns} is blank` : `rows whose ${columns} is one of ${added} value${added === 1 ? '' : 's'} the assessment listed`;
  return { mapping: { ...mapping, skipWhen }, change: `Runs now skip ${what}.` };
}

function describeMapping(m: EntityMapping): string {
  return `${m.stream} → ${m.entity}`;
}

function refuse(message: string, hint: string, finding: Finding): StudioError {
  return new StudioError('FIX_NOT_ADOPTABLE', message, hint, { where: { table: finding.table, ...(finding.column ? { column: finding.column } : {}) } });
}
