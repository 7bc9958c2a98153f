/**
 * The sample site's output has no broken internal link: checked offline from the files, and by
 * linkinator 7 crawling it over a local server. (html-validate runs in the theme's own tests.)
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { check, LinkState } from 'linkinator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, NOW, readTree, REPO } from './helpers.js';

let work: string;
let out: string;
let pages: Map<string, string>;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'bantin-links-'));
  out = path.join(work, 'dist');
  const { code, text } = await cli(['build', '--root', REPO, '--out', out, '--now', NOW, '--no-cache', '--threads', '1']);
  expect(code, text).toBe(0);
  pages = new Map([...(await readTree(out))].filter(([file]) => file.endsWith('.html')));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Attribute values as the browser reads them (the pages quote every attribute with "). */
const attr = (raw: string) => raw.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Ids in a page, for checking `#fragment` links. */
function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => attr(m[1]!)));
}

/** Every href, src and srcset URL of a page. */
function refsOf(html: string): string[] {
  const refs = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => attr(m[1]!));
  for (const m of html.matchAll(/\ssrcset="([^"]*)"/g)) refs.push(...attr(m[1]!).split(',').map((s) => s.trim().split(/\s+/)[0]!));
  return refs;
}

/** The output file a site path leads to: the file itself or the folder's index.html. */
function fileFor(sitePath: string): string | undefined {
  const abs = path.join(out, ...decodeURIComponent(sitePath).split('/').filter(Boolean));
  if (!abs.startsWith(out)) return undefined;
  if (existsSync(abs) && statSync(abs).isFile()) return abs;
  const index = path.join(abs, 'index.html');
  return existsSync(index) ? index : undefined;
}

describe('links in the built sample site', () => {
  it('should have every internal href and src lead to a file, and every #fragment to an id', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const [file, html] of pages) {
      const pageUrl = new URL(`http://site/${file.replace(/index\.html$/, '')}`);
      {
        for (const ref of refsOf(html)) {
          if (ref === '' || /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) continue;
          const url = new URL(ref, pageUrl);
          if (url.host !== 'site') continue;
          checked++;
          const target = fileFor(url.pathname);
          if (target === undefined) {
            broken.push(`${file}: ${ref}`);
            continue;
          }
          if (url.hash && target.endsWith('.html')) {
            const targetHtml = pages.get(path.relative(out, target).split(path.sep).join('/'))!;
            if (!idsOf(targetHtml).has(decodeURIComponent(url.hash.slice(1)))) broken.push(`${file}: ${ref} (no such id)`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('should give linkinator 0 broken links crawling the site from its home page', async () => {
    const result = await check({
      path: out,
      recurse: true,
      concurrency: 20,
      timeout: 10_000,
      // Offline: only the local server's own links are followed.
      linksToSkip: async (link) => !/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(link),
    });
    const broken = result.links.filter((l) => l.state === LinkState.BROKEN).map((l) => `${l.parent} → ${l.url} (${l.status})`);
    expect(broken).toEqual([]);
    expect(result.links.filter((l) => l.state === LinkState.OK).length).toBeGreaterThan(50);
  });
});
