/** A value as the example grid shows it: null and objects made visible. */
function exampleText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The offending rows a finding kept as examples (the drill-down to the rows), shown as the engine
 * masked them: personal data is never un-masked here. Spaces are kept visible (a value's leading
 * space may be the very problem).
 */
export function ExampleRows({ examples }: { examples: Record<string, unknown>[] }) {
  if (examples.length === 0) return <p className="muted">No example rows were kept for this finding.</p>;
  const columns: string[] = [];
  for (const row of examples) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return (
    <div className="table-scroll example-rows-scroll">
      <table className="data-table example-rows" data-testid="finding-examples">
        <caption className="example-rows-caption">Example rows · personal data masked</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" dir="auto">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {examples.map((row, index) => (
            <tr key={index}>
              {columns.map((c) => {
                const value = row[c];
                const isNull = value === null || value === undefined;
                return (
                  <td key={c} className={isNull ? 'is-null' : undefined} dir="auto">
                    {isNull ? 'NULL' : <span className="example-value">{exampleText(value)}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
