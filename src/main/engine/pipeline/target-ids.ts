import type { AcademiaClient } from '../target/academia-client';

/** Every externalId the target holds for an entity, read page by page (reconciliation). */
export async function listTargetExternalIds(client: Pick<AcademiaClient, 'list'>, entity: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.list(entity, { cursor, limit: 500 });
    for (const record of page.data) ids.add(String((record as { externalId: unknown }).externalId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}
