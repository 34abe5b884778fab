import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertChannel } from '../../../src/shared/api/contracts/monitoring';
import { createProjectFile, type ProjectFile } from '../../../src/main/engine/project/project-file';
import { monitoringHooks, type AlertNotifier, type SyncSummary } from '../../../src/main/engine/monitoring/alert-notifier';
import type { Sample } from '../../../src/main/engine/monitoring/metric-aggregate';
import { Monitor } from '../../../src/main/engine/monitoring/monitor';
import { StudioError } from '../../../src/shared/errors';
import { tempDir } from '../../support/temp-dir';

const MIN = 60_000;
const START = Date.parse('2026-05-04T09:00:00Z');

/** Records every notification; a channel can be told to fail or to hang until released. */
class RecordingNotifier implements AlertNotifier {
  readonly sent: { channel: AlertChannel; alertId: string; rule: string; at: number }[] = [];
  failing = new Set<AlertChannel>();
  hanging = new Set<AlertChannel>();
  private releases: (() => void)[] = [];
  constructor(private readonly clock: () => number) {}
  private take(channel: AlertChannel, alert: Alert): Promise<void> | void {
    this.sent.push({ channel, alertId: alert.id, rule: alert.rule, at: this.clock() });
    if (this.failing.has(channel)) throw new Error(`${channel} refused`);
    if (this.hanging.has(channel)) return new Promise<void>((resolve) => this.releases.push(resolve));
  }
  desktop(alert: Alert) {
    return this.take('desktop', alert);
  }
  webhook(alert: Alert) {
    return this.take('webhook', alert);
  }
  email(alert: Alert) {
    return this.take('email', alert);
  }
  release(): void {
    for (const r of this.releases.splice(0)) r();
  }
}

