import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../../shared/errors';
import type { EntityMapping } from '../../../../shared/model/mapping';
import type { EntitySuggestion } from '../../../../shared/model/suggestion';
import type { MappingExportFile, MappingHistory } from '../../../../shared/model/mapping-api';
import { entityMappingSchema } from '../../../../shared/model/mapping-schema';
import { type Engine } from '../../../engine/index';
import { createHostEngine } from '../../host-engine';
import { writeOwnerOnlyFile } from '../../../../platform/owner-only';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

const ACTIONS = ['list', 'show', 'export', 'import', 'suggest'] as const;
type Action = (typeof ACTIONS)[number];

/** The file `mapping export` writes and `mapping import` reads (docs/mapping.md). */
const exportFileSchema = z.object({
  format: z.literal('academia-studio.mappings'),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  mappings: z.array(entityMappingSchema).min(1),
});

/**
 * `mapping <project> list | show ID | export ID --out FILE | export --all --out FILE | import FILE`:
 * the project's mappings without the studio. Export writes an owner-only file and never replaces
 * one without --overwrite; import saves every mapping of a file or none (each a new version,
 * audited), `--connection ID` pointing them at a connection of this project.
 */
export async function mappingCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs(
    'mapping',
    argv,
    { out: { type: 'string' }, all: { type: 'boolean' }, overwrite: { type: 'boolean' }, connection: { type: 'string' }, accept: { type: 'boolean' }, 'min-confidence': { type: 'string' } },
    { min: 2, max: 3, names: 'a project path, then list, show ID, export ID, export --all, import FILE or suggest' },
  );
  const [project, actionWord, arg] = positionals;
  const action = actionWord as Action;
  if (!ACTIONS.includes(action)) {
    throw new StudioError('USAGE', `academia-studio mapping takes list, show, export, import or suggest, not "${actionWord}".`, 'For example `academia-studio mapping school.apstudio list`.');
  }
  checkFlags(action, arg, values);
  const minConfidence = confidenceOption(values['min-confidence']);

  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(project) });
    switch (action) {
      case 'list':
        return await list(engine, out);
      case 'show':
        return await show(engine, out, arg!);
      case 'export':
        return await exportMappings(engine, out, values.all ? null : arg!, values.out!, values.overwrite === true);
      case 'import':
        return await importMappings(engine, out, arg!, values.connection);
      case 'suggest':
        return await mappingSuggest(engine, out, { accept: values.accept === true, minConfidence });
    }
  } finally {
    await engine.dispose();
  }
}

function checkFlags(action: Action, arg: string | undefined, values: { out?: string; all?: boolean; overwrite?: boolean; connection?: string; accept?: boolean; 'min-confidence'?: string }): void {
  const usage = (message: string, hint: string) => new StudioError('USAGE', `academia-studio mapping ${action}: ${message}`, hint);
  if ((action === 'list' || action === 'suggest') && arg !== undefined) throw usage(`takes no argument, not "${arg}".`, `Run \`academia-studio mapping school.apstudio ${action}\`.`);
  if (action !== 'suggest') {
    const flag = (['accept', 'min-confidence'] as const).find((f) => values[f] !== undefined);
    if (flag) throw usage(`does not take --${flag}.`, 'Use it with `mapping <project> suggest`.');
  }
  if ((action === 'show' || action === 'import') && arg === undefined) throw usage(action === 'show' ? 'needs the id of a mapping.' : 'needs the file to import.', action === 'show' ? 'Run `academia-studio mapping school.apstudio list` to see the ids.' : 'Run `academia-studio mapping school.apstudio import mappings.json`.');
  if (action === 'export') {
    if (!values.out) throw usage('needs --out FILE: where to write the mappings.', 'Run `academia-studio mapping school.apstudio export ID --out mapping.json` (or `export --all --out mappings.json`).');
    if (values.all === (arg !== undefined)) throw usage(values.all ? `takes either an id or --all, not both.` : 'needs the id of a mapping, or --all.', 'Run `academia-studio mapping school.apstudio export ID --out FILE` or `export --all --out FILE`.');
  } else {
    const misplaced = (['out', 'all', 'overwrite'] as const).find((f) => values[f] !== undefined);
    if (misplaced) throw usage(`does not take --${misplaced}.`, 'Only `mapping <project> export` writes a file.');
  }
  if (action !== 'import' && values.connection !== undefined) throw usage('does not take --connection.', 'Use --connection with `mapping <project> import FILE`.');
}

