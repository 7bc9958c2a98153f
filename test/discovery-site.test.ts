/**
 * Discovery on the sample site (issue #5), built as the deploy recipes build it: with its absolute
 * address (`--base-url`). Every page and file exists; feeds, sitemap and robots.txt are read by real
 * parsers (sax in strict mode, the `sitemap` package's own parser, robots-parser); article pages
 * carry canonical, Open Graph, Twitter and JSON-LD data; the search index is small and in pieces.
 * The search itself runs in Chromium in test/browser/search.browser.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { HtmlValidate, StaticConfigLoader, type ConfigData } from 'html-validate';
import robotsParser from 'robots-parser';
import { parseSitemap } from 'sitemap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { createMemoryLogger } from '../src/logger.js';
import { REPO } from './browser/sample-site.js';
import { childOf, childrenOf, htmlToText, parseXml } from './helpers/xml.js';

const BASE = 'https://tranphu.quangngai.gov.vn/';
const CATEGORIES = ['hoat-dong-cua-xa-phuong', 'thong-bao', 'an-ninh-quoc-phong', 'kinh-te-xa-hoi', 'y-te-giao-duc'];
const SEED = 'hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14-khoa-xii-mo-rong-nhiem-ky-2020-2025/';

let parent: string;
let dir: string;
let summary: string;
const files = new Map<string, string>();
const read = (rel: string) => {
  const text = files.get(rel);
  if (text === undefined) throw new Error(`${rel} is not in the built sample site`);
  return text;
};

async function walk(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await walk(root, child)));
    else out.push(child);
  }
  return out.sort();
}

beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'bantin-discovery-'));
  dir = path.join(parent, 'dist');
  const logger = createMemoryLogger();
  const code = await run(['build', '--root', REPO, '--out', dir, '--base-url', BASE, '--no-cache'], logger);
  summary = logger.text();
  if (code !== 0) throw new Error(`build of the sample site failed:\n${summary}`);
  for (const f of await walk(dir)) if (/\.(html|xml|json|txt|js)$/.test(f)) files.set(f, await readFile(path.join(dir, f), 'utf8'));
}, 120_000);

afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

/** Redirect pages of old addresses (`aliases:`), as `_redirects` lists them: not theme pages. */
const redirects = () =>
  new Set(
    readFileSync(path.join(dir, '_redirects'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('/'))
      .map((l) => {
        const from = decodeURIComponent(l.split(' ')[0]!.slice(1));
        return from.endsWith('/') ? `${from}index.html` : from;
      }),
  );
const pages = () => {
  const skip = redirects();
  return [...files.keys()].filter((f) => f.endsWith('.html') && !skip.has(f));
};

describe('the discovery pages and files of the sample site', () => {
  it('should build without a warning under its absolute address', () => {
    expect(summary).not.toContain('cảnh báo');
  });

  it('should have tag, author, archive, sitemap and search pages, feeds, sitemap.xml and robots.txt', () => {
    const expected = [
      'the/index.html',
      'the/dang-uy/index.html',
      'the/to-dan-pho/index.html',
      'tac-gia/index.html',
      'tac-gia/ha-van/index.html',
      'tac-gia/nguyen-thi-hoa/index.html',
      'luu-tru/index.html',
      'luu-tru/2021/index.html',
      'luu-tru/2021/10/index.html',
      'luu-tru/2024/07/index.html',
      'so-do-trang/index.html',
      'tim-kiem/index.html',
      'rss.xml',
      'atom.xml',
      'feed.json',
      ...CATEGORIES.map((c) => `${c}/rss.xml`),
      'sitemap.xml',
      'robots.txt',
    ];
    expect(expected.filter((f) => !files.has(f))).toEqual([]);
  });

  it('should make one author of "Nguyễn Thị Hòa" and "Nguyễn Thị Hoà", and one tag of "Đảng ủy" and "Đảng uỷ"', () => {
    expect(read('tac-gia/nguyen-thi-hoa/index.html').match(/<li class="article-item">/g)).toHaveLength(3);
    expect(read('the/dang-uy/index.html').match(/<li class="article-item">/g)).toHaveLength(2);
    expect(read('tac-gia/index.html').match(/nguyen-thi-hoa/g)).toHaveLength(1);
  });

  it('should head month archives like "Tháng 10/2021" and list years and months with counts', () => {
    expect(read('luu-tru/2021/10/index.html')).toContain('<h1>Tháng 10/2021</h1>');
    expect(read('luu-tru/index.html')).toMatch(/<a href="\/luu-tru\/2024\/07\/">Tháng 7\/2024<\/a> <span class="count">\(\d+<span class="visually-hidden"> bài viết<\/span>\)<\/span>/);
  });

  it('should list categories, tags, archives, authors, fixed pages and feeds on the sitemap page', () => {
    const html = read('so-do-trang/index.html');
    for (const c of CATEGORIES) expect(html).toContain(`href="/${c}/"`);
    for (const href of ['/', '/tim-kiem/', '/the/', '/tac-gia/', '/luu-tru/', '/the/dang-uy/', '/luu-tru/2021/10/', '/tac-gia/ha-van/', `${BASE}rss.xml`]) expect(html).toContain(`href="${href}"`);
  });

  it('should link every tag and the author of each article to their pages', () => {
    const html = read(`${SEED}index.html`);
    expect(html).toContain('<a class="tag" href="/the/dang-uy/" rel="tag">Đảng ủy</a>');
    expect(html).toContain('<a href="/tac-gia/ha-van/" rel="author">Hà Vân</a>');
    for (const page of pages()) {
      for (const m of files.get(page)!.matchAll(/href="(\/(?:the|tac-gia|luu-tru)\/[^"]*)"/g)) expect(existsSync(path.join(dir, m[1]!, 'index.html')), `${page} → ${m[1]}`).toBe(true);
    }
  });
});

describe('feeds of the sample site', () => {
  it('should be RSS 2.0, Atom and JSON Feed a strict parser reads, with every article newest first', () => {
    const channel = childOf(parseXml(read('rss.xml')), 'channel');
    const items = childrenOf(channel, 'item');
    expect(items.length).toBe(13);
    const dates = items.map((i) => Date.parse(childOf(i, 'pubDate').text));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    for (const item of items) {
      expect(childOf(item, 'link').text).toMatch(new RegExp(`^${BASE}[a-z-]+/[a-z0-9-]+/$`));
      expect(existsSync(path.join(dir, childOf(item, 'link').text.slice(BASE.length), 'index.html'))).toBe(true);
      expect(childOf(item, 'pubDate').text).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0700$/);
      expect(childOf(item, 'creator', 'http://purl.org/dc/elements/1.1/').text).not.toBe('');
      expect(htmlToText(childOf(item, 'description').text).hasMarkup).toBe(false);
    }
    const atom = parseXml(read('atom.xml'));
    expect(childrenOf(atom, 'entry').map((e) => childOf(e, 'id').text)).toEqual(items.map((i) => childOf(i, 'link').text));
    for (const e of childrenOf(atom, 'entry')) expect(childOf(e, 'published').text).toMatch(/\+07:00$/);
    const json = JSON.parse(read('feed.json')) as { items: Array<{ url: string; date_published: string; title: string }> };
    expect(json.items.map((i) => i.url)).toEqual(items.map((i) => childOf(i, 'link').text));
    expect(json.items[0]!.date_published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
  });

  it('should have an RSS feed per category with only that category', () => {
    for (const c of CATEGORIES) {
      const items = childrenOf(childOf(parseXml(read(`${c}/rss.xml`)), 'channel'), 'item');
      for (const item of items) expect(childOf(item, 'link').text.startsWith(`${BASE}${c}/`)).toBe(true);
    }
  });

  it('should point every page at the feeds and give every page its absolute canonical address', () => {
    for (const page of pages()) {
      const html = read(page);
      expect(html, page).toContain(`<link rel="alternate" type="application/rss+xml" title="Cổng thông tin điện tử phường Trần Phú (RSS)" href="${BASE}rss.xml">`);
      expect(html, page).toContain(`<link rel="alternate" type="application/atom+xml"`);
      expect(html, page).toContain(`<link rel="alternate" type="application/feed+json"`);
      const canonical = /<link rel="canonical" href="([^"]+)">/.exec(html)?.[1];
      expect(canonical, page).toBe(BASE + page.replace(/index\.html$/, ''));
    }
  });
});

