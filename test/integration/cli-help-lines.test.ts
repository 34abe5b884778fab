import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE } from '../../src/main/hosts/cli/usage';
import { tempDir } from '../support/temp-dir';

const BIN = join(__dirname, '..', '..', 'bin', 'academia-studio.mjs');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Every line of `academia-studio --help` works as written: each command is run through the built
 * CLI with every flag its help lists. A command or flag added to the help without being
 * exercised here fails the first test, so the help cannot promise what the CLI refuses (as
 * `demo --pupils N` once did).
 */
describe('every --help line works (built CLI)', () => {
  const dir = tempDir('apstudio-help-');
  const env: NodeJS.ProcessEnv = { ...process.env, APSTUDIO_CONFIG_DIR: join(dir.path, 'config') };
  const demo = join(dir.path, 'd.apstudio');
  const legacy = `sqlite:${join(dir.path, 'd-legacy-school.sqlite')}`;
  const plain = join(dir.path, 'p.apstudio');
  /** Every argv run below, to check the help's flags against. */
  const ran: string[][] = [];

  /** Runs to the end; `stdin` is piped in when given. */
  function cli(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<Result> {
    ran.push(args);
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...opts.env }, cwd: dir.path, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(opts.stdin ?? '');
    });
  }

  /** Starts a long-running command, waits for `ready` on its output, stops it with SIGTERM. */
  function serveOnce(args: string[], ready: RegExp): Promise<Result & { output: string }> {
    ran.push(args);
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { env, cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let stopping = false;
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const check = () => {
        if (!stopping && ready.test(stdout + stderr)) {
          stopping = true;
          child.kill('SIGTERM');
        }
      };
      child.stdout.on('data', (d) => ((stdout += d), check()));
      child.stderr.on('data', (d) => ((stderr += d), check()));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, output: stdout + stderr });
      });
    });
  }

  beforeAll(async () => {
    const [made, init] = await Promise.all([cli(['demo', '--project', demo, '--pupils', '30', '--dry-run', '--json']), cli(['init', plain])]);
    // 3: the dry run completed and the planted damage left rejected rows (README explains).
    expect([made.code, made.stderr]).toEqual([3, expect.any(String)]);
    const doc = JSON.parse(made.stdout) as { status: string; dryRun: boolean; steps: { entity: string; read: number }[] };
    expect(doc).toMatchObject({ status: 'Completed', dryRun: true });
    expect(doc.steps.find((s) => s.entity === 'students')?.read).toBe(30);
    expect(init.code).toBe(0);
  }, 120_000);
  afterAll(() => dir.cleanup());

  // Generous: each case runs several CLI processes, slow on a busy 2-core machine.
  const each = (name: string, fn: () => Promise<void>) => it(name, fn, 300_000);

  each('--help and --version', async () => {
    const [help, version] = await Promise.all([cli(['--help']), cli(['--version'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(USAGE.trim() + '\n');
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  each('run --plan estimates before a run; rejects list and fix correct a reject; run --rerun-rejects refuses a dry run\'s', async () => {
    // One at a time: each command holds the project while it runs.
    const plan = await cli(['run', demo, '--plan', '--json']);
    const planText = await cli(['run', demo, '--plan', '--dry-run', '--entities', 'schools,students']);
    expect(plan.code).toBe(0);
    const doc = JSON.parse(plan.stdout) as { entities: { entity: string; rows: number }[]; seconds: number; basis: { perMinute: number } };
    expect(doc.entities.find((e) => e.entity === 'students')?.rows).toBe(30);
    expect(doc.seconds).toBeGreaterThan(0);
    expect(planText.stdout).toMatch(/^Plan \(dry run\): 31 rows/);
    const dry = JSON.parse((await cli(['run', demo, '--dry-run', '--entities', 'students', '--json'])).stdout) as { runId: string };
    const listed = await cli(['rejects', demo, dry.runId, 'list', '--entity', 'students', '--limit', '5', '--after', '0', '--json']);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout) as { rows: { id: number; reasons: { code: string; field: string | null }[] }[] };
    const [first] = page.rows;
    const reason = first.reasons.find((x) => x.field)!;
    const filtered = await cli(['rejects', demo, dry.runId, 'list', '--code', reason.code, '--field', reason.field!]);
    expect(filtered.stdout).toContain(`#${first.id} students`);
    const fixed = await cli(['rejects', demo, dry.runId, 'fix', String(first.id), `${reason.field}=2012-03-04`, '--json']);
    expect(fixed.code).toBe(0);
    // The project masks personal values, corrections of a personal field included.
    expect(JSON.parse(fixed.stdout)).toMatchObject({ rows: [{ id: first.id, corrections: [{ field: reason.field, value: expect.stringMatching(/^2012-/), by: expect.stringContaining('@') }] }] });
    const removed = await cli(['rejects', demo, dry.runId, 'fix', String(first.id), reason.field!, '--remove']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).not.toContain(`corrected ${reason.field}`);
    expect((await cli(['rejects', demo, dry.runId, 'fix', String(first.id), 'novalue'])).code).toBe(2);
    const rerun = await cli(['run', demo, '--rerun-rejects', dry.runId, '--entities', 'students', '--json']);
    expect(rerun.code).toBe(1);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ error: { code: 'NOTHING_TO_RERUN' } });
  });

  each('demo --pupils sizes a new demo; an existing one keeps its size and says so', async () => {
    const again = await cli(['demo', '--project', demo, '--pupils', '50', '--dry-run']);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/--pupils applies when a demo is created/);
    expect((await cli(['demo', '--pupils', '0'])).code).toBe(2);
  });

  each('run, discover, preview, assess on the demo', async () => {
    const [run, discover, preview, assess] = await Promise.all([
      cli(['run', demo, '--dry-run', '--entities', 'schools', '--json']),
      cli(['discover', legacy, '--json']),
      cli(['preview', legacy, 'PUPILS', '--limit', '3', '--json']),
      cli(['assess', legacy, '--json', '--school-year', '2026-09-01', '--report', join(dir.path, 'r.html')]),
    ]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { steps: { entity: string }[] }).steps.map((s) => s.entity)).toEqual(['schools']);
    // That run's rejects (of the dry run beforeAll made: every entity of the demo) as CSV and xlsx.
    const dry = JSON.parse((await cli(['run', demo, '--dry-run', '--json'])).stdout) as { runId: string; steps: { rejected: number }[] };
    const demoRun = { runId: dry.runId, counters: { rejected: dry.steps.reduce((n, st) => n + st.rejected, 0) } };
    // A dry run wrote nothing, so there is nothing to roll back (the rollback itself: test/integration/rollback.test.ts).
    const rollback = await cli(['run', demo, '--rollback', dry.runId, '--entity', 'schools', '--json']);
    expect(rollback.code).toBe(1);
    expect(JSON.parse(rollback.stdout)).toMatchObject({ error: { code: 'NOTHING_TO_ROLL_BACK' } });
    const rejectsCsv = join(dir.path, 'rejects.csv');
    const rejected = await cli(['rejects', demo, demoRun.runId, '--out', rejectsCsv, '--json']);
    expect(rejected.code).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ runId: demoRun.runId, format: 'csv', rows: demoRun.counters.rejected });
    expect(readFileSync(rejectsCsv, 'utf8').trimEnd().split('\r\n')).toHaveLength(demoRun.counters.rejected + 1);
    expect((await cli(['rejects', demo, demoRun.runId, '--out', rejectsCsv])).code).toBe(1);
    const replaced = await cli(['rejects', demo, demoRun.runId, '--out', rejectsCsv, '--entity', 'students', '--overwrite']);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/Wrote \d+ rejected rows? of run-/);
    expect((await cli(['rejects', demo, demoRun.runId, '--out', join(dir.path, 'rejects.xlsx')])).code).toBe(0);
    expect((await cli(['rejects', demo, demoRun.runId])).code).toBe(2);
    // The certificate of that dry run: nothing pushed, so nothing to compare in the target, and it reconciles.
    const certificate = join(dir.path, 'certificate.csv');
    const reconciled = await cli(['reconcile', demo, demoRun.runId, '--report', certificate, '--json']);
    expect(reconciled.code).toBe(0);
    expect(JSON.parse(reconciled.stdout)).toMatchObject({ runId: demoRun.runId, status: 'Completed', dryRun: true, mismatches: [] });
    expect(readFileSync(certificate, 'utf8')).toMatch(/^\uFEFFsection,entity,source,/);
    expect((await cli(['reconcile', demo, demoRun.runId, '--report', certificate])).code).toBe(1);
    expect((await cli(['reconcile', demo, demoRun.runId, '--report', certificate, '--overwrite'])).code).toBe(0);
    expect(discover.code).toBe(0);
    expect(discover.stdout).toContain('PUPILS');
    expect(preview.code).toBe(0);
    expect((JSON.parse(preview.stdout) as { rows: unknown[] }).rows).toHaveLength(3);
    expect(assess.code).toBe(0);
    expect(existsSync(join(dir.path, 'r.html'))).toBe(true);
    // The report exists now: replacing it takes --overwrite (the assessment is short: one CSV file).
    const csv = join(dir.path, 'one.csv');
    writeFileSync(csv, 'id,name\n1,Ann\n');
    const again = await cli(['assess', csv, '--report', join(dir.path, 'r.html'), '--overwrite']);
    expect(again.code).toBe(0);
    // --password-stdin is for database servers and Access files (a real MariaDB reads it in
    // test/integration/security/cli-source-password.test.ts); for a SQLite source it is a usage error.
    const piped = await Promise.all(['discover', 'preview', 'assess'].map((c) => cli(c === 'preview' ? [c, legacy, 'PUPILS', '--password-stdin'] : [c, legacy, '--password-stdin'], { stdin: 'pw\n' })));
    for (const r of piped) expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--password-stdin applies to database servers and Access files')]);
  });

  each('reading options on files, and --reveal', async () => {
    const csv = join(dir.path, 'steer.csv');
    writeFileSync(csv, 'School export 2024\nid;name\n1;\'Ann; Lee\'\n');
    const xml = join(dir.path, 'steer.xml');
    writeFileSync(xml, '<export><pupils><pupil><id>1</id></pupil></pupils></export>');
    const [byHeader, bySkip, byPath, revealed] = await Promise.all([
      cli(['discover', csv, '--encoding', 'utf-8', '--delimiter', ';', '--quote', "'", '--header-row', '2', '--json']),
      cli(['discover', csv, '--delimiter', ';', '--quote', "'", '--skip-rows', '1', '--json']),
      cli(['discover', xml, '--record-path', 'export/pupils/pupil', '--json']),
      cli(['preview', csv, 'steer', '--delimiter', ';', '--quote', "'", '--header-row', '2', '--reveal', '--json']),
    ]);
    for (const r of [byHeader, bySkip]) {
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { streams: { columns: { name: string }[] }[] }).streams[0].columns.map((c) => c.name)).toEqual(['id', 'name']);
    }
    expect(byPath.code).toBe(0);
    expect(revealed.code).toBe(0);
    expect((JSON.parse(revealed.stdout) as { rows: Record<string, string>[] }).rows[0].name).toBe('Ann; Lee');
  });

  each('mapping list, show, export, import', async () => {
    const list = await cli(['mapping', demo, 'list', '--json']);
    expect(list.code).toBe(0);
    const mappings = (JSON.parse(list.stdout) as { mappings: { id: string; connectionId: string }[] }).mappings;
    expect(mappings.length).toBeGreaterThan(0);
    const one = join(dir.path, 'one-mapping.json');
    const all = join(dir.path, 'all-mappings.json');
    // One after another: a project is open in one studio at a time (PROJECT_IN_USE, exit 5).
    const show = await cli(['mapping', demo, 'show', mappings[0].id, '--json']);
    const exportOne = await cli(['mapping', demo, 'export', mappings[0].id, '--out', one]);
    const exportAll = await cli(['mapping', demo, 'export', '--all', '--out', all, '--json']);
    expect([show.code, exportOne.code, exportAll.code]).toEqual([0, 0, 0]);
    expect((await cli(['mapping', demo, 'export', '--all', '--out', all, '--overwrite'])).code).toBe(0);
    const imported = await cli(['mapping', demo, 'import', all, '--connection', mappings[0].connectionId, '--json']);
    expect(imported.code).toBe(0);
    expect((JSON.parse(imported.stdout) as { imported: { status: string }[] }).imported.map((i) => i.status)).toEqual(mappings.map(() => 'unchanged'));
  });

  each('migration status and plan', async () => {
    const status = await cli(['migration', 'status', demo, '--json']);
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout) as { status: string; stage: string; checklist: { item: string; ok: boolean; detail: string }[]; milestones: unknown[] };
    expect(doc.checklist.map((c) => c.item)).toContain('freeze-window');
    expect(Array.isArray(doc.milestones)).toBe(true);
    const planned = await cli(['migration', 'plan', demo, '--readiness', '85', '--reject-limit', '1%', '--freeze', '2027-07-20T18:00:00Z/2027-07-23T08:00:00Z', '--json']);
    expect(planned.code).toBe(0);
    expect((JSON.parse(planned.stdout) as typeof doc).checklist.find((c) => c.item === 'freeze-window')?.ok).toBe(true);
    const cleared = await cli(['migration', 'plan', demo, '--no-freeze']);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('Go/no-go: NO-GO');
    const backwards = await cli(['migration', 'plan', demo, '--freeze', '2027-07-23T08:00:00Z/2027-07-20T18:00:00Z']);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain('MIGRATION_PLAN_INVALID');
  });

  each('migration record, milestone, rehearsals and document', async () => {
    const recorded = await cli(['migration', 'record', demo, '--legacy', 'Legacy SIS', '--legacy-version', '4.2', '--scope', 'Partial', '--modules', 'people,attendance', '--approach', 'parallel-run', '--start', '2027-03-01', '--end', '2027-08-31', '--school-year', '2027-09-01', '--json']);
    expect(recorded.code).toBe(0);
    expect(JSON.parse(recorded.stdout).record).toMatchObject({ legacySystem: { name: 'Legacy SIS', version: '4.2' }, scope: 'Partial', modules: ['people', 'attendance'], approach: 'parallel-run' });
    const parallel = await cli(['migration', 'parallel-sync', demo, '--json']);
    expect(parallel.code).toBe(0);
    expect(JSON.parse(parallel.stdout).record.parallelSync).toMatchObject({ name: 'parallel-run', cron: '0 2 * * *' });
    const owned = await cli(['migration', 'milestone', demo, 'cutover', '--due', '2027-07-21', '--owner', 'Dana', '--json']);
    expect(owned.code).toBe(0);
    expect((JSON.parse(owned.stdout) as { milestones: { name: string; due: string; owner: string }[] }).milestones.find((m) => m.name === 'cutover')).toMatchObject({ due: '2027-07-21', owner: 'Dana' });
    const early = await cli(['migration', 'milestone', demo, 'decommission', '--due', '2027-07-01', '--owner', 'IT', '--done']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('before cutover');
    expect((await cli(['migration', 'milestone', demo, 'cutover', '--no-due'])).code).toBe(0);
    expect((await cli(['migration', 'milestone', demo, 'decommission', '--not-done'])).code).toBe(0);
    const compared = await cli(['migration', 'rehearsals', demo, '--json']);
    expect(compared.code).toBe(0);
    expect(JSON.parse(compared.stdout)).toHaveProperty('trend');
    const plan = join(dir.path, 'plan.html');
    expect((await cli(['migration', 'document', demo, '--report', plan])).code).toBe(0);
    expect(readFileSync(plan, 'utf8')).toContain('Legacy SIS 4.2');
    const again = await cli(['migration', 'document', demo, '--report', plan]);
    expect([again.code, again.stderr.includes('FILE_EXISTS')]).toEqual([1, true]);
    expect((await cli(['migration', 'document', demo, '--report', plan, '--overwrite'])).code).toBe(0);
    const runbook = await cli(['migration', 'cutover', demo, '--json']);
    expect([runbook.code, JSON.parse(runbook.stdout).next]).toEqual([0, 'go-no-go']);
    // The help line's demo has planted rejects and no sign-off: go/no-go is blocked (exit 1), and a later step is refused.
    expect((await cli(['migration', 'cutover', demo, '--next'])).code).toBe(1);
    expect((await cli(['migration', 'cutover', demo, '--step', 'freeze'])).stderr).toContain('go-no-go comes first');
    expect((await cli(['migration', 'cutover', demo, '--rollback'])).code).toBe(0);
  });

  each('init --source, then mapping suggest and suggest --accept on the demo school', async () => {
    const project = join(dir.path, 's.apstudio');
    const init = await cli(['init', project, '--name', 'Suggested', '--source', legacy, '--json']);
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ project: { name: 'Suggested', counts: { connections: 1 } }, target: { kind: 'embedded-sandbox' } });
    const looked = await cli(['mapping', project, 'suggest', '--min-confidence', '0.6', '--json']);
    expect(looked.code).toBe(0);
    expect((JSON.parse(looked.stdout) as { entities: { entity: string }[] }).entities.map((e) => e.entity)).toContain('students');
    const accepted = await cli(['mapping', project, 'suggest', '--accept', '--json']);
    expect(accepted.code).toBe(0);
    expect((JSON.parse(accepted.stdout) as { accepted: string[] }).accepted.length).toBeGreaterThan(0);
    expect((await cli(['mapping', project, 'suggest', '--min-confidence', '2'])).code).toBe(2);
  });

  each('suggest on the demo, and with a password piped in', async () => {
    const [suggest, piped] = await Promise.all([
      cli(['suggest', legacy, '--api-version', 'v1', '--json']),
      // Nothing listens on port 1: the password is read from stdin, then the connection is refused.
      cli(['suggest', 'mysql://sis@127.0.0.1:1/school', '--password-stdin', '--json'], { stdin: 'pw' }),
    ]);
    expect(suggest.code).toBe(0);
    expect((JSON.parse(suggest.stdout) as { entities: { entity: string; table: string }[] }).entities).toContainEqual(expect.objectContaining({ entity: 'students', table: 'PUPILS' }));
    expect(piped.code).toBe(1);
    expect((JSON.parse(piped.stdout) as { error: { code: string } }).error.code).toMatch(/CONNECTION|SOURCE/);
  });

  each('audit verify, audit export, export', async () => {
    const out = join(dir.path, 'audit.json');
    // One after another: `export` opens the project, and a project is open in one studio at a time.
    const verify = await cli(['audit', 'verify', plain, '--json']);
    const auditJson = await cli(['audit', 'export', plain, '--format', 'json', '--out', out]);
    const handOver = await cli(['export', plain, '--out', join(dir.path, 'handover.apstudio'), '--json']);
    expect([verify.code, auditJson.code, handOver.code]).toEqual([0, 0, 0]);
    expect((await cli(['audit', 'export', plain, '--format', 'csv', '--out', out, '--overwrite'])).code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/,/);
  });

  each('support-bundle, purge', async () => {
    const bundle = join(dir.path, 'support.json');
    const first = await cli(['support-bundle', plain, '--out', bundle, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).file).toBe(bundle);
    expect((await cli(['support-bundle', plain, '--out', bundle])).code).toBe(1);
    expect((await cli(['support-bundle', plain, '--out', bundle, '--overwrite'])).code).toBe(0);
    expect(JSON.parse(readFileSync(bundle, 'utf8')).format).toBe('academia-studio-support-bundle');
    const set = await cli(['purge', plain, '--retention-days', '30', '--json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ retentionDays: 30, runs: [] });
    const keep = await cli(['purge', plain, '--keep']);
    expect(keep.code).toBe(0);
    expect(keep.stdout).toMatch(/no retention policy/);
  });

  each('target show, set (every flag), test, history', async () => {
    const project = join(dir.path, 't.apstudio');
    expect((await cli(['init', project])).code).toBe(0);
    expect((await cli(['target', project, 'show', '--json'])).code).toBe(0);
    const set = await cli(['target', project, 'set', '--url', 'https://ap.example', '--api-version', 'v2', '--auth', 'jwt', '--client-id', 'c-1', '--school', 'S-1', '--name', 'Trust', '--secret-stdin', '--json'], { stdin: 'a-signing-secret' });
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ kind: 'remote', baseUrl: 'https://ap.example', apiVersion: 'v2', auth: 'jwt', clientId: 'c-1', schoolId: 'S-1', name: 'Trust', hasSecret: true });
    // A field other than URL, sign-in method or client id keeps the secret ...
    expect(JSON.parse((await cli(['target', project, 'set', '--school', 'S-2', '--json'])).stdout)).toMatchObject({ schoolId: 'S-2', hasSecret: true });
    // ... a new URL forgets it (a secret is never sent to another address) and says so.
    const moved = await cli(['target', project, 'set', '--url', 'https://ap2.example', '--json']);
    expect(JSON.parse(moved.stdout)).toMatchObject({ baseUrl: 'https://ap2.example', clientId: 'c-1', schoolId: 'S-2', hasSecret: false });
    expect(moved.stderr).toMatch(/stored secret was forgotten: it belonged to the old URL/);
    expect((await cli(['target', project, 'set', '--embedded'])).code).toBe(0);
    const test = await cli(['target', project, 'test', '--json']);
    expect(test.code).toBe(0);
    const history = await cli(['target', project, 'history', '--limit', '1', '--json']);
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout)).toHaveLength(1);
  });

  each('sync define (every flag), list, --job, approve', async () => {
    const defined = await cli(['sync', demo, 'define', 'nightly', '--type', 'delta', '--direction', 'one-way', '--entities', 'students', '--schedule', '0 2 * * *', '--timezone', 'Europe/London', '--source-timezone', 'Europe/London', '--cursor', 'updated_at:timestamp', '--look-back', '300', '--deletes', 'withdraw', '--json']);
    expect(defined.code, defined.stdout).toBe(0);
    expect(JSON.parse(defined.stdout)).toMatchObject({ name: 'nightly', type: 'Delta', schedule: { cron: '0 2 * * *', timezone: 'Europe/London' }, entities: [{ entity: 'students', deletes: { policy: 'withdraw' } }] });
    const listed = await cli(['sync', demo, 'list', '--json']);
    // The demo may hold other syncs by now (migration parallel-sync defines "parallel-run").
    expect((JSON.parse(listed.stdout) as { syncs: { name: string }[] }).syncs.map((d) => d.name)).toContain('nightly');
    const evented = await cli(['sync', demo, 'define', 'on-events', '--type', 'delta', '--entities', 'students', '--events-webhook', '127.0.0.1:0', '--events-path', '/hooks/sis', '--events-feed', '120', '--webhook-secret-stdin', '--json'], { stdin: 'whsec_help_lines_0123456789abcdef\n' });
    expect(evented.code, evented.stdout + evented.stderr).toBe(0);
    expect(JSON.parse(evented.stdout)).toMatchObject({ name: 'on-events', events: { webhook: { host: '127.0.0.1', port: 0, path: '/hooks/sis' }, feed: { intervalSeconds: 120 } } });
    const events = await cli(['sync', demo, 'events', '--json']);
    expect(JSON.parse(events.stdout)).toMatchObject({ running: false, jobs: [{ job: 'on-events', receiver: { state: 'stopped', secretStatus: 'set' }, feed: { intervalSeconds: 120, cursor: null }, lastEvent: null }] });
    // The job and approval themselves run in test/integration/sync/sync-cli.test.ts; here, their typed refusals.
    const job = await cli(['sync', demo, '--job', 'weekly', '--json']);
    expect([job.code, JSON.parse(job.stdout)]).toEqual([1, { error: expect.objectContaining({ code: 'SYNC_NOT_FOUND' }) }]);
    const approve = await cli(['sync', demo, 'approve', 'sync-none', '--category', 'students.deletes', '--json']);
    expect([approve.code, JSON.parse(approve.stdout)]).toEqual([1, { error: expect.objectContaining({ code: 'RUN_NOT_FOUND' }) }]);
  });

  each('sync conflicts, resolve --keep', async () => {
    const conflicts = await cli(['sync', demo, 'conflicts', '--json']);
    expect([conflicts.code, JSON.parse(conflicts.stdout)]).toEqual([0, { conflicts: [] }]);
    // Deciding a real conflict runs in test/integration/sync/sync-two-way.test.ts; here, the typed refusals.
    const resolved = await cli(['sync', demo, 'resolve', 'cf-none', '--keep', 'target', '--json']);
    expect([resolved.code, JSON.parse(resolved.stdout)]).toEqual([1, { error: expect.objectContaining({ code: 'SYNC_CONFLICT_NOT_FOUND' }) }]);
    const wrong = await cli(['sync', demo, 'resolve', 'cf-none', '--keep', 'both']);
    expect(wrong.code).toBe(2);
  });

  // After `target set` stored a secret: there is a vault key to copy.
  each('vault key-for-job', async () => {
    const job = await cli(['vault', 'key-for-job', join(dir.path, 'job')], { env: { APSTUDIO_JOB_PASSPHRASE: 'a long passphrase for the job account' } });
    expect(job.code).toBe(0);
  });

  each('open and serve run until stopped', async () => {
    const [open, serve, serveDemo] = await Promise.all([
      serveOnce(['open', plain, '--port', '0'], /Studio running at/),
      // Another project than `open`'s: one project is open in one studio at a time (PROJECT_IN_USE).
      serveOnce(['serve', '--project', demo, '--port', '0'], /Studio running at/),
      serveOnce(['serve', '--demo'], /Studio running at/),
    ]);
    for (const r of [open, serve, serveDemo]) expect([r.code, r.output]).toEqual([0, expect.stringMatching(/Stopping the studio/)]);
    // --open starts the desktop's browser opener; on a machine without one it says so and keeps serving.
    const noBrowser = await serveOnceWithout(['serve', '--project', plain, '--open']);
    expect(noBrowser.code).toBe(0);
  });

  each('status of the demo', async () => {
    const status = await cli(['status', demo, '--json']);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { integrations: { kind: string }[] }).integrations.map((i) => i.kind)).toContain('target');
  });

  each('report of the demo with every flag; an existing file needs --overwrite', async () => {
    const csv = join(dir.path, 'runs-report.csv');
    const made = await cli(['report', demo, '--kind', 'runs', '--period', 'week', '--format', 'csv', '--out', csv, '--json']);
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ file: csv, kind: 'runs', format: 'csv', bytes: expect.any(Number) });
    expect(readFileSync(csv, 'utf8')).toMatch(/^\uFEFFrun,runId,operation/);
    const again = await cli(['report', demo, '--kind', 'errors', '--out', csv, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'FILE_EXISTS' } });
    expect((await cli(['report', demo, '--kind', 'errors', '--out', csv, '--overwrite'])).code).toBe(0);
    const pdf = join(dir.path, 'sla.pdf');
    const sla = await cli(['report', demo, '--kind', 'sla', '--from', '2020-01-01', '--to', '2099-12-31', '--out', pdf]);
    expect([sla.code, sla.stderr]).toEqual([0, '']);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const bad = await cli(['report', demo, '--kind', 'syncs', '--period', 'day', '--from', '2026-01-01', '--out', join(dir.path, 'x.html')]);
    expect(bad.code).toBe(2);
  });

  each('sandbox with every flag', async () => {
    const sandbox = await serveOnce(
      ['sandbox', '--port', '0', '--data', join(dir.path, 'sb.sqlite'), '--client-id', 'cli', '--client-secret', 'cli-secret', '--limit-per-minute', '100', '--limit-per-hour', '1000', '--faults', 'latency=1ms', '--seed', '7', '--api-versions', 'v1,v2', '--production-version', 'v2', '--sunset', '2027-06-30', '--admin-token', 'adm-1'],
      /adm-1/,
    );
    expect(sandbox.code).toBe(0);
    expect(sandbox.output).toContain('cli-secret');
  });

  each('migration rollover and oneroster export / validate, after a real run of the year\'s people and classes', async () => {
    const rules = join(dir.path, 'rollover-rules.json');
    writeFileSync(rules, JSON.stringify({ leavers: { action: 'withdrawn', date: '2025-07-18' } }));
    // Before anything is in Academia Pro there is no year to roll over: blocked, with the fix (exit 1).
    const empty = await cli(['migration', 'rollover', plain, '--json']);
    expect([empty.code, JSON.parse(empty.stdout).problems[0].code]).toEqual([1, 'NO_CURRENT_YEAR']);
    const loaded = await cli(['run', demo, '--entities', 'schools,academic-years,terms,students,staff,courses,classes,class-teachers,enrollments', '--json']);
    expect([0, 3]).toContain(loaded.code);
    const held = await cli(['migration', 'rollover', demo, '--school-year', '2025/26', '--rules', rules, '--json']);
    expect(held.code).toBe(4);
    const preview = JSON.parse(held.stdout) as { status: string; toYear: { name: string }; rules: { leavers: unknown }; held: { categories: { category: string }[] } };
    expect(preview).toMatchObject({ status: 'held', toYear: { name: '2025/26' }, rules: { leavers: { action: 'withdrawn', date: '2025-07-18' } } });
    const categories = preview.held.categories.map((c) => c.category);
    expect(categories).toEqual(['academic-years.updates', 'students.updates', 'enrollments.updates']);
    // One category approved, applying still waits for the others (exit 4); all approved, it applies.
    expect((await cli(['migration', 'rollover', demo, '--approve', categories[0], '--apply'])).code).toBe(4);
    const applied = await cli(['migration', 'rollover', demo, ...categories.slice(1).flatMap((c) => ['--approve', c]), '--apply', '--json']);
    expect([applied.code, JSON.parse(applied.stdout).status]).toEqual([0, 'applied']);
    const out = join(dir.path, 'oneroster');
    const exported = await cli(['oneroster', 'export', demo, '--out', out, '--json']);
    expect([exported.code, JSON.parse(exported.stdout).validation.errors]).toEqual([0, 0]);
    expect((await cli(['oneroster', 'export', demo, '--out', out])).code).toBe(1);
    expect((await cli(['oneroster', 'export', demo, '--out', out, '--overwrite'])).code).toBe(0);
    const fixtures = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'oneroster-csv');
    const [mine, fixture, old] = await Promise.all([
      cli(['oneroster', 'validate', out, '--json']),
      cli(['oneroster', 'validate', join(fixtures, 'v1p2_full_dataset'), '--limit', '5']),
      cli(['oneroster', 'validate', join(fixtures, 'Test_full_data_set'), '--json']),
    ]);
    expect([mine.code, JSON.parse(mine.stdout).warnings]).toEqual([0, 0]);
    expect([fixture.code, fixture.stdout]).toEqual([0, expect.stringContaining('Valid OneRoster 1.2 bundle: 0 errors')]);
    expect([old.code, JSON.parse(old.stdout).findings[0].code]).toEqual([1, 'VERSION_UNSUPPORTED']);
  });

  each('person find, export, erase (last: it changes the demo)', async () => {
    const found = await cli(['person', demo, 'find', 'a', '--limit', '1', '--json']);
    expect(found.code).toBe(0);
    const [person] = (JSON.parse(found.stdout) as { people: { entity: string; externalId: string }[] }).people;
    const out = join(dir.path, 'person.json');
    const exported = await cli(['person', demo, 'export', person.entity, person.externalId, '--out', out, '--json']);
    expect(exported.code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { person: unknown }).person).toEqual({ entity: person.entity, externalId: person.externalId });
    expect((await cli(['person', demo, 'export', person.entity, person.externalId, '--out', out, '--overwrite'])).code).toBe(0);
    expect((await cli(['person', demo, 'erase', person.entity, person.externalId])).code).toBe(2);
    const erased = await cli(['person', demo, 'erase', person.entity, person.externalId, '--yes']);
    expect(erased.code).toBe(0);
    expect(erased.stdout).toMatch(/audit trail files this as erasure-/);
  });

  it('lists no command and no flag that is not exercised here', () => {
    // Runs last (tests in a file run in order): it reads what the others ran.
    const blocks = helpBlocks(USAGE);
    const exercised = new Set(ran.map(commandOf));
    expect([...blocks.keys()].sort()).toEqual([...exercised].sort());
    for (const [command, flags] of blocks) {
      const used = new Set(ran.filter((a) => commandOf(a) === command).flatMap((a) => a.filter((x) => x.startsWith('--'))));
      for (const flag of flags) expect(used.has(flag), `${command} ${flag}`).toBe(true);
    }
  });

  /** serve --open with an empty PATH, so no real browser can start during the tests. */
  function serveOnceWithout(args: string[]): Promise<Result & { output: string }> {
    const saved = env.PATH;
    env.PATH = join(dir.path, 'no-programs-here');
    try {
      return serveOnce(args, /Studio running at/);
    } finally {
      env.PATH = saved;
    }
  }
});

/** The command an argv exercises: one word, or two for the commands with sub-commands. */
function commandOf(args: string[]): string {
  if (args[0] === '--help' || args[0] === '--version') return '--help';
  return args[0] === 'audit' || args[0] === 'vault' || args[0] === 'migration' || args[0] === 'oneroster' ? `${args[0]} ${args[1]}` : args[0];
}

/** Each command of the help text with every flag its lines list (continuation lines included). */
function helpBlocks(usage: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>([['--help', ['--help', '--version']]]);
  const commandsPart = usage.slice(usage.indexOf('Commands\n'), usage.indexOf('\nA source is'));
  let current: string | null = null;
  for (const line of commandsPart.split('\n').slice(1)) {
    const head = /^ {2}([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/.exec(line);
    if (head) {
      current = head[1] === 'audit' || head[1] === 'vault' || head[1] === 'migration' || head[1] === 'oneroster' ? `${head[1]} ${head[2]}` : head[1];
      blocks.set(current, []);
    }
    if (current) blocks.get(current)!.push(...[...line.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
  }
  for (const [key, flags] of blocks) blocks.set(key, [...new Set(flags)]);
  return blocks;
}
