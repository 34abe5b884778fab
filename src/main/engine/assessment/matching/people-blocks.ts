import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, type SqliteDatabase } from '../../../../platform/open-sqlite';
import { blockingKeys } from './blocking';
import { codePointCompare } from './code-point-order';
import type { PersonRecord } from './person-records';

/** A person as a block hands them out: their number among everyone read, and their blocking keys sorted. */
export interface BlockedPerson extends PersonRecord {
  id: number;
  /** `blockingKeys`, in code-point order (the order blocks are visited in). */
  keys: string[];
}

/**
 * People kept in memory before the matcher spills to disk. A person is estimated (not measured)
 * at about 0.5 KB in memory with their block entries (names and dates are shared strings), so the
 * default aims to keep the matcher's own memory near 50 MB; a school with more pupils is matched from a temporary
 * file, block by block, and memory stays flat however many there are.
 */
export const DEFAULT_PEOPLE_IN_MEMORY = 100_000;
const SPILL_BATCH = 5_000;
const NO_DETAIL = new Uint32Array(0);

/**
 * Everyone to be matched, filed under their blocking keys, in memory up to `limit` people and in
 * a temporary SQLite file beyond (created owner-only in the OS temp folder, deleted on `close`).
 * `entries` streams (block key, person) in block order — by key in code-point order, and inside a
 * block by first birth reading, surname, first name, then reading order — leaving out blocks of
 * one person, so a caller holds one block at a time (and of a block too large to compare in full,
 * only a sliding window). No per-pair or per-person string keys are built for the walk.
 */
export class PeopleBlocks {
  private records: BlockedPerson[] = [];
  private entryKeys: string[] = [];
  private entryIds: number[] = [];
  private count = 0;
  private spill: Spill | null = null;

  constructor(private readonly limit = DEFAULT_PEOPLE_IN_MEMORY) {}

  /** How many people were added. */
  get size(): number {
    return this.count;
  }

  /** True once the people no longer fit the memory budget and went to disk. */
  get spilled(): boolean {
    return this.spill !== null;
  }

  /** The temporary file people were spilled to (null in memory, and after `close`). */
  get spillFile(): string | null {
    return this.spill?.file ?? null;
  }

  add(p: PersonRecord): void {
    const person = p as BlockedPerson;
    person.id = this.count++;
    person.keys = blockingKeys(p).sort(codePointCompare);
    if (this.spill) {
      this.spill.add(person);
      return;
    }
    this.records.push(person);
    for (const k of person.keys) {
      this.entryKeys.push(k);
      this.entryIds.push(person.id);
    }
    if (this.records.length > this.limit) {
      this.spill = new Spill();
      for (const r of this.records) this.spill.add(r);
      this.records = [];
      this.entryKeys = [];
      this.entryIds = [];
    }
  }

  /** Forgets everyone added since `size` was `mark` (a table that failed half-way). */
  rollback(mark: number): void {
    if (mark >= this.count) return;
    this.count = mark;
    if (this.spill) {
      this.spill.rollback(mark);
      return;
    }
    this.records.length = mark;
    let end = this.entryIds.length;
    while (end > 0 && this.entryIds[end - 1] >= mark) end--;
    this.entryIds.length = end;
    this.entryKeys.length = end;
  }

  *entries(): Generator<[string, BlockedPerson]> {
    if (this.spill) {
      yield* this.spill.entries();
      return;
    }
    const records = this.records;
    const blocks = new Map<string, number[]>();
    for (let i = 0; i < this.entryKeys.length; i++) {
      const members = blocks.get(this.entryKeys[i]);
      if (members) members.push(this.entryIds[i]);
      else blocks.set(this.entryKeys[i], [this.entryIds[i]]);
    }
    const keys: string[] = [];
    for (const [key, members] of blocks) if (members.length > 1) keys.push(key);
    keys.sort(codePointCompare);
    for (const key of keys) {
      const members = blocks.get(key)!.map((id) => records[id]);
      members.sort(inBlockOrder);
      for (const m of members) yield [key, m];
    }
  }

  close(): void {
    this.spill?.close();
    this.spill = null;
    this.records = [];
    this.entryKeys = [];
    this.entryIds = [];
  }
}

