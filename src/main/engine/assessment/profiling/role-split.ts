import type { Row, SourceConnector } from '../../connectors/connector';
import { keyText } from '../../values/key-text';
import { throwIfAborted } from '../relationships/table-keys';
import type { ValueExample } from './column-accumulator';

/**
 * One table read as several entities: the roles of a people table shared by students, staff and
 * parents (told apart by a role column, or by membership: students are the rows an enrolment
 * table points at), or the rows each of several mappings of one stream keeps. What the target
 * requires is required of a role, so empties are counted per role.
 */
export interface RoleDefinition {
  entity: string;
  /** How the role's rows are told apart, in words ("role is student"). */
  label: string;
  rows: RowSelector;
}

/** Which rows belong to a role. */
export type RowSelector =
  /** Every row (an entity that reads the whole table). */
  | { kind: 'all' }
  /** Rows whose column holds one of these values (compared trimmed, case-insensitively). */
  | { kind: 'values'; column: string; values: readonly string[] }
  /** Rows whose `column` is among the values of `inStream.inColumn` (membership). */
  | { kind: 'members'; column: string; inStream: string; inColumn: string }
  /** Rows a test keeps (a mapping's filters), reading these columns. */
  | { kind: 'test'; columns: readonly string[]; test: (row: Row) => boolean };

/** Empty values of one column among one role's rows. */
export interface RoleEmpties {
  count: number;
  examples: ValueExample[];
}

export interface RoleCount {
  entity: string;
  label: string;
  /** Rows of the role. */
  rows: number;
  /** Per column, its empty values (null, '' or spaces only) among the role's rows. */
  empty: Map<string, RoleEmpties>;
}

export interface RoleSplit {
  table: string;
  roles: RoleCount[];
  /** The roles a row belongs to, as bits (role i → 1 << i; 0: none): people are matched within a role. */
  partOf(row: Row): number;
  /** The columns `partOf` reads. */
  columns: string[];
}

const MAX_EXAMPLES = 5;
/** A role is one bit of a row's part, so a table has at most this many. */
const MAX_ROLES = 30;

/**
 * Reads `table` once and counts, per role, its rows and the empty values of each column. A
 * membership role reads its list's column first (the distinct keys are held in memory).
 */
export async function splitByRole(
  connector: SourceConnector,
  table: string,
  keyColumns: readonly string[],
  roles: readonly RoleDefinition[],
  opts: { batchSize: number; signal?: AbortSignal },
): Promise<RoleSplit> {
  const defs = roles.slice(0, MAX_ROLES);
  const tests: ((row: Row) => boolean)[] = [];
  const columns = new Set<string>();
  for (const d of defs) {
    const s = d.rows;
    if (s.kind === 'all') tests.push(() => true);
    else if (s.kind === 'values') {
      const values = new Set(s.values.map((v) => v.trim().toLowerCase()));
      tests.push((row) => values.has(text(row[s.column])));
      columns.add(s.column);
    } else if (s.kind === 'members') {
      const members = await memberKeys(connector, s.inStream, s.inColumn, opts);
      tests.push((row) => {
        const k = keyText(row[s.column]);
        return k !== null && members.has(k);
      });
      columns.add(s.column);
    } else {
      tests.push(s.test);
      for (const c of s.columns) columns.add(c);
    }
  }
  const partOf = (row: Row) => {
    let part = 0;
    for (let i = 0; i < tests.length; i++) if (tests[i](row)) part |= 1 << i;
    return part;
  };

  const counts: RoleCount[] = defs.map((d) => ({ entity: d.entity, label: d.label, rows: 0, empty: new Map() }));
  const single = keyColumns.length === 1 ? keyColumns[0] : null;
  let rowNumber = 0;
  for await (const batch of connector.read(table, { batchSize: opts.batchSize, signal: opts.signal })) {
    throwIfAborted(opts.signal);
    for (const row of batch) {
      rowNumber++;
      const part = partOf(row);
      if (part === 0) continue;
      // The row as examples name it, as the profile does: its key, or its number.
      const key = single !== null ? row[single] : keyColumns.length > 1 ? keyColumns.map((k) => String(row[k] ?? '')).join('|') : rowNumber;
      for (let i = 0; i < counts.length; i++) {
        if (!(part & (1 << i))) continue;
        const role = counts[i];
        role.rows++;
        for (const column in row) {
          const value = row[column];
          if (!isEmpty(value)) continue;
          let e = role.empty.get(column);
          if (!e) role.empty.set(column, (e = { count: 0, examples: [] }));
          e.count++;
          if (e.examples.length < MAX_EXAMPLES) e.examples.push({ key, value });
        }
      }
    }
  }
  return { table, roles: counts, partOf, columns: [...columns] };
}

/** Empty as the profile counts it: no value, '' or spaces only. */
function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim().toLowerCase();
}

async function memberKeys(connector: SourceConnector, stream: string, column: string, opts: { batchSize: number; signal?: AbortSignal }): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const batch of connector.read(stream, { batchSize: opts.batchSize, columns: [column], signal: opts.signal })) {
    throwIfAborted(opts.signal);
    for (const row of batch) {
      const k = keyText(row[column]);
      if (k !== null) keys.add(k);
    }
  }
  return keys;
}
