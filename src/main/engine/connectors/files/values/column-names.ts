/**
 * Turns a header row into unique column names, predictably: a blank name becomes `column_<n>`
 * (n = its 1-based position), and a repeated name gets `_2`, `_3`… in order of appearance,
 * skipping any suffix that another column already uses.
 */
export function uniqueColumnNames(header: readonly unknown[]): string[] {
  const base = header.map((value, i) => {
    const text = value === null || value === undefined ? '' : String(value).trim();
    return text === '' ? `column_${i + 1}` : text;
  });
  const taken = new Set(base);
  const seen = new Map<string, number>();
  return base.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    if (count === 1) return name;
    let suffix = count;
    while (taken.has(`${name}_${suffix}`)) suffix++;
    const unique = `${name}_${suffix}`;
    taken.add(unique);
    seen.set(name, suffix);
    return unique;
  });
}

/** Names for a file without a header row: `column_1`, `column_2`… */
export function positionalColumnNames(width: number): string[] {
  return Array.from({ length: width }, (_, i) => `column_${i + 1}`);
}
