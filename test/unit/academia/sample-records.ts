import type { EntityContract, FieldContract, TargetContract } from '../../../src/academia-api/contract';

/**
 * A valid record for any entity of the contract, built from the document alone (so a new
 * entity in the document is covered by the conformance tests without editing them).
 * References point at `refId(entity, n)` of the referenced entity.
 */
export function sampleRecord(contract: TargetContract, entityName: string, n: number): Record<string, unknown> {
  const entity = contract.entity(entityName);
  const record: Record<string, unknown> = { externalId: refId(entity.name, n) };
  for (const field of entity.fields) {
    if (field.readOnly || field.name === 'externalId') continue;
    const ref = entity.references.find((r) => r.field === field.name);
    record[field.name] = ref ? refId(ref.entity, n) : sampleValue(field, n);
  }
  return record;
}

/** The externalId sample records of an entity get. */
export function refId(entity: string, n: number): string {
  return `${entity}-${n}`;
}

/** Only the required fields (and references) of a sample, to check optional fields may be absent. */
export function minimalRecord(contract: TargetContract, entityName: string, n: number): Record<string, unknown> {
  const full = sampleRecord(contract, entityName, n);
  const entity: EntityContract = contract.entity(entityName);
  return Object.fromEntries(Object.entries(full).filter(([k]) => entity.required.includes(k)));
}

function sampleValue(field: FieldContract, n: number): unknown {
  if (field.enum) return field.enum[n % field.enum.length];
  switch (field.type) {
    case 'integer':
      return n % 50;
    case 'number':
      return n + 0.5;
    case 'boolean':
      return n % 2 === 0;
    case 'array':
      return [`item ${n}`];
  }
  if (field.format === 'date') return `2024-09-${String((n % 28) + 1).padStart(2, '0')}`;
  if (field.format === 'date-time') return '2024-09-01T08:00:00Z';
  if (field.format === 'email') return `person${n}@example.org`;
  if (field.format === 'decimal') return `${n}.50`;
  if (field.pattern === '^[A-Z]{3}$') return 'EUR';
  if (field.pattern === '^([01][0-9]|2[0-3]):[0-5][0-9]$') return `${String(8 + (n % 8)).padStart(2, '0')}:00`;
  return `${field.name} ${n}`.slice(0, field.maxLength ?? 200);
}
