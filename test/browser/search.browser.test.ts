/**
 * The search of /tim-kiem/ and the discovery pages in a real browser (Debian's Chromium), on the
 * sample site built with its absolute address and served from 127.0.0.1, as static files: no server
 * code. Each query case of issue #5 returns the expected article first.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli.js';
import { parseFrontMatter } from '../../src/content/front-matter.js';
import { variantKey } from '../../src/outputs/search-index.js';
import { createMemoryLogger } from '../../src/logger.js';
import { launchChromium, REPO, serve, type Server } from './sample-site.js';

vi.setConfig({ testTimeout: 60_000 });

const BASE = 'https://tranphu.quangngai.gov.vn/';
const TITLES = {
  seed: 'Hội nghị BCH Phường Trần Phú lần thứ 14, khóa XII (mở rộng), nhiệm kỳ 2020- 2025',
  recruits: 'Gặp mặt, động viên 15 thanh niên phường Trần Phú lên đường nhập ngũ năm 2025',
} as const;

let parent: string;
let server: Server;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Title → title and body of each sample article, for checks independent of the index. */
const articles = new Map<string, string>();

beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'bantin-search-'));
  const dir = path.join(parent, 'dist');
  const logger = createMemoryLogger();
  const code = await run(['build', '--root', REPO, '--out', dir, '--base-url', BASE, '--no-cache'], logger);
  if (code !== 0) throw new Error(logger.text());
  const content = path.join(REPO, 'content');
  for (const entry of await readdir(content, { recursive: true })) {
    if (!String(entry).endsWith('.md')) continue;
    const text = (await readFile(path.join(content, String(entry)), 'utf8')).normalize('NFC');
    const fm = parseFrontMatter(text, String(entry)).frontMatter!;
    articles.set(String(fm.data.title), `${String(fm.data.title)}\n${fm.body}`);
  }
  server = await serve(dir);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  if (parent) await rm(parent, { recursive: true, force: true });
});

async function open(width = 1280): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => requests.push(r.url()));
  return { page, errors, requests };
}

const url = (rel: string) => server.url + rel;

/** Open /tim-kiem/?q=… and wait for the results: their titles, in order. */
async function search(query: string, page?: Page): Promise<{ page: Page; titles: string[] }> {
  const p = page ?? (await open()).page;
  await p.goto(url(`tim-kiem/?q=${encodeURIComponent(query)}`));
  await p.locator('[data-search-status]').filter({ hasText: /Tìm thấy|Không tìm thấy/ }).waitFor();
  await p.locator('[data-search-results] li').first().waitFor();
  return { page: p, titles: await p.locator('[data-search-results] h2').allInnerTexts() };
}

/** Sample articles whose text has a syllable of this spelling (letters, quality marks and tone). */
function withSpelling(variant: string): Set<string> {
  const found = new Set<string>();
  for (const [title, text] of articles) {
    for (const m of text.toLowerCase().matchAll(/[\p{L}\p{M}\p{N}]+/gu)) if (variantKey(m[0]) === variant) found.add(title);
  }
  return found;
}

