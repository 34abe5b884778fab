import { createTransport } from 'nodemailer';
import type { SmtpSendResult, SmtpSettings } from '../../../shared/model/notify';
import { StudioError } from '../../../shared/errors';

/** One message: plain text always (every mail client reads it), HTML beside it when given. */
export interface SmtpMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Files sent along (a scheduled report). */
  attachments?: { filename: string; content: Buffer | string; contentType: string }[];
}

export interface SmtpSendOptions {
  /** Connecting, the greeting and each wait on the socket are bounded by this. Default 15 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Sends one message over SMTP with nodemailer, one connection per message (alerts are rare; a
 * pool would hold a connection open for nothing). The server's refusals come back as typed
 * errors a person can act on: SMTP_AUTH_FAILED (user or password refused), SMTP_RECIPIENT_REFUSED
 * (an address the server will not take), SMTP_UNREACHABLE (no connection, no greeting, TLS
 * failure), SMTP_FAILED otherwise. The password never appears in an error.
 */
export async function sendSmtp(settings: SmtpSettings, password: string | null, message: SmtpMessage, options: SmtpSendOptions = {}): Promise<SmtpSendResult> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    auth: settings.user ? { user: settings.user, pass: password ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    tls: { rejectUnauthorized: !settings.allowSelfSigned },
  });
  const started = performance.now();
  try {
    const info = await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}), ...(message.attachments ? { attachments: message.attachments } : {}) });
    return { messageId: info.messageId, accepted: (info.accepted as (string | { address: string })[]).map((a) => (typeof a === 'string' ? a : a.address)), durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    throw smtpError(err, settings, message.to);
  } finally {
    transport.close();
  }
}

type NodemailerError = Error & { code?: string; responseCode?: number; response?: string; rejected?: unknown[] };

function smtpError(err: unknown, settings: SmtpSettings, to: string[]): StudioError {
  const e = err as NodemailerError;
  const where = `${settings.host}:${settings.port}`;
  const said = e.response ? ` The server said: ${e.response.trim()}` : '';
  const details = { code: e.code ?? null, responseCode: e.responseCode ?? null, server: where };
  if (e.code === 'EAUTH') {
    return new StudioError('SMTP_AUTH_FAILED', `The mail server ${where} refused to sign in as "${settings.user ?? ''}".${said}`, 'Check the SMTP user and password (Settings → Notifications); some servers need an app password.', { details, cause: err });
  }
  if (e.code === 'EENVELOPE') {
    const rejected = (e.rejected ?? []).map(String);
    const who = rejected.length ? rejected.join(', ') : to.join(', ');
    return new StudioError('SMTP_RECIPIENT_REFUSED', `The mail server ${where} would not take mail for ${who}.${said}`, 'Check the address; a relay often takes mail only for its own domain or from its own sender address.', {
      details: { ...details, rejected },
      cause: err,
    });
  }
  if (e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT' || e.code === 'ESOCKET' || e.code === 'EDNS' || e.code === 'ETLS') {
    const why = e.code === 'ETIMEDOUT' ? 'it did not answer in time' : e.code === 'EDNS' ? 'its name could not be found' : e.code === 'ETLS' ? 'the TLS handshake failed' : e.message;
    return new StudioError('SMTP_UNREACHABLE', `The mail server ${where} could not be reached: ${why}.`, 'Check the host, the port and the TLS mode (465 is usually TLS, 587 STARTTLS, 25 none), and that this computer may connect to it.', {
      details,
      cause: err,
    });
  }
  return new StudioError('SMTP_FAILED', `The mail server ${where} did not send the message: ${e.message}.${said}`, 'Check the SMTP settings and try the test send again.', { details, cause: err });
}
