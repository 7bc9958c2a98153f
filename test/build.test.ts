import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { runBuild } from '../src/commands/build.js';
import { createMemoryLogger } from '../src/logger.js';
import { createSite, filesOf, FAKE_JPEG, md, snapshotTree, type SiteFiles, type TempSite } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOW = '2025-06-01T00:00:00+07:00';

/** Run `bantin <args>` in this process with a memory logger. */
async function cli(args: readonly string[]) {
  const logger = createMemoryLogger();
  const code = await run(args, logger);
  return { code, text: logger.text(), last: logger.lines.at(-1) ?? '' };
}

/** `bantin build --root <site> --now NOW <args>`. */
function build(site: TempSite, ...args: string[]) {
  return cli(['build', '--root', site.root, '--now', NOW, ...args]);
}

/** 1-based line and column where `needle` starts in `text`. */
function positionOf(text: string, needle: string): string {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, index).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** Every href and src in every HTML page under `dir`. */
async function linksIn(dir: string): Promise<string[]> {
  const links: string[] = [];
  const snapshot = await snapshotTree(dir);
  for (const file of filesOf(snapshot).filter((f) => f.endsWith('.html'))) {
    const html = Buffer.from(snapshot[file]!, 'hex').toString('utf8');
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) links.push(m[1]!);
  }
  return links;
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

const SEED_BODY = (linkLine: string) => `Ngày 7/10, Đảng ủy phường Trần Phú đã tổ chức hội nghị BCH lần thứ 14.

![Toàn cảnh hội nghị](anh/toan-canh.jpg "Toàn cảnh hội nghị BCH lần thứ 14")

${linkLine}

Văn bản: [tải về](../thong-bao/lich.pdf).
`;

/** A small site: 5 published articles in 2 categories, a draft, a scheduled article, images and files. */
const SITE: SiteFiles = {
  'bantin.yaml': 'title: Bản tin phường Thử\npageSize: 2\nrelatedCount: 3\n',
  'content/hoat-dong/hoi-nghi.md': md(
    {
      title: 'Hội nghị BCH Phường Trần Phú lần thứ 14',
      date: '11/10/2021 14:48',
      author: 'Hà Vân',
      category: 'Hoạt động của xã phường',
      tags: ['Đảng ủy', 'Hội nghị BCH'],
      summary: 'Tóm tắt hội nghị lần thứ 14.',
      image: 'anh/toan-canh.jpg',
    },
    SEED_BODY('Xem thêm [lịch tiếp dân](../thong-bao/lich.md#gio) trong tuần.'),
  ),
  'content/hoat-dong/anh/toan-canh.jpg': FAKE_JPEG,
  'content/thong-bao/lich.md': md({ title: 'Lịch tiếp công dân tháng 11', date: '01/11/2021', author: 'Lê Văn Thắng', category: 'Thông báo' }),
  'content/thong-bao/lich.pdf': '%PDF-1.4 thử\n',
  'content/cu/ra-quan.md': md({ title: 'Ra quân tổng vệ sinh môi trường', date: '2021-09-01 07:00', author: 'Hà Vân', category: 'Hoạt động của xã phường', tags: ['Đảng ủy'] }),
  'content/cu/doi-thoai.md': md({ title: 'Đối thoại với nhân dân', date: '2021-08-01', author: 'Hà Vân', category: 'Hoạt động của xã phường' }),
  'content/thong-bao/dang-ky.md': md({ title: 'Hướng dẫn đăng ký tạm trú', date: '2021-07-01', author: 'Lê Văn Thắng', category: 'Thông báo' }),
  'content/nhap.md': md({ title: 'Bản nháp chưa đăng', date: '2021-06-01', author: 'Hà Vân', category: 'Thông báo', draft: 'true' }),
  'content/hen-gio.md': md({ title: 'Bài hẹn giờ năm 2030', date: '01/01/2030 08:00', author: 'Hà Vân', category: 'Thông báo' }),
  // A Word file is a ZIP archive: its first bytes say so (content files are checked by their bytes).
  'content/tai-lieu/bao-cao nam 2021.docx': Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('không phải markdown')]),
};

