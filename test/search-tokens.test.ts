/**
 * The search index's tokenizer (outputs/search-index.ts) reads text with a table of token
 * characters instead of the regular expression `/[\p{L}\p{M}\p{N}]+/gu`, for speed: it must cut
 * every text into exactly the tokens that expression finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexDocuments, nextToken, tokenEnd, type SearchDocument } from '../src/outputs/search-index.js';

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

describe('postings past a packed frequency', () => {
  const doc = (text: string): SearchDocument => ({ url: '/tin/a/', title: 'Mùa vụ', tags: [], summary: '', text, category: 'Tin tức', author: 'Hà Vân', date: '01/05/2025', dateIso: '2025-05-01T00:00:00+07:00' });
  /** The posting list of the folded term `word` in an index. */
  const listOf = (docs: SearchDocument[], word: string): unknown => {
    for (const f of indexDocuments(docs).files) {
      if (!/\/t\/\d+\.json$/.test(f.path) || !('contents' in f)) continue;
      const terms = JSON.parse(String(f.contents)) as Record<string, Record<string, string>>;
      if (terms[word]) return terms[word];
    }
    return undefined;
  };

  it('should score a word written more than 32,766 times in one article as one written just under that', () => {
    // Same lengths: only the frequency of "lúa" in the first article differs (40,000 against 32,766),
    // and both are far past where the score saturates. A frequency lost in packing would score 0.
    const heavy = [doc('lúa '.repeat(40_000)), doc('lúa ngô khoai'), doc('ngô khoai sắn')];
    const under = [doc(`${'lúa '.repeat(32_766)}${'ngô '.repeat(40_000 - 32_766)}`), doc('lúa ngô khoai'), doc('ngô khoai sắn')];
    const list = listOf(heavy, 'lua');
    expect(list).toBeDefined();
    expect(list).toEqual(listOf(under, 'lua'));
  });
});
