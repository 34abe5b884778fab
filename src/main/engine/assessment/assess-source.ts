import { StudioError } from '../../../shared/errors';
import type { AssessmentResult, ColumnProfile, DuplicateCandidate, Finding, Relationship } from '../../../shared/model/assessment';
import type { StreamInfo } from '../../../shared/model/connection';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { SourceConnector } from '../connectors/connector';
import { recogniseEntities } from '../suggest/recognise-entities';
import { secretColumnsOf } from '../connectors/secret-guard';
import { loadTargetContract, type TargetContract } from '../../../academia-api/contract';
import { targetModelOf } from '../academia/target-model';
import { mappingFindings } from './findings/mapping-findings';
import { backupFinding, findBackupTables } from './findings/backup-tables';
import { codeStateFindings } from './findings/code-state-findings';
import { enrolledAgeGradeFindings } from './findings/enrolled-age-grade';
import { mergeFindings } from './findings/merge-findings';
import { onePerProblem } from './findings/one-per-problem';
import { tableFindings } from './findings/table-findings';
import { TargetFieldResolver, type TableRole } from './findings/target-fields';
import { splitByRole, type RoleCount, type RoleSplit } from './profiling/role-split';
import { findDuplicatePeople, type MatchingOptions } from './matching';
import { ymdToIso } from './profiling/date-math';
import { TableProfiler, type ProfilingOptions, type TableProfile } from './profiling/table-profiler';
import type { PushAssumptions } from './readiness/push-estimate';
import { computeReadiness } from './readiness/readiness';
import { analyzeRelationships } from './relationships';

export type { PushAssumptions } from './readiness/push-estimate';

/** Progress of the profiling pass: rows of the current table read so far. */
export interface AssessProgress {
  table: string;
  rowsDone: number;
  rowsTotal: number | null;
}

/** Options of `assessSource`. */
export interface AssessOptions {
  /** How the source is named in the result and the report (a path or a connection string with the password masked). */
  sourceLabel: string;
  signal?: AbortSignal;
  onProgress?: (p: AssessProgress) => void;
  /** The project's mappings: they say which target field each column feeds, so required fields can be checked. */
  mappings?: EntityMapping[];
  /** The clock (dates after today are "in the future"); injected by tests. */
  now?: () => Date;
  /** The target's rate limits and measured latency, for the push-time estimate; without them there is none. */
  push?: PushAssumptions;
  /** The Academia Pro contract; read from the resources folder when absent, `null` to assess without it. */
  contract?: TargetContract | null;
  /** Tuning of the profiling pass (tests, benchmarks). */
  profiling?: Pick<ProfilingOptions, 'exactDistinctLimit' | 'sketchSize' | 'maxExamples'> & { batchSize?: number };
  /** Skip the relationship and people-matching steps (profiling benchmarks). */
  skipRelationships?: boolean;
  skipMatching?: boolean;
  /**
   * The school year being migrated (the project scope): its first day, yyyy-MM-dd. Ages are
   * checked against grades at that day rather than at a date taken from the file.
   */
  schoolYear?: { start: string };
  /** Assess backup and copy tables too (`pupils_backup`, `Copy of pupils`); by default a copy whose live table is there is left out. */
  includeBackups?: boolean;
  /** Tuning of duplicate matching: how many people it holds in memory before spilling to disk (tests, benchmarks). */
  matching?: Pick<MatchingOptions, 'peopleInMemory' | 'maxBlock'>;
}

const DEFAULT_BATCH = 2000;

/**
 * Assesses a whole source: discovers its tables, profiles each in one streamed pass, checks keys
 * and references, looks for people registered twice, turns what it saw into findings with fixes,
 * and scores readiness. A table that cannot be read, a column of a kind that cannot be profiled,
 * or a source that goes away half-way does not stop the rest: the result lists what was not
 * assessed and why. Cancelling (the signal) stops with CANCELLED.
 */
