/**
 * Fixed pages (`type: page`), menus (`menu:`, `footerMenu:`) and old addresses (`aliases:`) — issue 16 —
 * on sites built through the CLI, as an editor would. Redirects are followed in Chromium in
 * test/browser/pages.browser.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate, StaticConfigLoader, type ConfigData } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { createMemoryLogger } from '../src/logger.js';
import { REPO } from './helpers/theme.js';
import { createSite, md, type TempSite } from './helpers/site.js';

const NOW = '2025-06-01T10:00:00+07:00';
const BASE = 'https://phuong.example.gov.vn/';

async function cli(args: readonly string[]) {
  const logger = createMemoryLogger();
  const code = await run(args, logger);
  return { code, text: logger.text() };
}

const CONFIG = [
  'title: Bản tin phường Thử',
  'organization:',
  '  name: UBND phường Thử',
  '  address: 1 Lê Lợi',
  '  phone: "0255 3822 123"',
  '  hours: Sáng 7h00–11h30',
  'categories:',
  '  - name: Thông báo',
  '  - name: Hoạt động của xã phường',
  'menu:',
  '  - page: gioi-thieu',
  '    children:',
  '      - page: trang/co-cau.md',
  '        label: Bộ máy',
  '      - page: tim-kiem',
  '  - category: Thông báo',
  '  - url: https://dichvucong.gov.vn',
  '    label: Dịch vụ công',
  '  - page: lien-he',
  'footerMenu:',
  '  - page: luu-tru',
  '  - page: lien-he',
  '',
].join('\n');

/** Articles that share words and a tag with the pages, so only the exclusion keeps them apart. */
const FILES = {
  'bantin.yaml': CONFIG,
  'content/trang/gioi-thieu.md': md(
    { type: 'page', title: 'Giới thiệu phường Thử', slug: 'gioi-thieu', tags: ['Phường Thử'], updated: '02/01/2025', aliases: ['/gioi-thieu-chung/', '/2017/01/gioi-thieu.html'] },
    'Phường Thử có 12 tổ dân phố.\n\n![Trụ sở](tru-so.jpg)\n\n[Quyết định thành lập](quyet-dinh.pdf)\n',
  ),
  'content/trang/tru-so.jpg': Buffer.from(
    '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAKABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCAAK6//9k=',
    'base64',
  ),
  'content/trang/quyet-dinh.pdf': '%PDF-1.4\n%%EOF\n',
  'content/trang/co-cau.md': md({ type: 'page', title: 'Cơ cấu tổ chức phường Thử', author: 'Văn phòng UBND' }, 'Chủ tịch UBND phường Thử.\n'),
  'content/lien-he.md': md({ type: 'page', title: 'Liên hệ', contact: 'true' }, 'Gọi cho phường Thử.\n'),
  'content/thong-bao/a.md': md({ title: 'Giới thiệu phường Thử với du khách', slug: 'gioi-thieu-du-khach', date: '01/05/2025', author: 'An', category: 'Thông báo', tags: ['Phường Thử'] }),
  'content/thong-bao/b.md': md({ title: 'Phường Thử họp dân', date: '02/05/2025', author: 'An', category: 'Thông báo', tags: ['Phường Thử'], aliases: ['/tin-cu/hop-dan'] }),
};

