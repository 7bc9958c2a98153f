/**
 * Discovery in the pure core (issue #5): tags, authors and archives; feeds; sitemap, robots.txt and
 * structured data; the search index. Sites are built in memory through `buildSiteOutput` with the
 * default theme. The sample site is in discovery-site.test.ts, the search in a browser in
 * test/browser/search.browser.test.ts.
 */
import { contentsOf } from './helpers/site.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/resolve-config.js';
import { run } from '../src/cli.js';
import { buildSiteOutput, type SiteOutput } from '../src/pipeline.js';
import { feedsNote } from '../src/outputs/discovery.js';
import { createMemoryLogger } from '../src/logger.js';
import { ZonedDate, absoluteBody } from '../src/outputs/feeds.js';
import { fromHtml } from 'hast-util-from-html';
import { bodyHtml } from '../src/content/body.js';
import { foldTerm, shardOf, variantKey } from '../src/outputs/search-index.js';
import { robotsTxt, sitemapFiles } from '../src/outputs/seo.js';
import { buildSite } from '../src/site/build-site.js';
import { buildTaxonomy } from '../src/site/taxonomy.js';
import { articleData, config, createSite, md } from './helpers/site.js';
import { defaultTheme, THEME } from './helpers/theme.js';
import { childOf, childrenOf, htmlToText, parseXml } from './helpers/xml.js';

const BASE = 'https://hoabinh.gov.vn/';
const NOW = Date.parse('2030-01-01T00:00:00Z');

const THEME_FILES = defaultTheme();

/** Build a site from Markdown files (content-relative path → text) in memory, with the default theme. */
function build(files: Record<string, string>, yaml = `baseUrl: ${BASE}\n`, assets: string[] = []): SiteOutput & { file(p: string): string } {
  const { config: resolved } = resolveConfig(yaml, 'bantin.yaml');
  if (!resolved) throw new Error('bad config');
  const output = buildSiteOutput({
    config: resolved,
    markdown: Object.entries(files).map(([p, text]) => ({ path: p, bytes: new TextEncoder().encode(text) })),
    assets,
    templates: THEME_FILES.templates,
    themeAssets: THEME_FILES.assets,
    options: { drafts: false, future: false, now: NOW },
    contentLabel: 'content/',
  });
  const all = new Map([...output.pages, ...output.files].map((f) => [f.path, contentsOf(f)]));
  return {
    ...output,
    file(p: string) {
      const text = all.get(p);
      if (text === undefined) throw new Error(`no ${p} in the output; have ${[...all.keys()].filter((k) => !k.includes('chi-muc')).join(', ')}`);
      if (typeof text !== 'string') throw new Error(`${p} is binary, not text`);
      return text;
    },
  };
}

const errorsOf = (o: SiteOutput) => o.diagnostics.filter((d) => d.severity === 'error');
const article = (fields: Record<string, string | readonly string[] | undefined>, body?: string) =>
  md({ author: 'Hà Vân', category: 'Thông báo', ...fields }, body);

describe('feedSize and feedFullContent in bantin.yaml', () => {
  it('should default to 20 articles per feed, summaries only', () => {
    expect(config()).toMatchObject({ feedSize: 20, feedFullContent: false });
  });

  it('should read feedSize and feedFullContent', () => {
    expect(config('feedSize: 5\nfeedFullContent: true\n')).toMatchObject({ feedSize: 5, feedFullContent: true });
  });

  it('should refuse a feedSize that is not a whole number and a feedFullContent that is not true or false', () => {
    const { config: resolved, diagnostics } = resolveConfig('feedSize: nhiều\nfeedFullContent: có lẽ\n', 'bantin.yaml');
    expect(resolved).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['BT202', 1],
      ['BT202', 2],
    ]);
  });
});

