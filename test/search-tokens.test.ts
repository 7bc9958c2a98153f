/**
 * The search index's tokenizer (outputs/search-index.ts) reads text with a table of token
 * characters instead of the regular expression `/[\p{L}\p{M}\p{N}]+/gu`, for speed: it must cut
 * every text into exactly the tokens that expression finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextToken, tokenEnd } from '../src/outputs/search-index.js';

const REFERENCE = /[\p{L}\p{M}\p{N}]+/gu;

function scanned(text: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let start = nextToken(text, 0); start < text.length; ) {
    const end = tokenEnd(text, start);
    out.push([start, text.slice(start, end)]);
    start = nextToken(text, end);
  }
  return out;
}
const expected = (text: string): Array<[number, string]> => [...text.matchAll(REFERENCE)].map((m) => [m.index, m[0]]);

describe('search tokens', () => {
  it('should cut Vietnamese text, NFD marks, digits, astral letters and lone surrogates as the regular expression does', () => {
    const samples = [
      'Hội nghị BCH Phường Trần Phú lần thứ 14, khóa XII (mở rộng), nhiệm kỳ 2020- 2025',
      'Hòa hoà HÒA — Thủy thuỷ',
      'Ho\u0300a khoe\u0309 ngu\u031b\u0300\u01a1\u0300i',
      'số 12/TB-UBND; ngày 18/05/2025',
      '𝐀𝐁𝐂 chữ toán 𠀀𠀁 chữ Nôm 😀 mặt cười',
      'lẻ \ud800 nửa \udc00 cặp \udbff',
      '',
      '   ',
      'a',
      'x\u00a0y\tz\n1',
    ];
    for (const text of samples) expect(scanned(text), JSON.stringify(text)).toEqual(expected(text));
  });

  it('should agree with the regular expression on any text (fast-check)', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('ệ', 'e\u0302\u0323', 'đ', '\ud835\udc00', '\ud800', '\udfff', ' ', '-', '2025', '\u00a0', '😀', '\u0301'),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        expect(scanned(text)).toEqual(expected(text));
      }),
      { numRuns: 500 },
    );
  });
});
