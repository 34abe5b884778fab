import { resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { PurgeResult } from '../../../../shared/api/contracts/privacy';
import { createHostEngine } from '../../host-engine';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/**
 * `support-bundle <project> --out FILE [--overwrite]`: writes the redacted support bundle
 * (`projects.supportBundle`): versions, settings, run summaries and logs, assessment scores, the
 * target's health history and audit entries by id; never a secret or a pupil's data. Opens the
 * project like `export` does, so a project another studio holds answers exit code 5.
 */
export async function supportBundleCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('support-bundle', argv, { out: { type: 'string' }, overwrite: { type: 'boolean' } }, { min: 1, max: 1, names: 'one project path' });
  if (!values.out) {
    throw new StudioError('USAGE', 'academia-studio support-bundle needs --out FILE: where to write the bundle.', 'Run `academia-studio support-bundle school.apstudio --out school-support.json`. An existing file is replaced only with --overwrite.');
  }
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const result = await engine.api.projects.supportBundle({ out: resolve(values.out), overwrite: Boolean(values.overwrite) });
    if (out.json) out.document(result);
    else {
      out.print(`Wrote ${result.file} (${result.bytes} bytes, readable only by you): ${result.runs} runs, ${result.runEvents} run events, ${result.assessments} assessments, ${result.targetChecks} target checks, ${result.auditEntries} audit entries.`);
      out.print('It holds no secret and no school data; read it before you send it.');
    }
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

/**
 * `purge <project> [--retention-days N | --keep]`: sets the retention policy when asked, then
 * applies it (`projects.purge`; opening the project applies it too) and lists what it removed.
 */
export async function purgeCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('purge', argv, { 'retention-days': { type: 'string' }, keep: { type: 'boolean' } }, { min: 1, max: 1, names: 'one project path' });
  const days = intOption('purge', 'retention-days', values['retention-days'], 1, 36_500);
  if (days !== undefined && values.keep) {
    throw new StudioError('USAGE', 'academia-studio purge takes --retention-days N or --keep, not both.', 'Run `academia-studio purge school.apstudio --retention-days 90`, or --keep to keep staged rows and rejects.');
  }
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    if (days !== undefined || values.keep) await engine.api.settings.update({ retentionDays: values.keep ? null : days });
    const result = await engine.api.projects.purge();
    if (out.json) {
      out.document(result);
      return EXIT.ok;
    }
    if (result.retentionDays === null) out.print('This project has no retention policy: staged rows and rejects are kept. Set one with --retention-days N.');
    else if (result.runs.length === 0 && !otherPurged(result)) out.print(`Retention ${result.retentionDays} days: nothing to purge (no run that ended before ${result.cutoff} still holds staged rows or rejects).`);
    else {
      out.print(`Retention ${result.retentionDays} days: purged ${result.stagedRows} staged rows and ${result.rejects} rejects of runs that ended before ${result.cutoff}; their summaries and logs are kept.`);
      for (const r of result.runs) out.print(`  - run ${r.runId} (ended ${r.endedAt}): ${r.stagedRows} staged rows, ${r.rejects} rejects`);
      if (otherPurged(result)) {
        out.print(
          `  Also purged: ${result.mismatches} reconciliation mismatches, ${result.merges} merged rows, ${result.preimages} rollback pre-images, ${result.syncChanges} sync changes, ${result.requests} request-log rows (already in the metrics).`,
        );
      }
    }
    if (result.baselineKept > 0) out.print(`  Kept ${result.baselineKept} staged rows of those runs: a sync's delta baseline needs them to detect deletes.`);
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

/** Whether the purge removed more than staged rows and rejects (the tables added after them). */
function otherPurged(r: PurgeResult): boolean {
  return r.mismatches + r.merges + r.preimages + r.syncChanges + r.requests > 0;
}
