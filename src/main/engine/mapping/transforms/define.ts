import type { z } from 'zod';
import type { TransformLookup, TransformMeta, TransformParams } from '../../../../shared/transforms/define';

/** What a chain of transforms made of a value: the new value, or why the row cannot be used. */
export type TransformResult = { ok: true; value: unknown } | { ok: false; error: string };

/** What `apply` may look at besides the value: the whole source row, and the project's named crosswalks. */
export interface ApplyContext extends TransformLookup {
  row: Record<string, unknown>;
}

/**
 * A transform as the engine runs it: its shared metadata (src/shared/transforms/) plus `apply`,
 * which turns one value into another or says why it cannot. `apply` is pure: the same value,
 * settings and row give the same answer, and nothing is changed in place.
 */
export type EngineTransform<K extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape> = TransformMeta<K, Shape> & {
  apply(value: unknown, t: TransformParams<K, Shape>, ctx: ApplyContext): TransformResult;
};

/** One transform file's export: `defineTransform(xMeta, (value, t, ctx) => …)`; register it in ./registry.ts. */
export function defineTransform<K extends string, Shape extends z.ZodRawShape>(
  meta: TransformMeta<K, Shape>,
  apply: (value: unknown, t: TransformParams<K, Shape>, ctx: ApplyContext) => TransformResult,
): EngineTransform<K, Shape> {
  return { ...meta, apply };
}

export function ok(value: unknown): TransformResult {
  return { ok: true, value };
}

export function fail(error: string): TransformResult {
  return { ok: false, error };
}
