import { PLANTED_DEFINITIONS, type PlantedDefinition } from './planted-problems';

/** One planted problem and exactly how many rows have it. */
export interface PlantedProblem {
  code: string;
  table: string;
  /** null when the problem spans rows rather than one column (duplicate people). */
  column: string | null;
  /** Rows affected (pairs for DUPLICATE_PERSON). */
  count: number;
  /** The exact rule, in words (docs/demo-school.md says the same). */
  description: string;
  /** The first few affected rows' keys, in table order. */
  exampleKeys: string[];
}

/** What the generator wrote: table sizes and every planted problem with its exact count. */
export interface DemoManifest {
  seed: number;
  pupils: number;
  tables: { name: string; rows: number }[];
  schoolCode: string;
  planted: PlantedProblem[];
}

const MAX_EXAMPLES = 5;

/**
 * Counts planted problems while rows stream past, so a million-pupil school never has to be held
 * in memory to know its manifest. Entries are addressed by their index in PLANTED_DEFINITIONS.
 */
export class PlantedTally {
  private readonly counts = new Array<number>(PLANTED_DEFINITIONS.length).fill(0);
  private readonly examples: string[][] = PLANTED_DEFINITIONS.map(() => []);

  /** The index of a definition; throws at start-up for a typo, never mid-run. */
  static indexOf(code: string, table: string, column: string | null): number {
    const i = PLANTED_DEFINITIONS.findIndex((d) => d.code === code && d.table === table && d.column === column);
    if (i < 0) throw new Error(`No planted problem ${code} on ${table}.${column ?? '*'}`);
    return i;
  }

  /** Applies a definition's rule to a value written to its column. */
  check(index: number, value: string | null, key: string): void {
    if ((PLANTED_DEFINITIONS[index].test as NonNullable<PlantedDefinition['test']>)(value)) this.add(index, 1, key);
  }

  /** Counts rows known to have a problem (duplicates, orphans, repeated references). */
  add(index: number, rows: number, key: string): void {
    this.counts[index] += rows;
    if (this.examples[index].length < MAX_EXAMPLES) this.examples[index].push(key);
  }

  toPlanted(): PlantedProblem[] {
    return PLANTED_DEFINITIONS.map((d, i) => ({ code: d.code, table: d.table, column: d.column, count: this.counts[i], description: d.description, exampleKeys: [...this.examples[i]] }));
  }
}
