/**
 * The default theme's measurable qualities on the built sample site: page weight, valid HTML,
 * every label in strings.yaml, no web fonts, no third-party resources, landmarks and headings.
 * The same qualities in a real browser are in test/browser/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HtmlValidate, StaticConfigLoader, type ConfigData } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { parseYaml } from '../src/text/yaml.js';
import { createMemoryLogger } from '../src/logger.js';
import { buildSampleSite, REPO, type BuiltSite } from './browser/sample-site.js';
import { createSite, FAKE_JPEG, md } from './helpers/site.js';

const THEME = path.join(REPO, 'templates');
const KB = 1024;

let site: BuiltSite;
/** Every HTML page of the built sample site: path relative to the output folder → text. */
const pages = new Map<string, string>();

async function walk(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await walk(dir, child)));
    else out.push(child);
  }
  return out.sort();
}

beforeAll(async () => {
  site = await buildSampleSite();
  // The redirect pages of old addresses (`aliases:`, listed in _redirects) are not theme pages.
  const redirects = new Set(
    (await readFile(path.join(site.dir, '_redirects'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((l) => l.startsWith('/'))
      .map((l) => {
        const from = decodeURIComponent(l.split(' ')[0]!.slice(1));
        return from.endsWith('/') ? `${from}index.html` : from;
      }),
  );
  for (const file of (await walk(site.dir)).filter((f) => f.endsWith('.html') && !redirects.has(f))) pages.set(file, await readFile(path.join(site.dir, file), 'utf8'));
}, 60_000);

afterAll(async () => {
  await site?.remove();
});

/** Article pages: `{category}/{slug}/index.html`, not list pages (`…/trang/2/`). */
const articlePages = () => [...pages.keys()].filter((p) => /^[^/]+\/[^/]+\/index\.html$/.test(p) && !p.startsWith('trang/') && !p.includes('/trang/'));

/** Local stylesheets and scripts a page loads, as paths under the output folder. */
function resourcesOf(html: string): string[] {
  const refs = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g), ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
  return refs.map((r) => decodeURI(r.replace(/^\//, '')));
}

describe('page weight of the default theme', () => {
  // 22 KB since issue 15: the phone layout of document tables (labelled cards), scroll boxes for
  // tables and code, and the print limits (+1.3 KB on top of the menus of issue 16); the 50 KB page
  // budget below is unchanged.
  it('should keep the stylesheet at or under 22 KB', async () => {
    const css = await stat(path.join(site.dir, 'assets', 'style.css'));
    expect(css.size).toBeLessThanOrEqual(22 * KB);
  });

  it('should keep every article page at or under 50 KB of HTML + CSS + JS, images aside', async () => {
    const articles = articlePages();
    expect(articles.length).toBeGreaterThanOrEqual(12);
    const weights: Record<string, number> = {};
    for (const file of articles) {
      const html = pages.get(file)!;
      const resources = resourcesOf(html);
      expect(resources, file).toEqual(expect.arrayContaining(['assets/style.css', 'assets/site.js']));
      let total = Buffer.byteLength(html);
      for (const r of resources) total += (await stat(path.join(site.dir, r))).size;
      weights[file] = total;
    }
    const heaviest = Math.max(...Object.values(weights));
    expect(heaviest, JSON.stringify(weights, null, 1)).toBeLessThanOrEqual(50 * KB);
  });
});

describe('HTML of every page', () => {
  it('should pass html-validate with the repository configuration (.htmlvalidate.json)', async () => {
    const config = JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')) as ConfigData;
    const validator = new HtmlValidate(new StaticConfigLoader(config));
    const problems: string[] = [];
    for (const [file, html] of pages) {
      const report = await validator.validateString(html, file);
      for (const result of report.results) {
        for (const m of result.messages) problems.push(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
    }
    expect(pages.size).toBeGreaterThanOrEqual(20);
    expect(problems).toEqual([]);
  });

  it('should give a reason in the README for every html-validate rule turned off or changed', () => {
    // JSON has no comments and html-validate refuses unknown keys: the reasons live in the README.
    const config = JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')) as { rules?: Record<string, unknown> };
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    for (const rule of Object.keys(config.rules ?? {})) expect(readme, rule).toMatch(new RegExp(`^\\s*- \`${rule}\`.{40,}`, 'm'));
  });

  it('should be in Vietnamese with a skip link, landmarks and exactly one <h1>', () => {
    for (const [file, html] of pages) {
      expect(html, file).toMatch(/<html lang="vi">/);
      expect(html, file).toMatch(/<a class="skip-link" href="#noi-dung">/);
      expect(html, file).toMatch(/<main id="noi-dung"/);
      for (const landmark of ['<header class="site-header">', '<nav class="site-nav" aria-label=', '<footer class="site-footer">']) expect(html, file).toContain(landmark);
      expect((html.match(/<h1[\s>]/g) ?? []).length, file).toBe(1);
      expect(html, file).toMatch(/<meta name="description" content="[^"]+">/);
      expect(html, file).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
    }
  });

  it('should show a breadcrumb on every page but the first home page', () => {
    for (const [file, html] of pages) {
      const has = html.includes('<nav class="breadcrumb');
      expect(has, file).toBe(file !== 'index.html');
      if (has) expect(html, file).toMatch(/<nav class="breadcrumb[^>]*>\s*<ol><li><a href="\/">Trang chủ<\/a><\/li>/);
    }
  });

  it('should load no script, stylesheet, font or image from another site', () => {
    for (const [file, html] of pages) {
      const external = [...html.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="((?:https?:)?\/\/[^"]+)"/g)].map((m) => m[1]);
      expect(external, file).toEqual([]);
    }
  });
});

describe('the theme files', () => {
  const hbs: Array<[string, string]> = [];
  const collect = (rel: string) => {
    for (const entry of readdirSync(path.join(THEME, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) collect(child);
      else if (child.endsWith('.hbs')) hbs.push([child, readFileSync(path.join(THEME, child), 'utf8')]);
    }
  };
  collect('');
  const strings = parseYaml(readFileSync(path.join(THEME, 'strings.yaml'), 'utf8'), 'strings.yaml').value as Record<string, string>;
  const css = readFileSync(path.join(THEME, 'assets', 'style.css'), 'utf8');
  const js = readFileSync(path.join(THEME, 'assets', 'site.js'), 'utf8');

  it('should have every visible label in strings.yaml: no words written in the templates themselves', () => {
    for (const [name, text] of hbs) {
      const visible = text
        .replace(/\{\{!--[\s\S]*?--\}\}/g, '')
        .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/g, '')
        .replace(/\{\{[\s\S]*?\}\}/g, '')
        .replace(/<[^>]*>/g, '');
      expect(visible.match(/\p{L}[\p{L}\d]*/gu) ?? [], name).toEqual([]);
      // Labels in attributes (for screen readers, tooltips, the script) come from strings.yaml too.
      const attributes = [...text.replace(/\{\{[\s\S]*?\}\}/g, '').matchAll(/\s(aria-(?:label|description|roledescription|valuetext|placeholder)|title|alt|placeholder|data-[\w-]+)="([^"]*)"/g)]
        .filter(([, attr, value]) => attr !== 'data-share-base' && /\p{L}/u.test(value!))
        .map(([whole]) => whole.trim());
      expect(attributes, name).toEqual([]);
    }
  });

  it('should use every label of strings.yaml, and have every label a template asks for', () => {
    const used = new Set(hbs.flatMap(([, text]) => [...text.matchAll(/\{\{t "([^"]+)"\}\}/g)].map((m) => m[1]!)));
    expect([...used].filter((k) => !(k in strings))).toEqual([]);
    expect(Object.keys(strings).filter((k) => !used.has(k))).toEqual([]);
  });

  it('should need no web font: a system font stack that carries Vietnamese, no @font-face', () => {
    expect(css).not.toMatch(/@font-face|@import|url\(\s*['"]?(https?:)?\/\//);
    expect(css).toMatch(/--sans:[^;]*"Segoe UI"[^;]*Roboto[^;]*"Noto Sans"[^;]*sans-serif;/);
  });

  it('should print without navigation, footer or buttons, and with where the article comes from', () => {
    const print = css.slice(css.indexOf('@media print'));
    for (const selector of ['.site-nav', '.site-footer', '.tools', '.share', 'button']) expect(print).toContain(selector);
    expect(print).toMatch(/\.print-source \{\s*display: block;/);
  });

  it('should keep the script small, strict and free of third-party code', () => {
    expect(Buffer.byteLength(js)).toBeLessThanOrEqual(8 * KB);
    expect(js).toContain("'use strict'");
    expect(js).not.toMatch(/\bimport\b|\bfetch\(|XMLHttpRequest|document\.write|https?:\/\/(?!www\.facebook\.com|zalo\.me)/);
    // Labels the script shows come from data- attributes, never from the script itself.
    expect(js.match(/'[^']*[À-ỹ][^']*'/g) ?? []).toEqual([]);
  });
});

describe('the header and footer of other sites', () => {
  const article = md({ title: 'Họp dân tổ 3', date: '2024-05-01', author: 'An', category: 'Thông báo' });

  async function buildHome(files: Record<string, string | Uint8Array>): Promise<string> {
    const tmp = await createSite(files);
    try {
      const logger = createMemoryLogger();
      expect(await run(['build', '--root', tmp.root], logger), logger.text()).toBe(0);
      return await tmp.read('dist/index.html');
    } finally {
      await tmp.cleanup();
    }
  }

  it('should show the logo of bantin.yaml in the emblem slot, with a tel: link made from the phone number', async () => {
    const html = await buildHome({
      'bantin.yaml': 'organization:\n  name: UBND xã Hòa Bình\n  logo: anh/logo.png\n  phone: "(0255) 3822.123"\n',
      'content/anh/logo.png': FAKE_JPEG,
      'content/a.md': article,
    });
    expect(html).toMatch(/<a class="brand" href="\/">\s*<img class="logo" src="\/anh\/logo.png" alt="" width="64" height="64">/);
    expect(html).not.toContain('<svg class="logo"');
    expect(html).toContain('<a class="phone" href="tel:02553822123">(0255) 3822.123</a>');
  });

  it('should show a neutral emblem without a logo, and the site title where the organisation has no name', async () => {
    const html = await buildHome({ 'bantin.yaml': 'title: Bản tin xã Hòa Bình\n', 'content/a.md': article });
    expect(html).toMatch(/<a class="brand" href="\/">\s*<svg class="logo"[^>]*aria-hidden="true"/);
    expect(html).not.toContain('brand-org');
    expect(html).toContain('<p class="org-name">Bản tin xã Hòa Bình</p>');
    expect(html).not.toContain('tel:');
  });

  it('should write canonical and preview addresses only under an absolute baseUrl', async () => {
    const relative = await buildHome({ 'content/a.md': article });
    expect(relative).not.toMatch(/rel="canonical"|og:url|og:image/);
    const absolute = await buildHome({ 'bantin.yaml': 'baseUrl: https://hoabinh.gov.vn/\n', 'content/a.md': article });
    expect(absolute).toContain('<link rel="canonical" href="https://hoabinh.gov.vn/">');
    expect(absolute).toContain('<meta property="og:url" content="https://hoabinh.gov.vn/">');
  });
});