const ARTICLE_PAGES = [
  'hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14/index.html',
  'hoat-dong-cua-xa-phuong/ra-quan-tong-ve-sinh-moi-truong/index.html',
  'hoat-dong-cua-xa-phuong/doi-thoai-voi-nhan-dan/index.html',
  'thong-bao/lich-tiep-cong-dan-thang-11/index.html',
  'thong-bao/huong-dan-dang-ky-tam-tru/index.html',
];

const sites: TempSite[] = [];
async function newSite(files: SiteFiles = SITE): Promise<TempSite> {
  const site = await createSite(files);
  sites.push(site);
  return site;
}
afterAll(async () => {
  await Promise.all(sites.map((s) => s.cleanup()));
});

describe('bantin build of a small site', () => {
  let site: TempSite;
  let result: Awaited<ReturnType<typeof cli>>;
  let dist: Record<string, string>;
  let contentBefore: Record<string, string>;
  const page = (rel: string) => Buffer.from(dist[rel] ?? '', 'hex').toString('utf8');

  beforeAll(async () => {
    site = await newSite();
    contentBefore = await site.snapshot('content');
    result = await build(site);
    dist = await site.snapshot('dist');
  });

  it('should exit 0 and end with a summary naming the drafts and scheduled articles left out', () => {
    expect(result.code).toBe(0);
    expect(result.last).toMatch(/^Đã đăng 5 bài, ghi 30 trang \(\d+ tệp\)/);
    expect(result.last).toContain('1 bản nháp (nhap.md — ');
    expect(result.last).toContain('1 bài hẹn giờ chưa đăng (hen-gio.md');
    expect(result.last).toMatch(/xong trong \d+\.\d\d giây\.$/);
  });

  it('should write article pages at /{category}/{slug}/ whatever folder the file is in, and list pages paginated by pageSize', () => {
    expect(filesOf(dist).filter((f) => f.endsWith('.html'))).toEqual(
      [
        ...ARTICLE_PAGES,
        'index.html',
        'trang/2/index.html',
        'trang/3/index.html',
        'hoat-dong-cua-xa-phuong/index.html',
        'hoat-dong-cua-xa-phuong/trang/2/index.html',
        'thong-bao/index.html',
        '404.html',
        // Discovery pages (test/discovery-site.test.ts): tags, authors, archives, sitemap, search.
        'the/index.html',
        'the/dang-uy/index.html',
        'the/hoi-nghi-bch/index.html',
        'tac-gia/index.html',
        'tac-gia/ha-van/index.html',
        'tac-gia/ha-van/trang/2/index.html',
        'tac-gia/le-van-thang/index.html',
        'luu-tru/index.html',
        'luu-tru/2021/index.html',
        'luu-tru/2021/trang/2/index.html',
        'luu-tru/2021/trang/3/index.html',
        ...['07', '08', '09', '10', '11'].map((m) => `luu-tru/2021/${m}/index.html`),
        'so-do-trang/index.html',
        'tim-kiem/index.html',
      ].sort(),
    );
  });

  it('should list the newest articles first', () => {
    const home = page('index.html');
    const list = home.slice(home.indexOf('tin-moi'), home.indexOf('</section>'));
    expect([...list.matchAll(/<h3><a href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      '/thong-bao/lich-tiep-cong-dan-thang-11/',
      '/hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14/',
    ]);
  });

  it('should leave out the draft and the scheduled article', () => {
    expect(Object.keys(dist).some((f) => f.includes('ban-nhap') || f.includes('hen-gio'))).toBe(false);
  });

  it('should copy images and other files at the same relative path, and keep the mark', () => {
    // An image an article shows is published processed (no metadata) at its own path, with its variants.
    expect(Buffer.from(dist['hoat-dong/anh/toan-canh.jpg']!, 'hex').subarray(0, 2)).toEqual(Buffer.from(FAKE_JPEG.subarray(0, 2)));
    expect(dist['hoat-dong/anh/toan-canh-16w.webp']).toBeDefined();
    expect(dist['thong-bao/lich.pdf']).toBe(contentBefore['thong-bao/lich.pdf']);
    expect(dist['tai-lieu/bao-cao nam 2021.docx']).toBe(contentBefore['tai-lieu/bao-cao nam 2021.docx']);
    expect(dist['assets/style.css']).toBeDefined();
    expect(dist['.bantin-output']).toBeDefined();
  });

  describe('the article page', () => {
    const seed = () => page(ARTICLE_PAGES[0]!);

    it('should have the title in <title> and in exactly one <h1>', () => {
      expect(seed()).toMatch(/<title>Hội nghị BCH Phường Trần Phú lần thứ 14[^<]*<\/title>/);
      expect(count(seed(), /<h1[\s>]/g)).toBe(1);
      expect(seed()).toContain('<h1>Hội nghị BCH Phường Trần Phú lần thứ 14</h1>');
    });

    it('should link the category and show the date as 11/10/2021 14:48', () => {
      expect(seed()).toContain('<a href="/hoat-dong-cua-xa-phuong/">Hoạt động của xã phường</a>');
      expect(seed()).toMatch(/<time datetime="2021-10-11T14:48:00\+07:00">11\/10\/2021 14:48<\/time>/);
      expect(page('thong-bao/lich-tiep-cong-dan-thang-11/index.html')).toMatch(/<time datetime="[^"]+">01\/11\/2021<\/time>/);
    });

    it('should show the summary as the lead and the author after the body', () => {
      const html = seed();
      const lead = html.indexOf('<p class="lead">Tóm tắt hội nghị lần thứ 14.</p>');
      expect(lead).toBeGreaterThan(html.indexOf('<h1>'));
      expect(html.indexOf('Hà Vân')).toBeGreaterThan(html.indexOf('Ngày 7/10, Đảng ủy'));
    });

    it("should turn the link to another article's .md file into that article's URL", () => {
      expect(seed()).toContain('<a href="/thong-bao/lich-tiep-cong-dan-thang-11/#gio">lịch tiếp dân</a>');
      expect(seed()).not.toContain('lich.md');
    });

    it('should serve the image from its relative path, as a figure with its caption', () => {
      expect(seed()).toMatch(/<figure><picture>.*<img src="\/hoat-dong\/anh\/toan-canh-16w.jpg" [^>]*alt="Toàn cảnh hội nghị"><\/picture><figcaption>Toàn cảnh hội nghị BCH lần thứ 14<\/figcaption><\/figure>/);
      expect(seed()).toContain('href="/thong-bao/lich.pdf"');
    });

    it('should list up to relatedCount other articles under "Tin khác", never itself', () => {
      const html = seed();
      const section = html.slice(html.indexOf('>Tin khác<'), html.indexOf('</section>', html.indexOf('>Tin khác<')));
      const links = [...section.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
      // Ra quân shares a tag and the category; Đối thoại only the category; the rest nothing.
      expect(links).toEqual(['/hoat-dong-cua-xa-phuong/ra-quan-tong-ve-sinh-moi-truong/', '/hoat-dong-cua-xa-phuong/doi-thoai-voi-nhan-dan/']);
    });
  });

  it('should write nothing outside the output folder and change nothing in content', async () => {
    expect((await readdir(site.root)).sort()).toEqual(['bantin.yaml', 'content', 'dist', 'node_modules']);
    expect(await readdir(site.path('node_modules/.cache'))).toEqual(['bantin']);
    expect(await site.snapshot('content')).toEqual(contentBefore);
  });

  it('should give a byte-identical output, mark included, when the same input is built again', async () => {
    const again = await build(site, '--out', site.path('dist-2'));
    expect(again.code).toBe(0);
    expect(await site.snapshot('dist-2')).toEqual(dist);
  });

  it('should include drafts with --drafts and scheduled articles with --future', async () => {
    const all = await build(site, '--drafts', '--future', '--out', site.path('dist-all'));
    expect(all.code).toBe(0);
    expect(all.last).toMatch(/^Đã đăng 7 bài/);
    expect(all.last).toContain('0 bản nháp');
    expect(all.last).toContain('0 bài hẹn giờ');
    const files = filesOf(await site.snapshot('dist-all'));
    expect(files).toContain('thong-bao/ban-nhap-chua-dang/index.html');
    expect(files).toContain('thong-bao/bai-hen-gio-nam-2030/index.html');
  });
});

describe('bantin build options', () => {
  it('should read content, templates, config and out relative to the current folder', async () => {
    const site = await newSite({
      'noi-dung/tin/a.md': md({ title: 'Bài a', date: '2024-01-01', author: 'An', category: 'Tin tức' }),
      'giao-dien/pages/article.hbs': '{{#> base}}<h1 class="rieng">{{article.title}}</h1>{{/base}}',
      'cau-hinh.yaml': 'title: Trang riêng\n',
    });
    const logger = createMemoryLogger();
    const code = await runBuild(
      { cwd: site.root, content: 'noi-dung', templates: 'giao-dien', config: 'cau-hinh.yaml', out: 'ra', now: Date.parse(NOW) },
      logger,
    );
    expect(code).toBe(0);
    const html = await site.read('ra/tin-tuc/bai-a/index.html');
    expect(html).toContain('<h1 class="rieng">Bài a</h1>');
    expect(html).toContain('Trang riêng');
  });

  it("should use the site's templates folder by default, replacing only the files it has", async () => {
    const site = await newSite({
      ...SITE,
      'templates/pages/article.hbs': '{{#> base}}\n<h1 class="rieng">{{article.title}}</h1>\n{{/base}}\n',
    });
    expect((await build(site)).code).toBe(0);
    const article = await site.read(`dist/${ARTICLE_PAGES[0]}`);
    expect(article).toContain('<h1 class="rieng">Hội nghị BCH Phường Trần Phú lần thứ 14</h1>');
    expect(article).toContain('<header class="site-header">');
    expect(await site.read('dist/index.html')).toContain('<h2 id="tin-moi">Tin mới nhất</h2>');
  });

  it('should put every link of every page under the base path of bantin.yaml', async () => {
    const site = await newSite({ ...SITE, 'bantin.yaml': 'pageSize: 2\nbaseUrl: /sub/\n' });
    expect((await build(site)).code).toBe(0);
    const links = await linksIn(site.path('dist'));
    expect(links.length).toBeGreaterThan(100);
    expect(links.filter((l) => !l.startsWith('/sub/') && !l.startsWith('#'))).toEqual([]);
  });

  it('should put every link under --base-url, which wins over bantin.yaml', async () => {
    const site = await newSite({ ...SITE, 'bantin.yaml': 'pageSize: 2\nbaseUrl: /khac/\n' });
    expect((await build(site, '--base-url', 'https://x.gov.vn/sub/')).code).toBe(0);
    const links = await linksIn(site.path('dist'));
    expect(links.filter((l) => !/^(\/sub\/|https:\/\/x\.gov\.vn\/sub\/|#)/.test(l))).toEqual([]);
    expect(await site.read(`dist/${ARTICLE_PAGES[0]}`)).toContain(
      '<link rel="canonical" href="https://x.gov.vn/sub/hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14/">',
    );
  });

  it('should report a --config file that does not exist as BT203 and exit 1', async () => {
    const site = await newSite();
    const result = await build(site, '--config', site.path('khong-co.yaml'));
    expect(result.code).toBe(1);
    expect(result.text).toContain('BT203');
    expect(existsSync(site.path('dist'))).toBe(false);
  });

  it('should make one category of names that differ only by tone placement', async () => {
    const site = await newSite({
      'content/a.md': md({ title: 'Bài một', date: '2024-01-01', author: 'An', category: 'Phường Hòa Bình' }),
      'content/b.md': md({ title: 'Bài hai', date: '2024-01-02', author: 'An', category: 'Phường Hoà Bình' }),
    });
    expect((await build(site)).code).toBe(0);
    const discovery = ['luu-tru', 'so-do-trang', 'tac-gia', 'the', 'tim-kiem'];
    const files = filesOf(await site.snapshot('dist')).filter((f) => f.endsWith('/index.html') && f.split('/').length === 2 && !discovery.includes(f.split('/')[0]!));
    expect(files).toEqual(['phuong-hoa-binh/index.html']);
    expect(count(await site.read('dist/phuong-hoa-binh/index.html'), /<li class="article-item">/g)).toBe(2);
  });

  it('should report an invalid --base-url as a config error', async () => {
    const site = await newSite();
    const result = await build(site, '--base-url', 'sub dir');
    expect(result.code).toBe(1);
    expect(existsSync(site.path('dist'))).toBe(false);
  });
});

describe('bantin usage', () => {
  it('should exit 0 for --help and --version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.text).toContain('build');
    const buildHelp = await cli(['build', '--help']);
    expect(buildHelp.code).toBe(0);
    expect(buildHelp.text).toContain('--base-url');
    expect(buildHelp.text).not.toContain('--now');
    const version = await cli(['--version']);
    expect([version.code, version.text]).toEqual([0, JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')).version]);
  });

  it('should exit 2 for an unknown option, an unknown command, a missing command or a bad --now', async () => {
    expect((await cli(['build', '--khong-co'])).code).toBe(2);
    expect((await cli(['dung'])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
    expect((await cli(['build', '--out'])).code).toBe(2);
    expect((await cli(['build', '--now', 'hôm qua'])).code).toBe(2);
  });
});

describe('bantin build with content problems', () => {
  it('should report every problem of the run together, numbered, each with path:line:col and a hint, then exit 1', async () => {
    const badYaml = md({ title: 'Bài lỗi', date: '2024-01-01', author: 'An', category: 'Tin' }).replace('title: "Bài lỗi"', 'title: "Bài lỗi');
    const badDate = md({ title: 'Bài sai ngày', date: '31/02/2024', author: 'An', category: 'Tin' });
    const site = await newSite({ 'content/a.md': badYaml, 'content/b/c.md': badDate });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.text).toMatch(/^1\. \S*content\/a\.md:\d+:\d+ +lỗi BT1\d\d/m);
    expect(result.text).toMatch(new RegExp(`^2\\. \\S*content/b/c\\.md:${positionOf(badDate, 'date:').replace(':1', ':\\d+')} +lỗi BT114`, 'm'));
    expect(count(result.text, /Cách sửa: /g)).toBe(2);
    expect(result.text).not.toMatch(/^3\. /m);
    expect(existsSync(site.path('dist'))).toBe(false);
  });

  it('should report a link to a missing article or file at its file:line:col', async () => {
    const text = md({ title: 'Bài dẫn', date: '2024-01-01', author: 'An', category: 'Tin' }, 'Một.\n\nXem [bài kia](../khong-co.md) và [tệp](khong-co.pdf).\n');
    const site = await newSite({ 'content/tin/a.md': text });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.text).toContain(`content/tin/a.md:${positionOf(text, '[bài kia]')}  lỗi BT125`);
    expect(result.text).toContain(`content/tin/a.md:${positionOf(text, '[tệp]')}  lỗi BT126`);
  });

  it('should report a missing cover image', async () => {
    const text = md({ title: 'Bài', date: '2024-01-01', author: 'An', category: 'Tin', image: 'khong-co.jpg' });
    const site = await newSite({ 'content/a.md': text });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.text).toContain(`content/a.md:${positionOf(text, 'image:')}  lỗi BT124`);
  });

  it('should report two articles with one URL as BT122 naming both files and suggesting a slug', async () => {
    const site = await newSite({
      'content/a.md': md({ title: 'Phường Hòa Bình ra quân', date: '2024-01-01', author: 'An', category: 'Tin' }),
      'content/khac/b.md': md({ title: 'Phường Hoà Bình ra quân', date: '2024-01-02', author: 'An', category: 'Tin' }),
    });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.text).toContain('BT122');
    expect(result.text).toContain('content/a.md');
    expect(result.text).toContain('khac/b.md');
    expect(result.text).toMatch(/Cách sửa: .*slug/);
  });

  it('should report an unknown category as BT121 listing the configured ones', async () => {
    const site = await newSite({
      'bantin.yaml': 'categories:\n  - name: Thông báo\n  - name: Hoạt động của xã phường\n',
      'content/a.md': md({ title: 'Bài', date: '2024-01-01', author: 'An', category: 'Thể thao' }),
      'content/b.md': md({ title: 'Bài hai', date: '2024-01-01', author: 'An', category: 'Thông Báo' }),
    });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.text).toMatch(/content\/a\.md:5:1  lỗi BT121/);
    expect(result.text).toMatch(/Cách sửa: .*Thông báo, Hoạt động của xã phường/);
    expect(result.text).not.toContain('b.md');
  });

  it('should not report a link to an article that has its own error a second time', async () => {
    const site = await newSite({
      'content/a.md': md({ title: 'Bài dẫn', date: '2024-01-01', author: 'An', category: 'Tin' }, 'Xem [bài b](b.md) và [bài c](c.md).\n'),
      'content/b.md': md({ title: 'Bài b', date: '30/02/2024', author: 'An', category: 'Tin' }),
      'content/c.md': md({ title: 'Bài c', date: '2024-01-01', author: 'An', category: 'Tin', image: 'khong-co.jpg' }),
    });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.text).toMatch(/^1\. \S*content\/b\.md:\d+:\d+  lỗi BT114/m);
    expect(result.text).toMatch(/^2\. \S*content\/c\.md:\d+:\d+  lỗi BT124/m);
    expect(result.text).not.toContain('BT125');
  });
});

describe('bantin build with template problems', () => {
  it('should report a missing variable in a site template as BT403 naming the file and line, and exit 1', async () => {
    const site = await newSite({ ...SITE, 'templates/pages/article.hbs': '{{#> base}}\n<h1>{{article.title}}</h1>\n{{article.tieuDePhu}}\n{{/base}}\n' });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.text).toMatch(/^1\. \S*templates\/pages\/article\.hbs:3:\d+  lỗi BT403: .*tieuDePhu/m);
    expect(result.text).not.toMatch(/^2\. /m);
    expect(existsSync(site.path('dist'))).toBe(false);
  });

  it('should report a syntax error in a site template as BT401 with file and line', async () => {
    const site = await newSite({ ...SITE, 'templates/partials/footer.hbs': '<footer>\n{{#if site.title}}\n</footer>\n' });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.text).toMatch(/\S*templates\/partials\/footer\.hbs:\d+:\d+  lỗi BT401/);
  });

  it('should print content that looks like a template as text', async () => {
    const site = await newSite({
      'content/a.md': md({ title: 'Tiêu đề {{constructor}}', date: '2024-01-01', author: 'An', category: 'Tin' }, 'Thân bài {{#each site.categories}}X{{/each}} và {{constructor}}.\n'),
    });
    expect((await build(site)).code).toBe(0);
    const html = await site.read('dist/tin/tieu-de-constructor/index.html');
    expect(html).toContain('<h1>Tiêu đề {{constructor}}</h1>');
    expect(html).toContain('Thân bài {{#each site.categories}}X{{/each}} và {{constructor}}.');
  });
});

