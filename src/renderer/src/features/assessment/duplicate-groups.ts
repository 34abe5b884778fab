import type { DuplicateCandidate } from '../../../../shared/model/assessment';

/** Pairs chained by shared records: reviewed together, since confirming one pair affects the others. */
export interface DuplicateCluster {
  cluster: string;
  pairs: DuplicateCandidate[];
}

/** `STAFF:S004`, naming the row's table when the pair spans two tables. */
export function rowLabel(pair: DuplicateCandidate, side: 'left' | 'right'): string {
  const table = side === 'left' ? pair.leftTable : pair.rightTable;
  const key = side === 'left' ? pair.left : pair.right;
  return pair.leftTable !== undefined && pair.rightTable !== undefined && pair.leftTable !== pair.rightTable ? `${table}:${key}` : key;
}

/** Groups pairs by cluster in the order the engine listed them (a pair without one is its own). */
export function groupByCluster(pairs: DuplicateCandidate[]): DuplicateCluster[] {
  const groups = new Map<string, DuplicateCandidate[]>();
  for (const pair of pairs) {
    const cluster = pair.cluster ?? `${pair.table}:${pair.left}`;
    const group = groups.get(cluster);
    if (group) group.push(pair);
    else groups.set(cluster, [pair]);
  }
  return [...groups].map(([cluster, grouped]) => ({ cluster, pairs: grouped }));
}

/** Counts for the queue's summary line. */
export function decisionCounts(pairs: DuplicateCandidate[]): { same: number; different: number; open: number } {
  let same = 0;
  let different = 0;
  for (const p of pairs) {
    if (p.decision === 'same') same++;
    else if (p.decision === 'different') different++;
  }
  return { same, different, open: pairs.length - same - different };
}
