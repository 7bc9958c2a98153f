/**
 * The index behind `/tim-kiem/`: static files, split so that a query downloads only the little it
 * needs (a phone on 3G never gets the whole site), read by `templates/assets/search.js`. Pure.
 *
 * Why a small index of bantin's own rather than Pagefind or a MiniSearch index: Vietnamese is
 * written in syllables separated by spaces, so a word is a syllable and a phrase is consecutive
 * syllables. The index keeps, for each syllable and each pair of consecutive syllables (bigram):
 * - the *folded* form (no marks, `đ` → `d`): what finds `Đảng ủy` from `dang uy`;
 * - under it, each spelling's *variant* key: letters with their quality marks (ă â ê ô ơ ư đ) and
 *   the tone as a digit, wherever it sits — `hòa` and `hoà` are both `hoa1`, so old and new tone
 *   placement match, and a query typed with marks can rank the exact spelling first;
 * - per article a score (BM25 on the body, plus a fixed part when the word is in the title or tags).
 * Bigrams rank "hội nghị" written together above pages that merely contain both syllables.
 * Files: `t/{n}.json`, one shard of terms chosen by a hash of the folded term (a query loads one
 * shard per word and per pair of words), and `d/{id}.json`, one per article (title, date, category,
 * text for the excerpt), loaded only for the results shown. The folder name carries a digest of
 * the content, so the files can be cached for ever. Pagefind would need a folded copy of every page
 * for `đ` and its tone handling is not Vietnamese; a MiniSearch index is one file of the whole site.
 *
 * The text functions below have twins in search.js; test/discovery.test.ts runs both on the same words.
 */
import { createHash } from 'node:crypto';
import { formatIsoDate, formatShortDate } from '../text/dates.js';
import { documentsOf, isPage, type SiteModel } from '../site/model.js';
import { parkedText, textRangeOf, type SpilledFile, type SpillRange, type SpillStore } from '../content/parked-body.js';

/** Folder of the index under the base path (a digest folder goes below it). */
export const SEARCH_INDEX_ROOT = 'tim-kiem/chi-muc/';

/** Syllables: runs of letters, marks and digits. */
/** A token is a run of letters, marks and digits (`/[\p{L}\p{M}\p{N}]+/u`). */
const TOKEN_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
/**
 * Whether each UTF-16 unit below 0x10000 is a token character; surrogates are 2 (look at the
 * pair). Made once per process: a table lookup per character instead of a regular expression
 * match (and its result array) per token took the index of 10,000 articles from 3 s to about 1.
 */
let tokenTable: Uint8Array | undefined;
function tokenChars(): Uint8Array {
  if (tokenTable === undefined) {
    tokenTable = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) tokenTable[c] = c >= 0xd800 && c <= 0xdfff ? 2 : TOKEN_CHAR.test(String.fromCharCode(c)) ? 1 : 0;
  }
  return tokenTable;
}

/** Length (1 or 2 units) of the token character at `i` of `text`, or 0 when it is none. */
function tokenCharAt(text: string, i: number, table: Uint8Array): number {
  const kind = table[text.charCodeAt(i)]!;
  if (kind !== 2) return kind;
  const c = text.charCodeAt(i);
  // A pair (high then low surrogate) is one code point; a lone half is no token character.
  if (c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return TOKEN_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  return 0;
}

/** Index of the first token character at or after `from`, or `text.length`. */
export function nextToken(text: string, from: number): number {
  const table = tokenChars();
  let i = from;
  while (i < text.length) {
    if (tokenCharAt(text, i, table) > 0) return i;
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff ? 2 : 1;
  }
  return text.length;
}

/** Index just after the token that starts at `start`. */
export function tokenEnd(text: string, start: number): number {
  const table = tokenChars();
  let i = start;
  for (let width = tokenCharAt(text, i, table); width > 0 && i < text.length; width = i < text.length ? tokenCharAt(text, i, table) : 0) i += width;
  return i;
}
const MARKS = /\p{M}/gu;
/** The five Vietnamese tone marks, as combining characters: huyền, sắc, hỏi, ngã, nặng → 1–5. */
const TONES = '\u0300\u0301\u0309\u0303\u0323';
const ASCII_WORD = /^[a-z0-9]+$/;

/** The folded form of a lower-case syllable: no marks, `đ` → `d`. */
export function foldTerm(token: string): string {
  if (ASCII_WORD.test(token)) return token;
  return token.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').normalize('NFC');
}

/**
 * The spelling key of a lower-case syllable: its letters with their quality marks, then its tone
 * as a digit, wherever the mark sits: `hòa`, `hoà` → `hoa1`; `đường` → `đương1`; `hoa` → `hoa`.
 */
export function variantKey(token: string): string {
  if (ASCII_WORD.test(token)) return token;
  let base = '';
  let tone = '';
  for (const ch of token.normalize('NFD')) {
    const i = TONES.indexOf(ch);
    if (i === -1) base += ch;
    else tone += String(i + 1);
  }
  return base.normalize('NFC') + tone;
}

/** Shard of a folded term: FNV-1a over its UTF-16 code units, modulo the (power of two) shard count. */
export function shardOf(folded: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < folded.length; i++) {
    h ^= folded.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & (shards - 1);
}

/** Whitespace only between `from` and `to`: two syllables there are consecutive words of a phrase. */
function spaceOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && c !== 160) return false;
  }
  return to > from;
}

