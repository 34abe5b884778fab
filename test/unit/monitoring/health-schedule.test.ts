import { describe, expect, it } from 'vitest';
import { HealthSchedule, type HealthProbe } from '../../../src/main/engine/monitoring/health-schedule';
import { FakeScheduleClock, settle } from '../../support/fake-schedule-clock';

const MINUTE = 60_000;

/** A probe the test answers by hand; it ignores its abort signal, as a connector that cannot be interrupted does. */
function manualProbe(id: string) {
  const calls: { resolve: (ok: boolean) => void; signal: AbortSignal }[] = [];
  const recorded: boolean[] = [];
  const timeouts: number[] = [];
  const probe: HealthProbe<boolean> = {
    id,
    check: (signal) => new Promise<boolean>((resolve) => calls.push({ resolve, signal })),
    record: (ok) => void recorded.push(ok),
    timedOut: (ms) => void timeouts.push(ms),
  };
  return { probe, calls, recorded, timeouts };
}

describe('HealthSchedule', () => {
  function schedule(probes: HealthProbe[], minutes: { value: number | null } = { value: 5 }, timeoutMs = 30_000) {
    const clock = new FakeScheduleClock('2026-09-01T08:00:00Z');
    const rounds: number[] = [];
    const warnings: string[] = [];
    const s = new HealthSchedule({ clock, probes: () => probes, intervalMinutes: () => minutes.value, timeoutMs, afterRound: () => void rounds.push(clock.now()), warn: (m) => void warnings.push(m) });
    return { clock, s, rounds, warnings };
  }

  it('checks one interval after the start and then every interval; each outcome recorded, then the round evaluated', async () => {
    const a = manualProbe('target');
    const { clock, s, rounds } = schedule([a.probe]);
    s.start();
    await clock.advance(5 * MINUTE - 1);
    expect(a.calls).toHaveLength(0);
    await clock.advance(1);
    expect(a.calls).toHaveLength(1);
    expect(s.nextRoundAt).toBe(Date.parse('2026-09-01T08:10:00Z'));
    a.calls[0].resolve(true);
    await settle();
    expect(a.recorded).toEqual([true]);
    expect(rounds).toEqual([Date.parse('2026-09-01T08:05:00Z')]);
    await clock.advance(5 * MINUTE);
    a.calls[1].resolve(false);
    await settle();
    expect(a.recorded).toEqual([true, false]);
    await s.stop();
  });

  it('a check past its timeout is recorded as failed; its late answer is dropped, and it is not started again while it runs', async () => {
    const slow = manualProbe('source:slow');
    // The target answers every check at once.
    const quick = { calls: [] as number[], probe: null as unknown as HealthProbe<boolean> };
    quick.probe = {
      id: 'target',
      check: async () => {
        quick.calls.push(Date.now());
        return true;
      },
      record: () => undefined,
      timedOut: () => undefined,
    };
    const { clock, s, rounds } = schedule([quick.probe, slow.probe], { value: 1 }, 20_000);
    s.start();
    await clock.advance(MINUTE);
    await clock.advance(20_000);
    expect(slow.calls[0].signal.aborted).toBe(true);
    expect(slow.timeouts).toEqual([20_000]);
    expect(rounds).toHaveLength(1);
    // Two more rounds while the slow check still runs: the quick one is checked, the slow one left alone.
    await clock.advance(2 * MINUTE);
    expect(quick.calls).toHaveLength(3);
    expect(slow.calls).toHaveLength(1);
    slow.calls[0].resolve(true);
    await settle();
    expect(slow.recorded).toEqual([]);
    await clock.advance(MINUTE);
    expect(slow.calls).toHaveLength(2);
    await s.stop();
  });

  it('a round still running when the next is due is skipped, not doubled', async () => {
    const a = manualProbe('target');
    const { clock, s } = schedule([a.probe], { value: 1 }, 10 * MINUTE);
    s.start();
    await clock.advance(3 * MINUTE);
    expect(a.calls).toHaveLength(1);
    a.calls[0].resolve(true);
    await settle();
    await clock.advance(MINUTE);
    expect(a.calls).toHaveLength(2);
    await s.stop();
  });

  it('0 turns the checks off; rescheduling picks the new interval up at once; stop leaves no timer and records nothing more', async () => {
    const a = manualProbe('target');
    const minutes = { value: 0 as number | null };
    const { clock, s } = schedule([a.probe], minutes);
    s.start();
    expect(clock.pending).toBe(0);
    expect(s.nextRoundAt).toBeNull();
    minutes.value = 2;
    s.reschedule();
    await clock.advance(2 * MINUTE);
    expect(a.calls).toHaveLength(1);
    const stopping = s.stop();
    expect(a.calls[0].signal.aborted).toBe(true);
    a.calls[0].resolve(false);
    await stopping;
    expect(a.recorded).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('a probe list that cannot be read is said, and the schedule goes on', async () => {
    const clock = new FakeScheduleClock('2026-09-01T08:00:00Z');
    const warnings: string[] = [];
    let fail = true;
    const a = manualProbe('target');
    const s = new HealthSchedule({ clock, probes: () => (fail ? Promise.reject(new Error('database is locked')) : [a.probe]), intervalMinutes: () => 1, warn: (m) => void warnings.push(m) });
    s.start();
    await clock.advance(MINUTE);
    expect(warnings).toEqual(['The health checks could not be listed: database is locked']);
    fail = false;
    await clock.advance(MINUTE);
    expect(a.calls).toHaveLength(1);
    await s.stop();
  });
});
