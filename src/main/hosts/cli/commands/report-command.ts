import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import { REPORT_FORMATS, REPORT_KINDS, REPORT_PERIODS, type ReportFormat, type ReportKind, type ReportPeriod } from '../../../../shared/model/report-schedule';
import { writeOwnerOnlyFile } from '../../../../platform/owner-only';
import { createHostEngine } from '../../host-engine';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/** `report --json`, as docs/conventions.md gives it. */
export interface ReportDocument {
  file: string;
  kind: ReportKind;
  format: ReportFormat;
  bytes: number;
}

/**
 * `report <project> --kind runs|errors|syncs|sla [--period day|week|month] [--from D --to D]
 * [--format html|pdf|csv] --out FILE [--overwrite] [--json]`: one operations report of the
 * project (`runReports.render`), written owner-only to FILE, never over a file without
 * `--overwrite` (checked before the project is opened). The format is the extension's unless
 * `--format` says otherwise.
 */
export async function reportCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs(
    'report',
    argv,
    { kind: { type: 'string' }, period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, overwrite: { type: 'boolean' } },
    { min: 1, max: 1, names: 'one project path' },
  );
  const kind = oneOf('kind', values.kind, REPORT_KINDS, true) as ReportKind;
  const period = oneOf('period', values.period, REPORT_PERIODS, false) as ReportPeriod | undefined;
  if (!values.out) throw new StudioError('USAGE', 'academia-studio report: --out FILE is required (where to write the report).', 'For example: --out runs.pdf');
  const file = resolve(values.out);
  const ext = extname(file).toLowerCase().replace(/^\./, '').replace(/^htm$/, 'html');
  const format = (oneOf('format', values.format, REPORT_FORMATS, false) ?? ((REPORT_FORMATS as readonly string[]).includes(ext) ? ext : undefined)) as ReportFormat | undefined;
  if (!format) throw new StudioError('USAGE', `academia-studio report: say the format with --format html|pdf|csv, or give --out a file ending in .html, .pdf or .csv (not "${ext || 'nothing'}").`, 'For example: --out sla.pdf, or --format csv --out sla.txt');
  if (period && (values.from || values.to)) throw new StudioError('USAGE', 'academia-studio report: give either --period or --from/--to, not both.', 'For example: --period week, or --from 2026-11-01 --to 2026-11-30');
  const since = dateOption('from', values.from, 'start');
  const until = dateOption('to', values.to, 'end');
  const overwrite = values.overwrite === true;
  const existsHint = 'Add --overwrite to replace it, or choose another file with --out.';
  if (!overwrite && existsSync(file)) throw new StudioError('FILE_EXISTS', `There is already a file at ${file}; the report would replace it.`, existsHint, { where: { file } });
  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    const report = await engine.api.runReports.render({ report: kind, format, ...(period ? { period } : {}), ...(since ? { since } : {}), ...(until ? { until } : {}) });
    const bytes = report.encoding === 'base64' ? Buffer.from(report.content, 'base64') : Buffer.from(report.content, 'utf8');
    writeOwnerOnlyFile(file, bytes, { overwrite, existsHint });
    const doc: ReportDocument = { file, kind, format, bytes: bytes.length };
    if (out.json) out.document(doc);
    else out.print(`The ${kind} report (${format.toUpperCase()}, ${bytes.length.toLocaleString('en')} bytes) was written to ${file}`);
    return EXIT.ok;
  } finally {
    await engine.dispose();
  }
}

function oneOf(name: string, value: string | undefined, allowed: readonly string[], required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new StudioError('USAGE', `academia-studio report: --${name} is required (${allowed.join(', ')}).`, `For example: --${name} ${allowed[0]}`);
    return undefined;
  }
  if (!allowed.includes(value)) throw new StudioError('USAGE', `academia-studio report: --${name} must be one of ${allowed.join(', ')}, not "${value}".`, `For example: --${name} ${allowed[0]}`);
  return value;
}

/** A date (the whole day, UTC: --from its first instant, --to its last) or an ISO date-time with Z or an offset. */
function dateOption(name: string, value: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const t = Date.parse(`${value}T00:00:00Z`);
    if (!Number.isNaN(t) && new Date(t).toISOString().startsWith(value)) return new Date(edge === 'start' ? t : t + 86_400_000 - 1).toISOString();
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  throw new StudioError('USAGE', `academia-studio report: --${name} must be a date (2026-11-01) or a date-time with a zone (2026-11-01T08:00Z), not "${value}".`, `For example: --${name} 2026-11-01`);
}
