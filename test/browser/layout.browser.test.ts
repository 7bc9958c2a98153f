/**
 * Layout as a tested property (issue 15): the sample site and the "kitchen-sink" notice
 * (test/fixtures/kitchen-sink: a long title, a lead without summary, a captioned photo and a PDF
 * whose names have spaces, a 5-column table with long cells, a long code line, a footnote, ##/###
 * headings, legal documents, tags; a category without description; list items with and without a
 * picture) in Debian's Chromium at 320, 375, 768, 1024 and 1280 px. Geometry is measured, not
 * guessed: nothing wider than the viewport, the featured title next to or under its own picture,
 * thumbnails in line with text-only items; plus no paragraph printed twice, in-page links that
 * resolve, axe, html-validate, and the print layout on A4. Screenshots go to test-artifacts/layout/.
 */
import { readdir, readFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { HtmlValidate, StaticConfigLoader, type ConfigData } from 'html-validate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli.js';
import { createMemoryLogger } from '../../src/logger.js';
import { ARTIFACTS, buildSampleSite, launchChromium, openPage, PAGES, REPO, serve, type BuiltSite, type Server } from './sample-site.js';

vi.setConfig({ testTimeout: 180_000 });

const WIDTHS = [320, 375, 768, 1024, 1280] as const;
const SHOTS = path.join(ARTIFACTS, 'layout');
const KITCHEN_SINK = path.join(REPO, 'test', 'fixtures', 'kitchen-sink');

/** The kitchen-sink notice's address (its slug comes from its long title, cut to the slug limit). */
const NOTICE_DIR = 'thong-bao/';
const SAMPLE_NOTICE = 'thong-bao/thong-bao-lich-tiep-cong-dan-dinh-ky-cua-lanh-dao-ubnd-phuong-nam-2024/';

let sample: BuiltSite;
let sink: { dir: string; remove(): Promise<void> };
let sampleServer: Server;
let sinkServer: Server;
let browser: Browser;
let notice: string;
const contexts: BrowserContext[] = [];

async function buildKitchenSink(): Promise<{ dir: string; remove(): Promise<void> }> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'bantin-kitchen-sink-'));
  const dir = path.join(parent, 'dist');
  const logger = createMemoryLogger();
  const code = await run(['build', '--root', KITCHEN_SINK, '--out', dir, '--no-cache'], logger);
  if (code !== 0) throw new Error(`bantin build of the kitchen-sink site failed (exit ${code}):\n${logger.text()}`);
  return { dir, remove: () => rm(parent, { recursive: true, force: true }) };
}

beforeAll(async () => {
  [sample, sink] = await Promise.all([buildSampleSite(), buildKitchenSink()]);
  [sampleServer, sinkServer] = await Promise.all([serve(sample.dir), serve(sink.dir)]);
  browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  const dirs = (await readdir(path.join(sink.dir, NOTICE_DIR), { withFileTypes: true })).filter((d) => d.isDirectory());
  expect(dirs.length).toBe(1);
  notice = `${NOTICE_DIR}${dirs[0]!.name}/`;
}, 180_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await Promise.all([sampleServer?.close(), sinkServer?.close()]);
  await Promise.all([sample?.remove(), sink?.remove()]);
});

interface Target {
  readonly name: string;
  readonly site: 'sample' | 'sink';
  readonly rel: () => string;
}

/** Every page type that a real notice can break, on both sites. */
const TARGETS: readonly Target[] = [
  { name: 'sample-home', site: 'sample', rel: () => PAGES.home },
  { name: 'sample-category', site: 'sample', rel: () => PAGES.category },
  { name: 'sample-seed', site: 'sample', rel: () => PAGES.article },
  { name: 'sample-notice', site: 'sample', rel: () => SAMPLE_NOTICE },
  { name: 'sample-documents', site: 'sample', rel: () => 'van-ban/' },
  { name: 'sink-home', site: 'sink', rel: () => '' },
  { name: 'sink-notice', site: 'sink', rel: () => notice },
  { name: 'sink-seed', site: 'sink', rel: () => 'hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14-khoa-xii-mo-rong-nhiem-ky-2020-2025/' },
  { name: 'sink-category-no-description', site: 'sink', rel: () => 'tin-van/' },
  { name: 'sink-documents', site: 'sink', rel: () => 'van-ban/' },
];
const ARTICLES = TARGETS.filter((t) => /seed|notice/.test(t.name));

