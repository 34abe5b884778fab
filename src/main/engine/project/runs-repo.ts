import { hostname } from 'node:os';
import { StudioError } from '../../../shared/errors';
import { emptyCounters, type Counters, type OperationType, type RunStatus } from '../../../shared/model/counters';
import type { ReconciliationLine, RunEvent, RunEventLevel, RunInfo, RunStep } from '../../../shared/model/run';
import { runLabel } from '../../../shared/model/run-label';
import type { Project } from './project';

type RunRow = {
  id: string;
  operation: string;
  status: string;
  dry_run: number;
  started_at: string;
  ended_at: string | null;
  duration_ms: number | null;
  counters_json: string;
  reconciliation_json: string;
  error_json: string | null;
};

/** Runs, their steps and their log, as kept in the project file. */
export class RunsRepo {
  constructor(private readonly project: Project) {}

  private get db() {
    return this.project.db;
  }

  create(run: { runId: string; operation: OperationType; dryRun: boolean; entities: { entity: string; estimate: number | null }[]; now: Date }): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO runs (id, operation, status, dry_run, started_at, counters_json, host_pid, host_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(run.runId, run.operation, 'Queued', run.dryRun ? 1 : 0, run.now.toISOString(), JSON.stringify(emptyCounters()), process.pid, hostname());
      const step = this.db.prepare('INSERT INTO run_steps (run_id, entity, ord, status, counters_json, estimate) VALUES (?, ?, ?, ?, ?, ?)');
      run.entities.forEach((e, i) => step.run(run.runId, e.entity, i, 'Queued', JSON.stringify(emptyCounters()), e.estimate));
    })();
  }

  setStatus(runId: string, status: RunStatus, now: Date, error?: { code: string; message: string; hint: string }): void {
    const finished = status === 'Completed' || status === 'Failed' || status === 'Cancelled' || status === 'Interrupted';
    if (finished) {
      const started = (this.db.prepare('SELECT started_at FROM runs WHERE id = ?').get(runId) as { started_at: string } | undefined)?.started_at;
      const duration = started ? now.getTime() - Date.parse(started) : null;
      this.db.prepare('UPDATE runs SET status = ?, ended_at = ?, duration_ms = ?, error_json = ? WHERE id = ?').run(status, now.toISOString(), duration, error ? JSON.stringify(error) : null, runId);
    } else {
      this.db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(status, runId);
    }
  }

  setCounters(runId: string, counters: Counters): void {
    this.db.prepare('UPDATE runs SET counters_json = ? WHERE id = ?').run(JSON.stringify(counters), runId);
  }

  setReconciliation(runId: string, lines: ReconciliationLine[]): void {
    this.db.prepare('UPDATE runs SET reconciliation_json = ? WHERE id = ?').run(JSON.stringify(lines), runId);
  }

  updateStep(runId: string, entity: string, patch: { status?: RunStatus; counters?: Counters; estimate?: number | null; startedAt?: Date; endedAt?: Date }): void {
    const sets: string[] = [];
    const args: unknown[] = [];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      args.push(value);
    };
    if (patch.status) set('status', patch.status);
    if (patch.counters) set('counters_json', JSON.stringify(patch.counters));
    if (patch.estimate !== undefined) set('estimate', patch.estimate);
    if (patch.startedAt) set('started_at', patch.startedAt.toISOString());
    if (patch.endedAt) set('ended_at', patch.endedAt.toISOString());
    if (!sets.length) return;
    this.db.prepare(`UPDATE run_steps SET ${sets.join(', ')} WHERE run_id = ? AND entity = ?`).run(...args, runId, entity);
  }

  addEvent(runId: string, level: RunEventLevel, entity: string | null, message: string, now: Date): RunEvent {
    const at = now.toISOString();
    const res = this.db.prepare('INSERT INTO run_events (run_id, at, level, entity, message) VALUES (?, ?, ?, ?, ?)').run(runId, at, level, entity, message);
    return { seq: Number(res.lastInsertRowid), runId, at, level, entity, message };
  }

  events(runId: string, afterSeq = 0, limit = 500): RunEvent[] {
    this.get(runId);
    const rows = this.db.prepare('SELECT seq, run_id, at, level, entity, message FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(runId, afterSeq, limit) as {
      seq: number;
      run_id: string;
      at: string;
      level: RunEventLevel;
      entity: string | null;
      message: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, runId: r.run_id, at: r.at, level: r.level, entity: r.entity, message: r.message }));
  }

  get(runId: string): RunInfo {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    if (!row) throw new StudioError('RUN_NOT_FOUND', `There is no run ${runId} in this project.`, 'Refresh the Runs screen to see the runs this project has.');
    return this.toInfo(row);
  }

  list(limit = 50): RunInfo[] {
    const rows = this.db.prepare('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as RunRow[];
    return rows.map((r) => this.toInfo(r));
  }

  /**
   * Runs left `Processing`/`Queued` by a process that is gone: they were interrupted. A sync run
   * held by its change gate (`Paused`, migration 10) is not in progress but waiting for a person,
   * whoever started it: it stays held until approved or superseded.
   */
  markInterrupted(now: Date, isAlive: (pid: number, host: string) => boolean): string[] {
    const open = this.db
      .prepare(
        `SELECT id, host_pid, host_name FROM runs WHERE status IN ('Queued', 'Processing', 'Paused')
         AND NOT (status = 'Paused' AND EXISTS (SELECT 1 FROM sync_runs s WHERE s.run_id = runs.id AND s.held_json IS NOT NULL))`,
      )
      .all() as { id: string; host_pid: number | null; host_name: string | null }[];
    const interrupted: string[] = [];
    for (const r of open) {
      if (r.host_pid !== null && r.host_name !== null && isAlive(r.host_pid, r.host_name)) continue;
      this.setStatus(r.id, 'Interrupted', now, { code: 'RUN_FAILED', message: 'The studio stopped while this run was in progress.', hint: 'Start the run again; records already pushed are recognised and not created twice.' });
      this.db.prepare("UPDATE run_steps SET status = 'Interrupted' WHERE run_id = ? AND status IN ('Queued', 'Processing', 'Paused')").run(r.id);
      interrupted.push(r.id);
    }
    return interrupted;
  }

  private toInfo(row: RunRow): RunInfo {
    const steps = this.db.prepare('SELECT * FROM run_steps WHERE run_id = ? ORDER BY ord').all(row.id) as {
      entity: string;
      status: string;
      counters_json: string;
      estimate: number | null;
      started_at: string | null;
      ended_at: string | null;
    }[];
    // Counted, not stored: the order runs started in (the id breaks a tie) is the number.
    const number = this.db.prepare('SELECT COUNT(*) FROM runs WHERE started_at < ? OR (started_at = ? AND id <= ?)').pluck().get(row.started_at, row.started_at, row.id) as number;
    const info: RunInfo = {
      runId: row.id,
      number,
      label: runLabel({ number, entities: steps.map((s) => s.entity), startedAt: row.started_at }),
      operation: row.operation as OperationType,
      status: row.status as RunStatus,
      dryRun: row.dry_run === 1,
      counters: JSON.parse(row.counters_json),
      steps: steps.map(
        (s): RunStep => ({ entity: s.entity, status: s.status as RunStatus, counters: JSON.parse(s.counters_json), estimate: s.estimate, startedAt: s.started_at, endedAt: s.ended_at }),
      ),
      reconciliation: JSON.parse(row.reconciliation_json),
      startedAt: row.started_at,
      endedAt: row.ended_at,
      durationMs: row.duration_ms,
    };
    if (row.error_json) info.error = JSON.parse(row.error_json);
    return info;
  }
}
