import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A deadline for every expression evaluated within a piece of work (a preview's batch), on top of
 * each evaluation's own time limit: a preview of many rows whose expressions each stay just under
 * the per-row limit still answers in bounded time. Carried by AsyncLocalStorage, so a run going
 * on at the same time in the same process keeps its own (none).
 */
const scope = new AsyncLocalStorage<{ deadline: number }>();

/** Runs `fn` with every expression it evaluates (across its awaits) bound to end by `deadline` (epoch ms). */
export function withExpressionDeadline<T>(deadline: number, fn: () => T): T {
  return scope.run({ deadline }, fn);
}

/** The deadline of the work in progress, or null outside one. */
export function scopedExpressionDeadline(): number | null {
  return scope.getStore()?.deadline ?? null;
}
