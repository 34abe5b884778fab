import type { StreamInfo } from '../../../../shared/model/connection';
import type { EntityMapping } from '../../../../shared/model/mapping';
import type { PlanEnv } from '../stages/stage';
import type { ConnectionsRepo } from '../../project/connections-repo';
import type { TargetContract } from '../../../../academia-api/contract';

/** Every connection a mapping reads: its own, and each joined stream's. */
export function connectionsOf(mapping: Pick<EntityMapping, 'connectionId' | 'joins'>): string[] {
  return [...new Set([mapping.connectionId, ...(mapping.joins ?? []).map((j) => j.connectionId ?? mapping.connectionId)])];
}

/**
 * What a plan's `fields` and `check` look at, loaded up front: the target's contract and the last
 * saved catalog of each connection the mapping reads. Nothing touches a source.
 */
export async function planEnvFor(mapping: Pick<EntityMapping, 'connectionId' | 'joins'>, contract: TargetContract, connections: Pick<ConnectionsRepo, 'latestCatalog'>): Promise<PlanEnv> {
  const catalogs = new Map<string, StreamInfo[] | null>();
  for (const id of connectionsOf(mapping)) catalogs.set(id, (await connections.latestCatalog(id))?.streams ?? null);
  return { contract, catalog: (id) => catalogs.get(id) ?? null };
}
