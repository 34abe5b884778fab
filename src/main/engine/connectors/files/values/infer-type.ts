import type { ColumnType } from '../../../../../shared/model/connection';

/**
 * What a text value looks like, for discovery only: values themselves stay the text that was read.
 * Integers with a leading zero (zip codes, student numbers) and those past 15 digits are text,
 * because turning them into numbers would change them.
 */
export function textKind(value: string): ColumnType {
  const v = value.trim();
  if (v === '') return 'unknown';
  if (/^-?(0|[1-9]\d{0,14})$/.test(v)) return 'integer';
  if (/^-?(0|[1-9]\d*)\.\d+$/.test(v) && v.replace(/[-.]/g, '').replace(/^0+/, '').length <= 28) return 'decimal';
  if (/^(true|false)$/i.test(v)) return 'boolean';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v)) return 'date';
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v) && isRealDate(v.slice(0, 10))) return 'datetime';
  if (/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?$/.test(v)) return 'time';
  return 'string';
}

/** The kind of any value a reader produced (JSON numbers, sheet cells, XML text…). */
export function valueKind(value: unknown): ColumnType {
  if (value === null || value === undefined) return 'unknown';
  if (typeof value === 'string') return textKind(value);
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Buffer.isBuffer(value)) return 'binary';
  if (typeof value === 'object') return 'json';
  return 'string';
}

/** Combines the kinds seen in one column: one kind wins; compatible ones widen; anything else is text. */
export function combineKinds(kinds: Iterable<ColumnType>): ColumnType {
  const seen = new Set<ColumnType>();
  for (const k of kinds) if (k !== 'unknown') seen.add(k);
  if (seen.size === 0) return 'string';
  if (seen.size === 1) return [...seen][0];
  const numeric: ColumnType[] = ['integer', 'decimal', 'number'];
  if ([...seen].every((k) => numeric.includes(k))) return seen.has('number') ? 'number' : 'decimal';
  if ([...seen].every((k) => k === 'date' || k === 'datetime')) return 'datetime';
  if (seen.has('json')) return 'json';
  return 'string';
}

/** Keeps the kinds seen per column while a sample is read. */
export class KindTally {
  private readonly kinds = new Map<string, Set<ColumnType>>();

  add(column: string, value: unknown): void {
    let set = this.kinds.get(column);
    if (!set) this.kinds.set(column, (set = new Set()));
    if (set.size < 4) set.add(valueKind(value));
  }

  typeOf(column: string): ColumnType {
    return combineKinds(this.kinds.get(column) ?? []);
  }

  /** Columns in the order first seen. */
  columns(): string[] {
    return [...this.kinds.keys()];
  }
}

function isRealDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number);
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
