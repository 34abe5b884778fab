import { resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import { createHostEngine } from '../../host-engine';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

const HELP = 'Run `academia-studio person school.apstudio find "Ana Silva"`, then `person school.apstudio export students KEY --out ana.json` or `person school.apstudio erase students KEY --yes`.';

/**
 * `person <project> find TEXT [--limit N] | export ENTITY KEY --out FILE [--overwrite] | erase
 * ENTITY KEY --yes`: a family's request about one person (issue 21; docs/security.md). Find by
 * key or name in what the project staged, export everything the project holds about them, or
 * erase it and keep them out of later runs. Erasing cannot be undone, so it wants --yes.
 */
export async function personCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs(
    'person',
    argv,
    { out: { type: 'string' }, overwrite: { type: 'boolean' }, yes: { type: 'boolean' }, limit: { type: 'string' } },
    { min: 3, max: 4, names: 'a project path, then find TEXT, export ENTITY KEY or erase ENTITY KEY' },
  );
  const [project, action, ...rest] = positionals;
  const limit = intOption('person', 'limit', values.limit, 1, 200);
  if (action === 'find' && rest.length !== 1) throw new StudioError('USAGE', 'academia-studio person find takes one search text (a key or words of a name).', HELP);
  if ((action === 'export' || action === 'erase') && rest.length !== 2) throw new StudioError('USAGE', `academia-studio person ${action} takes an entity and a key.`, HELP);
  if (!['find', 'export', 'erase'].includes(action)) throw new StudioError('USAGE', `academia-studio person does not know "${action}".`, HELP);
  if (action === 'export' && !values.out) throw new StudioError('USAGE', 'academia-studio person export needs --out FILE: where to write what the project holds about the person.', HELP);
  if (action === 'erase' && !values.yes) {
    throw new StudioError('USAGE', 'academia-studio person erase deletes the person from the project for good and needs --yes.', 'Export first if the family also asked for a copy, then run it again with --yes.');
  }
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(project) });
    if (action === 'find') {
      const found = await engine.api.projects.personFind({ text: rest[0], ...(limit !== undefined ? { limit } : {}) });
      if (out.json) out.document({ people: found });
      else if (!found.length) out.print(`No staged person matches "${rest[0]}". The project holds only people a run staged; search the legacy system for the others.`);
      else for (const p of found) out.print(`${p.entity} ${p.externalId}: ${[p.firstName, p.lastName].filter(Boolean).join(' ')}${p.birthDate ? `, born ${p.birthDate}` : ''}`);
      return EXIT.ok;
    }
    const [entity, externalId] = rest;
    if (action === 'export') {
      const result = await engine.api.projects.personExport({ entity, externalId, out: resolve(values.out as string), overwrite: values.overwrite === true });
      if (out.json) out.document(result);
      else out.print(`Wrote ${result.file} (${result.bytes} bytes, readable only by you): ${result.records} ${result.records === 1 ? 'record' : 'records'} about the person, with their rejects, pre-images, mismatches, merges and sync changes.`);
      return EXIT.ok;
    }
    const result = await engine.api.projects.personErase({ entity, externalId });
    if (out.json) out.document(result);
    else {
      out.print(`Erased ${result.records} ${result.records === 1 ? 'record' : 'records'} about the person from the project (${result.counts.staged} staged, ${result.counts.rejects} rejects, ${result.counts.preimages} pre-images, ${result.counts.mismatches} mismatches, ${result.counts.merges} merges, ${result.counts.syncChanges} sync changes).`);
      out.print(`Later runs and syncs leave them out. The audit trail files this as ${result.erasureId}; Academia Pro and the legacy system hold their own copies.`);
    }
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}
