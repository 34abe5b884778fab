import type { EntityContract, FieldContract } from '../../../../academia-api/contract';
import { canonicalJson } from '../../../../shared/canonical-json';

/**
 * Which fields of a record a reconciliation compares, and in what form, decided by rule from the
 * OpenAPI document (never by a list per entity), so the staged record and the one the target's
 * list endpoint gives back are compared as the target means them:
 *
 * - a field the document marks `readOnly` is the target's own (id, version, createdAt,
 *   updatedAt, deleted): left out;
 * - `externalId` is the key both sides are joined on: left out of the fields;
 * - a field the document does not declare is left out (neither side may carry one:
 *   `additionalProperties: false`);
 * - null and absent are the same for a nullable field ("optional fields accept null, which means
 *   the same as leaving the field out"): both are left out;
 * - by format, what the target may rewrite without changing the meaning: `date-time` is compared
 *   as the instant (`2026-01-02T03:04:05+01:00` = `2026-01-02T02:04:05.000Z`), `decimal` (a
 *   decimal number as a string) by its value (`10.50` = `10.5`), `email` without regard to case.
 *   Every other value is compared exactly, as its canonical JSON.
 */
export interface ComparedField {
  name: string;
  /** The value in its compared form; undefined when the field counts as absent. */
  normalize(value: unknown): unknown;
}

export function comparedFields(entity: EntityContract): ComparedField[] {
  return entity.fields.filter((f) => !f.readOnly && f.name !== 'externalId').map((f) => ({ name: f.name, normalize: normalizer(f) }));
}

function normalizer(field: FieldContract): (value: unknown) => unknown {
  const byFormat = FORMATS[field.format ?? ''];
  return (value) => {
    if (value === undefined) return undefined;
    if (value === null) return field.nullable || !field.required ? undefined : null;
    return byFormat && typeof value === 'string' ? byFormat(value) : value;
  };
}

const FORMATS: Partial<Record<string, (value: string) => string>> = {
  'date-time': (v) => {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : new Date(ms).toISOString();
  },
  decimal: (v) => {
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(v);
    if (!m || (!m[2] && !m[3])) return v;
    const whole = m[2].replace(/^0+(?=\d)/, '') || '0';
    const fraction = (m[3] ?? '').replace(/0+$/, '');
    const sign = m[1] === '-' && (/[1-9]/.test(whole) || fraction.length > 0) ? '-' : '';
    return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
  },
  email: (v) => v.toLowerCase(),
};

/** A record's compared fields, normalized, in the document's field order; absent fields left out. */
export function comparedForm(fields: readonly ComparedField[], record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = f.normalize(record[f.name]);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/**
 * The fields whose compared forms differ, with each side's value as it was given (null when the
 * side has none), in the document's field order.
 */
export function differingFields(fields: readonly ComparedField[], source: Record<string, unknown>, target: Record<string, unknown>): { field: string; source: unknown; target: unknown }[] {
  const out: { field: string; source: unknown; target: unknown }[] = [];
  for (const f of fields) {
    const a = f.normalize(source[f.name]);
    const b = f.normalize(target[f.name]);
    if (a === b) continue;
    if (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b)) continue;
    out.push({ field: f.name, source: source[f.name] ?? null, target: target[f.name] ?? null });
  }
  return out;
}
