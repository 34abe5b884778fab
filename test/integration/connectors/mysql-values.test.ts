import { describe, expect, it } from 'vitest';
import { compileRowAdjuster, convertMySqlValue, encodeMySqlParam, isZeroDate, normalizeMySqlType, quoteMySqlIdent } from '../../../src/main/engine/connectors/mysql/mysql-types';

// The pure value rules of the MySQL connector; the integration test proves them against MariaDB.
describe('MySQL value rules', () => {
  it('recognises zero dates and keeps them as text', () => {
    expect(['0000-00-00', '0000-00-00 00:00:00', '2024-00-10', '2024-03-00'].every(isZeroDate)).toBe(true);
    expect(['2024-02-29', '2000-10-05 00:00:00', '1000-01-01'].some(isZeroDate)).toBe(false);
    let zeros = 0;
    expect(convertMySqlValue('datetime', '0000-00-00 00:00:00', () => zeros++)).toBe('0000-00-00 00:00:00');
    expect(convertMySqlValue('datetime', '2024-02-29 13:45:00.5', () => zeros++)).toBe('2024-02-29T13:45:00.5');
    expect(convertMySqlValue('timestamp', '2024-02-29 13:45:00', () => zeros++)).toBe('2024-02-29T13:45:00Z');
    expect(zeros).toBe(1);
  });

  it('keeps a tinyint(1) value other than 0 and 1 as the number it is', () => {
    expect(convertMySqlValue('boolean-int', 2, () => undefined)).toBe(2);
    expect(convertMySqlValue('boolean-int', 0, () => undefined)).toBe(false);
  });

  it('turns values handed out back into what MySQL compares with (cursor positions)', () => {
    expect(encodeMySqlParam('datetime', '2024-02-29T13:45:00.123')).toBe('2024-02-29 13:45:00.123');
    expect(encodeMySqlParam('timestamp', '2024-02-29T13:45:00Z')).toBe('2024-02-29 13:45:00');
    expect(encodeMySqlParam('timestamp', '2024-02-29T15:45:00+02:00')).toBe('2024-02-29 13:45:00.000');
    expect(encodeMySqlParam('boolean-int', true)).toBe(1);
    expect(encodeMySqlParam('plain', '2024-02-29T13:45:00')).toBe('2024-02-29T13:45:00');
  });

  it('quotes identifiers and compiles adjusters whose column names stay inert data', () => {
    expect(quoteMySqlIdent('a`b; DROP TABLE x')).toBe('`a``b; DROP TABLE x`');
    const hostile = 'x"]; throw new Error("ran"); //\u2028`${1}`';
    const adjust = compileRowAdjuster([{ column: hostile, kind: 'datetime', onZeroDate: () => undefined }]);
    const row: Record<string, unknown> = { [hostile]: '2024-01-02 03:04:05' };
    adjust(row);
    expect(row).toEqual({ [hostile]: '2024-01-02T03:04:05' });
  });

  it('normalizes the native types a legacy schema uses', () => {
    expect(normalizeMySqlType('tinyint', 'tinyint(1)', false)).toBe('boolean');
    expect(normalizeMySqlType('tinyint', 'tinyint(4)', false)).toBe('integer');
    expect(normalizeMySqlType('longtext', 'longtext', true)).toBe('json');
    expect(normalizeMySqlType('decimal', 'decimal(10,2)', false)).toBe('decimal');
    expect(normalizeMySqlType('year', 'year(4)', false)).toBe('integer');
    expect(normalizeMySqlType('geometry', 'geometry', false)).toBe('unknown');
  });
});
