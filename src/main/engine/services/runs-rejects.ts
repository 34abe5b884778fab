import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { RunsService } from '../../../shared/api/services';

/** The rejects methods of the runs service (its contract: src/shared/api/contracts/runs.ts). */
type RunsRejectsMethods = Pick<RunsService, 'rejects' | 'exportRejects'>;
import { StudioError } from '../../../shared/errors';
import { loadTargetContract } from '../../../academia-api/contract';
import { writeOwnerOnlyFile } from '../../../platform/owner-only';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { RejectsRepo } from '../project/rejects-repo';
import { QuarantineRepo } from '../project/quarantine-repo';
import { RejectView } from '../quarantine/reject-view';
import { rejectsTable, renderRejectsCsv, renderRejectsXlsx } from '../quarantine/render-rejects';

/** Rejects per page when the caller names no limit. */
const DEFAULT_PAGE = 100;

/**
 * `runs.rejects` and `runs.exportRejects`: the quarantine read back. Values are masked while the
 * project's "mask personal data" setting is on, in the list and in the file alike (an export is
 * handed around more than a screen is).
 */
export function runsRejectsMethods(state: EngineState): RunsRejectsMethods {
  return {
    async rejects({ runId, entity, code, field, limit = DEFAULT_PAGE, offset = 0, afterId }) {
      const s = requireSession(state);
      s.runs.get(runId);
      const repo = new RejectsRepo(s.project.db);
      const quarantine = new QuarantineRepo(s.project.db);
      const view = await viewFor(s);
      const filter = { entity, code, field };
      const stored = repo.page(runId, filter, limit, offset, afterId);
      const ids = stored.map((r) => r.id);
      const corrections = quarantine.corrections(ids);
      const outcomes = quarantine.outcomes(ids);
      return {
        runId,
        rows: stored.map((r) => view.presentWithFixes(r, corrections.get(r.id) ?? [], outcomes.get(r.id) ?? null)),
        total: repo.count(runId, filter),
        byCode: repo.countByCode(runId, entity),
        byField: repo.countByField(runId, entity),
        masked: view.masked,
        pending: quarantine.pendingByEntity(runId),
        rerunOf: quarantine.rerunOf(runId),
      };
    },
    async exportRejects({ runId, out, entity, overwrite = false }) {
      const s = requireSession(state);
      s.runs.get(runId);
      const file = resolve(out);
      const ext = extname(file).toLowerCase();
      if (ext !== '.csv' && ext !== '.xlsx') {
        throw new StudioError('BAD_REQUEST', `The rejects cannot be written as "${ext || 'a file without an extension'}": ${file}.`, 'Name a file ending in .csv or .xlsx.', { where: { file } });
      }
      if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory()) {
        throw new StudioError('PROJECT_READ_ONLY', `The folder ${dirname(file)} does not exist, so the rejects were not written.`, 'Create the folder first, or name a file in an existing folder.', { where: { file } });
      }
      if (!overwrite && existsSync(file)) {
        throw new StudioError('FILE_EXISTS', `There is already a file at ${file}; the rejects were not written over it.`, 'Choose another file name, or ask for it to be replaced (--overwrite).', { where: { file } });
      }
      const view = await viewFor(s);
      const repo = new RejectsRepo(s.project.db);
      const table = rejectsTable((function* () {
        for (const r of repo.iterate(runId, { entity })) yield view.present(r);
      })());
      const data = ext === '.csv' ? renderRejectsCsv(table) : await renderRejectsXlsx(table);
      writeOwnerOnlyFile(file, data, { overwrite, existsHint: 'Choose another file name, or ask for it to be replaced (--overwrite).' });
      s.audit.append({ action: 'run.rejects.export', object: `run:${runId}`, summary: `${table.lines.length} rejected rows${entity ? ` of ${entity}` : ''} exported as ${ext.slice(1)}${view.masked ? ', personal values masked' : ''}.` });
      return { runId, file, format: ext === '.csv' ? 'csv' : 'xlsx', rows: table.lines.length, bytes: statSync(file).size, masked: view.masked };
    },
  };
}

export async function viewFor(s: ProjectSession): Promise<RejectView> {
  return new RejectView(await s.mappings.list(), loadTargetContract('v1'), s.project.settings().maskPersonalData);
}
