import type { TargetContract } from '../../../academia-api/contract';
import type { ChangeKind, GateThresholds, HeldCategory, SyncChangeCount, SyncGate, SyncHold } from '../../../shared/model/sync';
import { counted, noun, plural } from './words';

/** The gate's defaults: more than 5 % of an entity's records deleted or withdrawn, or 20 % updated, is held; inserts never are. */
export const DEFAULT_GATE: Required<GateThresholds> = { deletes: 0.05, updates: 0.2, inserts: null };

/** What the gate needs from the project file. */
export interface GateFacts {
  /** Records of the entity the target holds from this project before this sync. */
  acknowledgedCount(entity: string): number;
  /** Records of `dependent` pointing (by `field`) at a record this run removes; distinct `other` values when given. */
  dependentsOfRemoved(entity: string, dependent: string, field: string, other: string | null): number;
}

export function thresholdOf(gate: SyncGate, entity: string, kind: ChangeKind): number | null {
  const own = gate.entities?.[entity]?.[kind];
  if (own !== undefined) return own;
  const general = gate.default[kind];
  return general === undefined ? DEFAULT_GATE[kind] : general;
}

/**
 * The change gate: each entity's inserts, updates and deletes (withdrawals included) as a share of
 * the records the target holds from this project; a kind above its threshold is a held category,
 * said in plain words ("42 students would be withdrawn"), with what it would do to records
 * depending on them, read from the model's references ("3 classes would lose their teacher").
 * An entity the target holds nothing of yet is never held (its first load is a migration).
 */
export function evaluateGate(
  gate: SyncGate,
  changes: SyncChangeCount[],
  withdrawn: Map<string, number>,
  contract: TargetContract,
  facts: GateFacts,
): SyncHold | null {
  const categories: HeldCategory[] = [];
  const consequences: string[] = [];
  for (const c of changes) {
    const of = facts.acknowledgedCount(c.entity);
    if (of === 0) continue;
    const title = contract.hasEntity(c.entity) ? noun(contract.entity(c.entity).title) : c.entity;
    for (const kind of ['deletes', 'updates', 'inserts'] as const) {
      const count = c[kind];
      const threshold = thresholdOf(gate, c.entity, kind);
      if (threshold === null || count === 0 || count / of <= threshold) continue;
      const w = withdrawn.get(c.entity) ?? 0;
      const verb = kind === 'inserts' ? 'would be added' : kind === 'updates' ? 'would be changed' : w === count ? 'would be withdrawn' : w === 0 ? 'would be deleted' : `would be deleted or withdrawn`;
      categories.push({ category: `${c.entity}.${kind}`, entity: c.entity, kind, count, of, threshold, sentence: `${counted(count, title)} ${verb}`, approved: false });
      if (kind === 'deletes') consequences.push(...dependentSentences(c.entity, contract, facts));
    }
  }
  if (!categories.length) return null;
  const sentences = [...categories.map((c) => c.sentence), ...consequences];
  const reason = categories.map((c) => `${c.category} is ${percent(c.count / c.of)} of ${c.of.toLocaleString('en')} (threshold ${percent(c.threshold)})`).join('; ');
  return { reason: `Held by the change gate: ${reason}.`, summary: `${sentences.join('; ')}.`, categories };
}

/** "3 classes would lose their teacher", "12 enrollments refer to students that would be removed". */
function dependentSentences(entity: string, contract: TargetContract, facts: GateFacts): string[] {
  const out: string[] = [];
  const removedTitle = noun(contract.entity(entity).title);
  for (const dep of contract.entities) {
    for (const ref of dep.references) {
      if (ref.entity !== entity) continue;
      const others = dep.references.filter((r) => r.field !== ref.field);
      const other = others.length === 1 && contract.hasEntity(others[0].entity) ? others[0] : null;
      const otherTitle = other ? noun(contract.entity(other.entity).title) : '';
      const linkTitle = noun(dep.title);
      if (other && linkTitle.toLowerCase().startsWith(`${otherTitle.toLowerCase()} `)) {
        // A link named after what it gives the other side (class teachers: a class's teacher): say what that side loses.
        const n = facts.dependentsOfRemoved(entity, dep.name, ref.field, other.field);
        if (n) out.push(`${counted(n, otherTitle)} would lose their ${linkTitle.slice(otherTitle.length + 1)}`);
      } else {
        const n = facts.dependentsOfRemoved(entity, dep.name, ref.field, null);
        if (n) out.push(`${counted(n, linkTitle)} ${n === 1 ? 'refers' : 'refer'} to ${plural(removedTitle)} that would be removed`);
      }
    }
  }
  return out;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}
