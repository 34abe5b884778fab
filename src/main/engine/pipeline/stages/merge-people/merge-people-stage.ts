import { z } from 'zod';
import type { MemberRecord, PersonMergePlan } from '../../person-merge';
import { fillFromDuplicates, planPersonMerge, redirectReferences } from '../../person-merge';
import { logUnapplied, memberOf, personKeyOf } from '../../person-crosswalk';
import { defineStage, type Batch, type RecordRow, type StageContext } from '../stage';
import { entityRemarks, settingsRemarks } from '../stage-helpers';

export const mergePeopleSettings = z.object({ entity: z.string().min(1) });
export type MergePeopleSettings = z.infer<typeof mergePeopleSettings>;

interface Tally {
  skipped: number;
  filled: number;
  redirected: number;
}

/**
 * Applies the person crosswalk confirmed in the assessment's review queue: a duplicate is sent as
 * its survivor (counted skipped), the survivor's blanks are filled from its duplicates, and
 * references to a merged person point at the survivor.
 *
 * For a people entity the plan is made from this very read: the rows of confirmed pairs (a few
 * per cluster) are held back until the stream ends, the survivor rule then decides, and the held
 * rows go on. Every other row passes straight through, so memory stays small and the source is
 * read once. A held row keeps its source row number; only its place in the stream moves to the end.
 */
export const mergePeopleStage = defineStage<MergePeopleSettings, RecordRow, RecordRow>({
  kind: 'merge-people',
  label: 'Merge confirmed duplicates',
  settings: mergePeopleSettings,
  fields(_settings, input) {
    return input;
  },
  check(settings, input, env) {
    const remarks = settingsRemarks('merge-people', mergePeopleSettings, settings);
    if (remarks.length) return remarks;
    remarks.push(...entityRemarks('merge-people', settings.entity, env));
    if (input.fields.length && !input.fields.some((f) => f.name === 'externalId')) {
      remarks.push({ level: 'error', stage: 'merge-people', place: 'input', message: 'Rows reach this stage without an externalId, so no person can be found again.' });
    }
    return remarks;
  },
  async *process(input, { entity }, ctx) {
    const { crosswalk } = ctx.services;
    const people = crosswalk.people(entity);
    const references = crosswalk.referenceFields(entity);
    const own = crosswalk.plan(entity);
    if (!people && !own?.mergedInto.size && !own?.donors.size && !references.length) {
      yield* input;
      return;
    }
    const tally: Tally = { skipped: 0, filled: 0, redirected: 0 };
    const held: Batch<RecordRow> = { rows: [], bad: [] };
    const heldIds = new Set<string>();
    const members = new Map<string, MemberRecord>();
    // A row is held when it is a record of a confirmed pair, or shares the externalId of one.
    const hold = (row: Record<string, unknown>, externalId: string | null, record: Record<string, unknown> | undefined): boolean => {
      if (!people) return false;
      const personKey = personKeyOf(row, people.keyColumns);
      const wanted = personKey !== null && people.wanted.has(personKey);
      if (!wanted && !(externalId && heldIds.has(externalId))) return false;
      if (wanted && externalId && record && !members.has(personKey)) members.set(personKey, memberOf(personKey, row, externalId, record, people.updated));
      if (externalId) heldIds.add(externalId);
      return true;
    };

    for await (const batch of input) {
      const out: Batch<RecordRow> = { rows: [], bad: [] };
      for (const r of batch.rows) {
        if (hold(r.row, r.externalId, r.record)) held.rows.push(r);
        else apply(r, own, references, tally, ctx, out);
      }
      for (const b of batch.bad) {
        if (b.stage === 'transform' && hold(b.row, b.externalId, b.record)) held.bad.push(b);
        else applyBad(b, own, references, tally, ctx, out);
      }
      yield out;
    }

    let plan = own;
    if (people) {
      plan = planPersonMerge({ entity, table: people.table, decisions: people.decisions, rule: people.rule, members });
      crosswalk.setPlan(plan);
      logUnapplied(plan, (level, _entity, message) => ctx.log(level, message));
      const out: Batch<RecordRow> = { rows: [], bad: [] };
      for (const r of held.rows) apply(r, plan, references, tally, ctx, out);
      for (const b of held.bad) applyBad(b, plan, references, tally, ctx, out);
      if (out.rows.length || out.bad.length) yield out;
    }
    logMerged(plan, references, tally, ctx);
  },
});

function apply(r: RecordRow, plan: PersonMergePlan | undefined, references: { field: string; plan: PersonMergePlan }[], tally: Tally, ctx: StageContext, out: Batch<RecordRow>): void {
  const record = resolve(r.externalId, r.record, plan, references, tally, ctx);
  if (record === null) return;
  out.rows.push(record === r.record ? r : { ...r, record });
}

/** A row that failed to map is still merged away when it is a duplicate (it is not sent at all). */
function applyBad(b: Batch<RecordRow>['bad'][number], plan: PersonMergePlan | undefined, references: { field: string; plan: PersonMergePlan }[], tally: Tally, ctx: StageContext, out: Batch<RecordRow>): void {
  if (b.stage === 'transform' && b.record) {
    const record = resolve(b.externalId ?? '', b.record, plan, references, tally, ctx);
    if (record === null) return;
  }
  out.bad.push(b);
}

/** The record as it goes on, or null when it is a merged duplicate (counted skipped). */
function resolve(externalId: string, record: Record<string, unknown>, plan: PersonMergePlan | undefined, references: { field: string; plan: PersonMergePlan }[], tally: Tally, ctx: StageContext): Record<string, unknown> | null {
  if (plan?.mergedInto.has(externalId)) {
    ctx.counters.skipped++;
    tally.skipped++;
    return null;
  }
  let out = record;
  const donors = plan?.donors.get(externalId);
  if (donors) {
    const fill = fillFromDuplicates(out, donors);
    out = fill.record;
    tally.filled += fill.filled;
  }
  if (references.length) {
    const redirect = redirectReferences(out, references);
    out = redirect.record;
    tally.redirected += redirect.redirected;
  }
  return out;
}

/** Counts only: merged people are never named in the run log. */
function logMerged(plan: PersonMergePlan | undefined, references: { field: string; plan: PersonMergePlan }[], tally: Tally, ctx: StageContext): void {
  if (plan?.clusters) {
    const filled = tally.filled ? `; ${tally.filled.toLocaleString('en')} blank field(s) of survivors were filled from their duplicates` : '';
    ctx.log('info', `Person crosswalk: ${tally.skipped.toLocaleString('en')} duplicate record(s) merged into ${plan.clusters.toLocaleString('en')} survivor(s) confirmed in the review queue, counted as skipped${filled}.`);
  }
  if (tally.redirected) {
    const fields = [...new Set(references.map((r) => r.field))].join(', ');
    ctx.log('info', `Person crosswalk: ${tally.redirected.toLocaleString('en')} reference(s) in ${fields} pointed at the surviving record instead of a merged duplicate.`);
  }
}
