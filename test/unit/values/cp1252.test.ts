import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fixMojibake, isMojibake, isValidUtf8, toMojibake } from '../../../src/main/engine/values/cp1252';

/**
 * An independent reference: iconv-lite's Windows-1252 table, with the five bytes the code page
 * leaves undefined read as the C1 control of the same number (the WHATWG encoding standard's rule).
 */
const referenceChar = Array.from({ length: 256 }, (_, b) => {
  const ch = iconv.decode(Buffer.of(b), 'windows1252');
  return ch === '\ufffd' ? String.fromCharCode(b) : ch;
});
const reference1252 = (bytes: Uint8Array) => Array.from(bytes, (b) => referenceChar[b]).join('');

describe('mojibake (UTF-8 read as Windows-1252)', () => {
  it('makes the classic forms', () => {
    expect(toMojibake('José')).toBe('JosÃ©');
    expect(toMojibake('Müller')).toBe('MÃ¼ller');
    expect(toMojibake('Chloé – “Zoë”')).toBe('ChloÃ© â€“ â€œZoÃ«â€\u009d');
    expect(toMojibake('plain ASCII')).toBe('plain ASCII');
  });

  it('matches what a Windows-1252 decoder makes of UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(toMojibake(s)).toBe(reference1252(Buffer.from(s, 'utf8')));
      }),
    );
  });

  it('undoes one layer for any Unicode text, Hebrew and Arabic included', () => {
    expect(fixMojibake('JosÃ©')).toBe('José');
    expect(fixMojibake(toMojibake('כהן'))).toBe('כהן');
    expect(fixMojibake(toMojibake('فاطمة'))).toBe('فاطمة');
    expect(fixMojibake(toMojibake('Łukasz Wiśniewski'))).toBe('Łukasz Wiśniewski');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        expect(fixMojibake(toMojibake(s))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves clean text alone', () => {
    for (const clean of ['José', 'Zoë Núñez', 'Sørensen', 'Åkesson', 'שרה כהן', 'محمد الخطيب', "O'Brien", '', '€100', 'naïve café']) {
      expect(fixMojibake(clean)).toBe(clean);
      expect(isMojibake(clean)).toBe(false);
    }
    expect(isMojibake('GarcÃ\u00ada')).toBe(true);
  });

  it('undoes every layer of text encoded twice, and Latin-1 damage as well as Windows-1252 (issue 16)', () => {
    const twice = toMojibake(toMojibake('José'));
    expect(fixMojibake(twice)).toBe('José');
    expect(fixMojibake(toMojibake(toMojibake(toMojibake('Gonçalves'))))).toBe('Gonçalves');
    // Latin-1 reads byte 0x99 as the C1 control U+0099 where Windows-1252 has ™.
    expect(fixMojibake(Buffer.from('Zięba', 'utf8').toString('latin1'))).toBe('Zięba');
    expect(fixMojibake(fixMojibake(twice))).toBe('José');
  });

  it('checks UTF-8 exactly as a fatal decoder does', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const decodes = (b: Uint8Array) => {
      try {
        fatal.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const tricky = [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xc3], [0xef, 0xbb, 0xbf]];
    for (const bytes of tricky) expect(isValidUtf8(Uint8Array.from(bytes)), bytes.join(',')).toBe(decodes(Uint8Array.from(bytes)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (b) => {
        expect(isValidUtf8(b)).toBe(decodes(b));
      }),
      { numRuns: 2000 },
    );
  });
});
