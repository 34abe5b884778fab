import type { RejectCorrection, RejectOutcome, RejectRecord, RejectStage } from '../../../shared/api/contracts/rejects';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { TargetContract } from '../../../academia-api/contract';
import { maskPersonalData } from '../security/masking';
import { maskValue, type MaskKind } from '../values/mask';
import { maskKindOf } from '../pipeline/plan/preview-mapping';
import { UNCODED_REASON, type StoredReject } from '../project/rejects-repo';
import type { StoredCorrection, StoredOutcome } from '../project/quarantine-repo';

/** What an entity's mapping says of the columns a reject keeps: which field each feeds, and which are personal. */
interface EntityColumns {
  columnOfField: Map<string, string>;
  personal: Map<string, MaskKind>;
  /** Personal target fields (a correction is a field's value, masked as the field is). */
  personalFields: Map<string, MaskKind>;
}

/**
 * Turns stored rejects into what a person sees or exports: each reason with its code (REJECTED
 * when the stage named none) and the value of the column feeding its field; with masking on,
 * a column that feeds a personal target field is masked like a preview masks that field, and
 * those values (and e-mails, phones, personal `key=value`s) are masked inside the messages too.
 */
export class RejectView {
  private readonly byEntity = new Map<string, EntityColumns>();

  constructor(
    mappings: readonly EntityMapping[],
    contract: TargetContract,
    readonly masked: boolean,
  ) {
    for (const m of mappings) {
      const cols: EntityColumns = this.byEntity.get(m.entity) ?? { columnOfField: new Map(), personal: new Map(), personalFields: new Map() };
      const fields = contract.hasEntity(m.entity) ? new Map(contract.entity(m.entity).fields.map((f) => [f.name, f])) : new Map();
      for (const fm of m.fields) {
        if (!fm.column) continue;
        if (!cols.columnOfField.has(fm.field)) cols.columnOfField.set(fm.field, fm.column);
        const f = fields.get(fm.field);
        if (f?.personal) cols.personal.set(fm.column, maskKindOf(f));
      }
      for (const f of fields.values()) if (f.personal) cols.personalFields.set(f.name, maskKindOf(f));
      this.byEntity.set(m.entity, cols);
    }
  }

  /**
   * A reject with what the quarantine added to it: the person's corrections (a personal field's
   * value masked like the field) and the last re-run's outcome (its reasons masked like the row's).
   */
  presentWithFixes(r: StoredReject, corrections: readonly StoredCorrection[], outcome: StoredOutcome | null): RejectRecord {
    const base = this.present(r);
    const cols = this.byEntity.get(r.entity);
    const personalValues = Object.entries(r.row).filter(([c, v]) => typeof v === 'string' && cols?.personal.has(c)).map(([, v]) => v as string);
    for (const c of corrections) if (typeof c.value === 'string' && cols?.personalFields.has(c.field)) personalValues.push(c.value);
    const text = (s: string) => (this.masked ? maskPersonalData(s, { personal: personalValues }) : s);
    const fixes: RejectCorrection[] = corrections.map((c) => {
      const kind = this.masked ? cols?.personalFields.get(c.field) : undefined;
      return { field: c.field, value: kind ? maskValue(c.value, kind) : c.value, by: c.by, at: c.at };
    });
    const out: RejectOutcome | null = outcome
      ? {
          status: outcome.status,
          rerunId: outcome.rerunId,
          at: outcome.at,
          reasons: (outcome.errors ?? []).map((e) => ({ field: e.field, stage: (e as { stage?: RejectStage }).stage ?? r.stage, code: e.code ?? UNCODED_REASON, message: text(e.message), value: null })),
        }
      : null;
    return { ...base, corrections: fixes, outcome: out };
  }

  present(r: StoredReject): RejectRecord {
    const cols = this.byEntity.get(r.entity);
    const personalValues: string[] = [];
    const row: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(r.row)) {
      const kind = this.masked ? cols?.personal.get(column) : undefined;
      if (kind) {
        if (typeof value === 'string') personalValues.push(value);
        row[column] = maskValue(value, kind);
      } else row[column] = value;
    }
    const text = (s: string) => (this.masked ? maskPersonalData(s, { personal: personalValues }) : s);
    return {
      id: r.id,
      entity: r.entity,
      stage: r.stage,
      key: r.key,
      sourceRow: r.sourceRow,
      reasons: r.errors.map((e) => {
        const column = e.field === null ? undefined : (cols?.columnOfField.get(e.field) ?? (e.field in r.row ? e.field : undefined));
        return { field: e.field, stage: r.stage, code: e.code ?? UNCODED_REASON, message: text(e.message), value: column !== undefined && column in row ? row[column] : null };
      }),
      row,
    };
  }
}
