import type { EntityMapping } from '../../../../shared/model/mapping';
import { compileMapRow } from '../../mapping/map-row';
import type { PendingReject } from '../../project/quarantine-repo';

/**
 * The rejects of one entity a re-run reads again, indexed the two ways a row is found in the
 * source: by its 1-based source row number (a row the transform or validate stage rejected) and
 * by its key (a record the target refused, which the push knew only by its externalId). It also
 * records, as the re-run goes, which rejects it found and under which key, so their outcome can
 * be told once the step is done.
 */
export class RerunSelection {
  readonly bySourceRow = new Map<number, PendingReject[]>();
  readonly byKey = new Map<string, PendingReject[]>();
  /** Reject id → the externalId its row had in the re-run (after corrections). */
  readonly found = new Map<number, string | null>();
  readonly rejects: PendingReject[] = [];
  private readonly keyOf: (row: Record<string, unknown>) => string;

  constructor(
    readonly entity: string,
    mapping: EntityMapping,
    pending: Iterable<PendingReject>,
  ) {
    // The mapping's key alone (no fields, no skip rules): the externalId the map stage would give the row.
    const keyOnly = compileMapRow({ ...mapping, fields: [], skipWhen: undefined });
    this.keyOf = (row) => keyOnly(row).externalId;
    for (const p of pending) {
      this.rejects.push(p);
      if (p.sourceRow !== null) push(this.bySourceRow, p.sourceRow, p);
      else if (p.key !== null) push(this.byKey, p.key, p);
    }
  }

  get size(): number {
    return this.rejects.length;
  }

  /** The pending rejects a source row stands for (none: the re-run leaves the row alone). */
  match(sourceRow: number, row: Record<string, unknown>): PendingReject[] {
    const byRow = this.bySourceRow.get(sourceRow);
    if (!this.byKey.size) return byRow ?? [];
    const byKey = this.byKey.get(this.keyOf(row));
    if (!byKey) return byRow ?? [];
    return byRow ? [...byRow, ...byKey] : byKey;
  }

  /** The corrections that apply to a row: of the rejects it stands for, the one with its key (or the only one). */
  correctionsFor(sourceRow: number, row: Record<string, unknown>, externalId: string | null): PendingReject | null {
    const matched = this.match(sourceRow, row);
    if (matched.length <= 1) return matched[0] ?? null;
    // A fanned-out row: several rejects share a source row; the key tells them apart.
    return matched.find((p) => p.key !== null && p.key === externalId) ?? matched[0];
  }
}

function push<K>(map: Map<K, PendingReject[]>, key: K, p: PendingReject): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}
