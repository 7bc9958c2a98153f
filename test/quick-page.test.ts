/**
 * The dev server's page planned apart (src/pages/quick-page.ts, issue #19): after an edit of a
 * title, a date, tags, a category or an author, the edited article's page is served before the
 * site is planned again. Whatever it serves must be the page a fresh plan of the same files gives,
 * byte for byte; and when the edit breaks the site (two articles on one address), it must say so
 * as a fresh plan does. Random sites and edits, seeded (the seed is in the failure message).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSiteSession, type SiteSession } from '../src/dev/session.js';
import { slugify } from '../src/text/vietnamese.js';
import { createSite, md, type SiteFiles, type TempSite } from './helpers/site.js';

const NOW = Date.parse('2025-06-01T00:00:00+07:00');

/** Small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const some = <T>(list: readonly T[], max: number): T[] => [...new Set(Array.from({ length: int(max + 1) }, () => pick(list)))];
  return { next, int, pick, some };
}

const CONFIGURED = ['Thông báo', 'Hoạt động của xã phường', 'Kinh tế'];
// Spellings of one tag (one key), two keys with one slug, and a tag whose slug is another's "-2".
const TAGS = ['Tiếp dân', 'Hòa giải', 'Hoà giải', 'An ninh', 'An-ninh', 'An ninh 2', 'Môi trường', 'Hội nghị', 'Giao thông', 'Y tế', 'Giáo dục', 'Văn hóa', 'Thể thao', 'Nông nghiệp', 'Phòng cháy', 'Trẻ em', 'Người cao tuổi', 'Việc làm'];
const AUTHORS = ['Hà Vân', 'Trần An', 'Lê Bình', 'Hà  Vân'];
const WORDS = ['lịch', 'tiếp', 'công', 'dân', 'hội', 'nghị', 'vệ', 'sinh', 'môi', 'trường', 'phường', 'xã', 'tháng', 'kế', 'hoạch', 'an', 'toàn', 'giao', 'thông', 'tiêm', 'chủng'];

interface Article {
  title: string;
  date: string;
  author: string;
  category: string;
  tags: string[];
  summary?: string;
  links: string[];
  /** A site-absolute link to another article's address. */
  absolute?: string;
}

