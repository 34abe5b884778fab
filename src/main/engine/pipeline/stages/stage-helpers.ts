import type { z } from 'zod';
import { StudioError } from '../../../../shared/errors';
import type { TargetContract } from '../../../../academia-api/contract';
import type { Batch, FieldInfo, PlanEnv, Remark, StageKind } from './stage';

/** The settings' zod issues as remarks placed at `settings.<path>`. */
export function settingsRemarks(stage: StageKind, schema: z.ZodType, settings: unknown): Remark[] {
  const parsed = schema.safeParse(settings);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ level: 'error', stage, place: ['settings', ...issue.path.map(String)].join('.'), message: issue.message }));
}

/** A remark on an entity the target's contract does not know (none when there is no contract yet). */
export function entityRemarks(stage: StageKind, entity: string, env: PlanEnv, place = 'settings.entity'): Remark[] {
  if (!env.contract || env.contract.hasEntity(entity)) return [];
  return [{ level: 'error', stage, place, message: `Academia Pro API ${env.contract.version} has no entity "${entity}".` }];
}

/** A target field's type, or 'unknown'. */
export function targetFieldType(contract: TargetContract | null, entity: string, field: string): string {
  if (!contract?.hasEntity(entity)) return 'unknown';
  return contract.entity(entity).fields.find((f) => f.name === field)?.type ?? 'unknown';
}

export function fieldsNamed(names: readonly string[], origin: StageKind, type = 'unknown'): FieldInfo[] {
  return names.map((name) => ({ name, type, origin }));
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new StudioError('CANCELLED', 'The run was cancelled.', 'Start it again when ready; nothing pushed is lost.');
}

/**
 * Pulls everything from upstream and drops it: a stage that works on what the stages before it
 * stored (the push pages through staged rows) first lets them finish.
 */
export async function drain(input: AsyncIterable<Batch<unknown>>): Promise<void> {
  for await (const _batch of input) {
    // nothing: the upstream stages recorded what they had to
  }
}
