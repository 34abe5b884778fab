import { resolve } from 'node:path';
import type { SyncDefinitionInput, SyncEntity, SyncOutcome, SyncType, CursorKind } from '../../../../shared/model/sync';
import { StudioError } from '../../../../shared/errors';
import { schedulerHandoff, type Engine } from '../../../engine/index';
import { parseCommandArgs } from '../args';
import { withCliEngine } from '../cli-engine';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import { syncConflictsCommand } from './sync-conflicts-command';
import { readPipedSecret } from '../secret-input';
import { describeEventSettings } from '../../../../shared/model/sync-events';
import { eventOptions, eventSettingsFrom, EVENT_OPTIONS } from './sync-events-options';

const TYPES: Record<string, SyncType> = { full: 'Full', incremental: 'Incremental', delta: 'Delta' };
const CURSOR_KINDS: readonly CursorKind[] = ['timestamp', 'rowversion', 'integer'];

/**
 * `sync <project> define NAME --type full|incremental|delta [--direction one-way|two-way]
 * [--entities a,b] [--schedule CRON] [--json]`, `sync <project> list [--json]`,
 * `sync <project> --job NAME [--json]` and `sync <project> approve RUN_ID [--category C] [--json]`
 * (docs/conventions.md). A job opens the project like any command: unattended, the vault key's
 * passphrase comes from APSTUDIO_VAULT_PASSPHRASE, and a project the studio has open is
 * PROJECT_IN_USE (exit 5; the studio's own scheduler runs the job then). Exit 4: held by the gate.
 */
export async function syncCommand(argv: string[], out: CliOutput): Promise<number> {
  const [project, action, ...rest] = argv;
  if (!project || project.startsWith('--')) {
    throw new StudioError('USAGE', 'academia-studio sync needs a project file first.', 'Run `academia-studio sync school.apstudio list`, `… define NAME --type delta`, `… --job NAME` or `… approve RUN_ID`.');
  }
  const path = resolve(project);
  if (action === 'define') return define(path, rest, out);
  if (action === 'conflicts' || action === 'resolve') return syncConflictsCommand(path, action, rest, out);
  if (action === 'list') {
    parseCommandArgs('sync list', rest, {}, { min: 0, max: 0, names: '' });
    return withCliEngine(async (engine) => {
      await engine.api.projects.open({ path });
      const syncs = await engine.api.syncs.list({});
      if (out.json) out.document({ syncs });
      else if (!syncs.length) out.print('No syncs defined. Define one with `sync <project> define NAME --type delta`.');
      else for (const s of syncs) out.print(`${s.name}: ${s.type}, ${s.direction}, ${s.entities.map((e) => e.entity).join(', ')}${s.schedule.cron ? `, ${s.schedule.cron} (${s.schedule.timezone})` : s.events ? '' : ', manual'}${s.events ? `, event-driven (${describeEventSettings(s.events)})` : ''}; last ${s.lastStatus ?? 'never run'}${s.lastSyncAt ? ` at ${s.lastSyncAt}` : ''}`);
      return EXIT.ok;
    });
  }
  if (action === 'events') {
    parseCommandArgs('sync events', rest, {}, { min: 0, max: 0, names: '' });
    return withCliEngine(async (engine) => {
      await engine.api.projects.open({ path });
      const overview = await engine.api.syncs.events({});
      if (out.json) out.document(overview);
      else if (!overview.jobs.length) out.print('No event-driven syncs. Define one with `sync <project> define NAME --type delta --events-webhook 8741` or `--events-feed 60`.');
      else {
        for (const j of overview.jobs) {
          const parts = [j.receiver ? `receiver ${j.receiver.host}:${j.receiver.port || 'a free port'}${j.receiver.path} (secret ${j.receiver.secretStatus})` : null, j.feed ? `events feed every ${j.feed.intervalSeconds} s, cursor ${j.feed.cursor ?? 'none yet'}` : null].filter(Boolean);
          out.print(`${j.job}: ${parts.join('; ')}; last event ${j.lastEvent ? `${j.lastEvent.type} ${j.lastEvent.entity} (${j.lastEvent.id}, ${j.lastEvent.source}) at ${j.lastEvent.at}` : 'none'}; ${j.eventsReceived} received`);
        }
        out.print('Receivers and the feed run while the studio (desktop or serve) has the project open; this command only shows them.');
      }
      return EXIT.ok;
    });
  }
  if (action === 'approve') {
    const { positionals, values } = parseCommandArgs('sync approve', rest, { category: { type: 'string' } }, { min: 1, max: 1, names: 'one run id' });
    return withCliEngine(async (engine) => {
      await engine.api.projects.open({ path });
      const result = await engine.api.syncs.approve({ runId: positionals[0], ...(typeof values.category === 'string' ? { category: values.category } : {}) });
      return report(result, out);
    });
  }
  if (action === '--job') {
    const { positionals } = parseCommandArgs('sync --job', rest, {}, { min: 1, max: 1, names: 'one sync name' });
    return withCliEngine(async (engine) => {
      try {
        await engine.api.projects.open({ path });
      } catch (err) {
        // Held by the studio: its own scheduler runs the job, and the words say so (still exit 5).
        const handoff = schedulerHandoff(err, positionals[0]);
        if (handoff) throw new StudioError(handoff.error.code, handoff.error.message, handoff.error.hint, { details: handoff.error.details });
        throw err;
      }
      return report(await runJob(engine, positionals[0], out), out);
    });
  }
  throw new StudioError('USAGE', `academia-studio sync needs define, list, events, --job NAME, approve, conflicts or resolve${action ? `, not "${action}"` : ''}.`, 'Run `academia-studio sync school.apstudio --job nightly --json`, for example.');
}

