import type { Finding, FindingFix, Readiness, Relationship, Severity } from '../../../../shared/model/assessment';
import { estimatePush, type PushAssumptions } from './push-estimate';

/**
 * The readiness score, complexity, effort and push time, from the findings (docs/assessment.md
 * states the same formulas for people):
 *
 *   penalty(f)   = severityWeight × fixWeight × min(1, count / tableRows)
 *   tableScore   = round(100 × Π over the table's findings (1 − penalty(f)))
 *   mean         = Σ tableScore × log10(rows + 10) / Σ log10(rows + 10), over tables with rows
 *   overallScore = round(0.7 × mean + 0.3 × lowest tableScore)
 *
 * The log weight lets a big table count more without a clean million-row log hiding a damaged
 * pupils table; the lowest-table term says a migration is only as ready as its weakest table.
 *
 * severityWeight: error 1, warning 0.4, info 0 (notes never lower the score). fixWeight: a fix
 * the mapping can adopt in one click (transform, crosswalk) 0.25; a rule 0.5; anything that needs
 * a person (review, exclusion, no fix) 1. Orphans and duplicates enter as their findings
 * (ORPHAN_REFERENCE: orphan rows; DUPLICATE_PERSON: pairs, i.e. extra registrations); missing
 * values in required target fields as MISSING_REQUIRED / MISSING_VALUE (error).
 *
 * Complexity points = T + A + 3·R + 5·V + I/2, where T = tables with rows, A = error/warning
 * findings with a one-click fix, R = error/warning findings needing a person or a rule, V = volume
 * class (0 below 100,000 rows in all, 1 below 1 million, 2 below 10 million, 3 above), I =
 * relationships that had to be inferred. Low below 30, Medium below 80, High from 80.
 *
 * Effort (days) = 1 + 0.25·T + 0.1·A + 0.5·R + 0.5·V + 0.05·I, rounded up to the half day: a day
 * to set up and rehearse, a quarter day per table to map and check, minutes per one-click fix,
 * half a day per problem someone has to chase, more rehearsal time as the volume grows.
 */
export const SEVERITY_WEIGHT: Record<Severity, number> = { error: 1, warning: 0.4, info: 0 };
export const FIX_WEIGHT: Record<FindingFix['kind'] | 'none', number> = { transform: 0.25, crosswalk: 0.25, rule: 0.5, review: 1, exclusion: 1, none: 1 };
/**
 * A crosswalk the studio builds with every observed code placed (`F`/`M` → female/male, `7` →
 * 07): one click and nothing to decide, so it weighs a fifth of a crosswalk with codes left to
 * place. A clean export of pupils in the school's own codes is ready, not 81 % ready.
 */
export const COMPLETE_CROSSWALK_WEIGHT = 0.05;
export const COMPLEXITY_LIMITS = { medium: 30, high: 80 } as const;
/** Share of the overall score given to the lowest table score. */
export const WEAKEST_TABLE_SHARE = 0.3;

export interface ReadinessTable {
  table: string;
  rows: number;
  /** The Academia Pro entity the table becomes (mapped or guessed), for the push estimate. */
  entity: string | null;
  /**
   * When the table feeds several entities (a person table of several roles, one table of
   * enrolments with their grades): each entity and the records it gets. Counted by the push
   * estimate instead of `entity`.
   */
  entities?: { entity: string; rows: number }[];
}

export interface ReadinessInput {
  tables: readonly ReadinessTable[];
  findings: readonly Finding[];
  relationships: readonly Relationship[];
  push?: PushAssumptions;
  /** The contract's maxBatchRecords, or null when the contract could not be read. */
  contractBatch: number | null;
}

/** The penalty one finding puts on its table's score (0–1). */
export function findingPenalty(f: Finding, tableRows: number): number {
  if (tableRows <= 0) return 0;
  const fraction = Math.min(1, f.count / tableRows);
  return SEVERITY_WEIGHT[f.severity] * fixWeight(f) * fraction;
}

function fixWeight(f: Finding): number {
  if (f.fix?.kind === 'crosswalk' && isCompleteCrosswalk(f.fix.payload)) return COMPLETE_CROSSWALK_WEIGHT;
  return FIX_WEIGHT[f.fix?.kind ?? 'none'];
}

function isCompleteCrosswalk(payload: unknown): boolean {
  const unmapped = (payload as { unmapped?: unknown } | undefined)?.unmapped;
  return Array.isArray(unmapped) && unmapped.length === 0;
}

/**
 * A table with one row that feeds no Academia Pro entity is settings or configuration (the
 * application's version, the school's name): what is wrong in it is shown, but it does not move
 * the score — as one table among few, and as the "weakest table", a single row would outweigh
 * every pupil.
 */
function countsForScore(t: ReadinessTable): boolean {
  return t.rows > 1 || t.entity !== null || Boolean(t.entities?.length);
}

/** True for a fix the mapping adopts in one click. */
export function isOneClick(f: Finding): boolean {
  return f.fix?.kind === 'transform' || f.fix?.kind === 'crosswalk';
}

