import type { SyncConflict } from '../../../../shared/model/sync';
import { StudioError } from '../../../../shared/errors';
import { parseCommandArgs } from '../args';
import { withCliEngine } from '../cli-engine';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/**
 * `sync <project> conflicts [--json]` (the two-way conflicts waiting for a person, or decided and
 * waiting for the next run) and `sync <project> resolve CONFLICT_ID --keep source|target [--json]`
 * (docs/conventions.md). A decision is audited; the sync's next run gives the value to both sides.
 */
export async function syncConflictsCommand(path: string, action: 'conflicts' | 'resolve', rest: string[], out: CliOutput): Promise<number> {
  if (action === 'conflicts') {
    parseCommandArgs('sync conflicts', rest, {}, { min: 0, max: 0, names: '' });
    return withCliEngine(async (engine) => {
      await engine.api.projects.open({ path });
      const conflicts = await engine.api.syncs.conflicts({});
      if (out.json) out.document({ conflicts });
      else if (!conflicts.length) out.print('No conflicts wait for a decision.');
      else {
        for (const c of conflicts) {
          out.print(`${c.id}  ${c.job}: ${c.entity} ${c.externalId}.${c.field} (${c.status})`);
          out.print(`    was     ${show(c.base)}`);
          out.print(`    source  ${show(c.source)}`);
          out.print(`    target  ${show(c.target)}${c.targetChangedAt ? ` (changed ${c.targetChangedAt})` : ''}`);
          if (c.decision) out.print(`    decided ${show(c.decision.value)} (keep ${c.decision.keep}, by ${c.decision.by}); the next run applies it`);
        }
        out.print(`Decide with: academia-studio sync <project> resolve CONFLICT_ID --keep source|target`);
      }
      return EXIT.ok;
    });
  }
  const { positionals, values } = parseCommandArgs('sync resolve', rest, { keep: { type: 'string' } }, { min: 1, max: 1, names: 'one conflict id' });
  const keep = values.keep;
  if (keep !== 'source' && keep !== 'target') {
    throw new StudioError('USAGE', `academia-studio sync resolve needs --keep source or --keep target${typeof keep === 'string' ? `, not "${keep}"` : ''}.`, "source keeps the legacy system's value, target Academia Pro's; both sides get it with the next run.");
  }
  return withCliEngine(async (engine) => {
    await engine.api.projects.open({ path });
    const decided: SyncConflict = await engine.api.syncs.resolve({ conflictId: positionals[0], keep });
    if (out.json) out.document(decided);
    else out.print(`Conflict ${decided.id} (${decided.entity} ${decided.externalId}.${decided.field}): keeping ${show(decided.decision?.value)} from ${keep === 'source' ? 'the source' : 'Academia Pro'}; the next run of "${decided.job}" gives it to both sides.`);
    return EXIT.ok;
  });
}

function show(v: unknown): string {
  return v === null || v === undefined ? '(empty)' : JSON.stringify(v);
}
