/**
 * A crosswalk as CSV (`code,value`, one pair a line, RFC 4180 quoting) for people who keep their
 * code tables in a spreadsheet. The empty code is a real entry (what a blank becomes), so it is
 * written and read like any other.
 */

const HEADER = ['code', 'value'];

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCrosswalkCsv(table: Readonly<Record<string, string>>): string {
  const lines = [HEADER.join(','), ...Object.entries(table).map(([code, value]) => `${quote(code)},${quote(value)}`)];
  return `${lines.join('\r\n')}\r\n`;
}

/** Rows of fields; quoted fields may hold commas, quotes ("") and line breaks. */
function parseRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export class CrosswalkCsvError extends Error {}

/** `code,value` lines → a table. A header line `code,value` is skipped; a line without a value is refused with its number. */
export function parseCrosswalkCsv(text: string): Record<string, string> {
  const rows = parseRows(text.replace(/^\uFEFF/, ''));
  const table: Record<string, string> = {};
  rows.forEach((row, index) => {
    if (row.length === 1 && row[0].trim() === '') return;
    if (index === 0 && row[0].trim().toLowerCase() === HEADER[0] && (row[1] ?? '').trim().toLowerCase() === HEADER[1]) return;
    if (row.length < 2) throw new CrosswalkCsvError(`Line ${index + 1} has no value after the code (write code,value).`);
    table[row[0]] = row[1];
  });
  return table;
}
