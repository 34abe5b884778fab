import type { TargetRecord } from '../../../academia-api/wire-types';
import { openSourceWriter, type SourceWriter } from '../connectors/write/source-writer';
import { isWritableKind } from '../connectors/write/update-statement';
import type { ProjectSession } from '../core/project-session';
import { TwoWayRepo } from '../project/two-way-repo';
import { connectionSecretName } from '../security/secret-names';
import type { SyncTarget } from '../sync/sync-executor';
import type { TwoWayServices } from '../sync/two-way/two-way-run';

/** Records per page when pulling Academia Pro's changes. */
const PULL_PAGE = 500;

/**
 * What a two-way run reaches through the open project: the two-way tables, Academia Pro's changed
 * records (`updatedSince`, page by page), the sources to read and — only for fields the user
 * allowed — to write, the audit trail and the run's log.
 */
export function twoWayServices(s: ProjectSession, target: () => Promise<SyncTarget>, log: TwoWayServices['log'], now: () => Date): TwoWayServices {
  return {
    repo: new TwoWayRepo(s.project),
    async *pullChanged(entity, updatedSince) {
      const { client } = await target();
      let cursor: string | undefined;
      do {
        const page = await client.list(entity, { limit: PULL_PAGE, cursor, ...(updatedSince ? { updatedSince } : {}) });
        if (page.data.length) yield page.data as TargetRecord[];
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    openSource: (id) => s.openSource(id),
    async openWriter(connectionId): Promise<SourceWriter | null> {
      const c = await s.connections.get(connectionId, () => 'missing');
      if (!isWritableKind(c.kind)) return null;
      const kind = c.kind;
      const name = connectionSecretName(connectionId);
      if (!s.vault.has(name)) return openSourceWriter(kind, c.config, null);
      return s.vault.use(name, (password) => openSourceWriter(kind, c.config, password));
    },
    audit: (action, object, summary) => s.audit.append({ action, object, summary }),
    log,
    now,
  };
}