describe('tags, authors and archives', () => {
  const site = () =>
    build({
      'a.md': article({ title: 'Bài một', date: '2021-10-31 22:00', tags: ['Hòa giải', 'Đảng ủy'], author: 'Nguyễn Thị Hòa' }),
      // Same tag and author: new tone placement, and decomposed (NFD) Unicode.
      'b.md': article({ title: 'Bài hai', date: '2021-10-01', tags: ['Hoà giải'.normalize('NFD')], author: 'Nguyễn Thị Hoà' }),
      'c.md': article({ title: 'Bài ba', date: '2021-11-01 00:30', tags: ['Hòa giải'], author: 'Nguyễn Thị Hòa' }),
      // Another tag with the same slug as "Hòa giải": a different word, its own page.
      'd.md': article({ title: 'Bài bốn', date: '2022-01-05', tags: ['Hóa giải'], author: 'Lê Văn Thắng' }),
    });

  it('should make one tag and one author of names that differ only by tone placement or Unicode form', () => {
    const out = site();
    expect(errorsOf(out)).toEqual([]);
    const tags = out.file('the/index.html');
    expect(tags.match(/<li><a href="\/the\/[^"]+">/g)).toHaveLength(3);
    expect(out.file('the/hoa-giai/index.html').match(/<li class="article-item">/g)).toHaveLength(3);
    expect(out.file('tac-gia/nguyen-thi-hoa/index.html').match(/<li class="article-item">/g)).toHaveLength(3);
  });

  it('should show the spelling most articles use (Hòa giải twice, Hoà giải once), and give a second word with the same slug its own address', () => {
    const out = site();
    expect(out.file('the/hoa-giai/index.html')).toContain('<h1>Hòa giải</h1>');
    // "Hóa giải" appeared after "Hòa giải": it gets -2, and the older tag keeps its address.
    expect(out.file('the/hoa-giai-2/index.html')).toContain('<h1>Hóa giải</h1>');
    expect(out.file('the/index.html')).toMatch(/<a href="\/the\/hoa-giai\/">Hòa giải<\/a> <span class="count">\(3<span class="visually-hidden"> bài viết<\/span>\)<\/span>/);
  });

  it('should link the tags and the author of an article to their pages', () => {
    const html = site().file('thong-bao/bai-mot/index.html');
    expect(html).toContain('<a class="tag" href="/the/hoa-giai/" rel="tag">Hòa giải</a>');
    expect(html).toContain('<a class="tag" href="/the/dang-uy/" rel="tag">Đảng ủy</a>');
    expect(html).toContain('<p class="author"><a href="/tac-gia/nguyen-thi-hoa/" rel="author">Nguyễn Thị Hòa</a></p>');
  });

  it("should file articles by the month of the site's time zone and head month pages like Tháng 10/2021", () => {
    const out = site();
    // 2021-10-31 22:00 in Vietnam is October; 2021-11-01 00:30 is November (UTC would say October).
    const october = out.file('luu-tru/2021/10/index.html');
    expect(october).toContain('<h1>Tháng 10/2021</h1>');
    expect(october).toContain('Bài một');
    expect(october).not.toContain('Bài ba');
    expect(out.file('luu-tru/2021/11/index.html')).toContain('Bài ba');
    expect(out.file('luu-tru/2021/index.html')).toContain('<h1>Năm 2021</h1>');
    const index = out.file('luu-tru/index.html');
    expect(index.indexOf('Năm 2022')).toBeLessThan(index.indexOf('Năm 2021'));
    expect(index).toMatch(/<a href="\/luu-tru\/2021\/10\/">Tháng 10\/2021<\/a> <span class="count">\(2/);
  });

  it('should paginate tag, author and archive pages like categories', () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 5; i++) files[`t${i}.md`] = article({ title: `Tin số ${i}`, date: `2024-05-0${i}`, tags: ['Đảng ủy'] });
    const out = build(files, `baseUrl: ${BASE}\npageSize: 2\n`);
    for (const prefix of ['the/dang-uy/', 'tac-gia/ha-van/', 'luu-tru/2024/', 'luu-tru/2024/05/']) {
      expect(out.file(`${prefix}trang/3/index.html`)).toContain('Tin số 1');
      expect(() => out.file(`${prefix}trang/4/index.html`)).toThrow();
      expect(out.file(`${prefix}trang/2/index.html`)).toContain(`<a rel="prev" href="/${prefix}">`);
    }
  });

  it('should show a long list\'s page numbers around the current page, with gaps, in the default theme', () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 24; i++) files[`t${i}.md`] = article({ title: `Tin số ${i}`, date: `2024-05-${String(i).padStart(2, '0')}` });
    const out = build(files, `baseUrl: ${BASE}\npageSize: 2\n`);
    const nav = /<nav class="pagination"[\s\S]*?<\/nav>/.exec(out.file('trang/6/index.html'))![0];
    const items = [...nav.matchAll(/<li class="([a-z-]+)"[^>]*>([\s\S]*?)<\/li>/g)].map(([, cls, inner]) =>
      cls === 'page-gap' ? '…' : cls === 'page-number' ? inner!.replace(/<[^>]+>/g, '').replace('Trang ', '') + (inner!.includes('aria-current') ? '*' : '') : cls,
    );
    expect(items).toEqual(['page-prev', '1', '…', '4', '5', '6*', '7', '8', '…', '12', 'page-next']);
    expect(nav).toContain('<li class="page-gap" aria-hidden="true">…</li>');
    expect(nav).toContain('<a href="/trang/12/">');
    expect(nav).not.toContain('/trang/9/');
  });

  it('should refuse a category whose address is one of the discovery pages', () => {
    const out = build({ 'a.md': article({ title: 'Bài', date: '2024-01-01', category: 'Tìm kiếm' }) });
    expect(errorsOf(out).map((d) => [d.code, d.file])).toEqual([['BT501', 'content/a.md']]);
    expect(errorsOf(out)[0]!.message).toContain('/tim-kiem/');
  });

  it('should group terms in one pass over the site model', () => {
    const articles = [
      articleData({ source: 'a.md', title: 'A', date: '2024-01-02T00:00:00Z', category: 'Tin', tags: ['X', 'Y'] }),
      articleData({ source: 'b.md', title: 'B', date: '2024-01-01T00:00:00Z', category: 'Tin', tags: ['Y'] }),
    ];
    const { site } = buildSite(articles, [], config(), { drafts: false, future: false, now: NOW });
    const taxonomy = buildTaxonomy(site);
    expect(taxonomy.tags.map((t) => [t.name, t.slug, t.articles.map((a) => a.source)])).toEqual([
      ['X', 'x', ['a.md']],
      ['Y', 'y', ['a.md', 'b.md']],
    ]);
    expect(taxonomy.years.map((y) => [y.year, y.months.map((m) => m.month)])).toEqual([[2024, [1]]]);
  });
});

