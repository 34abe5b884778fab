import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OneRosterService } from '../../../shared/api/contracts/one-roster';
import { StudioError } from '../../../shared/errors';
import { makeOwnerOnlyDir, writeOwnerOnlyFile } from '../../../platform/owner-only';
import { requireSession, type EngineState } from '../core/engine-state';
import { resolveTarget } from '../core/target-resolver';
import { BUNDLE_ENTITIES, bundleFiles, type SchoolRecord } from '../oneroster/bundle-rows';
import { writeCsv } from '../oneroster/csv-text';
import { validateBundleDir } from '../oneroster/validate-bundle';
import { requireGrantedPath } from './source-access';

const EXISTS_HINT = 'Choose a new or empty folder, or ask for the bundle there to be replaced (--overwrite).';

/**
 * The `oneRoster` service: the bundle written from what Academia Pro holds for the project's
 * school (after a run or a rollover, the school as it now is), then checked by the same validator
 * a received bundle is checked by, so an export that breaks a rule is reported, never hidden.
 */
export function oneRosterService(state: EngineState): OneRosterService {
  return {
    async export({ out, overwrite = false }) {
      const s = requireSession(state);
      const dir = resolve(out);
      if (existsSync(dir)) {
        if (!statSync(dir).isDirectory()) throw new StudioError('FILE_EXISTS', `${dir} is a file, not a folder; the bundle was not written.`, EXISTS_HINT, { where: { file: dir } });
        if (!overwrite && readdirSync(dir).length > 0) throw new StudioError('FILE_EXISTS', `The folder ${dir} is not empty; the bundle was not written into it.`, EXISTS_HINT, { where: { file: dir } });
      }
      const target = await resolveTarget(s, state.target);
      const school = await findSchool(target.client, target.schoolId);
      const records: Record<string, SchoolRecord[]> = {};
      for (const entity of BUNDLE_ENTITIES) {
        const rows: SchoolRecord[] = [];
        if (target.contract.hasEntity(entity)) for await (const page of target.client.iterate(entity)) for (const r of page) if (r.deleted !== true) rows.push(r as SchoolRecord);
        records[entity] = rows;
      }
      makeOwnerOnlyDir(dir);
      const files = bundleFiles({ school, records }).map((f) => {
        const text = writeCsv(f.header, f.rows);
        // Names, birth dates and e-mail addresses: readable by the owner only, like every export of the studio.
        writeOwnerOnlyFile(join(dir, `${f.file}.csv`), text, { overwrite: true });
        return { file: `${f.file}.csv`, rows: f.rows.length, bytes: Buffer.byteLength(text) };
      });
      const validation = validateBundleDir(dir);
      s.audit.append({ action: 'oneroster.export', object: `path:${dir}`, summary: `OneRoster 1.2 bundle written to ${dir}: ${files.map((f) => `${f.file} ${f.rows}`).join(', ')}; ${validation.errors} errors, ${validation.warnings} warnings.` });
      return { dir, files, validation };
    },
    async validate({ dir, limit }) {
      const path = requireGrantedPath(state, resolve(dir));
      return validateBundleDir(path, limit ? { limit } : {});
    },
  };
}

async function findSchool(client: { iterate(entity: string): AsyncGenerator<Record<string, unknown>[]> }, schoolId: string): Promise<SchoolRecord> {
  for await (const page of client.iterate('schools')) for (const r of page) if (r.externalId === schoolId) return r as SchoolRecord;
  throw new StudioError('TARGET_NOT_FOUND', `Academia Pro holds no school ${schoolId}, so there is nothing to export.`, 'Run the migration (or at least its schools mapping) first, then export again.');
}