describe('alerts: rules fire, escalate and resolve on a controllable clock', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: ProjectFile;
  let clock: number;
  let notifier: RecordingNotifier;
  let syncs: SyncSummary[];
  let events: { event: string; alert: Alert }[];
  let monitor: Monitor;

  beforeEach(() => {
    dir = tempDir();
    file = createProjectFile(join(dir.path, 'alerts'), 'test', { name: 'Alerts' });
    clock = START;
    notifier = new RecordingNotifier(() => clock);
    syncs = [];
    events = [];
    monitor = new Monitor(file.db, {
      now: () => new Date(clock),
      hooks: monitoringHooks({ notifier, syncs: { syncs: () => syncs } }),
      emit: (event, alert) => events.push({ event, alert }),
      intervalMs: 0,
    });
  });
  afterEach(async () => {
    await monitor.close();
    file.close();
    dir.cleanup();
  });

  /** One call a `every` ms over [from, to), failing when `fail(i)`. */
  function calls(from: number, to: number, every: number, fail: (i: number) => boolean, latencyMs = 100): void {
    const samples: Sample[] = [];
    for (let t = from, i = 0; t < to; t += every, i++) samples.push({ at: t, integration: 'target', kind: 'call', entity: 'students', ok: !fail(i), latencyMs, records: 0 });
    monitor.store.record(samples);
  }

  async function at(minute: number) {
    clock = START + minute * MIN;
    const r = await monitor.refresh();
    await monitor.alerts.settled();
    return r;
  }

  it('fires when the error rate breaks 5 % over 15 minutes, escalates desktop → webhook → email until acknowledged, and resolves when it clears', async () => {
    // 10 % of calls fail for the first hour.
    calls(START, START + 60 * MIN, 10_000, (i) => i % 10 === 0);
    // Too little measured for a rate at first: 6 calls by minute 1 is under the rule's minimum of 10.
    expect((await at(1)).fired).toBe(0);
    const first = await at(2);
    expect(first.fired).toBe(1);
    const [alert] = monitor.alerts.list('open');
    expect(alert).toMatchObject({ rule: 'error-rate', ruleKind: 'error-rate', subject: 'target', severity: 'warning', state: 'firing', escalationLevel: 1 });
    // 12 calls in the window by minute 2, the 1st and the 11th failed.
    expect(alert.value).toBeCloseTo(2 / 12, 12);
    expect(alert.message).toMatch(/Error rate .* over the last 15 minutes \(threshold 5 %\)/);
    expect(events.map((e) => e.event)).toEqual(['alert.fired']);
    expect(notifier.sent.map((s) => s.channel)).toEqual(['desktop']);

    // Still failing: one alert, no new notification until N = 15 minutes have passed.
    expect((await at(16)).fired).toBe(0);
    expect(notifier.sent.map((s) => s.channel)).toEqual(['desktop']);
    await at(17);
    expect(notifier.sent.map((s) => [s.channel, (s.at - START) / MIN])).toEqual([
      ['desktop', 2],
      ['webhook', 17],
    ]);
    await at(32);
    expect(notifier.sent.map((s) => s.channel)).toEqual(['desktop', 'webhook', 'email']);
    expect(monitor.alerts.repo.get(alert.id).escalationLevel).toBe(3);
    // Nothing after the last step.
    await at(60);
    expect(notifier.sent).toHaveLength(3);

    // From minute 60 the calls succeed: by minute 80 the last 15 minutes hold no failure.
    calls(START + 60 * MIN, START + 80 * MIN, 10_000, () => false);
    const cleared = await at(80);
    expect(cleared.resolved).toBe(1);
    const resolved = monitor.alerts.repo.get(alert.id);
    expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: 'auto', resolvedAt: new Date(START + 80 * MIN).toISOString() });
    expect(events.map((e) => e.event)).toEqual(['alert.fired', 'alert.resolved']);
    expect(monitor.alerts.history(alert.id).map((h) => [h.action, h.channel, h.ok])).toEqual([
      ['fired', null, null],
      ['notified', 'desktop', true],
      ['notified', 'webhook', true],
      ['notified', 'email', true],
      ['resolved', null, null],
    ]);
  });

  it('stops escalating once acknowledged; a person resolves it, and a lasting condition fires anew', async () => {
    calls(START, START + 60 * MIN, 10_000, () => true);
    await at(5);
    const [alert] = monitor.alerts.list();
    expect(monitor.alerts.acknowledge(alert.id, 'jdoe@office')).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'jdoe@office' });
    // Acknowledging twice changes nothing.
    expect(monitor.alerts.acknowledge(alert.id, 'other@office').acknowledgedBy).toBe('jdoe@office');
    await at(50);
    expect(notifier.sent.map((s) => s.channel)).toEqual(['desktop']);
    expect(monitor.alerts.list('acknowledged').map((a) => a.id)).toEqual([alert.id]);

    expect(monitor.alerts.resolve(alert.id, 'jdoe@office')).toMatchObject({ state: 'resolved', resolvedBy: 'jdoe@office' });
    expect(monitor.alerts.list('open')).toEqual([]);
    // The calls still fail: the next evaluation fires a new alert for it.
    expect((await at(51)).fired).toBe(1);
    expect(monitor.alerts.list('open')[0].id).not.toBe(alert.id);
    expect(monitor.alerts.list('all')).toHaveLength(2);
  });

  it('says an unknown alert id plainly', () => {
    for (const id of ['999', 'abc']) {
      try {
        monitor.alerts.acknowledge(id, 'x');
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(StudioError);
        expect((err as StudioError).code).toBe('ALERT_NOT_FOUND');
      }
    }
  });

  it('fires on p95 above 2 s, and a disabled rule resolves its alert', async () => {
    calls(START, START + 30 * MIN, 30_000, () => false, 2500);
    await at(10);
    const [alert] = monitor.alerts.list();
    expect(alert).toMatchObject({ rule: 'latency-p95', subject: 'target' });
    expect(alert.value).toBe(2500);
    const rule = monitor.alerts.repo.rules().find((r) => r.id === 'latency-p95')!;
    monitor.alerts.repo.setRule({ ...rule, enabled: false }, new Date(clock));
    expect((await at(11)).resolved).toBe(1);
    expect(monitor.alerts.history(alert.id).at(-1)?.detail).toBe('The rule was disabled.');
  });

  it('fires when the target fails its health check and resolves when it passes', async () => {
    monitor.store.record([{ at: START, integration: 'target', kind: 'check', entity: '', ok: false, latencyMs: null, records: 0 }]);
    await at(1);
    expect(monitor.alerts.list().map((a) => [a.rule, a.severity])).toEqual([['target-down', 'critical']]);
    monitor.store.record([{ at: START + 2 * MIN, integration: 'target', kind: 'check', entity: '', ok: true, latencyMs: null, records: 0 }]);
    expect((await at(3)).resolved).toBe(1);
  });

  it('takes the sync rules from the sync provider: failed, late beyond the grace, change set held', async () => {
    const base: SyncSummary = { name: 'nightly', status: 'Active', lastSync: '2026-05-04T02:00:00.000Z', nextSync: '2026-05-05T02:00:00.000Z', errorCount: 0, successRate: 1 };
    syncs = [base];
    expect((await at(0)).fired).toBe(0);
    syncs = [{ ...base, status: 'Error', errorCount: 3 }];
    await at(1);
    expect(monitor.alerts.list().map((a) => [a.rule, a.subject])).toEqual([['sync-failed', 'sync:nightly']]);
    // Due at 09:10, grace 15 minutes: late from 09:25 on.
    syncs = [{ ...base, status: 'Error', nextSync: '2026-05-04T09:10:00.000Z' }];
    await at(25);
    expect(monitor.alerts.list().map((a) => a.rule)).toEqual(['sync-failed']);
    await at(26);
    expect(monitor.alerts.list().map((a) => a.rule).sort()).toEqual(['sync-failed', 'sync-late']);
    syncs = [{ ...base, held: { reason: '40 % of students would be deleted' } }];
    const r = await at(27);
    expect(r).toMatchObject({ fired: 1, resolved: 2 });
    expect(monitor.alerts.list()).toMatchObject([{ rule: 'change-set-held', message: expect.stringContaining('40 % of students would be deleted') as string }]);
  });

  it('writes a failed channel in the history and lets nothing wait for a channel that hangs', async () => {
    notifier.failing.add('desktop');
    notifier.hanging.add('webhook');
    calls(START, START + 60 * MIN, 10_000, () => true);
    await at(2);
    const [alert] = monitor.alerts.list();
    expect(monitor.alerts.history(alert.id).map((h) => [h.action, h.channel, h.ok, h.detail])).toContainEqual(['notified', 'desktop', false, 'desktop refused']);
    // The webhook never answers: the evaluation that sent it returns all the same, and the next ones go on.
    clock = START + 17 * MIN;
    const escalated = await monitor.refresh();
    expect(escalated.escalated).toBe(1);
    clock = START + 32 * MIN;
    expect((await monitor.refresh()).escalated).toBe(1);
    expect(notifier.sent.map((s) => s.channel)).toEqual(['desktop', 'webhook', 'email']);
    expect(monitor.alerts.history(alert.id).filter((h) => h.channel === 'webhook')).toEqual([]);
    notifier.release();
    await monitor.alerts.settled();
    expect(monitor.alerts.history(alert.id).filter((h) => h.channel === 'webhook').map((h) => h.ok)).toEqual([true]);
    // A channel that hangs does not keep the project from closing either.
    notifier.hanging.add('desktop');
    notifier.failing.clear();
    monitor.store.record([{ at: clock, integration: 'target', kind: 'check', entity: '', ok: false, latencyMs: null, records: 0 }]);
    await monitor.refresh();
    await monitor.close();
  });

  it('keeps rules: lists the six defaults and replaces one by id', () => {
    expect(monitor.alerts.repo.rules().map((r) => r.id)).toEqual(['error-rate', 'latency-p95', 'target-down', 'sync-failed', 'sync-late', 'change-set-held']);
    const saved = monitor.alerts.repo.setRule({ id: 'error-rate', kind: 'error-rate', enabled: true, severity: 'critical', params: { threshold: 0.2, windowMinutes: 5, minCalls: 3, integration: 'target' }, escalateAfterMinutes: 5 }, new Date(clock));
    expect(saved).toMatchObject({ severity: 'critical', params: { threshold: 0.2 }, escalateAfterMinutes: 5 });
    expect(monitor.alerts.repo.rules()).toHaveLength(6);
  });
});