export async function assessSource(connector: SourceConnector, opts: AssessOptions): Promise<AssessmentResult> {
  const now = opts.now?.() ?? new Date();
  const notAssessed: AssessmentResult['notAssessed'] = [];
  const notes: string[] = [];
  const discovered = await discover(connector, opts.sourceLabel);
  // Leftover copies of live tables are flagged and left out by default: their rows are no
  // records to migrate, and every person in them would be a "duplicate" of the live table.
  const backups = findBackupTables(discovered.map((s) => s.name));
  const backupFindings: Finding[] = [];
  const leftOut = new Set<string>();
  for (const b of backups) {
    const stream = discovered.find((s) => s.name === b.table)!;
    // An empty working table (`temp_…`) with no live table to copy is no leftover worth a word.
    if (!b.copyOf && stream.rowEstimate === 0) continue;
    const rows = b.copyOf && !opts.includeBackups ? await rowCount(connector, stream) : (stream.rowEstimate ?? 0);
    backupFindings.push(backupFinding(b, rows, b.copyOf !== null && !opts.includeBackups));
    if (b.copyOf && !opts.includeBackups) {
      leftOut.add(b.table);
      notAssessed.push({ table: b.table, column: null, reason: `It is a backup copy of ${b.copyOf}, left out by default.` });
    }
  }
  const streams = discovered.filter((s) => !leftOut.has(s.name));

  let contract: TargetContract | null = null;
  if (opts.contract !== undefined) contract = opts.contract;
  else {
    try {
      contract = loadTargetContract('v1');
    } catch (err) {
      notes.push(`The Academia Pro contract could not be read (${describe(err)}), so target enums and required fields were not checked.`);
    }
  }
  const tables: TableProfile[] = [];
  for (const stream of streams) {
    throwIfCancelled(opts.signal);
    try {
      tables.push(await profileTable(connector, stream, now, opts));
    } catch (err) {
      if (isCancel(err, opts.signal)) throw cancelled();
      notAssessed.push({ table: stream.name, column: null, reason: `It could not be read: ${describe(err)}` });
      continue;
    }
    const table = tables[tables.length - 1];
    // Secret columns (password hashes, tokens, security answers) read as null: they are neither
    // profiled nor quoted, only listed, so no finding is raised about values the studio never saw.
    const secret = secretColumnsOf(connector, stream.name);
    if (secret.size) {
      table.columns = table.columns.filter((c) => !secret.has(c.info.name));
      for (const [column, why] of secret) notAssessed.push({ table: stream.name, column, reason: `It holds secrets (${why}): its values are never read into the studio, and it should not be migrated.` });
    }
    for (const c of table.columns) {
      if (c.stats.binary > 0) notAssessed.push({ table: stream.name, column: c.info.name, reason: `${c.stats.binary.toLocaleString('en')} binary values (files, images) are counted but not profiled.` });
      if (c.stats.unreadable > 0) notAssessed.push({ table: stream.name, column: c.info.name, reason: `${c.stats.unreadable.toLocaleString('en')} values of a kind the studio cannot read (${String(c.stats.examples.unreadable[0]?.value ?? 'unknown')}, column type ${c.info.nativeType}) were skipped.` });
    }
  }

  const assessed = tables.map((t) => t.stream);
  const profiles: ColumnProfile[] = tables.flatMap((t) => t.columns.map((c) => c.profile));
  // One recogniser for what each table becomes (suggestions use the same), from names, columns and values.
  const resolver = contract ? new TargetFieldResolver(contract, opts.mappings ?? [], recogniseEntities({ streams: assessed, profiles, model: targetModelOf(contract) })) : null;

  // A table read as several entities (one people table for students, staff and parents) is read
  // once more, to count each role's rows and empties: what is required is required of a role.
  const byRole = new Map<string, { roles: TableRole[]; split: RoleSplit }>();
  for (const t of resolver ? tables : []) {
    const roles = resolver!.rolesOf(t.table);
    if (!roles || t.rows === 0) continue;
    throwIfCancelled(opts.signal);
    try {
      byRole.set(t.table, { roles, split: await splitByRole(connector, t.table, t.stream.primaryKey, roles, { batchSize: opts.profiling?.batchSize ?? DEFAULT_BATCH, signal: opts.signal }) });
    } catch (err) {
      if (isCancel(err, opts.signal)) throw cancelled();
      notAssessed.push({ table: t.table, column: null, reason: `Its roles (${roles.map((r) => r.entity).join(', ')}) could not be told apart (${describe(err)}), so required fields were checked over the whole table.` });
    }
  }

  let relationships: Relationship[] = [];
  const specialised: Finding[] = [...backupFindings];
  const keyedTables = new Set<string>();
  if (!opts.skipRelationships && assessed.length) {
    try {
      const analysis = await analyzeRelationships(connector, assessed, profiles, { signal: opts.signal });
      relationships = analysis.relationships;
      specialised.push(...analysis.findings);
      notAssessed.push(...analysis.notAssessed);
      for (const k of analysis.keys) keyedTables.add(k.table);
    } catch (err) {
      if (isCancel(err, opts.signal)) throw cancelled();
      notAssessed.push({ table: '(all tables)', column: null, reason: `Keys and references could not be checked: ${describe(err)}` });
    }
  }

  if (relationships.length) {
    try {
      const ageGrade = await enrolledAgeGradeFindings(connector, assessed, relationships, now, opts.signal, scopeDay(opts));
      specialised.push(...ageGrade.findings);
      notAssessed.push(...ageGrade.notAssessed);
    } catch (err) {
      if (isCancel(err, opts.signal)) throw cancelled();
      notAssessed.push({ table: '(all tables)', column: null, reason: `Ages could not be checked against enrolled grades: ${describe(err)}` });
    }
  }

  try {
    specialised.push(...(await codeStateFindings(connector, assessed, opts.signal)));
  } catch (err) {
    if (isCancel(err, opts.signal)) throw cancelled();
    notAssessed.push({ table: '(all tables)', column: null, reason: `Attendance codes could not be checked against their states: ${describe(err)}` });
  }

  let duplicates: DuplicateCandidate[] = [];
  if (!opts.skipMatching && assessed.length) {
    try {
      const roleParts = new Map([...byRole].map(([table, r]) => [table, r.split]));
      const matching = await findDuplicatePeople(connector, assessed, profiles, { ...opts.matching, roleParts, signal: opts.signal });
      duplicates = matching.duplicates;
      specialised.push(...matching.findings);
      notAssessed.push(...matching.notAssessed);
      notes.push(...matching.notes);
    } catch (err) {
      if (isCancel(err, opts.signal)) throw cancelled();
      notAssessed.push({ table: '(all tables)', column: null, reason: `People could not be compared for duplicates: ${describe(err)}` });
    }
  }

  const today = ymdToIso(now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate());
  // The key analysis looked at keys directly; profiling's own key findings only stand in for tables it could not check.
  const profiling = tables.flatMap((t) => tableFindings(t, resolver, today, byRole.get(t.table))).filter((f) => !(keyedTables.has(f.table) && (f.code === 'NO_PRIMARY_KEY' || f.code === 'DUPLICATE_KEY')));
  if (contract && opts.mappings?.length) profiling.push(...mappingFindings(opts.mappings, tables, contract, (m) => rowsOfMapping(byRole.get(m.stream), m.id)));
  const findings = mergeFindings(onePerProblem(profiling), specialised);

  const readiness = computeReadiness({
    tables: tables.map((t) => ({ table: t.table, rows: t.rows, entity: resolver?.entityFor(t.table) ?? null, ...entityVolumes(t, resolver, byRole.get(t.table)?.split) })),
    findings,
    relationships,
    push: opts.push,
    contractBatch: contract?.limits.maxBatchRecords ?? null,
  });
  readiness.explanation.push(...notes);
  const skippedTables = notAssessed.filter((n) => n.column === null && !n.table.startsWith('('));
  if (skippedTables.length) readiness.explanation.push(`Not in the score: ${skippedTables.map((n) => n.table).join(', ')} (see "not assessed").`);

  return { source: opts.sourceLabel, assessedAt: now.toISOString(), readiness, findings, duplicates, relationships, profiles, notAssessed };
}

