import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../../src/main/engine';
import { createEngine } from '../../../src/main/engine/api/engine';
import { alertMessage, sendAlertEmail } from '../../../src/main/engine/notify/alert-email';
import { sendSmtp } from '../../../src/main/engine/notify/smtp-mailer';
import { StudioError } from '../../../src/shared/errors';
import type { SmtpSettings } from '../../../src/shared/model/notify';
import { tempDir } from '../../support/temp-dir';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** Alert email over SMTP with nodemailer, against a local smtp-server on 127.0.0.1. */
describe('alert email over SMTP', () => {
  const dir = tempDir();
  const mails: Mail[] = [];
  let server: SMTPServer;
  let port = 0;
  let silent: TcpServer;
  let silentPort = 0;
  let engine: Engine;

  const settings = (over: Partial<SmtpSettings> = {}): SmtpSettings => ({ host: '127.0.0.1', port, tls: 'none', user: 'alerts', from: 'studio@school.example', to: ['it@school.example'], allowSelfSigned: false, ...over });

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: false,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'alerts' && auth.password === 'right-password') callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@school.example')) callback();
        else callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), // Long headers are folded on the wire: unfolded here so a test reads them whole.
          raw: Buffer.concat(chunks).toString('utf8').replace(/\r\n[ \t]+/g, ' ') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
    // A server that accepts the connection and never greets.
    silent = createTcpServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    engine = createEngine({ host: 'cli', configDir: join(dir.path, 'config'), notify: { smtpTimeoutMs: 500 } });
    await engine.api.projects.create({ path: join(dir.path, 'school.apstudio') });
  });
  afterAll(async () => {
    await engine.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise((resolve) => silent.close(resolve));
    dir.cleanup();
  });

  it('sends an alert to the recipients, signed in', async () => {
    const result = await sendAlertEmail(settings(), 'right-password', { rule: 'Error rate above 5 %', state: 'fired', message: 'The target answered 12 % of calls with errors in the last 15 minutes.', at: '2026-12-07T10:00:00Z', subject: 'Academia Pro sandbox', facts: { 'Error rate': '12 %' } });
    expect(result.accepted).toEqual(['it@school.example']);
    const mail = mails.at(-1)!;
    expect(mail).toMatchObject({ from: 'studio@school.example', to: ['it@school.example'] });
    expect(mail.raw).toContain('Subject: [Academia Studio] Alert: Error rate above 5 % (Academia Pro sandbox)');
    expect(mail.raw).toContain('The target answered 12 % of calls with errors in the last 15 minutes.');
    expect(alertMessage({ rule: 'Sync late', state: 'resolved', message: 'Back on time.', at: 'x' }).subject).toBe('[Academia Studio] Resolved: Sync late');
  });

  it('says clearly when the server refuses: wrong password, refused recipient, nobody answering', async () => {
    const refusal = async (work: Promise<unknown>) => {
      try {
        await work;
      } catch (err) {
        expect(err).toBeInstanceOf(StudioError);
        return err as StudioError;
      }
      throw new Error('expected a refusal');
    };
    const auth = await refusal(sendSmtp(settings(), 'wrong-password', { to: ['it@school.example'], subject: 's', text: 't' }));
    expect(auth.code).toBe('SMTP_AUTH_FAILED');
    expect(auth.message).toContain('refused to sign in as "alerts"');
    expect(auth.message).not.toContain('wrong-password');

    const recipient = await refusal(sendSmtp(settings(), 'right-password', { to: ['someone@elsewhere.example'], subject: 's', text: 't' }));
    expect(recipient.code).toBe('SMTP_RECIPIENT_REFUSED');
    expect(recipient.message).toContain('someone@elsewhere.example');

    const closed = await refusal(sendSmtp(settings({ port: await freePort() }), 'right-password', { to: ['it@school.example'], subject: 's', text: 't' }, { timeoutMs: 500 }));
    expect(closed.code).toBe('SMTP_UNREACHABLE');

    const started = performance.now();
    const mute = await refusal(sendSmtp(settings({ port: silentPort }), 'right-password', { to: ['it@school.example'], subject: 's', text: 't' }, { timeoutMs: 300 }));
    expect(mute.code).toBe('SMTP_UNREACHABLE');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('keeps SMTP settings in the project and the password in the vault; a test send goes through them', async () => {
    await expect(engine.api.notifications.testSmtp({})).rejects.toMatchObject({ code: 'SMTP_NOT_CONFIGURED' });
    const saved = await engine.api.notifications.setSmtpSettings({ host: '127.0.0.1', port, tls: 'none', user: 'alerts', from: 'studio@school.example', to: ['it@school.example'], password: 'right-password' });
    expect(saved).toEqual({ settings: settings(), passwordStatus: 'set' });
    expect(JSON.stringify(await engine.api.notifications.smtpSettings())).not.toContain('right-password');

    const before = mails.length;
    const sent = await engine.api.notifications.testSmtp({ to: 'office@school.example' });
    expect(sent.accepted).toEqual(['office@school.example']);
    expect(mails.length).toBe(before + 1);
    expect(mails.at(-1)!.raw).toContain('Subject: [Academia Studio] Test message');

    // A new password replaces the stored one; a wrong one is refused by the server, in words.
    await engine.api.notifications.setSmtpSettings({ host: '127.0.0.1', port, tls: 'none', user: 'alerts', from: 'studio@school.example', to: ['it@school.example'], password: 'not-it' });
    await expect(engine.api.notifications.testSmtp({})).rejects.toMatchObject({ code: 'SMTP_AUTH_FAILED' });
    const audit = await engine.api.audit.list({ action: 'smtp.settings' });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('right-password');
  });
});

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