export function computeReadiness(input: ReadinessInput): Readiness {
  const explanation: string[] = [];
  const perTable: Readiness['perTable'] = [];
  let weighted = 0;
  let weights = 0;
  let lowest = 100;
  for (const t of input.tables) {
    const own = input.findings.filter((f) => f.table === t.table);
    const penalties = own.map((f) => ({ f, p: findingPenalty(f, t.rows) })).filter((x) => x.p > 0);
    const product = penalties.reduce((a, x) => a * (1 - x.p), 1);
    const score = t.rows === 0 ? 100 : Math.round(100 * product);
    perTable.push({ table: t.table, score, rows: t.rows });
    if (t.rows === 0) continue;
    if (!countsForScore(t)) {
      explanation.push(`${t.table}: ${score}, not in the score: one row, feeding no Academia Pro entity (settings or a side table; its findings are still listed).`);
      continue;
    }
    lowest = Math.min(lowest, score);
    const w = Math.log10(t.rows + 10);
    weighted += score * w;
    weights += w;
    if (penalties.length) {
      const top = penalties.sort((a, b) => b.p - a.p).slice(0, 4);
      explanation.push(
        `${t.table}: ${score} = 100 × ${top.map((x) => `(1 − ${x.p.toFixed(3)} ${x.f.code}${x.f.column ? ` ${x.f.column}` : ''})`).join(' × ')}${penalties.length > top.length ? ` × ${penalties.length - top.length} smaller factor${penalties.length - top.length === 1 ? '' : 's'}` : ''}.`,
      );
    } else explanation.push(`${t.table}: 100, no finding lowers it.`);
  }
  const mean = weights > 0 ? weighted / weights : 100;
  const score = Math.round((1 - WEAKEST_TABLE_SHARE) * mean + WEAKEST_TABLE_SHARE * lowest);
  explanation.unshift(
    `Score ${score} = 0.7 × ${round1(mean)} (table scores averaged, weighted by log10(rows + 10)) + 0.3 × ${lowest} (the lowest table score). A table scores 100 × Π(1 − severity × fix × share of rows) over its findings; severity: error 1, warning 0.4, info 0; fix: one-click 0.25, rule 0.5, needs a person 1.`,
  );

  const active = input.tables.filter((t) => t.rows > 0);
  // Effort follows what is migrated: the tables that feed an Academia Pro entity, when any is
  // known (a school database has dozens of settings, log and link tables nobody maps); else every table.
  const feeding = active.filter((t) => t.entity !== null || t.entities?.length);
  const worked = feeding.length ? feeding : active;
  const workedNames = new Set(worked.map((t) => t.table));
  const T = worked.length;
  const serious = input.findings.filter((f) => f.severity !== 'info' && (!feeding.length || workedNames.has(f.table) || !input.tables.some((t) => t.table === f.table)));
  const A = serious.filter(isOneClick).length;
  const R = serious.length - A;
  const totalRows = active.reduce((a, t) => a + t.rows, 0);
  const V = totalRows < 100_000 ? 0 : totalRows < 1_000_000 ? 1 : totalRows < 10_000_000 ? 2 : 3;
  const I = input.relationships.filter((r) => !r.declared && (!feeding.length || (workedNames.has(r.fromTable) && workedNames.has(r.toTable)))).length;
  const points = T + A + 3 * R + 5 * V + I / 2;
  const complexity: Readiness['complexity'] = points < COMPLEXITY_LIMITS.medium ? 'Low' : points < COMPLEXITY_LIMITS.high ? 'Medium' : 'High';
  const effortDays = Math.ceil((1 + 0.25 * T + 0.1 * A + 0.5 * R + 0.5 * V + 0.05 * I) * 2) / 2;
  explanation.push(
    `Complexity ${complexity}: ${T} tables${feeding.length && feeding.length < active.length ? ` (those that feed Academia Pro entities, of ${active.length} with rows)` : ''} + ${A} one-click fixes + 3 × ${R} problems needing a person + 5 × volume class ${V} (${totalRows.toLocaleString('en')} rows) + ${I} inferred relationships ÷ 2 = ${round1(points)} points (Low < ${COMPLEXITY_LIMITS.medium} ≤ Medium < ${COMPLEXITY_LIMITS.high} ≤ High).`,
    `Effort ${effortDays} days = 1 + 0.25 × ${T} + 0.1 × ${A} + 0.5 × ${R} + 0.5 × ${V} + 0.05 × ${I}, rounded up to the half day.`,
  );

  const volumes = new Map<string, number>();
  const unplaced: string[] = [];
  for (const t of active) {
    if (t.entities?.length) for (const e of t.entities) volumes.set(e.entity, (volumes.get(e.entity) ?? 0) + e.rows);
    else if (t.entity) volumes.set(t.entity, (volumes.get(t.entity) ?? 0) + t.rows);
    else unplaced.push(t.table);
  }
  const push = estimatePush(
    [...volumes.entries()].map(([entity, records]) => ({ entity, records })),
    input.push,
    input.contractBatch,
  );
  let pushEstimate: string | null = null;
  let pushMinutes: number | null = null;
  if ('reason' in push) explanation.push(push.reason);
  else {
    pushEstimate = push.text;
    pushMinutes = Math.round(push.minutes * 10) / 10;
    explanation.push(...push.explanation);
    if (unplaced.length) explanation.push(`Push: not counted, no Academia Pro entity recognised for ${unplaced.join(', ')}.`);
  }
  const blockers = input.findings.filter((f) => f.blocking).map((f) => ({ code: f.code, table: f.table, column: f.column, message: f.message }));
  if (blockers.length) explanation.unshift(`Blocked: ${blockers.length === 1 ? 'one problem stops' : `${blockers.length} problems stop`} the migration until the school decides (${blockers.map((b) => `${b.code} ${b.table}${b.column ? `.${b.column}` : ''}`).join(', ')}); see each finding's choices.`);
  const entityRecords = [...volumes.entries()].map(([entity, records]) => ({ entity, records }));
  return { score, complexity, effortDays, pushEstimate, explanation, perTable, pushMinutes, blockers, entityRecords };
}

function round1(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