describe('sitemap.xml and robots.txt of the sample site', () => {
  it('should list every page but 404 and search, as the sitemap package reads it, with lastmod', async () => {
    const items = await parseSitemap(Readable.from([read('sitemap.xml')]));
    const urls = items.map((i) => i.url);
    const expected = pages()
      .filter((p) => p !== '404.html' && p !== 'tim-kiem/index.html')
      .map((p) => BASE + p.replace(/index\.html$/, ''));
    expect([...urls].sort()).toEqual(expected.sort());
    for (const item of items) expect(item.lastmod).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The seed article: its date, with the site's offset.
    expect(read('sitemap.xml')).toContain(`<url><loc>${BASE}${SEED}</loc><lastmod>2021-10-11T14:48:00+07:00</lastmod></url>`);
    parseXml(read('sitemap.xml'));
  });

  it('should let crawlers in, keep them out of the search page, and name the sitemap in robots.txt', () => {
    const robots = robotsParser(`${BASE}robots.txt`, read('robots.txt'));
    expect(robots.getSitemaps()).toEqual([`${BASE}sitemap.xml`]);
    expect(robots.isAllowed(`${BASE}${SEED}`, 'Googlebot')).toBe(true);
    expect(robots.isAllowed(`${BASE}the/dang-uy/`, 'Googlebot')).toBe(true);
    expect(robots.isAllowed(`${BASE}tim-kiem/?q=hoi+nghi`, 'Googlebot')).toBe(false);
  });
});

