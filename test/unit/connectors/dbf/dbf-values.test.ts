import chardet from 'chardet';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DBF_CODE_PAGES, chooseEncoding } from '../../../../src/main/engine/connectors/dbf/dbf-code-pages';
import { decodeDate, decodeNumericText, decodeVfpDateTime, formatScaled, fromJulianDay } from '../../../../src/main/engine/connectors/dbf/dbf-values';
import { julianDay, vfpDateTime } from './dbf-builder';

describe('dBase values', () => {
  it('keeps numeric text exact: decimals as strings, integers as numbers, odd text as read', () => {
    expect(decodeNumericText('   12.50', 2)).toBe('12.50');
    expect(decodeNumericText('  -.5', 1)).toBe('-0.5');
    expect(decodeNumericText('1234567890123456.78', 2)).toBe('1234567890123456.78');
    expect(decodeNumericText('   42', 0)).toBe(42);
    expect(decodeNumericText('  -0', 0)).toBe(0);
    expect(decodeNumericText('99999999999999999999', 0)).toBe('99999999999999999999');
    expect(decodeNumericText('      ', 2)).toBeNull();
    expect(decodeNumericText(' ***** ', 0)).toBe('*****');
  });

  it('writes currency as exact text with four decimals', () => {
    expect(formatScaled(3_500_000n, 4)).toBe('350.0000');
    expect(formatScaled(-5n, 4)).toBe('-0.0005');
    expect(formatScaled(9_223_372_036_854_775_807n, 4)).toBe('922337203685477.5807');
  });

  it('reads dates as YYYY-MM-DD, blanks as null, and impossible dates as the text that was there', () => {
    expect(decodeDate('20230913')).toBe('2023-09-13');
    expect(decodeDate('        ')).toBeNull();
    expect(decodeDate('00000000')).toBeNull();
    expect(decodeDate('20230231')).toBe('20230231');
    expect(decodeDate('00010101')).toBe('0001-01-01');
  });

  it('reads Visual FoxPro datetimes to the second, rounding the stored milliseconds', () => {
    expect(fromJulianDay(julianDay(2021, 10, 11))).toEqual({ year: 2021, month: 10, day: 11 });
    expect(decodeVfpDateTime(vfpDateTime(julianDay(2021, 10, 11), (22 * 3600 + 34 * 60 + 50) * 1000))).toBe('2021-10-11T22:34:50');
    expect(decodeVfpDateTime(vfpDateTime(julianDay(2020, 1, 1), 43_199_999))).toBe('2020-01-01T12:00:00');
    expect(decodeVfpDateTime(vfpDateTime(julianDay(1999, 12, 31), 86_399_800))).toBe('2000-01-01T00:00:00');
    expect(decodeVfpDateTime(Buffer.alloc(8, 0x20))).toBeNull();
    expect(decodeVfpDateTime(Buffer.alloc(8))).toBeNull();
  });
});

describe('dBase code pages', () => {
  it('maps every language driver to an encoding iconv-lite can decode', () => {
    for (const [id, page] of DBF_CODE_PAGES) expect(iconv.encodingExists(page.encoding), `0x${id.toString(16)} → ${page.encoding}`).toBe(true);
    expect(DBF_CODE_PAGES.get(0x03)?.encoding).toBe('cp1252');
    expect(DBF_CODE_PAGES.get(0x01)?.encoding).toBe('cp437');
    expect(DBF_CODE_PAGES.get(0x26)?.encoding).toBe('cp866');
    expect(DBF_CODE_PAGES.get(0x65)?.encoding).toBe('cp866');
    expect(DBF_CODE_PAGES.get(0xc9)?.encoding).toBe('cp1251');
    expect(DBF_CODE_PAGES.get(0xc8)?.encoding).toBe('cp1250');
    expect(DBF_CODE_PAGES.get(0x4d)?.encoding).toBe('cp936');
  });

  it('takes the setting first, then the header, then the text itself', () => {
    const cyrillic = iconv.encode('Привет, школа', 'cp866');
    expect(chooseEncoding('cp1251', 0x26, cyrillic)).toMatchObject({ encoding: 'cp1251', source: 'setting' });
    expect(chooseEncoding(null, 0x26, cyrillic)).toMatchObject({ encoding: 'cp866', source: 'header' });
    expect(chooseEncoding(null, 0x00, Buffer.from('plain ascii'))).toMatchObject({ encoding: 'cp1252', source: 'ascii' });
    expect(chooseEncoding(null, 0x00, Buffer.from('Zoë Müller', 'utf8'))).toMatchObject({ encoding: 'utf8', source: 'detected' });
  });

  it('detects a non-Latin code page from the text when the header names none, with its confidence', () => {
    const text = '台北市立第一中學 學生名冊 姓名 地址 電話 出生日期 班級 導師 家長 聯絡電話 備註 '.repeat(4);
    const chosen = chooseEncoding(null, 0x00, iconv.encode(text, 'big5'));
    expect(chosen).toMatchObject({ encoding: 'big5', source: 'detected' });
    expect(chosen?.confidence).toBe(chardet.analyse(iconv.encode(text, 'big5'))[0].confidence);
    expect(chosen?.description).toContain('confidence');
  });
});
