import type { KeyValueSet } from './key-set';
import { showKey, tupleText } from '../../values/key-text';

const MAX_EXAMPLES = 5;

/** A reference being checked against its parent's key values while the child table streams past. */
export class ReferenceCheck {
  /** Child rows with a (non-blank) reference value. */
  referencing = 0;
  /** Of those, rows whose value is not among the parent's key values. */
  orphans = 0;
  /** First orphan rows in table order: the child row's key and the value that matched nothing. */
  readonly examples: { rowKey: string; value: string }[] = [];
  private readonly distinct = new Set<string>();

  constructor(
    readonly fromColumns: string[],
    readonly parentTable: string,
    readonly parentColumns: string[],
    readonly parentKeys: KeyValueSet,
  ) {}

  add(row: Record<string, unknown>, rowKey: () => string): void {
    const value = tupleText(this.fromColumns.map((c) => row[c]));
    if (value === null) return;
    this.referencing++;
    if (this.distinct.size < 2) this.distinct.add(value);
    if (this.parentKeys.has(value)) return;
    this.orphans++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ rowKey: rowKey(), value: showKey(value) });
  }

  /** Share of referencing rows whose value is found in the parent (1 when none reference). */
  get containment(): number {
    return this.referencing === 0 ? 1 : (this.referencing - this.orphans) / this.referencing;
  }

  /** More than one distinct value referenced (a constant column proves little). */
  get varied(): boolean {
    return this.distinct.size > 1;
  }

  /** Orphan counts are exact when the parent's key set is. */
  get exact(): boolean {
    return this.parentKeys.exact;
  }
}