describe('link previews and structured data on the sample site', () => {
  const seed = () => read(`${SEED}index.html`);

  it('should give the seed article Open Graph, article and Twitter card tags with its cover image', () => {
    const html = seed();
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain(`<meta property="og:url" content="${BASE}${SEED}">`);
    // The cover's 1200×630 crop (src/images/process-images.ts), the size Facebook and Zalo show large.
    expect(html).toContain(`<meta property="og:image" content="${BASE}hoat-dong-cua-xa-phuong/toan-canh-hoi-nghi-og.jpg">`);
    expect(html).toMatch(/<meta property="og:title" content="Hội nghị BCH Phường Trần Phú lần thứ 14[^"]*">/);
    expect(html).toMatch(/<meta property="og:description" content="Ngày 7\/10[^"]*">/);
    expect(html).toContain('<meta property="article:published_time" content="2021-10-11T14:48:00+07:00">');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
  });

  it('should give the seed article NewsArticle and BreadcrumbList JSON-LD', () => {
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(seed())![1]!;
    const graph = (JSON.parse(json) as { '@graph': Array<Record<string, unknown>> })['@graph'];
    expect(graph.map((g) => g['@type'])).toEqual(['NewsArticle', 'BreadcrumbList']);
    expect(graph[0]).toMatchObject({
      headline: 'Hội nghị BCH Phường Trần Phú lần thứ 14, khóa XII (mở rộng), nhiệm kỳ 2020- 2025',
      datePublished: '2021-10-11T14:48:00+07:00',
      dateModified: '2021-10-11T14:48:00+07:00',
      author: [{ '@type': 'Person', name: 'Hà Vân', url: `${BASE}tac-gia/ha-van/` }],
      image: [`${BASE}hoat-dong-cua-xa-phuong/toan-canh-hoi-nghi.jpg`],
      publisher: { '@type': 'GovernmentOrganization', name: 'UBND phường Trần Phú', url: BASE },
    });
  });

  it('should pass html-validate on the discovery pages and an article under the absolute address', async () => {
    const config = JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')) as ConfigData;
    const validator = new HtmlValidate(new StaticConfigLoader(config));
    const problems: string[] = [];
    const checked = pages().filter((p) => /^(the|tac-gia|luu-tru|so-do-trang|tim-kiem)\//.test(p) || p === `${SEED}index.html` || p === 'index.html');
    for (const page of checked) {
      const report = await validator.validateString(read(page), page);
      for (const r of report.results) for (const m of r.messages) problems.push(`${page}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
    expect(checked.length).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('should keep the article page at or under 50 KB of HTML + CSS + JS with all of this', async () => {
    let heaviest = 0;
    for (const page of pages().filter((p) => /^[^/]+\/[^/]+\/index\.html$/.test(p) && CATEGORIES.includes(p.split('/')[0]!))) {
      let total = Buffer.byteLength(read(page));
      for (const asset of ['assets/style.css', 'assets/site.js']) total += (await stat(path.join(dir, asset))).size;
      heaviest = Math.max(heaviest, total);
    }
    expect(heaviest).toBeLessThanOrEqual(50 * 1024);
  });
});

describe('the search page and its index on the sample site', () => {
  it('should load its script on /tim-kiem/ only, and search from every other page through the header form', () => {
    for (const page of pages()) {
      const html = read(page);
      expect(html.includes('assets/search.js'), page).toBe(page === 'tim-kiem/index.html');
      expect(html.includes('<form class="site-search" role="search" action="/tim-kiem/" method="get">'), page).toBe(page !== 'tim-kiem/index.html');
    }
  });

  it('should keep the script small and free of third-party code and labels', () => {
    const js = read('assets/search.js');
    expect(Buffer.byteLength(js)).toBeLessThanOrEqual(12 * 1024);
    expect(gzipSync(js).length).toBeLessThanOrEqual(4 * 1024);
    expect(js).toContain("'use strict'");
    expect(js).not.toMatch(/\bimport\b|XMLHttpRequest|document\.write|innerHTML|https?:\/\//);
    expect(js.match(/'[^']*[À-ỹ][^']*'/g) ?? []).toEqual([]);
  });

  it('should split the index into small term shards and one small file per article or fixed page', () => {
    const index = [...files.keys()].filter((f) => f.startsWith('tim-kiem/chi-muc/'));
    const folder = /data-index="\/(tim-kiem\/chi-muc\/[0-9a-f]{10}\/)"/.exec(read('tim-kiem/index.html'))![1]!;
    expect(index.every((f) => f.startsWith(folder))).toBe(true);
    const docs = index.filter((f) => f.includes('/d/'));
    const shards = index.filter((f) => f.includes('/t/'));
    // 13 articles and the 4 fixed pages of content/trang/.
    expect(docs).toHaveLength(17);
    expect(shards.length).toBe(Number(/data-shards="(\d+)"/.exec(read('tim-kiem/index.html'))![1]));
    for (const f of shards) expect(Buffer.byteLength(read(f)), f).toBeLessThanOrEqual(64 * 1024);
    for (const f of docs) {
      const doc = JSON.parse(read(f)) as Record<string, string>;
      expect(Object.keys(doc).sort()).toEqual(['c', 'd', 'i', 's', 't', 'u', 'x']);
      expect(existsSync(path.join(dir, doc.u!, 'index.html'))).toBe(true);
    }
  });
});
