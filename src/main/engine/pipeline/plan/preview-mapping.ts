import type { EntityMapping } from '../../../../shared/model/mapping';
import type { MappingPreview, MappingPreviewRow } from '../../../../shared/model/mapping-api';
import { emptyCounters } from '../../../../shared/model/counters';
import { StudioError } from '../../../../shared/errors';
import { maskValue, type MaskKind } from '../../values/mask';
import type { SourceConnector } from '../../connectors/connector';
import { noPersonCrosswalk } from '../person-crosswalk';
import { runPlan } from '../plan-executor';
import type { RunTarget, StagingStore } from '../run-context';
import { planEntity } from '../run-plan';
import type { BadRow, RecordRow, StageContext } from '../stages/stage';
import type { JoinIndexStore } from '../../project/join-index-repo';
import { maskPersonalData } from '../../security/masking';
import type { FieldContract, TargetContract } from '../../../../academia-api/contract';
import { withExpressionDeadline } from '../../mapping/expressions/expression-deadline';
import { mapRow } from '../../mapping/map-row';

export interface PreviewOptions {
  contract: TargetContract;
  schoolId: string;
  limit: number;
  /** Settings' maskPersonalData. */
  mask: boolean;
  openSource(connectionId: string): Promise<SourceConnector>;
  joinIndex?: JoinIndexStore;
  signal?: AbortSignal;
  /** Milliseconds all the preview's expressions may take together (default PREVIEW_EXPRESSION_TIME_MS). */
  expressionTimeMs?: number;
}

/** How long the expressions of one preview may run in all. */
export const PREVIEW_EXPRESSION_TIME_MS = 5_000;

/**
 * The first rows of a mapping through the real stages (the preview plan of `run-plan.ts`: read →
 * … → validate → collect), each with the record it makes and its outcome: valid, valid with
 * warnings, or rejected with the stage, field and reason. Writes nothing and pushes nothing; the
 * source stops being read once enough rows were seen. Personal fields (x-personal-data) are
 * masked as examples elsewhere are, and so are their values inside reasons.
 */
export async function previewMapping(mapping: EntityMapping, opts: PreviewOptions): Promise<MappingPreview> {
  const plan = planEntity(mapping, { kind: 'preview', limit: opts.limit }, { readBatchSize: Math.min(500, Math.max(opts.limit, 50)), pushBatchSize: 1 });
  const counters = emptyCounters();
  const ctx: StageContext = {
    runId: `preview-${mapping.id || mapping.entity}`,
    entity: mapping.entity,
    signal: opts.signal ?? new AbortController().signal,
    counters,
    services: {
      openSource: opts.openSource,
      staging: writesNothing as unknown as StagingStore,
      target: { contract: opts.contract, baseUrl: '', schoolId: opts.schoolId, client: pushesNothing },
      crosswalk: noPersonCrosswalk(opts.contract),
      ...(opts.joinIndex ? { joinIndex: opts.joinIndex } : {}),
    },
    now: () => new Date(),
    log: () => undefined,
    progress: () => undefined,
    begin: () => undefined,
  };
  // Expressions of the whole preview share one deadline: a slow expression costs its rows (rejected with EXPRESSION_DEADLINE), never the screen.
  const deadline = Date.now() + (opts.expressionTimeMs ?? PREVIEW_EXPRESSION_TIME_MS);
  const out = await withExpressionDeadline(deadline, () => runPlan<RecordRow>(plan, ctx));
  const fieldsByName = opts.contract.hasEntity(mapping.entity) ? new Map(opts.contract.entity(mapping.entity).fields.map((f) => [f.name, f])) : new Map<string, FieldContract>();
  const rows: MappingPreviewRow[] = [
    ...out.rows.map((r) => goodRow(mapping, r)),
    ...out.bad.map((b) => badRow(mapping, b)),
  ].sort((a, b) => (a.sourceRow ?? Infinity) - (b.sourceRow ?? Infinity));
  return {
    mappingId: mapping.id || null,
    entity: mapping.entity,
    rows: opts.mask ? rows.map((r) => maskRow(r, fieldsByName)) : rows,
    skipped: counters.skipped,
    masked: opts.mask,
  };
}

function goodRow(mapping: EntityMapping, r: RecordRow): MappingPreviewRow {
  const warnings: MappingPreviewRow['warnings'] = (r.warnings ?? []).map((w) => ({ field: w.field ?? 'record', message: w.message }));
  for (const f of mapping.fields) {
    if (f.column === null || f.field === 'externalId') continue;
    const v = r.row[f.column];
    const given = v !== null && v !== undefined && String(v).trim() !== '';
    if (given && (r.record[f.field] === undefined || r.record[f.field] === null)) warnings.push({ field: f.field, message: `The source value of ${f.column} mapped to nothing, so ${f.field} is left empty.` });
  }
  return { sourceRow: r.sourceRow, externalId: r.externalId, outcome: warnings.length ? 'warnings' : 'valid', fields: r.record, reasons: [], warnings };
}

function badRow(mapping: EntityMapping, b: BadRow): MappingPreviewRow {
  // A row rejected by validation carries its source row only; mapping it again (pure) shows what it made.
  const fields = b.record ?? (b.stage === 'validate' ? mapRow(mapping, b.row).record : {});
  return { sourceRow: b.sourceRow, externalId: b.externalId, outcome: 'rejected', fields, reasons: b.errors.map((e) => ({ stage: b.stage, field: e.field, message: e.message, ...(e.code ? { code: e.code } : {}) })), warnings: [] };
}

function maskRow(r: MappingPreviewRow, fields: Map<string, FieldContract>): MappingPreviewRow {
  const personalValues: string[] = [];
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(r.fields)) {
    const f = fields.get(name);
    if (!f?.personal) {
      masked[name] = value;
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') personalValues.push(v);
    const kind = maskKindOf(f);
    masked[name] = Array.isArray(value) ? value.map((v) => maskValue(v, kind)) : maskValue(value, kind);
  }
  const text = (s: string) => maskPersonalData(s, { personal: personalValues });
  return { ...r, fields: masked, reasons: r.reasons.map((x) => ({ ...x, message: text(x.message) })), warnings: r.warnings.map((w) => ({ ...w, message: text(w.message) })) };
}

/** How a personal target field's values are masked (rejects use it for the columns feeding such a field). */
export function maskKindOf(f: FieldContract): MaskKind {
  if (f.format === 'email' || /e-?mail/i.test(f.name)) return 'email';
  if (/phone|mobile|tel/i.test(f.name)) return 'phone';
  if (f.format === 'date' || /birth/i.test(f.name)) return 'birthDate';
  if (/address|street|postcode/i.test(f.name)) return 'address';
  return 'name';
}

const nothingWritten = () => {
  throw new StudioError('INTERNAL', 'A preview writes nothing, yet a stage tried to write.', 'Report this; previews end in the collect stage.');
};
const writesNothing = new Proxy({}, { get: () => nothingWritten });
const pushesNothing: RunTarget['client'] = { pushBatch: nothingWritten, list: nothingWritten };
