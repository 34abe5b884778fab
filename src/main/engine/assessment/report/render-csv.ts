import type { AssessmentResult } from '../../../../shared/model/assessment';
import { findingTitle } from '../findings/finding-codes';

/** Options of the findings CSV. */
export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark so Excel reads accented, Hebrew and Arabic text correctly (default true). */
  bom?: boolean;
}

export const FINDINGS_CSV_COLUMNS = ['severity', 'code', 'title', 'table', 'column', 'count', 'message', 'fix_kind', 'fix_description', 'fix_transforms', 'examples'] as const;

/**
 * The findings as RFC 4180 CSV: a header row, CRLF line ends, fields holding a comma, quote, CR
 * or LF (or spaces at either end) in double quotes with inner quotes doubled. Text that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading
 * apostrophe; transforms and examples are JSON.
 */
export function renderFindingsCsv(result: AssessmentResult, opts: CsvOptions = {}): string {
  const lines = [FINDINGS_CSV_COLUMNS.join(',')];
  for (const f of result.findings) {
    lines.push(
      [
        text(f.severity),
        text(f.code),
        text(findingTitle(f.code)),
        text(f.table),
        text(f.column ?? ''),
        String(f.count),
        text(f.message),
        text(f.fix?.kind ?? ''),
        text(f.fix?.description ?? ''),
        text(f.fix?.transforms ? JSON.stringify(f.fix.transforms) : ''),
        text(f.examples.length ? JSON.stringify(f.examples) : ''),
      ].join(','),
    );
  }
  return `${opts.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

/** One text field, neutralised against formula injection and quoted when it must be. */
export function csvField(value: string): string {
  return text(value);
}

/**
 * Text a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) with a leading
 * apostrophe; anything else as it is. Shared with every export a spreadsheet may open (xlsx too).
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function text(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