export interface IndexOptions {
  /** Reads a parked text (`SearchDocument.textAt`); default: through the store it was parked in, on this thread (another thread passes its own). */
  readonly readText?: ((range: SpillRange) => string) | undefined;
  /** Each file's contents as UTF-8 bytes, made as the file is (the search index's thread: it hands them over without a copy). */
  readonly bytes?: boolean;
  /** Drop each document from `indexed` once it is counted (the caller's own copy): its text is freed as the index grows. */
  readonly release?: boolean;
  /**
   * Put each file's UTF-8 bytes here as the file is made, and give the file as its range
   * (`spilled`): the index of 100,000 articles (~500 MB) then never sits in memory; the writer
   * copies the ranges. With `bytes` or without: this wins.
   */
  readonly spill?: SpillStore | undefined;
}

/** A file of the index: its text, or UTF-8 bytes when made on a worker thread (handed over without a copy), or where they were spilled. */
export type SearchIndexFile = { readonly path: string; readonly contents: string | Uint8Array } | SpilledFile;

export interface SearchIndex {
  /** Folder of the index under the base (`tim-kiem/chi-muc/3fa9c2e1b0/`). */
  readonly folder: string;
  readonly shards: number;
  readonly docs: number;
  /** Paths relative to the output folder. */
  readonly files: readonly SearchIndexFile[];
}

// Field weights for the body score; title and tags count as the head instead (a fixed part of the score).
const SUMMARY_WEIGHT = 2;
const BODY_WEIGHT = 1;
const K1 = 1.2;
const B = 0.75;
/** Largest body part of a score, and the head part: one base-36 digit holds both (0–35). */
const BODY_LEVELS = 17;
const HEAD_SCORE = 18;
/** Longest body text kept for excerpts, in characters. */
const EXCERPT_TEXT = 5000;

