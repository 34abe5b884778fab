import type { StreamInfo } from '../../../../shared/model/connection';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import { withCliEngine } from '../cli-engine';
import { SOURCE_PASSWORD_OPTIONS, withSource, type SecretIo } from '../source-password';
import { SOURCE_READ_OPTIONS } from '../source-options';

/** `discover <source> [--password-stdin] [reading options]`: streams with columns, keys and row estimates (docs/conventions.md shape). */
export async function discoverCommand(argv: string[], out: CliOutput, io: SecretIo = {}): Promise<number> {
  const { positionals, values } = parseCommandArgs('discover', argv, { ...SOURCE_PASSWORD_OPTIONS, ...SOURCE_READ_OPTIONS }, { min: 1, max: 1, names: 'one source (connection string or path)' });
  return withCliEngine(({ api }) =>
    withSource(api.sources, 'discover', positionals[0], values['password-stdin'], io, async ({ sourceId, masked }) => {
      const { streams } = await api.sources.discover({ sourceId });
      if (out.json) out.document({ streams: streams.map(streamDocument) });
      else {
        out.print(`${masked}: ${streams.length} stream(s)`);
        for (const s of streams) out.print(`  ${s.name.padEnd(32)} ${String(s.rowEstimate ?? '?').padStart(10)} rows  ${s.columns.length} columns${s.primaryKey.length ? `  key (${s.primaryKey.join(', ')})` : ''}`);
      }
      return EXIT.ok;
    }, values),
  );
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
  return withCliEngine(({ api }) =>
    withSource(api.sources, 'preview', positionals[0], values['password-stdin'], io, async ({ sourceId, masked }) => {
      const doc = await api.sources.preview({ sourceId, stream: positionals[1], limit, reveal });
      if (reveal) out.log(`Personal data shown unmasked (--reveal): ${doc.stream} of ${masked}.`);
      if (out.json) out.document(doc);
      else {
        out.print(doc.columns.map((c) => `${c.name}${c.secret ? ' (secret)' : ''}`).join(' | '));
        for (const r of doc.rows) out.print(doc.columns.map((c) => (c.secret ? '[secret]' : String(r[c.name] ?? ''))).join(' | '));
      }
      return EXIT.ok;
    }, values),
  );
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
