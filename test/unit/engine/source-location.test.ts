import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskPassword, parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { tempDir } from '../../support/temp-dir';

describe('source locations', () => {
  it('splits the password off a connection string and masks it', () => {
    const p = parseSourceLocation('mysql://sis:s3cr%40t@127.0.0.1:3307/school');
    expect(p.kind).toBe('mysql');
    expect(p.password).toBe('s3cr@t');
    expect(p.masked).toBe('mysql://sis:****@127.0.0.1:3307/school');
    expect(p.config).toEqual({ host: '127.0.0.1', user: 'sis', database: 'school', port: 3307 });
    expect(JSON.stringify(p.config)).not.toContain('s3cr');
  });

  it('reads postgres, mssql with options, and sqlite: locations', () => {
    expect(parseSourceLocation('postgres://u@h/db').kind).toBe('postgres');
    const ms = parseSourceLocation('mssql://sa:pw@host:1433/School?instance=SQLEXPRESS&encrypt=true');
    expect(ms.kind).toBe('mssql');
    expect(ms.config.instance).toBe('SQLEXPRESS');
    expect(parseSourceLocation('sqlite:/tmp/x.db')).toMatchObject({ kind: 'sqlite', config: { file: '/tmp/x.db' } });
  });

  it('recognises files by extension and refuses unknown or missing ones clearly', () => {
    const dir = tempDir();
    try {
      const csv = join(dir.path, 'pupils.csv');
      writeFileSync(csv, 'a\n1\n');
      expect(parseSourceLocation(csv).kind).toBe('csv');
      expect(parseSourceLocation(dir.path).kind).toBe('folder');
      const odd = join(dir.path, 'data.xyz');
      writeFileSync(odd, '');
      expect(() => parseSourceLocation(odd)).toThrow(/does not know how to read/);
      expect(() => parseSourceLocation(join(dir.path, 'nope.csv'))).toThrow(/no file or folder/);
    } finally {
      dir.cleanup();
    }
  });

  it('masks only the password part', () => {
    expect(maskPassword('postgres://a:b@c:5432/d')).toBe('postgres://a:****@c:5432/d');
    expect(maskPassword('postgres://a@c/d')).toBe('postgres://a@c/d');
  });
});
