import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { MigrationService } from '../../../../shared/api/services';
import { MIGRATION_APPROACHES, MIGRATION_MODULES, MIGRATION_SCOPES, MILESTONES, type MigrationRecordInput, type PlannedMilestone } from '../../../../shared/model/migration-plan';
import type { MigrationCriterion, MigrationProgress } from '../../../../shared/model/migration-progress';
import { CUTOVER_STEPS, type CutoverState } from '../../../../shared/model/cutover';
import { writeOwnerOnlyFile } from '../../../../platform/owner-only';
import { createHostEngine } from '../../host-engine';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import { rolloverCommand } from './rollover-command';

type MigrationPlanInput = Parameters<MigrationService['setPlan']>[0];

const ACTIONS = ['status', 'plan', 'record', 'milestone', 'rehearsals', 'document', 'cutover', 'parallel-sync'] as const;
type Action = (typeof ACTIONS)[number];

const OPTIONS = {
  status: {},
  rehearsals: {},
  plan: { readiness: { type: 'string' }, 'reject-limit': { type: 'string' }, freeze: { type: 'string' }, 'no-freeze': { type: 'boolean' } },
  record: {
    legacy: { type: 'string' },
    'legacy-version': { type: 'string' },
    scope: { type: 'string' },
    modules: { type: 'string' },
    approach: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    'school-year': { type: 'string' },
  },
  milestone: { due: { type: 'string' }, 'no-due': { type: 'boolean' }, owner: { type: 'string' }, done: { type: 'boolean' }, 'not-done': { type: 'boolean' } },
  document: { report: { type: 'string' }, overwrite: { type: 'boolean' } },
  cutover: { next: { type: 'boolean' }, step: { type: 'string' }, rollback: { type: 'boolean' } },
  'parallel-sync': {},
} as const;

/**
 * `migration status <project> [--json]`: where the migration stands (docs/conventions.md
 * `migration status`), computed from the project like the header's stepper.
 * `migration plan <project> [--readiness N] [--reject-limit R] [--freeze FROM/TO | --no-freeze]`:
 * sets what the go/no-go checklist is measured against, then prints the status.
 * `migration record`, `migration milestone`, `migration rehearsals` and `migration document`
 * set the migration record and timeline, compare rehearsals and write the plan a school signs
 * (docs/cli.md); `migration parallel-sync` defines a parallel run's sync.
 */