/**
 * The records each entity gets from a table that feeds several: a role's rows are counted from
 * the role column's values (exact when the profile counted them exactly), other entities get
 * every row. Nothing when the table feeds one entity or none.
 */
function entityVolumes(table: TableProfile, resolver: TargetFieldResolver | null, split: RoleSplit | undefined): { entities?: { entity: string; rows: number }[] } {
  const feeds = resolver?.entitiesFor(table.table) ?? [];
  if (feeds.length < 2) return {};
  // Counted row by row when the table was split by role (exact, membership roles too).
  if (split) return { entities: split.roles.map((r) => ({ entity: r.entity, rows: r.rows })) };
  return {
    entities: feeds.map((f) => {
      const values = f.filter?.values;
      const column = values ? table.columns.find((c) => c.info.name === f.filter!.column) : undefined;
      if (!values || !column) return { entity: f.entity, rows: table.rows };
      const rows = column.profile.topValues.filter((v) => values.includes(v.value)).reduce((n, v) => n + v.count, 0);
      return { entity: f.entity, rows };
    }),
  };
}

/** The rows a mapping keeps of a table split by role, when it defines one of the roles. */
function rowsOfMapping(split: { roles: TableRole[]; split: RoleSplit } | undefined, mappingId: string): RoleCount | null {
  if (!split) return null;
  const i = split.roles.findIndex((r) => r.mappingId === mappingId);
  return i >= 0 ? (split.split.roles[i] ?? null) : null;
}

