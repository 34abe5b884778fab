import type { TargetContract } from '../../../../../academia-api/contract';

/** Whether a mapped record must stay out because it, or a record it references, was erased on request. */
export type ErasedTest = (entity: string, externalId: string, record: Record<string, unknown>) => boolean;

/**
 * Builds the test from "was this key erased?" (project/erased-people-repo.ts) and the contract's
 * references: an erased pupil's enrolment comes back from the source with the pupil's key in
 * `studentExternalId`, and stays out with them. Erasure remembered every record about the person
 * (a payment of their invoice too), so one level of references is enough here.
 */
export function erasedTest(isErased: (entity: string, externalId: string) => boolean, contract: TargetContract): ErasedTest {
  const references = new Map(contract.entities.map((e) => [e.name, e.references]));
  return (entity, externalId, record) => {
    if (isErased(entity, externalId)) return true;
    for (const ref of references.get(entity) ?? []) {
      const value = record[ref.field];
      if (value !== null && value !== undefined && value !== '' && isErased(ref.entity, String(value))) return true;
    }
    return false;
  };
}