const urlOf = (t: Target) => (t.site === 'sample' ? sampleServer.url : sinkServer.url) + t.rel();

async function open(width: number, height = 800): Promise<{ page: Page; errors: string[] }> {
  const { context, page, errors } = await openPage(browser, { width, height });
  contexts.push(context);
  return { page, errors };
}

async function close(page: Page): Promise<void> {
  const context = page.context();
  contexts.splice(contexts.indexOf(context), 1);
  await context.close();
}

/**
 * Elements that stick out of the viewport, described as `tag.class "text"`. An element inside a
 * box that clips or scrolls sideways (a wide table, a code block) is judged by that box; what
 * escapes such a box is caught by the document's own scroll width, asserted next to this.
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    const clipsSideways = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      let inside = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (clipsSideways(p)) {
          inside = true;
          break;
        }
      }
      if (inside) continue;
      if (r.right > width + 0.5 || r.left < -0.5) {
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}" [${Math.round(r.left)}, ${Math.round(r.right)}] > ${width}`);
      }
    }
    return out;
  });
}


/** The header search box's placeholder is not cut: its text width fits the box's content width. */
async function checkPlaceholder(page: Page): Promise<void> {
  const fit = await page.$eval('#o-tim-kiem', (input) => {
    const el = input as HTMLInputElement;
    const style = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { text: ctx.measureText(el.placeholder).width, room };
  });
  expect(fit.text).toBeGreaterThan(0);
  expect(fit.text, JSON.stringify(fit)).toBeLessThanOrEqual(fit.room);
}

