import type { ResultColumn } from './query-engine';
import { COLLATION, hasTableName, userTypeOf, writeTypeInfo, writeValue, type SqlValue } from './sql-types';
import { ByteWriter } from './tds-bytes';

/** Token stream encoders (MS-TDS 2.2.7): what a SQL Server sends back inside TABULAR_RESULT. */
export const TOKEN = {
  COLMETADATA: 0x81,
  ROW: 0xd1,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
  ENVCHANGE: 0xe3,
  ERROR: 0xaa,
  INFO: 0xab,
  LOGINACK: 0xad,
  RETURNSTATUS: 0x79,
} as const;

export const DONE_STATUS = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, ATTN: 0x20 } as const;
/** CurCmd values SQL Server puts in DONE tokens. */
export const CURCMD = { SELECT: 0xc1, EXECUTE: 0xe0, SET: 0xb9 } as const;

export function envChangeText(w: ByteWriter, type: 1 | 2 | 4, newValue: string, oldValue: string): void {
  w.u8(TOKEN.ENVCHANGE);
  const end = w.lengthU16();
  w.u8(type).bVarchar(newValue).bVarchar(oldValue);
  end();
}

export function envChangeCollation(w: ByteWriter): void {
  w.u8(TOKEN.ENVCHANGE);
  const end = w.lengthU16();
  w.u8(7).u8(COLLATION.length).bytes(COLLATION).u8(0);
  end();
}

/** ERROR or INFO token (MS-TDS 2.2.7.10 / 2.2.7.13). */
export function message(w: ByteWriter, kind: 'error' | 'info', m: { number: number; state: number; severity: number; text: string; server: string; proc?: string; line?: number }): void {
  w.u8(kind === 'error' ? TOKEN.ERROR : TOKEN.INFO);
  const end = w.lengthU16();
  w.i32(m.number).u8(m.state).u8(m.severity).usVarchar(m.text).bVarchar(m.server).bVarchar(m.proc ?? '').i32(m.line ?? 1);
  end();
}

/** LOGINACK for TDS 7.4 with the SQL Server version the test server claims. */
export function loginAck(w: ByteWriter, version: [number, number, number]): void {
  w.u8(TOKEN.LOGINACK);
  const end = w.lengthU16();
  w.u8(1).u32be(0x74000004).bVarchar('Microsoft SQL Server').u8(version[0]).u8(version[1]).u8(version[2] >> 8).u8(version[2] & 0xff);
  end();
}

export function done(w: ByteWriter, token: 'done' | 'doneProc' | 'doneInProc', status: number, curCmd: number, rowCount = 0n): void {
  w.u8(token === 'done' ? TOKEN.DONE : token === 'doneProc' ? TOKEN.DONEPROC : TOKEN.DONEINPROC).u16(status).u16(curCmd).u64(rowCount);
}

export function returnStatus(w: ByteWriter, value: number): void {
  w.u8(TOKEN.RETURNSTATUS).i32(value);
}

export function colMetadata(w: ByteWriter, columns: ResultColumn[], tableName: string[]): void {
  w.u8(TOKEN.COLMETADATA).u16(columns.length);
  for (const c of columns) {
    w.u32(userTypeOf(c.type)).u16(c.nullable ? 0x0001 : 0x0000);
    writeTypeInfo(w, c.type);
    if (hasTableName(c.type)) {
      w.u8(tableName.length);
      for (const part of tableName) w.usVarchar(part);
    }
    w.bVarchar(c.name);
  }
}

export function row(w: ByteWriter, columns: ResultColumn[], values: SqlValue[]): void {
  w.u8(TOKEN.ROW);
  for (let i = 0; i < columns.length; i++) writeValue(w, columns[i].type, values[i]);
}
