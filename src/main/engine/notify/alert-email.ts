import type { SmtpSendResult, SmtpSettings } from '../../../shared/model/notify';
import { sendSmtp, type SmtpSendOptions } from './smtp-mailer';

/**
 * What an alert email says. Kept apart from the alert rules (engine/monitoring), so whoever fires
 * an alert maps its alert to this and calls {@link sendAlertEmail}.
 */
export interface AlertEmail {
  /** The rule's name, e.g. "Error rate above 5 % for 15 minutes". */
  rule: string;
  state: 'fired' | 'escalated' | 'resolved';
  severity?: string;
  /** One sentence: what is wrong (or that it is over). */
  message: string;
  /** When it happened (ISO). */
  at: string;
  /** The integration or target it is about, when there is one. */
  subject?: string;
  /** A few figures, shown as a list (value already with its unit). */
  facts?: Record<string, string | number>;
}

/** The message for an alert: a subject that sorts and reads in a list, a plain-text body and the same in HTML. */
export function alertMessage(alert: AlertEmail): { subject: string; text: string; html: string } {
  const state = alert.state === 'resolved' ? 'Resolved' : alert.state === 'escalated' ? 'Still firing' : 'Alert';
  const subject = `[Academia Studio] ${state}: ${alert.rule}${alert.subject ? ` (${alert.subject})` : ''}`;
  const facts = Object.entries(alert.facts ?? {});
  const lines = [alert.message, '', `Rule: ${alert.rule}`, ...(alert.severity ? [`Severity: ${alert.severity}`] : []), ...(alert.subject ? [`About: ${alert.subject}`] : []), `When: ${alert.at}`, ...facts.map(([k, v]) => `${k}: ${v}`)];
  const html = `<p>${esc(alert.message)}</p><ul>${[['Rule', alert.rule], ...(alert.severity ? [['Severity', alert.severity]] : []), ...(alert.subject ? [['About', alert.subject]] : []), ['When', alert.at], ...facts.map(([k, v]) => [k, String(v)])]
    .map(([k, v]) => `<li><strong>${esc(k)}:</strong> ${esc(v)}</li>`)
    .join('')}</ul>`;
  return { subject, text: `${lines.join('\n')}\n`, html };
}

/** Sends an alert to the settings' recipients. Throws the SMTP_* errors of {@link sendSmtp}. */
export function sendAlertEmail(settings: SmtpSettings, password: string | null, alert: AlertEmail, options: SmtpSendOptions = {}): Promise<SmtpSendResult> {
  const m = alertMessage(alert);
  return sendSmtp(settings, password, { to: settings.to, subject: m.subject, text: m.text, html: m.html }, options);
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
