import type { StreamInfo } from '../../../shared/model/connection';
import { classifySecretColumn, hashFormatOf, secretByName } from '../security/secret-columns';
import type { ReadOptions, Row, SourceConnector } from './connector';

const GUARD = Symbol('secret-guard');

interface GuardState {
  /** stream → secret column → why. */
  secret: Map<string, Map<string, string>>;
}

/**
 * Wraps a connector so the values of secret columns (security/secret-columns.ts) never leave it:
 * they read as null. Names decide at discovery (columns tagged `secret: true`); values decide on
 * the first rows a sample or a read sees (before any of them is handed on); and any single value
 * in a self-describing hash format (bcrypt, argon2, pbkdf2…) reads as null in whatever column it
 * is. Every reader of a source (discovery, previews, the assessment, runs, the CLI) goes through
 * `openConnector`, which applies this guard, so there is one place that decides.
 */
export function guardSecrets(inner: SourceConnector): SourceConnector {
  const state: GuardState = { secret: new Map() };
  const columnsOf = (stream: string) => {
    let m = state.secret.get(stream);
    if (!m) state.secret.set(stream, (m = new Map()));
    return m;
  };
  const decide = (stream: string, rows: readonly Row[]) => {
    const known = columnsOf(stream);
    const names = new Set<string>();
    for (const r of rows.slice(0, 200)) for (const k of Object.keys(r)) names.add(k);
    for (const name of names) {
      if (known.has(name)) continue;
      const verdict = classifySecretColumn(name, rows.slice(0, 200).map((r) => r[name]));
      if (verdict.secret) known.set(name, verdict.reason ?? 'secret');
    }
    return known;
  };
  const scrub = (rows: Row[], secret: Map<string, string>): Row[] => {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      let copy: Row | null = null;
      for (const k in row) {
        const v = row[k];
        if (v === null || v === undefined) continue;
        if (secret.has(k) || (typeof v === 'string' && v.length >= 10 && (v.charCodeAt(0) === 36 || v.charCodeAt(0) === 112 || v.charCodeAt(0) === 115) && hashFormatOf(v))) {
          copy ??= { ...row };
          copy[k] = null;
        }
      }
      if (copy) rows[i] = copy;
    }
    return rows;
  };

  const guarded: Partial<SourceConnector> & { [GUARD]: GuardState } = {
    [GUARD]: state,
    async discover(): Promise<StreamInfo[]> {
      const streams = await inner.discover();
      return streams.map((s) => {
        const known = columnsOf(s.name);
        for (const c of s.columns) {
          const why = secretByName(c.name);
          if (why && !known.has(c.name)) known.set(c.name, why);
        }
        return known.size ? { ...s, columns: s.columns.map((c) => (known.has(c.name) ? { ...c, secret: true } : c)) } : s;
      });
    },
    async sample(stream: string, n: number): Promise<Row[]> {
      const rows = await inner.sample(stream, n);
      return scrub(rows, decide(stream, rows));
    },
    read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
      return {
        async *[Symbol.asyncIterator]() {
          let secret: Map<string, string> | null = null;
          for await (const batch of inner.read(stream, options)) {
            secret ??= decide(stream, batch);
            yield scrub(batch, secret);
          }
        },
      };
    },
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop in guarded) return (guarded as Record<PropertyKey, unknown>)[prop];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The columns of a stream the guard has found secret so far (by name at discovery, by values on
 * the first rows read), with why. Empty for a connector that is not guarded.
 */
export function secretColumnsOf(connector: SourceConnector, stream: string): Map<string, string> {
  const state = (connector as unknown as { [GUARD]?: GuardState })[GUARD];
  return new Map(state?.secret.get(stream) ?? []);
}
