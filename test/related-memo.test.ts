/**
 * "Tin khác" kept between builds (src/site/related-memo.ts): taken only when nothing the scoring
 * reads changed, and then the same lists scoring gives; a table that is not well formed is never taken.
 */
import { describe, expect, it } from 'vitest';
import { assignRelated, assignRelatedOnce } from '../src/site/build-site.js';
import type { SiteArticle } from '../src/site/model.js';
import { applyRelatedTable, relatedDigest, relatedTable } from '../src/site/related-memo.js';
import { articleData, linkedArticles } from './helpers/site.js';

const day = (n: number) => Date.parse('2024-01-01T00:00:00Z') + n * 86_400_000;

const linked = linkedArticles;

interface Fields {
  source: string;
  title: string;
  date: number;
  category: string;
  tags: string[];
  summary?: string;
}

/** 300 articles' fields: common and rare tags and title words, ties of date, categories of every size. */
function fields(): Fields[] {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const words = ['họp', 'dân', 'phố', 'tiêm', 'chủng', 'vệ', 'sinh', 'môi', 'trường', 'lịch', 'tiếp', 'công', 'an', 'ninh'];
  return Array.from({ length: 300 }, (_, i) => ({
    source: `tin/${i}.md`,
    title: Array.from({ length: 2 + Math.floor(next() * 4) }, () => pick(words)).join(' ') + ` số ${i % 30}`,
    date: day(Math.floor(next() * 90)),
    category: pick(['Thông báo', 'Hoạt động', 'Y tế']),
    tags: Array.from({ length: Math.floor(next() * 4) }, () => pick(['Tiếp dân', 'Y tế', 'Môi trường', `Thẻ ${Math.floor(next() * 20)}`])),
  }));
}

const siteOf = (list: readonly Fields[]) => linked(list.map((f) => articleData(f)));
const lists = (articles: readonly SiteArticle[]) => articles.map((a) => [a.source, a.related.map((r) => r.source)]);

/** What scoring gives on a fresh copy of the same site. */
function scored(list: readonly Fields[], count: number) {
  const fresh = siteOf(list);
  assignRelated(fresh, count);
  return lists(fresh);
}

describe('related lists kept between builds', () => {
  it('should take the kept lists when only what scoring does not read changed, and they are the lists scoring gives', () => {
    const before = fields();
    const first = assignRelatedOnce(siteOf(before), 5, undefined);
    expect(first.reused).toBe(false);
    // A summary, a body, an author: not read by the scoring.
    const after = before.map((f, i) => (i % 7 === 0 ? { ...f, summary: `Tóm tắt mới ${i}` } : f));
    const site = siteOf(after);
    const second = assignRelatedOnce(site, 5, first.memo);
    expect(second.reused).toBe(true);
    expect(lists(site)).toEqual(scored(after, 5));
    expect(lists(site).filter(([, r]) => r!.length === 5).length).toBeGreaterThan(250);
  });

  const edits: Array<[string, (list: Fields[]) => Fields[]]> = [
    ['a tag', (list) => list.map((f, i) => (i === 40 ? { ...f, tags: [...f.tags, 'Thẻ mới'] } : f))],
    ['a title word', (list) => list.map((f, i) => (i === 41 ? { ...f, title: `${f.title} tiêm chủng` } : f))],
    ['a date', (list) => list.map((f, i) => (i === 42 ? { ...f, date: day(200) } : f))],
    ['a category', (list) => list.map((f, i) => (i === 43 ? { ...f, category: f.category === 'Y tế' ? 'Thông báo' : 'Y tế' } : f))],
    ['a removed article', (list) => list.filter((_, i) => i !== 44)],
    ['a new article', (list) => [...list, { source: 'tin/moi.md', title: 'họp dân phố tiêm chủng', date: day(45), category: 'Y tế', tags: ['Y tế'] }]],
    ['a renamed file', (list) => list.map((f, i) => (i === 46 ? { ...f, source: 'tin/doi-ten.md' } : f))],
  ];
  for (const [what, edit] of edits) {
    it(`should score again after ${what}, and give what scoring gives`, () => {
      const before = fields();
      const first = assignRelatedOnce(siteOf(before), 5, undefined);
      const after = edit(before);
      const site = siteOf(after);
      expect(relatedDigest(site, 5)).not.toBe(first.memo.digest);
      const second = assignRelatedOnce(site, 5, first.memo);
      expect(second.reused).toBe(false);
      expect(lists(site)).toEqual(scored(after, 5));
      // The new memo is the one the next build takes.
      const again = siteOf(after);
      expect(assignRelatedOnce(again, 5, second.memo).reused).toBe(true);
      expect(lists(again)).toEqual(lists(site));
    });
  }

  it('should score again for another number of related articles', () => {
    const list = fields();
    const first = assignRelatedOnce(siteOf(list), 5, undefined);
    const site = siteOf(list);
    expect(assignRelatedOnce(site, 3, first.memo).reused).toBe(false);
    expect(lists(site)).toEqual(scored(list, 3));
  });

  it('should refuse a table that is not well formed, and change nothing', () => {
    const list = fields().slice(0, 20);
    const site = siteOf(list);
    assignRelated(site, 3);
    const good = relatedTable(site, 3);
    const before = lists(site);
    const bad: Array<[string, (t: Int32Array) => Int32Array]> = [
      ['too short', (t) => t.slice(0, t.length - 1)],
      ['too long', (t) => Int32Array.from([...t, -1])],
      ['out of range', (t) => t.map((v, i) => (i === 4 ? 20 : v))],
      ['below -1', (t) => t.map((v, i) => (i === 4 ? -2 : v))],
      ['itself', (t) => t.map((v, i) => (i === 3 ? 1 : v))],
      ['twice in a list', (t) => t.map((v, i) => (i === 4 ? t[3]! : v))],
      ['after a gap', (t) => t.map((v, i) => (i === 3 ? -1 : v))],
    ];
    for (const [what, spoil] of bad) {
      const table = spoil(good);
      expect(applyRelatedTable(site, 3, table), what).toBe(false);
      expect(lists(site), what).toEqual(before);
      // With the right digest, a spoilt table is still not taken: the lists are scored again.
      const fresh = siteOf(list);
      const kept = assignRelatedOnce(fresh, 3, { digest: relatedDigest(fresh, 3), table });
      expect(kept.reused, what).toBe(false);
      expect(lists(fresh), what).toEqual(before);
    }
    expect(applyRelatedTable(siteOf(list), 3, good)).toBe(true);
  });
});
