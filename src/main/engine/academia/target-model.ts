import type { TargetModel, TargetModelEntity } from '../../../shared/model/target-model';
import { loadTargetContract, type TargetApiVersion, type TargetContract } from '../../../academia-api/contract';

const cache = new WeakMap<TargetContract, TargetModel>();

/**
 * The target model of a contract: its entities in load order as plain data, each field with
 * the entity it references (from x-references). Built once per contract.
 */
export function targetModelOf(contract: TargetContract): TargetModel {
  const hit = cache.get(contract);
  if (hit) return hit;
  const entities: TargetModelEntity[] = contract.loadOrder().map((name) => {
    const e = contract.entity(name);
    const refs = new Map(e.references.map((r) => [r.field, r.entity]));
    return {
      name: e.name,
      title: e.title,
      scope: e.scope,
      required: [...e.required],
      references: e.references.map((r) => ({ ...r })),
      dependsOn: [...e.dependsOn],
      fields: e.fields.map((f) => {
        const field: TargetModelEntity['fields'][number] = { name: f.name, type: f.type, required: f.required, nullable: f.nullable, personal: f.personal, readOnly: f.readOnly };
        if (f.format) field.format = f.format;
        if (f.enum) field.enum = [...f.enum];
        if (f.maxLength !== undefined) field.maxLength = f.maxLength;
        if (f.itemType) field.itemType = f.itemType;
        if (f.description) field.description = f.description;
        const ref = refs.get(f.name);
        if (ref) field.references = ref;
        return field;
      }),
    };
  });
  const model: TargetModel = { apiVersion: contract.version, documentVersion: contract.documentVersion, entities };
  cache.set(contract, model);
  return model;
}

/** The target model of an API version's shipped document. */
export function loadTargetModel(version: TargetApiVersion = 'v1'): TargetModel {
  return targetModelOf(loadTargetContract(version));
}
