import type { EntityContract } from '../../../academia-api/contract';
import { StudioError } from '../../../shared/errors';
import type { DeletePolicy } from '../../../shared/model/sync';

/** Words of an end date, in the order they are preferred. */
const END_DATE = [/^withdraw/i, /^(exit|leav)/i, /^end/i, /^termination/i];
/** Enum values that mean "no longer here", preferred in this order. */
const GONE_VALUES = ['withdrawn', 'dropped', 'terminated', 'inactive'];

/** The fields a withdrawal sets: an end date, a status, or both (from the model unless named). */
export interface WithdrawalFields {
  dateField: string | null;
  statusField: string | null;
  statusValue: string | null;
}

/**
 * Where an entity records that someone left, read from the OpenAPI model rather than known by
 * name: a writable `date` field named like an end (`withdrawalDate`, `exitDate`, `endDate`…) and
 * a writable enum field offering a leaving value (`withdrawn`, `dropped`, `terminated`,
 * `inactive`). Fields the definition names are checked against the model. SYNC_INVALID when the
 * entity has neither, so a withdraw policy is never silently a no-op.
 */
export function withdrawalFields(entity: EntityContract, policy: Extract<DeletePolicy, { policy: 'withdraw' }>): WithdrawalFields {
  const writable = entity.fields.filter((f) => !f.readOnly);
  const byName = (name: string) => writable.find((f) => f.name === name);
  let dateField: string | null = null;
  if (policy.dateField) {
    const f = byName(policy.dateField);
    if (!f || (f.format !== 'date' && f.format !== 'date-time')) {
      throw invalid(`${entity.name} has no writable date field "${policy.dateField}" to stamp a withdrawal with.`, `Date fields of ${entity.name}: ${writable.filter((x) => x.format === 'date').map((x) => x.name).join(', ') || 'none'}.`);
    }
    dateField = f.name;
  } else {
    for (const pattern of END_DATE) {
      const f = writable.find((x) => x.format === 'date' && pattern.test(x.name));
      if (f) {
        dateField = f.name;
        break;
      }
    }
  }
  let statusField: string | null = null;
  let statusValue: string | null = null;
  if (policy.statusField) {
    const f = byName(policy.statusField);
    if (!f?.enum) throw invalid(`${entity.name} has no writable status field "${policy.statusField}" with a list of values.`, 'Name an enum field of the entity, or leave it out to let the model decide.');
    statusValue = policy.statusValue ?? GONE_VALUES.find((v) => f.enum!.includes(v)) ?? null;
    if (!statusValue || !f.enum.includes(statusValue)) throw invalid(`"${policy.statusValue ?? ''}" is not a value of ${entity.name}.${f.name}.`, `Its values: ${f.enum.join(', ')}.`);
    statusField = f.name;
  } else {
    for (const v of GONE_VALUES) {
      const f = writable.find((x) => x.enum?.includes(v));
      if (f) {
        statusField = f.name;
        statusValue = policy.statusValue && f.enum!.includes(policy.statusValue) ? policy.statusValue : v;
        break;
      }
    }
  }
  if (!dateField && !statusField) {
    throw invalid(`${entity.name} has no end-date or status field a withdrawal could set.`, `Use the delete policy for ${entity.name}, or name the fields (dateField, statusField).`);
  }
  return { dateField, statusField, statusValue };
}

/** The fields a withdrawal sets on a record, for a withdrawal dated `today`. */
export function withdrawalSet(fields: WithdrawalFields, today: string): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  if (fields.dateField) set[fields.dateField] = today;
  if (fields.statusField) set[fields.statusField] = fields.statusValue;
  return set;
}

function invalid(message: string, hint: string): StudioError {
  return new StudioError('SYNC_INVALID', message, hint);
}
