/**
 * RFC 4180 text as the OneRoster CSV binding uses it: comma-separated, fields with a comma, quote
 * or line break quoted, quotes doubled, CRLF line ends. Parsing keeps each record's first line so
 * findings can name it (a quoted field may span lines), and tolerates LF-only files and a BOM.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file on which the record starts. */
  line: number;
}

export interface CsvParse {
  records: CsvRecord[];
  /** A quote left open at the end of the file: the line it opened on. */
  unterminatedAt: number | null;
}

export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let field = '';
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  let any = false;
  const endRecord = () => {
    fields.push(field);
    records.push({ fields, line: start });
    fields = [];
    field = '';
    any = false;
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (!any) {
      start = line;
      any = true;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      i++;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) return { records: any ? [...records, { fields: [...fields, field], line: start }] : records, unterminatedAt: quoteLine };
  if (any) endRecord();
  return { records, unterminatedAt: null };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A header and rows as CSV text, CRLF after every record (the last one too). */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const out = [header.map(quote).join(',')];
  for (const row of rows) out.push(row.map(quote).join(','));
  return `${out.join('\r\n')}\r\n`;
}
