import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/hosts/cli/cli';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { createOutput } from '../../src/main/hosts/cli/output';
import { startRestSourceServer, type RestSourceServer } from '../support/rest-source-server';
import { tempDir } from '../support/temp-dir';

/** The CLI in this process, as a script calls it: exit code and the one JSON document. */
async function cli(args: string[]): Promise<{ code: number; doc: Record<string, unknown> }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (d) => (text += d));
  stderr.resume();
  const code = await runCli([...args, '--json'], createOutput(true, { stdout, stderr }));
  return { code, doc: JSON.parse(text) as Record<string, unknown> };
}

interface RunDocument {
  status: string;
  dryRun: boolean;
  steps: { entity: string; status: string; read: number; created: number; rejected: number }[];
}

/**
 * A OneRoster 1.2 REST source from a fresh project, headless: `init --source oneroster+http://…`
 * (the client secret to the vault, never into the project file), the suggestions accepted, and a
 * dry run into the embedded sandbox.
 */
describe('a OneRoster REST source: init --source → suggest --accept → dry run', () => {
  const dir = tempDir('apstudio-rest-');
  const project = join(dir.path, 'roster.apstudio');
  const savedConfig = process.env.APSTUDIO_CONFIG_DIR;
  let server: RestSourceServer;
  let accepted: { accepted: string[]; leftOut: { entity: string; reason: string }[]; entities: { entity: string; table: string; filter?: unknown; fields: { field: string; column: string | null }[] }[] };

  beforeAll(async () => {
    process.env.APSTUDIO_CONFIG_DIR = join(dir.path, 'config');
    server = await startRestSourceServer();
  });
  afterAll(async () => {
    if (savedConfig === undefined) delete process.env.APSTUDIO_CONFIG_DIR;
    else process.env.APSTUDIO_CONFIG_DIR = savedConfig;
    await server.close();
    dir.cleanup();
  });

  it('init takes the REST location; the secret is masked and kept out of the project file', async () => {
    const location = `oneroster+${server.oneRosterUrl.replace('http://', `http://${server.clientId}:${server.clientSecret}@`)}?pageSize=20`;
    const { code, doc } = await cli(['init', project, '--source', location]);
    expect(code).toBe(0);
    const connections = doc.connections as { kind: string; name: string }[];
    expect(connections).toEqual([expect.objectContaining({ kind: 'rest' })]);
    expect(connections[0].name).toContain(`${server.clientId}:****@`);
    expect(readFileSync(project).includes(Buffer.from(server.clientSecret))).toBe(false);
  }, 60_000);

  it('discover and preview take the client secret from APSTUDIO_SOURCE_PASSWORD instead of the command line', async () => {
    const location = `oneroster+${server.oneRosterUrl.replace('http://', `http://${server.clientId}@`)}`;
    const saved = process.env.APSTUDIO_SOURCE_PASSWORD;
    process.env.APSTUDIO_SOURCE_PASSWORD = server.clientSecret;
    try {
      const discovered = await cli(['discover', location]);
      expect(discovered.code).toBe(0);
      const streams = discovered.doc.streams as { name: string; rowEstimate: number | null; columns: { name: string; secret?: boolean }[] }[];
      expect(streams.map((s) => s.name)).toEqual(['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'demographics']);
      expect(streams.find((s) => s.name === 'users')?.columns.find((c) => c.name === 'password')?.secret).toBe(true);
      const preview = await cli(['preview', location, 'classes', '--limit', '2']);
      expect(preview.code).toBe(0);
      expect((preview.doc.rows as unknown[]).length).toBe(2);
      delete process.env.APSTUDIO_SOURCE_PASSWORD;
      const refused = await cli(['discover', location]);
      expect(refused.code).toBe(1);
      expect((refused.doc.error as { code: string }).code).toBe('SOURCE_AUTH_FAILED');
    } finally {
      if (saved === undefined) delete process.env.APSTUDIO_SOURCE_PASSWORD;
      else process.env.APSTUDIO_SOURCE_PASSWORD = saved;
    }
  }, 60_000);

  it('a bad REST setting is refused before any project is written', async () => {
    const { code, doc } = await cli(['init', join(dir.path, 'bad.apstudio'), '--source', `oneroster+${server.oneRosterUrl}?paging=sideways`]);
    expect(code).toBe(1);
    expect((doc.error as { code: string }).code).toBe('BAD_REQUEST');
  });

  // Students are suggested from users (names, e-mail), their required birth date and gender from
  // OneRoster's demographics collection joined by sourcedId (one row per user). Staff, guardians,
  // schools, sessions, courses, classes and class teachers are accepted.
  it('the suggestions map OneRoster users onto students and staff, and classes and enrolments by their references', async () => {
    const { code, doc } = await cli(['mapping', project, 'suggest', '--accept']);
    expect(code).toBe(0);
    accepted = doc as typeof accepted;
    const suggestion = (entity: string) => accepted.entities.find((e) => e.entity === entity);
    const field = (entity: string, name: string) => suggestion(entity)?.fields.find((f) => f.field === name)?.column;
    expect(suggestion('students')?.table).toBe('users');
    expect(field('students', 'firstName')).toBe('givenName');
    expect(field('students', 'lastName')).toBe('familyName');
    expect(field('students', 'birthDate')).toBe('demographics.birthDate');
    expect(field('students', 'gender')).toBe('demographics.sex');
    expect(suggestion('staff')?.table).toBe('users');
    expect(suggestion('classes')?.table).toBe('classes');
    expect(field('classes', 'courseExternalId')).toBe('courseSourcedId');
    expect(suggestion('enrollments')?.table).toBe('enrollments');
    expect(field('enrollments', 'studentExternalId')).toBe('userSourcedId');
    expect(field('enrollments', 'classExternalId')).toBe('classSourcedId');
    console.log(`OneRoster REST: accepted ${accepted.accepted.join(', ')}; left out ${accepted.leftOut.map((l) => `${l.entity} (${l.reason})`).join('; ') || 'none'}`);
    expect(accepted.accepted.length).toBeGreaterThan(0);
  }, 60_000);

  it('the dry run reads the REST source through the accepted mappings into the embedded sandbox', async () => {
    const { code, doc } = await cli(['run', project, '--dry-run']);
    expect([0, 3]).toContain(code);
    const run = doc as unknown as RunDocument;
    expect(run).toMatchObject({ status: 'Completed', dryRun: true });
    const mapped = new Set(accepted.accepted.map((id) => id.replace(/-[^-]+$/, '')));
    for (const step of run.steps) expect(step.read, step.entity).toBeGreaterThan(0);
    expect(run.steps.map((s) => s.entity).filter((e) => mapped.has(e)).length).toBe(run.steps.length);
    const staff = run.steps.find((s) => s.entity === 'staff');
    if (staff) expect(staff.created + staff.rejected).toBeGreaterThan(0);
    console.log(`OneRoster REST dry run: ${run.steps.map((s) => `${s.entity} read ${s.read}, created ${s.created}, rejected ${s.rejected}`).join('; ')}`);
  }, 120_000);

  it("a run's log says when the API's rate limit made the read wait and send a request again", async () => {
    const engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    try {
      await engine.api.projects.open({ path: project });
      server.misbehave({ rateLimitAtRequest: 2, retryAfterSeconds: 0 });
      const { runId } = await engine.api.runs.start({ dryRun: true, entities: ['classes'] });
      await engine.idle();
      const run = await engine.api.runs.get({ runId });
      expect(run.status).toBe('Completed');
      expect(run.steps.find((s) => s.entity === 'classes')?.counters.read).toBe(6);
      const events = await engine.api.runs.events({ runId });
      expect(events.filter((e) => e.level === 'warning').map((e) => e.message)).toContain('The API limited how often it may be asked: 1 request(s) sent again, 0 s waited so far.');
    } finally {
      server.misbehave({});
      await engine.dispose();
    }
  }, 60_000);
});
