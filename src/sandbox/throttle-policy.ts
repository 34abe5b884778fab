import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../platform/open-sqlite';
import type { RateWindow } from './rate-limiter';

/** Limits for one client (or, for `default`, for everyone without a rule of their own). */
export interface ThrottleRule {
  id: string;
  clientId: string | null;
  perMinute: number;
  perHour: number;
  description: string | null;
}

/** Limits that replace a client's own from startsAt until endsAt (ms since the epoch), e.g. during a migration window. */
export interface ThrottleException {
  id: string;
  clientId: string;
  perMinute: number;
  perHour: number;
  startsAt: number;
  endsAt: number;
  reason: string | null;
}

export const DEFAULT_RULE_ID = 'default';

/**
 * Who may send how much: the default rule (from the sandbox's options; changeable while it runs,
 * not stored), per-client rules and time-boxed exceptions (both stored in the data file). The
 * effective limits of a client are those of an exception active now (the most generous, when
 * several overlap), else its own rule, else the default.
 */
export class ThrottlePolicy {
  private defaultRule: ThrottleRule;
  private rules: ThrottleRule[];
  private exceptions: ThrottleException[];

  constructor(
    private readonly db: SqliteDatabase,
    defaults: { perMinute: number; perHour: number },
  ) {
    this.defaultRule = { id: DEFAULT_RULE_ID, clientId: null, perMinute: defaults.perMinute, perHour: defaults.perHour, description: 'Every client without a rule of its own.' };
    this.rules = (db.prepare('SELECT * FROM throttle_rules ORDER BY id').all() as RuleRow[]).map((r) => ({ id: r.id, clientId: r.client_id, perMinute: r.per_minute, perHour: r.per_hour, description: r.description }));
    this.exceptions = (db.prepare('SELECT * FROM throttle_exceptions ORDER BY starts_at, id').all() as ExceptionRow[]).map((r) => ({
      id: r.id,
      clientId: r.client_id,
      perMinute: r.per_minute,
      perHour: r.per_hour,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      reason: r.reason,
    }));
  }

  /** The limits that apply to a caller now; anonymous callers get the default. */
  limitsFor(clientId: string | null, now: number): { perMinute: number; perHour: number; windows: RateWindow[]; source: string } {
    let chosen: { perMinute: number; perHour: number; id: string } = this.defaultRule;
    if (clientId !== null) {
      const active = this.exceptions.filter((e) => e.clientId === clientId && e.startsAt <= now && now < e.endsAt);
      if (active.length) chosen = active.reduce((a, b) => (b.perMinute > a.perMinute ? b : a));
      else chosen = this.rules.find((r) => r.clientId === clientId) ?? this.defaultRule;
    }
    return {
      perMinute: chosen.perMinute,
      perHour: chosen.perHour,
      source: chosen.id,
      windows: [
        { limit: chosen.perMinute, windowMs: 60_000 },
        { limit: chosen.perHour, windowMs: 3_600_000 },
      ],
    };
  }

  listRules(): ThrottleRule[] {
    return [{ ...this.defaultRule }, ...this.rules.map((r) => ({ ...r }))];
  }

  rule(id: string): ThrottleRule | undefined {
    return this.listRules().find((r) => r.id === id);
  }

  ruleForClient(clientId: string): ThrottleRule | undefined {
    return this.rules.find((r) => r.clientId === clientId);
  }

  addRule(clientId: string, perMinute: number, perHour: number, description: string | null): ThrottleRule {
    const rule: ThrottleRule = { id: `rule_${randomBytes(6).toString('hex')}`, clientId, perMinute, perHour, description };
    this.db.prepare('INSERT INTO throttle_rules (id, client_id, per_minute, per_hour, description) VALUES (?, ?, ?, ?, ?)').run(rule.id, clientId, perMinute, perHour, description);
    this.rules.push(rule);
    return { ...rule };
  }

  /** Changes a rule's limits; `default` changes only in memory (the options set it at start). */
  changeRule(id: string, perMinute: number, perHour: number, description: string | null | undefined): ThrottleRule | undefined {
    if (id === DEFAULT_RULE_ID) {
      this.defaultRule = { ...this.defaultRule, perMinute, perHour, description: description ?? this.defaultRule.description };
      return { ...this.defaultRule };
    }
    const rule = this.rules.find((r) => r.id === id);
    if (!rule) return undefined;
    Object.assign(rule, { perMinute, perHour, description: description === undefined ? rule.description : description });
    this.db.prepare('UPDATE throttle_rules SET per_minute = ?, per_hour = ?, description = ? WHERE id = ?').run(perMinute, perHour, rule.description, id);
    return { ...rule };
  }

  removeRule(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    this.db.prepare('DELETE FROM throttle_rules WHERE id = ?').run(id);
    return this.rules.length < before;
  }

  listExceptions(): ThrottleException[] {
    return this.exceptions.map((e) => ({ ...e }));
  }

  addException(e: Omit<ThrottleException, 'id'>, now: number): ThrottleException {
    const exception: ThrottleException = { id: `exc_${randomBytes(6).toString('hex')}`, ...e };
    this.db
      .prepare('INSERT INTO throttle_exceptions (id, client_id, per_minute, per_hour, starts_at, ends_at, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(exception.id, e.clientId, e.perMinute, e.perHour, e.startsAt, e.endsAt, e.reason, now);
    this.exceptions.push(exception);
    return { ...exception };
  }

  removeException(id: string): boolean {
    const before = this.exceptions.length;
    this.exceptions = this.exceptions.filter((e) => e.id !== id);
    this.db.prepare('DELETE FROM throttle_exceptions WHERE id = ?').run(id);
    return this.exceptions.length < before;
  }
}

interface RuleRow {
  id: string;
  client_id: string;
  per_minute: number;
  per_hour: number;
  description: string | null;
}

interface ExceptionRow {
  id: string;
  client_id: string;
  per_minute: number;
  per_hour: number;
  starts_at: number;
  ends_at: number;
  reason: string | null;
}