describe.each(WIDTHS)('at %i px', (width) => {
  it('should keep every page of both sites inside the viewport, and save a screenshot of each', async () => {
    const { page, errors } = await open(width);
    for (const t of TARGETS) {
      await page.goto(urlOf(t), { waitUntil: 'networkidle' });
      await page.screenshot({ path: path.join(SHOTS, `${t.name}-${width}.png`), fullPage: true });
      const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scroll[0], `${t.name}: document.scrollWidth`).toBeLessThanOrEqual(scroll[1]!);
      await expect(overflowing(page), t.name).resolves.toEqual([]);
    }
    expect(errors).toEqual([]);
    await close(page);
  });

  it('should put the featured title next to or under its own picture, with no empty block above the fold', async () => {
    const { page } = await open(width);
    for (const t of TARGETS.filter((x) => x.name.endsWith('-home'))) {
      await page.goto(urlOf(t), { waitUntil: 'networkidle' });
      const g = await page.evaluate(() => {
        const box = (el: Element | null) => {
          if (!el) return null;
          const r = el.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
        };
        const featured = document.querySelector('.featured');
        return {
          featured: box(featured),
          img: box(document.querySelector('.featured .featured-image')),
          title: box(document.querySelector('.featured h3')),
          heading: box(document.querySelector('.latest > h2')),
        };
      });
      expect(g.featured, t.name).not.toBeNull();
      const { featured, img, title, heading } = g as { [k in keyof typeof g]: NonNullable<(typeof g)[k]> };
      expect(img, `${t.name}: the featured story has a picture`).not.toBeNull();
      // The picture starts the featured story, right under the "Tin mới nhất" heading.
      expect(Math.abs(img.top - featured.top), `${t.name}: picture at the top of the featured story`).toBeLessThan(2);
      expect(img.top - heading.bottom, `${t.name}: no empty block between the heading and the picture`).toBeLessThan(40);
      expect(img.left - featured.left, `${t.name}: picture at the left of the featured story`).toBeLessThan(2);
      const under = title.top >= img.bottom - 1 && title.left < img.right && title.right > img.left && title.top - img.bottom < 40;
      const beside = title.left >= img.right - 1 && Math.abs(title.top - img.top) < 8 && title.left - img.right < 60;
      expect(under || beside, `${t.name}: title ${JSON.stringify(title)} next to or under picture ${JSON.stringify(img)}`).toBe(true);
      // Wide screens have room for the title beside the picture.
      if (width >= 896) expect(beside, t.name).toBe(true);
    }
    await close(page);
  });

  it('should line thumbnails up with the text of items that have no picture', async () => {
    const { page } = await open(width);
    for (const t of TARGETS.filter((x) => /-home$|-category/.test(x.name))) {
      await page.goto(urlOf(t), { waitUntil: 'networkidle' });
      const items = await page.$$eval('.article-list .article-item', (lis) =>
        lis.map((li) => {
          const first = li.querySelector('.thumb') ?? li.querySelector('.card-text');
          const liLeft = li.getBoundingClientRect().left;
          return { thumb: li.querySelector('.thumb') !== null, offset: first!.getBoundingClientRect().left - liLeft, column: Math.round(liLeft) };
        }),
      );
      expect(items.length, t.name).toBeGreaterThan(1);
      for (const item of items) expect(Math.abs(item.offset), `${t.name}: ${JSON.stringify(item)}`).toBeLessThan(1);
      if (t.name === 'sink-home') expect(new Set(items.map((i) => i.thumb))).toEqual(new Set([true, false]));
    }
    await close(page);
  });

  it('should show the whole search placeholder in the header, at the normal and a larger text size', async () => {
    const { page } = await open(width);
    await page.goto(urlOf(TARGETS[0]!));
    await checkPlaceholder(page);
    await page.evaluate(() => localStorage.setItem('bantin-text-size', '130'));
    await page.reload();
    await expect(page.evaluate(() => document.documentElement.style.fontSize)).resolves.toBe('130%');
    await checkPlaceholder(page);
    await close(page);
  });

  it('should find no axe violation of any impact on any page', async () => {
    const { page } = await open(width);
    const all: string[] = [];
    for (const t of TARGETS) {
      await page.goto(urlOf(t), { waitUntil: 'networkidle' });
      const results = await new AxeBuilder({ page }).analyze();
      all.push(...results.violations.map((v) => `${t.name}: ${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
    }
    expect(all).toEqual([]);
    await close(page);
  });
});

describe('what an article says', () => {
  it('should print no paragraph twice (the lead is not repeated as the first paragraph of the body)', async () => {
    const { page } = await open(1280);
    const twice: string[] = [];
    for (const t of ARTICLES) {
      await page.goto(urlOf(t));
      const paragraphs = await page.$$eval('article.article .lead, article.article .body p', (ps) => ps.map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim()).filter((s) => s.length > 20));
      expect(paragraphs.length, t.name).toBeGreaterThan(1);
      twice.push(...paragraphs.filter((p, i) => paragraphs.indexOf(p) !== i).map((p) => `${t.name}: ${p.slice(0, 60)}…`));
    }
    expect(twice).toEqual([]);
    await close(page);
  });

  it('should resolve every in-page link (#…) to an element of the page', async () => {
    const { page } = await open(1280);
    const dead: string[] = [];
    for (const t of TARGETS) {
      await page.goto(urlOf(t));
      const ids = await page.$$eval('a[href]', (links) =>
        links
          .map((a) => a as HTMLAnchorElement)
          .filter((a) => a.hash !== '' && a.origin + a.pathname === location.origin + location.pathname)
          .map((a) => decodeURIComponent(a.hash.slice(1)))
          .filter((id) => document.getElementById(id) === null),
      );
      dead.push(...ids.map((id) => `${t.name}: #${id}`));
    }
    expect(dead).toEqual([]);
    await close(page);
  });

  it('should show the kitchen-sink notice whole: the photo with spaces in its name, its caption, the PDF, the code in its box', async () => {
    const { page } = await open(375);
    const response = await page.goto(sinkServer.url + notice, { waitUntil: 'networkidle' });
    expect(response!.status()).toBe(200);
    const photo = page.locator('.body figure img');
    await expect(photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    await expect(page.locator('.body figcaption').textContent()).resolves.toBe('Hội nghị lấy ý kiến nhân dân tổ dân phố số 7 về dự thảo điều chỉnh quy hoạch');
    const pdf = await page.locator('.body a', { hasText: 'tải về Thông báo số 12/TB-UBND' }).getAttribute('href');
    expect(pdf).toBe('/thong-bao/Thong%20bao%20so%2012.pdf');
    const fetched = await page.request.get(sinkServer.url + pdf!.slice(1));
    expect(fetched.status()).toBe(200);
    // The long code line scrolls inside its own box.
    const pre = await page.locator('.body pre').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }));
    expect(pre.scroll).toBeGreaterThan(pre.client);
    expect(pre.overflow).toBe('auto');
    // At 375 px each document is a card: the summary is read across the width, not a word per line.
    const summary = await page.locator('.doc-table td[data-label="Trích yếu"]').boundingBox();
    expect(summary!.width).toBeGreaterThan(280);
    expect(summary!.height).toBeLessThan(200);
    await close(page);
  });

  it('should list "Tin khác" newest first', async () => {
    const { page } = await open(1280);
    await page.goto(urlOf(TARGETS[2]!));
    const dates = await page.$$eval('.related time', (times) => times.map((t) => Date.parse(t.getAttribute('datetime')!)));
    expect(dates.length).toBeGreaterThan(2);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    await close(page);
  });

  it('should not repeat its own category on every item of a category page, and keep it on the home page', async () => {
    const { page } = await open(1280);
    await page.goto(urlOf(TARGETS[1]!));
    await expect(page.locator('.article-list .article-item').count()).resolves.toBeGreaterThan(1);
    await expect(page.locator('.article-list .meta-category').count()).resolves.toBe(0);
    await page.goto(urlOf(TARGETS[0]!));
    await expect(page.locator('.article-list .meta-category').count()).resolves.toBeGreaterThan(0);
    await close(page);
  });

  for (const width of [320, 375]) {
    it(`should keep each breadcrumb "›" with its item at the largest text size, at ${width} px`, async () => {
      const { page } = await open(width);
      await page.addInitScript(() => localStorage.setItem('bantin-text-size', '150'));
      for (const t of ARTICLES) {
        await page.goto(urlOf(t));
        await expect(page.evaluate(() => document.documentElement.style.fontSize)).resolves.toBe('150%');
        const lone = await page.$$eval('.breadcrumb li + li', (lis) =>
          lis
            .map((li) => {
              // The first character of the item against the line of its "›" (the item's own top).
              const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
              const text = walker.nextNode() as Text;
              const range = document.createRange();
              range.setStart(text, 0);
              range.setEnd(text, 1);
              const gap = range.getBoundingClientRect().top - li.getBoundingClientRect().top;
              return { text: li.textContent, gap, line: parseFloat(getComputedStyle(li).fontSize) };
            })
            .filter((x) => x.gap > x.line / 2),
        );
        expect(lone, t.name).toEqual([]);
        await page.locator('.breadcrumb').screenshot({ path: path.join(SHOTS, `breadcrumb-150-${t.name}-${width}.png`) });
      }
      await close(page);
    });
  }
});