/** Inside a block: first birth reading, surname, first name (the sorted neighbourhood), then reading order. */
function inBlockOrder(a: BlockedPerson, b: BlockedPerson): number {
  return (a.birth.readings[0] ?? 0) - (b.birth.readings[0] ?? 0) || codePointCompare(a.last, b.last) || codePointCompare(a.first, b.first) || a.id - b.id;
}

/**
 * The on-disk half: `person` holds each record once (as JSON, with the columns blocks are
 * sorted by), `entry` one row per blocking key. SQLite's sorter orders the entries (spilling to
 * its own temporary files, so memory stays bounded) and they are read back in one pass.
 */
class Spill {
  private readonly dir: string;
  readonly file: string;
  private readonly db: SqliteDatabase;
  private people: unknown[][] = [];
  private blocks: unknown[][] = [];

  constructor() {
    // mkdtemp creates the folder 0700, and openSqlite the file 0600: names of pupils never leave the account.
    this.dir = mkdtempSync(join(tmpdir(), 'apstudio-matching-'));
    this.file = join(this.dir, 'people.sqlite');
    this.db = openSqlite(this.file);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('temp_store = FILE');
    this.db.pragma('cache_size = -16000');
    this.db.exec('CREATE TABLE person (id INTEGER PRIMARY KEY, b0 INTEGER NOT NULL, last TEXT NOT NULL, first TEXT NOT NULL, rec TEXT NOT NULL); CREATE TABLE entry (block TEXT NOT NULL, id INTEGER NOT NULL);');
  }

  add(p: BlockedPerson): void {
    this.people.push([p.id, p.birth.readings[0] ?? 0, p.last, p.first, encode(p)]);
    for (const k of p.keys) this.blocks.push([k, p.id]);
    if (this.people.length >= SPILL_BATCH) this.flush();
  }

  private flush(): void {
    if (!this.people.length) return;
    const person = this.db.prepare('INSERT INTO person (id, b0, last, first, rec) VALUES (?, ?, ?, ?, ?)');
    const entry = this.db.prepare('INSERT INTO entry (block, id) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const row of this.people) person.run(row);
      for (const row of this.blocks) entry.run(row);
    })();
    this.people = [];
    this.blocks = [];
  }

  rollback(mark: number): void {
    this.flush();
    this.db.prepare('DELETE FROM person WHERE id >= ?').run(mark);
    this.db.prepare('DELETE FROM entry WHERE id >= ?').run(mark);
  }

  *entries(): Generator<[string, BlockedPerson]> {
    this.flush();
    const rows = this.db
      .prepare(
        `SELECT e.block, p.rec FROM entry e JOIN person p ON p.id = e.id
         WHERE e.block IN (SELECT block FROM entry GROUP BY block HAVING count(*) > 1)
         ORDER BY e.block, p.b0, p.last, p.first, e.id`,
      )
      .raw()
      .iterate() as IterableIterator<[string, string]>;
    for (const [block, rec] of rows) yield [block, decode(rec)];
  }

  close(): void {
    try {
      this.db.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

function encode(p: BlockedPerson): string {
  return JSON.stringify([p.id, p.table, p.key, p.first, p.last, p.firstShown, p.lastShown, p.repaired ? 1 : 0, p.birth.readings, p.birth.text, p.sex, p.emails, p.phones, p.filled, Array.from(p.others), p.keys, p.part ?? 0]);
}

function decode(text: string): BlockedPerson {
  const [id, table, key, first, last, firstShown, lastShown, repaired, readings, birthText, sex, emails, phones, filled, others, keys, part] = JSON.parse(text) as [
    number, number, string, string, string, string, string, 0 | 1, number[], string, 'F' | 'M' | null, string[], string[], number, number[], string[], number,
  ];
  const p: PersonRecord = { table, key, first, last, firstShown, lastShown, repaired: repaired === 1, birth: { readings, text: birthText }, sex, emails, phones, updated: null, filled, others: others.length ? Uint32Array.from(others) : NO_DETAIL };
  if (part) p.part = part;
  return Object.assign(p, { id, keys });
}