describe('fixed pages, menus and aliases on a built site', () => {
  let site: TempSite;
  let build: { code: number; text: string };
  const read = (rel: string) => readFileSync(site.path(`dist/${rel}`), 'utf8');

  beforeAll(async () => {
    site = await createSite(FILES);
    build = await cli(['build', '--root', site.root, '--now', NOW, '--no-cache', '--base-url', BASE]);
  }, 60_000);
  afterAll(() => site.cleanup());

  it('should build, counting the articles only', () => {
    expect(build.code, build.text).toBe(0);
    expect(build.text).toContain('Đã đăng 2 bài');
  });

  it('should give a page /{slug}/ from slug:, else from its title, wherever it is under content/', () => {
    expect(read('gioi-thieu/index.html')).toContain('<h1>Giới thiệu phường Thử</h1>');
    expect(read('co-cau-to-chuc-phuong-thu/index.html')).toContain('<h1>Cơ cấu tổ chức phường Thử</h1>');
    expect(read('lien-he/index.html')).toContain('<h1>Liên hệ</h1>');
  });

  it('should show the update date, the author only when given, and the contact block with contact: true', () => {
    const about = read('gioi-thieu/index.html');
    expect(about).toContain('Cập nhật <time datetime="2025-01-02T00:00:00+07:00">02/01/2025</time>');
    expect(about).not.toContain('class="author"');
    expect(about).not.toContain('class="category-label"');
    expect(about).not.toContain('id="tin-khac"');
    expect(read('co-cau-to-chuc-phuong-thu/index.html')).toContain('<p class="author">Văn phòng UBND</p>');
    const contact = read('lien-he/index.html');
    expect(contact).toContain('Địa chỉ: 1 Lê Lợi');
    expect(contact).toContain('Giờ làm việc: Sáng 7h00–11h30');
    expect(read('gioi-thieu/index.html')).not.toContain('Giờ làm việc');
  });

  it('should give a page its pictures and attachments like an article', () => {
    const about = read('gioi-thieu/index.html');
    expect(about).toContain('<picture>');
    expect(about).toContain('id="tai-lieu-dinh-kem"');
    expect(about).toContain('quyet-dinh.pdf');
  });

  it('should keep pages out of the home and category lists, archives, tag pages, feeds and "Tin khác"', () => {
    for (const list of ['index.html', 'thong-bao/index.html', 'luu-tru/2025/index.html', 'the/phuong-thu/index.html', 'rss.xml', 'atom.xml', 'feed.json', 'thong-bao/rss.xml']) {
      // The menu links to the pages from every page: look at the main content only.
      const whole = read(list);
      const text = list.endsWith('.html') ? whole.slice(whole.indexOf('<main'), whole.indexOf('</main>')) : whole;
      expect(text, list).toContain('Phường Thử họp dân');
      expect(text, list).not.toContain('/gioi-thieu/');
      expect(text, list).not.toContain('co-cau-to-chuc-phuong-thu');
    }
    const article = read('thong-bao/gioi-thieu-du-khach/index.html');
    const related = article.slice(article.indexOf('id="tin-khac"'));
    expect(related).toContain('Phường Thử họp dân');
    expect(related).not.toContain('/gioi-thieu/"');
    expect(read('luu-tru/index.html')).not.toContain('1970');
  });

  it('should put pages in sitemap.xml, the sitemap page and the search index', async () => {
    const sitemap = read('sitemap.xml');
    expect(sitemap).toContain(`<loc>${BASE}gioi-thieu/</loc>`);
    expect(sitemap).toContain(`<loc>${BASE}lien-he/</loc>`);
    expect(sitemap).not.toContain('gioi-thieu-chung');
    expect(read('so-do-trang/index.html')).toContain('<a href="/lien-he/">Liên hệ</a>');
    const snapshot = await site.snapshot('dist/tim-kiem/chi-muc');
    const docs = Object.entries(snapshot)
      .filter(([p]) => p.endsWith('.json'))
      .map(([, hex]) => Buffer.from(hex, 'hex').toString('utf8'))
      .join('\n');
    expect(docs).toContain('"u":"/gioi-thieu/"');
    expect(docs).toContain('"u":"/co-cau-to-chuc-phuong-thu/"');
  });

  it('should show menu: in the header in its order, with its one level of children, and footerMenu: in the footer', () => {
    const html = read('thong-bao/index.html');
    const nav = html.slice(html.indexOf('<nav class="site-nav"'), html.indexOf('</nav>', html.indexOf('<nav class="site-nav"')));
    const links = [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(links).toEqual([
      'Giới thiệu phường Thử /gioi-thieu/',
      'Bộ máy /co-cau-to-chuc-phuong-thu/',
      'Tìm kiếm /tim-kiem/',
      'Thông báo /thong-bao/',
      'Dịch vụ công https://dichvucong.gov.vn',
      'Liên hệ /lien-he/',
    ]);
    expect(nav).toContain('<li class="has-children"><a href="/gioi-thieu/">');
    expect(nav).toContain('<ul class="submenu">');
    expect(nav).toContain('<a href="/thong-bao/" aria-current="page">Thông báo</a>');
    // Nothing else is current on that page: the parent of other pages is not marked.
    expect(nav.match(/aria-current/g)).toHaveLength(1);
    const footer = html.slice(html.indexOf('<nav class="footer-menu'));
    expect([...footer.slice(0, footer.indexOf('</nav>')).matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`)).toEqual(['Lưu trữ /luu-tru/', 'Liên hệ /lien-he/']);
  });

  it('should mark a menu entry whose child is the page shown (aria-current="true"), and the child itself as the page', () => {
    const html = read('co-cau-to-chuc-phuong-thu/index.html');
    const nav = html.slice(html.indexOf('<nav class="site-nav"'), html.indexOf('</nav>', html.indexOf('<nav class="site-nav"')));
    expect(nav).toContain('<li class="has-children"><a href="/gioi-thieu/" aria-current="true">');
    expect(nav).toContain('<a href="/co-cau-to-chuc-phuong-thu/" aria-current="page">Bộ máy</a>');
    expect(nav.match(/aria-current/g)).toHaveLength(2);
  });

  it('should write a redirect page at each old path, valid for html-validate, with refresh, canonical, noindex and a link', async () => {
    const config = JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')) as ConfigData;
    const validator = new HtmlValidate(new StaticConfigLoader(config));
    for (const [file, target] of [
      ['gioi-thieu-chung/index.html', `${BASE}gioi-thieu/`],
      ['2017/01/gioi-thieu.html', `${BASE}gioi-thieu/`],
      ['tin-cu/hop-dan/index.html', `${BASE}thong-bao/phuong-thu-hop-dan/`],
    ] as const) {
      const html = read(file);
      const report = await validator.validateString(html, file);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)), file).toEqual([]);
      expect(html).toContain(`<meta http-equiv="refresh" content="0; url=${target}">`);
      expect(html).toContain(`<link rel="canonical" href="${target}">`);
      expect(html).toContain('<meta name="robots" content="noindex">');
      expect(html).toContain(`<a href="${target}">`);
    }
  });

  it('should give fixed pages that pass html-validate', async () => {
    const config = JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')) as ConfigData;
    const validator = new HtmlValidate(new StaticConfigLoader(config));
    for (const file of ['gioi-thieu/index.html', 'co-cau-to-chuc-phuong-thu/index.html', 'lien-he/index.html']) {
      const report = await validator.validateString(read(file), file);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`)), file).toEqual([]);
    }
  });

  it('should list every redirect in _redirects for Netlify and Cloudflare Pages', () => {
    const lines = read('_redirects').split('\n').filter((l) => l.startsWith('/'));
    expect(lines.sort()).toEqual(['/2017/01/gioi-thieu.html /gioi-thieu/ 301', '/gioi-thieu-chung/ /gioi-thieu/ 301', '/tin-cu/hop-dan/ /thong-bao/phuong-thu-hop-dan/ 301']);
  });
});

