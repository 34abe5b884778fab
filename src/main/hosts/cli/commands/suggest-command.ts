import { StudioError } from '../../../../shared/errors';
import type { EntitySuggestion } from '../../../../shared/model/suggestion';
import { TARGET_API_VERSIONS, type TargetApiVersion } from '../../../../academia-api/contract';
import { parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';
import { withCliEngine } from '../cli-engine';
import { SOURCE_PASSWORD_OPTIONS, withSource, type SecretIo } from '../source-password';

/**
 * `suggest <source> [--api-version v1|v2] [--password-stdin] [--json]`: which Academia Pro
 * entity each stream probably becomes and which column probably feeds each field, with a
 * confidence and the reasons (docs/conventions.md `suggest --json`). Reads a sample of each
 * stream; writes nothing anywhere.
 */
export async function suggestCommand(argv: string[], out: CliOutput, io: SecretIo = {}): Promise<number> {
  const { positionals, values } = parseCommandArgs('suggest', argv, { 'api-version': { type: 'string' }, ...SOURCE_PASSWORD_OPTIONS }, { min: 1, max: 1, names: 'one source (connection string or path)' });
  const version = (values['api-version'] ?? 'v1') as TargetApiVersion;
  if (!TARGET_API_VERSIONS.includes(version)) {
    throw new StudioError('USAGE', `academia-studio suggest: --api-version must be one of ${TARGET_API_VERSIONS.join(', ')}, not "${version}".`, 'For example: --api-version v1');
  }
  return withCliEngine(({ api }) =>
    withSource(api.sources, 'suggest', positionals[0], values['password-stdin'], io, async ({ sourceId, masked }) => {
      const result = await api.sources.suggest({ sourceId, apiVersion: version });
      out.log(`suggest: sampling ${result.streams} stream(s) of ${masked}`);
      for (const u of result.unreadable) out.log(`suggest: ${u.stream} could not be read (${u.reason}); judged by its names only`);
      if (out.json) out.document({ entities: result.entities.map(entityDocument) });
      else printTable(out, masked, result.entities);
      return EXIT.ok;
    }),
  );
}

function entityDocument(e: EntitySuggestion) {
  return {
    entity: e.entity,
    table: e.table,
    confidence: e.confidence,
    reasons: e.reasons,
    streams: e.streams,
    keyColumns: e.keyColumns,
    ...(e.filter ? { filter: e.filter } : {}),
    ...(e.joins?.length ? { joins: e.joins } : {}),
    fields: e.fields.map((f) => ({ field: f.field, column: f.column, confidence: f.confidence, reasons: f.reasons, required: f.required, candidates: f.candidates })),
  };
}

function printTable(out: CliOutput, source: string, entities: EntitySuggestion[]): void {
  if (!entities.length) {
    out.print(`${source}: no stream looks like an Academia Pro entity.`);
    return;
  }
  out.print(`${source}: suggestions for ${entities.length} entit${entities.length === 1 ? 'y' : 'ies'} (nothing is applied; confidence 0–1)`);
  for (const e of entities) {
    const filter = e.filter ? (e.filter.values ? `  rows where ${e.filter.column} is ${e.filter.values.join(' or ')}` : `  rows in ${e.filter.inStream}.${e.filter.inColumn}`) : '';
    out.print('');
    out.print(`${e.entity} ← ${e.table} (${e.confidence.toFixed(2)})${e.keyColumns.length ? `  key ${e.keyColumns.join(', ')}` : ''}${filter}`);
    for (const f of e.fields) {
      if (!f.column && !f.required) continue;
      const field = `${f.field}${f.required ? '*' : ''}`;
      out.print(`  ${field.padEnd(24)} ${(f.column ?? '—').padEnd(24)} ${f.column ? f.confidence.toFixed(2) : '    '}  ${f.reasons.join('; ')}`);
    }
  }
  out.print('');
  out.print('* required by Academia Pro');
}
