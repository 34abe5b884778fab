import { resolve } from 'node:path';
import type { Alert, IntegrationCheck, IntegrationView } from '../../../../shared/api/contracts/monitoring';
import { createHostEngine } from '../../host-engine';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/** `status --json`, exactly as docs/conventions.md gives it. */
export interface StatusDocument {
  integrations: { name: string; kind: IntegrationView['kind']; status: IntegrationView['status']; successRate: number | null; p95Ms: number | null; lastSync: string | null; nextSync: string | null; errorCount: number; lastCheck: IntegrationCheck | null }[];
  alerts: { id: string; rule: string; severity: Alert['severity']; since: string; acknowledged: boolean }[];
}

/**
 * `status <project> [--json]`: the integrations view and the open alerts. Opening the project
 * refreshes its monitoring (what was recorded since, the alert rules) before anything is read.
 */
export async function statusCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals } = parseCommandArgs('status', argv, {}, { min: 1, max: 1, names: 'one project path' });
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    await engine.api.monitoring.refresh();
    const [integrations, alerts] = await Promise.all([engine.api.monitoring.integrations(), engine.api.monitoring.alerts({ state: 'open' })]);
    const doc: StatusDocument = {
      integrations: integrations.map((i) => ({ name: i.name, kind: i.kind, status: i.status, successRate: i.successRate, p95Ms: i.p95Ms, lastSync: i.lastSync, nextSync: i.nextSync, errorCount: i.errorCount, lastCheck: i.lastCheck })),
      alerts: alerts.map((a) => ({ id: a.id, rule: a.rule, severity: a.severity, since: a.firedAt, acknowledged: a.state === 'acknowledged' })),
    };
    if (out.json) out.document(doc);
    else print(doc, integrations, alerts, out);
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

function print(doc: StatusDocument, integrations: IntegrationView[], alerts: Alert[], out: CliOutput): void {
  const pct = (x: number | null) => (x === null ? '—' : `${(Math.round(x * 1000) / 10).toString()} %`);
  out.print('Integrations (last 24 hours)');
  for (const [n, i] of doc.integrations.entries()) {
    out.print(`  ${i.name} (${i.kind}, ${integrations[n].id}): ${i.status}; success ${pct(i.successRate)}; p95 ${i.p95Ms === null ? '—' : `${Math.round(i.p95Ms)} ms`}; errors ${i.errorCount}; last sync ${i.lastSync ?? 'never'}${i.nextSync ? `; next ${i.nextSync}` : ''}${checkWords(i.lastCheck)}`);
  }
  if (alerts.length === 0) {
    out.print('No open alerts.');
    return;
  }
  out.print('Open alerts');
  for (const a of alerts) out.print(`  #${a.id} ${a.severity} ${a.rule} since ${a.firedAt}${a.state === 'acknowledged' ? ` (acknowledged by ${a.acknowledgedBy ?? 'someone'})` : ''}: ${a.message}`);
}

/** The last health check in a few words: when, how it went, who asked, and why it failed. */
function checkWords(check: IntegrationCheck | null): string {
  if (!check) return '';
  const by = check.trigger === 'schedule' ? 'scheduled' : check.trigger === 'run' ? 'before a run' : 'tested';
  return `; last check ${check.at} ${check.ok ? 'passed' : 'FAILED'} (${by})${check.message ? `: ${check.message}` : ''}`;
}
