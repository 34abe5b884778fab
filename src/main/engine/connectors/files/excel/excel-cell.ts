/**
 * Turns an exceljs cell value into what the studio passes on, keeping what the user sees in Excel:
 * text cells stay text (leading zeros included); numbers stay numbers (an .xlsx stores them as
 * IEEE doubles, so a JS number is exact to the file), except a number formatted as text (`@`) or
 * with a zero-padding format (`00000`, zip codes), which becomes the text Excel shows; dates become
 * 'YYYY-MM-DD', date-times 'YYYY-MM-DDTHH:mm:ss[.fff]' and times 'HH:mm:ss' read from the serial
 * number's wall-clock value (exceljs builds a UTC Date from it; no time zone is applied); formulas
 * give their cached result; rich text and hyperlinks give their text; error cells (#N/A…) are null.
 */
export function cellValue(value: unknown, numFmt: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return numberValue(value, numFmt);
  if (value instanceof Date) return dateValue(value, numFmt);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      const result = v.result;
      if (typeof result === 'number' && isDateFormat(numFmt)) return dateValue(serialToDate(result), numFmt);
      if (result !== null && typeof result === 'object' && 'error' in (result as object)) return null;
      return cellValue(result, numFmt);
    }
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('hyperlink' in v || 'text' in v) return cellValue(v.text, numFmt);
    if ('error' in v) return null;
  }
  return String(value);
}

/** What kind of cell it was, for the column's native type. */
export function cellKind(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (value instanceof Date) return 'date';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) return 'formula';
  if ('error' in v) return 'error';
  return 'text';
}

function numberValue(n: number, numFmt: string | undefined): unknown {
  if (numFmt === '@') return String(n);
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(n) && n >= 0) return String(n).padStart(numFmt.length, '0');
  return n;
}

function dateValue(d: Date, numFmt: string | undefined): string {
  let ms = d.getTime();
  // Serial numbers are fractions of a day: snap the float noise (…59.999) to the whole second.
  const rem = ((ms % 1000) + 1000) % 1000;
  if (rem <= 1 || rem >= 999) ms = Math.round(ms / 1000) * 1000;
  const iso = new Date(ms).toISOString(); // the serial's wall-clock value, read as UTC: no zone applied
  const time = iso.endsWith('.000Z') ? iso.slice(11, 19) : iso.slice(11, 23);
  if (iso.startsWith('1899-12-30') && isTimeOnlyFormat(numFmt)) return time;
  if (time === '00:00:00') return iso.slice(0, 10);
  return `${iso.slice(0, 10)}T${time}`;
}

function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400000));
}

function stripLiterals(fmt: string): string {
  return fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
}

export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhs]/i.test(stripLiterals(fmt));
}

const timeOnly = new Map<string, boolean>();

function isTimeOnlyFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  let known = timeOnly.get(fmt);
  if (known === undefined) {
    const f = stripLiterals(fmt).toLowerCase();
    known = /[hs]/.test(f) && !/[yd]/.test(f);
    timeOnly.set(fmt, known);
  }
  return known;
}