describe('feeds', () => {
  const title = 'Thông báo <script>alert("x")</script> & “Hội nghị” ]]> cuối';
  const summary = 'Tóm tắt có <b>thẻ</b> & dấu "ngoặc".';
  const files = {
    'a.md': article(
      { title, date: '11/10/2021 14:48', updated: '12/10/2021 08:00', summary, tags: ['Đảng ủy'], author: 'Hà <i>Vân</i>', image: 'anh.jpg' },
      'Nội dung [bài khác](b.md) và ![ảnh](anh.jpg "Chú thích").\n',
    ),
    'b.md': article({ title: 'Bài thứ hai', date: '01/10/2021', category: 'Hoạt động của xã phường' }),
    'c.md': article({ title: 'Bài thứ ba', date: '01/09/2021' }),
  };

  it('should write RSS, Atom and JSON Feed for the site and RSS per category, each well-formed', () => {
    const out = build(files, `baseUrl: ${BASE}\n`, ['anh.jpg']);
    expect(errorsOf(out)).toEqual([]);
    const rss = parseXml(out.file('rss.xml'));
    expect(rss.name).toBe('rss');
    expect(parseXml(out.file('atom.xml')).uri).toBe('http://www.w3.org/2005/Atom');
    expect(JSON.parse(out.file('feed.json')).version).toBe('https://jsonfeed.org/version/1');
    const category = parseXml(out.file('thong-bao/rss.xml'));
    expect(childrenOf(childOf(category, 'channel'), 'item').map((i) => childOf(i, 'link').text)).toEqual([`${BASE}thong-bao/thong-bao-script-alert-x-script-hoi-nghi-cuoi/`, `${BASE}thong-bao/bai-thu-ba/`]);
    expect(parseXml(out.file('hoat-dong-cua-xa-phuong/rss.xml')).name).toBe('rss');
  });

  it('should keep titles, authors and summaries plain text in every feed, never markup', () => {
    const out = build(files, `baseUrl: ${BASE}\n`, ['anh.jpg']);
    // RSS: the title is plain text; the description is HTML whose text is the summary.
    const item = childOf(childOf(parseXml(out.file('rss.xml')), 'channel'), 'item');
    expect(childOf(item, 'title').text).toBe(title);
    expect(htmlToText(childOf(item, 'description').text)).toEqual({ text: summary, hasMarkup: false });
    expect(childOf(item, 'creator', 'http://purl.org/dc/elements/1.1/').text).toBe('Hà <i>Vân</i>');
    // Atom: type="html" would make a raw title markup; the HTML given is escaped, so it reads as the title.
    const entry = childOf(parseXml(out.file('atom.xml')), 'entry');
    const atomTitle = childOf(entry, 'title');
    if (atomTitle.attributes.type === 'html') expect(htmlToText(atomTitle.text)).toEqual({ text: title, hasMarkup: false });
    else expect(atomTitle.text).toBe(title);
    expect(htmlToText(childOf(entry, 'summary').text)).toEqual({ text: summary, hasMarkup: false });
    expect(childOf(childOf(entry, 'author'), 'name').text).toBe('Hà <i>Vân</i>');
    // JSON Feed: title and author are plain text; content_html is HTML whose text is the summary.
    const json = JSON.parse(out.file('feed.json')) as { items: Array<Record<string, unknown>> };
    expect(json.items[0]).toMatchObject({ title, author: { name: 'Hà <i>Vân</i>' } });
    expect(htmlToText(json.items[0]!.content_html as string)).toEqual({ text: summary, hasMarkup: false });
  });

  it('should date items with their +07:00 offset and date the feed by its newest article, not the build', () => {
    const out = build(files, `baseUrl: ${BASE}\n`, ['anh.jpg']);
    const channel = childOf(parseXml(out.file('rss.xml')), 'channel');
    expect(childOf(childOf(channel, 'item'), 'pubDate').text).toBe('Mon, 11 Oct 2021 14:48:00 +0700');
    expect(childOf(channel, 'lastBuildDate').text).toBe('Tue, 12 Oct 2021 08:00:00 +0700');
    const atom = parseXml(out.file('atom.xml'));
    expect(childOf(atom, 'updated').text).toBe('2021-10-12T08:00:00+07:00');
    const entry = childOf(atom, 'entry');
    expect([childOf(entry, 'published').text, childOf(entry, 'updated').text]).toEqual(['2021-10-11T14:48:00+07:00', '2021-10-12T08:00:00+07:00']);
    const json = JSON.parse(out.file('feed.json')) as { items: Array<Record<string, unknown>> };
    expect(json.items[0]).toMatchObject({ date_published: '2021-10-11T14:48:00+07:00', date_modified: '2021-10-12T08:00:00+07:00' });
    expect(new ZonedDate(Date.parse('2021-10-11T07:48:00Z'), 'Asia/Ho_Chi_Minh').toUTCString()).toBe('Mon, 11 Oct 2021 14:48:00 +0700');
  });

  it('should give each item its link, category and tags, and the feed its own address', () => {
    const out = build(files, `baseUrl: ${BASE}\n`, ['anh.jpg']);
    const channel = childOf(parseXml(out.file('rss.xml')), 'channel');
    expect(childOf(channel, 'link', '').text).toBe(BASE);
    expect(childOf(channel, 'link', 'http://www.w3.org/2005/Atom').attributes.href).toBe(`${BASE}rss.xml`);
    const item = childOf(channel, 'item');
    expect(childrenOf(item, 'category').map((c) => [c.text, c.attributes.domain])).toEqual([
      ['Thông báo', `${BASE}thong-bao/`],
      ['Đảng ủy', `${BASE}the/dang-uy/`],
    ]);
    expect(childOf(item, 'guid').attributes.isPermaLink).toBe('true');
  });

  it('should carry the newest feedSize articles, with full content only when feedFullContent is set', () => {
    const summaryOnly = build(files, `baseUrl: ${BASE}\nfeedSize: 2\n`, ['anh.jpg']);
    const items = childrenOf(childOf(parseXml(summaryOnly.file('rss.xml')), 'channel'), 'item');
    expect(items.map((i) => childOf(i, 'title').text)).toEqual([title, 'Bài thứ hai']);
    expect(childrenOf(items[0]!, 'encoded')).toEqual([]);

    const full = build(files, `baseUrl: ${BASE}\nfeedFullContent: true\n`, ['anh.jpg']);
    const content = childOf(childOf(childOf(parseXml(full.file('rss.xml')), 'channel'), 'item'), 'encoded', 'http://purl.org/rss/1.0/modules/content/').text;
    // Links and images point at the site: a feed reader shows the body away from it.
    expect(content).toContain(`<a href="${BASE}hoat-dong-cua-xa-phuong/bai-thu-hai/">bài khác</a>`);
    expect(content).toContain(`<img src="${BASE}anh.jpg"`);
    expect(JSON.parse(full.file('feed.json')).items[0]).toMatchObject({ summary, content_html: expect.stringContaining(`<img src="${BASE}anh.jpg"`) });
  });

  it('should make links of an article body absolute for feeds', () => {
    const body = fromHtml('<a href="/a/">x</a><a href="#chu-thich">y</a><img src="/b.jpg" srcset="/c.jpg 2x, /d.jpg 3x"><a href="//x.vn/">z</a>', { fragment: true });
    expect(bodyHtml(absoluteBody(body, 'https://x.vn', 'https://x.vn/tin/'))).toBe(
      '<a href="https://x.vn/a/">x</a><a href="https://x.vn/tin/#chu-thich">y</a><img src="https://x.vn/b.jpg" srcset="https://x.vn/c.jpg 2x, https://x.vn/d.jpg 3x"><a href="//x.vn/">z</a>\n',
    );
    // The page's own tree is left as it was.
    expect(bodyHtml(body)).toContain('<a href="/a/">x</a>');
  });

  it('should write no feed and no sitemap.xml under a relative baseUrl, and keep every page and the search', () => {
    const out = build(files, 'baseUrl: /\n', ['anh.jpg']);
    expect(out.diagnostics).toEqual([]);
    const paths = out.files.map((f) => f.path);
    expect(paths.filter((p) => !p.startsWith('tim-kiem/'))).toEqual(['robots.txt']);
    expect(paths.filter((p) => p.startsWith('tim-kiem/chi-muc/')).length).toBeGreaterThan(3);
    expect(out.file('robots.txt')).toBe('User-agent: *\nDisallow: /tim-kiem/\n');
    expect(out.file('thong-bao/bai-thu-ba/index.html')).not.toContain('rel="alternate"');
    expect(out.file('the/dang-uy/index.html')).toContain('<h1>Đảng ủy</h1>');
  });

  it("should say in the build's last line, not as a warning, that a relative baseUrl has no feeds", async () => {
    const site = await createSite({ 'content/a.md': article({ title: 'Bài', date: '2024-01-01' }) });
    try {
      const relative = createMemoryLogger();
      expect(await run(['build', '--root', site.root, '--no-cache'], relative)).toBe(0);
      expect(relative.lines.at(-1)).toContain('không ghi nguồn tin RSS, Atom và sitemap.xml vì địa chỉ gốc "/" chưa có tên miền');
      expect(relative.text()).not.toContain('cảnh báo');
      const absolute = createMemoryLogger();
      expect(await run(['build', '--root', site.root, '--no-cache', '--base-url', BASE, '--out', site.path('dist-2')], absolute)).toBe(0);
      expect(absolute.text()).not.toContain('nguồn tin');
      expect(await site.read('dist-2/rss.xml')).toContain('<rss version="2.0"');
    } finally {
      await site.cleanup();
    }
    expect(feedsNote(config('baseUrl: /sub/\n'))).toContain('"/sub/"');
    expect(feedsNote(config(`baseUrl: ${BASE}\n`))).toBeUndefined();
  });
});

