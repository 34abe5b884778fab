import type { SqliteDatabase } from '../../../platform/open-sqlite';
import type { Alert, AlertChannel, AlertHistoryEntry, AlertRule, AlertRuleKind, AlertSeverity, AlertState } from '../../../shared/api/contracts/monitoring';
import { StudioError } from '../../../shared/errors';

type RuleRow = { id: string; kind: AlertRuleKind; enabled: number; severity: AlertSeverity; params_json: string; escalate_after_minutes: number };
type AlertRow = {
  id: number;
  rule_id: string;
  rule_kind: AlertRuleKind;
  subject: string;
  severity: AlertSeverity;
  state: AlertState;
  message: string;
  value: number | null;
  fired_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  escalation_level: number;
};
type HistoryRow = { at: string; action: string; channel: AlertChannel | null; ok: number | null; detail: string | null };

export type AlertListState = 'open' | AlertState | 'all';

/** Alert rules, alerts and their history in the project file. */
export class AlertsRepo {
  constructor(private readonly db: SqliteDatabase) {}

  rules(): AlertRule[] {
    return (this.db.prepare('SELECT * FROM alert_rules ORDER BY rowid').all() as RuleRow[]).map(ruleOf);
  }

  setRule(rule: AlertRule, now: Date): AlertRule {
    this.db
      .prepare(
        `INSERT INTO alert_rules (id, kind, enabled, severity, params_json, escalate_after_minutes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, enabled = excluded.enabled, severity = excluded.severity, params_json = excluded.params_json,
           escalate_after_minutes = excluded.escalate_after_minutes, updated_at = excluded.updated_at`,
      )
      .run(rule.id, rule.kind, rule.enabled ? 1 : 0, rule.severity, JSON.stringify(rule.params), rule.escalateAfterMinutes, now.toISOString());
    return ruleOf(this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(rule.id) as RuleRow);
  }

  /** Firing and acknowledged alerts of one rule. */
  openOf(ruleId: string): Alert[] {
    return (this.db.prepare("SELECT * FROM alerts WHERE rule_id = ? AND state != 'resolved' ORDER BY id").all(ruleId) as AlertRow[]).map(alertOf);
  }

  list(state: AlertListState = 'open', limit = 200): Alert[] {
    const where = state === 'all' ? '' : state === 'open' ? "WHERE state != 'resolved'" : 'WHERE state = ?';
    const args = state === 'all' || state === 'open' ? [] : [state];
    return (this.db.prepare(`SELECT * FROM alerts ${where} ORDER BY id DESC LIMIT ?`).all(...args, limit) as AlertRow[]).map(alertOf);
  }

  get(id: string): Alert {
    const row = /^\d+$/.test(id) ? (this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(Number(id)) as AlertRow | undefined) : undefined;
    if (!row) throw new StudioError('ALERT_NOT_FOUND', `There is no alert ${id} in this project.`, 'List the alerts (`monitoring.alerts` with state "all", or the Dashboard) and use one of their ids.');
    return alertOf(row);
  }

  fire(a: { rule: AlertRule; subject: string; message: string; value: number | null; at: Date }): Alert {
    const id = this.db
      .prepare("INSERT INTO alerts (rule_id, rule_kind, subject, severity, state, message, value, fired_at) VALUES (?, ?, ?, ?, 'firing', ?, ?, ?)")
      .run(a.rule.id, a.rule.kind, a.subject, a.rule.severity, a.message, a.value, a.at.toISOString()).lastInsertRowid;
    this.note(String(id), a.at, 'fired', null, null, a.message);
    return this.get(String(id));
  }

  acknowledge(id: string, by: string, at: Date): Alert {
    this.db.prepare("UPDATE alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ? WHERE id = ?").run(at.toISOString(), by, Number(id));
    this.note(id, at, 'acknowledged', null, null, by);
    return this.get(id);
  }

  resolve(id: string, by: string, at: Date, detail: string): Alert {
    this.db.prepare("UPDATE alerts SET state = 'resolved', resolved_at = ?, resolved_by = ? WHERE id = ?").run(at.toISOString(), by, Number(id));
    this.note(id, at, 'resolved', null, null, detail);
    return this.get(id);
  }

  setEscalation(id: string, level: number): void {
    this.db.prepare('UPDATE alerts SET escalation_level = ? WHERE id = ?').run(level, Number(id));
  }

  note(id: string, at: Date, action: string, channel: AlertChannel | null, ok: boolean | null, detail: string | null): void {
    this.db.prepare('INSERT INTO alert_history (alert_id, at, action, channel, ok, detail) VALUES (?, ?, ?, ?, ?, ?)').run(Number(id), at.toISOString(), action, channel, ok === null ? null : ok ? 1 : 0, detail);
  }

  history(id: string): AlertHistoryEntry[] {
    this.get(id);
    return (this.db.prepare('SELECT at, action, channel, ok, detail FROM alert_history WHERE alert_id = ? ORDER BY id').all(Number(id)) as HistoryRow[]).map((h) => ({
      at: h.at,
      action: h.action,
      channel: h.channel,
      ok: h.ok === null ? null : h.ok === 1,
      detail: h.detail,
    }));
  }
}

function ruleOf(r: RuleRow): AlertRule {
  return { id: r.id, kind: r.kind, enabled: r.enabled === 1, severity: r.severity, params: JSON.parse(r.params_json) as AlertRule['params'], escalateAfterMinutes: r.escalate_after_minutes };
}

function alertOf(r: AlertRow): Alert {
  return {
    id: String(r.id),
    rule: r.rule_id,
    ruleKind: r.rule_kind,
    subject: r.subject,
    severity: r.severity,
    state: r.state,
    message: r.message,
    value: r.value,
    firedAt: r.fired_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    escalationLevel: r.escalation_level,
  };
}
