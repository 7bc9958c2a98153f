/**
 * "Tin khác" of a whole site, kept from one build to the next.
 *
 * Picking the related articles of every article is the largest part of the site stage (about
 * 0.8 s at 10,000 articles, every article against every article it shares a tag or a title word
 * with). What it reads of each article is small: its place in the sorted list and in its
 * category, date, category, tag keys, title words and source. When none of that changed (an
 * editor fixed a sentence, a picture, a summary), the result cannot have changed either: a build
 * keeps the result as a table of positions under the digest of those inputs, and the next build
 * with the same digest takes the table instead of scoring again.
 *
 * The table comes from outside the process (the cache folder), so it is checked like any
 * untrusted input before use: its length, every position in range, no article related to itself,
 * no article twice in one list, gaps only at the end. (The cache's edge also checks its signature:
 * src/cache/related-cache.ts.) Pure.
 */
import { createHash } from 'node:crypto';
import type { SiteArticle } from './model.js';

/**
 * Version of the scoring (`createRelatedFinder` in build-site.ts) the digests stand for: bump it
 * whenever the scoring picks differently from the same inputs, so no older table is taken.
 */
export const RELATED_VERSION = 1;

/** The related articles of a site as positions, under the digest of what they were picked from. */
export interface RelatedMemo {
  /** `relatedDigest` of the site the table was made for. */
  readonly digest: string;
  /** Articles' related lists, `count` slots per article in the site's order: positions in that order, −1 after the last. */
  readonly table: Int32Array;
}

/**
 * Digest of everything the scoring of `articles` (published, newest first) reads, with `count`:
 * equal digests, equal related lists.
 */
export function relatedDigest(articles: readonly SiteArticle[], count: number): string {
  const place = new Map<SiteArticle, number>();
  for (const category of new Set(articles.map((a) => a.categoryRef))) category.articles.forEach((a, k) => place.set(a, k));
  const hash = createHash('sha256').update(JSON.stringify([RELATED_VERSION, count, articles.length]));
  for (const a of articles) {
    hash.update(
      JSON.stringify([
        a.source,
        a.date,
        a.categoryRef.key,
        place.get(a) ?? -1,
        a.tags.map((t) => t.key),
        a.titleWords,
      ]),
    );
    hash.update('\n');
  }
  return hash.digest('hex');
}

/** The `related` lists of `articles` as a table (see `RelatedMemo.table`). */
export function relatedTable(articles: readonly SiteArticle[], count: number): Int32Array {
  const position = new Map<SiteArticle, number>(articles.map((a, i) => [a, i]));
  const table = new Int32Array(articles.length * Math.max(0, count)).fill(-1);
  articles.forEach((a, i) => {
    a.related.slice(0, count).forEach((r, k) => {
      table[i * count + k] = position.get(r) ?? -1;
    });
  });
  return table;
}

/**
 * Sets each article's `related` from `table` when the table is well formed for `articles` and
 * `count`; returns false (and changes nothing) when it is not.
 */
export function applyRelatedTable(articles: readonly SiteArticle[], count: number, table: Int32Array): boolean {
  const n = articles.length;
  if (count < 0 || table.length !== n * count) return false;
  const lists: SiteArticle[][] = [];
  for (let i = 0; i < n; i++) {
    const list: SiteArticle[] = [];
    const seen = new Set<number>();
    let ended = false;
    for (let k = 0; k < count; k++) {
      const j = table[i * count + k]!;
      if (j === -1) {
        ended = true;
        continue;
      }
      if (ended || j < 0 || j >= n || j === i || seen.has(j)) return false;
      seen.add(j);
      list.push(articles[j]!);
    }
    lists.push(list);
  }
  articles.forEach((a, i) => {
    a.related = lists[i]!;
  });
  return true;
}