/** Growable typed arrays of postings: (key, weighted frequency, in head) per article. */
class Postings {
  /**
   * In chunks of `CHUNK` (not one array doubled as it grows): at 100,000 articles there are some
   * 53 million postings, and a doubled array held up to twice what it used plus, while it grew,
   * the old copy (~0.9 GB on the search thread); chunks are also freed one by one once read.
   * Six bytes a posting: the key, and the frequency with the head flag in one 16-bit word (bit 15
   * the flag; a frequency that is not a whole number under `MAX_PACKED` is kept in `overflow`).
   */
  private static readonly SHIFT = 16;
  private static readonly CHUNK = 1 << Postings.SHIFT;
  private static readonly MAX_PACKED = 0x7fff;
  private keyChunks: Int32Array[] = [];
  private tfChunks: Uint16Array[] = [];
  private readonly overflow = new Map<number, number>();
  length = 0;
  push(key: number, tf: number, head: boolean): void {
    const at = this.length & (Postings.CHUNK - 1);
    if (at === 0) {
      this.keyChunks.push(new Int32Array(Postings.CHUNK));
      this.tfChunks.push(new Uint16Array(Postings.CHUNK));
    }
    const c = this.keyChunks.length - 1;
    const packed = Number.isInteger(tf) && tf >= 0 && tf < Postings.MAX_PACKED;
    if (!packed) this.overflow.set(this.length, tf);
    this.keyChunks[c]![at] = key;
    this.tfChunks[c]![at] = (packed ? tf : Postings.MAX_PACKED) | (head ? 0x8000 : 0);
    this.length++;
  }
  key(p: number): number {
    return this.keyChunks[p >>> Postings.SHIFT]![p & (Postings.CHUNK - 1)]!;
  }
  tf(p: number): number {
    const v = this.tfChunks[p >>> Postings.SHIFT]![p & (Postings.CHUNK - 1)]! & Postings.MAX_PACKED;
    return v === Postings.MAX_PACKED ? this.overflow.get(p)! : v;
  }
  head(p: number): boolean {
    return (this.tfChunks[p >>> Postings.SHIFT]![p & (Postings.CHUNK - 1)]! & 0x8000) !== 0;
  }
  /** Frees the chunks that hold only postings before `p` (read for the last time). */
  releaseBefore(p: number): void {
    for (let c = 0; c < p >>> Postings.SHIFT; c++) {
      this.keyChunks[c] = EMPTY_I32;
      this.tfChunks[c] = EMPTY_U16;
    }
  }
}
const EMPTY_I32 = new Int32Array(0);
const EMPTY_U16 = new Uint16Array(0);

/**
 * One published article or fixed page as the search index reads it: plain data (it may go to a
 * worker thread), in the site's order (document `i` of the index is the `i`-th).
 */
export interface SearchDocument {
  /** The page's link (`/sub/thong-bao/x/`). */
  readonly url: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly summary: string;
  /** The body's plain text; '' when it is parked, then read from `textAt`. */
  readonly text: string;
  /** Where a parked body's text is (content/parked-body.ts): read here, on whichever thread indexes, one document at a time. */
  readonly textAt?: SpillRange | undefined;
  readonly category: string;
  readonly author: string;
  /** The date shown, '' for a fixed page without one. */
  readonly date: string;
  readonly dateIso: string;
}

/** The documents of the search index of a site (see `SearchDocument`). */
export function searchDocuments(site: SiteModel, href: (path: string) => string): SearchDocument[] {
  const tz = site.config.timeZone;
  return documentsOf(site).map((a) => {
    // A fixed page without a date shows none.
    const undated = isPage(a) && a.date === 0;
    return {
      url: href(a.url),
      title: a.title,
      tags: a.tags.map((t) => t.name),
      summary: a.summary,
      text: a.text,
      textAt: textRangeOf(a),
      category: a.categoryRef.name,
      author: a.author.name,
      date: undated ? '' : formatShortDate(a.date, tz, a.dateHasTime),
      dateIso: undated ? '' : formatIsoDate(a.date, tz),
    };
  });
}

/** Build the search index of the published articles (newest first: article `i` is document `i`). */
export function buildSearchIndex(site: SiteModel, href: (path: string) => string): SearchIndex {
  return indexDocuments(searchDocuments(site, href));
}

/**
 * The search index of `documents`: a pure function of them (the build may run it on a worker
 * thread while pages render; see `SearchIndexer`).
 *
 * Long: four passes over the same typed arrays and maps (keys, per-article frequencies, scores, postings by shard), kept in one scope so the arrays are allocated once for the whole site; each pass is marked by a comment.
 */
