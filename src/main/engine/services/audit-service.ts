import type { AuditService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { requireSession, type EngineState } from '../core/engine-state';
import { AuditCheckpoints } from '../security/audit-checkpoint';
import { readAuditKeys } from '../security/audit-key';
import { auditExportCore, auditVerifyCore, type AuditReadOptions } from './audit-commands';

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
    async verifyFile({ path }) {
      requirePicked(state, path);
      const outcome = auditVerifyCore(path, await readOptions(state));
      return { file: outcome.file, ...outcome.document, reason: outcome.result.reason, lines: outcome.lines };
    },
    async exportFile({ path, format, out, overwrite }) {
      requirePicked(state, path);
      if (out !== undefined) requirePicked(state, out);
      const outcome = auditExportCore(path, { format: (format ?? 'csv') as 'csv' | 'json', out, overwrite: Boolean(overwrite), ...(await readOptions(state)) });
      return { ...outcome.document, lines: outcome.lines };
    },
  };
}

/** Your audit key (a passphrase-only key opens with APSTUDIO_VAULT_PASSPHRASE) and your checkpoints. */
async function readOptions(state: EngineState): Promise<AuditReadOptions> {
  const { keys } = await readAuditKeys(state.keys);
  return { keys, checkpoints: new AuditCheckpoints(state.configDir) };
}

/**
 * A project file read outside the open project must be one a person chose: typed on the command
 * line, or picked in this session. (It is one of the studio's own files, so it is not "readable as
 * a source"; only the choice is checked.)
 */
function requirePicked(state: EngineState, path: string): void {
  if (state.grants.isGranted(path)) return;
  throw new StudioError('SOURCE_NOT_GRANTED', `The studio may not read ${path}: nobody picked it in this session.`, 'Pick the project in the studio\'s file picker first.', { where: { file: path } });
}
