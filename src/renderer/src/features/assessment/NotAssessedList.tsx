import type { AssessmentResult } from '../../../../shared/model/assessment';

/** What the assessment could not read, and why: the rest was assessed all the same. */
export function NotAssessedList({ items }: { items: AssessmentResult['notAssessed'] }) {
  return (
    <div className="stack stack-tight">
      <p className="muted">These parts of the source could not be assessed; the score covers the rest. Fix the cause and assess again.</p>
      <div className="table-scroll">
        <table className="data-table" data-testid="not-assessed">
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col">Column</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <tr key={index}>
                <td className="mono" dir="auto">
                  {item.table}
                </td>
                <td className="mono" dir="auto">
                  {item.column ?? <span className="muted">whole table</span>}
                </td>
                <td dir="auto">{item.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
