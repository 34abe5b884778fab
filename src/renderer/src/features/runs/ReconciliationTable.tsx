import { CircleCheck, TriangleAlert } from 'lucide-react';
import type { RunStatus } from '../../../../shared/model/counters';
import type { ReconciliationLine } from '../../../../shared/model/run';
import { formatCount } from '../../format/numbers';

/**
 * Proof that everything arrived: for each entity, the rows in the source, staged, rejected,
 * pushed and found in Academia Pro. A mismatch is a row that is not accounted for.
 * Only a completed run can prove that: a run that failed, was cancelled or interrupted
 * reconciled at most the entities it finished, so it never gets the green "accounted for".
 */
export function ReconciliationTable({ lines, dryRun, status = 'Completed' }: { lines: ReconciliationLine[]; dryRun: boolean; status?: RunStatus }) {
  if (lines.length === 0) {
    return (
      <section className="reconciliation" aria-labelledby="reconciliation-title">
        <h3 id="reconciliation-title">Reconciliation</h3>
        <p className="muted">This run stopped before there was anything to reconcile.</p>
      </section>
    );
  }
  const withMismatches = lines.filter((l) => l.mismatches !== 0);
  const totals = lines.reduce(
    (t, l) => ({
      source: t.source + l.source,
      staged: t.staged + l.staged,
      rejected: t.rejected + l.rejected,
      pushed: t.pushed + l.pushed,
      target: t.target + l.target,
      mismatches: t.mismatches + l.mismatches,
    }),
    { source: 0, staged: 0, rejected: 0, pushed: 0, target: 0, mismatches: 0 },
  );

  return (
    <section className="reconciliation" aria-labelledby="reconciliation-title">
      <h3 id="reconciliation-title">Reconciliation</h3>
      {status !== 'Completed' ? (
        <p className="status-bad" role="note" data-testid="reconciliation-incomplete">
          <TriangleAlert aria-hidden="true" size={16} /> This {dryRun ? 'dry run' : 'run'} {status === 'Failed' ? 'failed' : status === 'Cancelled' ? 'was cancelled' : 'was interrupted'} before it
          finished: the table covers only the {formatCount(lines.length)} {lines.length === 1 ? 'entity' : 'entities'} reconciled before it stopped and proves nothing
          about the rest. See the run log for why it stopped.
        </p>
      ) : withMismatches.length === 0 ? (
        <p className="status-ok">
          <CircleCheck aria-hidden="true" size={16} /> Every source row is accounted for in {formatCount(lines.length)}{' '}
          {lines.length === 1 ? 'entity' : 'entities'}
          {dryRun ? ' (dry run: pushed and target show what a real run would reach).' : '.'}
        </p>
      ) : (
        <p className="status-bad" role="note">
          <TriangleAlert aria-hidden="true" size={16} /> {formatCount(withMismatches.length)} {withMismatches.length === 1 ? 'entity has' : 'entities have'}{' '}
          rows that are not accounted for: {withMismatches.map((l) => l.entity).join(', ')}. Check the rejected rows and the run log.
        </p>
      )}
      <div className="table-scroll">
        <table className="data-table" data-testid="reconciliation" aria-labelledby="reconciliation-title">
          <thead>
            <tr>
              <th scope="col">Entity</th>
              <th scope="col" className="num">
                Source
              </th>
              <th scope="col" className="num">
                Staged
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col" className="num">
                Pushed
              </th>
              <th scope="col" className="num">
                Target
              </th>
              <th scope="col" className="num">
                Mismatches
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const mismatch = line.mismatches !== 0;
              return (
                <tr key={line.entity} className={mismatch ? 'is-mismatch' : undefined} data-testid={`reconciliation-${line.entity}`}>
                  <th scope="row" className="mono">
                    {line.entity}
                  </th>
                  <td className="num">{formatCount(line.source)}</td>
                  <td className="num">{formatCount(line.staged)}</td>
                  <td className={`num${line.rejected > 0 ? ' text-warning' : ''}`}>{formatCount(line.rejected)}</td>
                  <td className="num">{formatCount(line.pushed)}</td>
                  <td className="num">{formatCount(line.target)}</td>
                  <td className={`num${mismatch ? ' mismatch-cell' : ''}`}>
                    {mismatch && <TriangleAlert aria-hidden="true" size={14} />}
                    {formatCount(line.mismatches)}
                    {mismatch && <span className="visually-hidden"> (mismatch)</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num">{formatCount(totals.source)}</td>
              <td className="num">{formatCount(totals.staged)}</td>
              <td className="num">{formatCount(totals.rejected)}</td>
              <td className="num">{formatCount(totals.pushed)}</td>
              <td className="num">{formatCount(totals.target)}</td>
              <td className={`num${totals.mismatches !== 0 ? ' mismatch-cell' : ''}`}>{formatCount(totals.mismatches)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