/** A left-out table's rows, for its finding; the discovery estimate when counting fails. */
async function rowCount(connector: SourceConnector, stream: StreamInfo): Promise<number> {
  try {
    return await connector.count(stream.name);
  } catch {
    return stream.rowEstimate ?? 0;
  }
}

async function discover(connector: SourceConnector, label: string): Promise<StreamInfo[]> {
  try {
    return await connector.discover();
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('CONNECTION_FAILED', `The tables of ${label} could not be listed: ${describe(err)}`, 'Check that the source is reachable and readable, then run the assessment again.', { cause: err });
  }
}

async function profileTable(connector: SourceConnector, stream: StreamInfo, now: Date, opts: AssessOptions): Promise<TableProfile> {
  const profiler = new TableProfiler(stream, { now, ...opts.profiling, scopeDay: scopeDay(opts) });
  const total = stream.rowEstimate;
  let done = 0;
  opts.onProgress?.({ table: stream.name, rowsDone: 0, rowsTotal: total });
  for await (const batch of connector.read(stream.name, { batchSize: opts.profiling?.batchSize ?? DEFAULT_BATCH, signal: opts.signal })) {
    throwIfCancelled(opts.signal);
    profiler.addBatch(batch);
    done += batch.length;
    opts.onProgress?.({ table: stream.name, rowsDone: done, rowsTotal: total });
  }
  return profiler.finish();
}

/** The scope's first day as yyyymmdd, or undefined without a scope. */
function scopeDay(opts: AssessOptions): number | undefined {
  const m = opts.schoolYear ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.schoolYear.start) : null;
  if (opts.schoolYear && !m) throw new StudioError('BAD_REQUEST', `The school year's first day "${opts.schoolYear.start}" is not a date written yyyy-MM-dd.`, 'Give the first day of the school year being migrated, such as 2025-09-01.');
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : undefined;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

function cancelled(): StudioError {
  return new StudioError('CANCELLED', 'The assessment was cancelled.', 'Start it again when ready; nothing was changed in the source.');
}

function isCancel(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (err instanceof StudioError && err.code === 'CANCELLED');
}

function describe(err: unknown): string {
  if (err instanceof StudioError) return err.hint ? `${err.message} ${err.hint}` : err.message;
  return err instanceof Error ? err.message : String(err);
}
