import type { IntegrationCheck, IntegrationStatus, IntegrationView } from '../../../shared/api/contracts/monitoring';
import type { SqliteDatabase } from '../../../platform/open-sqlite';
import type { SyncSummary, WebhookSummary } from './alert-notifier';
import { emptyAggregate, toPoint, type Aggregate } from './metric-aggregate';
import type { MetricStore } from './metric-store';
import { DAY_MS } from './periods';

/** The measures of the integrations view are over this window. */
export const VIEW_WINDOW_MS = DAY_MS;

/**
 * Every integration with its status, last and next sync, error count and success rate: the
 * target, each source (connection), then the syncs and webhook endpoints their providers list.
 *
 * Status (THIRD_PARTY_INTEGRATION's Active / Inactive / Testing / Error): the target is `Error`
 * when its last health check failed, `Testing` when it is the embedded sandbox (a rehearsal
 * target), `Active` when it was checked or called in the window, else `Inactive`; a source is
 * `Error` when its last connection test failed, `Active` when it passed (or, untested, when a run
 * read it in the window), else `Inactive`.
 */
export function integrationsView(db: SqliteDatabase, store: MetricStore, now: Date, syncs: SyncSummary[], webhooks: WebhookSummary[]): IntegrationView[] {
  const to = now.getTime();
  const from = to - VIEW_WINDOW_MS;
  const windowOf = (integration: string): Aggregate => store.aggregate(from, to, to, { integration }, () => from).get(from) ?? emptyAggregate();
  const lastRun = (db.prepare("SELECT max(ended_at) FROM runs WHERE ended_at IS NOT NULL AND dry_run = 0 AND status IN ('Completed', 'Failed', 'Cancelled', 'Interrupted')").pluck().get() as string | null) ?? null;

  const out: IntegrationView[] = [];
  const target = targetProfile(db);
  const t = windowOf('target');
  const tp = toPoint(t, from, to, VIEW_WINDOW_MS);
  const lastCheck = store.latestCheck('target') ?? lastTargetCheck(db);
  const checked = newestTargetCheck(db);
  let targetStatus: IntegrationStatus = 'Inactive';
  if (lastCheck && !lastCheck.ok) targetStatus = 'Error';
  else if (target.kind === 'embedded-sandbox') targetStatus = 'Testing';
  else if (t.calls > 0 || t.checks > 0) targetStatus = 'Active';
  out.push({
    id: 'target',
    name: target.name,
    kind: 'target',
    status: targetStatus,
    lastSync: lastRun,
    nextSync: null,
    errorCount: t.calls - t.callsOk + t.runsFailed + t.checksFailed,
    successRate: tp.successRate,
    p95Ms: tp.p95Ms,
    uptime: tp.uptime,
    lastCheck: checked,
  });

  const connections = db.prepare('SELECT id, name, last_test_json FROM connections ORDER BY name, id').all() as { id: string; name: string; last_test_json: string | null }[];
  const mapped = new Set(db.prepare('SELECT DISTINCT connection_id FROM mappings').pluck().all() as string[]);
  for (const c of connections) {
    const id = `source:${c.id}`;
    const a = windowOf(id);
    const p = toPoint(a, from, to, VIEW_WINDOW_MS);
    const test = c.last_test_json ? (JSON.parse(c.last_test_json) as { ok?: boolean; at?: string; message?: string; trigger?: string }) : null;
    out.push({
      id,
      name: c.name,
      kind: 'source',
      status: test !== null ? (test.ok ? 'Active' : 'Error') : mapped.has(c.id) && lastRun !== null && Date.parse(lastRun) >= from ? 'Active' : 'Inactive',
      lastSync: mapped.has(c.id) ? lastRun : null,
      nextSync: null,
      errorCount: a.checksFailed,
      successRate: a.checks > 0 ? (a.checks - a.checksFailed) / a.checks : null,
      p95Ms: null,
      uptime: p.uptime,
      lastCheck: test && typeof test.at === 'string' ? { at: test.at, ok: test.ok === true, trigger: test.trigger === 'schedule' ? 'schedule' : 'user', message: test.ok ? null : (test.message ?? null) } : null,
    });
  }
  for (const s of syncs) {
    out.push({ id: `sync:${s.name}`, name: s.name, kind: 'sync', status: s.status, lastSync: s.lastSync, nextSync: s.nextSync, errorCount: s.errorCount, successRate: s.successRate, p95Ms: null, uptime: null, lastCheck: null });
  }
  for (const w of webhooks) {
    out.push({ id: `webhook:${w.id}`, name: w.name, kind: 'webhook', status: w.status, lastSync: w.lastDelivery, nextSync: null, errorCount: w.errorCount, successRate: w.successRate, p95Ms: null, uptime: null, lastCheck: null });
  }
  return out;
}

function targetProfile(db: SqliteDatabase): { name: string; kind: string } {
  const raw = db.prepare("SELECT value FROM meta WHERE key = 'target'").pluck().get() as string | undefined;
  try {
    const t = raw ? (JSON.parse(raw) as { name?: string; kind?: string }) : {};
    return { name: t.name ?? 'Local sandbox', kind: t.kind ?? 'embedded-sandbox' };
  } catch {
    return { name: 'Local sandbox', kind: 'embedded-sandbox' };
  }
}

/** The newest check in the health history, for a target whose checks are all rolled up by now. */
function lastTargetCheck(db: SqliteDatabase): { ok: boolean } | null {
  const ok = db.prepare('SELECT ok FROM target_checks ORDER BY id DESC LIMIT 1').pluck().get() as number | undefined;
  return ok === undefined ? null : { ok: ok === 1 };
}

/** The target's newest check in its health history, as the view shows it. */
function newestTargetCheck(db: SqliteDatabase): IntegrationCheck | null {
  const row = db.prepare('SELECT at, ok, trigger, error_json FROM target_checks ORDER BY id DESC LIMIT 1').get() as { at: string; ok: number; trigger: string; error_json: string | null } | undefined;
  if (!row) return null;
  const error = row.error_json ? (JSON.parse(row.error_json) as { message?: string }) : null;
  return { at: row.at, ok: row.ok === 1, trigger: row.trigger === 'run' || row.trigger === 'schedule' ? row.trigger : 'user', message: row.ok === 1 ? null : (error?.message ?? null) };
}
