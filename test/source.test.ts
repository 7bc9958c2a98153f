import { describe, it, expect } from 'vitest';
import { decodeSource, digest } from '../src/text/decode.js';

const FILE = 'tin/bai.md';
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

describe('decodeSource', () => {
  it('should decode clean UTF-8 unchanged', () => {
    expect(decodeSource(FILE, utf8('---\ntitle: Họp dân\n---\n'))).toEqual({ text: '---\ntitle: Họp dân\n---\n', diagnostics: [] });
  });

  it('should remove the BOM', () => {
    expect(decodeSource(FILE, bytes([0xef, 0xbb, 0xbf], '---\n')).text).toBe('---\n');
  });

  it('should turn CRLF and lone CR into LF', () => {
    expect(decodeSource(FILE, utf8('a\r\nb\rc\n')).text).toBe('a\nb\nc\n');
  });

  it('should normalise NFD text to NFC', () => {
    const nfd = 'Nguyễn Thị Hòa'.normalize('NFD');
    const text = decodeSource(FILE, utf8(nfd)).text!;
    expect(text).toBe('Nguyễn Thị Hòa'.normalize('NFC'));
    expect(text.length).toBeLessThan(nfd.length);
  });

  it('should refuse Windows-1258 bytes with BT002 at their line and column', () => {
    // "Tin tức" typed in Windows-1258: 0xD0 0xE3 is not UTF-8.
    const result = decodeSource(FILE, bytes('---\ntitle: Tin ', [0xd0, 0xe3], '\n---\n'));
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.column])).toEqual([['BT002', 'error', FILE, 2, 12]]);
    expect(result.diagnostics[0]!.message).toMatch(VIETNAMESE);
    expect(result.diagnostics[0]!.hint).toMatch(VIETNAMESE);
  });

  it('should count columns in characters after a BOM and Vietnamese letters', () => {
    const result = decodeSource(FILE, bytes([0xef, 0xbb, 0xbf], 'Đà ', [0xff]));
    expect(result.diagnostics.map((d) => [d.line, d.column])).toEqual([[1, 4]]);
  });

  it('should locate overlong forms, surrogates and code points above U+10FFFF', () => {
    for (const bad of [
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xc0, 0xaf],
    ]) {
      const result = decodeSource(FILE, bytes('ab\nc', bad));
      expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['BT002', 2, 2]]);
    }
  });

  it('should refuse a truncated character at the end of the file', () => {
    expect(decodeSource(FILE, bytes('ab', [0xe1, 0xba])).diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['BT002', 1, 3]]);
  });

  it('should refuse a NUL byte with BT001', () => {
    const result = decodeSource(FILE, bytes('---\ntitle: a\n', [0x00], '\n'));
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['BT001', 'error', 3]]);
    expect(result.diagnostics[0]!.message).toMatch(VIETNAMESE);
  });

  // Notepad's "Unicode": said as such, with the way to save it as UTF-8, not "binary with NUL bytes" (issue 15).
  const UTF16_MESSAGE = (kind: string) => `Tệp được lưu bằng bảng mã ${kind} (Notepad gọi là "Unicode"); bantin chỉ đọc tệp UTF-8.`;
  const UTF16_HINT = 'Mở tệp bằng Notepad, chọn Tệp › Lưu thành (File › Save As), ở ô Mã hoá (Encoding) chọn UTF-8 rồi lưu lại.';
  const text16 = '---\ntitle: Họp dân\n---\n';
  const le = Buffer.from(text16, 'utf16le');
  const be = Buffer.from(le).swap16();

  it.each([
    ['UTF-16 LE with its byte-order mark FF FE', Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'UTF-16 LE'],
    ['UTF-16 BE with its byte-order mark FE FF', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'UTF-16 BE'],
    ['UTF-16 LE without a byte-order mark', le, 'UTF-16 LE'],
    ['UTF-16 BE without a byte-order mark', be, 'UTF-16 BE'],
  ])('should name %s and say to save as UTF-8', (_name, input, kind) => {
    const result = decodeSource(FILE, new Uint8Array(input));
    expect(result.text).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'BT001', severity: 'error', line: 1, message: UTF16_MESSAGE(kind), hint: UTF16_HINT })]);
    expect(result.diagnostics[0]!.message).not.toContain('NUL');
  });

  it('should still call a file with a NUL but not UTF-16 binary', () => {
    const result = decodeSource(FILE, bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    expect(result.diagnostics[0]!.message).toBe('Tệp không phải văn bản (có byte NUL): có lẽ là tệp nhị phân bị đặt đuôi .md.');
  });
});

describe('digest', () => {
  it('should give the SHA-256 of the bytes in hex, the same for equal text and bytes', () => {
    expect(digest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digest(utf8('Họp dân'))).toBe(digest('Họp dân'));
  });
});
