/**
 * Vietnamese text helpers: URL slugs, comparison keys and search folding.
 *
 * Pure functions (no I/O, no environment): the result never depends on the
 * process locale. Input may be NFC or NFD (macOS and some input methods
 * produce decomposed text); every function gives the same result for both.
 */

/** Any combining mark (tone marks, circumflex, breve, horn, …). */
const COMBINING_MARKS = /\p{M}+/gu;
/** One combining mark (non-global: safe to reuse with test()). */
const COMBINING_MARK = /^\p{M}$/u;

/**
 * URL slug: lower-case ASCII letters and digits separated by single `-`.
 * `đ`/`Đ` become `d`, all diacritics are removed, any run of other characters
 * becomes one `-`, and there is no `-` at either end. Returns '' when the
 * input has no letters or digits that survive.
 *
 * @example slugify('Đảng ủy phường Đông Hòa') === 'dang-uy-phuong-dong-hoa'
 */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Search and comparison fold: lower-case, every mark removed, `đ` → `d`.
 * Whitespace is left as it is. The result is NFC.
 *
 * @example foldMarks('Hội nghị Đảng ủy') === 'hoi nghi dang uy'
 */
export function foldMarks(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

/**
 * Comparison key for names (tags, authors, categories, search terms): NFC,
 * lower-case, whitespace trimmed and collapsed, and the tone mark of each
 * syllable placed by the 2018 "new style" rule, so that the old and new
 * spellings of one name give one key: `Hòa`, `Hoà`, `HÒA` → `hoà`;
 * `Thủy` → `thuỷ`; `khỏe` → `khoẻ`.
 *
 * The key is for comparing only; pages show the text as the editor typed it.
 */
export function toneKey(text: string): string {
  const lower = text.normalize('NFC').toLowerCase().trim().replace(/\s+/gu, ' ');
  // Work on the decomposed form so that tone marks are separate code points.
  return lower
    .normalize('NFD')
    .replace(/[\p{L}\p{M}]+/gu, (word) => placeToneMark(word))
    .normalize('NFC');
}

// --- tone placement -------------------------------------------------------

/** The five Vietnamese tone marks as combining characters. */
const TONE_MARKS = new Set([
  '\u0300', // grave (huyền)
  '\u0301', // acute (sắc)
  '\u0303', // tilde (ngã)
  '\u0309', // hook above (hỏi)
  '\u0323', // dot below (nặng)
]);

/** Vowel base letters (after removing every combining mark). */
const VOWEL_BASES = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/** One letter of a decomposed word: its base character and its non-tone marks. */
interface Letter {
  base: string;
  marks: string;
}

/**
 * Moves the tone mark of one lower-case NFD word (a run of letters and marks)
 * onto the vowel the 2018 rule names. Words that are not a single Vietnamese
 * syllable with exactly one tone mark are returned unchanged.
 */
function placeToneMark(word: string): string {
  const letters: Letter[] = [];
  let tone: string | undefined;
  let toneCount = 0;
  for (const ch of word) {
    if (TONE_MARKS.has(ch)) {
      tone = ch;
      toneCount++;
    } else if (COMBINING_MARK.test(ch)) {
      const last = letters[letters.length - 1];
      if (last === undefined) return word; // a mark with nothing to sit on
      last.marks += ch;
    } else {
      letters.push({ base: ch, marks: '' });
    }
  }
  if (tone === undefined || toneCount !== 1) return word;

  // Split into onset consonants, one vowel cluster and final consonants.
  let start = 0;
  while (start < letters.length && !isVowel(letters[start]!)) start++;
  let end = start;
  while (end < letters.length && isVowel(letters[end]!)) end++;
  if (start === end) return word; // no vowel at all
  for (let i = end; i < letters.length; i++) {
    if (isVowel(letters[i]!)) return word; // two vowel groups: not one syllable
  }

  // In `qu` and `gi` the u/i belongs to the onset when another vowel follows
  // (quý, quỳnh, giúp, giữa), but `gì` keeps i as its vowel.
  const onset = letters
    .slice(0, start)
    .map((l) => l.base)
    .join('');
  const first = letters[start]!;
  if (end - start > 1 && first.marks === '') {
    if ((onset === 'q' && first.base === 'u') || (onset === 'g' && first.base === 'i')) start++;
  }

  const vowelIndex = start + toneVowelOffset(letters.slice(start, end), end < letters.length);
  if (vowelIndex < start) return word;

  let out = '';
  letters.forEach((letter, i) => {
    out += letter.base + letter.marks + (i === vowelIndex ? tone : '');
  });
  return out;
}

function isVowel(letter: Letter): boolean {
  return VOWEL_BASES.has(letter.base);
}

/**
 * Index, within the vowel cluster, of the vowel that carries the tone mark,
 * or -1 when the cluster is too unusual to decide.
 *
 * 1. A vowel with a quality mark (ă â ê ô ơ ư) carries it; in ươ the ơ.
 * 2. Otherwise, before a final consonant, the last vowel (hoàng, toàn, huỳnh).
 * 3. Otherwise, in an open syllable: oa, oe, uy take it on the second vowel
 *    (hoà, khoẻ, thuỷ — the new style); other pairs on the first (cái, của,
 *    tuổi is rule 1); three vowels on the middle one (ngoái, khuỷu).
 */
function toneVowelOffset(cluster: readonly Letter[], hasFinalConsonant: boolean): number {
  const n = cluster.length;
  if (n === 1) return 0;
  for (let i = n - 1; i >= 0; i--) {
    if (cluster[i]!.marks !== '') return i;
  }
  if (hasFinalConsonant) return n - 1;
  if (n === 2) {
    const pair = cluster[0]!.base + cluster[1]!.base;
    return pair === 'oa' || pair === 'oe' || pair === 'uy' ? 1 : 0;
  }
  if (n === 3) return 1;
  return -1;
}
