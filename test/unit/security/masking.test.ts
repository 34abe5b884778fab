import { describe, expect, it } from 'vitest';
import { MASK, MAX_SUMMARY_LENGTH, maskName, maskPersonalData, maskSecrets, maskSummary } from '../../../src/main/engine/security/masking';

describe('maskSecrets', () => {
  it.each([
    ['mysql://sis:Hunter2!x@db.school.local:3306/school', 'mysql://sis:****@db.school.local:3306/school', 'Hunter2!x'],
    ['connected to postgres://app:p%40ss@10.0.0.5/sis?sslmode=require', 'connected to postgres://app:****@10.0.0.5/sis?sslmode=require', 'p%40ss'],
    ['Server=SQL01;Database=SIS;User Id=sa;Password=Tr0ub4dor&3;', 'Server=SQL01;Database=SIS;User Id=sa;Password=****;', 'Tr0ub4dor'],
    ['Driver={Access};Dbq=c:\\sis.mdb;Pwd=letmein99', 'Driver={Access};Dbq=c:\\sis.mdb;Pwd=****', 'letmein99'],
    ['{"clientId":"studio","client_secret":"s3cr3t value"}', '{"clientId":"studio","client_secret":"****"}', 's3cr3t value'],
    ["token: 'abc.def.ghi'", "token: '****'", 'abc.def.ghi'],
    ['Authorization: Bearer abcdEFGH12345678.zz', 'Authorization: Bearer ****', 'abcdEFGH12345678'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here', `jwt ${MASK} here`, 'eyJhbGciOiJIUzI1NiJ9'],
    ['api key sk_live_4eC39HqLyjWDarjtT1zdp7dcAAAA used', `api key ${MASK} used`, 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    ['webhook_secret=whsec_12345 rotated', 'webhook_secret=**** rotated', 'whsec_12345'],
    ['GET /hook?access_token=abc123xyz&user=bob', 'GET /hook?access_token=****&user=bob', 'abc123xyz'],
  ])('masks %s', (input, expected, secret) => {
    const out = maskSecrets(input);
    expect(out).toBe(expected);
    expect(out).not.toContain(secret);
  });

  it('leaves ordinary text, ids, paths and flags alone', () => {
    const text = 'Added connection 3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b (/home/it/exports/students_2024_final_version.csv) hasSecret=true, 1500000 rows';
    expect(maskSecrets(text)).toBe(text);
    expect(maskSecrets('mysql://sis@db:3306/school')).toBe('mysql://sis@db:3306/school');
  });

  it('is idempotent', () => {
    const once = maskSecrets('password=abc mysql://u:p@h/d');
    expect(maskSecrets(once)).toBe(once);
  });
});

describe('maskPersonalData', () => {
  it('masks e-mail addresses, phone numbers and personal fields', () => {
    expect(maskPersonalData('sent to jane.doe@school.org')).toBe('sent to j***@school.org');
    expect(maskPersonalData('call +44 20 7946 0958 now')).toBe('call ***58 now');
    expect(maskPersonalData('mobile 0712-345-678')).toBe('mobile ***78');
    expect(maskPersonalData('birthDate=2011-04-05, lastName: "Okafor"')).toBe('birthDate=****, lastName: "****"');
  });

  it('masks known personal values wherever they appear, longest first', () => {
    expect(maskPersonalData('Updated Jane Doe (jane) and JANE DOE again', { personal: ['Jane', 'Jane Doe'] })).toBe('Updated J*** D*** (j***) and J*** D*** again');
  });

  it('leaves dates, counts and database accounts alone', () => {
    const text = 'since 2025-09-01, 1234567 rows, run 2025-09-01T08:00:00Z, mysql://sis@db.school.org/x, 05.01.2024';
    expect(maskPersonalData(text)).toBe(text);
  });

  it('masks names to initials', () => {
    expect(maskName('Jane  Mary Doe')).toBe('J***  M*** D***');
    expect(maskName('Ölçer')).toBe('Ö***');
  });
});

describe('maskSummary', () => {
  it('masks secrets and personal data together, and bounds the length', () => {
    expect(maskSummary('jane@x.org connected with postgres://a:b-c-d@h/db', {})).toBe('j***@x.org connected with postgres://a:****@h/db');
    const long = maskSummary('x'.repeat(MAX_SUMMARY_LENGTH + 50));
    expect(long).toHaveLength(MAX_SUMMARY_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('masking cost', () => {
  it('stays fast on long and hostile text', () => {
    // Quadratic patterns would take minutes on these; linear ones take milliseconds.
    const hostile = ['x'.repeat(50_000), 'a.'.repeat(25_000), 'a-'.repeat(25_000), `${'&'.repeat(25_000)}password=${'&'.repeat(25_000)}`, '1 '.repeat(25_000), 'a@'.repeat(25_000), 'mysql://'.repeat(6_000)];
    for (const text of hostile) {
      const started = performance.now();
      maskSummary(text);
      maskSecrets(text);
      expect(performance.now() - started).toBeLessThan(1500);
    }
  });
});