export async function migrationCommand(argv: string[], out: CliOutput): Promise<number> {
  const [word, ...rest] = argv;
  if (word === 'rollover') return rolloverCommand(rest, out);
  if (!(ACTIONS as readonly string[]).includes(word)) {
    throw new StudioError('USAGE', `academia-studio migration needs ${[...ACTIONS, 'rollover'].join(', ')}${word ? `, not "${word}"` : ''}.`, 'Run `academia-studio migration status school.apstudio` (add --json for the document).');
  }
  const action = word as Action;
  const { positionals, values } = parseCommandArgs(
    `migration ${action}`,
    rest,
    OPTIONS[action],
    action === 'milestone' ? { min: 2, max: 2, names: `a project path and a milestone (${MILESTONES.join(', ')})` } : { min: 1, max: 1, names: 'one project path' },
  );
  const options = values as Record<string, unknown>;
  const milestone = action === 'milestone' ? milestoneOf(positionals[1], options) : null;
  const record = action === 'record' ? recordOf(options) : null;
  const reportFile = action === 'document' ? documentFile(options) : null;
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const api = engine.api.migration;
    if (action === 'cutover') {
      const state = options.rollback === true ? await api.cutoverRollback() : typeof options.step === 'string' ? await api.cutoverStep({ step: oneOf('step', options.step, CUTOVER_STEPS) }) : options.next === true ? await api.cutoverStep({}) : await api.cutover();
      if (out.json) out.document(state);
      else printCutover(state, out);
      // A step run that did not pass exits 1, so a script stops there; showing the runbook is always 0.
      const ran = options.rollback !== true && (typeof options.step === 'string' || options.next === true);
      return ran && state.steps.some((x) => x.status === 'blocked') ? EXIT.failed : EXIT.ok;
    }
    if (reportFile) {
      const file = await api.planDocument({ format: extname(reportFile).toLowerCase() === '.pdf' ? 'pdf' : 'html' });
      const overwrite = options.overwrite === true;
      writeOwnerOnlyFile(reportFile, file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : file.content, { overwrite, existsHint: EXISTS_HINT });
      if (out.json) out.document({ report: reportFile, format: file.contentType.startsWith('application/pdf') ? 'pdf' : 'html' });
      else out.print(`Migration plan written to ${reportFile}`);
      return EXIT.ok;
    }
    const progress =
      action === 'plan'
        ? await api.setPlan(planOf(options))
        : action === 'record' && record
          ? await api.setRecord(record)
          : action === 'milestone' && milestone
            ? await api.setMilestones({ milestones: [milestone] })
            : action === 'parallel-sync'
              ? await api.parallelSync()
              : await api.status();
    if (action === 'rehearsals') {
      if (out.json) out.document(progress.rehearsals ?? { rehearsals: [], trend: 'not-enough', summary: 'No rehearsal yet.' });
      else printRehearsals(progress, out);
    } else if (out.json) out.document(progress);
    else if (action === 'record' || action === 'parallel-sync') printRecord(progress, out);
    else if (action === 'milestone') printTimeline(progress, out);
    else printProgress(progress, out);
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

const EXISTS_HINT = 'Add --overwrite to replace it, or choose another file with --report.';

function documentFile(values: Record<string, unknown>): string {
  if (typeof values.report !== 'string') throw new StudioError('USAGE', 'academia-studio migration document needs --report FILE.html or FILE.pdf.', 'For example: academia-studio migration document school.apstudio --report plan.pdf');
  const file = resolve(values.report);
  const kind = extname(file).toLowerCase();
  if (!['.html', '.htm', '.pdf'].includes(kind)) throw new StudioError('USAGE', `academia-studio migration document: --report must end in .html or .pdf, not "${kind}".`, 'For example: --report plan.pdf');
  // Checked before anything is computed or printed, so nobody waits for a file that is then refused.
  if (values.overwrite !== true && existsSync(file)) throw new StudioError('FILE_EXISTS', `There is already a file at ${file}; the migration plan would replace it.`, EXISTS_HINT, { where: { file } });
  return file;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new StudioError('USAGE', `--${flag} ${value} is not one of ${allowed.join(', ')}.`, `Give --${flag} one of: ${allowed.join(', ')}.`);
}

function recordOf(values: Record<string, unknown>): MigrationRecordInput {
  const record: MigrationRecordInput = {};
  if (typeof values.legacy === 'string') record.legacySystem = { name: values.legacy, version: typeof values['legacy-version'] === 'string' ? values['legacy-version'] : null };
  else if (typeof values['legacy-version'] === 'string') throw new StudioError('USAGE', '--legacy-version needs --legacy NAME.', 'Give both, e.g. --legacy openSIS --legacy-version 7.3.');
  if (typeof values.scope === 'string') record.scope = oneOf('scope', values.scope, MIGRATION_SCOPES);
  if (typeof values.modules === 'string') record.modules = values.modules.split(',').map((m) => oneOf('modules', m.trim(), MIGRATION_MODULES));
  if (typeof values.approach === 'string') record.approach = oneOf('approach', values.approach, MIGRATION_APPROACHES);
  if (typeof values.start === 'string') record.startDate = values.start;
  if (typeof values.end === 'string') record.endDate = values.end;
  if (typeof values['school-year'] === 'string') record.schoolYearStart = values['school-year'];
  if (Object.keys(record).length === 0) throw new StudioError('USAGE', 'academia-studio migration record needs something to set.', 'Give --legacy NAME [--legacy-version V], --scope, --modules, --approach, --start, --end or --school-year.');
  return record;
}

function milestoneOf(name: string, values: Record<string, unknown>): PlannedMilestone {
  const m: PlannedMilestone = { name: oneOf('milestone', name, MILESTONES) };
  if (typeof values.due === 'string') m.due = values.due;
  if (values['no-due'] === true) m.due = null;
  if (typeof values.owner === 'string') m.owner = values.owner;
  if (values.done === true) m.done = true;
  if (values['not-done'] === true) m.done = false;
  if (Object.keys(m).length === 1) throw new StudioError('USAGE', `academia-studio migration milestone ${name} needs something to set.`, 'Give --due DATE (or --no-due), --owner NAME, or --done for decommission.');
  return m;
}

function planOf(values: Record<string, unknown>): MigrationPlanInput {
  const plan: MigrationPlanInput = {};
  if (typeof values.readiness === 'string') {
    const n = Number(values.readiness);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new StudioError('USAGE', `--readiness ${values.readiness} is not a score from 0 to 100.`, 'Give the readiness score a go-live needs, e.g. --readiness 85.');
    plan.readinessThreshold = n;
  }
  if (typeof values['reject-limit'] === 'string') {
    const text = values['reject-limit'];
    const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new StudioError('USAGE', `--reject-limit ${text} is not a share of rows (0–1, or a percentage).`, 'Give the share of rejected rows a clean rehearsal may have, e.g. --reject-limit 0.5%.');
    plan.rejectLimit = n;
  }
  if (typeof values.freeze === 'string') {
    const [from, to, extra] = values.freeze.split('/');
    if (!from || !to || extra !== undefined) throw new StudioError('USAGE', `--freeze ${values.freeze} is not FROM/TO.`, 'Give the data-freeze window as two ISO 8601 dates, e.g. --freeze 2027-07-20T18:00Z/2027-07-23T08:00Z.');
    plan.freezeWindow = { from, to };
  }
  if (values['no-freeze'] === true) plan.freezeWindow = null;
  if (Object.keys(plan).length === 0) throw new StudioError('USAGE', 'academia-studio migration plan needs something to set.', 'Give --readiness N, --reject-limit R, --freeze FROM/TO or --no-freeze.');
  return plan;
}

function printCutover(state: CutoverState, out: CliOutput): void {
  for (const x of state.steps) out.print(`  ${x.status.padEnd(11)} ${x.step.padEnd(13)} ${x.outcome ?? ''}`);
  out.print(state.next ? `Next: ${state.next} (run it with --next)` : 'The cutover is complete.');
  if (state.rollbackPath) out.print(`Way back: ${state.rollbackPath} (--rollback)`);
}

function printRecord(progress: MigrationProgress, out: CliOutput): void {
  const r = progress.record;
  if (!r) return printProgress(progress, out);
  out.print(`Legacy system: ${r.legacySystem ? `${r.legacySystem.name}${r.legacySystem.version ? ` ${r.legacySystem.version}` : ''}` : 'not set'}`);
  out.print(`Scope: ${r.scope} (${r.modules.join(', ')})  Approach: ${r.approach ?? 'not chosen'}  Dates: ${r.startDate ?? '?'} – ${r.endDate ?? '?'}`);
  out.print(`Data volume: ${r.dataVolumeEstimate === null ? 'not assessed' : `${r.dataVolumeEstimate.toLocaleString('en')} records`}  Complexity: ${r.complexity ?? '–'}  Risk: ${r.riskScore ?? '–'}/100  Rollback plan: ${r.rollbackPlanAvailable ? 'rehearsed' : 'not rehearsed'}`);
  for (const line of r.implications) out.print(`  - ${line}`);
}

function printTimeline(progress: MigrationProgress, out: CliOutput): void {
  for (const m of progress.milestones) out.print(`  ${m.status.padEnd(7)} ${m.name.padEnd(18)} ${(m.due ?? '').padEnd(10)} ${m.owner ?? ''}${m.estimate ? `  (${m.estimate})` : ''}`);
}

function printRehearsals(progress: MigrationProgress, out: CliOutput): void {
  const c = progress.rehearsals;
  if (!c) return;
  out.print(c.summary);
  for (const r of c.rehearsals) {
    const change = r.change ? ` (${r.change.rejected >= 0 ? '+' : ''}${r.change.rejected} rejected, ${r.change.mismatches >= 0 ? '+' : ''}${r.change.mismatches} mismatches)` : '';
    out.print(`  ${r.label ?? r.runId}: ${r.rejected} rejected, ${r.mismatches} mismatches${r.durationMs === null ? '' : `, ${Math.round(r.durationMs / 1000)} s`}${change}`);
  }
}

function printProgress(progress: MigrationProgress, out: CliOutput): void {
  const mark = (c: MigrationCriterion) => `  [${c.ok ? 'x' : ' '}] ${c.detail}`;
  out.print(`Migration status: ${progress.status}${progress.stage === 'done' ? '' : ` (next: ${progress.stage})`}`);
  for (const stage of progress.stages) {
    if (stage.exit.length === 0) continue;
    out.print(`${stage.status}${stage.state === 'current' ? ' (current)' : ''}:`);
    for (const c of stage.exit) out.print(mark(c));
  }
  out.print(`Go/no-go: ${progress.go ? 'GO' : 'NO-GO'}`);
  for (const c of progress.checklist) out.print(mark(c));
  const planned = progress.milestones.filter((m) => m.due || m.status !== 'Planned');
  if (planned.length) {
    out.print('Timeline:');
    printTimeline({ ...progress, milestones: planned }, out);
  }
}