describe('head of every page: feeds, canonical address, previews and structured data', () => {
  const title = 'Họp dân </script><script>alert(1)</script> về "đường" & \u2028 ngõ';
  const files = {
    'a.md': article({ title, date: '11/10/2021 14:48', summary: 'Tóm tắt.', tags: ['Đảng ủy'], image: 'bia.jpg' }),
    'b.md': article({ title: 'Bài khác', date: '01/10/2021', category: 'Hoạt động của xã phường' }),
  };
  const jsonLdOf = (html: string) => {
    const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
    if (!m) throw new Error('no JSON-LD');
    return JSON.parse(m[1]!) as { '@context': string; '@graph': Array<Record<string, unknown>> };
  };

  it('should point every page at the feeds, and category pages and articles at their category feed', () => {
    const out = build(files, `baseUrl: ${BASE}\n`, ['bia.jpg']);
    for (const page of out.pages) {
      expect(page.contents, page.path).toContain(`<link rel="alternate" type="application/rss+xml" title="Bản tin phường (RSS)" href="${BASE}rss.xml">`);
      expect(page.contents, page.path).toContain(`<link rel="alternate" type="application/atom+xml" title="Bản tin phường (Atom)" href="${BASE}atom.xml">`);
      expect(page.contents, page.path).toContain(`<link rel="alternate" type="application/feed+json" title="Bản tin phường (JSON Feed)" href="${BASE}feed.json">`);
      expect(page.contents, page.path).toMatch(/<link rel="canonical" href="https:\/\/hoabinh\.gov\.vn\/[^"]*">/);
    }
    const category = `<link rel="alternate" type="application/rss+xml" title="Thông báo – Bản tin phường (RSS)" href="${BASE}thong-bao/rss.xml">`;
    expect(out.file('thong-bao/index.html')).toContain(category);
    expect(out.file('thong-bao/hop-dan-script-script-alert-1-script-ve-duong-ngo/index.html')).toContain(category);
    expect(out.file('hoat-dong-cua-xa-phuong/bai-khac/index.html')).not.toContain(category);
  });

  it('should give article pages Open Graph and Twitter card tags with the cover image', () => {
    const html = build(files, `baseUrl: ${BASE}\n`, ['bia.jpg']).file('thong-bao/hop-dan-script-script-alert-1-script-ve-duong-ngo/index.html');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain(`<meta property="og:image" content="${BASE}bia.jpg">`);
    expect(html).toContain('<meta property="og:description" content="Tóm tắt.">');
    expect(html).toContain('<meta property="article:published_time" content="2021-10-11T14:48:00+07:00">');
    expect(html).toContain('<meta property="article:tag" content="Đảng ủy">');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(html).toContain('<meta property="og:title" content="Họp dân &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; về &quot;đường&quot; &amp; \u2028 ngõ">');
  });

  it('should write NewsArticle and BreadcrumbList JSON-LD that stays valid JSON with </script> and quotes in the title', () => {
    const html = build(files, `baseUrl: ${BASE}\n`, ['bia.jpg']).file('thong-bao/hop-dan-script-script-alert-1-script-ve-duong-ngo/index.html');
    // One script element: the title could not close it.
    expect(html.match(/<script type="application\/ld\+json">/g)).toHaveLength(1);
    expect(html.slice(html.indexOf('application/ld+json'))).not.toMatch(/<script>alert/);
    const data = jsonLdOf(html);
    expect(data['@context']).toBe('https://schema.org');
    const [news, crumbs] = data['@graph'];
    expect(news).toMatchObject({
      '@type': 'NewsArticle',
      headline: title,
      datePublished: '2021-10-11T14:48:00+07:00',
      dateModified: '2021-10-11T14:48:00+07:00',
      author: [{ '@type': 'Person', name: 'Hà Vân', url: `${BASE}tac-gia/ha-van/` }],
      image: [`${BASE}bia.jpg`],
      publisher: { '@type': 'GovernmentOrganization', name: 'Bản tin phường', url: BASE },
      mainEntityOfPage: `${BASE}thong-bao/hop-dan-script-script-alert-1-script-ve-duong-ngo/`,
    });
    expect(crumbs).toEqual({
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'Trang chủ', item: BASE },
        { '@type': 'ListItem', position: 2, name: 'Thông báo', item: `${BASE}thong-bao/` },
        { '@type': 'ListItem', position: 3, name: title, item: `${BASE}thong-bao/hop-dan-script-script-alert-1-script-ve-duong-ngo/` },
      ],
    });
  });

  it('should describe the home page as a WebSite with its search', () => {
    const data = jsonLdOf(build(files, `baseUrl: ${BASE}\n`, ['bia.jpg']).file('index.html'));
    expect(data['@graph'][0]).toMatchObject({
      '@type': 'WebSite',
      url: BASE,
      potentialAction: { '@type': 'SearchAction', target: { urlTemplate: `${BASE}tim-kiem/?q={search_term_string}` } },
    });
  });
});