const dateOf = (r: ReturnType<typeof random>) => {
  const day = 1 + r.int(28);
  // Before NOW (1 June 2025): published.
  const year = r.pick([2024, 2025, 2025]);
  const month = 1 + r.int(year === 2025 ? 5 : 12);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}${r.next() < 0.5 ? ` ${String(7 + r.int(10)).padStart(2, '0')}:${r.pick(['00', '30'])}` : ''}`;
};
const titleOf = (r: ReturnType<typeof random>) => {
  const words = Array.from({ length: 3 + r.int(4) }, () => r.pick(WORDS));
  return `${words[0]!.charAt(0).toUpperCase()}${words.join(' ').slice(1)} ${r.int(1000)}`;
};

function render(a: Article): string {
  const body = [`Nội dung của bài ${a.title}.`, ...a.links.map((l) => `Xem [bài liên quan](${l}).`), ...(a.absolute ? [`Xem [địa chỉ](${a.absolute}).`] : [])].join('\n\n');
  return md({ title: a.title, date: a.date, author: a.author, category: a.category, tags: a.tags, summary: a.summary }, `${body}\n`);
}

function makeSite(r: ReturnType<typeof random>, configured: boolean): { files: SiteFiles; articles: Map<string, Article> } {
  const categories = configured ? CONFIGURED : ['Thông báo', 'Thông Báo', 'Hoạt động', 'Kinh tế'];
  const articles = new Map<string, Article>();
  const n = 14 + r.int(10);
  for (let i = 0; i < n; i++) {
    articles.set(`content/bai-${i}.md`, { title: titleOf(r), date: dateOf(r), author: r.pick(AUTHORS), category: r.pick(categories), tags: r.some(TAGS, 3), links: [] });
  }
  const names = [...articles.keys()];
  for (const a of articles.values()) if (r.next() < 0.3) a.links.push(r.pick(names).replace('content/', ''));
  const config = ['title: Bản tin phường Thử', `baseUrl: ${configured ? 'https://phuong-thu.gov.vn/' : '/'}`, 'pageSize: 3', 'relatedCount: 3'];
  if (configured) config.push('categories:', ...CONFIGURED.map((c) => `  - name: ${c}`));
  const files: SiteFiles = { 'bantin.yaml': `${config.join('\n')}\n` };
  for (const [path, a] of articles) files[path] = render(a);
  return { files, articles };
}

/** One random edit of the kinds the dev server plans apart, sometimes one that breaks the site. */
function edit(r: ReturnType<typeof random>, a: Article, all: Article[], configured: boolean): Article {
  const next = { ...a, tags: [...a.tags], links: [...a.links] };
  const kinds = r.next() < 0.15 ? [r.pick(['clash', 'future'])] : r.some(['title', 'date', 'tags', 'category', 'author', 'summary'], 2);
  for (const kind of kinds) {
    if (kind === 'title') next.title = r.next() < 0.3 ? `${a.title} (sửa)` : titleOf(r);
    if (kind === 'date') next.date = dateOf(r);
    if (kind === 'tags') next.tags = r.next() < 0.3 ? [...a.tags, `Thẻ mới ${r.int(100)}`] : r.some(TAGS, 4);
    if (kind === 'category') next.category = r.pick(configured ? CONFIGURED : ['Thông báo', 'Thông Báo', 'Hoạt động', 'Kinh tế', 'Chuyên mục mới', 'Thong bao']);
    if (kind === 'author') next.author = r.pick([...AUTHORS, 'Tác giả mới']);
    if (kind === 'summary') next.summary = `Tóm tắt ${r.int(100)}`;
    if (kind === 'clash') {
      const other = r.pick(all);
      next.title = other.title;
      next.category = other.category;
    }
    if (kind === 'future') next.date = '01/01/2030 08:00';
  }
  return next;
}

const sessions: SiteSession[] = [];
const sites: TempSite[] = [];
afterEach(async () => {
  sessions.length = 0;
  for (const s of sites.splice(0)) await s.cleanup();
});

function open(site: TempSite): SiteSession {
  const s = createSiteSession({ root: site.root, cwd: site.root, now: NOW, cacheDir: false, threads: 1 });
  sessions.push(s);
  return s;
}

describe('the page planned apart after an edit (serve)', () => {
  for (const configured of [true, false]) {
    it(`should serve the page a fresh plan gives, for random edits (${configured ? 'configured categories, feeds' : 'categories found in articles, no feeds'})`, async () => {
      let quick = 0;
      let edits = 0;
      for (const seed of [1, 2, 3]) {
        const r = random(seed * 7919 + (configured ? 1 : 0));
        const { files, articles } = makeSite(r, configured);
        // One article links to another's address as written in a browser: moving that one must not hide a broken link.
        const [first, second] = [...articles.values()];
        first!.absolute = `/${slugify(second!.category)}/${slugify(second!.title)}/`;
        files['content/bai-0.md'] = render(first!);
        const site = await createSite(files);
        sites.push(site);
        const session = open(site);
        const started = await session.start();
        expect(started.ok, `seed ${seed}: ${started.state.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`).toBe(true);
        for (let k = 0; k < 15; k++) {
          const path = r.pick([...articles.keys()]);
          const next = edit(r, articles.get(path)!, [...articles.values()], configured);
          // What `bantin serve` does while the editor reads: the site planned, ready for the next edit.
          session.settle();
          await site.write({ [path]: render(next) });
          const report = await session.rebuild([{ kind: 'content', path: site.path(path) }]);
          const url = `${slugify(next.category)}/${slugify(next.title)}/`;
          // Asked before anything else, as the browser does after the reload.
          const served = session.lookup(url);
          const fresh = open(site);
          const start = await fresh.start();
          const where = `seed ${seed}, edit ${k} of ${path} (${report.scope})`;
          expect(report.ok, where).toBe(start.ok);
          if (start.ok) {
            expect(served, where).toEqual(fresh.lookup(url));
            expect(report.state.diagnostics.map((d) => d.code), where).toEqual(start.state.diagnostics.map((d) => d.code));
          }
          edits++;
          if (report.scope === 'article' && start.ok) quick++;
          if (start.ok) articles.set(path, next);
          else await site.write({ [path]: render(articles.get(path)!) }), await session.rebuild([{ kind: 'content', path: site.path(path) }]);
        }
        // And the rest of the site, planned after the last edit, is the fresh plan too.
        const fresh = open(site);
        await fresh.start();
        expect(session.pagePaths()).toEqual(fresh.pagePaths());
        for (const page of fresh.pagePaths()) {
          const sitePath = page === 'index.html' ? '' : page.endsWith('/index.html') ? page.slice(0, -'index.html'.length) : page;
          expect(session.lookup(sitePath), `seed ${seed}: ${page}`).toEqual(fresh.lookup(sitePath));
        }
      }
      // The edits must exercise the page planned apart, not only the fallback.
      expect(quick, `${quick} of ${edits} edits planned apart`).toBeGreaterThan(edits / 3);
    }, 120_000);
  }
});