async function runJob(engine: Engine, name: string, out: CliOutput): Promise<SyncOutcome> {
  out.log(`Sync "${name}" running…`);
  return engine.api.syncs.run({ name });
}

/** The `sync --job` document and its exit code: 4 held, 1 failed or cancelled, 3 completed with rejects. */
function report(result: SyncOutcome, out: CliOutput): number {
  if (out.json) {
    out.document({
      job: result.job,
      runId: result.runId,
      status: result.status,
      changes: result.changes,
      held: result.held,
      warnings: result.warnings,
      counters: result.counters,
      ...(result.error ? { error: result.error } : {}),
    });
  } else {
    out.print(`Sync "${result.job}" run ${result.runId}: ${result.status}`);
    for (const c of result.changes) out.print(`  ${c.entity}: ${c.inserts} inserts, ${c.updates} updates, ${c.deletes} deletes`);
    for (const w of result.warnings) out.print(`  warning ${w.code} (${w.table}.${w.column}, ${w.count}): ${w.message}`);
    if (result.held) {
      out.print(`  Held: ${result.held.summary}`);
      out.print(`  Approve with: academia-studio sync <project> approve ${result.runId} [--category ${result.held.categories.map((c) => c.category).join('|')}]`);
    }
    if (result.error) out.print(`  ${result.error.message} ${result.error.hint}`);
  }
  if (result.status === 'Paused' && result.held) return EXIT.heldForApproval;
  if (result.status !== 'Completed') return EXIT.failed;
  return result.counters.rejected + result.counters.failed > 0 ? EXIT.completedWithRejects : EXIT.ok;
}

