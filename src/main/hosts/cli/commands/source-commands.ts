import { StudioError } from '../../../../shared/errors';
import type { StreamInfo } from '../../../../shared/model/connection';
import { openConnector } from '../../../engine/connectors/open-connector';
import { parseSourceLocation } from '../../../engine/connectors/source-location';
import { commandLineSourceGuard } from './command-line-source';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/** `discover <source>`: streams with columns, keys and row estimates (CONVENTIONS shape). */
export async function discoverCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals } = parseCommandArgs('discover', argv, {}, { min: 1, max: 1, names: 'one source (connection string or path)' });
  const guard = commandLineSourceGuard(positionals[0]);
  const parsed = parseSourceLocation(positionals[0]);
  const connector = openConnector(parsed.kind, parsed.config, parsed.password, guard);
  try {
    const streams = await connector.discover();
    if (out.json) out.document({ streams: streams.map(streamDocument) });
    else {
      out.print(`${parsed.masked}: ${streams.length} stream(s)`);
      for (const s of streams) out.print(`  ${s.name.padEnd(32)} ${String(s.rowEstimate ?? '?').padStart(10)} rows  ${s.columns.length} columns${s.primaryKey.length ? `  key (${s.primaryKey.join(', ')})` : ''}`);
    }
    return EXIT.ok;
  } finally {
    await connector.close();
  }
}

/** `preview <source> <stream>`: the first rows, values as read. */
export async function previewCommand(argv: string[], out: CliOutput): Promise<number> {
  const { positionals, values } = parseCommandArgs('preview', argv, { limit: { type: 'string' } }, { min: 2, max: 2, names: 'a source and a stream name' });
  const limit = intOption('preview', 'limit', values.limit, 1, 10_000) ?? 100;
  const guard = commandLineSourceGuard(positionals[0]);
  const parsed = parseSourceLocation(positionals[0]);
  const connector = openConnector(parsed.kind, parsed.config, parsed.password, guard);
  try {
    const streams = await connector.discover();
    const info = streams.find((s) => s.name === positionals[1]);
    if (!info) {
      throw new StudioError('STREAM_NOT_FOUND', `${parsed.masked} has no stream "${positionals[1]}".`, `Streams there: ${streams.slice(0, 20).map((s) => s.name).join(', ')}${streams.length > 20 ? ', …' : ''}.`);
    }
    const rows = await connector.sample(info.name, limit);
    const doc = { stream: info.name, columns: info.columns.map((c) => ({ name: c.name, type: c.type })), rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('base64') : v]))) };
    if (out.json) out.document(doc);
    else {
      out.print(doc.columns.map((c) => c.name).join(' | '));
      for (const r of doc.rows) out.print(doc.columns.map((c) => String(r[c.name] ?? '')).join(' | '));
    }
    return EXIT.ok;
  } finally {
    await connector.close();
  }
}

function streamDocument(s: StreamInfo) {
  return {
    name: s.name,
    columns: s.columns.map((c) => ({ name: c.name, type: c.type, nativeType: c.nativeType, nullable: c.nullable })),
    primaryKey: s.primaryKey,
    foreignKeys: s.foreignKeys,
    rowEstimate: s.rowEstimate,
  };
}
