import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { RolloverPreview, RolloverRulesInput } from '../../../../shared/model/rollover';
import { createHostEngine } from '../../host-engine';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

const OPTIONS = { 'school-year': { type: 'string' }, rules: { type: 'string' }, approve: { type: 'string', multiple: true }, apply: { type: 'boolean' } } as const;

/**
 * `migration rollover <project> [--school-year Y] [--rules FILE.json] [--approve CATEGORY]...
 * [--apply] [--json]` (docs/rollover.md): previews the next school year's rollover (saved in the
 * project), approves held categories of the saved preview, and applies it. Exit 0 ready, applied
 * or nothing to do; 4 still held by the change gate; 1 blocked by a problem or failed.
 */
export async function rolloverCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('migration rollover', argv, OPTIONS, { min: 1, max: 1, names: 'one project path' });
  const rules: RolloverRulesInput = {};
  if (typeof values.rules === 'string') Object.assign(rules, rulesFile(values.rules));
  if (typeof values['school-year'] === 'string') rules.schoolYear = values['school-year'];
  const approve = values.approve ?? [];
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const api = engine.api.migration;
    let preview: RolloverPreview | null = null;
    // A preview is made when rules are given or nothing else is asked; approving and applying work on the saved one.
    if (Object.keys(rules).length || (!approve.length && values.apply !== true)) preview = await api.rollover(Object.keys(rules).length ? { rules } : {});
    for (const category of approve) preview = await api.rolloverApprove({ category });
    if (values.apply === true) preview = await api.rolloverApply();
    const shown = preview!;
    if (out.json) out.document(shown);
    else print(shown, out);
    if (shown.status === 'blocked') return EXIT.failed;
    if (shown.status === 'held') return EXIT.heldForApproval;
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

function rulesFile(path: string): RolloverRulesInput {
  try {
    return JSON.parse(readFileSync(resolve(path), 'utf8')) as RolloverRulesInput;
  } catch (err) {
    throw new StudioError('USAGE', `--rules ${path} is not a JSON file that can be read: ${(err as Error).message}`, 'Give a JSON file of rollover rules (docs/rollover.md), e.g. {"leavers": {"action": "withdrawn", "date": "2026-07-17"}}.', { where: { file: path } });
  }
}

function print(p: RolloverPreview, out: CliOutput): void {
  out.print(`Rollover ${p.fromYear?.name ?? '?'} → ${p.toYear?.name ?? '?'}: ${p.status} (preview ${p.previewId})`);
  for (const line of p.summary) out.print(`  ${line}`);
  for (const c of p.changes) out.print(`  ${c.entity}: +${c.inserts} added, ~${c.updates} changed`);
  for (const problem of p.problems) out.print(`  PROBLEM ${problem.code}${problem.entity ? ` ${problem.entity}` : ''}${problem.externalId ? ` ${problem.externalId}` : ''}${problem.field ? `.${problem.field}` : ''}: ${problem.message} Fix: ${problem.fix}`);
  for (const c of p.held?.categories ?? []) out.print(`  ${c.approved ? 'approved' : 'HELD    '} ${c.category}: ${c.sentence}`);
  if (p.status === 'held') out.print(`Approve each held category (--approve CATEGORY), then --apply.`);
  if (p.applied) for (const r of p.applied.results) out.print(`  applied ${r.entity}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected`);
}