describe('Vietnamese-aware search on the sample site', () => {
  it('should find "Hội nghị" from hoi nghi', async () => {
    const { titles } = await search('hoi nghi');
    expect(titles[0]).toBe(TITLES.seed);
  });

  it('should find "đường" from duong', async () => {
    const { titles } = await search('duong');
    expect(titles[0]).toBe(TITLES.recruits);
  });

  it('should find "Đảng ủy" from dang uy: first an article tagged Đảng ủy, with the words marked', async () => {
    const { page, titles } = await search('dang uy');
    expect([TITLES.seed, TITLES.recruits]).toContain(titles[0]);
    const marks = await page.locator('[data-search-results] li').first().locator('.summary mark').allInnerTexts();
    expect(marks.slice(0, 2)).toEqual(['Đảng', 'ủy']);
  });

  it('should match new tone placement (hoà nhập) to old (hòa nhập) and old to new', async () => {
    expect((await search('hoà nhập')).titles[0]).toBe(TITLES.recruits);
    // Nguyễn Thị Hoà wrote one article as "Hoà", two as "Hòa": one author, three articles found.
    const { titles } = await search('Nguyễn Thị Hoà');
    expect(new Set(titles.slice(0, 3))).toEqual(new Set(['Phường Trần Phú ra quân tổng vệ sinh môi trường, hưởng ứng “Ngày Chủ nhật xanh”', 'Các trường học trên địa bàn phường Trần Phú khai giảng năm học 2024 - 2025', 'Tiêm chủng mở rộng tháng 5/2024: hơn 170 lượt trẻ được tiêm, uống vắc xin']));
  });

  it('should rank the exact marks of a query typed with marks first: hóa before hòa and Hoa', async () => {
    const exact = withSpelling('hoa2');
    expect(exact.size).toBeGreaterThanOrEqual(3);
    const { titles } = await search('hóa');
    expect(titles[0]).toBe(TITLES.seed);
    const firstOther = titles.findIndex((t) => !exact.has(t));
    expect(firstOther).toBeGreaterThan(0);
    expect(titles.slice(firstOther).filter((t) => exact.has(t))).toEqual([]);
    // Without marks, the other spellings are found too.
    expect((await search('hoa')).titles.length).toBeGreaterThan(exact.size);
  });

  it('should rank pages with "xã hội hóa" together above pages that merely have the three words', async () => {
    const together = new Set([...articles].filter(([, text]) => /xã hội hóa/i.test(text)).map(([t]) => t));
    const apart = [...articles].filter(([t, text]) => !together.has(t) && ['xã', 'hội', 'hóa'].every((w) => text.toLowerCase().includes(w))).map(([t]) => t);
    expect(together.size).toBeGreaterThanOrEqual(2);
    expect(apart.length).toBeGreaterThanOrEqual(1);
    const { titles } = await search('xã hội hóa');
    expect(new Set(titles.slice(0, together.size))).toEqual(together);
  });
});

describe('the search page', () => {
  it('should show each result with its title, date, category and an excerpt with the match marked', async () => {
    const { page } = await search('hoi nghi');
    await expect(page.locator('[data-search-status]').innerText()).resolves.toMatch(/^Tìm thấy \d+ bài viết cho “hoi nghi”\.$/);
    const first = page.locator('[data-search-results] li').first();
    await expect(first.locator('h2 a').getAttribute('href')).resolves.toBe(
      '/hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14-khoa-xii-mo-rong-nhiem-ky-2020-2025/',
    );
    await expect(first.locator('.meta').innerText()).resolves.toBe('11/10/2021 14:48 · Hoạt động của xã phường');
    await expect(first.locator('time').getAttribute('datetime')).resolves.toBe('2021-10-11T14:48:00+07:00');
    await expect(first.locator('h2 mark').allInnerTexts()).resolves.toEqual(['Hội', 'nghị']);
    await expect(first.locator('.summary mark').first().innerText()).resolves.toMatch(/^hội$/i);
    await expect(page.locator('h1').innerText()).resolves.toBe('Tìm kiếm');
    await expect(page.locator('label[for="tim-kiem-q"]').innerText()).resolves.toBe('Tìm kiếm trên trang');
  });

  it('should say so in Vietnamese when nothing is found', async () => {
    const { page } = await open();
    await page.goto(url('tim-kiem/?q=xyzxyz'));
    await expect(page.locator('[data-search-status]').filter({ hasText: 'Không tìm thấy' }).innerText()).resolves.toBe('Không tìm thấy bài viết nào cho “xyzxyz”. Hãy thử từ khác, ngắn hơn.');
    await expect(page.locator('[data-search-results] li').count()).resolves.toBe(0);
  });

  it('should search from the header of any page and give an address that runs the search again', async () => {
    const { page, errors } = await open(375);
    await page.goto(url(''));
    await page.getByRole('searchbox', { name: 'Tìm kiếm trên trang' }).fill('tiem chung');
    await page.getByRole('searchbox', { name: 'Tìm kiếm trên trang' }).press('Enter');
    await page.waitForURL(url('tim-kiem/?q=tiem+chung'));
    await page.locator('[data-search-results] li').first().waitFor();
    const first = await page.locator('[data-search-results] h2').first().innerText();
    expect(first).toContain('Tiêm chủng');
    // The address can be shared: opened afresh, it shows the same results.
    const again = await search('tiem chung');
    expect(again.titles[0]).toBe(first);
    expect(errors).toEqual([]);
  });

  it('should work with the keyboard alone, and keep the query in the address for Back', async () => {
    const { page } = await open();
    await page.goto(url('tim-kiem/'));
    for (let i = 0; i < 30 && !(await page.evaluate(() => document.activeElement?.id === 'tim-kiem-q')); i++) await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('tim-kiem-q');
    await page.keyboard.type('duong');
    await page.keyboard.press('Enter');
    await page.locator('[data-search-results] li').first().waitFor();
    expect(page.url()).toBe(url('tim-kiem/?q=duong'));
    await page.keyboard.press('Tab'); // the search button
    await page.keyboard.press('Tab'); // the first result
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(TITLES.recruits);
    await page.keyboard.press('Enter');
    await page.waitForURL(/nhap-ngu-nam-2025\/$/);
    await page.goBack();
    await page.locator('[data-search-results] li').first().waitFor();
    await expect(page.locator('#tim-kiem-q').inputValue()).resolves.toBe('duong');
  });

  it('should load the index only on the search page, and then only the pieces a query needs', async () => {
    const { page, requests } = await open();
    await page.goto(url(''), { waitUntil: 'networkidle' });
    await page.goto(url('hoat-dong-cua-xa-phuong/'), { waitUntil: 'networkidle' });
    expect(requests.filter((r) => r.includes('search.js') || r.includes('/chi-muc/'))).toEqual([]);
    await search('hoi nghi', page);
    await page.waitForLoadState('networkidle');
    const index = requests.filter((r) => r.includes('/chi-muc/'));
    const shards = index.filter((r) => r.includes('/t/'));
    const docs = index.filter((r) => r.includes('/d/'));
    // "hoi", "nghi" and the pair "hoi nghi": at most three shards; one small file per result shown.
    expect(new Set(shards).size).toBeLessThanOrEqual(3);
    expect(docs.length).toBe(await page.locator('[data-search-results] li').count());
    expect(docs.length).toBeLessThanOrEqual(10);
  });

  it('should show more results on request, moving the keyboard to the first new one', async () => {
    const { page } = await search('phuong');
    const more = page.getByRole('button', { name: 'Xem thêm kết quả' });
    await expect(page.locator('[data-search-results] li').count()).resolves.toBe(10);
    await more.click();
    await page.locator('[data-search-results] li').nth(10).waitFor();
    await expect(page.evaluate(() => document.activeElement?.closest('li') === document.querySelectorAll('[data-search-results] li')[10])).resolves.toBe(true);
    await expect(more.isVisible()).resolves.toBe(false);
  });
});

