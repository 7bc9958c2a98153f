/**
 * Fixed pages, the `menu:` of bantin.yaml and old addresses (`aliases:`) in a real browser: the
 * sample site built from the current sources, served from 127.0.0.1, Debian's Chromium.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSampleSite, launchChromium, openPage, serve, type BuiltSite, type Server } from './sample-site.js';

vi.setConfig({ testTimeout: 60_000 });

let site: BuiltSite;
let server: Server;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  site = await buildSampleSite();
  server = await serve(site.dir);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await site?.remove();
});

async function open(width: number, javaScript = true): Promise<{ page: Page; errors: string[] }> {
  const { context, page, errors } = await openPage(browser, { width, height: 800 }, javaScript);
  contexts.push(context);
  return { page, errors };
}

const url = (rel: string) => server.url + rel;

describe('the menu of bantin.yaml', () => {
  for (const javaScript of [true, false]) {
    it(`should be collapsed on a phone and open with its button, children included (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const { page, errors } = await open(375, javaScript);
      await page.goto(url(''));
      const nav = page.getByRole('navigation', { name: 'Chuyên mục' });
      const about = nav.getByRole('link', { name: 'Giới thiệu', exact: true });
      const child = nav.getByRole('link', { name: 'Cơ cấu tổ chức' });
      await expect(about.isVisible()).resolves.toBe(false);
      await expect(child.isVisible()).resolves.toBe(false);
      await nav.locator('summary').click();
      await expect(about.isVisible()).resolves.toBe(true);
      await expect(child.isVisible()).resolves.toBe(true);
      // The child sits under its parent, indented, not beside it.
      const [parentBox, childBox] = [await about.boundingBox(), await child.boundingBox()];
      expect(childBox!.y).toBeGreaterThan(parentBox!.y);
      expect(childBox!.x).toBeGreaterThan(parentBox!.x);
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
      await child.click();
      await page.waitForURL(url('co-cau-to-chuc/'));
      await expect(page.locator('h1').textContent()).resolves.toBe('Cơ cấu tổ chức');
      expect(errors).toEqual([]);
    });
  }

  it('should show the entries in order as a bar on a wide screen, the children on hover and on keyboard focus', async () => {
    const { page, errors } = await open(1280);
    await page.goto(url('thong-bao/'));
    const nav = page.getByRole('navigation', { name: 'Chuyên mục' });
    await expect(nav.locator('summary').isVisible()).resolves.toBe(false);
    const top = nav.locator('details > ul > li > a');
    await expect(top.allInnerTexts()).resolves.toEqual([
      'Trang chủ',
      'Giới thiệu',
      'Hoạt động của xã phường',
      'Thông báo',
      'An ninh - Quốc phòng',
      'Kinh tế - Xã hội',
      'Y tế & Giáo dục',
      'Văn bản',
      'Liên hệ',
    ]);
    await expect(nav.getByRole('link', { name: 'Thông báo' }).getAttribute('aria-current')).resolves.toBe('page');
    // A bar: every top entry visible, none over another, and the page no wider than the screen.
    const tops = (await Promise.all((await top.all()).map((a) => a.boundingBox()))).map((b) => b!);
    // (The bar's underline is drawn over the row below by 3 px: allowed.)
    const apart = (a: (typeof tops)[number], b: (typeof tops)[number]) => a.x + a.width <= b.x + 1 || b.x + b.width <= a.x + 1 || a.y + a.height <= b.y + 4 || b.y + b.height <= a.y + 4;
    for (const [i, a] of tops.entries()) for (const b of tops.slice(i + 1)) expect(apart(a, b), JSON.stringify([a, b])).toBe(true);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(1280);
    const child = nav.getByRole('link', { name: 'Lịch tiếp công dân' });
    await expect(child.isVisible()).resolves.toBe(false);
    await nav.getByRole('link', { name: 'Giới thiệu', exact: true }).hover();
    await expect(child.isVisible()).resolves.toBe(true);
    await page.mouse.move(640, 700);
    await expect(child.isVisible()).resolves.toBe(false);
    await nav.getByRole('link', { name: 'Giới thiệu', exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(child.isVisible()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Lịch tiếp công dân');
    await page.keyboard.press('Enter');
    await page.waitForURL(url('lich-tiep-cong-dan/'));
    expect(errors).toEqual([]);
  });

  it('should show footerMenu: in the footer', async () => {
    const { page } = await open(1280);
    await page.goto(url(''));
    const footer = page.getByRole('navigation', { name: 'Liên kết cuối trang' });
    await expect(footer.getByRole('link').allInnerTexts()).resolves.toEqual(['Giới thiệu', 'Liên hệ', 'Lưu trữ', 'Cổng Dịch vụ công quốc gia']);
  });
});

describe('old addresses', () => {
  it('should send a reader of an old address (aliases:) to the page, with and without JavaScript', async () => {
    for (const javaScript of [true, false]) {
      const { page } = await open(375, javaScript);
      await page.goto(url('tiep-cong-dan/'));
      await page.waitForURL(url('lich-tiep-cong-dan/'));
      await expect(page.locator('h1').textContent()).resolves.toBe('Lịch tiếp công dân');
    }
  });
});
