import type { AcademiaClient } from '../academia/academia-client';

/** How far the target's clock may lag this studio's before the changed-since window misses a record (it then costs a wider read, never a wrong answer). */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/** What reconciliation learns from the target about one run's records. */
export interface RunReadBack {
  /** The live records of the entity the target holds in all (its list's `total`). */
  target: number;
  /** This run's acknowledged externalIds the target does not hold (live). */
  missing: string[];
  /** List requests made (for tests and logs). */
  requests: number;
}

/**
 * Checks that the target holds this run's acknowledged records, reading back as little as the
 * list API allows (it has no filter by externalId):
 *
 * 1. one page of 1 for the entity's `total`;
 * 2. when the run created or updated records, the records changed since the first of those was
 *    acknowledged (`updatedSince`, less `CLOCK_SKEW_ALLOWANCE_MS`), in pages of `pageSize` —
 *    on a large entity that a run changes a little, this run's records and few others;
 * 3. only if some of the run's ids were not in that window (records the target left unchanged,
 *    so their time is older, or a target clock further behind than allowed): the whole entity,
 *    stopping as soon as every one of them is found.
 *
 * Only this run's ids are kept in memory, never the entity's. The answer does not depend on
 * either clock: a window that misses a record only sends the read on to step 3.
 */
export async function readBackRunIds(
  client: Pick<AcademiaClient, 'list'>,
  entity: string,
  run: { acknowledged: readonly string[]; firstWrittenAt: string | null },
  pageSize: number,
): Promise<RunReadBack> {
  let requests = 1;
  const total = (await client.list(entity, { limit: 1 })).total;
  const unresolved = new Set(run.acknowledged);
  if (unresolved.size === 0) return { target: total, missing: [], requests };

  let windowCoveredAll = false;
  if (run.firstWrittenAt !== null) {
    const since = new Date(Date.parse(run.firstWrittenAt) - CLOCK_SKEW_ALLOWANCE_MS).toISOString();
    const read = await readUntil(client, entity, { updatedSince: since }, pageSize, unresolved);
    requests += read.requests;
    windowCoveredAll = read.total !== null && read.total >= total;
  }
  if (unresolved.size > 0 && !windowCoveredAll) requests += (await readUntil(client, entity, {}, pageSize, unresolved)).requests;
  return { target: total, missing: [...unresolved], requests };
}

/** Pages through a list, crossing found ids off `unresolved`, until the list ends or nothing is left to find. */
async function readUntil(client: Pick<AcademiaClient, 'list'>, entity: string, filter: { updatedSince?: string }, pageSize: number, unresolved: Set<string>): Promise<{ requests: number; total: number | null }> {
  let cursor: string | undefined;
  let requests = 0;
  let total: number | null = null;
  do {
    const page = await client.list(entity, { ...filter, cursor, limit: pageSize });
    requests++;
    total ??= page.total;
    for (const record of page.data) unresolved.delete(String((record as { externalId: unknown }).externalId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && unresolved.size > 0);
  return { requests, total };
}