describe('bantin build output safety', () => {
  let site: TempSite;
  let first: Record<string, string>;

  beforeAll(async () => {
    site = await newSite();
    expect((await build(site)).code).toBe(0);
    first = await site.snapshot('dist');
  });

  it('should leave the previous output byte-identical when a content error stops the build', async () => {
    await site.write({ 'content/loi.md': '---\ntitle: [\n---\n' });
    const result = await build(site);
    expect(result.code).toBe(1);
    expect(result.last).toMatch(/^\nDựng trang thất bại: 1 lỗi, 0 cảnh báo\. Trang web cũ trong ".*dist" được giữ nguyên\.$/);
    expect(await site.snapshot('dist')).toEqual(first);
    await site.remove('content/loi.md');
  });

  it('should not speak of an old site kept when there was none, and say it in Vietnamese only', async () => {
    const fresh = await newSite({ ...SITE, 'content/loi.md': '---\ntitle: [\n---\n' });
    const result = await build(fresh);
    expect(result.code).toBe(1);
    expect(result.last).toMatch(/^\nDựng trang thất bại: 1 lỗi, 0 cảnh báo\. Chưa ghi gì vào ".*dist"\.$/);
    expect(result.text).not.toContain('được giữ nguyên');
    expect(result.text).not.toContain('Build');
    expect(existsSync(fresh.path('dist'))).toBe(false);
  });

  it('should leave the previous output byte-identical when a template error stops the build', async () => {
    // Article pages render (and are written to the new output's temporary folder) before the
    // home page fails: that folder goes, nothing of it reaches dist.
    await site.write({ 'templates/pages/home.hbs': '{{#> base}}{{khongCo}}{{/base}}' });
    expect((await build(site)).code).toBe(1);
    expect(await site.snapshot('dist')).toEqual(first);
    expect((await readdir(site.root)).filter((name) => name.includes('bantin-tmp') || name.includes('bantin-old'))).toEqual([]);
    await site.remove('templates');
  });

  it('should leave no stale page: a deleted article has no folder after the next build', async () => {
    await site.remove('content/cu/doi-thoai.md');
    expect((await build(site)).code).toBe(0);
    const after = await site.snapshot('dist');
    expect(Object.keys(after).filter((f) => f.includes('doi-thoai'))).toEqual([]);
    expect(Object.keys(first).filter((f) => f.includes('doi-thoai'))).not.toEqual([]);
    expect(after['hoat-dong-cua-xa-phuong/trang/2/']).toBeUndefined();
    expect((await readdir(site.root)).sort()).toEqual(['bantin.yaml', 'content', 'dist', 'node_modules']);
    expect(await readdir(site.path('node_modules/.cache'))).toEqual(['bantin']);
  });

  it('should refuse --out equal to the site folder or to the content folder, deleting nothing', async () => {
    const before = await site.snapshot();
    for (const out of [site.root, site.path('content')]) {
      const result = await build(site, '--out', out);
      expect(result.code).toBe(1);
      expect(result.text).toContain('BT902');
    }
    expect(await site.snapshot()).toEqual(before);
  });

  it('should refuse --out . relative to the current folder', async () => {
    const before = await site.snapshot();
    const logger = createMemoryLogger();
    expect(await runBuild({ cwd: site.root, out: '.', now: Date.parse(NOW) }, logger)).toBe(1);
    expect(logger.text()).toMatch(/BT90\d/);
    expect(await runBuild({ cwd: site.path('content'), root: '..', out: '.', now: Date.parse(NOW) }, logger)).toBe(1);
    expect(await site.snapshot()).toEqual(before);
  });

  it('should refuse an output folder inside the content folder, which the next build would read back', async () => {
    const before = await site.snapshot();
    const result = await build(site, '--out', site.path('content/dist'));
    expect(result.code).toBe(1);
    expect(await site.snapshot()).toEqual(before);
  });

  it('should refuse a non-empty output folder that bantin did not make, deleting nothing', async () => {
    await site.write({ 'khac/ghi-chu.txt': 'của người dùng' });
    const before = await site.snapshot();
    const result = await build(site, '--out', site.path('khac'));
    expect(result.code).toBe(1);
    expect(result.text).toContain('BT901');
    expect(await site.snapshot()).toEqual(before);
    await site.remove('khac');
  });
});

