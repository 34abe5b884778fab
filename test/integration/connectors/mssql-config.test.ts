import { describe, expect, it } from 'vitest';
import { parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { mssqlPoolConfig, readMssqlSettings } from '../../../src/main/engine/connectors/mssql/mssql-config';
import { quoteMssqlIdent, splitStreamName } from '../../../src/main/engine/connectors/mssql/mssql-types';

// How a SQL Server connection string becomes the driver's settings. Named instances (SQL
// Browser) and TLS cannot be exercised by the TDS test server, so their settings are checked
// here: what the connector hands to mssql/tedious.
const fromUrl = (url: string) => {
  const parsed = parseSourceLocation(url);
  expect(parsed.kind).toBe('mssql');
  return readMssqlSettings(parsed.config, parsed.password);
};

describe('SQL Server connection settings', () => {
  it('encrypts and checks certificates by default, on port 1433', () => {
    const s = fromUrl('mssql://sis:p%40ss@db.school.local/School');
    expect(s).toMatchObject({ host: 'db.school.local', port: 1433, instance: null, database: 'School', user: 'sis', password: 'p@ss', authentication: 'sql', encrypt: true, trustServerCertificate: false, allowLegacyTls: false });
    const pool = mssqlPoolConfig(s, () => undefined);
    expect(pool.options).toMatchObject({ encrypt: true, trustServerCertificate: false, useUTC: true });
    expect(pool.options.cryptoCredentialsDetails).toBeUndefined();
    expect(pool.validateConnection).toBe('socket');
  });

  it('takes a named instance from ?instance= or host\\instance and lets SQL Browser find the port', () => {
    const s = fromUrl('mssql://sis:pw@db.school.local:1433/School?instance=SQLEXPRESS');
    expect(s).toMatchObject({ instance: 'SQLEXPRESS', port: null });
    expect(mssqlPoolConfig(s, () => undefined)).toMatchObject({ port: undefined, options: { instanceName: 'SQLEXPRESS' } });
    expect(readMssqlSettings({ host: 'OLDSERVER\\SIS2008', user: 'sa', database: 'Sis' }, 'x')).toMatchObject({ host: 'OLDSERVER', instance: 'SIS2008', port: null });
  });

  it('makes the old TLS versions of SQL Server 2008 R2 an explicit choice', () => {
    const s = fromUrl('mssql://sis:pw@old-sis/School?allowLegacyTls=true&trustServerCertificate=true');
    expect(s).toMatchObject({ allowLegacyTls: true, trustServerCertificate: true, encrypt: true });
    expect(mssqlPoolConfig(s, () => undefined).options.cryptoCredentialsDetails).toEqual({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
  });

  it('uses Windows-domain (NTLM) authentication when a domain is given', () => {
    const s = fromUrl('mssql://jdoe:pw@sis-db/School?domain=SCHOOL');
    expect(s).toMatchObject({ authentication: 'ntlm', domain: 'SCHOOL', user: 'jdoe' });
    expect(mssqlPoolConfig(s, () => undefined)).toMatchObject({ domain: 'SCHOOL', user: 'jdoe' });
    const sql = fromUrl('mssql://jdoe:pw@sis-db/School?domain=SCHOOL&authentication=sql');
    expect(mssqlPoolConfig(sql, () => undefined).domain).toBeUndefined();
  });

  it('reads timeouts in milliseconds and refuses nonsense', () => {
    expect(fromUrl('mssql://u:p@h/d?connectTimeout=2000&requestTimeout=60000&cancelTimeout=1000')).toMatchObject({ connectTimeoutMs: 2000, requestTimeoutMs: 60000, cancelTimeoutMs: 1000 });
    expect(() => fromUrl('mssql://u:p@h/d?requestTimeout=soon')).toThrow(/milliseconds/);
    expect(() => fromUrl('mssql://u:p@h:0/d')).toThrow(/not a TCP port/);
    expect(() => fromUrl('mssql://u:p@h/d?authentication=kerberos')).toThrow(/authentication/);
  });
});

describe('SQL Server identifiers', () => {
  it('brackets names and doubles a closing bracket, so no name can end the quote', () => {
    expect(quoteMssqlIdent('Person')).toBe('[Person]');
    expect(quoteMssqlIdent('a]b; DROP TABLE x--')).toBe('[a]]b; DROP TABLE x--]');
    expect(quoteMssqlIdent("O'Brien [x]")).toBe("[O'Brien [x]]]");
  });

  it('splits schema.table at the first dot', () => {
    expect(splitStreamName('dbo.Person')).toEqual({ schema: 'dbo', table: 'Person' });
    expect(splitStreamName('dbo.v1.2 grades')).toEqual({ schema: 'dbo', table: 'v1.2 grades' });
    expect(splitStreamName('Person')).toBeNull();
    expect(splitStreamName('.Person')).toBeNull();
  });
});