export function indexDocuments(indexed: readonly SearchDocument[], options: IndexOptions = {}): SearchIndex {
  const encoder = new TextEncoder();
  /**
   * The folder's name is a digest of every file, hashed as each is made (the files need not all be
   * kept for it): the excerpts in document order, then, under the header, the term shards.
   */
  const excerptHash = createHash('sha256');
  let scratch = new Uint8Array(0);
  /** UTF-8 of `text` in a buffer reused from file to file (spilled files are copied out at once). */
  const encodeScratch = (text: string): Uint8Array => {
    if (scratch.length < text.length * 3) scratch = new Uint8Array(Math.max(text.length * 3, scratch.length * 2));
    return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
  };
  /** A file as the caller wants it: text, UTF-8 bytes made at once, or spilled (the text is then dropped). */
  const fileOf = (path: string, text: string, hash: ReturnType<typeof createHash>): SearchIndexFile => {
    const bytes = options.spill ? encodeScratch(text) : options.bytes ? encoder.encode(text) : undefined;
    hash.update(path).update('\0').update(bytes ?? text).update('\0');
    if (options.spill) return { path, spilled: options.spill.append([bytes!])[0]! };
    return { path, contents: bytes ?? text };
  };
  // Keys: one per spelling (variant) of a syllable, and one per pair of syllable keys.
  const keyIds = new Map<string, number>();
  const keyVariant: string[] = [];
  const keyFolded: string[] = [];
  /** Token as typed → its syllable key (several spellings of one variant share it: NFD, tone placement). */
  const tokenKey = new Map<string, number>();
  /** First key → second key → pair key. Numbers as keys: no string is made for a pair seen before. */
  const pairKey = new Map<number, Map<number, number>>();
  const postings = new Postings();
  const docStart: number[] = [];
  const docLength: number[] = [];

  const newKey = (variant: string, folded: string): number => {
    const id = keyVariant.length;
    keyVariant.push(variant);
    keyFolded.push(folded);
    if (id >= seen.length) {
      const size = seen.length * 2;
      const s2 = new Int32Array(size).fill(-1);
      s2.set(seen);
      seen = s2;
      const w2 = new Float32Array(size);
      w2.set(weight);
      weight = w2;
      const h2 = new Uint8Array(size);
      h2.set(inHead);
      inHead = h2;
    }
    return id;
  };
  const syllableKey = (token: string): number => {
    let id = tokenKey.get(token);
    if (id === undefined) {
      const variant = variantKey(token);
      id = keyIds.get(variant);
      if (id === undefined) {
        id = newKey(variant, foldTerm(token));
        keyIds.set(variant, id);
      }
      tokenKey.set(token, id);
    }
    return id;
  };
  const pairOf = (first: number, second: number): number => {
    let inner = pairKey.get(first);
    if (!inner) {
      inner = new Map();
      pairKey.set(first, inner);
    }
    let id = inner.get(second);
    if (id === undefined) {
      id = newKey(`${keyVariant[first]} ${keyVariant[second]}`, `${keyFolded[first]} ${keyFolded[second]}`);
      inner.set(second, id);
    }
    return id;
  };

  // Per article: weighted frequency and head flag of each key, reset by the article number.
  let seen = new Int32Array(1 << 16).fill(-1);
  let weight = new Float32Array(1 << 16);
  let inHead = new Uint8Array(1 << 16);
  const touched: number[] = [];

  const fragments: SearchIndexFile[] = [];
  indexed.forEach((a, doc) => {
    const body = a.textAt ? (options.readText ?? parkedText)(a.textAt) : a.text;
    touched.length = 0;
    let length = 0;
    const count = (id: number, w: number, head: boolean) => {
      if (seen[id] !== doc) {
        seen[id] = doc;
        weight[id] = 0;
        inHead[id] = 0;
        touched.push(id);
      }
      if (head) inHead[id] = 1;
      else weight[id]! += w;
    };
    const add = (text: string, w: number, head: boolean) => {
      const lower = text.toLowerCase();
      let prev = -1;
      let prevEnd = -1;
      for (let start = nextToken(lower, 0); start < lower.length; start = nextToken(lower, prevEnd)) {
        const end = tokenEnd(lower, start);
        const id = syllableKey(lower.slice(start, end));
        count(id, w, head);
        if (prev !== -1 && spaceOnly(lower, prevEnd, start)) count(pairOf(prev, id), w, head);
        if (!head) length += w;
        prev = id;
        prevEnd = end;
      }
    };
    add(a.title, 0, true);
    for (const t of a.tags) add(t, 0, true);
    add(a.summary, SUMMARY_WEIGHT, false);
    add(body, BODY_WEIGHT, false);
    add(a.category, BODY_WEIGHT, false);
    add(a.author, BODY_WEIGHT, false);

    docStart.push(postings.length);
    docLength.push(length);
    for (const id of touched) postings.push(id, weight[id]!, inHead[id] === 1);

    let text = body;
    if (text.length > EXCERPT_TEXT) text = `${text.slice(0, EXCERPT_TEXT).replace(/\s+\S*$/, '')} …`;
    const fragment = { u: a.url, t: a.title, d: a.date, i: a.dateIso, c: a.category, s: a.summary, x: text };
    fragments.push(fileOf(`d/${doc}.json`, JSON.stringify(fragment), excerptHash));
    if (options.release) (indexed as Array<SearchDocument | undefined>)[doc] = undefined;
  });
  docStart.push(postings.length);

  // Postings grouped by key with their scores (counting sort, so each list stays in document
  // order): for each key's list, the document and score of each posting, in `docAt`/`scoreAt`.
  const docs = indexed.length;
  const total = postings.length;
  const avgLength = docLength.reduce((s, n) => s + n, 0) / Math.max(1, docs) || 1;
  const keyCount = keyVariant.length;
  const offsets = new Int32Array(keyCount + 1);
  for (let p = 0; p < total; p++) offsets[postings.key(p) + 1]!++;
  for (let k = 0; k < keyCount; k++) offsets[k + 1]! += offsets[k]!;
  const docAt = new Int32Array(total);
  const scoreAt = new Uint8Array(total);
  const fill = offsets.slice(0, keyCount);
  for (let d = 0; d < docs; d++) {
    const norm = K1 * (1 - B + (B * docLength[d]!) / avgLength);
    for (let p = docStart[d]!; p < docStart[d + 1]!; p++) {
      const f = postings.tf(p);
      const body = f > 0 ? 1 + Math.min(BODY_LEVELS - 1, Math.floor(((f * (K1 + 1)) / (f + norm) / (K1 + 1)) * BODY_LEVELS)) : 0;
      const i = fill[postings.key(p)]!++;
      docAt[i] = d;
      scoreAt[i] = body + (postings.head(p) ? HEAD_SCORE : 0);
    }
    postings.releaseBefore(docStart[d + 1]!);
  }

  // About 12 KB of postings per shard on average; a power of two so the client can mask the hash.
  let shards = 1;
  while (shards < 4096 && (total * 3.5) / shards > 12_000) shards *= 2;
  const byShard: Array<Map<string, number[]>> = Array.from({ length: shards }, () => new Map());
  for (let k = 0; k < keyCount; k++) {
    const folded = keyFolded[k]!;
    const shard = byShard[shardOf(folded, shards)]!;
    const list = shard.get(folded);
    if (list) list.push(k);
    else shard.set(folded, [k]);
  }
  const encode = (k: number): string => {
    let out = '';
    let last = 0;
    for (let i = offsets[k]!; i < offsets[k + 1]!; i++) {
      out += `${i === offsets[k] ? '' : ' '}${(docAt[i]! - last).toString(36)}${scoreAt[i]!.toString(36)}`;
      last = docAt[i]!;
    }
    return out;
  };
  const hash = createHash('sha256');
  hash.update(`${shards} ${docs}\n`);
  const termFiles: SearchIndexFile[] = byShard.map((shard, n) => {
    const entries = [...shard.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const parts = entries.map(([folded, ks]) => {
      const variants = ks
        .map((k) => [keyVariant[k]!, k] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([variant, k]) => `${JSON.stringify(variant)}:${JSON.stringify(encode(k))}`);
      return `${JSON.stringify(folded)}:{${variants.join(',')}}`;
    });
    return fileOf(`t/${n}.json`, `{${parts.join(',\n')}}`, hash);
  });
  hash.update(excerptHash.digest());
  const folder = `${SEARCH_INDEX_ROOT}${hash.digest('hex').slice(0, 10)}/`;
  const files = [...termFiles, ...fragments];
  return { folder, shards, docs, files: files.map((f) => ({ ...f, path: folder + f.path })) };
}

/**
 * Makes a site's search index from its documents: called when the pages are planned, it returns
 * the index on request (when the search page renders, or the files are written). The default
 * builds it on request; the build's (src/workers/search-indexer.ts) starts it on a worker thread
 * at once, so it is ready when asked.
 */
export type SearchIndexer = (documents: readonly SearchDocument[]) => () => SearchIndex;

/** The index built on this thread, on request. */
export const inlineSearchIndexer: SearchIndexer = (documents) => () => indexDocuments(documents);