async function define(path: string, rest: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs(
    'sync define',
    rest,
    {
      type: { type: 'string' },
      direction: { type: 'string' },
      entities: { type: 'string' },
      schedule: { type: 'string' },
      timezone: { type: 'string' },
      'source-timezone': { type: 'string' },
      cursor: { type: 'string' },
      'look-back': { type: 'string' },
      deletes: { type: 'string' },
      ...EVENT_OPTIONS,
    },
    { min: 1, max: 1, names: 'one sync name' },
  );
  const type = typeof values.type === 'string' ? TYPES[values.type.toLowerCase()] : undefined;
  if (!type) throw new StudioError('USAGE', `academia-studio sync define needs --type full, incremental or delta${typeof values.type === 'string' ? `, not "${values.type}"` : ''}.`, 'Delta needs no cursor; incremental needs --cursor COLUMN[:timestamp|rowversion|integer].');
  const direction = values.direction ?? 'one-way';
  if (direction !== 'one-way' && direction !== 'two-way') throw new StudioError('USAGE', `--direction ${String(direction)} is not one-way or two-way.`, 'Give --direction one-way (the default) or two-way.');
  let cursor: SyncEntity['cursor'];
  if (typeof values.cursor === 'string') {
    const [column, kind = 'timestamp'] = values.cursor.split(':');
    if (!column || !CURSOR_KINDS.includes(kind as CursorKind)) throw new StudioError('USAGE', `--cursor ${values.cursor} is not COLUMN[:timestamp|rowversion|integer].`, 'E.g. --cursor updated_at:timestamp or --cursor row_ver:rowversion.');
    const lookBack = values['look-back'] === undefined ? 0 : Number(values['look-back']);
    if (!Number.isFinite(lookBack) || lookBack < 0) throw new StudioError('USAGE', `--look-back ${String(values['look-back'])} is not a number of seconds (or units).`, 'E.g. --look-back 300 reads the last five minutes again for late rows.');
    cursor = { column, kind: kind as CursorKind, lookBack };
  }
  const deletes = values.deletes;
  if (deletes !== undefined && deletes !== 'delete' && deletes !== 'withdraw') throw new StudioError('USAGE', `--deletes ${String(deletes)} is not delete or withdraw.`, 'Give --deletes delete (remove in Academia Pro) or withdraw (set the end date/status).');
  const events = eventSettingsFrom(eventOptions(values));
  // The signing secret: piped in, or from the environment; never an argument (it would show in the process list).
  const secret = values['webhook-secret-stdin'] === true ? await readPipedSecret(process.stdin) : (process.env.APSTUDIO_SYNC_WEBHOOK_SECRET ?? null);
  if (values['webhook-secret-stdin'] === true && !secret) throw new StudioError('USAGE', '--webhook-secret-stdin read no secret from standard input.', 'Pipe the secret Academia Pro signs deliveries with, e.g. `printf %s "$SECRET" | academia-studio sync school.apstudio define … --events-webhook 8741 --webhook-secret-stdin`.');
  if (secret && !events?.webhook) throw new StudioError('USAGE', 'A webhook signing secret was given, but the sync has no webhook receiver.', 'Add --events-webhook [HOST:]PORT, or leave the secret out.');
  return withCliEngine(async (engine) => {
    await engine.api.projects.open({ path });
    const names = typeof values.entities === 'string' ? values.entities.split(',').map((e) => e.trim()).filter(Boolean) : (await engine.api.mappings.list()).map((m) => m.entity);
    const input: SyncDefinitionInput = {
      name: positionals[0],
      type,
      direction,
      entities: names.map((entity) => ({ entity, ...(cursor ? { cursor } : {}), ...(deletes ? { deletes: { policy: deletes } } : {}) })),
      ...(typeof values['source-timezone'] === 'string' ? { sourceTimeZone: values['source-timezone'] } : {}),
      ...(values.schedule !== undefined || values.timezone !== undefined ? { schedule: { ...(typeof values.schedule === 'string' ? { cron: values.schedule } : {}), ...(typeof values.timezone === 'string' ? { timezone: values.timezone } : {}) } } : {}),
      ...(events ? { events } : {}),
    };
    const def = await engine.api.syncs.define(input);
    if (secret) await engine.api.syncs.setEventSecret({ name: def.name, secret });
    if (out.json) out.document(def);
    else {
      out.print(`Sync "${def.name}" defined: ${def.type}, ${def.direction}, ${def.entities.map((e) => e.entity).join(', ')}${def.schedule.cron ? `, ${def.schedule.cron} (${def.schedule.timezone})` : ''}.`);
      if (def.events) out.print(`  Event-driven while the studio has the project open: ${describeEventSettings(def.events)}${def.events.webhook && !secret ? '; store its signing secret (--webhook-secret-stdin) before it listens' : ''}.`);
    }
    return EXIT.ok;
  });
}
