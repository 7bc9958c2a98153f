/**
 * `bantin serve` without a watcher: the in-memory session driven through `rebuild(changes)`, and
 * the HTTP server in front of it. Whatever the session serves must be what `bantin build` writes.
 */
import { readFile, rename } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer as createNetServer, type Server } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuild } from '../src/commands/build.js';
import { createMemoryLogger } from '../src/logger.js';
import { decodeRequestPath, startDevServer, type DevServer } from '../src/dev/server.js';
import { createSiteSession, type Change, type SiteSession } from '../src/dev/session.js';
import { SVG, TINY_JPEG } from './helpers/serve-fixtures.js';
import { createSite, filesOf, md, snapshotTree, type SiteFiles, type TempSite } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOW = Date.parse('2025-06-01T00:00:00+07:00');

const CONFIG = ['title: Bản tin phường Thử', 'baseUrl: https://phuong-thu.gov.vn/', 'pageSize: 2', 'relatedCount: 2', 'categories:', '  - name: Thông báo', '  - name: Hoạt động của xã phường', ''].join('\n');

/** A small site: links between articles, an image with a caption, a draft, a scheduled article, a static page. */
function siteFiles(): SiteFiles {
  return {
    'bantin.yaml': CONFIG,
    'content/thong-bao/a.md': md(
      { title: 'Lịch tiếp công dân tháng 6', date: '20/05/2025 08:00', author: 'Hà Vân', category: 'Thông báo', tags: ['Tiếp dân'] },
      'Đoạn mở đầu của bài A.\n\n![Hội trường](/thong-bao/anh.svg "Hội trường UBND phường")\n\nXem [bài B](../hoat-dong/b.md) và [giới thiệu](/gioi-thieu/).\n',
    ),
    // SVG and hand-made pages are trusted files: they come from static/, never from content/.
    'static/thong-bao/anh.svg': SVG,
    'content/thong-bao/anh.jpg': TINY_JPEG,
    'content/hoat-dong/b.md': md({ title: 'Hội nghị BCH lần thứ 14', date: '10/05/2025 14:00', author: 'Trần An', category: 'Hoạt động của xã phường', tags: ['Tiếp dân', 'Hội nghị'] }, 'Nội dung bài B.\n'),
    'content/hoat-dong/c.md': md({ title: 'Ra quân tổng vệ sinh môi trường', date: '01/05/2025', author: 'Trần An', category: 'Hoạt động của xã phường' }, 'Nội dung bài C.\n'),
    'content/nhap.md': md({ title: 'Bài nháp', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo', draft: 'true' }),
    'content/hen-gio.md': md({ title: 'Bài hẹn giờ năm 2030', date: '01/01/2030 08:00', author: 'Hà Vân', category: 'Thông báo' }),
    'static/gioi-thieu/index.html': '<!DOCTYPE html><html><body><p>Giới thiệu phường</p></body></html>\n',
  };
}

/** Pages of the site's own articles and lists (discovery pages come on top). */
const SITE_PAGES = [
  '404.html',
  'hoat-dong-cua-xa-phuong/hoi-nghi-bch-lan-thu-14/index.html',
  'hoat-dong-cua-xa-phuong/index.html',
  'hoat-dong-cua-xa-phuong/ra-quan-tong-ve-sinh-moi-truong/index.html',
  'index.html',
  'thong-bao/index.html',
  'thong-bao/lich-tiep-cong-dan-thang-6/index.html',
  'trang/2/index.html',
];

function startSession(site: TempSite): SiteSession {
  return createSiteSession({ root: site.root, cwd: site.root, now: NOW, cacheDir: false, threads: 1 });
}

/** Site path of an output file: `x/index.html` is asked for as `x/`. */
const sitePathOf = (output: string) => (output === 'index.html' ? '' : output.endsWith('/index.html') ? output.slice(0, -'index.html'.length) : output);

function html(session: SiteSession, sitePath: string): string {
  const found = session.lookup(sitePath);
  if (found.type !== 'page') throw new Error(`${sitePath}: ${found.type}`);
  return found.html;
}

/** Build the site as it is on disk with `bantin build`, and compare every file with what the session serves. */
async function expectSameAsBuild(site: TempSite, session: SiteSession): Promise<void> {
  const out = site.path(`dist-${Math.random().toString(36).slice(2)}`);
  const logger = createMemoryLogger();
  const code = await runBuild({ root: site.root, cwd: site.root, now: NOW, cacheDir: false, threads: 1, out }, logger);
  expect(code, logger.text()).toBe(0);
  const built = await snapshotTree(out);
  const pages = filesOf(built).filter((f) => f.endsWith('.html') && !f.startsWith('gioi-thieu/'));
  expect([...session.pagePaths()].sort()).toEqual(pages);
  for (const file of filesOf(built)) {
    if (file === '.bantin-output') continue;
    const expected = Buffer.from(built[file]!, 'hex');
    const found = session.lookup(sitePathOf(file));
    if (found.type === 'page') expect(found.html, file).toBe(expected.toString('utf8'));
    else if (found.type === 'generated') expect(found.contents, file).toBe(expected.toString('utf8'));
    else if (found.type === 'file') expect((await readFile(found.abs)).equals(expected), file).toBe(true);
    else throw new Error(`${file}: ${found.type}`);
  }
  await site.remove(path.basename(out));
}

describe('the serve session', () => {
  let site: TempSite;
  let session: SiteSession;
  const change = (kind: Change['kind'], rel: string): Change => ({ kind, path: site.path(rel) });

  beforeEach(async () => {
    site = await createSite(siteFiles());
    session = startSession(site);
    const first = await session.start();
    expect(first.ok).toBe(true);
  });
  afterEach(() => site.cleanup());

  it('should answer every page and file exactly as bantin build writes them', async () => {
    expect(session.pagePaths()).toEqual(expect.arrayContaining(SITE_PAGES));
    await expectSameAsBuild(site, session);
  });

  it('should render only the edited article again when its text changes, and still match a fresh build', async () => {
    const before = html(session, 'hoat-dong-cua-xa-phuong/');
    await site.write({
      'content/thong-bao/a.md': md(
        { title: 'Lịch tiếp công dân tháng 6', date: '20/05/2025 08:00', author: 'Hà Vân', category: 'Thông báo', tags: ['Tiếp dân'], updated: '21/05/2025 09:00' },
        'Đoạn mở đầu của bài A.\n\nMột đoạn mới thêm vào.\n\n![Hội trường](/thong-bao/anh.svg "Hội trường UBND phường")\n\nXem [bài B](../hoat-dong/b.md) và [giới thiệu](/gioi-thieu/).\n',
      ),
    });
    const report = await session.rebuild([change('content', 'content/thong-bao/a.md')]);
    expect(report).toMatchObject({ scope: 'article', rendered: 1, ok: true });
    expect(html(session, 'thong-bao/lich-tiep-cong-dan-thang-6/')).toContain('Một đoạn mới thêm vào.');
    expect(html(session, 'thong-bao/lich-tiep-cong-dan-thang-6/')).toContain('href="/hoat-dong-cua-xa-phuong/hoi-nghi-bch-lan-thu-14/"');
    expect(html(session, 'hoat-dong-cua-xa-phuong/')).toBe(before);
    await expectSameAsBuild(site, session);
  });

  it('should re-plan the lists when an article title changes, and still match a fresh build', async () => {
    await site.write({ 'content/hoat-dong/c.md': md({ title: 'Ra quân làm sạch kênh', date: '01/05/2025', author: 'Trần An', category: 'Hoạt động của xã phường' }, 'Nội dung bài C.\n') });
    const report = await session.rebuild([change('content', 'content/hoat-dong/c.md')]);
    // Its page is planned apart (test/quick-page.test.ts); the lists, when first asked for.
    expect(report).toMatchObject({ scope: 'article', rendered: 1, ok: true });
    expect(html(session, 'hoat-dong-cua-xa-phuong/ra-quan-lam-sach-kenh/')).toContain('Ra quân làm sạch kênh');
    expect(html(session, 'hoat-dong-cua-xa-phuong/')).toContain('Ra quân làm sạch kênh');
    expect(session.lookup('hoat-dong-cua-xa-phuong/ra-quan-tong-ve-sinh-moi-truong/')).toEqual({ type: 'missing' });
    await expectSameAsBuild(site, session);
  });

  it('should re-render pages after a template change without rendering any Markdown again', async () => {
    const footer = await readFile(path.join(REPO, 'templates/partials/footer.hbs'), 'utf8');
    await site.write({ 'templates/partials/footer.hbs': footer });
    await session.rebuild([change('config', 'bantin.yaml')]);
    await site.write({ 'templates/partials/footer.hbs': footer.replace('<footer class="site-footer">', '<footer class="site-footer"><p>Chân trang mới</p>') });
    const report = await session.rebuild([change('templates', 'templates/partials/footer.hbs')]);
    expect(report).toMatchObject({ scope: 'templates', rendered: 0, ok: true });
    expect(html(session, '')).toContain('<p>Chân trang mới</p>');
    expect(html(session, 'thong-bao/lich-tiep-cong-dan-thang-6/')).toContain('<p>Chân trang mới</p>');
    await expectSameAsBuild(site, session);
  });

  it('should read everything again when bantin.yaml changes, without rendering unchanged Markdown', async () => {
    await site.write({ 'bantin.yaml': CONFIG.replace('Bản tin phường Thử', 'Cổng thông tin phường Mới') });
    const report = await session.rebuild([change('config', 'bantin.yaml')]);
    expect(report).toMatchObject({ scope: 'full', rendered: 0, ok: true });
    expect(html(session, '')).toContain('Cổng thông tin phường Mới');
    await expectSameAsBuild(site, session);
  });

  it('should keep serving the last good site while an article has an error, and recover when it is fixed', async () => {
    const good = html(session, 'thong-bao/lich-tiep-cong-dan-thang-6/');
    const text = await site.read('content/thong-bao/a.md');
    await site.write({ 'content/thong-bao/a.md': text.replace('20/05/2025 08:00', '30/02/2025').replace('Đoạn mở đầu', 'Đoạn sửa dở') });
    const broken = await session.rebuild([change('content', 'content/thong-bao/a.md')]);
    expect(broken.ok).toBe(false);
    expect(broken.state.diagnostics).toEqual([
      expect.objectContaining({ code: 'BT114', severity: 'error', file: 'content/thong-bao/a.md', line: 3, message: 'Ngày "30/02/2025" không có trong lịch.', hint: expect.stringContaining('28 ngày') }),
    ]);
    expect(broken.state.texts.get('content/thong-bao/a.md')).toContain('30/02/2025');
    expect(html(session, 'thong-bao/lich-tiep-cong-dan-thang-6/')).toBe(good);

    await site.write({ 'content/thong-bao/a.md': text.replace('Đoạn mở đầu', 'Đoạn đã sửa') });
    const fixed = await session.rebuild([change('content', 'content/thong-bao/a.md')]);
    expect(fixed.ok).toBe(true);
    expect(fixed.state.diagnostics).toEqual([]);
    expect(html(session, 'thong-bao/lich-tiep-cong-dan-thang-6/')).toContain('Đoạn đã sửa');
    await expectSameAsBuild(site, session);
  });

  it('should report a template syntax error with its file and line, keep the old pages, and recover', async () => {
    const footer = await readFile(path.join(REPO, 'templates/partials/footer.hbs'), 'utf8');
    await site.write({ 'templates/partials/footer.hbs': footer });
    await session.rebuild([change('config', 'bantin.yaml')]);
    const good = html(session, '');
    await site.write({ 'templates/partials/footer.hbs': `${footer}\n{{#if site.title}}\n` });
    const broken = await session.rebuild([change('templates', 'templates/partials/footer.hbs')]);
    expect(broken.ok).toBe(false);
    expect(broken.state.diagnostics[0]).toMatchObject({ code: 'BT401', file: 'templates/partials/footer.hbs' });
    expect(html(session, '')).toBe(good);
    await site.write({ 'templates/partials/footer.hbs': footer });
    expect((await session.rebuild([change('templates', 'templates/partials/footer.hbs')])).ok).toBe(true);
  });

  it('should find a misspelt template variable at once, naming the template file and line', async () => {
    const article = await readFile(path.join(REPO, 'templates/pages/article.hbs'), 'utf8');
    await site.write({ 'templates/pages/article.hbs': article });
    await session.rebuild([change('config', 'bantin.yaml')]);
    await site.write({ 'templates/pages/article.hbs': `{{article.titel}}\n${article}` });
    const report = await session.rebuild([change('templates', 'templates/pages/article.hbs')]);
    expect(report.ok).toBe(false);
    expect(report.state.diagnostics).toEqual([expect.objectContaining({ code: 'BT403', file: 'templates/pages/article.hbs', line: 1 })]);
  });

  it('should drop the URL of a deleted article, and report the links that pointed to it', async () => {
    await site.remove('content/hoat-dong/b.md');
    const report = await session.rebuild([change('content', 'content/hoat-dong/b.md')]);
    expect(report.ok).toBe(false);
    expect(report.state.diagnostics).toEqual([expect.objectContaining({ code: 'BT125', file: 'content/thong-bao/a.md', line: 13, column: 5 })]);
    await site.write({ 'content/thong-bao/a.md': (await site.read('content/thong-bao/a.md')).replace('[bài B](../hoat-dong/b.md)', 'bài B') });
    const fixed = await session.rebuild([change('content', 'content/thong-bao/a.md')]);
    expect(fixed.ok).toBe(true);
    expect(session.lookup('hoat-dong-cua-xa-phuong/hoi-nghi-bch-lan-thu-14/')).toEqual({ type: 'missing' });
    await expectSameAsBuild(site, session);
  });

  it('should follow a renamed article and drop its old URL when its title changes too', async () => {
    await rename(site.path('content/hoat-dong/c.md'), site.path('content/hoat-dong/c-moi.md'));
    await site.write({ 'content/hoat-dong/c-moi.md': md({ title: 'Ra quân đợt hai', date: '01/05/2025', author: 'Trần An', category: 'Hoạt động của xã phường' }) });
    const report = await session.rebuild([change('content', 'content/hoat-dong/c.md'), change('content', 'content/hoat-dong/c-moi.md')]);
    expect(report.ok).toBe(true);
    expect(session.lookup('hoat-dong-cua-xa-phuong/ra-quan-tong-ve-sinh-moi-truong/')).toEqual({ type: 'missing' });
    expect(html(session, 'hoat-dong-cua-xa-phuong/ra-quan-dot-hai/')).toContain('Ra quân đợt hai');
    await expectSameAsBuild(site, session);
  });

  it('should take in a new folder with its articles and images from one change of the folder', async () => {
    await site.write({
      'content/moi/d.md': md({ title: 'Tiêm chủng mở rộng', date: '25/05/2025', author: 'Hà Vân', category: 'Thông báo' }, '![Trạm y tế](tram.jpg)\n'),
      'content/moi/tram.jpg': TINY_JPEG,
    });
    const report = await session.rebuild([change('content', 'content/moi')]);
    expect(report).toMatchObject({ ok: true, rendered: 1 });
    expect(html(session, 'thong-bao/tiem-chung-mo-rong/')).toContain('src="/moi/tram.jpg"');
    expect(session.lookup('moi/tram.jpg')).toEqual({ type: 'file', abs: site.path('content/moi/tram.jpg') });
    await site.remove('content/moi');
    await session.rebuild([change('content', 'content/moi')]);
    expect(session.lookup('thong-bao/tiem-chung-mo-rong/')).toEqual({ type: 'missing' });
    expect(session.lookup('moi/tram.jpg')).toEqual({ type: 'missing' });
  });

  it('should take an atomic save (a temporary file renamed over the article) as one change with the last content', async () => {
    await site.write({ 'content/thong-bao/.a.md.swp': 'x', 'content/thong-bao/a.md.tmp-123': (await site.read('content/thong-bao/a.md')).replace('Đoạn mở đầu', 'Lần lưu cuối') });
    await rename(site.path('content/thong-bao/a.md.tmp-123'), site.path('content/thong-bao/a.md'));
    const report = await session.rebuild([
      change('content', 'content/thong-bao/a.md.tmp-123'),
      change('content', 'content/thong-bao/.a.md.swp'),
      change('content', 'content/thong-bao/a.md'),
      change('content', 'content/thong-bao/a.md'),
    ]);
    expect(report).toMatchObject({ ok: true, rendered: 1 });
    expect(html(session, 'thong-bao/lich-tiep-cong-dan-thang-6/')).toContain('Lần lưu cuối');
    expect(session.lookup('thong-bao/a.md.tmp-123')).toEqual({ type: 'missing' });
  });

  it('should do nothing for a change that changes no byte', async () => {
    const report = await session.rebuild([change('content', 'content/hoat-dong/b.md')]);
    expect(report).toMatchObject({ scope: 'none', rendered: 0, ok: true });
  });

  it('should list the drafts and scheduled articles it leaves out, with their dates', () => {
    expect(session.state.leftOut).toEqual([
      { source: 'hen-gio.md', title: 'Bài hẹn giờ năm 2030', date: Date.parse('2030-01-01T08:00:00+07:00'), reason: 'scheduled' },
      { source: 'nhap.md', title: 'Bài nháp', date: Date.parse('2025-05-01T00:00:00+07:00'), reason: 'draft' },
    ]);
  });

  it('should show drafts and scheduled articles with --drafts and --future', async () => {
    const all = createSiteSession({ root: site.root, cwd: site.root, now: NOW, cacheDir: false, threads: 1, drafts: true, future: true });
    await all.start();
    expect(all.state.leftOut).toEqual([]);
    expect(html(all, 'thong-bao/bai-nhap/')).toContain('Bài nháp');
    expect(html(all, 'thong-bao/bai-hen-gio-nam-2030/')).toContain('Bài hẹn giờ năm 2030');
  });

  it('should show a config error as the state, keep the old site, and read everything again once it is fixed', async () => {
    const good = html(session, '');
    await site.write({ 'bantin.yaml': `${CONFIG}pagesize: 3\n` });
    const broken = await session.rebuild([change('config', 'bantin.yaml')]);
    expect(broken.ok).toBe(false);
    expect(broken.state.diagnostics).toEqual([expect.objectContaining({ code: 'BT202', file: 'bantin.yaml', line: 8, hint: 'Có phải ý bạn là "pageSize"?' })]);
    expect(html(session, '')).toBe(good);
    // Content changes while the config is broken change nothing served.
    await site.write({ 'bantin.yaml': CONFIG });
    const fixed = await session.rebuild([change('content', 'content/hoat-dong/b.md')]);
    expect(fixed).toMatchObject({ scope: 'full', ok: true });
  });
});

/** GET or HEAD with the path sent exactly as written (no URL normalisation, unlike fetch). */
function raw(port: number, rawPath: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dev server', () => {
  let site: TempSite;
  let session: SiteSession;
  let server: DevServer;

  beforeEach(async () => {
    site = await createSite({
      ...siteFiles(),
      'static/tep/bang.css': 'p{}',
      'static/tep/ma.js': 'void 0;',
      'content/tep/anh.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      'content/tep/anh.webp': 'RIFF\0\0\0\0WEBP',
      'static/tep/hinh.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'content/tep/van-ban.pdf': '%PDF-1.4',
      'static/tep/du-lieu.xml': '<a/>',
      'static/tep/du-lieu.json': '{}',
      'static/tep/khong-ro.bin': 'x',
    });
    session = startSession(site);
    await session.start();
    server = await startDevServer({ session, port: 0 });
  });
  afterEach(async () => {
    await server.close();
    await site.cleanup();
  });

  it('should listen on 127.0.0.1 and give its address as http://127.0.0.1:PORT/', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('should serve pages with the reload snippet, which the built files never have', async () => {
    const res = await raw(server.port, '/thong-bao/lich-tiep-cong-dan-thang-6/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('new EventSource("/__bantin/events")');
    expect(res.body.indexOf('bantin-dev-reload')).toBeLessThan(res.body.lastIndexOf('</body>'));
    const logger = createMemoryLogger();
    expect(await runBuild({ root: site.root, cwd: site.root, now: NOW, cacheDir: false, threads: 1 }, logger)).toBe(0);
    const built = await snapshotTree(site.path('dist'));
    for (const file of filesOf(built)) expect(Buffer.from(built[file]!, 'hex').toString('utf8')).not.toMatch(/__bantin|bantin-dev/);
  });

  it('should give each kind of file its content type', async () => {
    const types: Record<string, string> = {
      '/': 'text/html; charset=utf-8',
      '/assets/style.css': 'text/css; charset=utf-8',
      '/tep/bang.css': 'text/css; charset=utf-8',
      '/tep/ma.js': 'text/javascript; charset=utf-8',
      '/thong-bao/anh.jpg': 'image/jpeg',
      '/tep/anh.png': 'image/png',
      '/tep/anh.webp': 'image/webp',
      '/tep/hinh.svg': 'image/svg+xml',
      '/tep/van-ban.pdf': 'application/pdf',
      '/tep/du-lieu.xml': 'application/xml; charset=utf-8',
      '/tep/du-lieu.json': 'application/json; charset=utf-8',
      '/tep/khong-ro.bin': 'application/octet-stream',
    };
    for (const [url, type] of Object.entries(types)) {
      const res = await raw(server.port, url);
      expect([url, res.status, res.headers['content-type']]).toEqual([url, 200, type]);
    }
    expect((await raw(server.port, '/thong-bao/anh.jpg')).body).toBe(Buffer.from(TINY_JPEG).toString('utf8'));
  });

  it('should answer an unknown URL with the site 404 page and status 404', async () => {
    const res = await raw(server.port, '/khong-co-trang-nay/');
    expect(res.status).toBe(404);
    expect(res.body).toContain('Không tìm thấy trang');
    expect(res.body).toContain('bantin-dev-reload');
  });

  it('should redirect a page URL without its final slash', async () => {
    const res = await raw(server.port, '/thong-bao?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/thong-bao/?x=1');
  });

  it('should serve a page of static/ at its folder URL', async () => {
    const res = await raw(server.port, '/gioi-thieu/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Giới thiệu phường');
  });

  it('should never serve a file outside the site, however the path is written', async () => {
    await site.write({ 'bi-mat.txt': 'bí mật' });
    const attempts = [
      '/../bantin.yaml',
      '/../../../../etc/passwd',
      '/thong-bao/../../bantin.yaml',
      '/%2e%2e/bantin.yaml',
      '/%2E%2E/%2E%2E/etc/passwd',
      '/thong-bao/%2e%2e%2f%2e%2e%2fbantin.yaml',
      '/..%2fbi-mat.txt',
      '/..%5cbi-mat.txt',
      '/thong-bao/anh.jpg%00.html',
      '/%00',
      '/%',
      '/./bantin.yaml',
      '//etc/passwd',
      '/bantin.yaml',
      '/content/thong-bao/a.md',
      '/thong-bao/a.md',
    ];
    for (const attempt of attempts) {
      const res = await raw(server.port, attempt);
      expect([attempt, res.status < 300]).toEqual([attempt, false]);
      expect(res.body).not.toContain('bí mật');
      expect(res.body).not.toContain('root:');
      expect(res.body).not.toContain('pageSize');
    }
    expect(decodeRequestPath('/a/%2e%2e/b')).toBeUndefined();
    expect(decodeRequestPath('/a%00b')).toBeUndefined();
    expect(decodeRequestPath('/tin/b%C3%A0i/')).toBe('/tin/bài/');
  });

  it('should answer HEAD without a body and refuse other methods', async () => {
    const head = await raw(server.port, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
    const post = await raw(server.port, '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('should lay the errors over the last good page with file:line, the problem and the hint', async () => {
    const text = await site.read('content/thong-bao/a.md');
    await site.write({ 'content/thong-bao/a.md': text.replace('20/05/2025 08:00', '30/02/2025') });
    await session.rebuild([{ kind: 'content', path: site.path('content/thong-bao/a.md') }]);
    const res = await raw(server.port, '/thong-bao/lich-tiep-cong-dan-thang-6/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Trang chưa được cập nhật: 1 lỗi');
    expect(res.body).toContain('<code>content/thong-bao/a.md:3:1</code>');
    expect(res.body).toContain('Ngày &quot;30/02/2025&quot; không có trong lịch.');
    expect(res.body).toContain('Cách sửa:');
    expect(res.body).toContain('date: &quot;30/02/2025&quot;');
    expect(res.body).toContain('Đoạn mở đầu của bài A.');
  });

  it('should show an error page when no good site was ever built', async () => {
    await site.write({ 'content/hoat-dong/c.md': md({ title: 'Bài lỗi', date: '32/01/2025', author: 'A', category: 'Thông báo' }) });
    const broken = startSession(site);
    await broken.start();
    const other = await startDevServer({ session: broken, port: 0 });
    try {
      const res = await raw(other.port, '/');
      expect(res.status).toBe(500);
      expect(res.body).toContain('Chưa dựng được trang web: 1 lỗi');
      expect(res.body).toContain('content/hoat-dong/c.md:3:1');
      expect(res.body).toContain('bantin-dev-reload');
      expect((await raw(other.port, '/thong-bao/anh.jpg')).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('should tell listening pages to reload, over server-sent events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/__bantin/events' }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          if (text.includes('event: hello') && !text.includes('event: reload')) server.reload();
          if (text.includes('event: reload')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toMatch(/^retry: 1000\nevent: hello\ndata: [0-9a-f]{12}\n\n/);
    expect(received).toContain('event: reload\ndata: 1\n\n');
  });

  it('should take the next port when the one asked for is taken, and say so', async () => {
    const blocker: Server = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as { port: number }).port;
    const told: number[] = [];
    const next = await startDevServer({ session, port: taken, onPortTaken: (p) => told.push(p) });
    try {
      expect(told).toEqual([taken]);
      expect(next.port).toBeGreaterThan(taken);
      expect((await raw(next.port, '/')).status).toBe(200);
    } finally {
      await next.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('the dev server of a site under a base path', () => {
  let site: TempSite;
  let server: DevServer;
  afterAll(async () => {
    await server?.close();
    await site?.cleanup();
  });

  it('should serve the site under its base path and send / there', async () => {
    site = await createSite({ ...siteFiles(), 'bantin.yaml': CONFIG.replace('https://phuong-thu.gov.vn/', '/tin-tuc/') });
    const session = startSession(site);
    await session.start();
    server = await startDevServer({ session, port: 0 });
    const root = await raw(server.port, '/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/tin-tuc/');
    const home = await raw(server.port, '/tin-tuc/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('href="/tin-tuc/thong-bao/"');
    expect((await raw(server.port, '/tin-tuc/thong-bao/anh.jpg')).status).toBe(200);
    expect((await raw(server.port, '/thong-bao/')).status).toBe(404);
  });
});