describe('located errors of pages, menus and aliases', () => {
  const sites: TempSite[] = [];
  afterAll(async () => {
    for (const s of sites) await s.cleanup();
  });
  const check = async (files: Record<string, string>) => {
    const s = await createSite({ 'bantin.yaml': 'categories:\n  - name: Thông báo\n', 'content/thong-bao/a.md': md({ title: 'Bài A', slug: 'bai-a', date: '01/05/2025', author: 'An', category: 'Thông báo' }), ...files });
    sites.push(s);
    return cli(['check', '--root', s.root, '--now', NOW]);
  };

  it('should refuse a page at the address of a category, a page bantin makes, or another page', async () => {
    const r = await check({
      'content/p1.md': md({ type: 'page', title: 'Thông báo' }),
      'content/p2.md': md({ type: 'page', title: 'Tìm', slug: 'tim-kiem' }),
      'content/p3.md': md({ type: 'page', title: 'Trang', slug: 'trang' }),
      'content/p4.md': md({ type: 'page', title: 'Liên hệ' }),
      'content/x/p5.md': md({ type: 'page', title: 'Liên hệ' }),
    });
    expect(r.code).toBe(1);
    expect(r.text).toContain('content/p1.md:3:1  lỗi BT162: Trang "Thông báo" có đường dẫn /thong-bao/, trùng với chuyên mục "Thông báo".');
    expect(r.text).toContain('content/p2.md:4:1  lỗi BT162: Trang "Tìm" có đường dẫn /tim-kiem/, trùng với một trang do bantin tạo ra');
    expect(r.text).toContain('content/p3.md:4:1  lỗi BT162: Trang "Trang" có đường dẫn /trang/');
    expect(r.text).toContain('content/x/p5.md:3:1  lỗi BT162: Trang này và "');
    expect(r.text).toContain('content/p4.md" có cùng đường dẫn /lien-he/.');
  });

  it('should require a title on a page, and refuse an unknown type:', async () => {
    const r = await check({ 'content/p.md': '---\ntype: page\nslug: p\n---\n\nNội dung.\n', 'content/q.md': md({ type: 'trang', title: 'Q' }) });
    expect(r.text).toContain('content/p.md:1:1  lỗi BT111: Bài viết thiếu trường "title".');
    expect(r.text).toContain('content/q.md:2:1  lỗi BT160: Loại "trang" không được hỗ trợ.');
  });

  it('should refuse an alias that is a page, a copied file, another alias, or not a path', async () => {
    const r = await check({
      'content/p.md': md({ type: 'page', title: 'Giới thiệu', aliases: ['/thong-bao/bai-a/'] }),
      'content/q.md': md({ type: 'page', title: 'Liên hệ', aliases: ['/cu/', '/tep.html'] }),
      'content/r.md': md({ type: 'page', title: 'Lịch', aliases: ['/cu'] }),
      'content/s.md': md({ type: 'page', title: 'Sơ đồ', aliases: ['https://x.vn/cu/', '/a/../b/'] }),
      'content/tep.html': '<p>tệp</p>',
    });
    expect(r.code).toBe(1);
    expect(r.text).toContain('content/p.md:4:1  lỗi BT163: Đường dẫn cũ /thong-bao/bai-a/ trong aliases trùng với một trang đang có của trang web.');
    expect(r.text).toContain('content/q.md:4:1  lỗi BT163: Đường dẫn cũ /tep.html trong aliases trùng với tệp "tep.html" trong thư mục nội dung.');
    expect(r.text).toContain('content/r.md:4:1  lỗi BT163: Đường dẫn cũ /cu/ trong aliases trùng với đường dẫn cũ của "Liên hệ" (q.md).');
    expect(r.text).toContain('content/s.md:4:11  lỗi BT161: Đường dẫn cũ "https://x.vn/cu/" trong aliases không hợp lệ.');
    expect(r.text).toContain('content/s.md:4:31  lỗi BT161: Đường dẫn cũ "/a/../b/" trong aliases không hợp lệ.');
  });

  it('should report a menu entry that leads nowhere at its line of bantin.yaml, with the closest name', async () => {
    const r = await check({
      'bantin.yaml': ['categories:', '  - name: Thông báo', 'menu:', '  - page: gioi-thieu', '  - page: gioi-theiu', '  - category: Thong bao', '  - category: Tin tức', '  - page: van-ban', ''].join('\n'),
      'content/p.md': md({ type: 'page', title: 'Giới thiệu' }),
    });
    expect(r.code).toBe(1);
    expect(r.text).toContain('bantin.yaml:5:5  lỗi BT164: Mục "gioi-theiu" trong menu không trỏ tới trang nào của trang web.');
    expect(r.text).toContain('Có phải ý bạn là "gioi-thieu"?');
    expect(r.text).toContain('bantin.yaml:7:5  lỗi BT164: Mục "Tin tức" trong menu không phải chuyên mục nào của trang web.');
    expect(r.text).toContain('bantin.yaml:8:5  lỗi BT164: Mục "van-ban" trong menu trỏ tới trang "Văn bản", nhưng trang web này không có trang đó');
    // "Thong bao" without marks is the category "Thông báo".
    expect(r.text).not.toContain('"Thong bao"');
  });

  it('should refuse a second level of children, and a link without a label', async () => {
    const r = await check({
      'bantin.yaml': ['menu:', '  - page: tim-kiem', '    children:', '      - page: luu-tru', '        children:', '          - page: the', '  - url: https://x.vn', ''].join('\n'),
    });
    expect(r.code).toBe(1);
    expect(r.text).toContain('bantin.yaml:5:9  lỗi BT202: Trình đơn chỉ có một cấp mục con.');
    expect(r.text).toContain('bantin.yaml:7:5  lỗi BT202: Mục liên kết "https://x.vn" chưa có tên hiển thị.');
  });

  it('should keep the category nav without menu:', async () => {
    const s = await createSite({ 'bantin.yaml': 'categories:\n  - name: Thông báo\n', 'content/thong-bao/a.md': md({ title: 'Bài A', slug: 'bai-a', date: '01/05/2025', author: 'An', category: 'Thông báo' }) });
    sites.push(s);
    expect((await cli(['build', '--root', s.root, '--now', NOW, '--no-cache'])).code).toBe(0);
    const html = await s.read('dist/index.html');
    expect(html).toContain('<li><a href="/thong-bao/">Thông báo</a></li>');
    expect(html).not.toContain('footer-menu');
  });

  it('should note, without failing --strict, the articles whose URL comes from their title', async () => {
    const s = await createSite({
      // A complete organisation block: empty fields are a warning (BT342) that --strict fails on.
      'bantin.yaml':
        'organization:\n  name: UBND phường Thử\n  address: 1 Trần Phú\n  phone: "0255 3822 123"\n  email: ubnd@phuong-thu.gov.vn\n  responsible: Ông Nguyễn Văn A\ncategories:\n  - name: Thông báo\n',
      'content/thong-bao/a.md': md({ title: 'Bài A', slug: 'bai-a', date: '01/05/2025', author: 'An', category: 'Thông báo' }),
      'content/thong-bao/b.md': md({ title: 'Bài B', date: '01/05/2025', author: 'An', category: 'Thông báo' }),
    });
    sites.push(s);
    const r = await cli(['check', '--root', s.root, '--now', NOW, '--strict']);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain('Ghi chú: 1 bài có đường dẫn lấy từ tiêu đề');
    expect(r.text).toContain('content/thong-bao/b.md:2 — /thong-bao/bai-b/ — thêm dòng: slug: bai-b');
    expect(r.text).not.toContain('a.md:2');
  });
});