describe('sitemap.xml and robots.txt', () => {
  it('should list every published page with its lastmod, but not the 404 and search pages', () => {
    const out = build({
      'a.md': article({ title: 'Bài một', date: '11/10/2021 14:48', updated: '20/10/2021 09:00', tags: ['Y tế'] }),
      'b.md': article({ title: 'Bài hai', date: '01/09/2021' }),
    });
    const urlset = parseXml(out.file('sitemap.xml'));
    expect(urlset.uri).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const entries = new Map(childrenOf(urlset, 'url').map((u) => [childOf(u, 'loc').text, childOf(u, 'lastmod').text]));
    const pages = out.pages.map((p) => p.path).filter((p) => p !== '404.html' && p !== 'tim-kiem/index.html');
    expect([...entries.keys()].sort()).toEqual(pages.map((p) => BASE + p.replace(/index\.html$/, '')).sort());
    expect(entries.get(`${BASE}thong-bao/bai-mot/`)).toBe('2021-10-20T09:00:00+07:00');
    expect(entries.get(`${BASE}thong-bao/bai-hai/`)).toBe('2021-09-01T00:00:00+07:00');
    expect(entries.get(`${BASE}the/y-te/`)).toBe('2021-10-20T09:00:00+07:00');
    expect(entries.get(`${BASE}luu-tru/2021/09/`)).toBe('2021-09-01T00:00:00+07:00');
    expect(out.file('robots.txt')).toBe(`User-agent: *\nDisallow: /tim-kiem/\n\nSitemap: ${BASE}sitemap.xml\n`);
  });

  it('should split more than 50,000 addresses into sitemap files under an index', () => {
    const entries = Array.from({ length: 50_001 }, (_, i) => ({ loc: `${BASE}p/${i}/`, lastmod: Date.parse('2024-01-01T00:00:00Z') + i * 1000 }));
    const files = sitemapFiles(entries, BASE, 'Asia/Ho_Chi_Minh');
    expect(files.map((f) => f.path)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml']);
    const index = parseXml(files[0]!.contents);
    expect(index.local).toBe('sitemapindex');
    expect(childrenOf(index, 'sitemap').map((s) => childOf(s, 'loc').text)).toEqual([`${BASE}sitemap-1.xml`, `${BASE}sitemap-2.xml`]);
    expect(childrenOf(parseXml(files[2]!.contents), 'url')).toHaveLength(1);
  });

  it('should escape addresses in sitemap.xml', () => {
    const [file] = sitemapFiles([{ loc: `${BASE}a?x=1&y=<2>`, lastmod: 0 }], BASE, 'UTC');
    expect(childOf(childOf(parseXml(file!.contents), 'url'), 'loc').text).toBe(`${BASE}a?x=1&y=<2>`);
  });

  it('should leave the Sitemap line out of robots.txt without an absolute address', () => {
    expect(robotsTxt('/sub/', 'tim-kiem/', null)).toBe('User-agent: *\nDisallow: /sub/tim-kiem/\n');
  });

  it('should keep a robots.txt of the content folder instead of writing one', () => {
    const out = build({ 'a.md': article({ title: 'Bài', date: '2024-01-01' }) }, `baseUrl: ${BASE}\n`, ['robots.txt']);
    expect(errorsOf(out)).toEqual([]);
    expect(out.files.map((f) => f.path)).not.toContain('robots.txt');
  });

  it('should refuse a content file that would replace a feed', () => {
    const out = build({ 'a.md': article({ title: 'Bài', date: '2024-01-01' }) }, `baseUrl: ${BASE}\n`, ['rss.xml']);
    expect(errorsOf(out).map((d) => [d.code, d.file])).toEqual([['BT127', 'content/rss.xml']]);
  });
});

describe('the search index', () => {
  const script = readFileSync(path.join(THEME, 'assets', 'search.js'), 'utf8');
  const browser = () => {
    const ctx = { window: {} as Record<string, unknown>, document: { querySelector: () => null } };
    vm.runInNewContext(script, ctx);
    return ctx.window.bantinSearch as {
      fold(t: string): string;
      variant(t: string): string;
      shardOf(f: string, n: number): number;
      createEngine(shards: number, docs: number, load: (p: string) => Promise<unknown>): {
        search(q: string): Promise<{ results: Array<{ doc: number }> }>;
        fragment(id: number): Promise<{ t: string; u: string }>;
      };
    };
  };

  it('should fold and key words the same way in the build and in the browser script', () => {
    const api = browser();
    const words = ['hội', 'nghị', 'đường', 'đảng', 'ủy', 'uỷ', 'hòa', 'hoà', 'hóa', 'hoa', 'thuở', 'người', 'khuya', 'quốc', 'giữa', 'x', '2021', 'hòa'.normalize('NFD')];
    for (const w of words) {
      expect([api.fold(w), api.variant(w), api.shardOf(api.fold(w), 64)], w).toEqual([foldTerm(w), variantKey(w), shardOf(foldTerm(w), 64)]);
    }
    expect(['hòa', 'hoà', 'hòa'.normalize('NFD')].map(variantKey)).toEqual(['hoa1', 'hoa1', 'hoa1']);
    expect(['đường', 'duong'].map(foldTerm)).toEqual(['duong', 'duong']);
    expect(variantKey('đường')).not.toBe(variantKey('duong'));
  });

  const engineFor = (out: ReturnType<typeof build>) => {
    const search = out.file('tim-kiem/index.html');
    const attr = (n: string) => new RegExp(`${n}="([^"]*)"`).exec(search)![1]!;
    const folder = attr('data-index').slice(1);
    const files = new Map(out.files.map((f) => [f.path, contentsOf(f)]));
    const loaded: string[] = [];
    const engine = browser().createEngine(Number(attr('data-shards')), Number(attr('data-docs')), async (p) => {
      loaded.push(p);
      return JSON.parse(String(files.get(folder + p)));
    });
    return {
      loaded,
      async titles(q: string) {
        const { results } = await engine.search(q);
        return Promise.all(results.map(async (r) => (await engine.fragment(r.doc)).t));
      },
    };
  };

  const corpus = () =>
    build({
      'a.md': article({ title: 'Ra quân làm sạch đường làng', date: '2024-05-01' }, 'Nhân dân tham gia dọn đường.\n'),
      'b.md': article({ title: 'Họp tổ dân phố', date: '2024-05-02' }, 'Bàn về việc hòa giải ở cơ sở. Hội viên nghị sự.\n'),
      'c.md': article({ title: 'Tin hóa chất', date: '2024-05-03' }, 'Hướng dẫn cất giữ hóa chất. Hoa nở.\n'),
      'd.md': article({ title: 'Hội nghị tổng kết', date: '2024-05-04' }, 'Đảng ủy tổ chức hội nghị.\n'),
      'e.md': article({ title: 'Văn nghệ', date: '2024-05-05' }, 'Nghị lực của hội viên.\n'),
    });

  it('should find marked text from a query without marks, and đ from d', async () => {
    const engine = engineFor(corpus());
    expect((await engine.titles('hoi nghi'))[0]).toBe('Hội nghị tổng kết');
    expect((await engine.titles('duong'))[0]).toBe('Ra quân làm sạch đường làng');
    expect((await engine.titles('dang uy'))[0]).toBe('Hội nghị tổng kết');
  });

  it('should match old and new tone placement, and rank the exact marks of a marked query first', async () => {
    const engine = engineFor(corpus());
    expect((await engine.titles('hoà giải'))[0]).toBe('Họp tổ dân phố');
    const hoa = await engine.titles('hòa');
    expect(hoa[0]).toBe('Họp tổ dân phố');
    expect(hoa).toEqual(expect.arrayContaining(['Tin hóa chất']));
    expect((await engine.titles('hóa'))[0]).toBe('Tin hóa chất');
  });

  it('should rank pages with the words together above pages that merely contain both', async () => {
    const engine = engineFor(corpus());
    // "Hội viên nghị sự" and "Nghị lực của hội viên" have both words, apart.
    const titles = await engine.titles('hội nghị');
    expect(titles[0]).toBe('Hội nghị tổng kết');
    expect(titles.slice(1).sort()).toEqual(['Họp tổ dân phố', 'Văn nghệ']);
  });

  it('should load only the shards of the query words and pairs, and one small file per result', async () => {
    const out = corpus();
    const engine = engineFor(out);
    await engine.titles('hoi nghi');
    const shards = engine.loaded.filter((p) => p.startsWith('t/'));
    expect(new Set(shards).size).toBeLessThanOrEqual(3);
    expect(engine.loaded.filter((p) => p.startsWith('d/'))).toHaveLength(3);
  });

  it('should put the index in a folder named by its content, the same for the same site', () => {
    const a = corpus().files.filter((f) => f.path.startsWith('tim-kiem/'));
    const b = corpus().files.filter((f) => f.path.startsWith('tim-kiem/'));
    expect(a).toEqual(b);
    expect(a[0]!.path).toMatch(/^tim-kiem\/chi-muc\/[0-9a-f]{10}\/t\/0\.json$/);
  });
});
