import { describe, expect, it } from 'vitest';
import type { ArticleData } from '../src/content/article.js';
import type { LocalReference } from '../src/content/markdown.js';
import { pageWindow, planPages } from '../src/pages/plan.js';
import { assignRelated, buildSite, createRelatedFinder, relatedOfOne } from '../src/site/build-site.js';
import { articleData, config, linkedArticles } from './helpers/site.js';
import { bodyHtml } from '../src/content/body.js';
import { type PagePlan } from '../src/pages/views.js';
import { type BuildOptions, type SiteArticle } from '../src/site/model.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const publishOnly: BuildOptions = { drafts: false, future: false, now: NOW };
const noConfig = config();

const CATEGORIES_YAML = `
categories:
  - name: Hoạt động của xã phường
  - name: Thông báo
  - name: Y tế & Giáo dục
`;

/** Build a site model and fail the test if it reports anything. */
function cleanSite(articles: readonly ArticleData[], assets: readonly string[] = [], cfg = noConfig, options = publishOnly) {
  const { site, diagnostics } = buildSite(articles, assets, cfg, options);
  expect(diagnostics).toEqual([]);
  return site;
}

const linked = linkedArticles;

const relatedOf = (articles: readonly SiteArticle[], source: string) => articles.find((a) => a.source === source)!.related.map((r) => r.source);

const day = (n: number) => Date.parse('2024-01-01T00:00:00Z') + n * 86_400_000;

