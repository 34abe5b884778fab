import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding, firstInvalidUtf8, incompleteUtf8Tail } from '../../../../src/main/engine/connectors/files/encoding/detect-encoding';
import { createStreamDecoder, EncodingFault } from '../../../../src/main/engine/connectors/files/encoding/stream-decoder';

describe('detectEncoding', () => {
  it('trusts byte-order marks first', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), true)).toMatchObject({ encoding: 'utf-8', fromBom: true });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]), true)).toMatchObject({ encoding: 'utf-16le', fromBom: true });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]), true)).toMatchObject({ encoding: 'utf-16be', fromBom: true });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x61, 0, 0, 0]), true)).toMatchObject({ encoding: 'utf-32le' });
  });

  it('tells UTF-16 without a mark, ASCII, UTF-8 and legacy code pages apart', () => {
    expect(detectEncoding(iconv.encode('id,name\n1,Ann\n', 'utf-16be'), true)).toMatchObject({ encoding: 'utf-16be', fromBom: false });
    expect(detectEncoding(Buffer.from('id,name\n1,Ann\n'), true)).toEqual({ encoding: 'utf-8', fromBom: false, asciiOnly: true });
    expect(detectEncoding(Buffer.from('id,name\n1,Zoë\n'), true)).toEqual({ encoding: 'utf-8', fromBom: false, asciiOnly: false });
    expect(detectEncoding(iconv.encode('name,city\nRenée Müller,Zürich\nJosé,Málaga\n', 'windows-1252'), true)).toMatchObject({ encoding: 'windows-1252' });
    expect(detectEncoding(iconv.encode('学号,姓名\n001,张伟\n002,王芳\n003,李娜\n004,刘洋\n', 'gbk'), true)).toMatchObject({ encoding: 'gb18030' });
  });

  it('accepts a sample cut in the middle of a UTF-8 character, and calls NUL-laden data binary', () => {
    const text = Buffer.from('naïve café '.repeat(20));
    expect(detectEncoding(text.subarray(0, text.length - 1), false)).toMatchObject({ encoding: 'utf-8' });
    expect(detectEncoding(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xff, 0xd8]), true)).toEqual({ reason: 'binary', offset: 5 });
  });

  it('finds the first byte that breaks UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3, 0xa9, 0xe9, 0x62]))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // an encoded surrogate
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong
    expect(incompleteUtf8Tail(Buffer.from([0x61, 0xe2, 0x82]))).toBe(2);
    expect(incompleteUtf8Tail(Buffer.from([0x61, 0xe2, 0x82, 0xac]))).toBe(0);
  });
});

describe('createStreamDecoder', () => {
  it('decodes characters split across chunks', () => {
    const bytes = Buffer.from('€uro Zoë 学');
    const d = createStreamDecoder('utf-8');
    let text = '';
    for (let i = 0; i < bytes.length; i++) text += d.write(bytes.subarray(i, i + 1));
    expect(text + d.end()).toBe('€uro Zoë 学');
  });

  it('says where UTF-8 breaks, even when the bad sequence starts in the previous chunk', () => {
    const d = createStreamDecoder('utf-8');
    expect(d.write(Buffer.from([0x61, 0x62, 0xe2]))).toBe('ab');
    try {
      d.write(Buffer.from([0x28, 0x63]));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EncodingFault);
      expect((err as EncodingFault).byteOffset).toBe(2);
      expect((err as EncodingFault).validPrefix).toBe('');
    }
    const cut = createStreamDecoder('utf-8');
    cut.write(Buffer.from([0x61, 0xc3]));
    expect(() => cut.end()).toThrow(EncodingFault);
  });

  it('switches to a code page when UTF-8 was only assumed from ASCII', () => {
    const d = createStreamDecoder('utf-8', { assumedFromAscii: true });
    expect(d.write(Buffer.from('plain ascii\n'))).toBe('plain ascii\n');
    expect(d.write(iconv.encode('Renée Müller, Zürich, Málaga\n', 'windows-1252'))).toBe('Renée Müller, Zürich, Málaga\n');
    expect(d.encoding).toBe('windows-1252');
  });

  it('reports bytes a code page has no character for, with their offset', () => {
    const d = createStreamDecoder('gbk');
    expect(d.write(iconv.encode('张伟', 'gbk'))).toBe('张伟');
    try {
      d.write(Buffer.from([0x41, 0xff, 0x41]));
      expect.unreachable();
    } catch (err) {
      expect((err as EncodingFault).byteOffset).toBe(5);
      expect((err as EncodingFault).validPrefix).toBe('A');
    }
  });
});
