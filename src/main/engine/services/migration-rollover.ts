import { createHash, randomUUID } from 'node:crypto';
import type { TargetContract } from '../../../academia-api/contract';
import type { MigrationService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import type { RolloverChange, RolloverPreview, RolloverRecord, RolloverRulesInput } from '../../../shared/model/rollover';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { resolveTarget } from '../core/target-resolver';
import { planRollover, ROLLOVER_ENTITIES, type HeldRecord, type RolloverSnapshot } from '../rollover/plan-rollover';
import { resolveRules } from '../rollover/rollover-rules';
import { currentActor } from '../security/actor';
import { evaluateGate } from '../sync/change-gate';

/** The rollover's methods of the migration service. */
export type RolloverMethod = 'rollover' | 'rolloverApprove' | 'rolloverApply' | 'rolloverHistory';

/** Changes shown per entity and kind in a preview. */
const SAMPLES = 5;
/** Applied rollovers kept in the history. */
const HISTORY = 20;

/** What a saved preview keeps beside what it shows: the plan's fingerprint, so applying it can prove the target has not moved. */
interface SavedPreview extends RolloverPreview {
  fingerprint: string;
}

/**
 * The school-year rollover (docs/rollover.md): planned from what the target holds by the rules
 * kept in the project (meta `rolloverRules`), shown through the change gate, each held category
 * approved by a person, and applied through the target's batch API. The saved preview (meta
 * `rolloverPreview`) is what approvals are given to; applying plans again and refuses when the
 * plan is no longer the one previewed. Every step is in the audit trail and applied rollovers in
 * the project's history (meta `rolloverHistory`).
 */
export function rolloverMethods(state: EngineState): Pick<MigrationService, RolloverMethod> {
  return {
    async rollover(req = {}) {
      const s = requireSession(state);
      if (req.rules) saveRules(s, req.rules);
      const { preview } = await plan(state, s);
      save(s, preview);
      s.audit.append({ action: 'migration.rollover', object: 'migration', summary: `Rollover previewed (${preview.previewId}): ${preview.fromYear?.name ?? '?'} → ${preview.toYear?.name ?? '?'}, ${preview.status}; ${preview.changes.map((c) => `${c.entity} +${c.inserts} ~${c.updates}`).join(', ') || 'no change'}.` });
      return strip(preview);
    },
    async rolloverApprove({ category }) {
      const s = requireSession(state);
      const saved = load(s);
      if (!saved?.held) throw new StudioError('SYNC_NOT_HELD', saved ? `The rollover preview ${saved.previewId} holds nothing for approval.` : 'No rollover has been previewed.', saved ? 'Apply it (migration rollover --apply).' : 'Preview the rollover first (migration rollover PROJECT).');
      const pending = saved.held.categories.filter((c) => !c.approved);
      const chosen = category === undefined ? pending : pending.filter((c) => c.category === category);
      if (category !== undefined && !chosen.length) {
        const known = saved.held.categories.find((c) => c.category === category);
        throw new StudioError('SYNC_NOT_HELD', known ? `${category} of the rollover is already approved.` : `The rollover holds no category "${category}".`, `Held categories: ${saved.held.categories.map((c) => `${c.category}${c.approved ? ' (approved)' : ''}`).join(', ')}.`, { where: { field: category } });
      }
      const held = { ...saved.held, categories: saved.held.categories.map((c) => (chosen.includes(c) ? { ...c, approved: true } : c)) };
      const next: SavedPreview = { ...saved, held, status: saved.problems.length ? 'blocked' : held.categories.every((c) => c.approved) ? 'ready' : 'held' };
      save(s, next);
      const by = currentActor();
      for (const c of chosen) s.audit.append({ action: 'migration.rollover.approve', object: 'migration', summary: `Rollover ${saved.previewId}: ${c.category} approved by ${by} (${c.sentence}).` });
      return strip(next);
    },
    async rolloverApply() {
      const s = requireSession(state);
      const saved = load(s);
      if (!saved) throw new StudioError('ROLLOVER_NOT_READY', 'No rollover has been previewed, so there is nothing to apply.', 'Preview the rollover first (migration rollover PROJECT), approve what it holds, then apply.');
      if (saved.status === 'applied') throw new StudioError('ROLLOVER_NOT_READY', `The rollover ${saved.previewId} into ${saved.toYear?.name} is already applied.`, 'Preview again to plan the year after it.');
      const { preview, changes, snapshot, contract, client } = await plan(state, s);
      if (preview.fingerprint !== saved.fingerprint) {
        throw new StudioError('ROLLOVER_STALE', `Academia Pro or the rollover rules changed since the preview ${saved.previewId}: applying it now would change other records than the ones approved.`, 'Preview the rollover again, check it, approve its held categories again, then apply.');
      }
      if (saved.problems.length) {
        const [first] = saved.problems;
        throw new StudioError('ROLLOVER_NOT_READY', `The rollover is blocked by ${saved.problems.length} ${saved.problems.length === 1 ? 'problem' : 'problems'}; the first: ${first.message}`, first.fix, { where: { ...(first.entity ? { table: first.entity } : {}), ...(first.field ? { field: first.field } : {}) }, details: { problems: saved.problems } });
      }
      const pending = saved.held?.categories.filter((c) => !c.approved) ?? [];
      if (pending.length) return strip(saved);
      const by = currentActor();
      const results: NonNullable<RolloverPreview['applied']>['results'] = [];
      for (const entity of ROLLOVER_ENTITIES) {
        const mine = changes.filter((c) => c.entity === entity);
        if (!mine.length) continue;
        const writable = new Set(contract.entity(entity).fields.filter((f) => !f.readOnly).map((f) => f.name));
        const held = new Map(snapshot[entity].map((r) => [r.externalId, r]));
        const records = mine.map((c) => recordOf(c, held.get(c.externalId), writable));
        const answer = await client.pushBatch(entity, records, `rollover-${saved.previewId}-${entity}`);
        const count = (status: string) => answer.filter((a) => a.status === status).length;
        results.push({ entity, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected') });
      }
      const at = state.now().toISOString();
      const applied: SavedPreview = { ...saved, status: 'applied', applied: { at, by, results } };
      save(s, applied);
      const rejected = results.reduce((n, r) => n + r.rejected, 0);
      const record: RolloverRecord = { previewId: saved.previewId, fromYear: saved.fromYear?.name ?? '', toYear: saved.toYear?.name ?? '', appliedAt: at, by, changes: saved.changes, approved: saved.held?.categories.map((c) => c.category) ?? [], rejected };
      s.project.setMeta('rolloverHistory', JSON.stringify([record, ...history(s)].slice(0, HISTORY)));
      s.audit.append({ action: 'migration.rollover.apply', object: 'migration', summary: `Rollover ${saved.previewId} applied by ${by}: ${record.fromYear} → ${record.toYear}; ${results.map((r) => `${r.entity} ${r.created} created, ${r.updated} updated${r.rejected ? `, ${r.rejected} rejected` : ''}`).join('; ')}.` });
      return strip(applied);
    },
    async rolloverHistory() {
      return { rollovers: history(requireSession(state)) };
    },
  };
}

/** An update sends the record as the target holds it (its writable fields) with the changed ones; an insert sends its own fields. */
function recordOf(change: RolloverChange, held: HeldRecord | undefined, writable: Set<string>): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  if (change.kind === 'update' && held) for (const [k, v] of Object.entries(held)) if (writable.has(k) && v !== null && v !== undefined) base[k] = v;
  return { ...base, ...change.fields, externalId: change.externalId };
}

async function plan(state: EngineState, s: ProjectSession) {
  const target = await resolveTarget(s, state.target);
  const snapshot = await readSnapshot(target.client);
  const rulesInput = storedRules(s);
  const crosswalk = rulesInput.progressionCrosswalk ? await crosswalkTable(s, rulesInput.progressionCrosswalk) : null;
  const { rules, problems } = resolveRules(rulesInput, gradeLevels(target.contract), crosswalk);
  const result = planRollover(snapshot, rules, problems);
  const gate = evaluateGate({ default: {} }, result.counts, new Map(), target.contract, { acknowledgedCount: (e) => (snapshot as unknown as Record<string, HeldRecord[]>)[e]?.length ?? 0, dependentsOfRemoved: () => 0 });
  // The gate's thresholds and categories, said in the rollover's words rather than "would be changed".
  const categories = gate?.categories.map((c) => ({ ...c, sentence: result.categoryWords[c.category] ?? c.sentence })) ?? [];
  const held = gate ? { ...gate, categories, summary: `${categories.map((c) => c.sentence).join('; ')}.` } : null;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([rules, result.changes.map((c) => [c.entity, c.externalId, c.kind, c.fields])]))
    .digest('hex');
  const samples: RolloverChange[] = [];
  for (const c of result.changes) if (samples.filter((x) => x.entity === c.entity && x.kind === c.kind).length < SAMPLES) samples.push(c);
  const status: RolloverPreview['status'] = result.problems.length ? 'blocked' : result.changes.length === 0 ? 'nothing' : held ? 'held' : 'ready';
  const preview: SavedPreview = {
    status,
    previewId: `rollover-${state.now().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`,
    previewedAt: state.now().toISOString(),
    fromYear: result.fromYear,
    toYear: result.toYear,
    rules,
    changes: result.counts,
    summary: result.summary,
    held,
    problems: result.problems,
    samples,
    applied: null,
    fingerprint,
  };
  return { preview, changes: result.changes, snapshot, contract: target.contract, client: target.client };
}

async function readSnapshot(client: { iterate(entity: string): AsyncGenerator<Record<string, unknown>[]> }): Promise<RolloverSnapshot> {
  const out: Record<string, HeldRecord[]> = {};
  for (const entity of ROLLOVER_ENTITIES) {
    const rows: HeldRecord[] = [];
    for await (const page of client.iterate(entity)) for (const r of page) if (r.deleted !== true) rows.push(r as HeldRecord);
    out[entity] = rows;
  }
  return out as unknown as RolloverSnapshot;
}

/** The grade levels of the target model, in the order its schema lists them. */
function gradeLevels(contract: TargetContract): string[] {
  return contract.hasEntity('students') ? (contract.entity('students').fields.find((f) => f.name === 'gradeLevel')?.enum ?? []) : [];
}

async function crosswalkTable(s: ProjectSession, name: string): Promise<Record<string, string>> {
  return (await s.crosswalks.get(name)).table;
}

function storedRules(s: ProjectSession): RolloverRulesInput {
  const text = s.project.meta('rolloverRules');
  return text ? (JSON.parse(text) as RolloverRulesInput) : {};
}

function saveRules(s: ProjectSession, rules: RolloverRulesInput): void {
  const next = { ...storedRules(s), ...rules };
  s.project.setMeta('rolloverRules', JSON.stringify(next));
  s.audit.append({ action: 'migration.rollover.rules', object: 'migration', summary: `Rollover rules set: ${Object.keys(rules).join(', ') || 'nothing'}.` });
}

function load(s: ProjectSession): SavedPreview | null {
  const text = s.project.meta('rolloverPreview');
  return text ? (JSON.parse(text) as SavedPreview) : null;
}

function save(s: ProjectSession, preview: SavedPreview): void {
  s.project.setMeta('rolloverPreview', JSON.stringify(preview));
}

function history(s: ProjectSession): RolloverRecord[] {
  const text = s.project.meta('rolloverHistory');
  return text ? (JSON.parse(text) as RolloverRecord[]) : [];
}

function strip(p: SavedPreview): RolloverPreview {
  const { fingerprint: _, ...rest } = p;
  return rest;
}