describe('html-validate', () => {
  it('should pass the repository configuration on every page of both sites', async () => {
    const config = JSON.parse(await readFile(path.join(REPO, '.htmlvalidate.json'), 'utf8')) as ConfigData;
    const validator = new HtmlValidate(new StaticConfigLoader(config));
    const problems: string[] = [];
    let pages = 0;
    for (const dir of [sample.dir, sink.dir]) {
      for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
        const file = path.join(entry.parentPath, entry.name);
        const report = await validator.validateString(await readFile(file, 'utf8'), file);
        pages++;
        for (const r of report.results) for (const m of r.messages) problems.push(`${path.relative(dir, file)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
    }
    expect(pages).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });
});

/** Pages of a PDF that Chromium wrote: the /Count of its page tree root. */
function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
  if (counts.length === 0) throw new Error('no page tree in the PDF');
  return Math.max(...counts);
}

describe('print on A4', () => {
  // A4 at 96 px per inch, less the 1.5 cm margins of the print style: 680 × 1010 px of content.
  const PAGE = { width: 680, height: 1010 };

  for (const t of ARTICLES.filter((a) => a.name !== 'sample-notice')) {
    it(`should print ${t.name} with each photo at most half a page high`, async () => {
      const { page } = await open(PAGE.width, PAGE.height);
      await page.goto(urlOf(t), { waitUntil: 'networkidle' });
      await page.emulateMedia({ media: 'print' });
      const heights = await page.$$eval('.body img', (imgs) => imgs.map((img) => img.getBoundingClientRect().height));
      expect(heights.length, t.name).toBeGreaterThan(0);
      for (const h of heights) {
        expect(h).toBeGreaterThan(50);
        expect(h).toBeLessThanOrEqual(PAGE.height / 2);
      }
      const pdf = await page.pdf({ path: path.join(SHOTS, `${t.name}-print.pdf`), format: 'A4' });
      const pages = pdfPageCount(pdf);
      expect(pages).toBeGreaterThan(0);
      // The seed article (the reference page) fits on two sheets.
      if (t.name.endsWith('-seed')) expect(pages, t.name).toBeLessThanOrEqual(2);
      await close(page);
    });
  }
});
