import type { AcademiaClient } from '../academia/academia-client';

/**
 * Every externalId the target holds for an entity, read page by page (reconciliation), in pages
 * of `pageSize` — the reconcile stage asks for the target's largest page (its contract's
 * `maxPageSize`), so a large entity takes as few requests as the target allows.
 */
export async function listTargetExternalIds(client: Pick<AcademiaClient, 'list'>, entity: string, pageSize = 500): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.list(entity, { cursor, limit: pageSize });
    for (const record of page.data) ids.add(String((record as { externalId: unknown }).externalId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}