describe('buildSite', () => {
  it('should give an article the URL category-slug/article-slug/ whatever folder its file is in', () => {
    const site = cleanSite([
      articleData({ source: 'lung-tung/2021/bai.md', title: 'Hội nghị BCH lần thứ 14', date: '2021-10-11T07:48:00Z', category: 'Hoạt động của xã phường' }),
    ]);
    expect(site.articles.map((a) => a.url)).toEqual(['hoat-dong-cua-xa-phuong/hoi-nghi-bch-lan-thu-14/']);
  });

  it('should use the slug field instead of the title when it is given', () => {
    const site = cleanSite([articleData({ source: 'a.md', title: 'Một tiêu đề rất dài', slug: 'ngan-gon', date: '2024-01-01T00:00:00Z', category: 'Thông báo' })]);
    expect(site.articles[0]!.url).toBe('thong-bao/ngan-gon/');
  });

  it('should list articles newest first and break ties of date by slug', () => {
    const site = cleanSite([
      articleData({ source: 'z.md', title: 'Bài cũ', date: '2024-01-01T00:00:00Z', category: 'Thông báo' }),
      articleData({ source: 'y.md', title: 'Cùng giờ B', date: '2024-06-01T00:00:00Z', category: 'Thông báo' }),
      articleData({ source: 'x.md', title: 'Bài mới nhất', date: '2024-12-01T00:00:00Z', category: 'Thông báo' }),
      articleData({ source: 'w.md', title: 'Cùng giờ A', date: '2024-06-01T00:00:00Z', category: 'Thông báo' }),
    ]);
    expect(site.articles.map((a) => a.slug)).toEqual(['bai-moi-nhat', 'cung-gio-a', 'cung-gio-b', 'bai-cu']);
    expect(site.categories[0]!.articles.map((a) => a.slug)).toEqual(['bai-moi-nhat', 'cung-gio-a', 'cung-gio-b', 'bai-cu']);
  });

  describe('drafts and scheduled articles', () => {
    const articles = [
      articleData({ source: 'tin/da-dang.md', title: 'Đã đăng', date: '2024-12-31T00:00:00Z', category: 'Thông báo' }),
      articleData({ source: 'tin/dung-gio.md', title: 'Đúng giờ dựng', date: NOW, category: 'Thông báo' }),
      articleData({ source: 'tin/nhap.md', title: 'Bản nháp', date: '2024-06-01T00:00:00Z', category: 'Thông báo', draft: true }),
      articleData({ source: 'tin/hen-gio.md', title: 'Hẹn giờ', date: NOW + 60_000, category: 'Thông báo' }),
    ];

    it('should leave out drafts and articles dated after the build started, naming their files', () => {
      const site = cleanSite(articles);
      expect(site.articles.map((a) => a.source)).toEqual(['tin/dung-gio.md', 'tin/da-dang.md']);
      expect(site.leftOut.map((l) => [l.source, l.reason])).toEqual([
        ['tin/hen-gio.md', 'scheduled'],
        ['tin/nhap.md', 'draft'],
      ]);
    });

    it('should include drafts with the drafts option and scheduled articles with the future option', () => {
      expect(cleanSite(articles, [], noConfig, { ...publishOnly, drafts: true }).articles.map((a) => a.source)).toContain('tin/nhap.md');
      expect(cleanSite(articles, [], noConfig, { ...publishOnly, future: true }).articles.map((a) => a.source)).toContain('tin/hen-gio.md');
      expect(cleanSite(articles, [], noConfig, { drafts: true, future: true, now: NOW }).leftOut).toEqual([]);
    });
  });

  it('should report two articles with one URL as BT122 naming both files, with a hint to set slug', () => {
    const { diagnostics } = buildSite(
      [
        articleData({ source: 'tin/hoa-binh-1.md', title: 'Phường Hòa Bình ra quân', date: '2024-01-01T00:00:00Z', category: 'Thông báo', lines: { title: 2 } }),
        articleData({ source: 'khac/hoa-binh-2.md', title: 'Phường Hoà Bình ra quân', date: '2024-02-01T00:00:00Z', category: 'Thông báo', lines: { title: 2 } }),
      ],
      [],
      noConfig,
      publishOnly,
    );
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0]!;
    expect(d.code).toBe('BT122');
    expect([d.file, d.message].join(' ')).toContain('tin/hoa-binh-1.md');
    expect([d.file, d.message].join(' ')).toContain('khac/hoa-binh-2.md');
    expect(d.hint).toContain('slug');
    expect(d.line).toBe(2);
  });

  // Issue 15: config typos got "Có phải ý bạn là …?", categories typed without marks did not.
  it.each([
    ['Thong bao', 'Thông báo'],
    ['thông bao', 'Thông báo'],
    ['Thong bo', 'Thông báo'],
    ['Hoat dong cua xa phuong', 'Hoạt động của xã phường'],
    ['Y te & Giao duc', 'Y tế & Giáo dục'],
  ])('should suggest the configured category for %j', (typed, meant) => {
    const { diagnostics } = buildSite(
      [articleData({ source: 'a.md', title: 'Bài', date: '2024-01-01T00:00:00Z', category: typed, lines: { category: 5 } })],
      [],
      config(CATEGORIES_YAML),
      publishOnly,
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([['BT121', 5, `Chuyên mục "${typed}" không có trong bantin.yaml.`]]);
    expect(diagnostics[0]!.hint).toMatch(new RegExp(`^Có phải ý bạn là "${meant.replace(/[&]/g, '\\$&')}"\\? Các chuyên mục: `));
  });

  it('should report an unknown category as BT121 listing the configured ones', () => {
    const { diagnostics } = buildSite(
      [articleData({ source: 'a.md', title: 'Bài', date: '2024-01-01T00:00:00Z', category: 'Thể thao', lines: { category: 5 } })],
      [],
      config(CATEGORIES_YAML),
      publishOnly,
    );
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['BT121', 'a.md', 5]]);
    expect(diagnostics[0]!.message).toContain('Thể thao');
    for (const name of ['Hoạt động của xã phường', 'Thông báo', 'Y tế & Giáo dục']) expect(diagnostics[0]!.hint).toContain(name);
  });

  it('should treat category names that differ only by tone placement as one category', () => {
    const site = cleanSite([
      articleData({ source: 'a.md', title: 'Bài một', date: '2024-01-01T00:00:00Z', category: 'Phường Hòa Bình' }),
      articleData({ source: 'b.md', title: 'Bài hai', date: '2024-01-02T00:00:00Z', category: 'Phường Hoà Bình' }),
      articleData({ source: 'c.md', title: 'Bài ba', date: '2024-01-03T00:00:00Z', category: 'phường hoà  bình'.normalize('NFD') }),
    ]);
    expect(site.categories).toHaveLength(1);
    expect(site.categories[0]!.articles.map((a) => a.source)).toEqual(['c.md', 'b.md', 'a.md']);
    expect(new Set(site.articles.map((a) => a.url.split('/')[0]))).toEqual(new Set(['phuong-hoa-binh']));
  });

  it('should match a configured category whatever the tone placement in the article', () => {
    const site = cleanSite(
      [articleData({ source: 'a.md', title: 'Bài', date: '2024-01-01T00:00:00Z', category: 'Y TẾ & GIÁO DỤC' })],
      [],
      config(CATEGORIES_YAML),
    );
    expect(site.articles[0]!.categoryRef.name).toBe('Y tế & Giáo dục');
    expect(site.categories.map((c) => c.name)).toEqual(['Hoạt động của xã phường', 'Thông báo', 'Y tế & Giáo dục']);
  });

  it('should put "Hoạt động của xã phường" first, then discovered categories by Vietnamese name', () => {
    const site = cleanSite(
      ['Y tế', 'Đoàn thể', 'An ninh', 'Hoạt động của xã phường', 'Dân số'].map((category, i) =>
        articleData({ source: `${i}.md`, title: `Bài ${i}`, date: day(i), category }),
      ),
    );
    expect(site.categories.map((c) => c.name)).toEqual(['Hoạt động của xã phường', 'An ninh', 'Dân số', 'Đoàn thể', 'Y tế']);
  });

  describe('links', () => {
    const ref = (kind: LocalReference['kind'], target: string, line: number, column: number, hash = ''): LocalReference => ({
      kind,
      target,
      hash,
      line,
      column,
      written: kind === 'article' ? `../${target}` : target,
      use: 'link',
      text: '',
    });

    it("should turn a link to another article's .md file into that article's URL", () => {
      const site = cleanSite([
        articleData({
          source: 'tin/a.md',
          title: 'Bài dẫn',
          date: '2024-01-02T00:00:00Z',
          category: 'Thông báo',
          markdown: '[xem](../khac/b.md) và [mục 2](../khac/b.md#muc-2)\n',
        }),
        articleData({ source: 'khac/b.md', title: 'Bài đích', date: '2024-01-01T00:00:00Z', category: 'Hoạt động của xã phường' }),
      ]);
      expect(bodyHtml(site.articles.find((a) => a.source === 'tin/a.md')!.body)).toBe(
        '<p><a href="/hoat-dong-cua-xa-phuong/bai-dich/">xem</a> và <a href="/hoat-dong-cua-xa-phuong/bai-dich/#muc-2">mục 2</a></p>\n',
      );
    });

    it('should report a link to a missing article or file with its line and column', () => {
      const { diagnostics } = buildSite(
        [
          articleData({
            source: 'tin/a.md',
            title: 'Bài dẫn',
            date: '2024-01-02T00:00:00Z',
            category: 'Thông báo',
            markdown: '[x](khong-co.md)\n',
            references: [ref('article', 'tin/khong-co.md', 9, 3), ref('file', 'tin/khong-co.pdf', 11, 7), ref('file', 'tin/co.pdf', 12, 1)],
          }),
        ],
        ['tin/co.pdf'],
        noConfig,
        publishOnly,
      );
      expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
        ['BT125', 'tin/a.md', 9, 3],
        ['BT126', 'tin/a.md', 11, 7],
      ]);
      for (const d of diagnostics) expect(d.hint).toBeTruthy();
    });

    it('should report a link to a draft as a link to an unpublished article', () => {
      const { diagnostics } = buildSite(
        [
          articleData({ source: 'a.md', title: 'Bài dẫn', date: '2024-01-02T00:00:00Z', category: 'Thông báo', references: [ref('article', 'b.md', 7, 1)] }),
          articleData({ source: 'b.md', title: 'Bài nháp', date: '2024-01-01T00:00:00Z', category: 'Thông báo', draft: true }),
        ],
        [],
        noConfig,
        publishOnly,
      );
      expect(diagnostics.map((d) => d.code)).toEqual(['BT125']);
      expect(diagnostics[0]!.message).toContain('Bài nháp');
    });

    it('should report a missing cover image at the line of the image field', () => {
      const articles = [articleData({ source: 'tin/a.md', title: 'Bài', date: '2024-01-01T00:00:00Z', category: 'Thông báo', image: 'tin/bia.jpg', lines: { image: 6 } })];
      const { diagnostics } = buildSite(articles, [], noConfig, publishOnly);
      expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['BT124', 'tin/a.md', 6]]);
      expect(buildSite(articles, ['tin/bia.jpg'], noConfig, publishOnly).diagnostics).toEqual([]);
    });
  });
});

