import { StudioError } from '../../../shared/errors';
import type { SourceReadOptions } from '../../../shared/api/contracts/sources';
import type { ConnectionKind } from '../../../shared/model/connection';
import { intOption } from './args';

/**
 * How a file source is read, steered from the command line (the same keys as a connection's
 * config, see connectors/files/file-config.ts): `--encoding`, `--delimiter`, `--quote`,
 * `--header-row`, `--skip-rows` and `--record-path`. Spread into parseCommandArgs.
 */
export const SOURCE_READ_OPTIONS = {
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  quote: { type: 'string' },
  'header-row': { type: 'string' },
  'skip-rows': { type: 'string' },
  'record-path': { type: 'string' },
} as const;

type ReadFlags = Partial<Record<keyof typeof SOURCE_READ_OPTIONS, string | undefined>>;

const FILE_KINDS = new Set(['csv', 'excel', 'json', 'xml', 'folder', 'zip', 'dbf']);

/**
 * The config overrides the flags stand for, or an empty object. `--skip-rows N` skips N rows
 * before the header (the header is row N+1); given with `--header-row` the two must agree.
 * A flag on a source that is not a file is a usage error, not silently ignored.
 */
export function sourceReadOverrides(command: string, parsed: { kind: ConnectionKind }, flags: ReadFlags): SourceReadOptions {
  const out: SourceReadOptions = {};
  if (flags.encoding !== undefined) out.encoding = flags.encoding;
  if (flags.delimiter !== undefined) out.delimiter = flags.delimiter;
  if (flags.quote !== undefined) out.quote = flags.quote;
  if (flags['record-path'] !== undefined) out.recordPath = flags['record-path'];
  const headerRow = intOption(command, 'header-row', flags['header-row'], 1, 1_000_000);
  const skipRows = intOption(command, 'skip-rows', flags['skip-rows'], 0, 1_000_000);
  if (headerRow !== undefined && skipRows !== undefined && headerRow !== skipRows + 1) {
    throw new StudioError('USAGE', `academia-studio ${command}: --skip-rows ${skipRows} puts the header on row ${skipRows + 1}, but --header-row says ${headerRow}.`, 'Give one of the two: --header-row N (the row holding the column names) or --skip-rows N (rows before it).');
  }
  if (headerRow !== undefined) out.headerRow = headerRow;
  else if (skipRows !== undefined) out.headerRow = skipRows + 1;
  const given = Object.keys(out);
  if (given.length && !FILE_KINDS.has(parsed.kind)) {
    throw new StudioError('USAGE', `academia-studio ${command}: --encoding, --delimiter, --quote, --header-row, --skip-rows and --record-path apply to files, not to a ${parsed.kind} source.`, 'Leave them out for this source.');
  }
  if (parsed.kind === 'dbf' && given.some((k) => k !== 'encoding')) {
    throw new StudioError('USAGE', `academia-studio ${command}: a dBase file takes --encoding only.`, 'Leave the other reading options out for this source.');
  }
  return out;
}
