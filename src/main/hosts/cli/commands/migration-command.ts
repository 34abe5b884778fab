import { resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { MigrationService } from '../../../../shared/api/services';
import type { MigrationCriterion, MigrationProgress } from '../../../../shared/model/migration-progress';
import { createHostEngine } from '../../host-engine';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

type MigrationPlanInput = Parameters<MigrationService['setPlan']>[0];

/**
 * `migration status <project> [--json]`: where the migration stands (docs/conventions.md
 * `migration status`), computed from the project like the header's stepper.
 * `migration plan <project> [--readiness N] [--reject-limit R] [--freeze FROM/TO | --no-freeze]`:
 * sets what the go/no-go checklist is measured against, then prints the status.
 */
export async function migrationCommand(argv: string[], out: CliOutput): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'status' && action !== 'plan') {
    throw new StudioError('USAGE', `academia-studio migration needs status or plan${action ? `, not "${action}"` : ''}.`, 'Run `academia-studio migration status school.apstudio` (add --json for the document).');
  }
  const { positionals, values } = parseCommandArgs(
    `migration ${action}`,
    rest,
    action === 'plan' ? { readiness: { type: 'string' }, 'reject-limit': { type: 'string' }, freeze: { type: 'string' }, 'no-freeze': { type: 'boolean' } } : {},
    { min: 1, max: 1, names: 'one project path' },
  );
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const progress = action === 'plan' ? await engine.api.migration.setPlan(planOf(values)) : await engine.api.migration.status();
    if (out.json) out.document(progress);
    else printProgress(progress, out);
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
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
}