describe('assignRelated', () => {
  it('should pick for one article alone (relatedOfOne, the dev server) what the whole-site scorer picks', () => {
    // 600 articles: common and rare tags and title words, ties of date, categories of every size.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const words = ['họp', 'dân', 'phố', 'tiêm', 'chủng', 'vệ', 'sinh', 'môi', 'trường', 'lịch', 'tiếp', 'công', 'an', 'ninh', 'giao', 'thông'];
    const articles = linked(
      Array.from({ length: 600 }, (_, i) =>
        articleData({
          source: `${i}.md`,
          title: Array.from({ length: 2 + Math.floor(next() * 5) }, () => pick(words)).join(' ') + (next() < 0.5 ? ` số ${i % 40}` : ''),
          date: day(Math.floor(next() * 120)),
          category: pick(['Thông báo', 'Hoạt động', 'Y tế', 'Kinh tế']),
          tags: Array.from({ length: Math.floor(next() * 4) }, () => pick(['Tiếp dân', 'Y tế', 'Môi trường', `Thẻ ${Math.floor(next() * 30)}`])),
        }),
      ),
    );
    const position = new Map(articles.map((a, i) => [a, i]));
    for (const count of [1, 5]) {
      const all = createRelatedFinder(articles, count);
      for (const a of articles) {
        const withTag = (key: string) => articles.flatMap((x) => x.tags.filter((t) => t.key === key).map(() => x));
        const withWord = (w: string) => articles.filter((x) => x.titleWords.includes(w));
        const focus = { article: a, indexOf: (x: SiteArticle) => position.get(x), withTag, withWord, tagCount: (k: string) => withTag(k).length, wordCount: (w: string) => withWord(w).length };
        expect(relatedOfOne(articles, count, focus).map((x) => x.source), a.source).toEqual(all(a).map((x) => x.source));
      }
    }
  });

  it('should never list an article as related to itself and list at most the given count', () => {
    const articles = linked(
      Array.from({ length: 8 }, (_, i) => articleData({ source: `${i}.md`, title: `Hội nghị tổ dân phố số ${i}`, date: day(i), category: 'Thông báo', tags: ['Tổ dân phố'] })),
    );
    assignRelated(articles, 3);
    for (const a of articles) {
      expect(a.related).toHaveLength(3);
      expect(a.related).not.toContain(a);
      expect(new Set(a.related).size).toBe(3);
    }
  });

  it('should rank shared tags above shared title words, and both above the same category alone', () => {
    const articles = linked([
      articleData({ source: 'goc.md', title: 'Ra quân vệ sinh môi trường', date: day(10), category: 'Hoạt động', tags: ['Môi trường', 'Đoàn thanh niên'] }),
      articleData({ source: 'hai-the.md', title: 'Tiêm chủng', date: day(1), category: 'Y tế', tags: ['Môi trường', 'Đoàn thanh niên'] }),
      articleData({ source: 'mot-the.md', title: 'Khai giảng', date: day(2), category: 'Giáo dục', tags: ['Môi trường'] }),
      articleData({ source: 'cung-muc.md', title: 'Đối thoại nhân dân', date: day(3), category: 'Hoạt động' }),
      articleData({ source: 'khong-lien-quan.md', title: 'Lịch tiếp công dân', date: day(9), category: 'Thông báo' }),
    ]);
    assignRelated(articles, 5);
    expect(relatedOf(articles, 'goc.md')).toEqual(['hai-the.md', 'mot-the.md', 'cung-muc.md']);
  });

  it('should rank a same-category article with nothing else in common above an other-category article sharing one title word', () => {
    const articles = linked([
      articleData({ source: 'goc.md', title: 'Họp dân khu phố Bắc', date: day(10), category: 'Hoạt động' }),
      articleData({ source: 'cung-muc.md', title: 'Tiêm chủng mở rộng', date: day(1), category: 'Hoạt động' }),
      articleData({ source: 'mot-tu.md', title: 'Họp mặt cựu chiến binh', date: day(9), category: 'Thông báo' }),
    ]);
    assignRelated(articles, 2);
    expect(relatedOf(articles, 'goc.md')).toEqual(['cung-muc.md', 'mot-tu.md']);
  });

  it('should fill the list with same-category articles nearest in time', () => {
    const articles = linked([
      articleData({ source: 'goc.md', title: 'Ra quân vệ sinh', date: day(100), category: 'Hoạt động' }),
      articleData({ source: 'sau-1.md', title: 'Tiêm chủng mở rộng', date: day(101), category: 'Hoạt động' }),
      articleData({ source: 'sau-2.md', title: 'Khai giảng năm học', date: day(102), category: 'Hoạt động' }),
      articleData({ source: 'truoc-50.md', title: 'Đối thoại nhân dân', date: day(50), category: 'Hoạt động' }),
      articleData({ source: 'khac.md', title: 'Lịch tiếp công dân', date: day(100), category: 'Thông báo' }),
    ]);
    assignRelated(articles, 2);
    expect(relatedOf(articles, 'goc.md')).toEqual(['sau-1.md', 'sau-2.md']);
    assignRelated(articles, 5);
    expect(relatedOf(articles, 'goc.md')).toEqual(['sau-1.md', 'sau-2.md', 'truoc-50.md']);
  });

  it('should break ties of score and distance by slug', () => {
    const articles = linked([
      articleData({ source: 'goc.md', title: 'Ra quân', date: day(10), category: 'Hoạt động' }),
      articleData({ source: '1.md', title: 'Bê tông hoá', date: day(15), category: 'Hoạt động' }),
      articleData({ source: '2.md', title: 'An toàn giao thông', date: day(15), category: 'Hoạt động' }),
    ]);
    assignRelated(articles, 1);
    expect(relatedOf(articles, 'goc.md')).toEqual(['2.md']);
  });

  it('should list nothing when the count is zero', () => {
    const articles = linked([
      articleData({ source: 'a.md', title: 'Bài a', date: day(1), category: 'X', tags: ['t'] }),
      articleData({ source: 'b.md', title: 'Bài b', date: day(2), category: 'X', tags: ['t'] }),
    ]);
    assignRelated(articles, 0);
    expect(articles.map((a) => a.related)).toEqual([[], []]);
  });

  it('should give the same related articles whatever order the articles come in', () => {
    const input = Array.from({ length: 30 }, (_, i) =>
      articleData({
        source: `tin/${String(i).padStart(2, '0')}.md`,
        title: `${['Hội nghị', 'Ra quân', 'Tiêm chủng', 'Khai giảng'][i % 4]} đợt ${i % 7} năm ${2020 + (i % 3)}`,
        date: day(i % 10),
        category: ['Hoạt động', 'Y tế', 'Thông báo'][i % 3]!,
        tags: [`Tổ ${i % 5}`],
      }),
    );
    const relatedMap = (articles: readonly ArticleData[]) => {
      const site = cleanSite(articles);
      return Object.fromEntries(site.articles.map((a) => [a.source, a.related.map((r) => r.source)]));
    };
    const first = relatedMap(input);
    expect(relatedMap([...input].reverse())).toEqual(first);
    expect(relatedMap([...input.slice(13), ...input.slice(0, 13)])).toEqual(first);
    for (const [source, related] of Object.entries(first)) {
      expect(related).toHaveLength(5);
      expect(related).not.toContain(source);
    }
  });
});