describe('the sample site', () => {
  let out: TempSite;
  let result: Awaited<ReturnType<typeof cli>>;
  let files: string[];

  beforeAll(async () => {
    out = await newSite();
    result = await cli(['build', '--root', REPO, '--out', out.path('dist')]);
    files = filesOf(await out.snapshot('dist'));
  });

  it('should build with exit 0', () => {
    expect(result.text).not.toMatch(/ lỗi BT\d+/);
    expect(result.code).toBe(0);
  });

  it('should publish at least 12 articles in at least 4 categories, one of them "Hoạt động của xã phường"', async () => {
    expect(Number(/Đã đăng (\d+) bài/.exec(result.last)?.[1])).toBeGreaterThanOrEqual(12);
    const home = await out.read('dist/index.html');
    const nav = home.slice(home.indexOf('<nav class="site-nav"'), home.indexOf('</nav>', home.indexOf('<nav class="site-nav"')));
    const categories = [...nav.matchAll(/<a href="\/([^"/]+)\/"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(categories.length).toBeGreaterThanOrEqual(4);
    expect(categories).toContainEqual(['hoat-dong-cua-xa-phuong', 'Hoạt động của xã phường']);
    for (const [slug] of categories) expect(files).toContain(`${slug}/index.html`);
  });

  it('should have the seed article at its URL with a figure and its caption', async () => {
    const html = await out.read('dist/hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14-khoa-xii-mo-rong-nhiem-ky-2020-2025/index.html');
    expect(html).toMatch(/<figure>\s*<picture><source type="image\/webp" [^>]*><img [^>]*><\/picture>\s*<figcaption>[^<]+<\/figcaption>\s*<\/figure>/);
    expect(count(html, /<h1[\s>]/g)).toBe(1);
    expect(html).toContain('>Tin khác<');
  });
});

