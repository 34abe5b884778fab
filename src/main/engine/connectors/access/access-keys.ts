import iconv from 'iconv-lite';
import type { ForeignKeyInfo } from '../../../../shared/model/connection';
import { type AccessFormat, readJetPage } from './access-format';

/**
 * Primary keys of Access tables. mdb-reader does not expose indexes, so the logical index list
 * of the table definition is read here (layout: mdbtools HACKING, "Table Definition"): the
 * index whose type is 0x01 is the primary key; its real index names the columns by number.
 *
 * Only files whose pages can be read without a password are parsed (unencrypted, or Jet RC4
 * encoded); for Office-encrypted files the answer is "unknown" (null) and the caller falls back
 * to file order. Any inconsistency in the bytes also gives null: a missing key is an
 * inconvenience, a wrong one would corrupt ordered reads.
 */
export function readPrimaryKey(file: Buffer, format: AccessFormat, definitionPage: number): string[] | null {
  if (format.encryption !== 'none' && format.encryption !== 'jet-rc4') return null;
  try {
    const def = readDefinition(file, format, definitionPage);
    return def ? parsePrimaryKey(def, format.version === 0) : null;
  } catch {
    return null;
  }
}

interface DefinitionLayout {
  columnCount: number;
  logicalIndexCount: number;
  realIndexCount: number;
  realIndexStart: number;
  realIndexEntry: number;
  columnEntry: number;
  columnNumber: number;
  nameLength: 1 | 2;
  realIndexDefinition: number;
  realIndexLead: number;
  logicalIndexDefinition: number;
  logicalIndexLead: number;
}

const JET3: DefinitionLayout = {
  columnCount: 25,
  logicalIndexCount: 27,
  realIndexCount: 31,
  realIndexStart: 43,
  realIndexEntry: 8,
  columnEntry: 18,
  columnNumber: 1,
  nameLength: 1,
  realIndexDefinition: 39,
  realIndexLead: 0,
  logicalIndexDefinition: 20,
  logicalIndexLead: 0,
};

const JET4: DefinitionLayout = {
  columnCount: 45,
  logicalIndexCount: 47,
  realIndexCount: 51,
  realIndexStart: 63,
  realIndexEntry: 12,
  columnEntry: 25,
  columnNumber: 5,
  nameLength: 2,
  realIndexDefinition: 52,
  realIndexLead: 4,
  logicalIndexDefinition: 28,
  logicalIndexLead: 4,
};

const PRIMARY_KEY_INDEX = 0x01;
const MAX_DEFINITION_PAGES = 64;

function readDefinition(file: Buffer, format: AccessFormat, firstPage: number): Buffer | null {
  const parts: Buffer[] = [];
  let page = firstPage;
  while (page > 0 && parts.length < MAX_DEFINITION_PAGES) {
    const buf = readJetPage(file, format, page);
    if (!buf || buf[0] !== 0x02) return null;
    parts.push(parts.length === 0 ? buf : buf.subarray(8));
    page = buf.readUInt32LE(4);
  }
  return parts.length ? Buffer.concat(parts) : null;
}

function parsePrimaryKey(def: Buffer, jet3: boolean): string[] | null {
  const L = jet3 ? JET3 : JET4;
  const columnCount = def.readUInt16LE(L.columnCount);
  const logicalCount = def.readInt32LE(L.logicalIndexCount);
  const realCount = def.readInt32LE(L.realIndexCount);
  if (logicalCount < 0 || realCount < 0 || logicalCount > 1000 || realCount > 1000) return null;

  let pos = L.realIndexStart + realCount * L.realIndexEntry;
  const numbers: number[] = [];
  for (let i = 0; i < columnCount; i++) {
    numbers.push(def.readUInt16LE(pos + L.columnNumber));
    pos += L.columnEntry;
  }
  const byNumber = new Map<number, string>();
  for (let i = 0; i < columnCount; i++) {
    const len = L.nameLength === 1 ? def.readUInt8(pos) : def.readUInt16LE(pos);
    pos += L.nameLength;
    byNumber.set(numbers[i], decodeName(def.subarray(pos, pos + len), jet3));
    pos += len;
  }

  const realIndexes: string[][] = [];
  for (let i = 0; i < realCount; i++) {
    const base = pos + L.realIndexLead;
    const columns: string[] = [];
    for (let c = 0; c < 10; c++) {
      const number = def.readUInt16LE(base + c * 3);
      if (number === 0xffff) continue;
      const name = byNumber.get(number);
      if (name === undefined) return null;
      columns.push(name);
    }
    realIndexes.push(columns);
    pos += L.realIndexDefinition;
  }

  for (let i = 0; i < logicalCount; i++) {
    const base = pos + L.logicalIndexLead;
    const realIndex = def.readInt32LE(base + 4);
    const type = def.readUInt8(base + 19);
    if (type === PRIMARY_KEY_INDEX) {
      const columns = realIndexes[realIndex];
      return columns && columns.length ? columns : null;
    }
    pos += L.logicalIndexDefinition;
  }
  return [];
}

/** Jet 4 names are UCS-2, optionally in Access's "compressed unicode"; Jet 3 names are ANSI. */
function decodeName(bytes: Buffer, jet3: boolean): string {
  if (jet3) return iconv.decode(bytes, 'cp1252');
  if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== 0xfe) return bytes.toString('utf16le');
  let out = '';
  let compressed = true;
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] === 0) {
      compressed = !compressed;
      i++;
    } else if (compressed) {
      out += String.fromCharCode(bytes[i++]);
    } else if (i + 1 < bytes.length) {
      out += String.fromCharCode(bytes.readUInt16LE(i));
      i += 2;
    } else {
      break;
    }
  }
  return out;
}

/** One row of MSysRelationships, Access's own list of declared relationships. */
export interface RelationshipRow {
  szRelationship?: unknown;
  szObject?: unknown;
  szColumn?: unknown;
  szReferencedObject?: unknown;
  szReferencedColumn?: unknown;
  icolumn?: unknown;
}

/**
 * Groups MSysRelationships rows into foreign keys per child table ("szObject" holds the
 * foreign key, "szReferencedObject" the table it points at), keeping only relationships
 * between the given user tables and the column order Access recorded ("icolumn").
 */
export function relationshipsByTable(rows: readonly RelationshipRow[], tables: ReadonlySet<string>): Map<string, ForeignKeyInfo[]> {
  const groups = new Map<string, { child: string; parent: string; pairs: { at: number; column: string; ref: string }[] }>();
  for (const row of rows) {
    const name = String(row.szRelationship ?? '');
    const child = String(row.szObject ?? '');
    const parent = String(row.szReferencedObject ?? '');
    if (!tables.has(child) || !tables.has(parent)) continue;
    const key = `${name}\u0000${child}\u0000${parent}`;
    const group = groups.get(key) ?? { child, parent, pairs: [] };
    group.pairs.push({ at: Number(row.icolumn ?? 0), column: String(row.szColumn ?? ''), ref: String(row.szReferencedColumn ?? '') });
    groups.set(key, group);
  }
  const byTable = new Map<string, ForeignKeyInfo[]>();
  for (const g of groups.values()) {
    g.pairs.sort((a, b) => a.at - b.at);
    const list = byTable.get(g.child) ?? [];
    list.push({ columns: g.pairs.map((p) => p.column), refStream: g.parent, refColumns: g.pairs.map((p) => p.ref), declared: true });
    byTable.set(g.child, list);
  }
  return byTable;
}
