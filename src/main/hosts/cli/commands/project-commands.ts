import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import { demoLegacyFileFor } from '../../../engine/demo/demo-files';
import { createHostEngine } from '../../host-engine';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import { rollbackAndReport } from '../rollback-and-report';
import { planAndReport, rerunAndReport } from '../rerun-and-report';
import { runAndReport } from '../run-and-report';

/**
 * `init <project> [--name N] [--source SRC]…`: a new project whose target is the embedded sandbox
 * (ready for a dry run at once); each `--source` becomes a connection, named by its masked
 * location. Every source is checked (it parses, a file or folder exists) before the project file
 * is written, so a mistyped source leaves no half-made project behind.
 */
export async function initCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('init', argv, { name: { type: 'string' }, source: { type: 'string', multiple: true } }, { min: 1, max: 1, names: 'one project path' });
  const engine = createHostEngine({ host: 'cli' });
  try {
    const sources = [];
    for (const location of values.source ?? []) {
      const sketch = await engine.api.sources.describe({ location });
      if (sketch.file && !existsSync(sketch.file)) {
        throw new StudioError('SOURCE_NOT_FOUND', `The source ${sketch.file} does not exist, so no project was created.`, 'Check the path given to --source (a file, a folder, or sqlite:/path/file.db).');
      }
      sources.push({ location, name: sketch.masked });
    }
    const created = await engine.api.projects.create({ path: positionals[0], name: values.name });
    const connections = [];
    for (const source of sources) connections.push(await engine.api.connections.add({ name: source.name, location: source.location }));
    const info = connections.length ? ((await engine.api.projects.current()) ?? created) : created;
    const target = await engine.api.targets.get();
    if (out.json) out.document({ project: info, connections: connections.map((c) => ({ id: c.id, name: c.name, kind: c.kind })), target: { kind: target.kind, schoolId: target.schoolId } });
    else {
      out.print(`Created ${info.path}${connections.length ? ` with ${connections.length} source${connections.length === 1 ? '' : 's'}` : ''}; its target is the embedded Academia Pro sandbox.`);
      for (const c of connections) out.print(`  connection ${c.id}: ${c.name}`);
      out.print(connections.length ? `Next: \`academia-studio mapping ${info.path} suggest --accept\`, then \`academia-studio run ${info.path} --dry-run\`.` : `Next: add a source with \`academia-studio open ${info.path}\`.`);
    }
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

/** `run <project>`: run a project's migration, or (`--rollback RUN_ID [--entity E]`) roll one back. */
export async function runCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs(
    'run',
    argv,
    { 'dry-run': { type: 'boolean' }, entities: { type: 'string' }, rollback: { type: 'string' }, entity: { type: 'string' }, 'rerun-rejects': { type: 'string' }, plan: { type: 'boolean' } },
    { min: 1, max: 1, names: 'one project path' },
  );
  if (values.rollback !== undefined && (values['dry-run'] || values.entities !== undefined)) {
    throw new StudioError('USAGE', 'academia-studio run: --rollback does not go with --dry-run or --entities.', 'Roll back one entity with --rollback RUN_ID --entity ENTITY.');
  }
  if (values['rerun-rejects'] !== undefined && (values['dry-run'] || values.rollback !== undefined || values.plan)) {
    throw new StudioError('USAGE', 'academia-studio run: --rerun-rejects does not go with --dry-run, --rollback or --plan.', 'Re-run the rejects of one run: --rerun-rejects RUN_ID [--entities a,b].');
  }
  if (values.plan && values.rollback !== undefined) throw new StudioError('USAGE', 'academia-studio run: --plan does not go with --rollback.', 'Ask for the plan of a run: --plan [--dry-run] [--entities a,b].');
  if (values.entity !== undefined && values.rollback === undefined) {
    throw new StudioError('USAGE', 'academia-studio run: --entity goes with --rollback RUN_ID.', 'To run some entities, give --entities a,b.');
  }
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    if (values.rollback !== undefined) return await rollbackAndReport(engine, out, { runId: values.rollback, ...(values.entity ? { entity: values.entity } : {}) });
    if (values['rerun-rejects'] !== undefined) return await rerunAndReport(engine, out, { runId: values['rerun-rejects'], entities: splitList(values.entities) });
    if (values.plan) return await planAndReport(engine, out, { dryRun: Boolean(values['dry-run']), entities: splitList(values.entities) });
    return await runAndReport(engine, out, { dryRun: Boolean(values['dry-run']), entities: splitList(values.entities) });
  } finally {
    await engine.dispose();
  }
}

/** `demo`: create or reopen ./demo.apstudio and run its migration into the embedded sandbox. */
export async function demoCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values } = parseCommandArgs('demo', argv, { project: { type: 'string' }, pupils: { type: 'string' }, 'dry-run': { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const pupils = intOption('demo', 'pupils', values.pupils, 1, 10_000_000);
  const path = resolve(values.project ?? 'demo.apstudio');
  // The school is generated once, when the demo is created; an existing demo keeps its size.
  const existing = pupils !== undefined && existsSync(demoLegacyFileFor(path));
  const engine = createHostEngine({ host: 'cli' });
  try {
    const info = await engine.api.projects.openDemo({ path, pupils });
    out.log(`Demo project: ${info.path}`);
    if (existing) out.log(`--pupils applies when a demo is created; this one already exists with its own school. Give another --project for a school of ${pupils} pupils.`);
    return await runAndReport(engine, out, { dryRun: Boolean(values['dry-run']) });
  } finally {
    await engine.dispose();
  }
}

function splitList(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