async function list(engine: Engine, out: CliOutput): Promise<number> {
  const mappings = await engine.api.mappings.list();
  const rows = [];
  for (const m of mappings) {
    const { versions, signOff } = await engine.api.mappings.history({ id: m.id });
    rows.push({ id: m.id, entity: m.entity, connectionId: m.connectionId, stream: m.stream, specVersion: m.specVersion ?? 1, fields: m.fields.length, version: versions.at(-1)?.version ?? null, signedOff: signOff ? (signOff.valid ? 'valid' : 'voided') : null, updatedAt: m.updatedAt });
  }
  if (out.json) {
    out.document({ mappings: rows });
    return EXIT.ok;
  }
  if (!rows.length) out.print('This project has no mappings yet.');
  for (const r of rows) out.print(`${r.id}  ${r.stream} → ${r.entity}  (${r.fields} fields, version ${r.version ?? '-'}${r.signedOff ? `, sign-off ${r.signedOff}` : ''})`);
  return EXIT.ok;
}

async function show(engine: Engine, out: CliOutput, id: string): Promise<number> {
  const mapping = await engine.api.mappings.get({ id });
  const history: MappingHistory = await engine.api.mappings.history({ id });
  if (out.json) {
    out.document({ mapping, history });
    return EXIT.ok;
  }
  out.print(`${mapping.id}: ${mapping.stream} → ${mapping.entity} (spec version ${mapping.specVersion ?? 1}), key ${mapping.keyColumns.join(' + ')}`);
  for (const j of mapping.joins ?? []) out.print(`  join ${j.as}: ${j.stream} on ${j.on.map((o) => `${o.column} = ${o.joinColumn}`).join(' and ')} (${j.kind ?? 'left'}, ${j.match ?? 'one'})`);
  for (const f of mapping.filters ?? []) out.print(`  filter: ${f.label ?? `${f.column} ${f.op} ${(f.values ?? []).join(', ')}`}`);
  for (const f of mapping.fields) out.print(`  ${f.field} ← ${f.column ?? '(no column)'}${f.transforms.length ? ` | ${f.transforms.map((t) => t.kind).join(' | ')}` : ''}`);
  for (const v of history.versions) out.print(`  v${v.version} ${v.at} ${v.actor} ${v.action}: ${v.change}`);
  if (history.signOff) out.print(`  signed off v${history.signOff.version} by ${history.signOff.displayName ?? history.signOff.account} at ${history.signOff.at}${history.signOff.valid ? '' : ' — voided by a later edit'}`);
  return EXIT.ok;
}

async function exportMappings(engine: Engine, out: CliOutput, id: string | null, path: string, overwrite: boolean): Promise<number> {
  const mappings: EntityMapping[] = id === null ? await engine.api.mappings.list() : [await engine.api.mappings.get({ id })];
  if (!mappings.length) throw new StudioError('MAPPING_NOT_FOUND', 'This project has no mappings, so there is nothing to export.', 'Create a mapping first.');
  const file: MappingExportFile = { format: 'academia-studio.mappings', formatVersion: 1, exportedAt: new Date().toISOString(), mappings };
  const target = resolve(path);
  writeOwnerOnlyFile(target, `${JSON.stringify(file, null, 2)}\n`, { overwrite, existsHint: 'Add --overwrite to replace it, or choose another file name.' });
  if (out.json) out.document({ path: target, mappings: mappings.map((m) => m.id) });
  else out.print(`Wrote ${mappings.length} mapping(s) to ${target}.`);
  return EXIT.ok;
}

async function importMappings(engine: Engine, out: CliOutput, path: string, connectionId: string | undefined): Promise<number> {
  const file = readExportFile(resolve(path));
  // Transforms were checked for naming their kind only; which kinds exist is for `mappings.validate`.
  const { imported } = await engine.api.mappings.import({ mappings: file.mappings as EntityMapping[], ...(connectionId ? { connectionId } : {}) });
  if (out.json) out.document({ imported });
  else for (const i of imported) out.print(`${i.status}: ${i.id} (${i.entity})`);
  return EXIT.ok;
}

