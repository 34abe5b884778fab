import type { Alert, AlertChannel, AlertHistoryEntry, AlertRule } from '../../../shared/api/contracts/monitoring';
import type { AlertNotifier } from './alert-notifier';
import { AlertsRepo, type AlertListState } from './alerts-repo';
import type { Condition } from './alert-conditions';
import { MINUTE_MS } from './periods';
import type { SqliteDatabase } from '../../../platform/open-sqlite';

/** The escalation steps in order; an alert's `escalationLevel` counts how many it has reached. */
const STEPS: AlertChannel[] = ['desktop', 'webhook', 'email'];

export interface AlertEngineDeps {
  now: () => Date;
  notifier: AlertNotifier;
  /** Tells the windows (`alert.fired`, `alert.resolved`). */
  emit: (event: 'alert.fired' | 'alert.resolved', alert: Alert) => void;
}

export interface Evaluation {
  fired: number;
  resolved: number;
  escalated: number;
}

/**
 * Alerts' lives: a rule's condition that starts holding fires an alert (one per rule and subject
 * while it is open) and reaches the desktop; unacknowledged, it escalates to the webhook after N
 * minutes and to e-mail after 2N; acknowledging stops the escalation; the alert is resolved by a
 * person or, automatically, at the first evaluation where its condition no longer holds (or its
 * rule was disabled). Every step is kept in the alert's history. Time is the injected clock's,
 * so tests drive it minute by minute.
 *
 * Notifications are sent without being waited for: a channel that hangs or fails delays nothing;
 * its outcome is written to the history when it settles (`settled()` waits for them).
 */
export class AlertEngine {
  readonly repo: AlertsRepo;
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(db: SqliteDatabase, private readonly deps: AlertEngineDeps) {
    this.repo = new AlertsRepo(db);
  }

  /** Applies each rule's current conditions: fires, resolves and escalates. */
  evaluate(conditions: (rule: AlertRule) => Condition[]): Evaluation {
    const result: Evaluation = { fired: 0, resolved: 0, escalated: 0 };
    const now = this.deps.now();
    for (const rule of this.repo.rules()) {
      const holding = rule.enabled ? conditions(rule) : [];
      const open = this.repo.openOf(rule.id);
      const bySubject = new Map(open.map((a) => [a.subject, a]));
      const seen = new Set<string>();
      for (const c of holding) {
        if (seen.has(c.subject)) continue;
        seen.add(c.subject);
        if (bySubject.has(c.subject)) continue;
        const alert = this.repo.fire({ rule, subject: c.subject, message: c.message, value: c.value, at: now });
        result.fired++;
        this.deps.emit('alert.fired', alert);
        this.escalateTo(alert, 1, now);
      }
      for (const alert of open) {
        if (seen.has(alert.subject)) continue;
        const resolved = this.repo.resolve(alert.id, 'auto', now, rule.enabled ? 'The condition no longer holds.' : 'The rule was disabled.');
        result.resolved++;
        this.deps.emit('alert.resolved', resolved);
      }
      for (const alert of this.repo.openOf(rule.id)) {
        if (alert.state !== 'firing') continue;
        const minutes = (now.getTime() - Date.parse(alert.firedAt)) / MINUTE_MS;
        const due = Math.min(STEPS.length, 1 + Math.floor(minutes / rule.escalateAfterMinutes));
        if (due > alert.escalationLevel) {
          result.escalated += due - Math.max(alert.escalationLevel, 1);
          this.escalateTo(alert, due, now);
        }
      }
    }
    return result;
  }

  acknowledge(id: string, by: string): Alert {
    const alert = this.repo.get(id);
    if (alert.state !== 'firing') return alert;
    return this.repo.acknowledge(id, by, this.deps.now());
  }

  resolve(id: string, by: string): Alert {
    const alert = this.repo.get(id);
    if (alert.state === 'resolved') return alert;
    const resolved = this.repo.resolve(id, by, this.deps.now(), `Resolved by ${by}.`);
    this.deps.emit('alert.resolved', resolved);
    return resolved;
  }

  list(state?: AlertListState, limit?: number): Alert[] {
    return this.repo.list(state, limit);
  }

  history(id: string): AlertHistoryEntry[] {
    return this.repo.history(id);
  }

  /** Waits for every notification sent so far to settle (and be written down). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * No more history is written after this (the project is closing). Notifications still in
   * flight are not waited for — a channel that never answers must not keep a project from
   * closing —; their outcome is simply not written.
   */
  close(): void {
    this.closed = true;
  }

  private escalateTo(alert: Alert, level: number, now: Date): void {
    const from = alert.escalationLevel;
    if (level <= from) return;
    this.repo.setEscalation(alert.id, level);
    const current = { ...alert, escalationLevel: level };
    for (let step = from; step < level; step++) this.send(current, STEPS[step], now);
  }

  private send(alert: Alert, channel: AlertChannel, at: Date): void {
    const done = Promise.resolve()
      .then(() => this.deps.notifier[channel](alert))
      .then(
        () => this.write(alert.id, at, channel, true, null),
        (err: unknown) => this.write(alert.id, at, channel, false, err instanceof Error ? err.message : String(err)),
      )
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  private write(id: string, at: Date, channel: AlertChannel, ok: boolean, detail: string | null): void {
    if (this.closed) return;
    try {
      this.repo.note(id, at, 'notified', channel, ok, detail);
    } catch {
      // The project closed while the channel was still answering: nothing left to write into.
    }
  }
}
