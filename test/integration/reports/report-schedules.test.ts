import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine/index';
import { FakeScheduleClock } from '../../support/fake-schedule-clock';
import { tempDir } from '../../support/temp-dir';

interface Mail {
  to: string[];
  raw: string;
}

const HOUR = 3_600_000;

/**
 * Scheduled reports (issue 20, item 5): a schedule kept in the project file, run by the studio's
 * scheduler on an injected clock, delivered to a granted folder and by e-mail to a local SMTP
 * server, each delivery logged ok or failed with its reason.
 */
describe('scheduled reports', () => {
  const mails: Mail[] = [];
  let server: SMTPServer;
  let port = 0;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@school.example')) callback();
        else callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8').replace(/\r\n[ \t]+/g, ' ') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(host: 'web' | 'cli' = 'web') {
    const dir = tempDir();
    // Monday 6 January 2025, 06:30 in Berlin.
    const clock = new FakeScheduleClock('2025-01-06T05:30:00Z');
    const engine: Engine = createEngine({ host, configDir: join(dir.path, 'config'), scheduleClock: clock, now: () => new Date(clock.now()) });
    cleanups.push(() => dir.cleanup(), () => engine.dispose());
    const project = join(dir.path, 'school.apstudio');
    await engine.api.projects.create({ path: project });
    const folder = join(dir.path, 'reports');
    mkdirSync(folder);
    return { dir, clock, engine, folder, project };
  }

  it('delivers at the cron time in its time zone, to the folder and by e-mail, and logs each destination', async () => {
    const { clock, engine, folder } = await setup();
    await engine.api.notifications.setSmtpSettings({ host: '127.0.0.1', port, tls: 'none', user: null, from: 'studio@school.example', to: ['it@school.example'] });
    await engine.grant(folder, 'picked');
    const saved = await engine.api.runReports.saveSchedule({ name: 'Weekly runs', kind: 'runs', period: 'week', format: 'csv', cron: '0 7 * * 1', timezone: 'Europe/Berlin', folder, email: true });
    // 07:00 in Berlin is 06:00 UTC in winter.
    expect(saved).toMatchObject({ nextAt: '2025-01-06T06:00:00.000Z', lastDeliveries: [], enabled: true, emailTo: [] });
    expect(await engine.api.runReports.schedules()).toHaveLength(1);

    await clock.advance(HOUR / 2 - 1000);
    expect(readdirSync(folder)).toEqual([]);
    await clock.advance(1000);
    await expect.poll(() => readdirSync(folder)).toEqual(['weekly-runs-runs-2025-01-06T06-00-00Z.csv']);
    await expect.poll(() => mails.length).toBe(1);
    expect(readFileSync(join(folder, 'weekly-runs-runs-2025-01-06T06-00-00Z.csv'), 'utf8')).toMatch(/^\uFEFFrun,runId,operation/);
    const mail = mails[0];
    expect(mail.to).toEqual(['it@school.example']);
    expect(mail.raw).toContain('Subject: [Academia Studio] Report: Weekly runs');
    expect(mail.raw).toContain('filename=weekly-runs-runs-2025-01-06T06-00-00Z.csv');

    await expect.poll(async () => (await engine.api.runReports.deliveries({ scheduleId: saved.id })).length).toBe(2);
    const log = await engine.api.runReports.deliveries({ scheduleId: saved.id });
    expect(log.map((d) => [d.destination, d.status, d.trigger, d.at])).toEqual([
      ['email', 'ok', 'schedule', '2025-01-06T06:00:00.000Z'],
      ['folder', 'ok', 'schedule', '2025-01-06T06:00:00.000Z'],
    ]);
    const [listed] = await engine.api.runReports.schedules();
    expect(listed.nextAt).toBe('2025-01-13T06:00:00.000Z');
    expect(listed.lastDeliveries.map((d) => d.status)).toEqual(['ok', 'ok']);
    const actions = (await engine.api.audit.list({ object: `report-schedule:${saved.id}` })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['report.schedule.save', 'report.deliver']));
  });

  it('logs a failed delivery with its reason: the folder gone, the mail server refusing the recipient', async () => {
    const { engine, folder } = await setup();
    await engine.api.notifications.setSmtpSettings({ host: '127.0.0.1', port, tls: 'none', user: null, from: 'studio@school.example', to: ['it@school.example'] });
    await engine.grant(folder, 'picked');
    const saved = await engine.api.runReports.saveSchedule({ name: 'Errors', kind: 'errors', period: 'day', format: 'html', cron: '@daily', timezone: 'UTC', folder, email: true, emailTo: ['someone@elsewhere.example'] });
    rmSync(folder, { recursive: true });
    const result = await engine.api.runReports.deliverNow({ id: saved.id });
    expect(result.map((d) => [d.destination, d.status, d.error?.code])).toEqual([
      ['folder', 'failed', 'REPORT_DELIVERY_FAILED'],
      ['email', 'failed', 'SMTP_RECIPIENT_REFUSED'],
    ]);
    expect(result[0].reason).toContain('is gone');
    expect(result[1].reason).toContain('someone@elsewhere.example');
    expect((await engine.api.runReports.deliveries({})).map((d) => d.trigger)).toEqual(['manual', 'manual']);
  });

  it('refuses a schedule it could not run, naming the field; a removed schedule is gone with its log', async () => {
    const { engine, folder, dir } = await setup();
    const base = { name: 'x', kind: 'runs', period: 'day', format: 'csv', timezone: 'UTC' } as const;
    await expect(engine.api.runReports.saveSchedule({ ...base, cron: 'every monday', folder })).rejects.toMatchObject({ code: 'REPORT_SCHEDULE_INVALID', where: { field: 'cron' } });
    await expect(engine.api.runReports.saveSchedule({ ...base, cron: '@daily', timezone: 'Mars/Olympus', folder })).rejects.toMatchObject({ code: 'REPORT_SCHEDULE_INVALID', where: { field: 'timezone' } });
    // Nobody picked the folder in this session.
    await expect(engine.api.runReports.saveSchedule({ ...base, cron: '@daily', folder })).rejects.toMatchObject({ code: 'REPORT_SCHEDULE_INVALID', where: { field: 'folder' } });
    await expect(engine.api.runReports.saveSchedule({ ...base, cron: '@daily', folder: join(dir.path, 'config') })).rejects.toMatchObject({ code: 'SOURCE_PROTECTED' });
    await expect(engine.api.runReports.saveSchedule({ ...base, cron: '@daily' })).rejects.toMatchObject({ code: 'REPORT_SCHEDULE_INVALID', where: { field: 'folder' } });
    await expect(engine.api.runReports.saveSchedule({ ...base, cron: '@daily', email: true })).rejects.toMatchObject({ code: 'REPORT_SCHEDULE_INVALID', where: { field: 'email' } });
    await engine.grant(folder, 'picked');
    await expect(engine.api.runReports.saveSchedule({ ...base, cron: '@daily', folder, integration: 'target' })).rejects.toMatchObject({ code: 'REPORT_SCHEDULE_INVALID', where: { field: 'integration' } });
    expect(await engine.api.runReports.schedules()).toEqual([]);

    const saved = await engine.api.runReports.saveSchedule({ ...base, cron: '@daily', folder });
    await engine.api.runReports.deliverNow({ id: saved.id });
    const changed = await engine.api.runReports.saveSchedule({ ...base, id: saved.id, name: 'renamed', cron: '@weekly', folder, enabled: false });
    expect(changed).toMatchObject({ id: saved.id, name: 'renamed', nextAt: null, createdAt: saved.createdAt });
    expect(changed.lastDeliveries).toHaveLength(1);
    await engine.api.runReports.removeSchedule({ id: saved.id });
    expect(await engine.api.runReports.deliveries({})).toEqual([]);
    await expect(engine.api.runReports.deliverNow({ id: saved.id })).rejects.toMatchObject({ code: 'REPORT_SCHEDULE_NOT_FOUND' });
  });

  it('makes up a time missed while the studio was closed with one delivery when it opens; the CLI never runs schedules', async () => {
    const { clock, engine, folder, project } = await setup();
    await engine.grant(folder, 'picked');
    const saved = await engine.api.runReports.saveSchedule({ name: 'Hourly', kind: 'runs', period: 'day', format: 'csv', cron: '0 * * * *', timezone: 'UTC', folder });
    await clock.advance(HOUR / 2);
    await expect.poll(() => readdirSync(folder)).toHaveLength(1);
    await engine.api.projects.close();
    await clock.advance(5 * HOUR);
    expect(readdirSync(folder)).toHaveLength(1);

    const cli = createEngine({ host: 'cli', configDir: join(folder, '..', 'config-cli'), scheduleClock: clock, now: () => new Date(clock.now()) });
    cleanups.push(() => cli.dispose());
    await cli.api.projects.open({ path: project });
    // Half past: the studio opening next finds due times only in the past.
    await clock.advance(2 * HOUR + HOUR / 2);
    expect(readdirSync(folder)).toHaveLength(1);
    await cli.api.projects.close();

    await engine.api.projects.open({ path: project });
    await expect.poll(() => readdirSync(folder)).toHaveLength(2);
    const log = await engine.api.runReports.deliveries({ scheduleId: saved.id });
    expect(log[0]).toMatchObject({ trigger: 'catch-up', status: 'ok' });
  });
});
