import type { ColumnInfo, ColumnType, Preview } from '../../../shared/model/connection';
import { maskKindFor, maskValue } from '../values/mask';
import { columnHints } from '../values/column-hints';
import type { Row, SourceConnector } from './connector';
import { secretColumnsOf } from './secret-guard';

/**
 * The one shape of a preview (CLI `preview --json`, the studio's grid): each column says whether
 * it holds personal data and whether it holds secrets. A secret column's values are always null
 * (the connector's secret guard never hands them out); personal values are masked the way the
 * assessment masks examples unless `reveal` is set (which the caller audits).
 */
export function previewDocument(connector: SourceConnector, stream: string, columns: readonly ColumnInfo[] | null, rows: readonly Row[], reveal: boolean): Preview {
  const secret = secretColumnsOf(connector, stream);
  const list: { name: string; type: ColumnType; nativeType?: string }[] = columns ? columns.map((c) => ({ name: c.name, type: c.type })) : Object.keys(rows[0] ?? {}).map((name) => ({ name, type: 'unknown' as const }));
  const described = list.map((c) => {
    const isSecret = secret.has(c.name) || Boolean(columns?.find((x) => x.name === c.name)?.secret);
    const mask = maskKindFor('unknown', columnHints(c.name), c.name);
    return { name: c.name, type: c.type, personal: !isSecret && mask !== 'none', secret: isSecret, mask };
  });
  return {
    stream,
    columns: described.map(({ name, type, personal, secret: s }) => ({ name, type, personal, secret: s })),
    rows: rows.map((r) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) {
        const c = described.find((x) => x.name === k);
        if (c?.secret || secret.has(k)) out[k] = null;
        else {
          const value = Buffer.isBuffer(v) ? v.toString('base64') : v;
          out[k] = c && c.personal && !reveal ? maskValue(value, c.mask) : value;
        }
      }
      return out;
    }),
  };
}