describe('feeds read by the browser', () => {
  it('should parse as XML in Chromium, with the Atom title as plain text', async () => {
    const { page } = await open();
    await page.goto(url(''));
    const result = await page.evaluate(async () => {
      const parse = async (path: string) => new DOMParser().parseFromString(await (await fetch(path)).text(), 'application/xml');
      const rss = await parse('/rss.xml');
      const atom = await parse('/atom.xml');
      return {
        errors: [rss, atom].map((d) => d.getElementsByTagName('parsererror').length),
        rssItems: rss.getElementsByTagName('item').length,
        atomTitle: atom.getElementsByTagName('entry')[0]!.getElementsByTagName('title')[0]!.textContent,
      };
    });
    expect(result).toEqual({ errors: [0, 0], rssItems: 13, atomTitle: TITLES.recruits });
  });
});

describe('the discovery pages in the browser', () => {
  const PAGES = { search: 'tim-kiem/?q=hoi+nghi', tags: 'the/', tag: 'the/dang-uy/', author: 'tac-gia/nguyen-thi-hoa/', archives: 'luu-tru/', month: 'luu-tru/2024/07/', sitemap: 'so-do-trang/' };

  for (const [name, rel] of Object.entries(PAGES)) {
    for (const width of [375, 1280]) {
      it(`should find no axe violation on the ${name} page at ${width} px, and not scroll sideways`, async () => {
        const { page, errors } = await open(width);
        await page.goto(url(rel));
        if (name === 'search') await page.locator('[data-search-results] li').first().waitFor();
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
        await expect(page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).resolves.toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
      });
    }
  }

  it('should not scroll sideways at 320 px with the search box in the header', async () => {
    const { page } = await open(320);
    for (const rel of ['', 'the/', 'tim-kiem/?q=hoi+nghi']) {
      await page.goto(url(rel));
      await expect(page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), rel).resolves.toBeLessThanOrEqual(0);
    }
  });
});
