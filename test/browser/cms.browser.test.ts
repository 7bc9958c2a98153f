/**
 * The browser editor end to end, in Debian's Chromium: a temp copy of the sample site gets its
 * editor from `bantin cms`, `bantin serve --cms` runs it against the folder through Decap's local
 * backend (decap-server on 127.0.0.1), and an editor writes an article with a date, tags, a cover
 * photo and a document. The file on disk, `bantin check` and `bantin build` are then checked; a
 * title edit keeps the URL; an empty required field is refused by the form. Screenshots go to
 * test-artifacts/cms-*.png (the editors' guide is written against them).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { cmsConfigData, cmsIndexHtml } from '../../src/cms/config.js';
import { decapBundleFiles, decapBundleFolder } from '../../src/cms/static-files.js';
import { run } from '../../src/cli.js';
import { startServe, type ServeHandle } from '../../src/commands/serve.js';
import { parseFrontMatter } from '../../src/content/front-matter.js';
import { createMemoryLogger } from '../../src/logger.js';
import { cmsFixtures } from '../helpers/cms-fixtures.js';
import { ARTIFACTS, launchChromium, REPO, serve, type Server } from './sample-site.js';

vi.setConfig({ testTimeout: 120_000 });

const TITLE = 'Đảng ủy phường tổ chức hội nghị sơ kết công tác quý III năm 2025';
const SLUG = 'dang-uy-phuong-to-chuc-hoi-nghi-so-ket-cong-tac-quy-iii-nam-2025';
const CATEGORY = 'Hoạt động của xã phường';
const PHOTO = 'bo-phan-mot-cua.jpg';
const PDF = 'ke-hoach-so-ket-quy-3.pdf';

let parent: string;
let site: string;
let handle: ServeHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `cms-${name}.png`) });

async function cli(args: string[]): Promise<{ code: number; text: string }> {
  const logger = createMemoryLogger();
  const code = await run(args, logger);
  return { code, text: logger.text() };
}

/** Every file under a folder, relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function waitForFile(abs: string, predicate: (text: string) => boolean = () => true, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const text = await readFile(abs, 'utf8').catch(() => undefined);
    if (text !== undefined && predicate(text)) return text;
    if (Date.now() > end) throw new Error(`${abs} not written as expected; last: ${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Publish the entry open in the editor: "Công bố" → "Công bố ngay". */
async function publish(): Promise<void> {
  await page.getByRole('button', { name: 'Công bố', exact: true }).click();
  await page.getByText('Công bố ngay', { exact: true }).click();
}

/** What this test clicks and reads in the real editor: the editors' guide names exactly these. */
const GUIDE_WORDS = ['Đăng nhập', 'Tin bài', 'Công bố', 'Công bố ngay', 'Chọn một hình', 'Tải lên', 'Lấy những cái đã chọn', 'Chọn một tập tin', 'Add văn bản', 'Tiêu đề bắt buộc nhập.', 'Bạn còn thiếu vài thông tin bắt buộc. Hãy hoàn thành trước\nkhi lưu.', 'THAY ĐỔI ĐÃ ĐƯỢC LƯU'];

beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'bantin-cms-'));
  site = path.join(parent, 'site');
  await mkdir(site);
  for (const entry of ['content', 'templates', 'bantin.yaml']) await cp(path.join(REPO, entry), path.join(site, entry), { recursive: true });
  const made = await cli(['cms', '--root', site]);
  if (made.code !== 0) throw new Error(made.text);
  // A small, real PDF for the document.
  await writeFile(
    path.join(parent, PDF),
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  const logger = createMemoryLogger();
  const started = await startServe({ root: site, port: 0, cms: true, cacheDir: false, debounceMs: 20 }, logger);
  if (typeof started === 'number') throw new Error(logger.text());
  handle = started;
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message} ${e.stack ?? ''}`));
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await handle?.close();
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('the browser editor on the sample site (local backend)', () => {
  it("the editors' guide names the editor's buttons and messages as this test finds them", async () => {
    const guide = await readFile(path.join(REPO, 'docs', 'huong-dan-bien-tap.md'), 'utf8');
    const chapter = guide.slice(guide.indexOf('## Soạn bài trên trình duyệt'), guide.indexOf('## Các lỗi thường gặp'));
    for (const words of GUIDE_WORDS) expect(chapter.replace(/\s+/g, ' ')).toContain(words.replace(/\s+/g, ' '));
  });

  it('serves the editor from 127.0.0.1 with the generated config, the local backend and the vendored bundle', async () => {
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${handle.url}admin/`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await shot('01-dang-nhap');
    // Nothing from another host: the bundle is served beside the page, the API on 127.0.0.1.
    expect(requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(requests).toContain(`${handle.url}admin/decap-cms.js`);
    const served = parseYaml(await (await fetch(`${handle.url}admin/config.yml`)).text()) as { local_backend: { url: string } };
    expect(served.local_backend.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    // The editor page gets no reload snippet: saving an article must not reload it.
    expect(await (await fetch(`${handle.url}admin/`)).text()).not.toContain('__bantin');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Tin bài').first().waitFor();
    await shot('02-danh-sach');
    expect(errors).toEqual([]);
  });

  it('refuses to publish an article whose title is empty, in the form, writing nothing', async () => {
    await page.goto(`${handle.url}admin/#/collections/tin-tuc/new`);
    await page.getByLabel('Tiêu đề').waitFor();
    await page.getByLabel('Tác giả').fill('Hà Vân');
    await publish();
    // Decap marks the field and says so; no file appears.
    await page.getByText('Tiêu đề bắt buộc nhập.').waitFor();
    await page.getByText('Bạn còn thiếu vài thông tin bắt buộc. Hãy hoàn thành trước khi lưu.').waitFor();
    await shot('03-thieu-tieu-de');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await filesUnder(path.join(site, 'content', 'tin-tuc'))).toEqual([]);
    // Decap refuses by rejecting its save with no value (actions/entries.ts: `return Promise.reject()`
    // after the "missing required field" notice): that one uncaught rejection is expected, nothing else.
    expect(errors.map((e) => e.replace(/^\S+: /, '').trim())).toEqual(['undefined']);
    errors.length = 0;
  });

  it('creates an article with a date, tags, a cover photo and a document, saved beside it with the expected front-matter', async () => {
    await page.goto(`${handle.url}admin/`);
    await page.goto(`${handle.url}admin/#/collections/tin-tuc/new`);
    await page.getByLabel('Tiêu đề').waitFor();
    await page.getByLabel('Tiêu đề').fill(TITLE);
    await page.getByLabel('Ngày đăng').fill('2025-10-11T14:48');
    await page.getByLabel('Tác giả').fill('Hà Vân');
    await page.locator('#category-field-5').click();
    await page.getByRole('option', { name: CATEGORY }).click();
    await page.getByLabel(/Từ khóa/).fill('Đảng ủy, Hội nghị sơ kết');
    await page.getByLabel(/Tóm tắt/).fill('Đảng ủy phường Trần Phú sơ kết công tác quý III và triển khai nhiệm vụ quý IV.');

    // Cover photo: upload from the computer (a phone does the same), then take it.
    await page.getByRole('button', { name: 'Chọn một hình' }).click();
    await page.locator('input[type=file]').setInputFiles(path.join(REPO, 'content', 'kinh-te-xa-hoi', PHOTO));
    await page.getByText(PHOTO).first().waitFor();
    await shot('04-chon-anh');
    await page.getByRole('button', { name: 'Lấy những cái đã chọn' }).click();

    // One document with its number, issuer, dates and file.
    await page.getByRole('button', { name: 'Add văn bản' }).click();
    await page.getByLabel('Số, ký hiệu').fill('15/KH-ĐU');
    await page.getByLabel(/Cơ quan ban hành/).fill('Đảng ủy phường Trần Phú');
    await page.getByLabel('Ngày ban hành').fill('2025-10-05');
    await page.getByLabel(/Ngày hiệu lực/).fill('2025-10-06');
    await page.getByLabel(/Trích yếu/).fill('Kế hoạch sơ kết công tác quý III năm 2025');
    await page.getByRole('button', { name: 'Chọn một tập tin' }).click();
    await page.locator('input[type=file]').setInputFiles(path.join(parent, PDF));
    await page.getByText(PDF).first().waitFor();
    await page.getByRole('button', { name: 'Lấy những cái đã chọn' }).click();

    // The body, typed in the rich-text editor as an editor would.
    await page.locator('[role="textbox"][contenteditable="true"]').last().click();
    await page.keyboard.type('Sáng 10/10, Đảng ủy phường Trần Phú tổ chức hội nghị sơ kết công tác quý III năm 2025.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Hội nghị đã thống nhất các nhiệm vụ trọng tâm của quý IV.');
    await shot('05-bai-moi');
    await publish();

    const file = path.join(site, 'content', 'tin-tuc', SLUG, 'index.md');
    const text = await waitForFile(file);
    await page.getByText('Thay đổi đã được lưu').first().waitFor(); // shown in capitals (CSS)
    await shot('06-da-cong-bo');
    const fm = parseFrontMatter(text, 'index.md').frontMatter!;
    expect(fm.data).toMatchObject({
      title: TITLE,
      slug: SLUG,
      date: '11/10/2025 14:48',
      author: 'Hà Vân',
      category: CATEGORY,
      tags: ['Đảng ủy', 'Hội nghị sơ kết'],
      summary: 'Đảng ủy phường Trần Phú sơ kết công tác quý III và triển khai nhiệm vụ quý IV.',
      image: PHOTO,
      documents: [{ number: '15/KH-ĐU', issuer: 'Đảng ủy phường Trần Phú', issued: '05/10/2025', effective: '06/10/2025', summary: 'Kế hoạch sơ kết công tác quý III năm 2025', file: PDF }],
    });
    expect(fm.body).toContain('hội nghị sơ kết công tác quý III');
    // The photo and the document beside the article, byte for byte.
    expect(await filesUnder(path.join(site, 'content', 'tin-tuc', SLUG))).toEqual([PHOTO, 'index.md', PDF].sort());
    expect(await readFile(path.join(site, 'content', 'tin-tuc', SLUG, PHOTO))).toEqual(await readFile(path.join(REPO, 'content', 'kinh-te-xa-hoi', PHOTO)));
    expect(errors).toEqual([]);
  });

  it('what the editor saved passes bantin check and is published at its URL, with the photo responsive and the document listed', async () => {
    const check = await cli(['check', '--root', site, '--format', 'json']);
    const report = JSON.parse(check.text) as { ok: boolean; errors: number; warnings: number; diagnostics: unknown[] };
    expect(report.diagnostics).toEqual([]);
    expect(check.code).toBe(0);
    const out = path.join(parent, 'dist');
    const built = await cli(['build', '--root', site, '--out', out, '--no-cache']);
    expect(built.code, built.text).toBe(0);
    const html = await readFile(path.join(out, 'hoat-dong-cua-xa-phuong', SLUG, 'index.html'), 'utf8');
    expect(html).toContain(TITLE);
    // The cover photo is made responsive (WebP and JPEG variants beside it) and shown in the category list.
    expect(existsSync(path.join(out, 'tin-tuc', SLUG, 'bo-phan-mot-cua-480w.webp'))).toBe(true);
    const list = await readFile(path.join(out, 'hoat-dong-cua-xa-phuong', 'index.html'), 'utf8');
    expect(list).toMatch(new RegExp(`<picture>[^]*?srcset="/tin-tuc/${SLUG}/bo-phan-mot-cua-480w\\.webp 480w`));
    expect(html).toContain('15/KH-ĐU');
    expect(existsSync(path.join(out, 'tin-tuc', SLUG, PDF))).toBe(true);
    // The editor itself is published, with the bundle beside it.
    expect(existsSync(path.join(out, 'admin', 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'admin', 'config.yml'))).toBe(true);
    expect(existsSync(path.join(out, 'admin', 'decap-cms.js'))).toBe(true);
  });

  it('editing the title keeps the file, the slug and the URL', async () => {
    await page.goto(`${handle.url}admin/#/collections/tin-tuc/entries/${SLUG}/index`);
    await page.getByLabel('Tiêu đề').waitFor();
    await expect.poll(() => page.getByLabel('Tiêu đề').inputValue()).toBe(TITLE);
    const newTitle = 'Hội nghị sơ kết công tác quý III năm 2025 của Đảng ủy phường Trần Phú';
    await page.getByLabel('Tiêu đề').fill(newTitle);
    await shot('07-sua-tieu-de');
    await publish();
    const file = path.join(site, 'content', 'tin-tuc', SLUG, 'index.md');
    const text = await waitForFile(file, (t) => t.includes(newTitle));
    const fm = parseFrontMatter(text, 'index.md').frontMatter!;
    expect(fm.data).toMatchObject({ title: newTitle, slug: SLUG });
    expect(await filesUnder(path.join(site, 'content', 'tin-tuc'))).toEqual([`${SLUG}/${PHOTO}`, `${SLUG}/index.md`, `${SLUG}/${PDF}`].sort());
    const out = path.join(parent, 'dist2');
    const built = await cli(['build', '--root', site, '--out', out, '--no-cache']);
    expect(built.code, built.text).toBe(0);
    expect(await readFile(path.join(out, 'hoat-dong-cua-xa-phuong', SLUG, 'index.html'), 'utf8')).toContain(newTitle);
    expect(errors).toEqual([]);
  });

  it('stops the local backend when serve stops', async () => {
    const served = parseYaml(await (await fetch(`${handle.url}admin/config.yml`)).text()) as { local_backend: { url: string } };
    const info = () => fetch(served.local_backend.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"info"}' }).then((r) => r.ok, () => false);
    expect(await info()).toBe(true);
    await handle.close();
    expect(await info()).toBe(false);
  });
});

