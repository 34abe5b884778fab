import { resolve } from 'node:path';
import type { RejectRecord } from '../../../../shared/api/contracts/rejects';
import { StudioError } from '../../../../shared/errors';
import { createHostEngine } from '../../host-engine';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/**
 * The quarantine's subcommands of `rejects` (docs/cli.md):
 * - `rejects <project> <runId> list [--entity E] [--code C] [--field F] [--limit N] [--after ID] [--json]`:
 *   a page of the run's rejects with their ids, reasons, corrections and last re-run outcome;
 * - `rejects <project> <runId> fix <rejectId> FIELD=VALUE... [--json]`: corrects fields of one
 *   reject (`FIELD=` leaves the field blank); with `--remove`, the arguments are field names whose
 *   corrections are forgotten.
 * Corrections are kept in the project file with who and when (audited); the source is never written.
 */
export async function rejectsSubcommand(sub: 'list' | 'fix', argv: string[], out: CliOutput): Promise<number> {
  return sub === 'list' ? listRejects(argv, out) : fixRejects(argv, out);
}

async function listRejects(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs(
    'rejects list',
    argv,
    { entity: { type: 'string' }, code: { type: 'string' }, field: { type: 'string' }, limit: { type: 'string' }, after: { type: 'string' } },
    { min: 3, max: 3, names: 'a project path, a run id and "list"' },
  );
  const limit = intOption('rejects list', 'limit', values.limit, 1, 10_000) ?? 100;
  const afterId = intOption('rejects list', 'after', values.after, 0, Number.MAX_SAFE_INTEGER);
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const page = await engine.api.runs.rejects({ runId: positionals[1], entity: values.entity, code: values.code, field: values.field, limit, ...(afterId !== undefined ? { afterId } : {}) });
    if (out.json) {
      out.document(page);
      return EXIT.ok;
    }
    out.print(`${page.total.toLocaleString('en')} ${page.total === 1 ? 'reject' : 'rejects'} of ${page.runId}${page.masked ? ' (personal values masked)' : ''}; showing ${page.rows.length}.`);
    for (const r of page.rows) out.print(describeReject(r));
    if (page.rows.length === limit) out.print(`More: --after ${page.rows[page.rows.length - 1].id}`);
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

async function fixRejects(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('rejects fix', argv, { remove: { type: 'boolean' } }, { min: 5, max: 1000, names: 'a project path, a run id, "fix", a reject id and at least one FIELD=VALUE' });
  const rejectId = intOption('rejects fix', 'reject id', positionals[3], 1, Number.MAX_SAFE_INTEGER)!;
  const fixes = positionals.slice(4).map((arg) => {
    if (values.remove) return { rejectId, field: arg, remove: true };
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new StudioError('USAGE', `academia-studio rejects fix: "${arg}" is not FIELD=VALUE.`, 'Name the field and its value, e.g. birthDate=2012-03-04 (dates as YYYY-MM-DD; FIELD= leaves it blank); --remove takes field names.');
    return { rejectId, field: arg.slice(0, eq), value: arg.slice(eq + 1) };
  });
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const result = await engine.api.runs.fixRejects({ runId: positionals[1], fixes });
    if (out.json) {
      out.document(result);
      return EXIT.ok;
    }
    for (const r of result.rows) out.print(describeReject(r));
    out.print(`Re-run the corrected rows with: academia-studio run ${positionals[0]} --rerun-rejects ${result.runId}`);
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

function describeReject(r: RejectRecord): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const lines = [`#${r.id} ${r.entity} ${r.key ?? '(no key)'}${r.sourceRow !== null ? ` row ${r.sourceRow}` : ''} [${r.stage}]${r.outcome ? ` ${r.outcome.status}` : ''}`];
  for (const x of r.outcome?.status === 'failing' ? r.outcome.reasons : r.reasons) lines.push(`    ${x.code}${x.field ? ` ${x.field}` : ''}: ${x.message}`);
  for (const c of r.corrections ?? []) lines.push(`    corrected ${c.field} = ${text(c.value)} (${c.by}, ${c.at})`);
  return lines.join('\n');
}
