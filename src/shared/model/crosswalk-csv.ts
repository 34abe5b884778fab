/**
 * A crosswalk as a two-column CSV file (code, value), so a school can edit it in a spreadsheet
 * and bring it back: RFC 4180 quoting, a header row `code,value` optional on import, a UTF-8 BOM
 * and CRLF accepted. Pure, so the renderer and the CLI share it.
 */

/** The table as CSV text, header first, codes in the table's order. */
export function crosswalkToCsv(table: Readonly<Record<string, string>>): string {
  const lines = ['code,value', ...Object.entries(table).map(([code, value]) => `${cell(code)},${cell(value)}`)];
  return `${lines.join('\r\n')}\r\n`;
}

/** One problem with an imported file, at its line (from 1). */
export interface CrosswalkCsvProblem {
  line: number;
  message: string;
}

/** The table a CSV text holds, or the problems that stop it being read (each with its line). */
export function crosswalkFromCsv(text: string, maxCodes = 100_000): { ok: true; table: Record<string, string> } | { ok: false; problems: CrosswalkCsvProblem[] } {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  if ('problem' in rows) return { ok: false, problems: [rows.problem] };
  const table: Record<string, string> = {};
  const seen = new Map<string, number>();
  const problems: CrosswalkCsvProblem[] = [];
  rows.rows.forEach(({ line, cells }, i) => {
    if (cells.length === 1 && cells[0] === '') return; // a blank line
    if (i === 0 && cells.length === 2 && cells[0].trim().toLowerCase() === 'code' && cells[1].trim().toLowerCase() === 'value') return;
    if (cells.length !== 2) {
      problems.push({ line, message: `Line ${line} has ${cells.length} column(s); a crosswalk line is a code and a value.` });
      return;
    }
    const [code, value] = cells;
    const key = code.trim().toLowerCase();
    if (seen.has(key)) {
      problems.push({ line, message: `The code "${code}" on line ${line} is already on line ${seen.get(key)} (codes match in any case and spacing).` });
      return;
    }
    seen.set(key, line);
    // A code is data: `__proto__` must become a key like any other, not the table's prototype.
    Object.defineProperty(table, code, { value, enumerable: true, writable: true, configurable: true });
  });
  if (seen.size > maxCodes) problems.push({ line: 1, message: `The file holds ${seen.size} codes; a crosswalk holds at most ${maxCodes}.` });
  return problems.length ? { ok: false, problems } : { ok: true, table };
}

function cell(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** RFC 4180 rows with the line each starts on; an unclosed quote is a problem at its line. */
function parseCsv(text: string): { rows: { line: number; cells: string[] }[] } | { problem: CrosswalkCsvProblem } {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      cells.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(field);
      rows.push({ line: rowLine, cells });
      cells = [];
      field = '';
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted) return { problem: { line: quoteLine, message: `A quote opened on line ${quoteLine} is never closed.` } };
  if (field !== '' || cells.length) {
    cells.push(field);
    rows.push({ line: rowLine, cells });
  }
  return { rows };
}