/**
 * Decap validates its configuration against its own schema (ajv, with every widget's schema) when
 * the page loads, and shows "Error loading the CMS configuration" when it fails. Each generated
 * config of the fixtures is loaded into the real CMS with Decap's in-memory `test-repo` backend in
 * place of the site's one (the backend is the site's choice, not generated), the form opened, and
 * the category select's options read back. A broken config is the control: it must be refused.
 */
describe("the generated config in Decap itself (its schema, every fixture's category set)", () => {
  let dir: string;
  let server: Server;
  let validation: BrowserContext | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bantin-cms-schema-'));
    await mkdir(path.join(dir, 'admin'));
    for (const [rel, abs] of decapBundleFiles(decapBundleFolder()!)) await symlink(abs, path.join(dir, rel));
    server = await serve(dir);
  });
  afterAll(async () => {
    await validation?.close().catch(() => undefined);
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function load(config: Record<string, unknown>): Promise<Page> {
    await writeFile(path.join(dir, 'admin', 'config.yml'), stringifyYaml({ ...config, backend: { name: 'test-repo' }, local_backend: false }));
    const fixture = cmsFixtures()[0]!;
    await writeFile(path.join(dir, 'admin', 'index.html'), cmsIndexHtml(fixture.config));
    // A fresh context each time: a signed-in test-repo user would skip the sign-in page.
    await validation?.close().catch(() => undefined);
    validation = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const p = await validation.newPage();
    await p.goto(`${server.url}admin/`);
    await p.getByRole('button', { name: 'Đăng nhập' }).or(p.getByText('Error loading the CMS configuration')).first().waitFor();
    return p;
  }

  for (const fixture of cmsFixtures()) {
    it(`accepts the config for ${fixture.name} and offers exactly its categories`, async () => {
      const p = await load(cmsConfigData(fixture.config));
      expect(await p.getByText('Error loading the CMS configuration').count()).toBe(0);
      await p.getByRole('button', { name: 'Đăng nhập' }).click();
      await p.goto(`${server.url}admin/#/collections/tin-tuc/new`);
      await p.getByLabel('Tiêu đề').waitFor();
      if (fixture.categories.length > 0) {
        await p.getByLabel('Chuyên mục').click();
        await expect.poll(() => p.getByRole('option').allInnerTexts()).toEqual(fixture.categories);
      } else {
        expect(await p.getByLabel('Chuyên mục').getAttribute('role')).toBeNull();
      }
      if (fixture.name.startsWith('names')) await p.screenshot({ path: path.join(ARTIFACTS, 'cms-08-chuyen-muc-la.png') });
      await p.close();
    });
  }

  it('refuses a broken config (the control: a select without options)', async () => {
    const data = cmsConfigData(cmsFixtures()[0]!.config) as { collections: Array<{ fields: Array<Record<string, unknown>> }> };
    const broken = structuredClone(data);
    const category = broken.collections[0]!.fields.find((f) => f.name === 'category')!;
    delete category.options;
    const p = await load(broken);
    await p.getByText('Error loading the CMS configuration').waitFor();
    await p.screenshot({ path: path.join(ARTIFACTS, 'cms-09-cau-hinh-sai.png') });
    expect(await p.locator('body').innerText()).toMatch(/fields\[4\]|options/);
    await p.close();
  });
});
