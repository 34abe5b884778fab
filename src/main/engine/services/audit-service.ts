import type { AuditService } from '../../../shared/api/services';
import { requireSession, type EngineState } from '../core/engine-state';

export function auditService(state: EngineState): AuditService {
  return {
    async list({ action, object, limit, beforeSeq }) {
      const entries = requireSession(state).audit.list({ action, object, limit: limit ?? 200, beforeSeq });
      return entries.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, object: e.object, summary: e.summary, hash: e.hash }));
    },
    async verify() {
      const { valid, entries, firstBadEntry, keyed } = requireSession(state).audit.verify();
      return { valid, entries, firstBadEntry, keyed };
    },
  };
}
