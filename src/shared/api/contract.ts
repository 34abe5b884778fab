import { z } from 'zod';

/**
 * The pieces a service's contract module (src/shared/api/contracts/) is made of. A service is a
 * table of methods, each a request schema plus the type it answers; the service's TypeScript
 * type is derived from the table (`ServiceOf`), so a method cannot exist without a schema, and a
 * parameter shape cannot drift from what the engine's edge validates. Events are a table too,
 * each naming what a scoped subscription keys on (`listen('run.progress', runId)`).
 */

/** What a caller may hand any call beside its request: a signal that cancels it. */
export interface CallOptions {
  /** Aborting it sends a cancel for the call; the engine hands the method its own signal. */
  signal?: AbortSignal;
}

/** The request of a method that takes none: nothing, or `{}`. */
export const noParams = z.undefined().or(z.object({}).strict());
export type NoParams = typeof noParams;

/** One method: its request schema, and (in the type only) what it answers. */
export interface MethodContract<P extends z.ZodType = z.ZodType, R = unknown> {
  readonly params: P;
  /** Never set: carries the answer's type. */
  readonly result?: R;
}

/**
 * `method(z.object({ runId })).returns<RunInfo>()`. The schema is required (a method without
 * one does not compile), and so is `returns` (without it the entry is not a MethodContract).
 */
export function method<P extends z.ZodType>(params: P): { returns<R>(): MethodContract<P, R> } {
  return { returns: () => ({ params }) };
}

export type ServiceContract = Record<string, MethodContract>;

/** Checks a service's table at the place it is written, keeping its exact type. */
export function defineService<C extends ServiceContract>(methods: C): C {
  return methods;
}

/** The request a method's schema accepts, as the service receives it after validation. */
export type RequestOf<C> = C extends MethodContract<infer P, unknown> ? z.output<P> : never;
/** What a method answers. */
export type ResultOf<C> = C extends MethodContract<z.ZodType, infer R> ? R : never;

type MethodOf<C> =
  C extends MethodContract<infer P, infer R> ? ([P] extends [NoParams] ? () => Promise<R> : (req: z.output<P>, options?: CallOptions) => Promise<R>) : never;

/** A service's TypeScript type, derived from its table: one method per entry, none other. */
export type ServiceOf<C extends ServiceContract> = { [M in keyof C]: MethodOf<C[M]> };

/** One event: its payload type, and for events one can listen to one of, the key to listen by. */
export interface EventContract<T = unknown> {
  /** The payload's scope key (a run id, an assessment id), or null for a global event. */
  readonly scope: ((payload: T) => string) | null;
  /** Never set: carries the payload's type. */
  readonly payload?: (payload: T) => void;
}

/** An event every client hears (a project opened, a target checked). */
export function globalEvent<T>(): EventContract<T> & { readonly scope: null } {
  return { scope: null };
}

/** An event one can listen to for one thing only: `scopedEvent<RunProgress>((p) => p.runId)`. */
export function scopedEvent<T>(scope: (payload: T) => string): EventContract<T> & { readonly scope: (payload: T) => string } {
  return { scope };
}

export type EventTable = Record<string, EventContract<never>>;

/** Event name → payload type, from an event table. */
export type EventsOf<T> = { [E in keyof T]: T[E] extends EventContract<infer P> ? P : never };
