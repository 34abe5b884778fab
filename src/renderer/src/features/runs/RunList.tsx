import { History } from 'lucide-react';
import type { RunInfo } from '../../../../shared/model/run';
import { isFinished } from '../../../../shared/model/counters';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { StatusBadge } from '../../components/StatusBadge';
import { useNow } from '../../components/use-now';
import { formatCount } from '../../format/numbers';
import { formatDuration } from '../../format/time';
import { useRunsStore } from '../../stores/StudioProvider';
import { liveRunCounters } from './step-progress';

/** How long a run took, or has been going. */
export function runDuration(run: RunInfo, now: number): number | null {
  if (run.durationMs !== null) return run.durationMs;
  const started = new Date(run.startedAt).getTime();
  if (Number.isNaN(started)) return null;
  const ended = run.endedAt ? new Date(run.endedAt).getTime() : now;
  return Math.max(0, ended - started);
}

export function RunList() {
  const runs = useRunsStore((s) => s.runs);
  const loaded = useRunsStore((s) => s.loaded);
  const selectedRunId = useRunsStore((s) => s.selectedRunId);
  const progress = useRunsStore((s) => s.progress);
  const select = useRunsStore((s) => s.select);
  const now = useNow(runs.some((r) => !isFinished(r.status)) ? 1000 : 30_000);

  if (!loaded) {
    return (
      <section className="card panel-loading">
        <Spinner /> Loading runs…
      </section>
    );
  }
  if (runs.length === 0) {
    return (
      <section className="card">
        <EmptyState icon={<History size={28} />} title="No runs yet">
          <p>Start with a dry run: it says what would be created and updated, without writing anything to Academia Pro.</p>
        </EmptyState>
      </section>
    );
  }
  return (
    <section className="card run-list-card" aria-labelledby="run-list-title">
      <h2 id="run-list-title" className="card-title">
        Run history <span className="count-pill">{formatCount(runs.length)}</span>
      </h2>
      <div className="table-scroll run-list-scroll">
        <table className="data-table run-list">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Run</th>
              <th scope="col">Started</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col" className="num">
                Read
              </th>
              <th scope="col" className="num">
                Created
              </th>
              <th scope="col" className="num">
                Updated
              </th>
              <th scope="col" className="num">
                Unchanged
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col" className="num">
                Failed
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const duration = runDuration(run, now);
              const selected = run.runId === selectedRunId;
              const c = liveRunCounters(run, progress[run.runId]);
              return (
                <tr
                  key={run.runId}
                  className={`clickable${selected ? ' is-selected' : ''}${run.dryRun ? ' is-dry-run' : ''}`}
                  title={run.dryRun ? 'Dry run: the counts say what a real run would do; nothing was written to Academia Pro.' : undefined}
                  data-testid={`run-row-${run.runId}`}
                  onClick={() => void select(run.runId)}
                >
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={(e) => {
                        e.stopPropagation();
                        void select(run.runId);
                      }}
                      aria-current={selected ? 'true' : undefined}>
                      {run.label ?? (run.dryRun ? 'Dry run' : run.operation)}
                    </button>{' '}
                    {run.dryRun && <span className="tag">{run.label ? 'dry run, nothing written' : 'nothing written'}</span>}{' '}
                    <span className="mono muted">{run.runId.slice(0, 8)}</span>
                  </td>
                  <td>
                    <RelativeTime iso={run.startedAt} now={now} />
                  </td>
                  <td className="num">{duration === null ? '—' : formatDuration(duration)}</td>
                  <td className="num">{formatCount(c.read)}</td>
                  <td className="num">{formatCount(c.created)}</td>
                  <td className="num">{formatCount(c.updated)}</td>
                  <td className="num">{formatCount(c.unchanged)}</td>
                  <td className={`num${c.rejected > 0 ? ' text-warning' : ''}`}>{formatCount(c.rejected)}</td>
                  <td className={`num${c.failed > 0 ? ' text-danger' : ''}`}>{formatCount(c.failed)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
