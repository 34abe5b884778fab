import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { generateLegacySchool } from '../../src/main/engine/demo/generate-legacy-school';
import type { AcceptSuggestionsResult } from '../../src/shared/model/suggestion';
import { tempDir } from '../support/temp-dir';

/**
 * mappings.acceptSuggestions (`mapping <project> suggest --accept`) on a fresh project over the
 * generated legacy school: what it saves is ordinary mappings a run can use, accepting twice
 * changes nothing, and the embedded sandbox's school follows the accepted schools mapping.
 */
describe('mappings.acceptSuggestions', () => {
  const dir = tempDir();
  let engine: Engine;
  let connectionId: string;
  let first: AcceptSuggestionsResult;

  beforeAll(async () => {
    const legacy = join(dir.path, 'legacy.sqlite');
    await generateLegacySchool({ file: legacy, pupils: 60, seed: 5 });
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio'), name: 'Accept' });
    ({ id: connectionId } = await engine.api.connections.add({ name: 'Legacy SIS', location: legacy }));
    first = await engine.api.mappings.acceptSuggestions({ connectionId });
  }, 120_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('saves one mapping per accepted entity, each versioned, and accounts for every suggested entity', async () => {
    const saved = await engine.api.mappings.list();
    expect(saved.map((m) => m.id).sort()).toEqual(first.accepted.map((a) => a.id).sort());
    expect(first.accepted.map((a) => a.entity)).toEqual(expect.arrayContaining(['schools', 'students', 'staff']));
    // Every suggested entity is either accepted or left out with a reason; none silently dropped.
    const decided = new Set([...first.accepted.map((a) => a.entity), ...first.leftOut.map((l) => l.entity)]);
    for (const e of first.suggestions.entities) expect(decided.has(e.entity), e.entity).toBe(true);
    for (const l of first.leftOut) expect(l.reason.length).toBeGreaterThan(10);
    for (const m of saved) expect((await engine.api.mappings.history({ id: m.id })).versions.map((v) => v.action)).toEqual(['create']);
  });

  it('shapes fields for their target types: references as key text, codes through a named crosswalk, dates read', async () => {
    const saved = await engine.api.mappings.list();
    const students = saved.find((m) => m.entity === 'students')!;
    expect(students).toMatchObject({ stream: 'PUPILS', keyColumns: ['PUPIL_NO'] });
    const gender = students.fields.find((f) => f.field === 'gender')!;
    expect(gender.column).toBe('SEX');
    const crosswalk = gender.transforms.find((t) => t.kind === 'crosswalk') as { crosswalk: string } | undefined;
    expect(crosswalk?.crosswalk).toBe('students.gender');
    const table = (await engine.api.mappings.crosswalk({ name: 'students.gender' })).table;
    expect(table.M ?? table.m).toBe('male');
    expect(students.fields.find((f) => f.field === 'birthDate')!.transforms[0]).toMatchObject({ kind: 'parseDate' });
    for (const m of saved) {
      for (const f of m.fields.filter((x) => x.field.endsWith('ExternalId'))) {
        expect(f, `${m.entity}.${f.field}`).toMatchObject({ column: null, transforms: [{ kind: 'concat', separator: '-' }] });
      }
    }
    // What validate says is what a person would see on the Mapping screen: no error in what was accepted.
    for (const m of saved) {
      const v = await engine.api.mappings.validate({ id: m.id });
      expect(v.remarks.filter((r) => r.level === 'error'), m.id).toEqual([]);
    }
  });

  it('sets the embedded sandbox school from the accepted schools mapping', async () => {
    const preview = await engine.api.mappings.preview({ id: first.accepted.find((a) => a.entity === 'schools')!.id, limit: 1 });
    expect(first.schoolId).toBe(preview.rows[0].externalId);
    expect((await engine.api.targets.get()).schoolId).toBe(first.schoolId);
  });

  it('accepting again keeps every mapping as it is', async () => {
    const before = await engine.api.mappings.list();
    const again = await engine.api.mappings.acceptSuggestions({ connectionId });
    expect(again.accepted).toEqual([]);
    expect(again.kept.map((k) => k.id).sort()).toEqual(before.map((m) => m.id).sort());
    expect(await engine.api.mappings.list()).toEqual(before);
  });

  it('answers an unknown connection with a typed error', async () => {
    await expect(engine.api.mappings.acceptSuggestions({ connectionId: 'nope' })).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND/) });
  });
});