/** `--min-confidence C`: a number from 0 to 1. */
function confidenceOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new StudioError('USAGE', `academia-studio mapping suggest: --min-confidence must be a number from 0 to 1, not "${value}".`, 'For example --min-confidence 0.6.');
  }
  return n;
}

/**
 * `mapping <project> suggest [--accept] [--min-confidence C]`: the suggestions for each of the
 * project's connections; with --accept they are saved as mappings (entities that already have
 * one keep it). `{"entities", "accepted"}` as docs/conventions.md says, plus `kept`, `leftOut`
 * and `schoolId`.
 */
async function mappingSuggest(engine: Engine, out: CliOutput, opts: { accept: boolean; minConfidence?: number }): Promise<number> {
  const connections = await engine.api.connections.list();
  if (!connections.length) throw new StudioError('CONNECTION_NOT_FOUND', 'This project has no connections, so there is nothing to suggest from.', 'Create the project with a source: `academia-studio init school.apstudio --source sqlite:/path/sis.db`.');
  const entities: (EntitySuggestion & { connectionId: string })[] = [];
  const accepted: string[] = [];
  const kept: { id: string; entity: string }[] = [];
  const leftOut: { entity: string; table: string; reason: string; connectionId: string }[] = [];
  let schoolId: string | null = null;
  for (const c of connections) {
    out.log(`mapping suggest: sampling ${c.name}`);
    if (opts.accept) {
      const r = await engine.api.mappings.acceptSuggestions({ connectionId: c.id, ...(opts.minConfidence !== undefined ? { minConfidence: opts.minConfidence } : {}) });
      entities.push(...r.suggestions.entities.map((e) => ({ ...e, connectionId: c.id })));
      accepted.push(...r.accepted.map((a) => a.id));
      kept.push(...r.kept);
      leftOut.push(...r.leftOut.map((l) => ({ ...l, connectionId: c.id })));
      schoolId = r.schoolId ?? schoolId;
      for (const a of r.accepted) out.print(`accepted: ${a.id} (${a.stream} → ${a.entity})`);
      for (const k of r.kept) out.print(`kept: ${k.id} (${k.entity} already has a mapping)`);
      for (const l of r.leftOut) out.print(`left out: ${l.entity} (${l.table}): ${l.reason}`);
    } else {
      const r = await engine.api.mappings.suggest({ connectionId: c.id });
      const min = opts.minConfidence ?? 0;
      entities.push(...r.entities.filter((e) => e.confidence >= min).map((e) => ({ ...e, connectionId: c.id })));
      for (const e of r.entities) if (e.confidence >= min) out.print(`${e.entity} ← ${e.table} (${e.confidence.toFixed(2)}), ${e.fields.filter((f) => f.column && f.confidence >= min).length} of ${e.fields.length} fields`);
    }
  }
  if (opts.accept && schoolId) out.print(`The embedded sandbox's school is ${schoolId}.`);
  if (!opts.accept) out.print('Nothing was saved; add --accept to save these as mappings.');
  if (out.json) {
    const doc = entities.map((e) => ({ entity: e.entity, table: e.table, confidence: e.confidence, reasons: e.reasons, streams: e.streams, keyColumns: e.keyColumns, ...(e.filter ? { filter: e.filter } : {}), connectionId: e.connectionId, fields: e.fields, ...(e.joins?.length ? { joins: e.joins } : {}) }));
    out.document(opts.accept ? { entities: doc, accepted, kept, leftOut, schoolId } : { entities: doc });
  }
  return EXIT.ok;
}

function readExportFile(path: string): z.infer<typeof exportFileSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StudioError(missing ? 'USAGE' : 'MAPPING_INVALID', missing ? `There is no file ${path}.` : `${path} is not JSON: ${(err as Error).message}`, 'Give a file written by `academia-studio mapping <project> export`.');
  }
  const parsed = exportFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('MAPPING_INVALID', `${path} is not a mappings file: ${issue.path.join('.') || '(top)'}: ${issue.message}`, 'Give a file written by `academia-studio mapping <project> export`; nothing was imported.');
  }
  return parsed.data;
}
