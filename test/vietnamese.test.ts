import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { foldMarks, slugify, toneKey } from '../src/text/vietnamese.js';

/** Rows of a shared tab-separated vector file; `#` lines are comments. */
function readVectors(name: string): Array<[input: string, expected: string]> {
  const text = readFileSync(new URL(`fixtures/vietnamese/${name}`, import.meta.url), 'utf8');
  const rows: Array<[string, string]> = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new Error(`${name}: row without a tab: ${JSON.stringify(line)}`);
    rows.push([line.slice(0, tab), line.slice(tab + 1)]);
  }
  return rows;
}

const slugRows = readVectors('slugs.tsv');
const toneRows = readVectors('tone-keys.tsv');

describe('slugify', () => {
  it('should have test vectors to check', () => {
    expect(slugRows.length).toBeGreaterThan(10);
  });

  it.each(slugRows)('should turn %j into the slug %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it.each(slugRows)('should give the same slug for the NFD form of %j', (input, expected) => {
    expect(slugify(input.normalize('NFD'))).toBe(expected);
  });

  it('should turn đ and Đ into d', () => {
    expect(slugify('Đường đê')).toBe('duong-de');
  });

  it('should return an empty slug when there is nothing to keep', () => {
    expect(slugify('')).toBe('');
    expect(slugify(' – !? ')).toBe('');
  });

  it('should only ever produce lower-case ASCII letters, digits and single hyphens', () => {
    for (const [input] of [...slugRows, ...toneRows]) {
      expect(slugify(input)).toMatch(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/);
    }
  });

  it('should be idempotent', () => {
    for (const [input] of slugRows) {
      expect(slugify(slugify(input))).toBe(slugify(input));
    }
  });
});

describe('toneKey', () => {
  it('should have test vectors to check', () => {
    expect(toneRows.length).toBeGreaterThan(10);
  });

  it.each(toneRows)('should turn %j into the key %j', (input, expected) => {
    expect(toneKey(input)).toBe(expected);
  });

  it.each(toneRows)('should give the same key for the NFD form of %j', (input, expected) => {
    expect(toneKey(input.normalize('NFD'))).toBe(expected);
  });

  it('should give one key for the old and new spellings of a name', () => {
    const spellings = ['Hòa Khánh', 'Hoà Khánh', 'HÒA KHÁNH', 'hòa khánh'.normalize('NFD'), '  Hòa   Khánh '];
    const keys = new Set(spellings.map(toneKey));
    expect([...keys]).toEqual(['hoà khánh']);
  });

  it('should place the tone of open oa, oe and uy on the second vowel', () => {
    expect(toneKey('Thủy')).toBe('thuỷ');
    expect(toneKey('Thúy')).toBe('thuý');
    expect(toneKey('khỏe')).toBe('khoẻ');
    expect(toneKey('tỏa')).toBe('toả');
    expect(toneKey('lũy')).toBe('luỹ');
    expect(toneKey('Đảng ủy')).toBe('đảng uỷ');
    expect(toneKey('hòe')).toBe('hoè');
  });

  it('should keep syllables whose tone is already in the one right place', () => {
    for (const word of ['hoàng', 'toàn', 'khoảng', 'huỳnh', 'quý', 'quỳnh', 'giúp', 'giữa', 'gì', 'của', 'người', 'tuổi', 'thuở', 'khuya', 'ngoái', 'khuỷu', 'xoáy', 'chiến', 'yêu', 'mười']) {
      expect(toneKey(word)).toBe(word);
    }
  });

  it('should keep the circumflex, breve and horn where they are', () => {
    expect(toneKey('Nguyễn Thị Ánh Tuyết')).toBe('nguyễn thị ánh tuyết');
    expect(toneKey('Trường Xuân')).toBe('trường xuân');
    expect(toneKey('Đắk Lắk')).toBe('đắk lắk');
  });

  it('should move a tone typed on the wrong vowel of a marked pair onto the marked vowel', () => {
    // "tuổi" typed with the hook on the u (u + hook, then o + circumflex).
    const misplaced = 'tu\u0309o\u0302i';
    expect(toneKey(misplaced)).toBe('tuổi');
  });

  it('should return NFC text', () => {
    for (const [input] of toneRows) {
      const key = toneKey(input.normalize('NFD'));
      expect(key).toBe(key.normalize('NFC'));
    }
  });

  it('should be idempotent', () => {
    for (const [input] of toneRows) {
      expect(toneKey(toneKey(input))).toBe(toneKey(input));
    }
  });

  it('should leave text that is not a Vietnamese syllable as it is, apart from case and spacing', () => {
    expect(toneKey('Pokémon  GO')).toBe('pokémon go');
    expect(toneKey('COVID-19')).toBe('covid-19');
    expect(toneKey('')).toBe('');
  });
});

describe('foldMarks', () => {
  it('should fold "Hội nghị Đảng ủy" to "hoi nghi dang uy"', () => {
    expect(foldMarks('Hội nghị Đảng ủy')).toBe('hoi nghi dang uy');
  });

  it('should give the same fold for NFC and NFD input', () => {
    for (const [input] of [...slugRows, ...toneRows]) {
      expect(foldMarks(input.normalize('NFD'))).toBe(foldMarks(input));
    }
  });

  it('should give the same fold for the old and new tone placement', () => {
    expect(foldMarks('Hòa Thủy')).toBe(foldMarks('Hoà Thuỷ'));
    expect(foldMarks('Hòa Thủy')).toBe('hoa thuy');
  });

  it('should remove every mark including the horn and breve', () => {
    expect(foldMarks('Ưu tiên ơn nghĩa, Đắk Lắk')).toBe('uu tien on nghia, dak lak');
  });
});
