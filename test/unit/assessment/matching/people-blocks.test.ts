import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBirthDate } from '../../../../src/main/engine/assessment/matching/birth-dates';
import { codePointCompare } from '../../../../src/main/engine/assessment/matching/code-point-order';
import { normalizeName } from '../../../../src/main/engine/assessment/matching/normalize-name';
import { PeopleBlocks } from '../../../../src/main/engine/assessment/matching/people-blocks';
import type { PersonRecord } from '../../../../src/main/engine/assessment/matching/person-records';

const person = (key: string, first: string, last: string, dob: string, email?: string): PersonRecord => ({
  table: 0,
  key,
  first: normalizeName(first),
  last: normalizeName(last),
  firstShown: first,
  lastShown: last,
  repaired: false,
  birth: readBirthDate(dob),
  sex: null,
  emails: email ? [email] : [],
  phones: [],
  updated: null,
  filled: 3,
  others: new Uint32Array(0),
});

// Names that share blocks in several ways, one with a character above U+FFFF (order by code point).
const PEOPLE = [
  person('1', 'William', 'Kaur', '2015-05-30', 'a@x.org'),
  person('2', 'Kaur', 'William', '2015-05-30'),
  person('3', 'Wiliam', 'Kaur', '2015-06-01', 'a@x.org'),
  person('4', 'Ana', 'Smith', '03/04/2012'),
  person('5', 'Anna', 'Smyth', '2012-04-03'),
  person('6', '𝒜lice', 'Smith', '2012-01-01'),
  person('7', 'Ｊosé', 'García', '2012-04-03'),
  person('8', 'Jose', 'Garcia', ''),
  person('9', 'Solo', 'Nobody', '1999-09-09'),
];

function walk(limit: number): { entries: [string, string][]; spilled: boolean } {
  const blocks = new PeopleBlocks(limit);
  try {
    for (const p of PEOPLE) blocks.add({ ...p });
    return { entries: [...blocks.entries()].map(([k, p]) => [k, p.key]), spilled: blocks.spilled };
  } finally {
    blocks.close();
  }
}

describe('codePointCompare', () => {
  it('orders by code point, as SQLite orders UTF-8 text, where JavaScript\'s < does not', () => {
    const astral = '\u{1D49C}'; // 𝒜, above U+FFFF (two UTF-16 surrogates)
    const fullwidth = '\uFF5A'; // ｚ, in U+E000–U+FFFF
    expect(astral < fullwidth).toBe(true);
    expect(codePointCompare(astral, fullwidth)).toBeGreaterThan(0);
    expect(['b', 'a', 'ab', ''].sort(codePointCompare)).toEqual(['', 'a', 'ab', 'b']);
    expect(codePointCompare('same', 'same')).toBe(0);
  });
});

describe('PeopleBlocks', () => {
  it('hands out the same blocks in the same order from memory and from the spill file', () => {
    const memory = walk(1000);
    const disk = walk(2);
    expect(memory.spilled).toBe(false);
    expect(disk.spilled).toBe(true);
    expect(disk.entries).toEqual(memory.entries);
    // Blocks of one person are left out; every block handed out has at least two people.
    const sizes = new Map<string, number>();
    for (const [k] of memory.entries) sizes.set(k, (sizes.get(k) ?? 0) + 1);
    expect([...sizes.values()].every((n) => n >= 2)).toBe(true);
    expect(memory.entries.map(([, key]) => key)).not.toContain('9');
    // Keys come in code-point order, as SQLite's BINARY collation sorts them.
    const keys = [...sizes.keys()];
    expect(keys).toEqual([...keys].sort(codePointCompare));
  });

  it('takes back everyone added after a mark (a table that failed half-way), in memory and on disk', () => {
    for (const limit of [1000, 2]) {
      const blocks = new PeopleBlocks(limit);
      try {
        for (const p of PEOPLE.slice(0, 5)) blocks.add({ ...p });
        const mark = blocks.size;
        for (const p of PEOPLE.slice(5)) blocks.add({ ...p });
        blocks.rollback(mark);
        expect(blocks.size).toBe(5);
        expect(new Set([...blocks.entries()].map(([, p]) => p.key))).toEqual(new Set(['1', '2', '3', '4', '5']));
      } finally {
        blocks.close();
      }
    }
  });

  it('spills to an owner-only file in its own private folder, removed on close', () => {
    const blocks = new PeopleBlocks(1);
    let file: string | null = null;
    try {
      for (const p of PEOPLE) blocks.add({ ...p });
      file = blocks.spillFile;
      expect(file).not.toBeNull();
      if (process.platform !== 'win32') {
        expect(statSync(file!).mode & 0o777).toBe(0o600);
        expect(statSync(dirname(file!)).mode & 0o777).toBe(0o700);
      }
    } finally {
      blocks.close();
    }
    expect(existsSync(dirname(file!))).toBe(false);
  });
});