describe('the bantin command', () => {
  const execFileAsync = promisify(execFile);
  const bin = path.join(REPO, 'bin', 'bantin.js');
  let site: TempSite;

  /** Run the compiled command in `cwd` and give its exit code and output. */
  async function command(args: readonly string[], env: Record<string, string> = {}) {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], { cwd: site.root, env: { ...process.env, ...env } });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout: string; stderr: string };
      return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout, stderr: err.stderr };
    }
  }

  beforeAll(async () => {
    // Compile lib/ from the current sources (the bin runs the compiled code).
    try {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(REPO, 'tsconfig.json')], { cwd: REPO, stdio: 'pipe' });
    } catch {
      // Type errors still emit JavaScript; lib/cli.js is checked below.
    }
    expect(existsSync(path.join(REPO, 'lib', 'cli.js'))).toBe(true);
    site = await newSite({});
    await site.write(Object.fromEntries(Object.entries(SITE).map(([k, v]) => [`trang/${k}`, v])));
  });

  it('should exit 0 and build identical sites whatever the TZ and LANG of the machine', async () => {
    const [utc, hcm] = await Promise.all([
      command(['build', '--root', 'trang', '--out', 'utc', '--now', NOW], { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }),
      command(['build', '--root', 'trang', '--out', 'hcm', '--now', NOW], { TZ: 'Asia/Ho_Chi_Minh', LANG: 'vi_VN.UTF-8', LC_ALL: 'vi_VN.UTF-8' }),
    ]);
    expect([utc.code, hcm.code]).toEqual([0, 0]);
    expect(utc.stdout.trim().split('\n').at(-1)).toMatch(/^Đã đăng 5 bài/);
    const a = await site.snapshot('utc');
    expect(filesOf(a)).toContain(ARTICLE_PAGES[0]);
    expect(await site.snapshot('hcm')).toEqual(a);
    expect(Buffer.from(a[ARTICLE_PAGES[0]!]!, 'hex').toString('utf8')).toContain('11/10/2021 14:48');
  });

  it('should exit 1 for a content error and 2 for wrong usage', async () => {
    await site.write({ 'hong/content/a.md': '---\ntitle: Bài\n---\n' });
    const broken = await command(['build', '--root', 'hong']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('BT111');
    expect(existsSync(site.path('hong/dist'))).toBe(false);
    const usage = await command(['build', '--khong-co']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--khong-co');
  });
});

describe('building a Hugo or Jekyll tree as it is', () => {
  for (const [fixture, kind] of [
    ['hugo-blog', 'hugo'],
    ['jekyll-blog', 'jekyll'],
  ] as const) {
    it(`should say in its first line to use "bantin import ${kind}" (${fixture})`, async () => {
      const root = fileURLToPath(new URL(`./fixtures/import/${fixture}/`, import.meta.url));
      const out = await mkdtemp(path.join(os.tmpdir(), 'bantin-foreign-'));
      try {
        const logger = createMemoryLogger();
        const code = await runBuild({ root, cwd: root, out: path.join(out, 'dist'), cacheDir: false }, logger);
        expect(code).toBe(1);
        expect(logger.lines[0]).toContain(`bantin import ${kind}`);
        expect(existsSync(path.join(out, 'dist'))).toBe(false);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    });
  }
});