describe('planPages', () => {
  const cfg = config('pageSize: 2\n');
  const articles = [
    articleData({ source: 'a.md', title: 'Bài A', date: '2024-05-01T00:00:00Z', category: 'Thông báo' }),
    articleData({ source: 'b.md', title: 'Bài B', date: '2024-05-02T00:00:00Z', category: 'Thông báo' }),
    articleData({ source: 'c.md', title: 'Bài C', date: '2024-05-03T00:00:00Z', category: 'Thông báo' }),
    articleData({ source: 'd.md', title: 'Bài D', date: '2024-05-04T00:00:00Z', category: 'Hoạt động của xã phường' }),
    articleData({ source: 'e.md', title: 'Bài E', date: '2024-05-05T00:00:00Z', category: 'Hoạt động của xã phường' }),
  ];
  const plan = (c = cfg, list = articles) => {
    const { pages, diagnostics } = planPages(cleanSite(list, [], c));
    expect(diagnostics).toEqual([]);
    return pages;
  };
  const byUrl = (pages: readonly PagePlan[], url: string) => pages.find((p) => p.url === url)!;

  it('should plan article, category, home and 404 pages at their URLs, paginated by pageSize', () => {
    expect(plan().map((p) => `${p.template} ${p.outputPath}`).sort()).toEqual(
      [
        '404 404.html',
        'article hoat-dong-cua-xa-phuong/bai-d/index.html',
        'article hoat-dong-cua-xa-phuong/bai-e/index.html',
        'article thong-bao/bai-a/index.html',
        'article thong-bao/bai-b/index.html',
        'article thong-bao/bai-c/index.html',
        'category hoat-dong-cua-xa-phuong/index.html',
        'category thong-bao/index.html',
        'category thong-bao/trang/2/index.html',
        'home index.html',
        'home trang/2/index.html',
        'home trang/3/index.html',
      ].sort(),
    );
  });

  it('should put the newest articles on the first list page and link the pages to each other', () => {
    const pages = plan();
    expect(byUrl(pages, '').view.articles.map((a) => a.title)).toEqual(['Bài E', 'Bài D']);
    expect(byUrl(pages, 'trang/3/').view.articles.map((a) => a.title)).toEqual(['Bài A']);
    expect(byUrl(pages, 'thong-bao/trang/2/').view.articles.map((a) => a.title)).toEqual(['Bài A']);
    const second = byUrl(pages, 'trang/2/').view.page.pagination!;
    expect([second.current, second.total, second.prev, second.next]).toEqual([2, 3, '/', '/trang/3/']);
    expect(byUrl(pages, 'hoat-dong-cua-xa-phuong/').view.page.pagination).toBeNull();
  });

  it('should link a list page to the first, the last and two pages either side, with gaps between', () => {
    const show = (current: number, total: number) => pageWindow(current, total).map((n) => (n === null ? '…' : String(n))).join(' ');
    expect(show(1, 1)).toBe('1');
    expect(show(2, 3)).toBe('1 2 3');
    expect(show(1, 7)).toBe('1 2 3 … 7');
    expect(show(4, 7)).toBe('1 2 3 4 5 6 7');
    // A gap of one page shows that page.
    expect(show(5, 9)).toBe('1 2 3 4 5 6 7 8 9');
    expect(show(6, 12)).toBe('1 … 4 5 6 7 8 … 12');
    expect(show(250, 500)).toBe('1 … 248 249 250 251 252 … 500');
    expect(show(500, 500)).toBe('1 … 498 499 500');
    // Every page of a 500-page list shows at most 9 entries, each page at most once, in order.
    for (let n = 1; n <= 500; n++) {
      const shown = pageWindow(n, 500);
      expect(shown.length).toBeLessThanOrEqual(9);
      const numbers = shown.filter((x): x is number => x !== null);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers).toContain(n);
    }

    const many = Array.from({ length: 30 }, (_, i) =>
      articleData({ source: `m${i}.md`, title: `Bài ${i}`, date: `2024-05-${String(i + 1).padStart(2, '0')}T00:00:00Z`, category: 'Thông báo' }),
    );
    const pagination = byUrl(plan(cfg, many), 'trang/8/').view.page.pagination!;
    expect([pagination.current, pagination.total]).toEqual([8, 15]);
    expect(pagination.pages.map((p) => (p.gap ? '…' : `${p.number}${p.current ? '*' : ''} ${p.url}`))).toEqual([
      '1 /',
      '…',
      '6 /trang/6/',
      '7 /trang/7/',
      '8* /trang/8/',
      '9 /trang/9/',
      '10 /trang/10/',
      '…',
      '15 /trang/15/',
    ]);
  });

  it('should show a date with its time as 11/10/2021 14:48 and a date without time as 11/10/2021', () => {
    const pages = plan(cfg, [
      articleData({ source: 'a.md', title: 'Có giờ', date: '2021-10-11T07:48:00Z', category: 'Thông báo' }),
      articleData({ source: 'b.md', title: 'Không giờ', date: '2021-10-10T17:00:00Z', dateHasTime: false, category: 'Thông báo' }),
    ]);
    const withTime = byUrl(pages, 'thong-bao/co-gio/').view.article!;
    expect([withTime.date, withTime.dateIso]).toEqual(['11/10/2021 14:48', '2021-10-11T14:48:00+07:00']);
    expect(byUrl(pages, 'thong-bao/khong-gio/').view.article!.date).toBe('11/10/2021');
  });

  it('should never list an article among its own related articles', () => {
    for (const page of plan().filter((p) => p.template === 'article')) {
      expect(page.view.article!.related.map((r) => r.url)).not.toContain(page.view.page.url);
    }
  });

  /** Every URL-like value in a view (url, canonical, prev, next, image, logoUrl). */
  const urlsIn = (value: unknown, out: string[] = []): string[] => {
    if (Array.isArray(value)) for (const v of value) urlsIn(v, out);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (['url', 'canonical', 'prev', 'next', 'image', 'logoUrl'].includes(k) && typeof v === 'string') out.push(v);
        else urlsIn(v, out);
      }
    }
    return out;
  };

  it('should put every URL of every page under a base path of /sub/', () => {
    const urls = plan(config('pageSize: 2\nbaseUrl: /sub/\n')).flatMap((p) => urlsIn(p.view));
    expect(urls.length).toBeGreaterThan(50);
    for (const url of urls) expect(url).toMatch(/^\/sub\//);
  });

  it('should make canonical URLs absolute and links root-relative under an absolute base URL', () => {
    const pages = plan(config('pageSize: 2\n', { baseUrl: 'https://x.gov.vn/sub/' }));
    const article = byUrl(pages, 'thong-bao/bai-a/');
    expect(article.view.page.canonical).toBe('https://x.gov.vn/sub/thong-bao/bai-a/');
    expect(article.view.page.url).toBe('/sub/thong-bao/bai-a/');
    for (const url of pages.flatMap((p) => urlsIn(p.view))) expect(url).toMatch(/^(\/sub\/|https:\/\/x\.gov\.vn\/sub\/)/);
  });

  it('should report a site-absolute link that leads to no page', () => {
    const withLinks = [
      ...articles,
      articleData({
        source: 'f.md',
        title: 'Bài F',
        date: '2024-05-06T00:00:00Z',
        category: 'Thông báo',
        references: [
          { kind: 'url', target: 'thong-bao/', hash: '', line: 8, column: 1, written: '/thong-bao/', use: 'link', text: 'x' },
          { kind: 'url', target: 'the-thao/', hash: '', line: 9, column: 4, written: '/the-thao/', use: 'link', text: 'x' },
        ],
      }),
    ];
    const { diagnostics } = planPages(cleanSite(withLinks, [], cfg));
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['BT129', 'f.md', 9, 4]]);
  });

  it('should name the category and link it from every article view', () => {
    const view = byUrl(plan(), 'thong-bao/bai-a/').view;
    expect(view.article!.category).toEqual({ name: 'Thông báo', url: '/thong-bao/' });
    expect(view.page.breadcrumbs.map((b) => b.url)).toEqual(['/', '/thong-bao/', '/thong-bao/bai-a/']);
  });
});
