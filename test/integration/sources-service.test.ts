import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, dispatch } from '../../src/main/engine/index';
import type { SourceProgress } from '../../src/shared/api/contracts/sources';
import { tempDir } from '../support/temp-dir';

// The engine's door for work outside a project (docs/architecture.md, "One door"): the sources
// service reads a source in the engine session with no project file; audit.verifyFile and
// vault.keyForJob work on files a person chose.
describe('sources, audit files and vault through the engine API', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  const folder = join(dir.path, 'legacy');
  mkdirSync(folder);
  const csv = join(folder, 'pupils.csv');
  writeFileSync(csv, 'student_id,first_name,last_name,birth_date\n1,Amelia,Watson,2012-03-04\n2,Oliver,Khan,2011-11-30\n3,Isla,Novak,2013-01-15\n');

  it('reads a source with no project: describe, open, discover, preview masked unless revealed, close', async () => {
    const engine = createEngine({ host: 'cli', configDir: join(dir.path, 'config-a') });
    const { sources } = engine.api;
    try {
      expect(await sources.describe({ location: csv })).toEqual({ kind: 'csv', masked: csv, hasPassword: false, user: null, file: csv });
      const opened = await sources.open({ location: csv });
      expect(opened).toMatchObject({ kind: 'csv', masked: csv });
      const { streams } = await sources.discover({ sourceId: opened.sourceId });
      expect(streams.map((s) => s.name)).toEqual(['pupils']);
      const masked = await sources.preview({ sourceId: opened.sourceId, stream: 'pupils', limit: 2 });
      expect(masked.rows).toHaveLength(2);
      expect(masked.columns.find((c) => c.name === 'first_name')?.personal).toBe(true);
      expect(masked.rows[0].first_name).not.toBe('Amelia');
      const shown = await sources.preview({ sourceId: opened.sourceId, stream: 'pupils', reveal: true });
      expect(shown.rows.map((r) => r.first_name)).toEqual(['Amelia', 'Oliver', 'Isla']);
      await expect(sources.preview({ sourceId: opened.sourceId, stream: 'teachers' })).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND', message: `${csv} has no stream "teachers".` });
      await sources.close({ sourceId: opened.sourceId });
      await expect(sources.discover({ sourceId: opened.sourceId })).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
      // No project was opened or made, temporary or not.
      expect(await engine.api.projects.current()).toBeNull();
      expect(readdirSync(folder)).toEqual(['pupils.csv']);
      expect(readdirSync(join(dir.path, 'config-a')).filter((f) => f.endsWith('.apstudio'))).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });

  it('assesses with sources.progress events for its own source, renders the report asked for, and suggests', async () => {
    const engine = createEngine({ host: 'cli', configDir: join(dir.path, 'config-b') });
    const { sources } = engine.api;
    const progress: SourceProgress[] = [];
    engine.onEvent((m) => {
      if (m.event === 'sources.progress') progress.push(m.payload as SourceProgress);
    });
    try {
      const { sourceId } = await sources.open({ location: csv });
      const { result, report } = await sources.assess({ sourceId, report: 'csv' });
      expect(result.readiness.score).toBeGreaterThanOrEqual(0);
      expect(result.readiness.score).toBeLessThanOrEqual(100);
      expect(report).toMatchObject({ contentType: 'text/csv; charset=utf-8', encoding: 'utf8' });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((p) => p.sourceId === sourceId && p.table === 'pupils')).toBe(true);
      expect(progress.at(-1)?.rowsDone).toBe(3);
      expect((await sources.assess({ sourceId })).report).toBeNull();
      const suggestion = await sources.suggest({ sourceId, apiVersion: 'v1' });
      expect(suggestion.streams).toBe(1);
      expect(suggestion.unreadable).toEqual([]);
      expect(suggestion.entities.map((e) => [e.entity, e.table])).toEqual([['students', 'pupils']]);
    } finally {
      await engine.dispose();
    }
  });

  it('closes what is still open when the engine is disposed', async () => {
    const engine = createEngine({ host: 'cli', configDir: join(dir.path, 'config-c') });
    const { sourceId } = await engine.api.sources.open({ location: csv });
    await engine.dispose();
    await expect(engine.api.sources.discover({ sourceId })).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
  });

  it('outside the command line, reads and writes only what a person picked', async () => {
    const engine = createEngine({ host: 'web', configDir: join(dir.path, 'config-d') });
    try {
      await expect(engine.api.sources.open({ location: csv })).rejects.toMatchObject({ code: 'SOURCE_NOT_GRANTED' });
      await expect(engine.api.audit.verifyFile({ path: join(folder, 'school.apstudio') })).rejects.toMatchObject({ code: 'SOURCE_NOT_GRANTED' });
      await expect(engine.api.vault.keyForJob({ folder: join(dir.path, 'job'), passphrase: 'a long passphrase for the job account' })).rejects.toMatchObject({ code: 'SOURCE_NOT_GRANTED' });
      await engine.grant(csv, 'picked');
      const { sourceId } = await engine.api.sources.open({ location: csv });
      expect((await engine.api.sources.discover({ sourceId })).streams).toHaveLength(1);
    } finally {
      await engine.dispose();
    }
  });

  it('checks calls across the edge against the sources schemas', async () => {
    const engine = createEngine({ host: 'cli', configDir: join(dir.path, 'config-e') });
    try {
      const bad = await dispatch(engine.api, { kind: 'call', id: 1, service: 'sources', method: 'open', params: { location: csv, secret: 'x' } });
      expect(bad).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
      const opened = await dispatch(engine.api, { kind: 'call', id: 2, service: 'sources', method: 'open', params: { location: csv, options: { delimiter: ',' } } });
      expect(opened).toMatchObject({ kind: 'result', result: { kind: 'csv' } });
      const sourceId = (opened as { result: { sourceId: string } }).result.sourceId;
      const preview = await dispatch(engine.api, { kind: 'call', id: 3, service: 'sources', method: 'preview', params: { sourceId, stream: 'pupils', limit: 1 } });
      expect(preview).toMatchObject({ kind: 'result', result: { stream: 'pupils' } });
      const options = await dispatch(engine.api, { kind: 'call', id: 4, service: 'sources', method: 'open', params: { location: 'mysql://sis@127.0.0.1:1/school', options: { encoding: 'utf-8' } } });
      expect(options).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
    } finally {
      await engine.dispose();
    }
  });

  it('verifies a project file\'s trail through audit.verifyFile, without opening the project', async () => {
    const config = join(dir.path, 'config-f');
    const project = join(dir.path, 'school.apstudio');
    const maker = createEngine({ host: 'cli', configDir: config });
    await maker.api.projects.create({ path: project });
    await maker.dispose();
    const engine = createEngine({ host: 'cli', configDir: config });
    try {
      const verdict = await engine.api.audit.verifyFile({ path: project });
      expect(verdict).toMatchObject({ file: project, valid: true, firstBadEntry: null, reason: null });
      expect(verdict.lines[0]).toContain('is intact');
      expect(await engine.api.projects.current()).toBeNull();
    } finally {
      await engine.dispose();
    }
  });
});
