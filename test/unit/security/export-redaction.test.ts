import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/platform/open-sqlite';
import { describeSecretsForExport, REDACTED, redactForExport } from '../../../src/main/engine/security/export-redaction';
import { applySecurityMigration } from './security-helpers';

describe('redactForExport', () => {
  it('redacts values under secret-like keys and masks secrets inside text, without touching the input', () => {
    const template = {
      name: 'SIS nightly',
      source: { location: 'mssql://sa:Winter2025!@sql01:1433/sis', password: 'Winter2025!', hasSecret: true },
      target: { clientId: 'studio', clientSecret: 'cs_9f8e7d', apiKey: 12345, token: null, privateKey: Buffer.from('pem') },
      headers: [{ Authorization: 'Bearer abcdefgh12345678' }, { note: 'pwd=letmein99;' }],
      passphrase: '',
      createdAt: new Date('2025-09-01T00:00:00Z'),
    };
    const before = JSON.stringify(template);
    const out = redactForExport(template);
    expect(out).toEqual({
      name: 'SIS nightly',
      source: { location: 'mssql://sa:****@sql01:1433/sis', password: REDACTED, hasSecret: true },
      target: { clientId: 'studio', clientSecret: REDACTED, apiKey: REDACTED, token: null, privateKey: REDACTED },
      headers: [{ Authorization: REDACTED }, { note: 'pwd=****;' }],
      passphrase: '',
      createdAt: new Date('2025-09-01T00:00:00Z'),
    });
    expect(JSON.stringify(template)).toBe(before);
    expect(JSON.stringify(out)).not.toMatch(/Winter2025|cs_9f8e7d|letmein99|abcdefgh1234/);
  });

  it('masks personal data in text when asked', () => {
    expect(redactForExport({ note: 'contact jane@school.org' }, { maskPersonal: true })).toEqual({ note: 'contact j***@school.org' });
    expect(redactForExport({ note: 'contact jane@school.org' })).toEqual({ note: 'contact jane@school.org' });
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactForExport(a)).toEqual({ name: 'a', self: REDACTED });
  });
});

describe('describeSecretsForExport', () => {
  it('names the connections whose secrets must be entered again, and no value', () => {
    const db = openSqlite(':memory:');
    db.exec('CREATE TABLE connections (id TEXT PRIMARY KEY, name TEXT, kind TEXT, location TEXT, config_json TEXT, created_at TEXT, last_test_json TEXT)');
    applySecurityMigration(db);
    const addConnection = db.prepare("INSERT INTO connections VALUES (?, ?, ?, ?, '{}', ?, NULL)");
    addConnection.run('c1', 'SIS', 'mysql', 'mysql://sis:****@db/sis', '2025-01-01');
    addConnection.run('c2', 'Fees sheet', 'excel', '/data/fees.xlsx', '2025-01-02');
    const addSecret = db.prepare("INSERT INTO secrets VALUES (?, ?, 'k', X'00', X'00', X'00', '2025', NULL)");
    addSecret.run('connection:c1:password', 'source-connection-password');
    addSecret.run('target:client-secret', 'academia-pro-client-secret');
    addSecret.run('connection:gone:password', 'source-connection-password');
    expect(describeSecretsForExport(db)).toEqual({
      secretsIncluded: false,
      connections: [
        { connectionId: 'c1', name: 'SIS', kind: 'mysql', location: 'mysql://sis:****@db/sis', needsSecretReentry: true, secrets: [{ name: 'connection:c1:password', purpose: 'source-connection-password' }] },
        { connectionId: 'c2', name: 'Fees sheet', kind: 'excel', location: '/data/fees.xlsx', needsSecretReentry: false, secrets: [] },
      ],
      otherSecrets: [
        { name: 'connection:gone:password', purpose: 'source-connection-password' },
        { name: 'target:client-secret', purpose: 'academia-pro-client-secret' },
      ],
    });
    db.close();
  });

  it('works on a file without the security tables yet', () => {
    const db = openSqlite(':memory:');
    expect(describeSecretsForExport(db)).toEqual({ secretsIncluded: false, connections: [], otherSecrets: [] });
    db.close();
  });
});
