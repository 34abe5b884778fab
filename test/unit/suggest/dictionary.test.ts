import { describe, expect, it } from 'vitest';
import { ENTITY_KEY_SYNONYMS, ENTITY_SYNONYMS, FIELD_SYNONYMS } from '../../../src/main/engine/suggest/dictionary';
import { compactName, singular } from '../../../src/main/engine/suggest/names';
import { loadTargetModel } from '../../../src/main/engine/academia/target-model';
import { DEMO_RENAMES } from '../../support/suggest-answer-keys';

describe('the suggestion dictionary and the target model', () => {
  it('holds none of the renamed demo\'s column names, so the generalisation check measures generalisation', () => {
    // As written (abbreviations are expanded by rule, not listed): FRST_NM is not in it, though the rule reads it as "first name".
    const written = (name: string) => singular(compactName(name));
    const phrases = new Set([...Object.values(FIELD_SYNONYMS), ...Object.values(ENTITY_SYNONYMS), ...Object.values(ENTITY_KEY_SYNONYMS)].flat().map(written));
    const renamed = Object.values(DEMO_RENAMES).flatMap((columns) => Object.values(columns));
    const found = renamed.filter((c) => phrases.has(written(c)));
    expect(found).toEqual([]);
  });

  it('reads every entity of the API document with its fields, enums, required fields and references', () => {
    const model = loadTargetModel('v1');
    expect(model.entities).toHaveLength(16);
    const names = model.entities.map((e) => e.name);
    for (const e of model.entities) {
      expect(e.required).toContain('externalId');
      for (const r of e.references) {
        expect(e.fields.find((f) => f.name === r.field)?.references).toBe(r.entity);
        // Load order: a referenced entity comes first.
        expect(names.indexOf(r.entity)).toBeLessThan(names.indexOf(e.name));
      }
    }
    const students = model.entities.find((e) => e.name === 'students')!;
    expect(students.fields.find((f) => f.name === 'gender')).toMatchObject({ type: 'string', required: true, enum: ['female', 'male', 'other', 'unknown'], personal: true });
    expect(students.fields.find((f) => f.name === 'birthDate')).toMatchObject({ format: 'date', required: true });
    expect(model.entities.find((e) => e.name === 'payments')!.fields.find((f) => f.name === 'amount')).toMatchObject({ format: 'decimal' });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(loadTargetModel('v2').apiVersion).toBe('v2');
  });
});
