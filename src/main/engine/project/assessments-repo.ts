import { StudioError } from '../../../shared/errors';
import type { AssessmentResult, AssessmentSummary, MatchDecision } from '../../../shared/model/assessment';
import type { Project } from './project';

type Row = {
  id: string;
  connection_id: string;
  connection_name: string;
  status: AssessmentSummary['status'];
  started_at: string;
  ended_at: string | null;
  result_json: string | null;
  error_json: string | null;
};

/** Assessments and duplicate decisions in the project file. */
export class AssessmentsRepo {
  constructor(private readonly project: Project) {}

  private get db() {
    return this.project.db;
  }

  create(a: { id: string; connectionId: string; connectionName: string; now: Date }): void {
    this.db.prepare("INSERT INTO assessments (id, connection_id, connection_name, status, started_at, host_pid) VALUES (?, ?, ?, 'Processing', ?, ?)").run(a.id, a.connectionId, a.connectionName, a.now.toISOString(), process.pid);
  }

  finish(id: string, status: AssessmentSummary['status'], now: Date, result: AssessmentResult | null, error?: { code: string; message: string; hint: string }): void {
    this.db.prepare('UPDATE assessments SET status = ?, ended_at = ?, result_json = ?, error_json = ? WHERE id = ?').run(status, now.toISOString(), result ? JSON.stringify(result) : null, error ? JSON.stringify(error) : null, id);
  }

  /** Assessments left Processing by a process that is gone were interrupted. */
  markInterrupted(now: Date): void {
    this.db.prepare("UPDATE assessments SET status = 'Interrupted', ended_at = ? WHERE status = 'Processing' AND (host_pid IS NULL OR host_pid <> ?)").run(now.toISOString(), process.pid);
  }

  list(): AssessmentSummary[] {
    return (this.db.prepare('SELECT * FROM assessments ORDER BY started_at DESC, rowid DESC').all() as Row[]).map(summaryOf);
  }

  connectionOf(id: string): string {
    return this.row(id).connection_id;
  }

  summary(id: string): AssessmentSummary {
    return summaryOf(this.row(id));
  }

  result(id: string): AssessmentResult {
    const row = this.row(id);
    if (!row.result_json) {
      throw new StudioError('ASSESSMENT_NOT_READY', `The assessment ${id} has no result (it is ${row.status}).`, row.status === 'Processing' ? 'Wait for it to finish.' : 'Run the assessment again.');
    }
    return JSON.parse(row.result_json) as AssessmentResult;
  }

  decisions(connectionId: string): MatchDecision[] {
    const rows = this.db.prepare('SELECT table_name, left_key, right_key, decision, decided_at, decided_by FROM match_decisions WHERE connection_id = ? ORDER BY table_name, left_key, right_key').all(connectionId) as {
      table_name: string;
      left_key: string;
      right_key: string;
      decision: 'same' | 'different';
      decided_at: string;
      decided_by: string;
    }[];
    return rows.map((r) => ({ table: r.table_name, left: r.left_key, right: r.right_key, decision: r.decision, decidedAt: r.decided_at, decidedBy: r.decided_by }));
  }

  decide(d: { connectionId: string; table: string; left: string; right: string; decision: 'same' | 'different' | null; at: Date; by: string }): void {
    // A pair is unordered: store it with the smaller key first so (a,b) and (b,a) are one decision.
    const [left, right] = d.left <= d.right ? [d.left, d.right] : [d.right, d.left];
    if (d.decision === null) {
      this.db.prepare('DELETE FROM match_decisions WHERE connection_id = ? AND table_name = ? AND left_key = ? AND right_key = ?').run(d.connectionId, d.table, left, right);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO match_decisions (connection_id, table_name, left_key, right_key, decision, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(connection_id, table_name, left_key, right_key) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
      )
      .run(d.connectionId, d.table, left, right, d.decision, d.at.toISOString(), d.by);
  }

  private row(id: string): Row {
    const row = this.db.prepare('SELECT * FROM assessments WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new StudioError('ASSESSMENT_NOT_FOUND', `There is no assessment ${id} in this project.`, 'Refresh the Assessment screen to see the assessments this project has.');
    return row;
  }
}

function summaryOf(row: Row): AssessmentSummary {
  const result = row.result_json ? (JSON.parse(row.result_json) as AssessmentResult) : null;
  const findings = { error: 0, warning: 0, info: 0 };
  for (const f of result?.findings ?? []) findings[f.severity]++;
  const summary: AssessmentSummary = {
    assessmentId: row.id,
    connectionId: row.connection_id,
    connectionName: row.connection_name,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    score: result?.readiness.score ?? null,
    complexity: result?.readiness.complexity ?? null,
    findings,
  };
  if (row.error_json) summary.error = JSON.parse(row.error_json);
  return summary;
}
