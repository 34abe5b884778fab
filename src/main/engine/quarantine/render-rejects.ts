import ExcelJS from 'exceljs';
import type { RejectRecord } from '../../../shared/api/contracts/rejects';
import { csvField, neutralizeFormula } from '../assessment/report/render-csv';

/** The fixed columns of a rejects export; the kept source columns follow, in order of first appearance. */
export const REJECTS_COLUMNS = ['entity', 'source_row', 'key', 'stage', 'codes', 'fields', 'reasons'] as const;

/** A table of rejects: the header and one line of cells per reject (numbers stay numbers). */
export interface RejectsTable {
  header: string[];
  lines: (string | number | null)[][];
}

/** Lays rejects out as a table: one line per reject, its reasons joined, its kept columns spread out. */
export function rejectsTable(rejects: Iterable<RejectRecord>): RejectsTable {
  const columns: string[] = [];
  const seen = new Set<string>();
  const kept: RejectRecord[] = [];
  for (const r of rejects) {
    kept.push(r);
    for (const c of Object.keys(r.row)) {
      if (seen.has(c)) continue;
      seen.add(c);
      columns.push(c);
    }
  }
  const lines = kept.map((r) => [
    r.entity,
    r.sourceRow,
    r.key,
    r.stage,
    [...new Set(r.reasons.map((x) => x.code))].join('; '),
    [...new Set(r.reasons.map((x) => x.field ?? ''))].filter(Boolean).join('; '),
    r.reasons.map((x) => (x.field ? `${x.field}: ${x.message}` : x.message)).join(' | '),
    ...columns.map((c) => cell(r.row[c])),
  ]);
  return { header: [...REJECTS_COLUMNS, ...columns], lines };
}

function cell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** RFC 4180 CSV with a BOM and CRLF, every text field neutralised and quoted as the assessment's CSV is. */
export function renderRejectsCsv(table: RejectsTable): string {
  const line = (cells: (string | number | null)[]) => cells.map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : csvField(v))).join(',');
  return `\uFEFF${[line(table.header), ...table.lines.map(line)].join('\r\n')}\r\n`;
}

/** One sheet "Rejects", the header bold and frozen; text cells neutralised as in the CSV. */
export async function renderRejectsXlsx(table: RejectsTable): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Rejects', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.header.map(neutralizeFormula)).font = { bold: true };
  for (const l of table.lines) sheet.addRow(l.map((v) => (typeof v === 'string' ? neutralizeFormula(v) : v)));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
