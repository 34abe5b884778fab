import { describe, expect, it } from 'vitest';
import { ManualScheduler, TimerScheduler } from '../../../src/sandbox/scheduler';

describe('ManualScheduler', () => {
  it('runs tasks in due order as the clock passes them, including tasks they schedule', async () => {
    const s = new ManualScheduler(1000);
    const ran: string[] = [];
    s.schedule(50, () => {
      ran.push(`b@${s.now()}`);
    });
    s.schedule(10, async () => {
      ran.push(`a@${s.now()}`);
      s.schedule(0, () => {
        ran.push(`a2@${s.now()}`);
      });
    });
    const cancel = s.schedule(20, () => {
      ran.push('cancelled');
    });
    cancel();
    expect(s.pending).toBe(2);
    await s.advance(30);
    expect(ran).toEqual(['a@1010', 'a2@1010']);
    expect(s.now()).toBe(1030);
    await s.runAll();
    expect(ran).toEqual(['a@1010', 'a2@1010', 'b@1050']);
    expect(s.pending).toBe(0);
    expect(s.nextDue).toBeNull();
  });

  it('runDue runs only what is due now', async () => {
    const s = new ManualScheduler(0);
    let n = 0;
    s.schedule(0, () => void n++);
    s.schedule(1, () => void n++);
    await s.runDue();
    expect(n).toBe(1);
    expect(s.nextDue).toBe(1);
  });
});

describe('TimerScheduler', () => {
  it('runs tasks on real timers, reports failures, and forgets everything on dispose', async () => {
    const errors: unknown[] = [];
    const s = new TimerScheduler((e) => errors.push(e));
    const ran: number[] = [];
    await new Promise<void>((resolve) => {
      s.schedule(1, () => {
        ran.push(1);
        throw new Error('boom');
      });
      s.schedule(5, () => {
        ran.push(2);
        resolve();
      });
    });
    s.schedule(1, () => void ran.push(3));
    s.dispose();
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
  });
});
