import { createHash } from 'node:crypto';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Clean a source once, at the edge of the pipeline: UTF-8 only (a BOM is dropped), CRLF and CR
 * become LF, text is normalised to NFC. Binary or non-UTF-8 input gives a located error.
 */
export function decodeSource(file: string, bytes: Uint8Array): { text?: string; diagnostics: Diagnostic[] } {
  const hint = 'Mở tệp bằng trình soạn thảo (Notepad, VS Code…) và lưu lại với bảng mã UTF-8 (Unicode dựng sẵn), không dùng TCVN3 hay Windows-1258.';
  const utf16 = utf16Kind(bytes);
  if (utf16 !== undefined) {
    return {
      diagnostics: [
        error(
          'BT001',
          file,
          `Tệp được lưu bằng bảng mã ${utf16} (Notepad gọi là "Unicode"); bantin chỉ đọc tệp UTF-8.`,
          'Mở tệp bằng Notepad, chọn Tệp › Lưu thành (File › Save As), ở ô Mã hoá (Encoding) chọn UTF-8 rồi lưu lại.',
          1,
        ),
      ],
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < nul; i = bytes.indexOf(0x0a, i + 1)) line++;
    return { diagnostics: [error('BT001', file, 'Tệp không phải văn bản (có byte NUL): có lẽ là tệp nhị phân bị đặt đuôi .md.', hint, line)] };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    return { diagnostics: [error('BT002', file, 'Tệp không được lưu bằng bảng mã UTF-8, chữ tiếng Việt sẽ bị lỗi.', hint, line, column)] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  text = text.normalize('NFC');
  return { text, diagnostics: [] };
}

/**
 * `UTF-16 LE` or `UTF-16 BE` when the bytes are UTF-16 text (what Notepad saves as "Unicode"): a
 * byte-order mark FF FE or FE FF, or, without one, a NUL in every other byte of the first line(s)
 * as Latin letters, digits and `---` give. Undefined otherwise.
 */
function utf16Kind(bytes: Uint8Array): 'UTF-16 LE' | 'UTF-16 BE' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16 LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16 BE';
  const n = Math.min(bytes.length, 200) & ~1;
  if (n < 8) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.9 && evenZero === 0) return 'UTF-16 LE';
  if (evenZero >= pairs * 0.9 && oddZero === 0) return 'UTF-16 BE';
  return undefined;
}

/** SHA-256 of the bytes, hex; the key of every cache. */
export function digest(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** 1-based line and column of the first byte that is not valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let column = 1;
  // A BOM is not a character the editor sees.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; ) {
    const b = bytes[i]!;
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return { line, column };
    // The second byte has a narrower range after E0, ED, F0 and F4 (no overlong forms,
    // no surrogates, nothing above U+10FFFF), as TextDecoder checks.
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return { line, column };
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += need + 1;
  }
  return { line, column };
}
