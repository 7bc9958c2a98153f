/**
 * The default theme in a real browser (Debian's Chromium through playwright-core), against the
 * sample site built from the current sources and served from 127.0.0.1.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli.js';
import { createMemoryLogger } from '../../src/logger.js';
import { createSite, md, type TempSite } from '../helpers/site.js';
import { ARTIFACTS, buildSampleSite, launchChromium, openPage, ORGANIZATION, PAGES, serve, type BuiltSite, type Server } from './sample-site.js';

// A real browser on a busy CI machine: more time than the unit tests' default.
vi.setConfig({ testTimeout: 60_000 });

let site: BuiltSite;
let server: Server;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  site = await buildSampleSite();
  server = await serve(site.dir);
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await site?.remove();
});

/** A fresh page at a given viewport width; console errors and page errors fail the test. */
async function open(width: number, options: { javaScript?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const { context, page, errors } = await openPage(browser, { width, height: 800 }, options.javaScript ?? true);
  contexts.push(context);
  return { page, errors };
}

const url = (rel: string) => server.url + rel;
const fontSizeOf = (page: Page, selector: string) => page.$eval(selector, (el) => parseFloat(getComputedStyle(el).fontSize));

describe('a reader going through the sample site', () => {
  it('should go home → a category → an article → a "Tin khác" link → back, with no script error', async () => {
    const { page, errors } = await open(1280);
    await page.goto(url(PAGES.home));
    await expect(page.title()).resolves.toContain('Cổng thông tin điện tử phường Trần Phú');

    await page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link', { name: 'Hoạt động của xã phường' }).click();
    await page.waitForURL(url(PAGES.category));
    await expect(page.locator('h1').textContent()).resolves.toBe('Hoạt động của xã phường');
    const breadcrumb = page.getByRole('navigation', { name: 'Bạn đang ở' });
    // Trang chủ › Hoạt động của xã phường: the › is drawn by CSS, silent for screen readers.
    await expect(breadcrumb.locator('li').allInnerTexts()).resolves.toEqual(['Trang chủ', 'Hoạt động của xã phường']);
    await expect(breadcrumb.locator('li').nth(1).evaluate((li) => getComputedStyle(li, '::before').content)).resolves.toMatch(/^"›"/);

    const first = page.locator('.article-list h2 a').first();
    const title = (await first.textContent())!;
    await first.click();
    await page.waitForURL(/\/hoat-dong-cua-xa-phuong\/[^/]+\/$/);
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    const articleUrl = page.url();

    const related = page.getByRole('region', { name: 'Tin khác' }).getByRole('link').first();
    const relatedTitle = (await related.textContent())!;
    await related.click();
    await page.waitForURL((u) => u.href !== articleUrl);
    await expect(page.locator('h1').textContent()).resolves.toBe(relatedTitle);

    await page.goBack();
    await page.waitForURL(articleUrl);
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    expect(errors).toEqual([]);
  });

  it('should show the article as on the page this project started from', async () => {
    const { page } = await open(1280);
    await page.goto(url(PAGES.article));
    const article = page.locator('article.article');
    await expect(article.locator('.category-label').innerText()).resolves.toMatch(/hoạt động của xã phường/i);
    await expect(article.locator('.meta time').first().textContent()).resolves.toBe('11/10/2021 14:48');
    await expect(article.locator('.lead').evaluate((el) => getComputedStyle(el).fontWeight)).resolves.toBe('700');
    const caption = article.locator('figure figcaption');
    await expect(caption.count()).resolves.toBeGreaterThan(0);
    const [img, cap] = await Promise.all([article.locator('figure img').first().boundingBox(), caption.first().boundingBox()]);
    expect(cap!.y).toBeGreaterThanOrEqual(img!.y + img!.height - 1);
    const author = article.locator('.author');
    await expect(author.evaluate((el) => [getComputedStyle(el).textAlign, getComputedStyle(el).fontWeight])).resolves.toEqual(['right', '700']);
  });
});

describe('the article tools', () => {
  it('should change the text size with A+ and A−, and remember it after a reload', async () => {
    const { page, errors } = await open(375);
    await page.goto(url(PAGES.article));
    const base = await fontSizeOf(page, '.body p');
    await page.getByRole('button', { name: 'Tăng cỡ chữ' }).click();
    const larger = await fontSizeOf(page, '.body p');
    expect(larger).toBeGreaterThan(base);
    await page.reload();
    await expect(fontSizeOf(page, '.body p')).resolves.toBe(larger);
    await expect(page.evaluate(() => localStorage.getItem('bantin-text-size'))).resolves.toBe('115');

    // Other pages use the remembered size too.
    await page.goto(url(PAGES.home));
    await expect(page.evaluate(() => document.documentElement.style.fontSize)).resolves.toBe('115%');
    await page.goto(url(PAGES.article));
    await page.getByRole('button', { name: 'Giảm cỡ chữ' }).click();
    await page.getByRole('button', { name: 'Giảm cỡ chữ' }).click();
    expect(await fontSizeOf(page, '.body p')).toBeLessThan(base);
    await page.reload();
    expect(await fontSizeOf(page, '.body p')).toBeLessThan(base);
    await expect(page.getByRole('button', { name: 'Giảm cỡ chữ' }).getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(page.getByRole('button', { name: 'Tăng cỡ chữ' }).getAttribute('aria-disabled')).resolves.toBe('false');
    expect(errors).toEqual([]);
  });

  it('should print the article without navigation, footer or buttons, with its address and the organisation', async () => {
    const { page } = await open(1280);
    await page.goto(url(PAGES.article));
    await expect(page.getByRole('button', { name: 'In bài viết' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.print-source').isVisible()).resolves.toBe(false);

    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-nav', '.breadcrumb', '.site-footer', '.tools', '.share', '.related', '.skip-link']) {
      await expect(page.locator(selector).isVisible(), selector).resolves.toBe(false);
    }
    await expect(page.locator('button:visible').count()).resolves.toBe(0);
    const source = page.locator('.print-source');
    await expect(source.isVisible()).resolves.toBe(true);
    const text = await source.innerText();
    expect(text).toContain(url(PAGES.article));
    expect(text).toContain(ORGANIZATION);
    await expect(page.locator('h1').isVisible()).resolves.toBe(true);
    await expect(page.locator('.body').isVisible()).resolves.toBe(true);
    await page.pdf({ path: path.join(ARTIFACTS, 'article-print.pdf'), format: 'A4' });
  });

  it('should fill in share links to Facebook and Zalo with the absolute address, and copy the link', async () => {
    const { page } = await open(375);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.goto(url(PAGES.article));
    const encoded = encodeURIComponent(url(PAGES.article));
    await expect(page.locator('.share-facebook').getAttribute('href')).resolves.toBe(`https://www.facebook.com/sharer/sharer.php?u=${encoded}`);
    await expect(page.locator('.share-zalo').getAttribute('href')).resolves.toBe(`https://zalo.me/share?url=${encoded}`);
    await page.getByRole('button', { name: 'Sao chép liên kết' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Đã sao chép liên kết vào bộ nhớ tạm.');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(url(PAGES.article));
  });

  it('should load nothing from another site', async () => {
    const { page } = await open(375);
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    for (const rel of Object.values(PAGES)) await page.goto(url(rel), { waitUntil: 'networkidle' });
    expect(foreign).toEqual([]);
  });
});

describe('the documents page (/van-ban/)', () => {
  it('should filter the documents by issuer and by year in the page, keep the choice in the address, and list all without JavaScript', async () => {
    const { page, errors } = await open(375);
    await page.goto(url('van-ban/'));
    await expect(page.locator('tr[data-year]').count()).resolves.toBe(2);
    await expect(page.getByRole('group', { name: /lọc/i }).isVisible()).resolves.toBe(true);

    await page.getByLabel('Năm', { exact: true }).selectOption('2023');
    await expect(page.locator('tr[data-year]:visible').count()).resolves.toBe(1);
    await expect(page.locator('tr[data-year]:visible').getAttribute('data-issuer')).resolves.toBe('Công an phường Trần Phú');
    await expect(page.getByRole('status').textContent()).resolves.toContain('1');
    expect(new URL(page.url()).searchParams.get('nam')).toBe('2023');

    // Filters combine: this issuer has nothing in 2023.
    await page.getByLabel('Cơ quan ban hành', { exact: true }).selectOption('UBND phường Trần Phú');
    await expect(page.locator('tr[data-year]:visible').count()).resolves.toBe(0);
    await page.getByLabel('Năm', { exact: true }).selectOption('');
    await expect(page.locator('tr[data-year]:visible').getAttribute('data-year')).resolves.toBe('2024');

    // A shared address opens the same choice.
    await page.goto(url('van-ban/?nam=2024'));
    await expect(page.locator('tr[data-year]:visible').count()).resolves.toBe(1);
    await expect(page.locator('tr[data-year]:visible').getAttribute('data-year')).resolves.toBe('2024');
    expect(errors).toEqual([]);

    const plain = await open(375, { javaScript: false });
    await plain.page.goto(url('van-ban/?nam=2024'));
    await expect(plain.page.locator('tr[data-year]:visible').count()).resolves.toBe(2);
    await expect(plain.page.locator('[data-doc-filter]').isVisible()).resolves.toBe(false);
  });
});

describe('without JavaScript', () => {
  it('should be readable, with the menu collapsed on a phone and opened by its button', async () => {
    const { page } = await open(375, { javaScript: false });
    await page.goto(url(PAGES.article));
    await expect(page.locator('.body p').first().isVisible()).resolves.toBe(true);
    // Tools and share links need the script: hidden, not broken.
    await expect(page.locator('.tools').isVisible()).resolves.toBe(false);
    await expect(page.locator('.share').isVisible()).resolves.toBe(false);

    const nav = page.getByRole('navigation', { name: 'Chuyên mục' });
    const link = nav.getByRole('link', { name: 'Thông báo' });
    await expect(link.isVisible()).resolves.toBe(false);
    await nav.locator('summary').click();
    await expect(link.isVisible()).resolves.toBe(true);
    await link.click();
    await page.waitForURL(url('thong-bao/'));
  });

  it('should show the navigation bar on a wide screen', async () => {
    const { page } = await open(1280, { javaScript: false });
    await page.goto(url(PAGES.home));
    const nav = page.getByRole('navigation', { name: 'Chuyên mục' });
    await expect(nav.locator('summary').isVisible()).resolves.toBe(false);
    await expect(nav.getByRole('link', { name: 'Y tế & Giáo dục' }).isVisible()).resolves.toBe(true);
  });
});

describe('keyboard-only use', () => {
  it('should reach the skip link first, jump to the content, and open the phone menu with the keyboard', async () => {
    const { page } = await open(375);
    await page.goto(url(PAGES.category));
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(skip.isVisible()).resolves.toBe(true);
    const box = await skip.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('noi-dung');

    await page.goto(url(PAGES.category));
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // brand (home link)
    await page.keyboard.press('Tab'); // menu button
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SUMMARY');
    const focus = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(focus.outline).toBe('solid');
    expect(focus.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Trang chủ');
    // A focused link turns gold with dark text.
    await expect(page.evaluate(() => getComputedStyle(document.activeElement!).backgroundColor)).resolves.toBe('rgb(255, 191, 0)');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(url(PAGES.category));
  });
});

describe('responsive layout', () => {
  for (const width of [320, 375, 768, 1280]) {
    it(`should not scroll sideways at ${width} px`, async () => {
      const { page } = await open(width);
      for (const rel of Object.values(PAGES)) {
        await page.goto(url(rel));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, rel || 'home').toBeLessThanOrEqual(0);
      }
    });
  }

  it('should save screenshots of every page type at 375 px and 1280 px in test-artifacts/', async () => {
    for (const width of [375, 1280]) {
      const { page } = await open(width);
      for (const [name, rel] of Object.entries(PAGES)) {
        await page.goto(url(rel), { waitUntil: 'networkidle' });
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
      }
    }
  });
});

describe('accessibility (axe-core)', () => {
  for (const [name, rel] of Object.entries({ ...PAGES, missing: 'khong-co-trang-nay/' })) {
    for (const width of [375, 1280]) {
      it(`should find no violation on ${name} at ${width} px`, async () => {
        const { page } = await open(width);
        const response = await page.goto(url(rel));
        if (name === 'missing') expect(response!.status()).toBe(404);
        const results = await new AxeBuilder({ page }).analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        expect(summary).toEqual([]);
      });
    }
  }
});

describe('a long list: page numbers with gaps', () => {
  // 24 articles, 2 a page: 12 home pages, so page 6 shows 1 … 4 5 6 7 8 … 12.
  let long: TempSite;
  let longServer: Server;
  beforeAll(async () => {
    const files: Record<string, string> = { 'bantin.yaml': 'title: Bản tin phường Thử\npageSize: 2\n' };
    for (let i = 1; i <= 24; i++) {
      files[`content/tin/bai-${i}.md`] = md({ title: `Tin số ${i}`, date: `2024-05-${String(i).padStart(2, '0')}`, author: 'Hà Vân', category: 'Thông báo' });
    }
    long = await createSite(files, 'bantin-long-');
    const logger = createMemoryLogger();
    const code = await run(['build', '--root', long.root], logger);
    if (code !== 0) throw new Error(`build failed:\n${logger.text()}`);
    longServer = await serve(long.path('dist'));
  }, 120_000);
  afterAll(async () => {
    await longServer?.close();
    await long?.cleanup();
  });

  for (const width of [320, 375, 1280]) {
    it(`should show the window of pages with gaps, without violations or horizontal scroll, at ${width} px`, async () => {
      const { page, errors } = await open(width);
      await page.goto(`${longServer.url}trang/6/`);
      const nav = page.getByRole('navigation', { name: 'Phân trang' });
      // The gaps are hidden from screen readers; the links read "Trang 4", …
      await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['‹ Trang trước', 'Trang 1', 'Trang 4', 'Trang 5', 'Trang 7', 'Trang 8', 'Trang 12', 'Trang sau ›']);
      await expect(nav.locator('[aria-current="page"]').textContent()).resolves.toBe('Trang 6');
      await expect(nav.locator('.page-gap').count()).resolves.toBe(2);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
      await nav.screenshot({ path: path.join(ARTIFACTS, `pagination-gaps-${width}.png`) });
      expect(errors).toEqual([]);
    });
  }
});
