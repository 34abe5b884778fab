import { canonicalJson } from '../../../../shared/canonical-json';
import type { ConflictPolicy, FieldOwner } from '../../../../shared/model/sync';

/** A decided conflict not applied yet: the value both sides get for its field. */
export interface DecidedValue {
  conflictId: string;
  value: unknown;
}

/** One key's inputs: what both sides last agreed on and what each holds now. */
export interface KeyState {
  /** The values last synced (the delta's baseline). */
  base: Record<string, unknown>;
  /** The source's record now (null: the source did not change it since the last sync). */
  source: Record<string, unknown> | null;
  /** Academia Pro's record now (null: not changed there since the last sync). */
  target: Record<string, unknown> | null;
  /** When each side changed (ms); only `newest-wins` reads them, null when unknown. */
  sourceAt: number | null;
  targetAt: number | null;
  /** Fields with a conflict still waiting for a person: left as each side has them. */
  open: Map<string, unknown>;
  /** Fields whose conflict a person decided: that value on both sides. */
  decided: Map<string, DecidedValue>;
}

export interface FieldRules {
  /** The mapped fields compared (not `externalId`). */
  fields: readonly string[];
  owner(field: string): FieldOwner;
  policy: ConflictPolicy;
}

/** A new conflict found on this key. */
export interface FoundConflict {
  field: string;
  base: unknown;
  source: unknown;
  target: unknown;
  /** Which side the policy kept; null under `manual` (parked for a person). */
  winner: 'source' | 'target' | null;
}

/** What one key needs, field by field. */
export interface KeyResolution {
  /** The record Academia Pro should hold (null: it already holds it, nothing to push). */
  push: Record<string, unknown> | null;
  /** Field → value the source should be given (its value differs from what was settled). */
  writeBack: Record<string, unknown>;
  /** The values now agreed (the new baseline); open conflicts keep their base. */
  settled: Record<string, unknown>;
  conflicts: FoundConflict[];
  /** Decided conflicts this resolution carries out. */
  applied: string[];
  /** One line per field whose outcome a person may want to know (why a value won). */
  notes: string[];
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * Settles one key of a two-way sync field by field. Each field's value is the base unless a side
 * changed it: the owner's change wins (`source`: Academia Pro's edit is put back; `target`: the
 * source's edit is ignored and Academia Pro's value written back). A field owned by `both` that
 * both sides changed to different values is a conflict, settled by the policy: the source's value,
 * the target's, the newer one by the two sides' change times (the target's when they tie or one is
 * unknown — it is the system of record after go-live), or, under `manual`, parked: each side keeps
 * what it has until a person decides. A decided conflict gives its value to both sides.
 *
 * Pure, so every policy is tested with values in memory.
 */
export function resolveKey(state: KeyState, rules: FieldRules): KeyResolution {
  const { base } = state;
  const source = state.source ?? base;
  const target = state.target ?? base;
  const settled: Record<string, unknown> = { ...base };
  const targetWants: Record<string, unknown> = { ...target };
  const writeBack: Record<string, unknown> = {};
  const conflicts: FoundConflict[] = [];
  const applied: string[] = [];
  const notes: string[] = [];
  for (const field of rules.fields) {
    const b = base[field];
    const s = source[field];
    const t = target[field];
    const decided = state.decided.get(field);
    let value: unknown;
    if (decided) {
      value = decided.value;
      applied.push(decided.conflictId);
    } else if (state.open.has(field)) {
      // Waiting for a person: neither side is touched and the base stays, so it is still a conflict.
      targetWants[field] = t;
      continue;
    } else {
      const sourceChanged = !same(s, b);
      const targetChanged = !same(t, b);
      const owner = rules.owner(field);
      if (owner === 'source') {
        value = s;
        if (targetChanged && !same(t, s)) notes.push(`${field}: Academia Pro's change put back (the source owns it).`);
      } else if (owner === 'target') {
        value = t;
        if (sourceChanged && !same(s, t)) notes.push(`${field}: the source's change not sent (Academia Pro owns it).`);
      } else if (sourceChanged && targetChanged && !same(s, t)) {
        const winner = decide(rules.policy, state);
        conflicts.push({ field, base: b, source: s, target: t, winner });
        if (winner === null) {
          targetWants[field] = t;
          continue;
        }
        value = winner === 'source' ? s : t;
        notes.push(`${field}: both sides changed it; ${winner === 'source' ? "the source's" : "Academia Pro's"} value kept (${rules.policy}).`);
      } else value = targetChanged ? t : s;
    }
    settled[field] = value;
    targetWants[field] = value;
    if (!same(value, s)) writeBack[field] = value;
  }
  const push = rules.fields.some((f) => !same(targetWants[f], target[f])) ? pushRecord(targetWants, rules.fields) : null;
  return { push, writeBack, settled, conflicts, applied, notes };
}

/** The winner under a policy, or null when a person decides. */
function decide(policy: ConflictPolicy, state: Pick<KeyState, 'sourceAt' | 'targetAt'>): 'source' | 'target' | null {
  switch (policy) {
    case 'source-wins':
      return 'source';
    case 'target-wins':
      return 'target';
    case 'newest-wins':
      return state.sourceAt !== null && state.targetAt !== null && state.sourceAt > state.targetAt ? 'source' : 'target';
    case 'manual':
      return null;
  }
}

/** The mapped fields only, nulls left out as the mapper leaves them out. */
function pushRecord(values: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (values[f] !== null && values[f] !== undefined) out[f] = values[f];
  return out;
}
