import { StudioError } from '../../../../shared/errors';
import type { StreamInfo } from '../../../../shared/model/connection';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import { previewDocument } from '../../../engine/connectors/preview-document';
import { SOURCE_PASSWORD_OPTIONS, withSourceConnector, type SecretIo } from '../source-password';
import { SOURCE_READ_OPTIONS } from '../source-options';

/** `discover <source> [--password-stdin] [reading options]`: streams with columns, keys and row estimates (docs/conventions.md shape). */
export async function discoverCommand(argv: string[], out: CliOutput, io: SecretIo = {}): Promise<number> {
  const { positionals, values } = parseCommandArgs('discover', argv, { ...SOURCE_PASSWORD_OPTIONS, ...SOURCE_READ_OPTIONS }, { min: 1, max: 1, names: 'one source (connection string or path)' });
  return withSourceConnector('discover', positionals[0], values['password-stdin'], io, async ({ parsed, connector }) => {
    const streams = await connector.discover();
    if (out.json) out.document({ streams: streams.map(streamDocument) });
    else {
      out.print(`${parsed.masked}: ${streams.length} stream(s)`);
      for (const s of streams) out.print(`  ${s.name.padEnd(32)} ${String(s.rowEstimate ?? '?').padStart(10)} rows  ${s.columns.length} columns${s.primaryKey.length ? `  key (${s.primaryKey.join(', ')})` : ''}`);
    }
    return EXIT.ok;
  }, values);
}

/**
 * `preview <source> <stream> [--limit n] [--reveal] [--password-stdin] [reading options]`: the first
 * rows. Each column says whether it is `personal` and `secret`; secret values are always null,
 * personal values are masked unless `--reveal` (which says so on standard error).
 */
export async function previewCommand(argv: string[], out: CliOutput, io: SecretIo = {}): Promise<number> {
  const { positionals, values } = parseCommandArgs('preview', argv, { limit: { type: 'string' }, reveal: { type: 'boolean' }, ...SOURCE_PASSWORD_OPTIONS, ...SOURCE_READ_OPTIONS }, { min: 2, max: 2, names: 'a source and a stream name' });
  const limit = intOption('preview', 'limit', values.limit, 1, 10_000) ?? 100;
  const reveal = Boolean(values.reveal);
  return withSourceConnector('preview', positionals[0], values['password-stdin'], io, async ({ parsed, connector }) => {
    const streams = await connector.discover();
    const info = streams.find((s) => s.name === positionals[1]);
    if (!info) {
      throw new StudioError('STREAM_NOT_FOUND', `${parsed.masked} has no stream "${positionals[1]}".`, `Streams there: ${streams.slice(0, 20).map((s) => s.name).join(', ')}${streams.length > 20 ? ', …' : ''}.`);
    }
    const rows = await connector.sample(info.name, limit);
    const doc = previewDocument(connector, info.name, info.columns, rows, reveal);
    if (reveal) out.log(`Personal data shown unmasked (--reveal): ${info.name} of ${parsed.masked}.`);
    if (out.json) out.document(doc);
    else {
      out.print(doc.columns.map((c) => `${c.name}${c.secret ? ' (secret)' : ''}`).join(' | '));
      for (const r of doc.rows) out.print(doc.columns.map((c) => (c.secret ? '[secret]' : String(r[c.name] ?? ''))).join(' | '));
    }
    return EXIT.ok;
  }, values);
}

function streamDocument(s: StreamInfo) {
  return {
    name: s.name,
    columns: s.columns.map((c) => ({ name: c.name, type: c.type, nativeType: c.nativeType, nullable: c.nullable, ...(c.secret ? { secret: true } : {}) })),
    primaryKey: s.primaryKey,
    foreignKeys: s.foreignKeys,
    rowEstimate: s.rowEstimate,
  };
}
